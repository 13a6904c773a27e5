package ofac

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
)

const sdnFixture = "10481,\"SOLEIMANI, Qasem\",\"individual\",\"SDGT] [IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 11 Mar 1957; POB Qom, Iran; nationality Iran; citizen Iran; Diplomatic Passport 008827 (Iran) issued 1999; Gender Male; a.k.a. 'HAJ QASEM'; Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE.\"\r\n" +
	"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"National ID No. 12\"\r\n" +
	"9000,\"SEA STAR\",\"vessel\",\"IRAN\",-0- ,\"9HXY\",\"Tanker\",-0- ,-0- ,\"Malta\",-0- ,\"Vessel Registration Identification IMO 9123456\"\r\n" +
	"\x1a\r\n"

const altFixture = "10481,1,\"aka\",\"SOLEYMANI, Ghasem\",-0- \r\n306,2,\"fka\",\"OLD BANK\",-0- \r\n"
const addFixture = "306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \r\n"
const commentsFixture = "306,\" continued remark.\"\r\n99999,\"orphan\"\r\n"

func parse(t testing.TB, f Files) []*lists.Subject {
	t.Helper()
	rd, err := NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := lists.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseFixture(t *testing.T) {
	subs := parse(t, Files{SDN: strings.NewReader(sdnFixture), Alt: strings.NewReader(altFixture), Add: strings.NewReader(addFixture), Comments: strings.NewReader(commentsFixture)})
	if len(subs) != 3 {
		t.Fatalf("got %d subjects", len(subs))
	}
	q, bank, ship := subs[0], subs[1], subs[2]
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", q.ID, lists.SubjectID("ofac:10481")},
		{"kind", q.Kind, lists.KindPerson},
		{"names", len(q.Names), 3},
		{"alias", q.Names[1].Full, "SOLEYMANI, Ghasem"},
		{"weak", q.Names[2].Role, lists.RoleWeakAlias},
		{"parts", q.Names[0].Parts[0].Value, "SOLEIMANI"},
		{"dob", q.BirthDates[0].Date, "1957-03-11"},
		{"pob", q.BirthPlaces[0].City + "/" + q.BirthPlaces[0].Country, "Qom/IR"},
		{"nationality", strings.Join(q.Nationalities, ","), "IR"},
		{"citizenship", strings.Join(q.Citizenships, ","), "IR"},
		{"passport", q.Documents[0].Type + " " + q.Documents[0].Number + " " + q.Documents[0].Country + " " + q.Documents[0].Note, "Diplomatic Passport 008827 IR issued 1999"},
		{"gender", q.Gender, "Male"},
		{"link", q.Links[0].Name, "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"},
		{"programs", strings.Join(q.Programs, ","), "SDGT,IRGC"},
		{"bank kind", bank.Kind, lists.KindOrganization},
		{"fka", bank.Names[1].Role, lists.RoleFormerName},
		{"address", bank.Addresses[0].Country, "CH"},
		{"comments", strings.HasSuffix(bank.Remarks, "continued remark."), true},
		{"vessel", ship.Kind, lists.KindVessel},
		{"flag", ship.VesselInfo["flag"], "Malta"},
		{"imo", ship.Documents[0].Number, "IMO 9123456"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestParseDOB(t *testing.T) {
	tests := []struct {
		in   string
		want lists.BirthDate
	}{
		{"11 Mar 1957", lists.BirthDate{Date: "1957-03-11", Precision: lists.PrecisionDay}},
		{"Mar 1957", lists.BirthDate{Date: "1957-03", Precision: lists.PrecisionMonth}},
		{"1957", lists.BirthDate{Date: "1957", Precision: lists.PrecisionYear}},
		{"circa 1957", lists.BirthDate{Date: "1957", Precision: lists.PrecisionYear, Approximate: true}},
		{"1955 to 1960", lists.BirthDate{Precision: lists.PrecisionRange, FromYear: 1955, ToYear: 1960}},
		{"01 Jan 1960 to 31 Dec 1962", lists.BirthDate{Precision: lists.PrecisionRange, FromYear: 1960, ToYear: 1962, Text: "01 Jan 1960 to 31 Dec 1962"}},
		{"sometime", lists.BirthDate{Precision: lists.PrecisionUnkown, Text: "sometime"}},
	}
	for _, tt := range tests {
		got, ok := ParseDOB(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ParseDOB(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name string
		f    Files
		want string
	}{
		{"wrong column count", Files{SDN: strings.NewReader("1,\"A\",-0-\r\n")}, "sdn.csv: line 1: 3 columns, want 12"},
		{"broken quote", Files{SDN: strings.NewReader(sdnFixture[:40] + "\"x\"y\r\n")}, "sdn.csv"},
		{"invalid utf8", Files{SDN: strings.NewReader("1,\"A\xff\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")}, "invalid UTF-8"},
		{"bad alt", Files{SDN: strings.NewReader(sdnFixture), Alt: strings.NewReader("1,2\r\n"), AltName: "alt.csv"}, "alt.csv: line 1: 2 columns, want 5"},
		{"no name", Files{SDN: strings.NewReader("1,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")}, "has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(tt.f)
			for err == nil {
				_, err = rd.Next()
			}
			if err == io.EOF || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func FuzzRemarks(f *testing.F) {
	f.Add("DOB 11 Mar 1957; POB Qom, Iran; Passport 008827 (Iran) issued 1999; a.k.a. 'X'")
	f.Add("alt. DOB circa 1960 to 1962; Linked To: ; nationality")
	f.Fuzz(func(t *testing.T, remarks string) {
		s := &lists.Subject{}
		ParseRemarks(remarks, s)
		for _, d := range s.Documents {
			if d.Number == "" {
				t.Fatalf("document without number from %q", remarks)
			}
		}
	})
}

func FuzzReader(f *testing.F) {
	f.Add([]byte(sdnFixture), []byte(altFixture))
	f.Add([]byte("1,\"A\",,,,,,,,,,\n"), []byte(""))
	f.Add(limitstest.GzipString(sdnFixture), limitstest.GzipString(altFixture))
	f.Fuzz(func(t *testing.T, sdn, alt []byte) {
		sdnR, ok1 := limitstest.Unpack(string(sdn))
		altR, ok2 := limitstest.Unpack(string(alt))
		if !ok1 || !ok2 {
			return
		}
		rd, err := NewReader(Files{SDN: sdnR, Alt: altR})
		if err != nil {
			return
		}
		for range 10000 {
			s, err := rd.Next()
			if err != nil {
				return
			}
			if s.ID == "" || len(s.Names) == 0 {
				t.Fatalf("subject without ID or name: %+v", s)
			}
		}
	})
}

// countRecords counts data records with a plain CSV reader, independently
// of the parser: every record but OFAC's one-field EOF marker.
func countRecords(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) > 1 {
			n++
		}
	}
}

func TestRealSets(t *testing.T) {
	for _, set := range []string{"sdn-csv-2023-12-28", "sdn-csv-2019-01-15"} {
		t.Run(set, func(t *testing.T) {
			dir := realdata.Path(t, "lists", "ofac", set)
			open := func(name string) io.Reader {
				f, err := os.Open(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { f.Close() })
				return f
			}
			subs := parse(t, Files{SDN: open("sdn.csv"), Alt: open("alt.csv"), Add: open("add.csv"), Comments: open("sdn_comments.csv")})
			if want := countRecords(t, filepath.Join(dir, "sdn.csv")); len(subs) != want {
				t.Errorf("%d subjects, want %d", len(subs), want)
			}
			aliases := 0
			for _, s := range subs {
				for _, n := range s.Names {
					if n.Role == lists.RoleStrongAlias || n.Role == lists.RoleFormerName {
						aliases++
					}
				}
			}
			if want := countRecords(t, filepath.Join(dir, "alt.csv")); aliases < want {
				t.Errorf("%d aliases from alt.csv, want %d", aliases, want)
			}
			if set == "sdn-csv-2023-12-28" {
				i := slices.IndexFunc(subs, func(s *lists.Subject) bool { return s.ID == "ofac:10481" })
				if i < 0 {
					t.Fatal("ofac:10481 missing")
				}
				s := subs[i]
				if s.BirthDates[0].Date != "1957-03-11" || s.Documents[0].Number != "008827" || s.Nationalities[0] != "IR" {
					t.Errorf("ofac:10481 = %+v", s)
				}
			}
		})
	}
}
