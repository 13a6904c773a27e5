package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
)

// roleTokens are the API tokens of one user per role, made by testServer.
type roleTokens map[auth.Role]string

// testUsers are the names testServer gives its users.
var testUsers = map[auth.Role]string{auth.Viewer: "vera", auth.Analyst: "anna", auth.Admin: "adam"}

// addTestUsers adds one user per role and returns their tokens.
func addTestUsers(t testing.TB, st *store.Store) roleTokens {
	t.Helper()
	tokens := roleTokens{}
	for role, name := range testUsers {
		token, cred := auth.IssueToken()
		if _, err := st.AddUser(context.Background(), auth.User{Name: name, Role: role, CreatedBy: "test"}, cred); err != nil {
			t.Fatal(err)
		}
		tokens[role] = token
	}
	return tokens
}

// testServer opens a store (SQLite, or a fresh PostgreSQL database when
// pg is set), imports two UN versions and OFAC, adds one user per role,
// and returns a test server with cfg.
func testServer(t *testing.T, pg bool, cfg Config) (*Server, *httptest.Server, roleTokens) {
	t.Helper()
	ctx := context.Background()
	var st *store.Store
	if pg {
		st = store.MustFreshPostgres(t, os.Getenv("VIGIL_TEST_POSTGRES"))
	} else {
		var err error
		st, err = store.Open(ctx, filepath.Join(t.TempDir(), "v.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
	}
	for _, p := range []string{
		realdata.Path(t, "lists", "un", "consolidated-2025-12-09.xml.gz"),
		realdata.Path(t, "lists", "un", "consolidated-2025-12-10.xml.gz"),
	} {
		if _, err := ingest.Import(ctx, st, lists.SourceUN, p, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ingest.Import(ctx, st, lists.SourceOFAC, realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	tokens := addTestUsers(t, st)
	srv, err := New(cfg, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts, tokens
}

type client struct {
	t     *testing.T
	base  string
	token string
}

func (c client) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func decodeInto(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

var article = "Major General Qassem Soleimani, head of Iran's Quds Force, violated United Nations resolutions with a visit to Moscow on Wednesday. He visited Moscow at least twice in 2015."

// exerciseAPI calls every endpoint as an admin (whose role allows every
// call); it runs against SQLite and PostgreSQL.
func exerciseAPI(t *testing.T, ts *httptest.Server, tokens roleTokens) {
	c := client{t: t, base: ts.URL, token: tokens[auth.Admin]}
	admin := testUsers[auth.Admin]
	code, body := c.do("GET", "/api/v1/screen?name="+url.QueryEscape("Qassem Soleimani")+"&dob=1957-03-11", nil)
	var scr struct {
		Matches []struct{ ID string } `json:"matches"`
	}
	decodeInto(t, body, &scr)
	if code != 200 || len(scr.Matches) == 0 || scr.Matches[0].ID != "un:IRi.039" {
		t.Errorf("screen: %d %s", code, body)
	}
	code, body = c.do("POST", "/api/v1/screen", map[string]any{"queries": []map[string]string{{"name": "Kasim Sulaimani"}, {"name": ""}, {"name": "Bank Melli Iran", "kind": "organization"}}})
	var batch struct {
		Results []struct {
			Error   string                `json:"error"`
			Matches []struct{ ID string } `json:"matches"`
		} `json:"results"`
	}
	decodeInto(t, body, &batch)
	if code != 200 || len(batch.Results) != 3 || batch.Results[1].Error == "" || len(batch.Results[0].Matches) == 0 {
		t.Errorf("batch screen: %d %s", code, body)
	}
	code, body = c.do("GET", "/api/v1/compare?a=Abdul+Rahman&b=Abd+al-Rahman", nil)
	var cmp struct{ Score float64 }
	decodeInto(t, body, &cmp)
	if code != 200 || cmp.Score < screening.DefaultThreshold {
		t.Errorf("compare: %d %s", code, body)
	}
	code, body = c.do("POST", "/api/v1/scan", map[string]string{"text": article, "published": "2017-04-13"})
	var sc struct {
		Trips  []struct{ Country, Verdict string } `json:"trips"`
		Alerts []struct{ ID int64 }                `json:"alerts"`
	}
	decodeInto(t, body, &sc)
	if code != 200 || len(sc.Trips) == 0 || len(sc.Alerts) == 0 {
		t.Fatalf("scan: %d %s", code, body)
	}
	// the same story again: no new alert, and its evidence is not repeated
	_, body = c.do("POST", "/api/v1/scan", map[string]string{"text": article, "published": "2017-04-13", "url": ""})
	var again struct {
		Alerts []struct {
			ID       int64
			Evidence []any `json:"evidence"`
		} `json:"alerts"`
	}
	decodeInto(t, body, &again)
	if len(again.Alerts) == 0 || again.Alerts[0].ID != sc.Alerts[0].ID || len(again.Alerts[0].Evidence) != 0 {
		t.Errorf("second scan of the same story: %s", body)
	}
	_, body = c.do("GET", fmt.Sprintf("/api/v1/alerts/%d", sc.Alerts[0].ID), nil)
	var stored struct {
		Evidence []any `json:"evidence"`
	}
	decodeInto(t, body, &stored)
	if len(stored.Evidence) != 1 {
		t.Errorf("alert after scanning the same story twice: %s", body)
	}
	code, body = c.do("GET", "/api/v1/travel-check?id=un:IRi.039&to=RU&date=2025-12-15", nil)
	if code != 200 || !strings.Contains(string(body), `"verdict": "violation"`) {
		t.Errorf("travel-check: %d %s", code, body)
	}
	code, body = c.do("GET", "/api/v1/entities/un:IQi.074?at=2025-12-09", nil)
	if code != 200 || !strings.Contains(string(body), `"listed": true`) {
		t.Errorf("entity: %d %s", code, body)
	}
	code, body = c.do("GET", "/api/v1/entities/un:IRi.039", nil)
	if code != 200 || !strings.Contains(string(body), `"id": "ofac:10481"`) || !strings.Contains(string(body), "same document number 008827") {
		t.Errorf("entity same_as: %d %.2000s", code, body)
	}
	code, body = c.do("GET", "/api/v1/lists", nil)
	if code != 200 || !strings.Contains(string(body), `"source": "ofac"`) {
		t.Errorf("lists: %d %s", code, body)
	}
	code, body = c.do("GET", "/api/v1/lists/un/diff", nil)
	if code != 200 || !strings.Contains(string(body), "IQi.074") {
		t.Errorf("diff: %d %s", code, body)
	}
	code, body = c.do("POST", "/api/v1/exemptions", map[string]any{"subject": "un:IRi.039", "destinations": []string{"RU"}, "from": "2026-01-01", "to": "2026-01-31", "reference": "2231/EX/1"})
	var ex struct{ ID int64 }
	decodeInto(t, body, &ex)
	if code != 201 || ex.ID == 0 {
		t.Fatalf("create exemption: %d %s", code, body)
	}
	if code, body = c.do("GET", fmt.Sprintf("/api/v1/exemptions/%d", ex.ID), nil); code != 200 || !strings.Contains(string(body), "2231/EX/1") {
		t.Errorf("get exemption: %d %s", code, body)
	}
	code, body = c.do("PUT", fmt.Sprintf("/api/v1/exemptions/%d", ex.ID), map[string]any{"subject": "un:IRi.039", "reference": "2231/EX/1-rev"})
	decodeInto(t, body, &ex)
	if code != 200 {
		t.Errorf("update exemption: %d %s", code, body)
	}
	if code, body = c.do("GET", "/api/v1/exemptions?subject=un:IRi.039", nil); code != 200 || !strings.Contains(string(body), "EX/1-rev") {
		t.Errorf("list exemptions: %d %s", code, body)
	}
	if code, _ = c.do("DELETE", fmt.Sprintf("/api/v1/exemptions/%d", ex.ID), nil); code != 204 {
		t.Errorf("delete exemption: %d", code)
	}
	if code, _ = c.do("GET", fmt.Sprintf("/api/v1/exemptions/%d", ex.ID), nil); code != 404 {
		t.Errorf("deleted exemption: %d", code)
	}
	// nothing is hard-deleted: both versions stay, with who added and removed them
	code, body = c.do("GET", "/api/v1/exemptions?subject=un:IRi.039&removed=true", nil)
	var hist []struct {
		Reference string `json:"reference"`
		CreatedBy string `json:"created_by"`
		RemovedBy string `json:"removed_by"`
		RemovedAt string `json:"removed_at"`
	}
	decodeInto(t, body, &hist)
	if code != 200 || len(hist) != 2 || hist[0].Reference != "2231/EX/1" || hist[1].Reference != "2231/EX/1-rev" {
		t.Fatalf("exemption history: %d %s", code, body)
	}
	for _, h := range hist {
		if h.CreatedBy != admin || h.RemovedBy != admin || h.RemovedAt == "" {
			t.Errorf("exemption history entry lacks who/when: %+v", h)
		}
	}
	code, body = c.do("GET", "/api/v1/alerts?status=open&country=RU", nil)
	if code != 200 || !strings.Contains(string(body), "un:IRi.039") {
		t.Errorf("alerts: %d %s", code, body)
	}
	id := sc.Alerts[0].ID
	// a typed reviewer name is refused: the audit records the token's user
	if code, body = c.do("POST", fmt.Sprintf("/api/v1/alerts/%d/review", id), map[string]string{"status": "confirmed", "reviewer": "someone else"}); code != 400 {
		t.Errorf("review with a typed reviewer: %d %s", code, body)
	}
	code, body = c.do("POST", fmt.Sprintf("/api/v1/alerts/%d/review", id), map[string]string{"status": "confirmed", "note": "photos"})
	if code != 200 || !strings.Contains(string(body), `"status": "confirmed"`) {
		t.Errorf("review: %d %s", code, body)
	}
	code, body = c.do("GET", fmt.Sprintf("/api/v1/alerts/%d", id), nil)
	var alert struct {
		Audit []struct{ Actor, Action string } `json:"audit"`
	}
	decodeInto(t, body, &alert)
	if code != 200 || len(alert.Audit) < 2 {
		t.Fatalf("alert: %d %s", code, body)
	}
	for _, e := range alert.Audit {
		if e.Actor != admin {
			t.Errorf("audit entry %q by %q, want %q (the signed-in user)", e.Action, e.Actor, admin)
		}
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/api/openapi.json", "/", "/?name=Qasem", "/subjects/un:IRi.039", "/scan", "/alerts", fmt.Sprintf("/alerts/%d", id), "/lists", "/lists/un/diff"} {
		if code, body := c.do("GET", p, nil); code != 200 {
			t.Errorf("GET %s: %d %.200s", p, code, body)
		}
	}
}

func TestAPISQLite(t *testing.T) {
	_, ts, tokens := testServer(t, false, Config{})
	exerciseAPI(t, ts, tokens)
}

func TestAPIPostgres(t *testing.T) {
	if os.Getenv("VIGIL_TEST_POSTGRES") == "" {
		t.Skip("VIGIL_TEST_POSTGRES is not set; skipping the PostgreSQL API test (CI sets it)")
	}
	_, ts, tokens := testServer(t, true, Config{})
	exerciseAPI(t, ts, tokens)
}

func TestBadRequests(t *testing.T) {
	_, ts, tokens := testServer(t, false, Config{})
	c := client{t: t, base: ts.URL, token: tokens[auth.Admin]}
	big := strings.Repeat("x", 2<<20)
	tests := []struct {
		method, path string
		body         any
		status       int
	}{
		{"GET", "/api/v1/screen", nil, 400},
		{"GET", "/api/v1/screen?name=x&dob=1957-13-01", nil, 400},
		{"GET", "/api/v1/screen?name=x&threshold=7", nil, 400},
		{"GET", "/api/v1/screen?name=x&limit=-1", nil, 400},
		{"GET", "/api/v1/screen?name=x&nationality=Atlantis", nil, 400},
		{"GET", "/api/v1/screen?name=x&list=xx", nil, 400},
		{"POST", "/api/v1/screen", "{bad json", 400},
		{"POST", "/api/v1/screen", `{"queries": []}`, 400},
		{"POST", "/api/v1/screen", `{"queries": [{"name": "a"}], "extra": 1}`, 400},
		{"POST", "/api/v1/screen", `{"queries": [{"name": "` + big + `"}]}`, 413},
		{"POST", "/api/v1/scan", `{}`, 400},
		{"POST", "/api/v1/scan", `{"url": "ftp://x"}`, 400},
		{"POST", "/api/v1/scan", `{"text": "x", "published": "yesterday"}`, 400},
		{"GET", "/api/v1/compare?a=x", nil, 400},
		{"GET", "/api/v1/travel-check?id=un:IRi.039&to=XX&date=2020", nil, 400},
		{"GET", "/api/v1/travel-check?id=un:IRi.039&to=RU&date=2020-02-30", nil, 400},
		{"GET", "/api/v1/travel-check?id=IRi.039&to=RU&date=2020", nil, 400},
		{"GET", "/api/v1/travel-check?id=un:XXi.999&to=RU&date=2020", nil, 404},
		{"GET", "/api/v1/entities/un:XXi.999", nil, 404},
		{"GET", "/api/v1/entities/un:IRi.039?at=tomorrow", nil, 400},
		{"GET", "/api/v1/lists/xx/diff", nil, 400},
		{"GET", "/api/v1/lists/un/diff?from=abc", nil, 400},
		{"GET", "/api/v1/lists/un/diff?from=9999&to=1", nil, 404},
		{"POST", "/api/v1/exemptions", `{"subject": "un:IRi.039"}`, 400},
		{"POST", "/api/v1/exemptions", `{"subject": "un:IRi.039", "reference": "r", "destinations": ["XX"]}`, 400},
		{"POST", "/api/v1/exemptions", `{"subject": "un:IRi.039", "reference": "r", "from": "2020-02-01", "to": "2020-01-01"}`, 400},
		{"GET", "/api/v1/exemptions/abc", nil, 400},
		{"PUT", "/api/v1/exemptions/999", `{}`, 404},
		{"GET", "/api/v1/alerts?status=closed", nil, 400},
		{"GET", "/api/v1/alerts/999", nil, 404},
		{"POST", "/api/v1/alerts/999/review", `{"status": "confirmed"}`, 404},
		{"GET", "/api/v1/exemptions?removed=yes", nil, 400},
		{"POST", "/api/v1/users", `{"name": "Bad Name", "role": "viewer"}`, 400},
		{"POST", "/api/v1/users", `{"name": "newbie", "role": "root"}`, 400},
		{"POST", "/api/v1/users", `{"name": "vera", "role": "viewer"}`, 409},
		{"POST", "/api/v1/users/nobody/revoke", nil, 404},
		{"POST", "/api/v1/users/adam/revoke", nil, 400},
		{"GET", "/api/v1/nothing", nil, 404},
		{"PATCH", "/api/v1/screen", nil, 405},
	}
	for _, tt := range tests {
		code, body := c.do(tt.method, tt.path, tt.body)
		if code != tt.status {
			t.Errorf("%s %s: %d, want %d (%.200s)", tt.method, tt.path, code, tt.status, body)
			continue
		}
		if !json.Valid(body) {
			t.Errorf("%s %s: body is not JSON: %.200s", tt.method, tt.path, body)
		}
	}
}

// TestOpenAPIInSync checks that the OpenAPI document and the routes agree,
// on the paths and on the role each operation needs (x-vigil-role).
func TestOpenAPIInSync(t *testing.T) {
	srv, err := New(Config{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Role      string                     `json:"x-vigil-role"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			pattern := strings.ToUpper(method) + " " + path
			documented = append(documented, pattern)
			if rule := srv.access[pattern]; rule != nil && rule.need.String() != op.Role {
				t.Errorf("%s: documented role %q, the route needs %q", pattern, op.Role, rule.need)
			}
			if op.Responses["401"] == nil || op.Responses["403"] == nil {
				t.Errorf("%s: 401 and 403 are not documented", pattern)
			}
		}
	}
	slices.Sort(documented)
	routes := slices.Clone(srv.apiPatterns)
	slices.Sort(routes)
	if !slices.Equal(documented, routes) {
		t.Errorf("OpenAPI paths and routes differ:\ndocumented %v\nrouted     %v", documented, routes)
	}
}

func FuzzScreenParams(f *testing.F) {
	srv, err := New(Config{OpenReads: true}, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	f.Add("name=Qasem&dob=1957&threshold=0.5")
	f.Add("name=%ff%fe&limit=1000000000000")
	f.Add("name=a&list=un,ofac,,&kind=vessel")
	var once sync.Once
	f.Fuzz(func(t *testing.T, q string) {
		once.Do(func() {})
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/screen?"+regexp.MustCompile(`[#\s]`).ReplaceAllString(q, ""), nil)
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%q: status %d: %s", q, rec.Code, rec.Body)
		}
	})
}
