package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/news"
	"github.com/vigilhq/vigil/internal/store"
)

// TestMain lets a test run this test binary as the vigil command (a
// child process the test can kill): with VIGIL_CLI_CHILD=1 it runs Main
// on its arguments and exits.
func TestMain(m *testing.M) {
	if os.Getenv("VIGIL_CLI_CHILD") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// tripCities are where the generated articles send the general.
var tripCities = []struct{ city, country string }{{"Moscow", "RU"}, {"Beijing", "CN"}, {"Damascus", "SY"}, {"Baghdad", "IQ"}, {"Caracas", "VE"}}

// fillerWords make every generated article's text its own, so that none
// is taken for a copy of another.
var fillerWords = strings.Fields(`harbour council grain ministry tariff railway drought festival election bridge
	pension vaccine museum refinery orchestra satellite cathedral glacier tribunal stadium copper lottery
	textile volcano airline vineyard bakery parliament telescope monsoon shipyard archive cotton brewery`)

// generatedArticle is article i of the backlog: the general's trip to one
// of five capitals, reported in words no other article uses together.
func generatedArticle(i int) string {
	c := tripCities[i%len(tripCities)]
	var filler strings.Builder
	x := uint64(i)*2654435761 + 12345
	for w := range 60 {
		x = x*6364136223846793005 + 1442695040888963407
		filler.WriteString(fillerWords[x>>58%uint64(len(fillerWords))])
		if w%12 == 11 {
			filler.WriteString(". ")
		} else {
			filler.WriteString(" ")
		}
	}
	return fmt.Sprintf(`<!DOCTYPE html><html><head><title>Report %d</title></head><body><article><h1>Report %d</h1>
<p>Major General Qassem Soleimani travelled to %s on 24 July 2015, officials told reporter number %d.</p>
<p>%s</p></article></body></html>`, i, i, c.city, i, filler.String())
}

// TestPostgresWatchersDrainBacklog: on PostgreSQL, two `vigil watch
// --once` processes drain a backlog of queued articles (VIGIL_DRAIN_ARTICLES,
// default 1,000; the must-show count is 5,000) spread over eight loopback
// sites; one is killed with SIGKILL midway. Every article ends scanned,
// the alerts are one per destination, and no evidence is filed twice.
func TestPostgresWatchersDrainBacklog(t *testing.T) {
	base := os.Getenv("VIGIL_TEST_POSTGRES")
	if base == "" {
		t.Skip("VIGIL_TEST_POSTGRES is not set; skipping the PostgreSQL drain test (CI sets it)")
	}
	n := 1000
	if v := os.Getenv("VIGIL_DRAIN_ARTICLES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("VIGIL_DRAIN_ARTICLES=%q: %v", v, err)
		}
	}
	t.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "1")
	ctx := context.Background()
	st := store.MustFreshPostgres(t, base)
	dsn := st.DSN()
	dir := t.TempDir()
	list := filepath.Join(dir, "un.xml")
	if err := os.WriteFile(list, []byte(soleimaniList), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "--db", dsn, "lists", "import", "--source", "un", list); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	var sites []*httptest.Server
	for range 8 {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/a/"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, generatedArticle(i))
		}))
		defer s.Close()
		sites = append(sites, s)
	}
	backlog := make([]news.Article, n)
	for i := range backlog {
		u := fmt.Sprintf("%s/a/%d", sites[i%len(sites)].URL, i)
		backlog[i] = news.Article{URL: u, Outlet: news.Outlet(u)}
	}
	if added, err := st.AddArticles(ctx, backlog); err != nil || len(added) != n {
		t.Fatalf("queue the backlog: %d added, %v", len(added), err)
	}

	start := time.Now()
	watcher := func(name string) (*exec.Cmd, *strings.Builder) {
		cmd := exec.Command(os.Args[0], "--db", dsn, "--log-level", "warn", "watch", "--once", "--workers", "4", "--host-delay", "0s", "--rescue-after", "10s", "--tick", "2s", "--fetch-timeout", "4s")
		cmd.Env = append(os.Environ(), "VIGIL_CLI_CHILD=1")
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", name, err)
		}
		return cmd, &out
	}
	a, aOut := watcher("a")
	b, bOut := watcher("b")
	// kill a once a fifth of the backlog is scanned, in the middle of its
	// jobs
	for {
		counts, err := st.ArticleCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts[news.Scanned] >= n/5 {
			break
		}
		if time.Since(start) > 90*time.Second+time.Duration(n)*20*time.Millisecond {
			t.Fatalf("no progress: %v\na: %s\nb: %s", counts, aOut, bOut)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := a.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	a.Wait()
	killedAt := time.Since(start)
	done := make(chan error, 1)
	go func() { done <- b.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("b: %v\n%s", err, bOut)
		}
	case <-time.After(3 * time.Minute):
		b.Process.Kill()
		counts, _ := st.ArticleCounts(ctx)
		jobs, _ := st.QueueCounts(ctx)
		t.Fatalf("b did not finish: articles %v, jobs %v\n%s", counts, jobs, bOut)
	}
	elapsed := time.Since(start)
	t.Logf("%d articles: a killed after %s; b finished after %s (%s)", n, killedAt.Round(time.Millisecond), elapsed.Round(time.Millisecond), strings.TrimSpace(bOut.String()))

	counts, err := st.ArticleCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[news.Scanned] != n {
		t.Fatalf("articles by state after the drain: %v, want all %d scanned", counts, n)
	}
	all, err := st.Alerts(ctx, alerts.Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(tripCities) {
		t.Fatalf("%d alerts, want one per destination (%d)", len(all), len(tripCities))
	}
	evidence := 0
	for _, al := range all {
		full, err := st.Alert(ctx, al.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range full.Evidence {
			if seen[e.URL] {
				t.Errorf("alert %d: evidence from %s filed twice", al.ID, e.URL)
			}
			seen[e.URL] = true
		}
		evidence += len(full.Evidence)
	}
	if evidence != n {
		t.Errorf("%d pieces of evidence, want %d (one per article)", evidence, n)
	}
	retried, err := st.RetriedJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("jobs run more than once (the killed process's, rescued): %d", retried)
}
