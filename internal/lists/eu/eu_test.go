package eu_test

import (
	"bytes"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/eu"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
	"github.com/vigilhq/vigil/internal/realdata"
)

func readAll(t testing.TB, r io.Reader) ([]*lists.Subject, error) {
	rd, err := eu.NewReader(r)
	if err != nil {
		return nil, err
	}
	return lists.ReadAll(rd)
}

// TestRealSample checks every field against values read from the file by
// a plain token walk, and that every slot the file can fill is filled.
func TestRealSample(t *testing.T) {
	path := realdata.Path(t, "lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := readAll(t, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	raw := realdata.XMLRecords(t, bytes.NewReader(b), "sanctionEntity")
	if len(subs) != len(raw) || len(subs) != 5 {
		t.Fatalf("%d subjects, %d records in the file, want 5", len(subs), len(raw))
	}
	clean := xmlrec.Clean
	for i, s := range subs {
		r := raw[i]
		if want := "eu:" + r["@euReferenceNumber"][0]; string(s.ID) != want {
			t.Errorf("ID %s, want %s", s.ID, want)
		}
		var names []string
		for _, n := range s.Names {
			names = append(names, n.Full)
		}
		for _, w := range r["nameAlias@wholeName"] {
			if !slices.Contains(names, clean(w)) {
				t.Errorf("%s: name %q missing", s.ID, w)
			}
		}
		if len(names) != len(r["nameAlias@wholeName"]) {
			t.Errorf("%s: %d names, file has %d", s.ID, len(names), len(r["nameAlias@wholeName"]))
		}
		for _, v := range r["nameAlias@title"] {
			if v != "" && !slices.Contains(s.Titles, v) {
				t.Errorf("%s: title %q missing", s.ID, v)
			}
		}
		for _, v := range r["nameAlias@function"] {
			if v != "" && !slices.Contains(s.Designations, clean(v)) {
				t.Errorf("%s: function %q missing", s.ID, v)
			}
		}
		var docs []string
		for _, d := range s.Documents {
			docs = append(docs, d.Number)
		}
		if !slices.Equal(docs, r["identification@number"]) {
			t.Errorf("%s: documents %v, file %v", s.ID, docs, r["identification@number"])
		}
		if len(s.Addresses) != len(r["address@countryIso2Code"]) {
			t.Errorf("%s: %d addresses, file %d", s.ID, len(s.Addresses), len(r["address@countryIso2Code"]))
		}
		for _, c := range r["citizenship@countryIso2Code"] {
			if !slices.Contains(s.Citizenships, c) {
				t.Errorf("%s: citizenship %s missing", s.ID, c)
			}
		}
		for _, d := range r["birthdate@birthdate"] {
			if !slices.ContainsFunc(s.BirthDates, func(b lists.BirthDate) bool { return b.Date == d }) {
				t.Errorf("%s: birth date %s missing", s.ID, d)
			}
		}
		for _, p := range r["regulation@programme"] {
			if !slices.Contains(s.Programs, p) {
				t.Errorf("%s: programme %s missing", s.ID, p)
			}
		}
		for _, n := range r["regulation@numberTitle"] {
			if !slices.ContainsFunc(s.LegalBasis, func(b string) bool { return strings.Contains(b, n) }) {
				t.Errorf("%s: regulation %s missing from %v", s.ID, n, s.LegalBasis)
			}
		}
		if d := r["@designationDate"]; len(d) > 0 && s.ListedOn != d[0] {
			t.Errorf("%s: listed on %q, file %q", s.ID, s.ListedOn, d[0])
		}
		for _, rm := range r["remark"] {
			if !strings.Contains(s.Remarks, clean(rm)) {
				t.Errorf("%s: remark %q missing", s.ID, rm)
			}
		}
		if un := r["@unitedNationId"]; un[0] != "" && !slices.Contains(s.Links, lists.Link{Relation: "same_as", Target: lists.SubjectID("un:" + un[0])}) {
			t.Errorf("%s: UN reference %s missing from links %v", s.ID, un[0], s.Links)
		}
		if s.MeasureScope != "EU" || !slices.Contains(s.Measures, lists.MeasureAssetFreeze) {
			t.Errorf("%s: measures %v scope %q", s.ID, s.Measures, s.MeasureScope)
		}
	}
	// Every slot the sample can fill is filled somewhere.
	filled := map[string]bool{}
	for _, s := range subs {
		for slot, ok := range map[string]bool{
			"titles": len(s.Titles) > 0, "designations": len(s.Designations) > 0, "gender": s.Gender != "",
			"birth dates": len(s.BirthDates) > 0, "birthplaces": len(s.BirthPlaces) > 0, "citizenships": len(s.Citizenships) > 0,
			"documents": len(s.Documents) > 0, "addresses": len(s.Addresses) > 0, "programs": len(s.Programs) > 0,
			"listed on": s.ListedOn != "", "legal basis": len(s.LegalBasis) > 0, "remarks": s.Remarks != "",
			"links": len(s.Links) > 0, "name language": slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Lang != "" }),
			"name parts":      slices.ContainsFunc(s.Names, func(n lists.Name) bool { return len(n.Parts) > 0 }),
			"original script": slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleOriginalScript }),
			"weak alias":      slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleWeakAlias }),
			"travel ban":      slices.Contains(s.Measures, lists.MeasureTravelBan),
		} {
			filled[slot] = filled[slot] || ok
		}
	}
	for slot, ok := range filled {
		if !ok {
			t.Errorf("no subject has %s", slot)
		}
	}
	// Details the sample is known for.
	byID := map[lists.SubjectID]*lists.Subject{}
	for _, s := range subs {
		byID[s.ID] = s
	}
	asiri := byID["eu:EU.3092.36"]
	if asiri.Names[0].Full != "Ibrahim Hassan Tali Al-Asiri" {
		t.Errorf("primary name %q, want the name with the function", asiri.Names[0].Full)
	}
	if !slices.ContainsFunc(asiri.BirthDates, func(b lists.BirthDate) bool {
		return b.Date == "1982-04-19" && strings.Contains(b.Text, "islamic calendar: 1402-6-24")
	}) {
		t.Errorf("the Islamic-calendar birth date is not kept with its Gregorian date: %+v", asiri.BirthDates)
	}
	jan := byID["eu:EU.502.12"]
	if b := jan.BirthDates[0]; b.Precision != lists.PrecisionRange || b.FromYear != 1953 || b.ToYear != 1958 || !b.Approximate {
		t.Errorf("year range read as %+v", b)
	}
	if terr := byID["eu:EU.3579.2"]; slices.Contains(terr.Measures, lists.MeasureTravelBan) {
		t.Errorf("TERR listing given a travel ban: %v", terr.Measures)
	}
}

func TestErrors(t *testing.T) {
	const head = `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-08-05T16:47:04.449+02:00">`
	for _, tc := range []struct{ name, xml, want string }{
		{"wrong root", `<list/>`, "root element is <list>"},
		{"bad date", `<export generationDate="yesterday"/>`, "generationDate"},
		{"no reference", head + `<sanctionEntity><subjectType code="person"/><nameAlias wholeName="A B"/></sanctionEntity></export>`, "no euReferenceNumber"},
		{"no name", head + `<sanctionEntity euReferenceNumber="EU.1.1"><subjectType code="person"/></sanctionEntity></export>`, "no nameAlias"},
		{"bad designation date", head + `<sanctionEntity euReferenceNumber="EU.1.1" designationDate="1/2/2020"><subjectType code="person"/><nameAlias wholeName="A B"/></sanctionEntity></export>`, "designationDate"},
		{"truncated", head + `<sanctionEntity euReferenceNumber="EU.1.1"><subjectType code="person"/><nameAlias wholeName="A B"/>`, "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(t, strings.NewReader(tc.xml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzReader(f *testing.F) {
	limitstest.AddSeeds(f,
		`<export generationDate="2026-08-05T16:47:04+02:00"><sanctionEntity euReferenceNumber="EU.1.1"><subjectType code="person"/><nameAlias wholeName="A B" gender="M"/><birthdate year="1402" calendarType="ISLAMIC"/></sanctionEntity></export>`,
		`<export><sanctionEntity logicalId="7"><subjectType code="enterprise"/><nameAlias firstName="X"/><identification number="1"/><address countryIso2Code="00" countryDescription="Atlantis"/></sanctionEntity></export>`)
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		subs, err := readAll(t, r)
		if err != nil {
			return
		}
		for _, s := range subs {
			if s.ID == "" || len(s.Names) == 0 || s.Names[0].Role != lists.RolePrimary {
				t.Fatalf("subject without ID or primary name: %+v", s)
			}
		}
	})
}
