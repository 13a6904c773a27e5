package crawl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/store"
)

// site records when each request started and ended.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	starts   []time.Time
	ends     []time.Time
	inFlight int
	overlap  bool
	robots   func(w http.ResponseWriter)
}

func newSite(t *testing.T, robots func(w http.ResponseWriter)) *site {
	s := &site{robots: robots}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			s.robots(w)
			return
		}
		s.mu.Lock()
		s.starts = append(s.starts, time.Now())
		s.inFlight++
		s.overlap = s.overlap || s.inFlight > 1
		s.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>page</body></html>"))
		s.mu.Lock()
		s.inFlight--
		s.ends = append(s.ends, time.Now())
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

func leases(t *testing.T) *store.Store {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func fetcher() *fetch.Fetcher { return fetch.New(fetch.Config{AllowPrivate: true}, nil) }

// Two crawlers (two processes) sharing the store's leases send one
// request at a time to a host, each starting at least the delay after
// the previous one ended.
func TestOneRequestAtATimePerHostWithDelay(t *testing.T) {
	s := newSite(t, func(w http.ResponseWriter) { http.NotFound(w, nil) })
	st := leases(t)
	const delay = 30 * time.Millisecond
	cfg := Config{MinDelay: delay}
	a := New(cfg, fetcher(), st, "process-a", nil)
	b := New(cfg, fetcher(), st, "process-b", nil)
	var wg sync.WaitGroup
	for i := range 6 {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Get(context.Background(), fetch.Request{URL: s.URL + "/page"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.overlap || len(s.starts) != 6 {
		t.Fatalf("overlapping requests (%v) or %d requests", s.overlap, len(s.starts))
	}
	for i := 1; i < len(s.starts); i++ {
		if gap := s.starts[i].Sub(s.ends[i-1]); gap < delay {
			t.Errorf("request %d started %s after the previous ended, want ≥ %s", i, gap, delay)
		}
	}
}

func TestRobots(t *testing.T) {
	for _, tc := range []struct {
		name    string
		robots  func(w http.ResponseWriter)
		path    string
		allowed bool
	}{
		{"disallowed path", func(w http.ResponseWriter) { w.Write([]byte("User-agent: *\nDisallow: /private/\n")) }, "/private/x", false},
		{"allowed path", func(w http.ResponseWriter) { w.Write([]byte("User-agent: *\nDisallow: /private/\n")) }, "/news/x", true},
		{"group for vigil", func(w http.ResponseWriter) {
			w.Write([]byte("User-agent: vigil\nDisallow: /\n\nUser-agent: *\nAllow: /\n"))
		}, "/news/x", false},
		{"no robots.txt", func(w http.ResponseWriter) { http.NotFound(w, nil) }, "/news/x", true},
		{"server error", func(w http.ResponseWriter) { http.Error(w, "down", http.StatusServiceUnavailable) }, "/news/x", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, tc.robots)
			c := New(Config{}, fetcher(), leases(t), "p", nil)
			_, err := c.Get(context.Background(), fetch.Request{URL: s.URL + tc.path})
			if tc.allowed && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.allowed && !errors.Is(err, ErrDisallowed) {
				t.Fatalf("err = %v, want ErrDisallowed", err)
			}
		})
	}
}
