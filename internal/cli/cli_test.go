package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/realdata"
	"github.com/vigilhq/vigil/internal/screening"
)

const unV1 = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2020-01-02T00:00:00Z"><INDIVIDUALS>
<INDIVIDUAL><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE>
<REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER><LISTED_ON>2007-03-24</LISTED_ON>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Qasim Soleimani; Kasim Sulaimani</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1957-03-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>008827</NUMBER><COUNTRY_OF_ISSUE>Iran (Islamic Republic of)</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>
</INDIVIDUAL>
<INDIVIDUAL><FIRST_NAME>MUNIR</FIRST_NAME><SECOND_NAME>AL QUBAYSI</SECOND_NAME><UN_LIST_TYPE>Iraq</UN_LIST_TYPE>
<REFERENCE_NUMBER>IQi.074</REFERENCE_NUMBER><LISTED_ON>2004-01-01</LISTED_ON></INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>`

func TestCLIUsers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	if code, out, _ := run(t, "--db", db, "users", "list"); code != 0 || !strings.Contains(out, "no users; add one with: vigil users add NAME --role admin") {
		t.Errorf("users list on a fresh store: %d %s", code, out)
	}
	code, token, errs := run(t, "--db", db, "users", "add", "alice", "--role", "analyst")
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "vigil_") || strings.Contains(token, "\n") || !strings.Contains(errs, "shown only now") {
		t.Fatalf("users add: %d %q %q", code, token, errs)
	}
	// the store's files hold the token's lookup key, never its secret
	key, secret, _ := strings.Cut(strings.TrimPrefix(token, "vigil_"), "_")
	var raw []byte
	for _, f := range []string{db, db + "-wal"} {
		b, _ := os.ReadFile(f)
		raw = append(raw, b...)
	}
	if !bytes.Contains(raw, []byte(key)) || bytes.Contains(raw, []byte(secret)) {
		t.Errorf("store files: key found %v, secret found %v", bytes.Contains(raw, []byte(key)), bytes.Contains(raw, []byte(secret)))
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "add", "bob"}, "--role is required"},
		{[]string{"users", "add", "bob", "--role", "root"}, `role "root": want viewer, analyst or admin`},
		{[]string{"users", "add", "Bob Smith", "--role", "viewer"}, "user name"},
		{[]string{"users", "add", "alice", "--role", "admin"}, "a user of that name exists"},
		{[]string{"users", "revoke", "carol"}, "no such user"},
	} {
		code, _, errs := run(t, append([]string{"--db", db}, tt.args...)...)
		if code == 0 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: %d %q, want an error with %q", tt.args, code, errs, tt.want)
		}
	}
	code, newToken, _ := run(t, "--db", db, "users", "rotate", "alice")
	if code != 0 || strings.TrimSpace(newToken) == token || !strings.HasPrefix(newToken, "vigil_") {
		t.Errorf("users rotate: %d %q", code, newToken)
	}
	if code, out, _ := run(t, "--db", db, "users", "revoke", "alice"); code != 0 || out != "revoked alice (analyst)\n" {
		t.Errorf("users revoke: %d %q", code, out)
	}
	if code, _, errs := run(t, "--db", db, "users", "add", "alice", "--role", "viewer"); code == 0 || !strings.Contains(errs, "never reused") {
		t.Errorf("re-adding a revoked name: %d %q", code, errs)
	}
	code, out, _ := run(t, "--db", db, "users", "list", "--json")
	var us []struct{ Name, Role string }
	if code != 0 || json.Unmarshal([]byte(out), &us) != nil || len(us) != 1 || us[0].Role != "analyst" {
		t.Errorf("users list --json: %d %s", code, out)
	}
	if !strings.Contains(out, `"revoked_by": "`+actor()+`"`) || !strings.Contains(out, `"created_by": "`+actor()+`"`) {
		t.Errorf("users list does not say who added and revoked: %s", out)
	}
	code, out, _ = run(t, "--db", db, "users", "log")
	for _, want := range []string{"alice: added as analyst", "alice: new token", "alice: revoked"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("users log lacks %q: %s", want, out)
		}
	}
}

func TestServeBootstrap(t *testing.T) {
	t.Setenv("VIGIL_API_TOKEN", "s3cret")
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, errs := run(t, "--db", db, "serve", "--refresh", "0"); code == 0 || !strings.Contains(errs, "VIGIL_API_TOKEN is no longer read") || !strings.Contains(errs, "vigil users add NAME --role") {
		t.Errorf("serve with VIGIL_API_TOKEN: %d %q", code, errs)
	}
	now := time.Now()
	for _, tt := range []struct {
		users     []auth.User
		openReads bool
		want      string
	}{
		{nil, false, "warning: the store has no users, so every request but sign-in is refused.\nCreate the first admin (it prints their API token, to sign in with):\n  vigil users add NAME --role admin --db x.db\n"},
		{[]auth.User{{Name: "old", RevokedAt: &now}}, true, "so every change is refused (reads are open)"},
		{[]auth.User{{Name: "old", RevokedAt: &now}, {Name: "alice"}}, false, ""},
	} {
		got := noUsersWarning(tt.users, tt.openReads, " --db x.db")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("noUsersWarning(%d users, open %v) = %q, want %q", len(tt.users), tt.openReads, got, tt.want)
		}
	}
}

// run executes the CLI and returns exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLIEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	v1 := filepath.Join(dir, "v1.xml")
	os.WriteFile(v1, []byte(unV1), 0o644)
	// v2 delists IQi.074
	v2 := filepath.Join(dir, "v2.xml")
	i := strings.Index(unV1, "<INDIVIDUAL><FIRST_NAME>MUNIR")
	j := strings.Index(unV1, "</INDIVIDUALS>")
	os.WriteFile(v2, []byte(strings.Replace(unV1[:i]+unV1[j:], "2020-01-02", "2021-01-02", 1)), 0o644)

	if code, out, errs := run(t, "--db", db, "lists", "import", "--source", "un", v1, v2); code != 0 || !strings.Contains(out, "1 removed") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	if code, out, _ := run(t, "--db", db, "lists", "import", "--source", "un", v1); code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("re-import: %d %s", code, out)
	}
	code, out, _ := run(t, "--db", db, "lists", "status", "--json")
	var status []struct {
		Source   string           `json:"source"`
		Versions []map[string]any `json:"versions"`
		Counts   map[string]int   `json:"counts"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &status) != nil || status[0].Source != "un" || len(status[0].Versions) != 2 || status[0].Counts["person"] != 1 {
		t.Errorf("status: %d %s", code, out)
	}
	code, out, _ = run(t, "--db", db, "lists", "diff", "--source", "un", "--json")
	var diff struct {
		Removed []struct{ ID string } `json:"removed"`
		Added   []any                 `json:"added"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &diff) != nil || len(diff.Removed) != 1 || diff.Removed[0].ID != "un:IQi.074" || len(diff.Added) != 0 {
		t.Errorf("diff: %d %s", code, out)
	}
	code, out, _ = run(t, "--db", db, "entity", "show", "un:IQi.074", "--at", "2020-06-01", "--json")
	var view struct {
		Listed  bool `json:"listed"`
		Periods []struct {
			RemovedIn map[string]any `json:"removed_in"`
		} `json:"periods"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &view) != nil || !view.Listed || view.Periods[0].RemovedIn == nil {
		t.Errorf("entity show at 2020-06-01: %d %s", code, out)
	}
	if code, out, _ := run(t, "--db", db, "entity", "show", "un:IQi.074"); code != 0 || !strings.Contains(out, "NOT LISTED") {
		t.Errorf("entity show latest: %d %s", code, out)
	}
	code, out, _ = run(t, "--db", db, "screen", "Kassem Suleimani", "--dob", "1957", "--json")
	var res struct {
		Matches []struct {
			ID          string `json:"id"`
			Explanation struct {
				Pairs       []any `json:"pairs"`
				Adjustments []struct {
					Kind string `json:"kind"`
				} `json:"adjustments"`
			} `json:"explanation"`
		} `json:"matches"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Matches) == 0 || res.Matches[0].ID != "un:IRi.039" ||
		len(res.Matches[0].Explanation.Pairs) != 2 || res.Matches[0].Explanation.Adjustments[0].Kind != "dob" {
		t.Errorf("screen: %d %s", code, out)
	}
	if code, out, _ := run(t, "--db", db, "travel-check", "un:IRi.039", "--to", "RU", "--date", "2020-03-01"); code != 0 || !strings.Contains(out, "VIOLATION") || !strings.Contains(out, "2231 (2015)") {
		t.Errorf("travel-check: %d %s", code, out)
	}
	if code, out, _ := run(t, "--db", db, "exemptions", "add", "un:IRi.039", "--to", "RU", "--from", "2020-02-01", "--until", "2020-03-31", "--reference", "2231/EX/1"); code != 0 || !strings.Contains(out, "#1") {
		t.Errorf("exemptions add: %d %s", code, out)
	}
	if code, out, _ := run(t, "--db", db, "travel-check", "un:IRi.039", "--to", "RU", "--date", "2020-03-01", "--json"); code != 0 || !strings.Contains(out, `"verdict": "exempt"`) {
		t.Errorf("travel-check with exemption: %d %s", code, out)
	}
	if code, out, _ := run(t, "--db", db, "exemptions", "list"); code != 0 || !strings.Contains(out, "2231/EX/1") {
		t.Errorf("exemptions list: %d %s", code, out)
	}
	if code, _, _ := run(t, "--db", db, "exemptions", "remove", "1"); code != 0 {
		t.Error("exemptions remove failed")
	}
	if code, out, _ := run(t, "--db", db, "exemptions", "list"); code != 0 || strings.Contains(out, "2231/EX/1") {
		t.Errorf("exemptions list after removal: %d %s", code, out)
	}
	// removal is recorded, not a deletion: who added it, who removed it
	if code, out, _ := run(t, "--db", db, "exemptions", "list", "--removed"); code != 0 || !strings.Contains(out, "2231/EX/1") || !strings.Contains(out, "recorded by "+actor()) || !strings.Contains(out, "removed ") {
		t.Errorf("exemptions list --removed: %d %s", code, out)
	}
	register := filepath.Join(dir, "register.csv")
	os.WriteFile(register, []byte("subjects,destinations,from,to,reference,committee,purpose,source\n"+
		"un:IRi.039,RU;SY,2020-03-01,2020-03-05,1737/EX/7,1737,medical treatment,\"letter S/AC.50/2020/7, 1 March 2020\"\n"), 0o644)
	for i, want := range []string{"1 recorded, 0 already", "0 recorded, 1 already"} {
		if code, out, errs := run(t, "--db", db, "exemptions", "import", register); code != 0 || !strings.Contains(out, want) {
			t.Errorf("exemptions import #%d: %d %q %q", i+1, code, out, errs)
		}
	}
	if code, out, _ := run(t, "--db", db, "travel-check", "un:IRi.039", "--to", "SY", "--date", "2020-03-02"); code != 0 || !strings.Contains(out, "EXEMPT") ||
		!strings.Contains(out, "the 1737 Committee's exemption (1737/EX/7) in your register (#2)") || !strings.Contains(out, "source: letter S/AC.50/2020/7, 1 March 2020") {
		t.Errorf("travel-check with an imported exemption: %d %s", code, out)
	}
	os.WriteFile(register, []byte("subjects,reference,from\nun:IRi.039,X,2020-02-30\n"), 0o644)
	if code, _, errs := run(t, "--db", db, "exemptions", "import", register); code == 0 || !strings.Contains(errs, "register.csv: row 1 (line 2): from:") {
		t.Errorf("bad register: %d %q", code, errs)
	}
	batch := filepath.Join(dir, "batch.tsv")
	os.WriteFile(batch, []byte("name\tdob\nQasem Soleimani\t1957-03-11\n\t1990\nNobody At All\t\n"), 0o644)
	code, out, errs := run(t, "--db", db, "screen", "--batch", batch)
	// the row that could not be screened is in the output and fails the run
	if code == 0 || !strings.Contains(out, "Qasem Soleimani\tun:IRi.039\t") || !strings.Contains(out, "Nobody At All\t\t") ||
		!strings.Contains(out, "\t\t\tline 3: missing name\n") || !strings.Contains(errs, "1 of 3 rows could not be screened") {
		t.Errorf("batch: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "--db", db, "compare", "Abdul Rahman", "Abd al-Rahman"); code != 0 || !scoreAtLeast(out, screening.DefaultThreshold) {
		t.Errorf("compare: %d %s", code, out)
	}
	arts := filepath.Join(dir, "articles")
	os.Mkdir(arts, 0o755)
	article := filepath.Join(arts, "moscow.txt")
	os.WriteFile(article, []byte("Qasem Soleimani flew to Moscow on 24 July 2015, officials said."), 0o644)
	if code, out, errs := run(t, "--db", db, "scan", article); code != 0 || !strings.Contains(out, "[[Qasem Soleimani|un:IRi.039]] flew to {{Moscow|RU}}") {
		t.Errorf("scan marks: %d %s %s", code, out, errs)
	}
	batchOut := filepath.Join(dir, "scan.jsonl")
	if code, _, errs := run(t, "--db", db, "scan", "--batch", arts, "--out", batchOut); code != 0 {
		t.Errorf("scan batch: %d %s", code, errs)
	} else if b, err := os.ReadFile(batchOut); err != nil || !strings.Contains(string(b), `"id":"un:IRi.039"`) {
		t.Errorf("scan batch --out: %v %s", err, b)
	}
}

func TestCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte(unV1[:300]), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lists", "import", "--source", "un", bad}, "bad.xml"},
		{[]string{"lists", "import", "--source", "xx", bad}, "unknown source"},
		{[]string{"entity", "show", "IRi.039"}, "invalid subject ID"},
		{[]string{"screen", "x", "--dob", "1957-13-01"}, "--dob"},
		{[]string{"screen", "x", "--nationality", "Atlantis"}, "unknown country"},
		{[]string{"travel-check", "un:IRi.039", "--to", "XX", "--date", "2020"}, "unknown country"},
		{[]string{"travel-check", "un:IRi.039", "--to", "RU", "--date", "2020-02-30"}, "February 2020 has no day 30"},
		{[]string{"travel-check", "un:IRi.039", "--to", "RU", "--date", "2015-13-45"}, "--date: date \"2015-13-45\": there is no month 13 (want YYYY-MM-DD, YYYY-MM or YYYY)"},
		{[]string{"travel-check", "un:XXi.999", "--to", "RU", "--date", "2020"}, "unknown subject"},
		{[]string{"exemptions", "add", "un:IRi.039"}, "--reference is required"},
		{[]string{"--log-level", "loud", "lists", "status"}, "--log-level"},
	}
	for _, tt := range tests {
		code, _, errs := run(t, append([]string{"--db", db}, tt.args...)...)
		if code == 0 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want failure mentioning %q", tt.args, code, errs, tt.want)
		}
		if strings.Contains(errs, "parsing time") {
			t.Errorf("%v: Go's parser text leaks: %q", tt.args, errs)
		}
	}
}

// TestEntityShowReal checks the example on the real snapshots.
func TestEntityShowReal(t *testing.T) {
	dir := realdata.Path(t, "lists", "un")
	files, _ := filepath.Glob(filepath.Join(dir, "consolidated-*.xml*"))
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, errs := run(t, append([]string{"--db", db, "lists", "import", "--source", "un"}, files...)...); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ := run(t, "--db", db, "entity", "show", "un:IRi.039")
	for _, want := range []string{"QASEM SOLEIMANI", "strong_alias     Latin     Kasim Sulaymani", "weak_alias       Latin     Sardar Soleimani", "1957-03-11", "008827", "Qom", "iran"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("entity show lacks %q:\n%s", want, out)
		}
	}
	if _, out, _ := run(t, "--db", db, "entity", "show", "un:IRi.039", "--at", "2025-01-01"); !strings.Contains(out, "NOT LISTED on 2025-01-01") {
		t.Errorf("--at 2025-01-01:\n%s", out)
	}
	if _, out, _ := run(t, "--db", db, "entity", "show", "un:IRi.039", "--at", "2017-07-01"); !strings.Contains(out, "LISTED on 2017-07-01") || strings.Contains(out, "NOT LISTED") {
		t.Errorf("--at 2017-07-01:\n%s", out)
	}
	// The publisher's date: the file generated on 3 July 2017 at 20:27 in
	// New York (4 July in UTC) is the list of 3 July, which delisted QDi.168.
	if _, out, _ := run(t, "--db", db, "entity", "show", "un:QDi.168", "--at", "2017-07-03"); !strings.Contains(out, "NOT LISTED on 2017-07-03 (answered from un version 3, generated 2017-07-03)") {
		t.Errorf("--at 2017-07-03:\n%s", out)
	}
	if _, out, _ := run(t, "--db", db, "lists", "status"); !strings.Contains(out, "2017-07-03") || strings.Contains(out, "2017-07-04") {
		t.Errorf("lists status shows UTC dates:\n%s", out)
	}
	if _, out, _ := run(t, "--db", db, "lists", "diff", "--source", "un", "--from", "2025-12-09", "--to", "2025-12-10"); !strings.Contains(out, "0 added, 1 removed, 0 changed") || !strings.Contains(out, "- un:IQi.074") {
		t.Errorf("diff 2025-12-09 → 12-10:\n%s", out)
	}
}

// TestSameSubjectAcrossLists imports the UN, OFSI and EU lists: a UN-listed
// person in the OFSI file is shown as probably the same, with evidence,
// and an export to FtM reads back as the same list.
func TestSameSubjectAcrossLists(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	for _, in := range []struct {
		src  string
		path []string
	}{
		{"un", []string{"lists", "un", "consolidated-2026-05-08.xml"}},
		{"ofsi", []string{"lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz"}},
		{"eu", []string{"lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"}},
	} {
		if code, _, errs := run(t, "--db", db, "lists", "import", "--source", in.src, realdata.Path(t, in.path...)); code != 0 {
			t.Fatalf("import %s: %s", in.src, errs)
		}
	}
	code, out, errs := run(t, "--db", db, "entity", "show", "un:TAi.002")
	if code != 0 {
		t.Fatalf("entity show: %s", errs)
	}
	for _, want := range []string{"ofsi:7172", "probably the same", "the ofsi entry names un:TAi.002 as the same subject", `matches "MOHAMMAD HASSAN AKHUND"`} {
		if !strings.Contains(out, want) {
			t.Errorf("entity show lacks %q:\n%s", want, out)
		}
	}
	// No list states this one: the EU entry and the OFSI group share a
	// passport and a date of birth.
	code, out, _ = run(t, "--db", db, "entity", "show", "eu:EU.3886.3", "--json")
	var view struct {
		SameAs []struct {
			ID       string   `json:"id"`
			Basis    string   `json:"basis"`
			Evidence []string `json:"evidence"`
		} `json:"same_as"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &view) != nil {
		t.Fatalf("entity show --json: %d %s", code, out)
	}
	found := false
	for _, c := range view.SameAs {
		if c.ID == "ofsi:11657" {
			found = c.Basis == "probable" && strings.Contains(strings.Join(c.Evidence, "; "), "same document number FK117RK0") &&
				strings.Contains(strings.Join(c.Evidence, "; "), "same date of birth 1944-04-04")
		}
	}
	if !found {
		t.Errorf("eu:EU.3886.3 not matched to ofsi:11657 by passport and birth date: %+v", view.SameAs)
	}
	export := filepath.Join(t.TempDir(), "un.ftm.json")
	if code, _, errs := run(t, "--db", db, "export", "--format", "ftm", "--source", "un", "--out", export); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	db2 := filepath.Join(t.TempDir(), "v2.db")
	code, out, errs = run(t, "--db", db2, "lists", "import", "--source", "un", export)
	if code != 0 || !strings.Contains(out, "un version 1, generated 2026-05-08") || !strings.Contains(out, "1009 subjects") {
		t.Errorf("import of the export: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "--db", db, "export", "--format", "csv"); code == 0 || !strings.Contains(errs, "only ftm") {
		t.Errorf("export --format csv: %d %s", code, errs)
	}
}

// TestScreenKeepsItsIndex: the first screen builds the index beside the
// store; the next ones read it; a new list version builds it again, and
// --at (other versions) has its own.
func TestScreenKeepsItsIndex(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	v1 := filepath.Join(dir, "v1.xml")
	os.WriteFile(v1, []byte(unV1), 0o644)
	if code, out, errs := run(t, "--db", db, "lists", "import", "--source", "un", v1); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	entries := func() []string {
		m, _ := filepath.Glob(filepath.Join(db+"-cache", "screening-index-*.bin"))
		return m
	}
	for range 2 {
		if code, out, errs := run(t, "--db", db, "screen", "Munir al-Qubaysi"); code != 0 || !strings.Contains(out, "IQi.074") {
			t.Fatalf("screen: %d %s %s", code, out, errs)
		}
	}
	if n := len(entries()); n != 1 {
		t.Fatalf("%d cached indexes, want 1", n)
	}
	// v2 delists IQi.074
	i := strings.Index(unV1, "<INDIVIDUAL><FIRST_NAME>MUNIR")
	j := strings.Index(unV1, "</INDIVIDUALS>")
	v2 := filepath.Join(dir, "v2.xml")
	os.WriteFile(v2, []byte(strings.Replace(unV1[:i]+unV1[j:], "2020-01-02", "2021-01-02", 1)), 0o644)
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", v2); code != 0 {
		t.Fatalf("import v2: %s", errs)
	}
	if code, out, _ := run(t, "--db", db, "screen", "Munir al-Qubaysi"); code != 0 || strings.Contains(out, "IQi.074") {
		t.Errorf("after v2 the delisted subject still matches: %s", out)
	}
	if code, out, _ := run(t, "--db", db, "screen", "Munir al-Qubaysi", "--at", "2020-06-01"); code != 0 || !strings.Contains(out, "IQi.074") {
		t.Errorf("--at 2020-06-01 should screen v1: %s", out)
	}
	if n := len(entries()); n != 2 {
		t.Errorf("%d cached indexes, want 2 (v1 and v2)", n)
	}
	if code, out, _ := run(t, "--db", db, "--cache-dir", "off", "screen", "Qasem Soleimani"); code != 0 || !strings.Contains(out, "IRi.039") {
		t.Errorf("without a cache: %d %s", code, out)
	}
}

// scoreAtLeast reads the score that starts a compare's output.
func scoreAtLeast(out string, min float64) bool {
	f := strings.Fields(out)
	if len(f) == 0 {
		return false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return err == nil && v >= min
}

// TestManifestFailsClosed: no date or destination, no run; a row that
// cannot be judged is in the CSV and the JSON with its error, and the exit
// status is not zero.
func TestManifestFailsClosed(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	v1 := filepath.Join(dir, "v1.xml")
	os.WriteFile(v1, []byte(unV1), 0o644)
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", v1); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	plain := filepath.Join(dir, "plain.csv")
	os.WriteFile(plain, []byte("name,dob\nQasem Soleimani,1957-03-11\n"), 0o644)
	out := filepath.Join(dir, "out.csv")
	for _, args := range [][]string{{"--to", "RU"}, {"--date", "2020-03-01"}, {}} {
		code, stdout, errs := run(t, append([]string{"--db", db, "manifest", plain, "--out", out}, args...)...)
		if code == 0 || !strings.Contains(errs, "no trip to judge") || stdout != "" {
			t.Errorf("manifest %v: exit %d, stdout %q, stderr %q; want a refusal", args, code, stdout, errs)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("manifest %v: a refused run wrote %s", args, out)
		}
	}
	dated := filepath.Join(dir, "dated.csv")
	os.WriteFile(dated, []byte("name,dob,date\nQasem Soleimani,1957-03-11,2020-03-01\nQasem Soleimani,1957-03-11,\nQasem Soleimani,1957-03-11,2020-02-30\n"), 0o644)
	for _, format := range []string{"csv", "json"} {
		code, stdout, errs := run(t, "--db", db, "manifest", dated, "--to", "RU", "--format", format)
		if code == 0 || !strings.Contains(errs, "2 of 3 rows could not be checked (2 of them matched") || !strings.Contains(errs, "line 3: Qasem Soleimani → un:IRi.039") || !strings.Contains(errs, "line 4: Qasem Soleimani → un:IRi.039") {
			t.Errorf("%s: exit %d, stderr %q", format, code, errs)
		}
		for _, want := range []string{"violation", "no date (give --date or a date column)", "February 2020 has no day 30"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s output lacks %q:\n%s", format, want, stdout)
			}
		}
	}
}
