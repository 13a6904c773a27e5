package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

func TestBrowserSearch(t *testing.T) {
	_, ts := testServer(t, false, "")
	ctx := browser(t)
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
	_, ts := testServer(t, false, "")
	ctx := browser(t)
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
	_, ts := testServer(t, false, "")
	raw, err := os.ReadFile(filepath.Join(realdata.Root(), "..", "seed", "article-quds-force-moscow.txt"))
	if err != nil {
		t.Skipf("founding article not found: %v", err)
	}
	ctx := browser(t)
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/scan"),
		chromedp.SetValue(`textarea[name="text"]`, string(raw)),
		chromedp.SetValue(`input[name="published"]`, "2017-04-13"),
		chromedp.Click(`form button[type="submit"]`),
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
		chromedp.SendKeys(`input[name="reviewer"]`, "analyst@example.org"),
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
	if status != "confirmed" || !strings.Contains(audit, "analyst@example.org") || !strings.Contains(audit, "open → confirmed") {
		t.Errorf("after review: status %q, audit:\n%s", status, audit)
	}
}
