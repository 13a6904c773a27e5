package ftm_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/lists/eu"
	"github.com/vigilhq/vigil/internal/lists/ftm"
	"github.com/vigilhq/vigil/internal/lists/ofac"
	"github.com/vigilhq/vigil/internal/lists/uk"
	"github.com/vigilhq/vigil/internal/lists/un"
	"github.com/vigilhq/vigil/internal/realdata"
)

func drain(t *testing.T, rd lists.Reader) []*lists.Subject {
	t.Helper()
	out, err := lists.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func open(t *testing.T, parts ...string) io.Reader {
	t.Helper()
	p := realdata.Path(t, parts...)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if strings.HasSuffix(p, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		return zr
	}
	return f
}

// realSubjects parses every real sample the repository can read.
func realSubjects(t *testing.T) map[lists.Source][]*lists.Subject {
	out := map[lists.Source][]*lists.Subject{}
	rd, err := un.NewReader(open(t, "lists", "un", "consolidated-2026-05-08.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceUN] = drain(t, rd)
	dir := realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28")
	files := ofac.Files{}
	for _, f := range []struct {
		name string
		r    *io.Reader
	}{{"sdn.csv", &files.SDN}, {"alt.csv", &files.Alt}, {"add.csv", &files.Add}, {"sdn_comments.csv", &files.Comments}} {
		fh, err := os.Open(dir + "/" + f.name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { fh.Close() })
		*f.r = fh
	}
	ord, err := ofac.NewReader(files)
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceOFAC] = drain(t, ord)
	xr, err := ofac.NewXMLReader(open(t, "lists", "ofac", "non-sdn", "consolidated-2026-01-08.xml"), lists.SourceOFACCons)
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceOFACCons] = drain(t, xr)
	er, err := eu.NewReader(open(t, "lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceEU] = drain(t, er)
	ur, err := uk.NewXMLReader(open(t, "lists", "uk", "uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"))
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceUK] = drain(t, ur)
	cr, err := uk.NewConListReader(open(t, "lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz"), "ofsi")
	if err != nil {
		t.Fatal(err)
	}
	out[lists.SourceOFSI] = drain(t, cr)
	return out
}

// TestRoundTrip exports every real list to FtM and reads it back: the
// subjects must be the same apart from what ftm.Lost names.
func TestRoundTrip(t *testing.T) {
	seen := time.Date(2026, 5, 8, 23, 0, 6, 0, time.UTC)
	for src, subs := range realSubjects(t) {
		t.Run(string(src), func(t *testing.T) {
			var buf bytes.Buffer
			w := ftm.NewWriter(&buf)
			for _, s := range subs {
				if err := w.Write(s, seen); err != nil {
					t.Fatal(err)
				}
				for _, e := range ftm.Entities(s, seen) {
					checkEntity(t, e)
				}
			}
			c, err := ftm.Read(&buf, src)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.LastSeen(); !got.Equal(seen) {
				t.Errorf("LastSeen = %v, want %v", got, seen)
			}
			back, err := c.Subjects()
			if err != nil {
				t.Fatal(err)
			}
			if len(back) != len(subs) {
				t.Fatalf("%d subjects read back, want %d", len(back), len(subs))
			}
			bad := 0
			for i, s := range subs {
				want, _ := json.Marshal(ftm.Comparable(s))
				got, _ := json.Marshal(ftm.Comparable(back[i]))
				if !bytes.Equal(want, got) {
					if bad++; bad <= 3 {
						t.Errorf("%s differs after the round trip:\nwant %s\n got %s", s.ID, want, got)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d subjects differ", bad, len(subs))
			}
		})
	}
}

// required are the properties the FtM schemata require (followthemoney's
// schema/*.yaml), for the schemata the export writes.
var required = map[string][]string{
	"Person": {"name"}, "Organization": {"name"}, "Vessel": {"name"}, "Airplane": {"name"}, "LegalEntity": {"name"},
	"Identification": {"holder", "number"}, "Passport": {"holder", "number"}, "Sanction": {"entity"},
	"UnknownLink": {"subject", "object"}, "Address": nil,
}

var entityID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// checkEntity checks what OpenSanctions tools insist on: a valid ID, a
// known schema with its required properties, and identifiers of at most 64
// characters.
func checkEntity(t *testing.T, e *ftm.Entity) {
	t.Helper()
	req, ok := required[e.Schema]
	if !ok {
		t.Fatalf("%s: schema %s is not one the export may write", e.ID, e.Schema)
	}
	if !entityID.MatchString(e.ID) {
		t.Fatalf("entity ID %q is not valid", e.ID)
	}
	for _, p := range req {
		if len(e.Properties[p]) == 0 {
			t.Fatalf("%s (%s) lacks required property %s", e.ID, e.Schema, p)
		}
	}
	for _, p := range []string{"number", "programId"} {
		for _, v := range e.Properties[p] {
			if utf8.RuneCountInString(v) > 64 {
				t.Fatalf("%s: %s %q is longer than 64 characters", e.ID, p, v)
			}
		}
	}
}

// TestOpenSanctionsData reads the real OpenSanctions fixtures: only
// targets become subjects, with the measures and programmes of their
// Sanction entities and the addresses they point to.
func TestOpenSanctionsData(t *testing.T) {
	raw := map[string]map[string]any{}
	b, err := os.ReadFile(realdata.Path(t, "lists", "opensanctions", "zala.entities.ftm.json"))
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var e map[string]any
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatal(err)
		}
		raw[e["id"].(string)] = e
		if e["target"] == true {
			targets++
		}
	}
	c, err := ftm.Read(bytes.NewReader(b), lists.SourceOpenSanctions)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := c.Subjects()
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != targets {
		t.Errorf("%d subjects, the file has %d targets", len(subs), targets)
	}
	for _, s := range subs {
		e := raw[s.SourceID]
		if e == nil || e["target"] != true {
			t.Errorf("%s is not a target in the file", s.ID)
			continue
		}
		props := e["properties"].(map[string]any)
		for _, n := range props["name"].([]any) {
			if !slices.ContainsFunc(s.Names, func(x lists.Name) bool { return x.Full == n.(string) }) {
				t.Errorf("%s: name %q missing", s.ID, n)
			}
		}
		if bd, ok := props["birthDate"].([]any); ok && !slices.ContainsFunc(s.BirthDates, func(x lists.BirthDate) bool { return x.Date == bd[0].(string) }) {
			t.Errorf("%s: birth date %v missing", s.ID, bd)
		}
		if ae, ok := props["addressEntity"].([]any); ok && len(s.Addresses) < len(ae) {
			t.Errorf("%s: %d addresses, %d address entities", s.ID, len(s.Addresses), len(ae))
		}
	}
	var sanctioned *lists.Subject
	for _, s := range subs {
		if len(s.Programs) > 0 && s.ListedOn != "" {
			sanctioned = s
			break
		}
	}
	if sanctioned == nil {
		t.Fatal("no subject carries the programmes and listing date of its Sanction entities")
	}
	t1, err := os.Open(realdata.Path(t, "lists", "opensanctions", "t1.entities.ftm.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer t1.Close()
	c, err = ftm.Read(t1, lists.SourceOpenSanctions)
	if err != nil {
		t.Fatal(err)
	}
	if subs, err = c.Subjects(); err != nil || len(subs) == 0 {
		t.Fatalf("t1: %d subjects, %v", len(subs), err)
	}
	scripts := map[string]bool{}
	for _, s := range subs {
		for _, n := range s.Names {
			scripts[n.Script] = true
		}
	}
	if !scripts["Cyrillic"] || !scripts["Greek"] {
		t.Errorf("multilingual names lost: scripts %v", scripts)
	}
}

// TestDeltaSeries applies the real delta series version by version.
func TestDeltaSeries(t *testing.T) {
	dir := realdata.Path(t, "lists", "opensanctions", "delta-2024-05-27")
	var subs []*lists.Subject
	counts := []int{}
	for _, v := range []string{"20240527134702-zbn", "20240527194702-wnk", "20240528014702-pfh", "20240528074703-npf", "20240528134729-3iv"} {
		f, err := os.Open(dir + "/" + v + "/entities.delta.json")
		if err != nil {
			t.Fatal(err)
		}
		ops, err := ftm.ReadDelta(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if subs, err = ftm.ApplyDelta(subs, lists.SourceOpenSanctions, ops); err != nil {
			t.Fatal(err)
		}
		counts = append(counts, len(subs))
	}
	// zbn is empty; wnk adds 2; pfh adds 1 and modifies 1; npf deletes the
	// one pfh added; 3iv adds 1.
	if want := []int{0, 2, 3, 2, 3}; !slices.Equal(counts, want) {
		t.Errorf("subjects after each version %v, want %v", counts, want)
	}
	for _, s := range subs {
		if s.SourceID == "NK-500Poltergeist" {
			t.Errorf("deleted entity still listed")
		}
	}
}

func TestDeltaErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"bad op", `{"op":"UPSERT","entity":{"id":"x","schema":"Person"}}`, "not ADD, MOD or DEL"},
		{"no entity", `{"op":"ADD"}`, "without an entity ID"},
		{"no schema", `{"op":"MOD","entity":{"id":"x"}}`, "without a schema"},
		{"bad json", "{\"op\":\"ADD\",\n", "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ftm.ReadDelta(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not json", "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{}}\nnot json\n", "line 2"},
		{"no id", `{"schema":"Person"}`, "without id or schema"},
		{"nested entity", `{"id":"a","schema":"Person","properties":{"name":[{"id":"b"}]}}`, "line 1"},
		{"invalid UTF-8", "{\"id\":\"a\xff\",\"schema\":\"Person\"}", "invalid UTF-8"},
		{"no name", `{"id":"a","schema":"Person","target":true,"properties":{}}`, "has no name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ftm.Read(strings.NewReader(tc.in), lists.SourceOpenSanctions)
			if err == nil {
				_, err = c.Subjects()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	limitstest.AddSeeds(f, `{"id":"p","schema":"Person","target":true,"properties":{"name":["A B"],"birthDate":["1960"],"nationality":["ir","zz"],"addressEntity":["a"]}}`+"\n"+
		`{"id":"a","schema":"Address","properties":{"full":["Tehran"],"country":["ir"]}}`+"\n"+
		`{"id":"s","schema":"Sanction","properties":{"entity":["p"],"provisions":["Travel ban"],"country":["eu"],"listingDate":["2020-01-01"]}}`)
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		c, err := ftm.Read(r, lists.SourceOpenSanctions)
		if err != nil {
			return
		}
		subs, err := c.Subjects()
		if err != nil {
			return
		}
		for _, s := range subs {
			if s.ID == "" || len(s.Names) == 0 || s.Names[0].Role != lists.RolePrimary {
				t.Fatalf("subject without ID or primary name: %+v", s)
			}
			// What is read must write back.
			var buf bytes.Buffer
			if err := ftm.NewWriter(&buf).Write(s, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzDelta(f *testing.F) {
	limitstest.AddSeeds(f, `{"op":"ADD","entity":{"id":"p","schema":"Person","target":true,"properties":{"name":["A"]}}}`+"\n"+`{"op":"DEL","entity":{"id":"q"}}`,
		`{"op":"MOD","entity":{"id":"s","schema":"Sanction","properties":{"entity":["p"]}}}`)
	base := []*lists.Subject{{ID: "opensanctions:p", Source: lists.SourceOpenSanctions, SourceID: "p", Kind: lists.KindPerson,
		Names: []lists.Name{{Full: "A", Role: lists.RolePrimary}}, Programs: []string{"X"}}}
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		ops, err := ftm.ReadDelta(r)
		if err != nil {
			return
		}
		out, err := ftm.ApplyDelta(base, lists.SourceOpenSanctions, ops)
		if err != nil {
			return
		}
		seen := map[lists.SubjectID]bool{}
		for _, s := range out {
			if seen[s.ID] {
				t.Fatalf("%s twice after the delta", s.ID)
			}
			seen[s.ID] = true
		}
	})
}
