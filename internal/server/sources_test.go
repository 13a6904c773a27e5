package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/store"
)

// hookSecret is what the tests give a webhook: it must never come back.
const hookSecret = "s3cret-of-the-SIEM-7f2a"

// syncBuffer collects a server's log lines (written from its goroutines).
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sourcesServer is a server over an empty store with one user per role,
// logging at debug level into the returned buffer.
func sourcesServer(t *testing.T) (*httptest.Server, *store.Store, roleTokens, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	srv, st, tokens := loggedAccessServer(t, Config{}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, st, tokens, logs
}

// TestSourcesAPI: viewers list feeds and hooks; admins add, poll and
// remove them; the hook's secret is stored (it signs deliveries) but is
// in no answer and no log line.
func TestSourcesAPI(t *testing.T) {
	ts, st, tokens, logs := sourcesServer(t)
	admin := client{t, ts.URL, tokens[auth.Admin]}
	viewer := client{t, ts.URL, tokens[auth.Viewer]}
	analyst := client{t, ts.URL, tokens[auth.Analyst]}
	var bodies []string // every answer, checked for the secret at the end
	call := func(c client, method, path string, body any, want int) []byte {
		t.Helper()
		code, out := c.do(method, path, body)
		bodies = append(bodies, string(out))
		if code != want {
			t.Errorf("%s %s: %d %s, want %d", method, path, code, out, want)
		}
		return out
	}
	feed := map[string]any{"url": "https://ledger.example/rss.xml", "name": "Daily Ledger", "every": "2h", "language": "en"}
	call(viewer, "POST", "/api/v1/feeds", feed, http.StatusForbidden)
	call(analyst, "POST", "/api/v1/feeds", feed, http.StatusForbidden)
	var added feedView
	decodeInto(t, call(admin, "POST", "/api/v1/feeds", feed, http.StatusCreated), &added)
	if added.ID == 0 || added.EverySeconds != 7200 || added.AddedBy != testUsers[auth.Admin] || added.State != "new" {
		t.Errorf("added feed: %+v", added)
	}
	for _, tt := range []struct {
		body map[string]any
		want int
		msg  string
	}{
		{feed, http.StatusConflict, "already followed"},
		{map[string]any{"url": "ftp://ledger.example/rss"}, http.StatusBadRequest, "http:// or https://"},
		{map[string]any{"url": "https://b.example/rss", "every": "10s"}, http.StatusBadRequest, "shortest interval"},
		{map[string]any{"url": "https://b.example/rss", "every": "often"}, http.StatusBadRequest, "want a duration"},
		{map[string]any{"url": "https://b.example/rss", "every": "1h", "every_seconds": 60}, http.StatusBadRequest, "not both"},
		{map[string]any{"url": "https://b.example/rss", "language": "english"}, http.StatusBadRequest, "ISO 639-1"},
		{map[string]any{"url": "https://b.example/rss", "colour": "red"}, http.StatusBadRequest, "unknown field"},
	} {
		if out := call(admin, "POST", "/api/v1/feeds", tt.body, tt.want); !strings.Contains(string(out), tt.msg) {
			t.Errorf("POST feed %v: %s, want %q", tt.body, out, tt.msg)
		}
	}
	var listed []feedView
	decodeInto(t, call(viewer, "GET", "/api/v1/feeds", nil, http.StatusOK), &listed)
	if len(listed) != 1 || listed[0].URL != "https://ledger.example/rss.xml" || listed[0].Name != "Daily Ledger" {
		t.Errorf("feeds: %+v", listed)
	}
	feedPath := fmt.Sprintf("/api/v1/feeds/%d", added.ID)
	call(viewer, "POST", feedPath+"/poll", nil, http.StatusForbidden)
	call(admin, "POST", feedPath+"/poll", nil, http.StatusAccepted)
	call(admin, "POST", "/api/v1/feeds/999/poll", nil, http.StatusNotFound)

	call(viewer, "POST", "/api/v1/hooks", map[string]string{"url": "https://siem.example/vigil", "secret": hookSecret}, http.StatusForbidden)
	call(admin, "POST", "/api/v1/hooks", map[string]string{"url": "https://siem.example/vigil", "secret": "short"}, http.StatusBadRequest)
	var hook map[string]any
	decodeInto(t, call(admin, "POST", "/api/v1/hooks", map[string]string{"url": "https://siem.example/vigil", "secret": hookSecret}, http.StatusCreated), &hook)
	if _, has := hook["secret"]; has || hook["url"] != "https://siem.example/vigil" || hook["added_by"] != testUsers[auth.Admin] {
		t.Errorf("added hook: %v", hook)
	}
	var hooksListed []map[string]any
	decodeInto(t, call(viewer, "GET", "/api/v1/hooks", nil, http.StatusOK), &hooksListed)
	if len(hooksListed) != 1 || hooksListed[0]["delivered"] != 0.0 {
		t.Errorf("hooks: %v", hooksListed)
	}
	// stored for signing
	if hs, err := st.Hooks(context.Background()); err != nil || len(hs) != 1 || hs[0].Secret.Reveal() != hookSecret {
		t.Errorf("stored hooks: %+v %v", hs, err)
	}
	hookPath := fmt.Sprintf("/api/v1/hooks/%v", hook["id"])
	call(viewer, "DELETE", hookPath, nil, http.StatusForbidden)
	call(admin, "DELETE", hookPath, nil, http.StatusNoContent)
	call(admin, "DELETE", hookPath, nil, http.StatusNotFound)
	call(viewer, "DELETE", feedPath, nil, http.StatusForbidden)
	call(admin, "DELETE", feedPath, nil, http.StatusNoContent)
	call(admin, "DELETE", feedPath, nil, http.StatusNotFound)
	call(admin, "DELETE", "/api/v1/feeds/x", nil, http.StatusBadRequest)
	decodeInto(t, call(viewer, "GET", "/api/v1/feeds", nil, http.StatusOK), &listed)
	decodeInto(t, call(viewer, "GET", "/api/v1/hooks", nil, http.StatusOK), &hooksListed)
	if len(listed) != 0 || len(hooksListed) != 0 {
		t.Errorf("after removal: feeds %v, hooks %v", listed, hooksListed)
	}
	if !strings.Contains(logs.String(), "hook added") {
		t.Errorf("no log line for the added hook:\n%s", logs)
	}
	for _, where := range append(bodies, logs.String()) {
		if strings.Contains(where, hookSecret) {
			t.Fatalf("the hook's secret was given away:\n%s", where)
		}
	}
}

// TestBrowserSources: an admin adds a feed and a webhook on the Feeds
// page and sees them listed (the secret nowhere on the page); a viewer
// sees the feed's health but no form, and a form posted anyway, with the
// viewer's own CSRF token, is refused and adds nothing.
func TestBrowserSources(t *testing.T) {
	ts, st, tokens, logs := sourcesServer(t)
	ctx := browser(t)
	signIn(t, ctx, ts.URL, tokens[auth.Admin])
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/feeds"),
		chromedp.WaitVisible(`#add-feed`),
		chromedp.SendKeys(`#add-feed input[name="url"]`, "https://ledger.example/rss.xml"),
		chromedp.SendKeys(`#add-feed input[name="name"]`, "Daily Ledger"),
		chromedp.SendKeys(`#add-feed input[name="every"]`, "2h"),
		chromedp.Click(`#add-feed button[type="submit"]`),
		chromedp.WaitVisible(`tr.feed`),
		chromedp.SendKeys(`#add-hook input[name="hook_url"]`, "https://siem.example/vigil"),
		chromedp.SendKeys(`#add-hook input[name="secret"]`, hookSecret),
		chromedp.Click(`#add-hook button[type="submit"]`),
		chromedp.WaitVisible(`table.hooks`),
	)
	if err != nil {
		t.Fatal(err)
	}
	feedsTable := text(t, ctx, `table.feeds`)
	for _, want := range []string{"Daily Ledger", "https://ledger.example/rss.xml", "2h", "new"} {
		if !strings.Contains(feedsTable, want) {
			t.Errorf("the feeds table lacks %q:\n%s", want, feedsTable)
		}
	}
	page, err := chromedp.Run(ctx, chromedp.OuterHTML(`html`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "https://siem.example/vigil") || strings.Contains(page, hookSecret) {
		t.Errorf("after adding the webhook the page lists it %v, shows its secret %v", strings.Contains(page, "https://siem.example/vigil"), strings.Contains(page, hookSecret))
	}
	screenshot(t, ctx, "feeds")
	// a bad feed: the error, with what was typed kept
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`#add-feed input[name="url"]`, "https://ledger.example/rss.xml"),
		chromedp.Click(`#add-feed button[type="submit"]`),
		chromedp.WaitVisible(`p.error`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, `p.error`); !strings.Contains(msg, "already followed") {
		t.Errorf("adding a feed twice: %q", msg)
	}

	vctx := browser(t)
	signIn(t, vctx, ts.URL, tokens[auth.Viewer])
	if err := chromedp.Do(vctx, chromedp.Navigate(ts.URL+"/feeds"), chromedp.WaitVisible(`tr.feed`)); err != nil {
		t.Fatal(err)
	}
	if body := text(t, vctx, `main`); !strings.Contains(body, "Daily Ledger") || !strings.Contains(body, "Only an admin can change them") {
		t.Errorf("the viewer's Feeds page:\n%s", body)
	}
	forms, err := chromedp.Run(vctx, chromedp.Evaluate[int](`document.querySelectorAll("main form").length`))
	if err != nil || forms != 0 {
		t.Errorf("the viewer sees %d forms (%v)", forms, err)
	}
	status, err := chromedp.Run(vctx, chromedp.Evaluate[int](`fetch("/feeds", {method: "POST", body: new URLSearchParams({
		csrf: document.querySelector('header input[name="csrf"]').value, url: "https://forged.example/rss.xml"})}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != http.StatusForbidden {
		t.Errorf("a viewer's post of the add-feed form: %d %v, want 403", status, err)
	}
	fs, err := st.Feeds(context.Background())
	if err != nil || len(fs) != 1 {
		t.Errorf("feeds after the viewer's post: %+v %v", fs, err)
	}
	if strings.Contains(logs.String(), hookSecret) {
		t.Error("the hook's secret is in the server's log")
	}
	if b, _ := json.Marshal(fs); bytes.Contains(b, []byte("forged")) {
		t.Error("the viewer's feed was added")
	}
}
