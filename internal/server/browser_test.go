package server

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/realdata"
)

// browser starts headless Chromium for UI tests. Without Chromium the tests
// skip, unless VIGIL_REQUIRE_BROWSER is set (CI sets it and installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, p := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if found, err := exec.LookPath(p); err == nil {
			path = found
			break
		}
	}
	if path == "" {
		if os.Getenv("VIGIL_REQUIRE_BROWSER") != "" {
			t.Fatal("Chromium is required (VIGIL_REQUIRE_BROWSER is set) but not installed")
		}
		t.Skip("Chromium not installed; skipping browser tests (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.WindowSize(1280, 1000))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// screenshot saves a full-page PNG into VIGIL_SCREENSHOTS (the README's
// docs/screenshots when regenerating them), else the test's temp folder.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("VIGIL_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// signIn signs the browser in with token through the sign-in form; reads
// need a user, so every UI test starts here.
func signIn(t *testing.T, ctx context.Context, base, token string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name="token"]`),
		chromedp.SendKeys(`input[name="token"]`, token),
		chromedp.Submit(`input[name="token"]`),
		chromedp.WaitVisible(`#signed-in`),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

func TestBrowserSearch(t *testing.T) {
	_, ts, tokens := testServer(t, false, Config{})
	ctx := browser(t)
	signIn(t, ctx, ts.URL, tokens[auth.Viewer])
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.SendKeys(`input[name="name"]`, "Qassem Soleimani"),
		chromedp.Submit(`input[name="name"]`),
		chromedp.WaitVisible(`tr.match`),
		chromedp.Click(`tr.match details summary`),
	)
	if err != nil {
		t.Fatal(err)
	}
	results := text(t, ctx, `table`)
	screenshot(t, ctx, "search")
	if !strings.Contains(results, "un:IRi.039") {
		t.Errorf("results do not show un:IRi.039:\n%s", results)
	}
}

// TestBrowserSubjectSameAs opens a subject page: the same person on the
// OFAC list is shown with the evidence.
func TestBrowserSubjectSameAs(t *testing.T) {
	_, ts, tokens := testServer(t, false, Config{})
	ctx := browser(t)
	signIn(t, ctx, ts.URL, tokens[auth.Viewer])
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/subjects/un:IRi.039"), chromedp.WaitVisible(`#same-as`)); err != nil {
		t.Fatal(err)
	}
	body := text(t, ctx, `main`)
	for _, want := range []string{"On other lists", "ofac:10481", "probably the same", "same document number 008827"} {
		if !strings.Contains(body, want) {
			t.Errorf("subject page lacks %q", want)
		}
	}
}

func TestBrowserScanAndReview(t *testing.T) {
	_, ts, tokens := testServer(t, false, Config{})
	raw, err := os.ReadFile(realdata.Shared(t, "seed", "article-quds-force-moscow.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signIn(t, ctx, ts.URL, tokens[auth.Analyst])
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/scan"),
		chromedp.SetValue(`textarea[name="text"]`, string(raw)),
		chromedp.SetValue(`input[name="published"]`, "2017-04-13"),
		chromedp.Click(`form[action="/scan"] button[type="submit"]`),
		chromedp.WaitVisible(`.card.trip.violation`),
	)
	if err != nil {
		t.Fatal(err)
	}
	marked, err := chromedp.Run(ctx, chromedp.OuterHTML(`#article`))
	if err != nil {
		t.Fatal(err)
	}
	cards := text(t, ctx, `.cards`)
	screenshot(t, ctx, "scan")
	if !strings.Contains(marked, `<mark class="subject" title="un:IRi.039`) {
		t.Errorf("Soleimani is not highlighted as un:IRi.039 in the article")
	}
	if !strings.Contains(cards, "violation") || !strings.Contains(cards, "resolution") {
		t.Errorf("trip cards lack a cited violation:\n%s", cards)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(`p.notice a`),
		chromedp.WaitVisible(`#status`),
		chromedp.SendKeys(`input[name="note"]`, "confirmed by photo"),
		chromedp.Click(`button[value="confirmed"]`),
		chromedp.WaitVisible(`#status.s-confirmed`),
	)
	if err != nil {
		t.Fatal(err)
	}
	status := text(t, ctx, `#status`)
	audit := text(t, ctx, `#audit`)
	screenshot(t, ctx, "alert")
	if status != "confirmed" || !strings.Contains(audit, testUsers[auth.Analyst]) || !strings.Contains(audit, "open → confirmed") {
		t.Errorf("after review: status %q, audit:\n%s", status, audit)
	}
}

// TestBrowserCrossOriginReview: a page served from another port of
// 127.0.0.1 (same site, other origin, so SameSite cookies are sent) posts
// a review form to Vigil while an analyst is signed in. Vigil refuses it,
// with or without a stolen CSRF token, and the alert is untouched; the
// signed-in same-origin form then reviews it, recorded under the user.
func TestBrowserCrossOriginReview(t *testing.T) {
	srv, st, tokens := accessServer(t, Config{})
	ctx := context.Background()
	a, _, err := st.FileReport(ctx, alerts.Report{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Country: "RU", Date: "2015-07-24", Verdict: "violation",
		Evidence: alerts.Evidence{Source: "fixture", Quote: "Soleimani visited Moscow", Place: "Moscow", Date: "2015-07-24", Verdict: "violation"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	// reviewPosts records what arrived at the review route: whether the
	// browser sent the session cookie, and its Sec-Fetch-Site.
	var mu sync.Mutex
	var reviewPosts []string
	handler := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/review") {
			_, err := r.Cookie(sessionCookie)
			mu.Lock()
			reviewPosts = append(reviewPosts, fmt.Sprintf("cookie=%v site=%s", err == nil, r.Header.Get("Sec-Fetch-Site")))
			mu.Unlock()
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	target := fmt.Sprintf("%s/alerts/%d/review", ts.URL, a.ID)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><body><form id="f" method="post" action="%s">
<input name="status" value="dismissed"><input name="note" value="forged by another site"><input name="csrf" value="%s">
</form><script>document.getElementById("f").submit()</script></body></html>`, html.EscapeString(target), html.EscapeString(r.URL.Query().Get("csrf")))
	}))
	t.Cleanup(evil.Close)
	if strings.TrimPrefix(evil.URL, "http://127.0.0.1:") == evil.URL || evil.URL[:17] != ts.URL[:17] {
		t.Fatalf("want two ports of 127.0.0.1: %s, %s", ts.URL, evil.URL)
	}

	bctx := browser(t)
	signIn(t, bctx, ts.URL, tokens[auth.Analyst])
	if err := chromedp.Do(bctx, chromedp.Navigate(fmt.Sprintf("%s/alerts/%d", ts.URL, a.ID))); err != nil {
		t.Fatal(err)
	}
	stolen, err := chromedp.Run(bctx, chromedp.Value(`#review input[name="csrf"]`))
	if err != nil || stolen == "" {
		t.Fatalf("read the review form's token: %q, %v", stolen, err)
	}
	for _, csrf := range []string{"", stolen} {
		if err := chromedp.Do(bctx, chromedp.Navigate(evil.URL+"/?csrf="+url.QueryEscape(csrf)), chromedp.WaitVisible(`p.error`)); err != nil {
			t.Fatalf("cross-origin page (token %v): %v", csrf != "", err)
		}
		refusal := text(t, bctx, `p.error`)
		location, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if location != target || !strings.Contains(refusal, "cross-origin request refused") {
			t.Errorf("cross-origin post (token %v) at %s: %q", csrf != "", location, refusal)
		}
	}
	if got, err := st.Alert(ctx, a.ID); err != nil || got.Status != alerts.Open || strings.Contains(fmt.Sprint(got.Audit), "forged") {
		t.Fatalf("after the cross-origin posts the alert is %+v, %v", got, err)
	}
	err = chromedp.Do(bctx,
		chromedp.Navigate(fmt.Sprintf("%s/alerts/%d", ts.URL, a.ID)),
		chromedp.SendKeys(`#review input[name="note"]`, "seen on the flight manifest"),
		chromedp.Click(`#review button[value="confirmed"]`),
		chromedp.WaitVisible(`#status.s-confirmed`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if audit := text(t, bctx, `#audit`); !strings.Contains(audit, testUsers[auth.Analyst]) || !strings.Contains(audit, "open → confirmed") {
		t.Errorf("audit after the same-origin review:\n%s", audit)
	}
	mu.Lock()
	defer mu.Unlock()
	// Both forged posts carried the session cookie (same site): only the
	// cross-origin check stopped them.
	want := []string{"cookie=true site=same-site", "cookie=true site=same-site", "cookie=true site=same-origin"}
	if !slices.Equal(reviewPosts, want) {
		t.Errorf("review posts = %v, want %v", reviewPosts, want)
	}
}
