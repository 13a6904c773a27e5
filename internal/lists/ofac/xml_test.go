package ofac

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
)

func parseXML(r io.Reader, src lists.Source) ([]*lists.Subject, error) {
	rd, err := NewXMLReader(r, src)
	if err != nil {
		return nil, err
	}
	return lists.ReadAll(rd)
}

// TestXMLAgainstCSV reads one publication of the Consolidated list in its
// two formats (XML of 12/18/2025, CSV committed 2025-12-19): the same
// entries must come out with the same names, programmes and addresses.
func TestXMLAgainstCSV(t *testing.T) {
	f, err := os.Open(realdata.Path(t, "lists", "ofac", "non-sdn", "consolidated-2025-12-18.xml.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	fromXML, err := parseXML(zr, lists.SourceOFACCons)
	if err != nil {
		t.Fatal(err)
	}
	dir := realdata.Path(t, "lists", "ofac", "non-sdn", "csv-2025-12-19")
	in := Files{Source: lists.SourceOFACCons}
	for name, r := range map[string]*io.Reader{"cons_prim.csv": &in.SDN, "cons_alt.csv": &in.Alt, "cons_add.csv": &in.Add, "cons_comments.csv": &in.Comments} {
		fh, err := os.Open(dir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		*r = fh
	}
	fromCSV := parse(t, in)
	if len(fromXML) != 442 || len(fromCSV) != 442 {
		t.Fatalf("%d entries from XML, %d from CSV, want 442 each", len(fromXML), len(fromCSV))
	}
	csvByID := map[lists.SubjectID]*lists.Subject{}
	for _, s := range fromCSV {
		csvByID[s.ID] = s
	}
	for _, x := range fromXML {
		c := csvByID[x.ID]
		if c == nil {
			t.Errorf("%s is in the XML only", x.ID)
			continue
		}
		if x.PrimaryName() != c.PrimaryName() || x.Kind != c.Kind {
			t.Errorf("%s: XML %q (%s), CSV %q (%s)", x.ID, x.PrimaryName(), x.Kind, c.PrimaryName(), c.Kind)
		}
		if !slices.Equal(slices.Sorted(slices.Values(x.Programs)), slices.Sorted(slices.Values(c.Programs))) {
			t.Errorf("%s: programmes XML %v, CSV %v", x.ID, x.Programs, c.Programs)
		}
		if len(x.Names) != len(c.Names) {
			t.Errorf("%s: %d names from XML, %d from CSV", x.ID, len(x.Names), len(c.Names))
		}
		if len(x.Addresses) != len(c.Addresses) {
			t.Errorf("%s: %d addresses from XML, %d from CSV", x.ID, len(x.Addresses), len(c.Addresses))
		}
		if len(x.Measures) != 0 || len(c.Measures) != 0 {
			t.Errorf("%s: the non-SDN lists block nothing, got %v / %v", x.ID, x.Measures, c.Measures)
		}
	}
}

// TestXMLRealFile checks the newest file against a plain token walk.
func TestXMLRealFile(t *testing.T) {
	b, err := os.ReadFile(realdata.Path(t, "lists", "ofac", "non-sdn", "consolidated-2026-01-08.xml"))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := NewXMLReader(bytes.NewReader(b), lists.SourceOFACCons)
	if err != nil {
		t.Fatal(err)
	}
	if got := rd.GeneratedAt().Format("2006-01-02"); got != "2026-01-08" {
		t.Errorf("Publish_Date read as %s", got)
	}
	subs, err := parseXML(bytes.NewReader(b), lists.SourceOFACCons)
	if err != nil {
		t.Fatal(err)
	}
	raw := realdata.XMLRecords(t, bytes.NewReader(b), "sdnEntry")
	if len(raw) != len(subs) {
		t.Fatalf("%d subjects, %d entries", len(subs), len(raw))
	}
	filled := map[string]bool{}
	for i, s := range subs {
		r := raw[i]
		if s.SourceID != r["uid"][0] {
			t.Fatalf("entry %d: uid %s, file %s", i, s.SourceID, r["uid"][0])
		}
		if n := len(r["akaList/aka/uid"]); len(s.Names) != n+1 {
			t.Errorf("%s: %d names, file has 1 + %d aka", s.ID, len(s.Names), n)
		}
		for _, num := range r["idList/id/idNumber"] {
			num = clean(num)
			inDocs := slices.ContainsFunc(s.Documents, func(d lists.Document) bool { return d.Number == num })
			if !inDocs && !strings.Contains(s.Remarks, num) && s.Gender != num {
				t.Errorf("%s: id %q neither a document nor in the remarks", s.ID, num)
			}
		}
		if n := len(r["dateOfBirthList/dateOfBirthItem/dateOfBirth"]); n != len(s.BirthDates) {
			t.Errorf("%s: %d birth dates, file %d", s.ID, len(s.BirthDates), n)
		}
		if !slices.Equal(s.Programs, r["programList/program"]) {
			t.Errorf("%s: programmes %v, file %v", s.ID, s.Programs, r["programList/program"])
		}
		for slot, ok := range map[string]bool{
			"documents": len(s.Documents) > 0, "addresses": len(s.Addresses) > 0, "birth dates": len(s.BirthDates) > 0,
			"birthplaces": len(s.BirthPlaces) > 0, "nationalities": len(s.Nationalities) > 0, "remarks": s.Remarks != "",
			"former name": slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleFormerName }),
			"weak alias":  slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleWeakAlias }),
		} {
			filled[slot] = filled[slot] || ok
		}
	}
	for slot, ok := range filled {
		if !ok {
			t.Errorf("no subject has %s", slot)
		}
	}
}

func TestXMLErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"wrong root", `<CONSOLIDATED_LIST/>`, "root element"},
		{"bad date", `<sdnList><publshInformation><Publish_Date>2026-01-08</Publish_Date></publshInformation></sdnList>`, "Publish_Date"},
		{"no uid", `<sdnList><sdnEntry><lastName>X</lastName></sdnEntry></sdnList>`, "uid is empty"},
		{"no name", `<sdnList><sdnEntry><uid>1</uid></sdnEntry></sdnList>`, "has no name"},
		{"truncated", `<sdnList><sdnEntry><uid>1</uid><lastName>X`, "unexpected EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseXML(strings.NewReader(tc.in), lists.SourceOFAC)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzXMLReader(f *testing.F) {
	limitstest.AddSeeds(f, `<sdnList><publshInformation><Publish_Date>01/08/2026</Publish_Date></publshInformation><sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Individual</sdnType><idList><id><idType>Gender</idType><idNumber>Male</idNumber></id></idList><dateOfBirthList><dateOfBirthItem><dateOfBirth>circa 1960</dateOfBirth></dateOfBirthItem></dateOfBirthList></sdnEntry></sdnList>`)
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		subs, err := parseXML(r, lists.SourceOFAC)
		if err != nil {
			return
		}
		for _, s := range subs {
			if s.ID == "" || len(s.Names) == 0 {
				t.Fatalf("subject without ID or name: %+v", s)
			}
		}
	})
}
