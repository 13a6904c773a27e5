package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/store"
)

// sample is a handful of made-up subjects in the shapes the parsers give:
// named parts, "FAMILY, Given", plain words, original script, companies
// with legal forms.
func sample() []*lists.Subject {
	person := func(id string, nat string, ns ...lists.Name) *lists.Subject {
		return &lists.Subject{ID: lists.NewSubjectID(lists.SourceUN, id), Source: lists.SourceUN, SourceID: id, Kind: lists.KindPerson, Names: ns, Nationalities: []string{nat}}
	}
	org := func(id, country string, ns ...string) *lists.Subject {
		s := &lists.Subject{ID: lists.NewSubjectID(lists.SourceOFAC, id), Source: lists.SourceOFAC, SourceID: id, Kind: lists.KindOrganization,
			Addresses: []lists.Address{{Country: country}}}
		for _, n := range ns {
			s.Names = append(s.Names, lists.Name{Full: n, Role: lists.RoleStrongAlias, Script: "Latin"})
		}
		return s
	}
	return []*lists.Subject{
		person("T1", "IR", lists.Name{Full: "BAHRAM TESTERI ZADEH", Role: lists.RolePrimary, Script: "Latin",
			Parts: []lists.NamePart{{Type: "first", Value: "BAHRAM"}, {Type: "second", Value: "TESTERI"}, {Type: "third", Value: "ZADEH"}}},
			lists.Name{Full: "بهرام زاده", Role: lists.RoleOriginalScript, Script: "Arabic"}),
		person("T2", "RU", lists.Name{Full: "KOVALSKY, Pyotr Ilyich", Role: lists.RolePrimary, Script: "Latin"},
			lists.Name{Full: "Пётр Ковальский", Role: lists.RoleOriginalScript, Script: "Cyrillic"}),
		person("T3", "SY", lists.Name{Full: "Nadim Fares Haddoud", Role: lists.RolePrimary, Script: "Latin"},
			lists.Name{Full: "Abu Nadim", Role: lists.RoleWeakAlias, Script: "Latin"}),
		org("10", "CN", "Blue Harbour Shipping Co., Ltd.", "BLUE HARBOUR MARITIME LLC"),
		org("11", "AE", "Golden Falcon General Trading LLC"),
	}
}

func TestHarvestSplitsNames(t *testing.T) {
	p := Harvest(sample())
	for _, c := range []struct {
		pool []string
		want string
	}{
		{p.Given, "Bahram"}, {p.Given, "Pyotr"}, {p.Given, "Nadim"},
		{p.Middle, "Testeri"}, {p.Middle, "Ilyich"}, {p.Middle, "Fares"},
		{p.Family, "Zadeh"}, {p.Family, "Kovalsky"}, {p.Family, "Haddoud"},
		{p.OrgWords, "Harbour"}, {p.OrgWords, "Falcon"}, {p.LegalForms, "LLC"},
		{p.Script["Cyrillic"], "Ковальский"}, {p.Nationalities, "ir"}, {p.Countries, "ae"},
	} {
		if !contains(c.pool, c.want) {
			t.Errorf("%q missing from %v", c.want, c.pool)
		}
	}
	for _, w := range []string{"Abu", "Llc", "LLC"} {
		if contains(p.Given, w) || contains(p.OrgWords, w) {
			t.Errorf("%q taken as a name word (weak aliases and legal forms are not)", w)
		}
	}
	if contains(p.OrgWords, "LLC") {
		t.Error("a legal form counted as an organisation word")
	}
}

func contains(pool []string, w string) bool {
	for _, x := range pool {
		if x == w {
			return true
		}
	}
	return false
}

// TestGenerateImports writes a small synthetic list twice with one seed
// (the same bytes) and once with another (other bytes), and imports it
// through the real import path: every line is one listed subject.
func TestGenerateImports(t *testing.T) {
	p := Harvest(sample())
	const n = 2000
	var a, b, c bytes.Buffer
	if err := p.Generate(&a, n, 7); err != nil {
		t.Fatal(err)
	}
	p.Generate(&b, n, 7)
	p.Generate(&c, n, 8)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same seed wrote different files")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("another seed wrote the same file")
	}
	path := filepath.Join(t.TempDir(), "synthetic.ftm.json")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := ingest.Import(ctx, st, lists.SourceOpenSanctions, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Version.Total != n {
		t.Fatalf("imported %d subjects, want %d", res.Version.Total, n)
	}
	subs, _, err := lists.LatestSubjects(ctx, st, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[lists.Kind]int{}
	var aliases, dobs, script int
	for _, s := range subs {
		kinds[s.Kind]++
		if len(s.Names) > 1 {
			aliases++
		}
		if len(s.BirthDates) > 0 {
			dobs++
		}
		for _, nm := range s.Names {
			if nm.Script != "Latin" {
				script++
			}
		}
		if s.Kind == lists.KindPerson && len(strings.Fields(s.Names[0].Full)) < 2 {
			t.Errorf("%s: a person of one word: %q", s.ID, s.Names[0].Full)
		}
	}
	// the shares the generator draws, with room for chance
	if f := float64(kinds[lists.KindPerson]) / n; f < 0.6 || f > 0.76 {
		t.Errorf("persons %.2f of subjects, want about 0.68", f)
	}
	if f := float64(aliases) / n; f < 0.3 || f > 0.6 {
		t.Errorf("subjects with aliases %.2f, want about 0.45", f)
	}
	if dobs == 0 || script == 0 {
		t.Errorf("%d dates of birth, %d names in another script", dobs, script)
	}
}
