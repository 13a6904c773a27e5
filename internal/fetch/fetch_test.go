package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// local returns a fetcher that may reach the test's loopback servers.
func local(t *testing.T, cfg Config) *Fetcher {
	t.Helper()
	cfg.AllowPrivate = true
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Millisecond
	}
	return New(cfg, nil)
}

func TestAllowedAddr(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"93.184.215.14", true},
		{"8.8.8.8", true},
		{"2606:4700::1111", true},
		{"127.0.0.1", false},
		{"127.1.2.3", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.64.0.1", false},      // CGNAT
		{"100.128.0.1", true},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"255.255.255.255", false},
		{"::", false},
		{"::1", false},
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"ff02::1", false},
		{"::ffff:127.0.0.1", false},   // IPv4-mapped loopback
		{"::ffff:10.0.0.1", false},    // IPv4-mapped private
		{"::ffff:8.8.8.8", true},      // IPv4-mapped public
		{"::127.0.0.1", false},        // IPv4-compatible
		{"64:ff9b::a9fe:a9fe", false}, // NAT64 of 169.254.169.254
		{"64:ff9b::7f00:1", false},    // NAT64 of 127.0.0.1
		{"64:ff9b::808:808", true},    // NAT64 of 8.8.8.8
		{"64:ff9b:1::1", false},       // local-use NAT64
		{"2002:7f00:1::", false},      // 6to4 of 127.0.0.1
		{"2002:0808:0808::", true},    // 6to4 of 8.8.8.8
		{"2001::1", false},            // Teredo
		{"2001:db8::1", false},        // documentation
	} {
		if got := allowedAddr(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("allowedAddr(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// TestOneAnswerForEveryRefusal: a guarded loopback server, a name that
// resolves to loopback, a name that does not resolve and a closed port all
// give the same error text, so answers cannot map a network.
func TestOneAnswerForEveryRefusal(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	guarded := New(Config{}, nil)
	open := local(t, Config{Retries: -1})
	ctx := context.Background()
	var texts []string
	for _, tc := range []struct {
		f   *Fetcher
		url string
	}{
		{guarded, srv.URL},                             // loopback, listening
		{guarded, "http://localhost:" + port + "/"},    // a name resolving to loopback
		{guarded, "http://[::ffff:127.0.0.1]:" + port}, // IPv4-mapped loopback
		{guarded, "http://0.0.0.0:" + port},            // unspecified
		{guarded, "http://vigil-test-no-such-host.invalid/"},
		{open, closedURL}, // nothing listens
	} {
		_, err := tc.f.Page(ctx, Request{URL: tc.url})
		if !errors.Is(err, ErrUnreachable) {
			t.Errorf("Page(%s) = %v, want ErrUnreachable", tc.url, err)
			continue
		}
		texts = append(texts, err.Error())
		_, err = tc.f.Download(ctx, tc.url, t.TempDir(), "f")
		if !errors.Is(err, ErrUnreachable) {
			t.Errorf("Download(%s) = %v, want ErrUnreachable", tc.url, err)
		}
	}
	for _, s := range texts {
		if s != ErrUnreachable.Error() {
			t.Errorf("error text %q differs from %q", s, ErrUnreachable)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the guarded server was reached %d times", hits.Load())
	}
}

// TestRedirectIntoPrivateRefused: a public page (here 127.0.0.1, allowed
// by the test's guard) that redirects to a private one (127.0.0.2, refused)
// is refused at the redirect, and the private server sees nothing.
func TestRedirectIntoPrivateRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	var inner atomic.Int32
	private := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.Add(1)
		w.Write([]byte("internal secret"))
	}))
	private.Listener.Close()
	private.Listener = ln
	private.Start()
	defer private.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-private":
			http.Redirect(w, r, private.URL+"/", http.StatusFound)
		case "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			w.Write([]byte("public page"))
		}
	}))
	defer public.Close()

	f := New(Config{}, nil)
	f.allowAddr = func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") }
	ctx := context.Background()
	if p, err := f.Page(ctx, Request{URL: public.URL + "/"}); err != nil || string(p.Body) != "public page" {
		t.Fatalf("public page: %v", err)
	}
	for _, path := range []string{"/to-private", "/to-file"} {
		if _, err := f.Page(ctx, Request{URL: public.URL + path}); !errors.Is(err, ErrUnreachable) || err.Error() != ErrUnreachable.Error() {
			t.Errorf("%s: err = %v, want ErrUnreachable", path, err)
		}
	}
	if inner.Load() != 0 {
		t.Errorf("the private server was reached through a redirect")
	}
	if _, err := f.Page(ctx, Request{URL: public.URL + "/loop"}); err == nil || !strings.Contains(err.Error(), "redirects more than 5") {
		t.Errorf("redirect loop: err = %v", err)
	}
}

func TestCheckURL(t *testing.T) {
	for _, u := range []string{"file:///etc/passwd", "gopher://x/", "ftp://example.org/", "//example.org/", "http://", "http://user:pw@example.org/", "example.org"} {
		if _, err := CheckURL(u); err == nil {
			t.Errorf("CheckURL(%q) accepted", u)
		}
	}
	if _, err := New(Config{}, nil).Page(context.Background(), Request{URL: "file:///etc/passwd"}); err == nil {
		t.Error("a file URL was fetched")
	}
}

func TestPageBounds(t *testing.T) {
	big := strings.Repeat("x", 4096)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/chunked": // no Content-Length: the bound is found while reading
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			for range 4 {
				w.Write([]byte(big))
				w.(http.Flusher).Flush()
			}
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"secret":1}`))
		case "/hang":
			<-r.Context().Done()
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(big + big))
		}
	}))
	defer srv.Close()
	f := local(t, Config{PageBytes: 5000, PageTimeout: 200 * time.Millisecond})
	ctx := context.Background()
	for _, path := range []string{"/sized", "/chunked"} {
		if _, err := f.Page(ctx, Request{URL: srv.URL + path}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: err = %v, want ErrTooLarge", path, err)
		}
	}
	html := []string{"text/html", "text/plain"}
	if _, err := f.Page(ctx, Request{URL: srv.URL + "/json", Accept: html}); !errors.Is(err, ErrContentType) {
		t.Errorf("json page: err = %v, want ErrContentType", err)
	}
	if p, err := f.Page(ctx, Request{URL: srv.URL + "/json"}); err != nil || p.ContentType != "application/json" {
		t.Errorf("json without Accept: %+v, %v", p, err)
	}
	// A server that never answers is given up (PageTimeout bounds the whole fetch).
	if _, err := f.Page(ctx, Request{URL: srv.URL + "/hang"}); err == nil {
		t.Error("a hanging server gave a page")
	}
}

// TestConcurrencyCap: with Concurrent 2, no more than two requests are in
// flight however many fetches are asked for at once.
func TestConcurrencyCap(t *testing.T) {
	var inFlight, most atomic.Int32
	gate := make(chan struct{})
	arrived := make(chan struct{}, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		arrived <- struct{}{}
		<-gate
		inFlight.Add(-1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	f := local(t, Config{Concurrent: 2})
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			_, err := f.Page(context.Background(), Request{URL: srv.URL})
			errs <- err
		})
	}
	<-arrived
	<-arrived // two fetches hold both slots; the other four wait for one
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if most.Load() != 2 {
		t.Errorf("at most %d requests in flight, want 2", most.Load())
	}
}

func TestUserAgentNamesContact(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() }))
	defer srv.Close()
	f := local(t, Config{Contact: "sanctions-desk@example.org"})
	if _, err := f.Page(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ua, "vigil") || !strings.Contains(ua, "sanctions-desk@example.org") {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestConditionalAndRetry(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte("<CONSOLIDATED_LIST/>"))
	}))
	defer srv.Close()
	f := local(t, Config{})
	dir := t.TempDir()
	res, err := f.Download(context.Background(), srv.URL, dir, "un.xml")
	if err != nil {
		t.Fatal(err)
	}
	if res.NotChanged || calls.Load() != 2 {
		t.Errorf("first download: %+v after %d calls", res, calls.Load())
	}
	b, _ := os.ReadFile(res.Path)
	if string(b) != "<CONSOLIDATED_LIST/>" {
		t.Errorf("content = %q", b)
	}
	res, err = f.Download(context.Background(), srv.URL, dir, "un.xml")
	if err != nil || !res.NotChanged {
		t.Errorf("second download = %+v, %v; want not changed", res, err)
	}
	// A page fetch with the validators of the last response gets a 304 too.
	p, err := f.Page(context.Background(), Request{URL: srv.URL, Validators: Validators{ETag: `"v1"`}})
	if err != nil || !p.NotModified {
		t.Errorf("conditional page = %+v, %v", p, err)
	}
}

func TestFailureKeepsLastGood(t *testing.T) {
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail {
			http.Error(w, "gone", http.StatusNotFound)
			return
		}
		w.Write([]byte("good"))
	}))
	defer srv.Close()
	f := local(t, Config{DownloadBytes: 10})
	dir := t.TempDir()
	res, err := f.Download(context.Background(), srv.URL, dir, "f")
	if err != nil {
		t.Fatal(err)
	}
	fail = true
	if _, err := f.Download(context.Background(), srv.URL, dir, "f"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("err = %v, want a 404 error", err)
	}
	if b, _ := os.ReadFile(res.Path); string(b) != "good" {
		t.Errorf("last good file was replaced: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".part-") {
			t.Errorf("partial file left behind: %s", filepath.Join(dir, e.Name()))
		}
	}
}

func TestDownloadBound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("z", 100)))
		w.(http.Flusher).Flush() // chunked: no Content-Length to refuse early
		w.Write([]byte(strings.Repeat("z", 100)))
	}))
	defer srv.Close()
	f := local(t, Config{DownloadBytes: 150})
	dir := t.TempDir()
	if _, err := f.Download(context.Background(), srv.URL, dir, "f"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "f")); err == nil {
		t.Error("an oversized download was kept")
	}
}

// TestUnresolvableNotRetried: a name that does not resolve will not
// resolve in a few seconds either, so an offline update ends at once.
func TestUnresolvableNotRetried(t *testing.T) {
	f := New(Config{Retries: 3, Backoff: time.Hour}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := f.Download(ctx, "http://vigil-test-no-such-host.invalid/x", t.TempDir(), "f")
	if !errors.Is(err, ErrUnreachable) {
		t.Errorf("err = %v, want ErrUnreachable without retries", err)
	}
}

// TestCallerCancelIsNotUnreachable: a fetch the caller gives up on reports
// the caller's cancellation, not an unreachable host.
func TestCallerCancelIsNotUnreachable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	}))
	defer srv.Close()
	_, err := local(t, Config{}).Page(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnreachable) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
