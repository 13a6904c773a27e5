package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/fetch"
)

// TestScanURLGuarded: with the default fetcher, a URL on the server's own
// machine is refused with the one unreachable text, on the API and the UI,
// and the internal server sees no request.
func TestScanURLGuarded(t *testing.T) {
	var hits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("<html><body><p>internal admin page</p></body></html>"))
	}))
	defer internal.Close()
	_, ts, tokens := testServer(t, false, Config{})
	c := client{t: t, base: ts.URL, token: tokens[auth.Analyst]}
	for _, u := range []string{internal.URL + "/", strings.Replace(internal.URL, "127.0.0.1", "localhost", 1), "http://169.254.169.254/latest/meta-data/"} {
		code, body := c.do("POST", "/api/v1/scan", map[string]string{"url": u})
		if code != http.StatusBadRequest || !strings.Contains(string(body), fetch.ErrUnreachable.Error()) || strings.Contains(string(body), "admin") {
			t.Errorf("scan of %s: %d %s", u, code, body)
		}
	}
	code, body := postForm(t, ts.URL+"/scan", tokens[auth.Analyst], url.Values{"url": {internal.URL}})
	if strings.Contains(string(body), "internal admin page") || !strings.Contains(string(body), "not a public internet address") {
		t.Errorf("UI scan of a loopback URL: %d, page shows %q", code, body)
	}
	if hits.Load() != 0 {
		t.Errorf("the internal server was fetched %d times", hits.Load())
	}
}

// TestScanURLShowsExtractedTextOnly: the scan page shows the article text
// extracted from a fetched page, escaped, never the page's markup, scripts
// or comments.
func TestScanURLShowsExtractedTextOnly(t *testing.T) {
	page := `<!doctype html><html><head><title>Soleimani in Moscow</title>
<script>var token = "SCRIPT-SECRET-1";</script><style>.x{content:"STYLE-SECRET-2"}</style></head>
<body><!-- COMMENT-SECRET-3 --><nav><a href="/admin">NAV-ADMIN-LINK</a></nav>
<article><h1>Soleimani in Moscow</h1><p>` + article + `</p>
<p>A reader wrote &lt;script&gt;alert(1)&lt;/script&gt; in the comments, which the paper printed as text.</p>
<p>Officials in Moscow declined to comment on the visit, which the Security Council had not approved, and on the talks it led to.</p></article>
</body></html>`
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer site.Close()
	srv, ts, tokens := testServer(t, false, Config{})
	srv.cfg.Fetcher = fetch.New(fetch.Config{AllowPrivate: true}, nil)
	code, body := postForm(t, ts.URL+"/scan", tokens[auth.Analyst], url.Values{"url": {site.URL}, "published": {"2017-04-13"}})
	html := string(body)
	if code != 200 || !strings.Contains(html, "Quds Force") {
		t.Fatalf("UI scan: %d %s", code, body)
	}
	for _, secret := range []string{"SCRIPT-SECRET-1", "STYLE-SECRET-2", "COMMENT-SECRET-3", "<script>alert(1)"} {
		if strings.Contains(html, secret) {
			t.Errorf("the scan page shows %q from the fetched page", secret)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the article's text is not shown escaped")
	}
}

// TestScanURLRefusesOtherTypes: a URL answering JSON is not scanned.
func TestScanURLRefusesOtherTypes(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"secret":"JSON-SECRET"}`))
	}))
	defer site.Close()
	srv, ts, tokens := testServer(t, false, Config{})
	srv.cfg.Fetcher = fetch.New(fetch.Config{AllowPrivate: true}, nil)
	code, body := client{t: t, base: ts.URL, token: tokens[auth.Analyst]}.do("POST", "/api/v1/scan", map[string]string{"url": site.URL})
	if code != http.StatusBadRequest || strings.Contains(string(body), "JSON-SECRET") || !strings.Contains(string(body), "application/json") {
		t.Errorf("scan of a JSON URL: %d %s", code, body)
	}
}

// postForm submits a form as a browser does (signed in with an API token,
// which the UI accepts as well as a session), returning status and page.
func postForm(t *testing.T, u, token string, form url.Values) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestScansQueue: with Scans 1, two URL scans asked for at once run one
// after the other (the second fetch starts only when the first scan ends).
func TestScansQueue(t *testing.T) {
	var inFlight, most atomic.Int32
	gate := make(chan struct{})
	arrived := make(chan struct{}, 2)
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		if n > most.Load() {
			most.Store(n)
		}
		arrived <- struct{}{}
		<-gate
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(article))
		inFlight.Add(-1)
	}))
	defer site.Close()
	srv, ts, tokens := testServer(t, false, Config{})
	srv.cfg.Fetcher = fetch.New(fetch.Config{AllowPrivate: true}, nil)
	srv.scans = make(chan struct{}, 1)
	codes := make(chan int, 2)
	for range 2 {
		go func() {
			code, _ := client{t: t, base: ts.URL, token: tokens[auth.Analyst]}.do("POST", "/api/v1/scan", map[string]string{"url": site.URL})
			codes <- code
		}()
	}
	<-arrived
	close(gate)
	for range 2 {
		if code := <-codes; code != 200 {
			t.Errorf("scan: %d", code)
		}
	}
	if most.Load() != 1 {
		t.Errorf("%d fetches ran at once with one scan slot", most.Load())
	}
}
