package server

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/feeds"
)

// TestBrowserHomeAndTimeline: the page an analyst starts the day on shows
// the open alert under its regime with its newest evidence, the feeds'
// health with a failing feed's error, and the latest list versions; the
// person's page draws the reported trips on a timeline coloured by
// verdict; the queue page is for admins.
func TestBrowserHomeAndTimeline(t *testing.T) {
	srv, ts, tokens := testServer(t, false, Config{})
	ctx := context.Background()
	st := srv.st
	for _, r := range []alerts.Report{
		{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Regime: "iran", Country: "RU", Date: "2015-07-24", Verdict: "violation",
			Evidence: alerts.Evidence{Source: "https://ledger.example/1", URL: "https://ledger.example/1", Outlet: "ledger.example", Quote: "Soleimani travelled to Moscow on 24 July 2015.", Place: "Moscow", Verdict: "violation", Published: "2015-08-07"}},
		{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Regime: "iran", Country: "RU", Date: "2015-07-24", Verdict: "violation",
			Evidence: alerts.Evidence{Source: "https://gazette.example/2", URL: "https://gazette.example/2", Outlet: "gazette.example", Quote: "He arrived in Moscow on 24 July.", Place: "Moscow", Verdict: "violation", Published: "2015-08-12"}},
		{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Regime: "iran", Country: "SY", Date: "2017-04", Verdict: "unclear",
			Evidence: alerts.Evidence{Source: "https://ledger.example/3", URL: "https://ledger.example/3", Outlet: "ledger.example", Quote: "He was seen in Damascus in April.", Place: "Damascus", Verdict: "unclear"}},
	} {
		if _, _, err := st.FileReport(ctx, r, "watch"); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := feeds.New("https://ledger.example/rss.xml", "Daily Ledger", "en", 0)
	f, err := st.AddFeed(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordPoll(ctx, f.ID, feeds.Poll{At: f.AddedAt, Err: errNotAFeedForTest}, f.AddedAt.Add(feeds.DefaultEvery)); err != nil {
		t.Fatal(err)
	}

	bctx := browser(t)
	signIn(t, bctx, ts.URL, tokens[auth.Viewer])
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(`#home`)); err != nil {
		t.Fatal(err)
	}
	home := text(t, bctx, `#home`)
	screenshot(t, bctx, "home")
	for _, want := range []string{"Open alerts (2)", "iran", "QASEM SOLEIMANI", "RU 2015-07-24", "He arrived in Moscow on 24 July.", "gazette.example, 2015-08-12",
		"Daily Ledger", "failing", "not a feed", "Latest list versions", "what changed"} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q:\n%s", want, home)
		}
	}
	if strings.Contains(home, "Soleimani travelled to Moscow") {
		t.Error("home page shows an older report instead of the newest")
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/subjects/un:IRi.039"), chromedp.WaitVisible(`svg.timeline`)); err != nil {
		t.Fatal(err)
	}
	fills, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("svg.timeline circle")].map(c => c.getAttribute("fill"))`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(fills, " ") != "#b42318 #b54708" && strings.Join(fills, " ") != "#b54708 #b42318" {
		t.Errorf("timeline circles %v, want one red (violation) and one amber (unclear)", fills)
	}
	// viewers do not see the queue
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/queue")); err != nil {
		t.Fatal(err)
	}
	if body := text(t, bctx, `body`); strings.Contains(body, "News monitor queue") {
		t.Error("a viewer sees the queue page")
	}
}

var errNotAFeedForTest = feeds.ErrNotAFeed
