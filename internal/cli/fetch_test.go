package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
)

// TestFetchesGuarded: scan URL and lists update refuse a loopback server
// with the one unreachable text unless VIGIL_ALLOW_PRIVATE_FETCH=1.
func TestFetchesGuarded(t *testing.T) {
	var hits atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/consolidated.xml" {
			w.Write([]byte(unV1))
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("Qasem Soleimani flew to Moscow on 24 July 2015."))
	}))
	defer site.Close()
	saved := ingest.OfficialURLs
	t.Cleanup(func() { ingest.OfficialURLs = saved })
	ingest.OfficialURLs = map[lists.Source][]ingest.Download{lists.SourceUN: {{Name: "consolidated.xml", URL: site.URL + "/consolidated.xml"}}}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "")
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")

	code, _, errs := run(t, "--db", db, "lists", "update", "--source", "un")
	if code == 0 || !strings.Contains(errs, fetch.ErrUnreachable.Error()) {
		t.Errorf("guarded update: %d %s", code, errs)
	}
	v1 := filepath.Join(dir, "v1.xml")
	os.WriteFile(v1, []byte(unV1), 0o644)
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", v1); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	code, _, errs = run(t, "--db", db, "scan", site.URL+"/article")
	if code == 0 || !strings.Contains(errs, fetch.ErrUnreachable.Error()) {
		t.Errorf("guarded scan: %d %s", code, errs)
	}
	if hits.Load() != 0 {
		t.Fatalf("the loopback server was reached %d times through the guard", hits.Load())
	}

	t.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "1")
	if code, out, errs := run(t, "--db", db, "scan", site.URL+"/article", "--json"); code != 0 || !strings.Contains(out, "IRi.039") {
		t.Errorf("scan with the guard lifted: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, "--db", db, "lists", "update", "--source", "un"); code != 0 || !strings.Contains(out, "2 subjects") {
		t.Errorf("update with the guard lifted: %d %s %s", code, out, errs)
	}
}
