package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/news"
	"github.com/vigilhq/vigil/internal/store"
)

// BenchmarkWatchEndToEnd measures the monitor end to end: articles
// queued on eight loopback sites are fetched (politely, one request at a
// time per site), extracted, fingerprinted, scanned and filed as alerts
// by `vigil watch --once`. articles/s/core divides by GOMAXPROCS.
func BenchmarkWatchEndToEnd(b *testing.B) {
	b.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "1")
	var sites []string
	for range 8 {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/a/"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, generatedArticle(i))
		}))
		defer s.Close()
		sites = append(sites, s.URL)
	}
	b.Run("sqlite", func(b *testing.B) {
		benchWatch(b, sites, func(b *testing.B) *store.Store {
			st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "v.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			return st
		})
	})
	b.Run("postgres", func(b *testing.B) {
		base := os.Getenv("VIGIL_TEST_POSTGRES")
		if base == "" {
			b.Skip("VIGIL_TEST_POSTGRES is not set")
		}
		benchWatch(b, sites, func(b *testing.B) *store.Store { return store.MustFreshPostgres(b, base) })
	})
}

func benchWatch(b *testing.B, sites []string, open func(*testing.B) *store.Store) {
	const perRun = 400
	ctx := context.Background()
	list := filepath.Join(b.TempDir(), "un.xml")
	if err := os.WriteFile(list, []byte(soleimaniList), 0o644); err != nil {
		b.Fatal(err)
	}
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		st := open(b)
		dsn := st.DSN()
		if code := Main([]string{"--db", dsn, "lists", "import", "--source", "un", list}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatal("import failed")
		}
		arts := make([]news.Article, perRun)
		for i := range arts {
			u := fmt.Sprintf("%s/a/%d", sites[i%len(sites)], i)
			arts[i] = news.Article{URL: u, Outlet: news.Outlet(u)}
		}
		if _, err := st.AddArticles(ctx, arts); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		var errb strings.Builder
		if code := Main([]string{"--db", dsn, "watch", "--once", "--workers", strconv.Itoa(4 * runtime.GOMAXPROCS(0)), "--host-delay", "0s"}, strings.NewReader(""), io.Discard, &errb); code != 0 {
			b.Fatalf("watch --once: %s", errb.String())
		}
		elapsed += time.Since(start)
		b.StopTimer()
		counts, err := st.ArticleCounts(ctx)
		if err != nil || counts[news.Scanned] != perRun {
			b.Fatalf("articles after the run: %v %v", counts, err)
		}
		st.Close()
		b.StartTimer()
	}
	rate := float64(b.N*perRun) / elapsed.Seconds()
	b.ReportMetric(rate, "articles/s")
	b.ReportMetric(rate/float64(runtime.GOMAXPROCS(0)), "articles/s/core")
}
