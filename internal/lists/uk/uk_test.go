package uk_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/uk"
	"github.com/vigilhq/vigil/internal/lists/xmlrec"
	"github.com/vigilhq/vigil/internal/realdata"
)

func readXML(r io.Reader) ([]*lists.Subject, error) {
	rd, err := uk.NewXMLReader(r)
	if err != nil {
		return nil, err
	}
	return lists.ReadAll(rd)
}

func readConList(r io.Reader) ([]*lists.Subject, error) {
	rd, err := uk.NewConListReader(r, "ConList.csv")
	if err != nil {
		return nil, err
	}
	return lists.ReadAll(rd)
}

func TestFCDORealSample(t *testing.T) {
	b, err := os.ReadFile(realdata.Path(t, "lists", "uk", "uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"))
	if err != nil {
		t.Fatal(err)
	}
	subs, err := readXML(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	raw := realdata.XMLRecords(t, bytes.NewReader(b), "Designation")
	if len(subs) != 5 || len(raw) != 5 {
		t.Fatalf("%d subjects, %d designations, want 5", len(subs), len(raw))
	}
	clean := xmlrec.Clean
	for i, s := range subs {
		r := raw[i]
		if string(s.ID) != "uk:"+r["UniqueID"][0] {
			t.Errorf("ID %s, file %s", s.ID, r["UniqueID"][0])
		}
		for _, key := range []string{"Names/Name/Name6", "Names/Name/Name1", "Names/Name/Name2", "NonLatinNames/NonLatinName/NameNonLatinScript"} {
			for _, v := range r[key] {
				if !slices.ContainsFunc(s.Names, func(n lists.Name) bool { return strings.Contains(n.Full, clean(v)) }) {
					t.Errorf("%s: name part %q missing", s.ID, v)
				}
			}
		}
		for key, got := range map[string][]string{
			"Titles/Title": s.Titles, "IndividualDetails/Individual/Positions/Position": s.Designations,
		} {
			for _, v := range r[key] {
				if !slices.Contains(got, clean(v)) {
					t.Errorf("%s: %s %q missing", s.ID, key, v)
				}
			}
		}
		for _, key := range []string{"IndividualDetails/Individual/PassportDetails/Passport/PassportNumber",
			"IndividualDetails/Individual/NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber",
			"EntityDetails/Entity/BusinessRegistrationNumbers/BusinessRegistrationNumber"} {
			for _, v := range r[key] {
				if !slices.ContainsFunc(s.Documents, func(d lists.Document) bool { return d.Number == v }) {
					t.Errorf("%s: document %q missing", s.ID, v)
				}
			}
		}
		if n := len(r["IndividualDetails/Individual/DOBs/DOB"]); n != len(s.BirthDates) {
			t.Errorf("%s: %d birth dates, file %d", s.ID, len(s.BirthDates), n)
		}
		if n := len(r["Addresses/Address/AddressCountry"]); n != len(s.Addresses) {
			t.Errorf("%s: %d addresses, file %d", s.ID, len(s.Addresses), n)
		}
		if un := r["UNReferenceNumber"]; len(un) > 0 && !slices.Contains(s.Links, lists.Link{Relation: "same_as", Target: lists.SubjectID("un:" + un[0])}) {
			t.Errorf("%s: UN reference %s missing", s.ID, un[0])
		}
		if g := r["OFSIGroupID"]; len(g) > 0 && !slices.Contains(s.Links, lists.Link{Relation: "same_as", Target: lists.SubjectID("ofsi:" + g[0])}) {
			t.Errorf("%s: OFSI group %s missing", s.ID, g[0])
		}
		tb := r["SanctionsImposedIndicators/TravelBan"]
		if (len(tb) > 0 && tb[0] == "true") != slices.Contains(s.Measures, lists.MeasureTravelBan) {
			t.Errorf("%s: travel ban indicator %v, measures %v", s.ID, tb, s.Measures)
		}
		if s.MeasureScope != "GB" || s.LegalBasis[0] != r["RegimeName"][0] {
			t.Errorf("%s: scope %q, legal basis %v", s.ID, s.MeasureScope, s.LegalBasis)
		}
	}
	akhund := subs[1]
	want := []lists.BirthDate{{Date: "1958-05-12", Precision: lists.PrecisionDay}, {Date: "1945", Precision: lists.PrecisionYear}, {Date: "1946", Precision: lists.PrecisionYear}}
	if !slices.Equal(akhund.BirthDates, want) {
		t.Errorf("birth dates %+v, want %+v", akhund.BirthDates, want)
	}
	if len(akhund.Documents) != 2 {
		t.Errorf("the repeated passport should be kept once: %+v", akhund.Documents)
	}
	if ship := subs[3]; ship.Kind != lists.KindVessel || ship.VesselInfo["imo"] != "IMO9562233" || !slices.Contains(ship.Measures, "prohibition_of_port_entry") {
		t.Errorf("ship read as %+v", ship)
	}
}

// TestOFSIRealList checks the OFSI file against an independent grouping
// of its rows by Group ID.
func TestOFSIRealList(t *testing.T) {
	path := realdata.Path(t, "lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz")
	open := func() io.Reader {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		return zr
	}
	subs, err := readConList(open())
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(open())
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[1]
	col := func(name string) int { return slices.Index(header, name) }
	type group struct {
		surnames, passports []string
		kind                string
	}
	groups := map[string]*group{}
	for _, r := range rows[2:] {
		g := groups[r[col("Group ID")]]
		if g == nil {
			g = &group{kind: r[col("Group Type")]}
			groups[r[col("Group ID")]] = g
		}
		if v := r[col("Name 6")]; v != "" && !slices.Contains(g.surnames, v) {
			g.surnames = append(g.surnames, v)
		}
	}
	if len(subs) != len(groups) || len(subs) != 4686 {
		t.Fatalf("%d subjects, %d groups in the file (README: 4,686)", len(subs), len(groups))
	}
	kinds := map[lists.Kind]int{}
	for _, s := range subs {
		kinds[s.Kind]++
		g := groups[s.SourceID]
		for _, sn := range g.surnames {
			if !slices.ContainsFunc(s.Names, func(n lists.Name) bool { return strings.Contains(n.Full, xmlrec.Clean(sn)) }) {
				t.Errorf("%s: surname %q missing from %v", s.ID, sn, s.Names)
			}
		}
		if s.Names[0].Role != lists.RolePrimary {
			t.Errorf("%s: first name is %s", s.ID, s.Names[0].Role)
		}
	}
	// Group IDs by type, counted from the file: individuals, entities, ships.
	wantKinds := map[lists.Kind]int{}
	for _, g := range groups {
		k := map[string]lists.Kind{"Individual": lists.KindPerson, "Entity": lists.KindOrganization, "Ship": lists.KindVessel}[g.kind]
		wantKinds[k]++
	}
	for k, n := range wantKinds {
		if kinds[k] != n {
			t.Errorf("%d subjects of kind %s, file %d", kinds[k], k, n)
		}
	}
	byID := map[string]*lists.Subject{}
	for _, s := range subs {
		byID[s.SourceID] = s
	}
	hamraoui := byID[groupOf(t, rows, col, "AL-HAMRAOUI")]
	if hamraoui == nil {
		t.Fatal("AL-HAMRAOUI not found")
	}
	if !slices.ContainsFunc(hamraoui.BirthPlaces, func(p lists.Place) bool { return p.City == "Beja" && p.Country == "TN" }) ||
		!slices.ContainsFunc(hamraoui.BirthPlaces, func(p lists.Place) bool { return p.City == "" && p.Country == "MA" }) {
		t.Errorf("numbered birthplaces read as %+v", hamraoui.BirthPlaces)
	}
	if !slices.ContainsFunc(hamraoui.Documents, func(d lists.Document) bool { return d.Number == "P229856" && strings.Contains(d.Note, "Issue date") }) {
		t.Errorf("passport read as %+v", hamraoui.Documents)
	}
	if !slices.ContainsFunc(hamraoui.Links, func(l lists.Link) bool { return l.Target.Source() == lists.SourceUN }) ||
		!slices.ContainsFunc(hamraoui.Links, func(l lists.Link) bool { return l.Target == "uk:AQD0211" }) {
		t.Errorf("references read as %+v", hamraoui.Links)
	}
	filled := map[string]bool{}
	for _, s := range subs {
		for slot, ok := range map[string]bool{
			"titles": len(s.Titles) > 0, "designations": len(s.Designations) > 0, "gender": s.Gender != "",
			"birth dates": len(s.BirthDates) > 0, "birthplaces": len(s.BirthPlaces) > 0, "nationalities": len(s.Nationalities) > 0,
			"documents": len(s.Documents) > 0, "addresses": len(s.Addresses) > 0, "programs": len(s.Programs) > 0,
			"listed on": s.ListedOn != "", "remarks": s.Remarks != "", "links": len(s.Links) > 0, "vessel": len(s.VesselInfo) > 0,
			"original script": slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleOriginalScript }),
			"weak alias":      slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleWeakAlias }),
			"former name":     slices.ContainsFunc(s.Names, func(n lists.Name) bool { return n.Role == lists.RoleFormerName }),
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

func groupOf(t *testing.T, rows [][]string, col func(string) int, surname string) string {
	for _, r := range rows[2:] {
		if r[col("Name 6")] == surname {
			return r[col("Group ID")]
		}
	}
	return ""
}

func TestErrors(t *testing.T) {
	const header = "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID\n"
	row := func(gid, typ, listed string) string {
		return "DOE,John,,,,,,,,,01/02/1970,,,,,,,,,,,,,,,,,(UK Sanctions List Ref):XYZ0001. (Gender):Male," + typ + ",Primary name,,Russia," + listed + ",,," + gid + "\n"
	}
	for _, tc := range []struct{ name, in, want string }{
		{"no date line", header, "line 1"},
		{"missing column", "Last Updated,10/04/2025\nName 6,Name 1\n", `no column "Name 2"`},
		{"short row", "Last Updated,10/04/2025\n" + header + "DOE,John\n", "line 3: 2 columns, want 36"},
		{"no group", "Last Updated,10/04/2025\n" + header + row("", "Individual", "01/01/2020"), "line 3: Group ID is empty"},
		{"bad type", "Last Updated,10/04/2025\n" + header + row("1", "Robot", "01/01/2020"), "Group Type"},
		{"bad listed date", "Last Updated,10/04/2025\n" + header + row("1", "Individual", "2020-01-01"), "Listed On"},
		{"invalid UTF-8", "Last Updated,10/04/2025\n" + header + strings.Replace(row("1", "Individual", "01/01/2020"), "DOE", "D\xffE", 1), "invalid UTF-8"},
	} {
		t.Run("ofsi "+tc.name, func(t *testing.T) {
			_, err := readConList(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	good := "Last Updated,10/04/2025\n" + header + row("1", "Individual", "01/01/2020") + strings.Replace(row("1", "Individual", "01/01/2020"), "01/02/1970", "dd/mm/1971", 1)
	subs, err := readConList(strings.NewReader(good))
	if err != nil || len(subs) != 1 || len(subs[0].BirthDates) != 2 || subs[0].Gender != "Male" || subs[0].Links[0].Target != "uk:XYZ0001" {
		t.Errorf("good file read as %+v, %v", subs, err)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"wrong root", `<Designation/>`, "root element"},
		{"bad date", `<Designations><DateGenerated>2026-09-10</DateGenerated></Designations>`, "DateGenerated"},
		{"no id", `<Designations><Designation><IndividualEntityShip>Individual</IndividualEntityShip></Designation></Designations>`, "UniqueID is empty"},
		{"bad type", `<Designations><Designation><UniqueID>A1</UniqueID><IndividualEntityShip>Robot</IndividualEntityShip></Designation></Designations>`, "IndividualEntityShip"},
		{"no name", `<Designations><Designation><UniqueID>A1</UniqueID><IndividualEntityShip>Entity</IndividualEntityShip></Designation></Designations>`, "no name"},
	} {
		t.Run("fcdo "+tc.name, func(t *testing.T) {
			_, err := readXML(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestBirthDateForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want lists.BirthDate
	}{
		{"12/05/1958", lists.BirthDate{Date: "1958-05-12", Precision: lists.PrecisionDay}},
		{"dd/mm/1945", lists.BirthDate{Date: "1945", Precision: lists.PrecisionYear}},
		{"00/00/1965", lists.BirthDate{Date: "1965", Precision: lists.PrecisionYear}},
		{"dd/05/1958", lists.BirthDate{Date: "1958-05", Precision: lists.PrecisionMonth}},
		{"1946", lists.BirthDate{Date: "1946", Precision: lists.PrecisionYear}},
		{"31/02/1970", lists.BirthDate{Precision: lists.PrecisionUnkown, Text: "31/02/1970"}},
		{"circa 1950", lists.BirthDate{Precision: lists.PrecisionUnkown, Text: "circa 1950"}},
	} {
		in := "Last Updated,10/04/2025\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,Group ID\n" +
			"DOE,,,,,,,,," + tc.in + ",,,,,,,,,,,,,,,,,,Individual,,,,,1\n"
		subs, err := readConList(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := subs[0].BirthDates; len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s read as %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func FuzzConList(f *testing.F) {
	limitstest.AddSeeds(f, "Last Updated,10/04/2025\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,Group ID\nDOE,,,,,,(1) Dr (2) -,,,dd/mm/1970,(1) A (2) -,(1) Iran (2) Iraq,,,,,,,,,,,,,,,(UN Ref):IRi.039. x (Gender):female,Individual,AKA,Low quality,Iran,,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		subs, err := readConList(r)
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

func FuzzFCDO(f *testing.F) {
	limitstest.AddSeeds(f, `<Designations><DateGenerated>10/09/2026</DateGenerated><Designation><UniqueID>A1</UniqueID><IndividualEntityShip>Ship</IndividualEntityShip><Names><Name><Name6>X</Name6><NameType>Alias</NameType></Name></Names><SanctionsImposedIndicators><TravelBan>true</TravelBan></SanctionsImposedIndicators><IndividualDetails><Individual><DOBs><DOB>dd/mm/19</DOB></DOBs></Individual></IndividualDetails></Designation></Designations>`)
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		subs, err := readXML(r)
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

// TestOFSIExcel reads OFSI's .xlsx original: the same subjects as the CSV
// converted from it.
func TestOFSIExcel(t *testing.T) {
	path := realdata.Path(t, "lists", "uk", "ofsi-conlist-2025-04-10.xlsx")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	rd, err := uk.NewConListXLSX(f, st.Size(), "ConList.xlsx", limits.Input{})
	if err != nil {
		t.Fatal(err)
	}
	fromXLSX, err := lists.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	if got := rd.GeneratedAt().Format("2006-01-02"); got != "2025-04-10" {
		t.Errorf("Last Updated read as %s", got)
	}
	g, err := os.Open(realdata.Path(t, "lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	zr, err := gzip.NewReader(g)
	if err != nil {
		t.Fatal(err)
	}
	fromCSV, err := readConList(zr)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromXLSX) != len(fromCSV) {
		t.Fatalf("%d subjects from the xlsx, %d from the CSV", len(fromXLSX), len(fromCSV))
	}
	for i := range fromCSV {
		a, b := fromXLSX[i], fromCSV[i]
		if a.ID != b.ID || a.PrimaryName() != b.PrimaryName() || len(a.Names) != len(b.Names) ||
			len(a.BirthDates) != len(b.BirthDates) || len(a.Documents) != len(b.Documents) || a.Remarks != b.Remarks {
			t.Fatalf("subject %d differs:\nxlsx %+v\n csv %+v", i, a, b)
		}
	}
	if _, err := uk.NewConListXLSX(strings.NewReader("not a zip"), 9, "x.xlsx", limits.Input{}); err == nil || !strings.Contains(err.Error(), "not an .xlsx file") {
		t.Errorf("a non-zip file: %v", err)
	}
}
