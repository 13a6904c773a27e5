package un

import (
	"bytes"
	"compress/gzip"
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

const fixture = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T03:04:05.000Z">
<INDIVIDUALS>
<INDIVIDUAL>
  <FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME> SOLEIMANI </SECOND_NAME>
  <UN_LIST_TYPE>Iran</UN_LIST_TYPE><REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER>
  <LISTED_ON>2007-03-24</LISTED_ON>
  <COMMENTS1>Commander. See also IRi.040.</COMMENTS1>
  <NEW_ELEMENT_FROM_THE_FUTURE><X>1</X></NEW_ELEMENT_FROM_THE_FUTURE>
  <TITLE><VALUE>General</VALUE></TITLE>
  <DESIGNATION><VALUE>Commander of Qods force</VALUE></DESIGNATION>
  <NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE><VALUE>Atlantis</VALUE></NATIONALITY>
  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Qasim Soleimani; Kasim Sulaimani</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Haj Qasem</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1957-03-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1958</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1959</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Qom</CITY><COUNTRY>Iran (Islamic Republic of)</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>
  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>008827</NUMBER><COUNTRY_OF_ISSUE>Iran (Islamic Republic of)</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>
  <NAME_ORIGINAL_SCRIPT>قاسم سلیمانی</NAME_ORIGINAL_SCRIPT>
</INDIVIDUAL>
</INDIVIDUALS>
<ENTITIES>
<ENTITY>
  <FIRST_NAME>AL-KHAIR BANK</FIRST_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYe.001</REFERENCE_NUMBER>
  <LISTED_ON>2011-03-17</LISTED_ON><COMMENTS1>Listed pursuant to paragraph 17 of resolution 1970 (Asset Freeze). Amended on 5 Sept. 2012.</COMMENTS1>
  <LAST_DAY_UPDATED><VALUE>2016-11-11</VALUE><VALUE>2012-04-02</VALUE><VALUE>2016-11-11</VALUE></LAST_DAY_UPDATED>
  <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>OLD BANK</ALIAS_NAME></ENTITY_ALIAS>
  <ENTITY_ADDRESS><STREET>1 Road</STREET><CITY>Tripoli</CITY><COUNTRY>Libya</COUNTRY></ENTITY_ADDRESS>
</ENTITY>
</ENTITIES>
</CONSOLIDATED_LIST>`

func readAll(t testing.TB, r io.Reader) ([]*lists.Subject, *Reader) {
	t.Helper()
	rd, err := NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	out, err := lists.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return out, rd
}

func TestParseFixture(t *testing.T) {
	subs, rd := readAll(t, strings.NewReader(fixture))
	if got := rd.GeneratedAt().Format("2006-01-02"); got != "2026-01-02" {
		t.Errorf("GeneratedAt = %s", got)
	}
	if len(subs) != 2 {
		t.Fatalf("got %d subjects", len(subs))
	}
	s := subs[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", s.ID, lists.SubjectID("un:IRi.039")},
		{"kind", s.Kind, lists.KindPerson},
		{"primary", s.PrimaryName(), "QASEM SOLEIMANI"},
		{"names", len(s.Names), 5},
		{"weak", s.Names[3].Role, lists.RoleWeakAlias},
		{"script", s.Names[4].Script, "Arabic"},
		{"role script", s.Names[4].Role, lists.RoleOriginalScript},
		{"nationality", strings.Join(s.Nationalities, ","), "IR"},
		{"unmapped", strings.Join(s.UnmappedCountries, ","), "Atlantis"},
		{"dob", s.BirthDates[0], lists.BirthDate{Date: "1957-03-11", Precision: lists.PrecisionDay}},
		{"dob approx", s.BirthDates[1], lists.BirthDate{Date: "1958", Precision: lists.PrecisionYear, Approximate: true}},
		{"dob range", s.BirthDates[2], lists.BirthDate{Precision: lists.PrecisionRange, FromYear: 1955, ToYear: 1959}},
		{"pob", s.BirthPlaces[0], lists.Place{City: "Qom", Country: "IR", CountryName: "Iran (Islamic Republic of)"}},
		{"passport", s.Documents[0].Number + "/" + s.Documents[0].Country, "008827/IR"},
		{"program", strings.Join(s.Programs, ","), "iran"},
		{"title", strings.Join(s.Titles, ","), "General"},
		{"link", s.Links[0].Target, lists.SubjectID("un:IRi.040")},
		{"entity kind", subs[1].Kind, lists.KindOrganization},
		{"entity measures", subs[1].Measures, []lists.Measure{lists.MeasureAssetFreeze}},
		{"fka", subs[1].Names[1].Role, lists.RoleFormerName},
		{"address", subs[1].Addresses[0].Country, "LY"},
		{"no amendment", len(s.Amended), 0},
		{"amended", strings.Join(subs[1].Amended, ","), "2012-04-02,2012-09-05,2016-11-11"},
	}
	for _, c := range checks {
		if !equal(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func equal(a, b any) bool {
	am, aok := a.([]lists.Measure)
	bm, bok := b.([]lists.Measure)
	if aok && bok {
		return slices.Equal(am, bm)
	}
	return a == b
}

func TestMeasures(t *testing.T) {
	tests := []struct {
		in   string
		want []lists.Measure
	}{
		{"Listed pursuant to paragraph 15 of resolution 1970 (Travel Ban).", []lists.Measure{lists.MeasureTravelBan}},
		{"paragraph 17 (Asset Freeze)", []lists.Measure{lists.MeasureAssetFreeze}},
		{"(Travel Ban, Asset Freeze)", []lists.Measure{lists.MeasureTravelBan, lists.MeasureAssetFreeze}},
		{"(Travel Ban). Listed on 17 March 2011 pursuant to paragraph 17 of resolution 1970 (Asset\nFreeze).", []lists.Measure{lists.MeasureTravelBan, lists.MeasureAssetFreeze}},
		{"Commander of Qods force", nil},
	}
	for _, tt := range tests {
		if got := Measures(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Measures(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"truncated", fixture[:len(fixture)/2], "unexpected EOF"},
		{"not xml root", `<?xml version="1.0"?><FOO/>`, "want <CONSOLIDATED_LIST>"},
		{"bad date", `<CONSOLIDATED_LIST dateGenerated="yesterday"/>`, "dateGenerated"},
		{"no ref", `<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`, "REFERENCE_NUMBER"},
		{"bad amendment date", `<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER><LAST_DAY_UPDATED><VALUE>11/11/2016</VALUE></LAST_DAY_UPDATED></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`, `XXi.001: LAST_DAY_UPDATED "11/11/2016" is not a date`},
		{"invalid utf8", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>\xff\xfe</FIRST_NAME>", "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.in))
			for err == nil {
				_, err = rd.Next()
			}
			if err == io.EOF || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func FuzzReader(f *testing.F) {
	limitstest.AddSeeds(f, fixture, fixture[:300])
	f.Fuzz(func(t *testing.T, data string) {
		r, ok := limitstest.Unpack(data)
		if !ok {
			return
		}
		rd, err := NewReader(r)
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
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

// open reads a plain or gzipped snapshot.
func open(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// TestRealSnapshots parses every UN snapshot and checks the counts against
// a plain count of the INDIVIDUAL and ENTITY start tags.
func TestRealSnapshots(t *testing.T) {
	dir := realdata.Path(t, "lists", "un")
	files, _ := filepath.Glob(filepath.Join(dir, "consolidated-*.xml*"))
	if len(files) < 10 {
		t.Fatalf("found %d UN snapshots, want at least 10", len(files))
	}
	unmapped := map[string]int{}
	for _, f := range files {
		raw := open(t, f)
		wantInd := bytes.Count(raw, []byte("<INDIVIDUAL>"))
		wantEnt := bytes.Count(raw, []byte("<ENTITY>"))
		subs, rd := readAll(t, bytes.NewReader(raw))
		var ind, ent int
		for _, s := range subs {
			if s.Kind == lists.KindPerson {
				ind++
			} else {
				ent++
			}
			for _, u := range s.UnmappedCountries {
				unmapped[u]++
			}
		}
		if ind != wantInd || ent != wantEnt {
			t.Errorf("%s: %d individuals and %d entities, want %d and %d", filepath.Base(f), ind, ent, wantInd, wantEnt)
		}
		if rd.GeneratedAt().IsZero() {
			t.Errorf("%s: no dateGenerated", filepath.Base(f))
		}
	}
	t.Logf("country names left unmapped (kept verbatim): %v", unmapped)
}

// TestRealAmendments reads the amendment dates that date Aisha Qadhafi's
// lifted travel ban (LYi.009, 16 Oct 2023) from the 2024 snapshot, and
// the old layout's newest-first order from 2017.
func TestRealAmendments(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"consolidated-2017-07-03.xml.gz", "2012-04-02,2013-03-21,2014-09-26,2016-11-11"},
		{"consolidated-2024-09-26.xml.gz", "2012-04-02,2013-03-21,2014-09-26,2016-11-11,2020-02-25,2023-10-16"},
	} {
		subs, _ := readAll(t, bytes.NewReader(open(t, realdata.Path(t, "lists", "un", tt.file))))
		i := slices.IndexFunc(subs, func(s *lists.Subject) bool { return s.ID == "un:LYi.009" })
		if i < 0 {
			t.Fatalf("%s: LYi.009 not found", tt.file)
		}
		if got := strings.Join(subs[i].Amended, ","); got != tt.want {
			t.Errorf("%s: LYi.009 amended %s, want %s", tt.file, got, tt.want)
		}
	}
}

func TestRealSoleimani(t *testing.T) {
	path := realdata.Path(t, "lists", "un", "consolidated-2026-05-08.xml")
	subs, _ := readAll(t, bytes.NewReader(open(t, path)))
	var s *lists.Subject
	for _, x := range subs {
		if x.ID == "un:IRi.039" {
			s = x
		}
	}
	if s == nil {
		t.Fatal("IRi.039 not found")
	}
	roles := map[lists.NameRole]int{}
	for _, n := range s.Names {
		roles[n.Role]++
	}
	if roles[lists.RolePrimary] != 1 || roles[lists.RoleStrongAlias] != 8 || roles[lists.RoleWeakAlias] != 3 {
		t.Errorf("names by role = %v, want 1 primary, 8 strong, 3 weak", roles)
	}
	if len(s.BirthDates) != 1 || s.BirthDates[0].Date != "1957-03-11" {
		t.Errorf("birth dates = %+v", s.BirthDates)
	}
	if len(s.Documents) != 1 || s.Documents[0].Number != "008827" {
		t.Errorf("documents = %+v", s.Documents)
	}
	if len(s.BirthPlaces) != 1 || s.BirthPlaces[0].City != "Qom" {
		t.Errorf("birth places = %+v", s.BirthPlaces)
	}
	if !slices.Equal(s.Programs, []string{"iran"}) {
		t.Errorf("programs = %v", s.Programs)
	}
}
