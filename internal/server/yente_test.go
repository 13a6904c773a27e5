package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/store"
)

// The yente fixtures: a UN list and an OFAC SDN set that both name Qasem
// Soleimani (the same passport number links the two records) and a Qods
// company, written for these tests.
const yenteUN = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z"><INDIVIDUALS>
<INDIVIDUAL><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE>
<REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER><LISTED_ON>2007-03-24</LISTED_ON>
<DESIGNATION><VALUE>Commander of Qods force</VALUE></DESIGNATION>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Qasim Soleimani</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1957-03-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>008827</NUMBER></INDIVIDUAL_DOCUMENT>
</INDIVIDUAL>
<INDIVIDUAL><FIRST_NAME>GHASEM</FIRST_NAME><SECOND_NAME>SOLEYMANI</SECOND_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE>
<REFERENCE_NUMBER>IRi.040</REFERENCE_NUMBER><LISTED_ON>2008-03-03</LISTED_ON></INDIVIDUAL>
</INDIVIDUALS><ENTITIES>
<ENTITY><FIRST_NAME>QODS AVIATION INDUSTRIES</FIRST_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE><REFERENCE_NUMBER>IRe.999</REFERENCE_NUMBER><LISTED_ON>2007-03-24</LISTED_ON></ENTITY>
</ENTITIES></CONSOLIDATED_LIST>`

const yenteSDN = "10481,\"SOLEIMANI, Qasem\",\"individual\",\"IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 11 Mar 1957; nationality Iran; Diplomatic Passport 008827 (Iran).\"\r\n" +
	"20001,\"WINDMILL TRADING LIMITED\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"

// yenteServer serves the fixtures; it returns a viewer's token (matching
// is a read: the least role will do).
func yenteServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	un := filepath.Join(dir, "un.xml")
	sdn := filepath.Join(dir, "sdn", "sdn.csv")
	os.MkdirAll(filepath.Dir(sdn), 0o755)
	os.WriteFile(un, []byte(yenteUN), 0o644)
	os.WriteFile(sdn, []byte(yenteSDN), 0o644)
	if _, err := ingest.Import(ctx, st, lists.SourceUN, un, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, st, lists.SourceOFAC, filepath.Dir(sdn), ingest.Options{GeneratedAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Partial: true}); err != nil {
		t.Fatal(err)
	}
	tokens := addTestUsers(t, st)
	srv, err := New(Config{}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, tokens[auth.Viewer]
}

// TestYenteMatchShape sends the recorded yente request and checks that
// the answer has every field of the recorded yente response, with the
// same JSON types, and says what yente would: Soleimani matches (his OFAC
// record as a referent), the unknown name matches no one.
func TestYenteMatchShape(t *testing.T) {
	ts, viewer := yenteServer(t)
	req, err := os.ReadFile("testdata/yente/request.json")
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := (client{t, ts.URL, ""}).do("POST", "/match/default", string(req)); code != 401 {
		t.Errorf("anonymous match: status %d, want 401", code)
	}
	code, body := client{t, ts.URL, viewer}.do("POST", "/match/default", string(req))
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	recorded, err := os.ReadFile("testdata/yente/response.json")
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	json.Unmarshal(recorded, &want)
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	sameShape(t, "$", want, got)

	var resp yenteResponse
	decodeInto(t, body, &resp)
	sol := resp.Responses["soleimani"]
	if len(sol.Results) == 0 || sol.Results[0].ID != "un-IRi.039" || !sol.Results[0].Match {
		t.Fatalf("soleimani: %s", body)
	}
	top := sol.Results[0]
	if !slices.Contains(top.Referents, "ofac-10481") || !slices.Contains(top.Datasets, "vigil_ofac") {
		t.Errorf("the OFAC record is not a referent: %+v", top)
	}
	if top.Properties["birthDate"][0] != "1957-03-11" || top.Explanations["dob"].Score <= 0 {
		t.Errorf("date of birth not shown or not counted: %+v", top)
	}
	if sol.Query.ID == nil || *sol.Query.ID != "my-client-0001" || sol.Query.Properties["nationality"][0] != "ir" {
		t.Errorf("query not echoed as yente does (id kept, country as a code): %+v", sol.Query)
	}
	if n := resp.Responses["nobody"]; n.Total.Value != 0 || len(n.Results) != 0 || n.Query.ID != nil {
		t.Errorf("nobody: %+v", n)
	}
	if c := resp.Responses["company"]; len(c.Results) == 0 || c.Results[0].ID != "un-IRe.999" || c.Results[0].Schema != "Organization" {
		t.Errorf("company (name given as a string): %+v", c)
	}
	if resp.Limit != 5 {
		t.Errorf("limit %d, want yente's default 5", resp.Limit)
	}
}

// sameShape checks that got has every key of want, with the same JSON
// type; lists are checked on their first element, maps whose keys are data
// (properties, features, explanations) on their values' types.
func sameShape(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: %T, want an object", path, got)
			return
		}
		dataKeys := strings.HasSuffix(path, ".properties") || strings.HasSuffix(path, ".features") || strings.HasSuffix(path, ".explanations")
		for k, wv := range w {
			if dataKeys {
				for gk, gv := range g {
					sameShape(t, path+"."+gk, wv, gv)
				}
				break
			}
			gv, ok := g[k]
			if !ok {
				t.Errorf("%s: no %q", path, k)
				continue
			}
			sameShape(t, path+"."+k, wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			t.Errorf("%s: %T, want a list", path, got)
			return
		}
		if len(w) > 0 && len(g) > 0 {
			sameShape(t, path+"[0]", w[0], g[0])
		}
	case string:
		if _, ok := got.(string); !ok && got != nil { // yente's dates and ids may be null
			t.Errorf("%s: %T, want a string", path, got)
		}
	case nil:
		if _, ok := got.(string); !ok && got != nil {
			t.Errorf("%s: %T, want a string or null", path, got)
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			t.Errorf("%s: %T, want %T", path, got, want)
		}
	}
}

// TestYenteMatchErrors: the statuses yente gives, with its {"detail"}.
func TestYenteMatchErrors(t *testing.T) {
	ts, viewer := yenteServer(t)
	c := client{t, ts.URL, viewer}
	person := map[string]any{"schema": "Person", "properties": map[string]any{"name": []string{"Qasem Soleimani"}}}
	for _, tt := range []struct {
		name, path string
		body       any
		status     int
	}{
		{"unknown dataset", "/match/nowhere", map[string]any{"queries": map[string]any{"q": person}}, 404},
		{"no schema", "/match/default", map[string]any{"queries": map[string]any{"q": map[string]any{"properties": map[string]any{"name": "Banana"}}}}, 422},
		{"unknown schema", "/match/default", map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Banana", "properties": map[string]any{"name": "x"}}}}, 400},
		{"no queries", "/match/default", map[string]any{"queries": map[string]any{}}, 422},
		{"no name", "/match/default", map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Person", "properties": map[string]any{"birthDate": "1957"}}}}, 400},
		{"bad property", "/match/default", map[string]any{"queries": map[string]any{"q": map[string]any{"schema": "Person", "properties": map[string]any{"name": map[string]any{"x": 1}}}}}, 400},
		{"bad limit", "/match/default?limit=0", map[string]any{"queries": map[string]any{"q": person}}, 422},
		{"not JSON", "/match/default", "{", 422},
	} {
		code, body := c.do("POST", tt.path, tt.body)
		var e struct{ Detail string }
		if code != tt.status || json.Unmarshal(body, &e) != nil || e.Detail == "" {
			t.Errorf("%s: %d %s, want %d with a detail", tt.name, code, body, tt.status)
		}
	}
	// filters: one list, excluded entities
	code, body := c.do("POST", "/match/ofac", map[string]any{"queries": map[string]any{"q": person}})
	var resp yenteResponse
	decodeInto(t, body, &resp)
	if code != 200 || len(resp.Responses["q"].Results) == 0 || resp.Responses["q"].Results[0].ID != "ofac-10481" {
		t.Errorf("/match/ofac: %d %s", code, body)
	}
	code, body = c.do("POST", "/match/default?exclude_entity_ids=un-IRi.039&exclude_entity_ids=ofac-10481&threshold=0.01", map[string]any{"queries": map[string]any{"q": person}})
	decodeInto(t, body, &resp)
	for _, r := range resp.Responses["q"].Results {
		if r.ID == "un-IRi.039" || r.ID == "ofac-10481" {
			t.Errorf("excluded entity returned: %s", body)
		}
	}
}

// FuzzYenteQuery reads arbitrary request bodies as yente queries: an
// error or a query, never a panic.
func FuzzYenteQuery(f *testing.F) {
	if b, err := os.ReadFile("testdata/yente/request.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"queries":{"q":{"schema":"Person","properties":{"name":"x","birthDate":["19"],"nationality":[1,2]}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var req yenteRequest
		if json.Unmarshal(b, &req) != nil {
			return
		}
		for _, ex := range req.Queries {
			if q, _, err := yenteQueryOf(ex); err == nil && strings.TrimSpace(q.Name) == "" {
				t.Fatalf("a query without a name was accepted: %+v", ex)
			}
		}
	})
}
