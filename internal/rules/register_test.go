package rules_test

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/realdata"
	"github.com/vigilhq/vigil/internal/rules"
)

func TestReadExemptions(t *testing.T) {
	csvIn := "subjects,destinations,from,to,reference,committee,purpose,source,note\n" +
		"un:TAi.004;un:TAi.026,QA;Norway,2019-06-01,2019-06-30,SC/0001,1988,peace talks,\"SC/0001, 1 June 2019\",\n" +
		"un:KPi.033,,2026-03-01,2026-03-31,1718/EX/1,1718,,,\n"
	jsonIn := `{"_comment": "mine",
"exemptions": [
  {"subjects": ["un:TAi.004", "un:TAi.026"], "destinations": ["qa", "NO"], "from": "2019-06-01", "to": "2019-06-30",
   "reference": "SC/0001", "committee": "1988", "purpose": "peace talks", "source": "SC/0001, 1 June 2019"},
  {"subject": "un:KPi.033", "from": "2026-03-01", "to": "2026-03-31", "reference": "1718/EX/1", "committee": "1718"}
]}`
	for name, in := range map[string]string{"csv": csvIn, "json": jsonIn, "json array": jsonIn[strings.Index(jsonIn, "[") : strings.LastIndex(jsonIn, "]")+1]} {
		es, err := rules.ReadExemptions(strings.NewReader(in), "r."+name, rules.Recorded)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(es) != 3 || es[0].Subject != "un:TAi.004" || es[1].Subject != "un:TAi.026" || es[2].Subject != "un:KPi.033" {
			t.Fatalf("%s: %+v", name, es)
		}
		if d := es[1].Destinations; len(d) != 2 || d[0] != "QA" || d[1] != "NO" || es[1].Source != "SC/0001, 1 June 2019" || es[1].Purpose != "peace talks" || es[0].Origin != rules.Recorded {
			t.Errorf("%s: second row %+v", name, es[1])
		}
		if es[2].Destinations != nil || es[2].From != "2026-03-01" {
			t.Errorf("%s: third row %+v", name, es[2])
		}
	}
	bad := []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"csv unknown column", "subjects,place\nun:TAi.004,QA\n", `unknown column "place"`},
		{"csv no subjects", "reference\nX\n", "no subjects column"},
		{"csv bad subject", "subjects,reference\nun:TAi.004,R\nTAi.004,R\n", "row 2 (line 3): subjects: invalid subject ID"},
		{"csv bad date", "subjects,reference,from\nun:TAi.004,R,2019-02-30\n", `row 1 (line 2): from: "2019-02-30" is not a date`},
		{"csv dates reversed", "subjects,reference,from,to\nun:TAi.004,R,2019-03-01,2019-02-01\n", "to (2019-02-01) is before from (2019-03-01)"},
		{"csv no reference", "subjects,reference\nun:TAi.004,\n", "reference is required"},
		{"csv bad country", "subjects,reference,destinations\nun:TAi.004,R,Atlantis\n", `unknown country "Atlantis"`},
		{"csv short row", "subjects,reference\nun:TAi.004\n", "row 1 (line 2): 1 fields, the header has 2"},
		{"json unknown field", "[\n{\"subjects\": [\"un:TAi.004\"], \"reference\": \"R\"},\n{\"subject\": \"un:TAi.004\", \"refrence\": \"R\"}]", `row 2 (line 3): json: unknown field "refrence"`},
		{"json no subject", "[{\"reference\": \"R\"}]", "row 1 (line 1): subjects: no subject"},
		{"json object without array", `{"rows": []}`, `no "exemptions" array`},
		{"json not an array", `{"exemptions": 5}`, "want a JSON array"},
		{"json truncated", `[{"subject": "un:TAi.004",`, "row 1"},
	}
	for _, tt := range bad {
		_, err := rules.ReadExemptions(strings.NewReader(tt.in), "mine.csv", rules.Recorded)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "mine.csv: ") {
			t.Errorf("%s: error %v, want one naming mine.csv and %q", tt.name, err, tt.want)
		}
	}
}

func TestNewExemptions(t *testing.T) {
	a := rules.Exemption{Subject: "un:TAi.004", Destinations: []string{"QA", "NO"}, Reference: "R"}
	b := rules.Exemption{Subject: "un:TAi.004", Destinations: []string{"NO", "QA"}, Reference: "R"}
	c := rules.Exemption{Subject: "un:TAi.004", Reference: "R", To: "2020-01-01"}
	if got := rules.NewExemptions([]rules.Exemption{a}, []rules.Exemption{b, c, c}); len(got) != 1 || got[0].To != "2020-01-01" {
		t.Errorf("NewExemptions = %+v", got)
	}
}

func FuzzReadExemptions(f *testing.F) {
	limitstest.AddSeeds(f, "subjects,destinations,from,to,reference\nun:TAi.004,QA,2019-06-01,2019-06-30,R\n",
		`{"exemptions": [{"subjects": ["un:TAi.004"], "destinations": ["QA"], "reference": "R"}]}`,
		`[{"subject": "un:KPi.033", "from": "2026-03-01", "reference": "R"}]`)
	f.Fuzz(func(t *testing.T, in string) {
		r, ok := limitstest.Unpack(in)
		if !ok {
			return
		}
		es, err := rules.ReadExemptions(r, "f", rules.Recorded)
		if err != nil {
			return
		}
		for _, e := range es {
			if e.Subject == "" || strings.TrimSpace(e.Reference) == "" || (e.From != "" && e.To != "" && e.To < e.From) {
				t.Fatalf("accepted an invalid exemption %+v", e)
			}
		}
	})
}

// TestShippedRegister: every row of the embedded register parses and
// cites where the decision is published; the Doha team's standing
// exemption ends on 19 August 2022.
func TestShippedRegister(t *testing.T) {
	raw, err := os.ReadFile("exemptions.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Exemptions []json.RawMessage `json:"exemptions"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Exemptions) < 10 {
		t.Fatalf("the register holds %d rows", len(file.Exemptions))
	}
	cites := regexp.MustCompile(`https?://\S+|\b(SC|S)/[0-9A-Z/.]+`)
	for i, row := range file.Exemptions {
		es, err := rules.ReadExemptions(bytes.NewReader(append(append([]byte("["), row...), ']')), "exemptions.json", rules.FromRegister)
		if err != nil {
			t.Errorf("row %d: %v", i+1, err)
			continue
		}
		for _, e := range es {
			if !cites.MatchString(e.Source) || e.Committee == "" || e.From == "" || e.To == "" || e.Purpose == "" {
				t.Errorf("row %d (%s): source %q, committee %q, dates %s–%s, purpose %q: want a cited document, the committee, both dates and the purpose", i+1, e.Subject, e.Source, e.Committee, e.From, e.To, e.Purpose)
			}
		}
	}
	reg := rules.DefaultRegister()
	var doha string
	for _, e := range reg.For("un:TAi.067") {
		if e.To > doha && e.To < "2023-01-01" {
			doha = e.To
		}
	}
	if doha != "2022-08-19" {
		t.Errorf("Stanekzai's standing exemption ends %q, want 2022-08-19", doha)
	}
	if _, err := rules.ReadRegister(strings.NewReader(`[{"subject": "un:TAi.004", "reference": "R"}]`), "r.json"); err == nil || !strings.Contains(err.Error(), "must cite") {
		t.Errorf("a register row without a source: %v", err)
	}
}

// TestShippedRegisterSubjectsListed: every subject of the register is on
// the UN list of 2026-05-08 (a typo in a reference would make a row dead).
func TestShippedRegisterSubjectsListed(t *testing.T) {
	raw, err := os.ReadFile(realdata.Path(t, "lists", "un", "consolidated-2026-05-08.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rules.DefaultRegister().All() {
		_, ref := e.Subject.Split()
		if !bytes.Contains(raw, []byte("<REFERENCE_NUMBER>"+ref+"</REFERENCE_NUMBER>")) {
			t.Errorf("%s (%s) is not on the UN list of 2026-05-08", e.Subject, e.Reference)
		}
	}
}
