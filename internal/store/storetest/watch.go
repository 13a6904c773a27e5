package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/hooks"
	"github.com/vigilhq/vigil/internal/news"
)

// runWatch is the contract of what news monitoring keeps: feeds and their
// health, articles and their claims, evidence that is never repeated,
// the event outbox, hooks and deliveries, host leases.
func runWatch(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("Feeds", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		f, _ := feeds.New("https://wire.example/rss", "Wire", "en", time.Hour)
		f, err := st.AddFeed(ctx, f)
		if err != nil || f.ID == 0 {
			t.Fatalf("add: %+v %v", f, err)
		}
		if _, err := st.AddFeed(ctx, f); !errors.Is(err, feeds.ErrExists) {
			t.Errorf("second add: %v, want ErrExists", err)
		}
		due, err := st.DueFeeds(ctx, time.Now())
		if err != nil || len(due) != 1 || due[0].Every != time.Hour || due[0].Language != "en" {
			t.Fatalf("due: %+v %v", due, err)
		}
		t0 := time.Now().UTC().Truncate(time.Second)
		if err := st.RecordPoll(ctx, f.ID, feeds.Poll{At: t0, NewItems: 3, Items: 3, ETag: `"v1"`}, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if due, _ := st.DueFeeds(ctx, t0.Add(time.Minute)); len(due) != 0 {
			t.Errorf("due right after a poll: %+v", due)
		}
		if err := st.RecordPoll(ctx, f.ID, feeds.Poll{At: t0.Add(time.Hour), Err: errors.New("malformed RSS feed: XML syntax error on line 3")}, t0.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := st.Feed(ctx, f.ID)
		h := got.Health
		if err != nil || h.ItemsSeen != 3 || h.Failures != 1 || !strings.Contains(h.LastError, "line 3") || !h.LastNewItem.Equal(t0) || !h.LastOK.Equal(t0) || got.ETag != `"v1"` || h.State() != "failing" {
			t.Errorf("health after a failure: %+v %v", got, err)
		}
		if err := st.RemoveFeed(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.RemoveFeed(ctx, f.ID); !errors.Is(err, feeds.ErrNotFound) {
			t.Errorf("second removal: %v", err)
		}
	})
	t.Run("Articles", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		pub := time.Date(2015, 8, 7, 0, 0, 0, 0, time.UTC)
		added, err := st.AddArticles(ctx, []news.Article{{URL: "https://a.example/1", Outlet: "a.example", Published: &pub}, {URL: "https://b.example/1", Outlet: "b.example"}})
		if err != nil || len(added) != 2 {
			t.Fatalf("add: %+v %v", added, err)
		}
		again, err := st.AddArticles(ctx, []news.Article{{URL: "https://a.example/1"}, {URL: "https://c.example/1"}, {URL: "https://d.example/1"}, {URL: "https://e.example/1"}})
		if err != nil || len(again) != 3 || again[0].URL != "https://c.example/1" {
			t.Fatalf("re-add: %+v %v", again, err)
		}
		fp := fingerprint("The commander travelled to Moscow on 24 July and met the president and the defence minister, officials said on Thursday; the visit breached a travel ban of the United Nations that has applied to him since 2007, diplomats said.")
		c, err := st.ClaimText(ctx, added[0].ID, news.Extracted{CanonicalURL: "https://a.example/story", Title: "T", Body: "text", Language: "en", Fingerprint: fp, HasFingerprint: true})
		if err != nil || c.State != news.Fetched {
			t.Fatalf("first claim: %+v %v", c, err)
		}
		a, err := st.Article(ctx, added[0].ID)
		if err != nil || a.Body != "text" || a.Title != "T" || a.Published == nil || !a.Published.Equal(pub) || a.State != news.Fetched {
			t.Errorf("article after claim: %+v %v", a, err)
		}
		// the same canonical URL: a duplicate
		if c, err := st.ClaimText(ctx, again[0].ID, news.Extracted{CanonicalURL: "https://a.example/story"}); err != nil || c.State != news.Duplicate || c.Of != added[0].ID {
			t.Errorf("duplicate claim: %+v %v", c, err)
		}
		// the text with a dateline: a copy; another text: new
		cp := fingerprint("MOSCOW (Wire) — The commander travelled to Moscow on 24 July and met the president and the defence minister, officials said on Thursday; the visit breached a travel ban of the United Nations that has applied to him since 2007, diplomats said.")
		if c, err := st.ClaimText(ctx, added[1].ID, news.Extracted{CanonicalURL: "https://b.example/story", Fingerprint: cp, HasFingerprint: true}); err != nil || c.State != news.Copy || c.Of != added[0].ID {
			t.Errorf("copy claim: %+v %v", c, err)
		}
		other := fingerprint("The central bank left its main interest rate unchanged on Thursday, citing slowing inflation and weak growth, and said it would keep policy loose for as long as needed to support the recovery of the economy this year.")
		if c, err := st.ClaimText(ctx, again[1].ID, news.Extracted{Fingerprint: other, HasFingerprint: true}); err != nil || c.State != news.Fetched {
			t.Errorf("unrelated claim: %+v %v", c, err)
		}
		if err := st.RecordScanned(ctx, added[0].ID, 2); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordFailed(ctx, again[2].ID, "server answered 404 Not Found"); err != nil {
			t.Fatal(err)
		}
		if a, _ := st.Article(ctx, again[2].ID); a.State != news.Failed || a.Error == "" {
			t.Errorf("failed article: %+v", a)
		}
		if _, err := st.Article(ctx, 9999); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("missing article: %v", err)
		}
	})
	t.Run("EvidenceAndEvents", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		arts, err := st.AddArticles(ctx, []news.Article{{URL: "https://a.example/1", Outlet: "a.example"}, {URL: "https://b.example/9", Outlet: "b.example"}})
		if err != nil {
			t.Fatal(err)
		}
		text := fingerprint("Soleimani visited Moscow on 24 July and met the president and the defence minister, officials said on Thursday; the visit breached a travel ban of the United Nations that has applied to him since 2007.")
		if _, err := st.ClaimText(ctx, arts[0].ID, news.Extracted{Fingerprint: text, HasFingerprint: true}); err != nil {
			t.Fatal(err)
		}
		if c, err := st.ClaimText(ctx, arts[1].ID, news.Extracted{Fingerprint: text, HasFingerprint: true}); err != nil || c.State != news.Copy {
			t.Fatalf("copy: %+v %v", c, err)
		}
		rep := func(url, outlet, quote string, article int64) alerts.Report {
			return alerts.Report{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Country: "RU", Date: "2015-07-24", Verdict: "violation",
				Evidence: alerts.Evidence{Source: url, URL: url, Outlet: outlet, ArticleID: article, Quote: quote, Place: "Moscow", Date: "2015-07-24", Verdict: "violation"}}
		}
		a, filed, err := st.FileReport(ctx, rep("https://a.example/1", "a.example", "Soleimani visited Moscow.", arts[0].ID), "watch")
		if err != nil || filed != alerts.Created || a.Outlets != 1 {
			t.Fatalf("first: %+v %v %v", a, filed, err)
		}
		// the same report again (spacing aside): nothing changes
		b, filed, err := st.FileReport(ctx, rep("https://a.example/1", "a.example", "Soleimani  visited\nMoscow.", arts[0].ID), "watch")
		if err != nil || filed != alerts.Repeated || b.ID != a.ID || len(b.Evidence) != 0 {
			t.Fatalf("repeat: %+v %v %v", b, filed, err)
		}
		// another sentence of the same outlet: evidence, not corroboration
		c, filed, _ := st.FileReport(ctx, rep("https://a.example/2", "a.example", "He met Putin in Moscow.", 0), "watch")
		if filed != alerts.Added || len(c.Evidence) != 1 || c.Outlets != 1 {
			t.Errorf("same outlet: %v %+v", filed, c)
		}
		st.FileReport(ctx, rep("https://c.example/3", "c.example", "Soleimani was in Moscow.", 0), "watch")
		d, err := st.Alert(ctx, a.ID)
		if err != nil || d.Outlets != 2 || len(d.Evidence) != 3 {
			t.Errorf("second outlet: outlets %d evidence %d", d.Outlets, len(d.Evidence))
		}
		if cp := d.Evidence[0].Copies; len(cp) != 1 || cp[0].URL != "https://b.example/9" || cp[0].Outlet != "b.example" {
			t.Errorf("copies of the first evidence: %+v", cp)
		}
		if r, err := st.Rejudge(ctx, a.ID, "exempt", "watch", "exemption 7 recorded"); err != nil || r.Verdict != "exempt" || r.Audit[len(r.Audit)-1].Action != "rejudged" {
			t.Errorf("rejudge: %+v %v", r, err)
		}
		if _, err := st.Review(ctx, a.ID, alerts.Confirmed, "analyst", ""); err != nil {
			t.Fatal(err)
		}
		evs, err := st.PendingEvents(ctx, 100)
		var kinds []string
		for _, e := range evs {
			kinds = append(kinds, string(e.Kind))
		}
		if want := "alert.created alert.evidence alert.evidence alert.verdict alert.status"; err != nil || strings.Join(kinds, " ") != want {
			t.Fatalf("events = %v (%v), want %s", kinds, err, want)
		}
		if err := st.MarkDispatched(ctx, []int64{evs[0].ID, evs[1].ID}); err != nil {
			t.Fatal(err)
		}
		if rest, _ := st.PendingEvents(ctx, 100); len(rest) != 3 {
			t.Errorf("after dispatching two: %d pending", len(rest))
		}
		// hooks and deliveries
		hk, err := hooks.New("https://receiver.example/hook", "0123456789abcdef")
		if err != nil {
			t.Fatal(err)
		}
		hk, err = st.AddHook(ctx, hk)
		if err != nil {
			t.Fatal(err)
		}
		dl, delivered, err := st.Delivery(ctx, evs[0].ID, hk.ID)
		if err != nil || delivered || dl.Hook.Secret.Reveal() != "0123456789abcdef" || dl.Event.Alert.ID != a.ID || dl.Event.Kind != alerts.EventCreated {
			t.Fatalf("delivery: %+v %v %v", dl, delivered, err)
		}
		if err := st.RecordDelivery(ctx, evs[0].ID, hk.ID, 500, errors.New("server answered 500")); err != nil {
			t.Fatal(err)
		}
		if _, delivered, _ := st.Delivery(ctx, evs[0].ID, hk.ID); delivered {
			t.Error("a failed attempt counts as delivered")
		}
		if err := st.RecordDelivery(ctx, evs[0].ID, hk.ID, 200, nil); err != nil {
			t.Fatal(err)
		}
		if _, delivered, _ := st.Delivery(ctx, evs[0].ID, hk.ID); !delivered {
			t.Error("a delivered event is not recorded")
		}
		if err := st.RemoveHook(ctx, hk.ID); err != nil {
			t.Fatal(err)
		}
		if hs, _ := st.Hooks(ctx); len(hs) != 0 {
			t.Errorf("hooks after removal: %+v", hs)
		}
	})
	t.Run("ConcurrentFiling", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		// eight workers file the same four reports at once: one alert,
		// four pieces of evidence
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 4 {
					url := "https://n" + string(rune('a'+(i+w)%4)) + ".example/x"
					_, _, err := st.FileReport(ctx, alerts.Report{Subject: "un:IRi.039", Name: "Q", Country: "RU", Date: "2015-07-24", Verdict: "violation",
						Evidence: alerts.Evidence{Source: url, URL: url, Outlet: url[8:19], Quote: "in Moscow", Place: "Moscow", Verdict: "violation"}}, "watch")
					if err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		all, err := st.Alerts(ctx, alerts.Filter{})
		if err != nil || len(all) != 1 || all[0].Outlets != 4 {
			t.Fatalf("alerts: %+v %v", all, err)
		}
		if a, _ := st.Alert(ctx, all[0].ID); len(a.Evidence) != 4 {
			t.Errorf("evidence: %d, want 4", len(a.Evidence))
		}
		if ids, err := st.AlertIDs(ctx, alerts.Open); err != nil || len(ids) != 1 || ids[0] != all[0].ID {
			t.Errorf("open alert IDs: %v %v", ids, err)
		}
		if ids, err := st.AlertIDs(ctx, alerts.Dismissed); err != nil || len(ids) != 0 {
			t.Errorf("dismissed alert IDs: %v %v", ids, err)
		}
	})
	t.Run("ConcurrentClaims", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		// four syndicated copies of one story (each like every other,
		// so whichever is claimed first is the original), two pages with one
		// canonical URL and two unrelated stories, all claimed at once:
		// one original with three copies, one duplicate, the rest new
		story := "officials said the commander travelled to Moscow on 24 July and met the president and the defence minister; the visit breached a travel ban of the United Nations that has applied to him since 2007, diplomats said on Thursday."
		texts := []news.Extracted{
			{Fingerprint: fingerprint(story)},
			{Fingerprint: fingerprint("MOSCOW (Wire) — " + story)},
			{Fingerprint: fingerprint(story + " Reporting by the desk.")},
			{Fingerprint: fingerprint(story + " Copyright the wire.")},
			{CanonicalURL: "https://paper.example/rate", Fingerprint: fingerprint("The central bank left its main interest rate unchanged on Thursday, citing slowing inflation and weak growth, and said it would keep policy loose for as long as needed to support the recovery of the economy this year.")},
			{CanonicalURL: "https://paper.example/rate", Fingerprint: fingerprint("The central bank left its main interest rate unchanged on Thursday (updated), citing slowing inflation and weak growth, and said it would keep policy loose for as long as needed to support the recovery of the economy this year.")},
			{Fingerprint: fingerprint("Heavy rain flooded the valley overnight and the river burst its banks in three places, forcing the evacuation of two villages and closing the main road to the coast until further notice.")},
			{Fingerprint: fingerprint("The orchestra opened its season with a new symphony by a young composer, and the critics praised the brass section, the conductor's tempo and the restored acoustics of the old concert hall.")},
		}
		var batch []news.Article
		for i := range texts {
			texts[i].HasFingerprint = true
			batch = append(batch, news.Article{URL: fmt.Sprintf("https://n%d.example/story", i), Outlet: fmt.Sprintf("n%d.example", i)})
		}
		arts, err := st.AddArticles(ctx, batch)
		if err != nil || len(arts) != len(texts) {
			t.Fatalf("add: %d %v", len(arts), err)
		}
		claims := make([]news.Claim, len(texts))
		var wg sync.WaitGroup
		for i := range texts {
			wg.Go(func() {
				c, err := st.ClaimText(ctx, arts[i].ID, texts[i])
				if err != nil {
					t.Error(err)
				}
				claims[i] = c
			})
		}
		wg.Wait()
		originals, copies := 0, 0
		for i, c := range claims[:4] {
			switch c.State {
			case news.Fetched:
				originals++
			case news.Copy:
				copies++
				if c.Of == arts[i].ID || c.Of < arts[0].ID || c.Of > arts[3].ID {
					t.Errorf("claim %d is a copy of %d", i, c.Of)
				}
			}
		}
		if originals != 1 || copies != 3 {
			t.Errorf("the four copies claimed at once: %+v, want one original and three copies", claims[:4])
		}
		if s := []news.State{claims[4].State, claims[5].State}; !(s[0] == news.Fetched && s[1] == news.Duplicate) && !(s[0] == news.Duplicate && s[1] == news.Fetched) {
			t.Errorf("two pages of one canonical URL claimed at once: %+v", claims[4:6])
		}
		if claims[6].State != news.Fetched || claims[7].State != news.Fetched {
			t.Errorf("unrelated stories: %+v", claims[6:])
		}
	})
	t.Run("HostLeaseAndState", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		t0 := time.Now().UTC()
		if ok, _, err := st.AcquireHost(ctx, "a.example", "w1", t0, t0.Add(time.Minute)); err != nil || !ok {
			t.Fatalf("first lease: %v %v", ok, err)
		}
		ok, until, err := st.AcquireHost(ctx, "a.example", "w2", t0.Add(time.Second), t0.Add(time.Minute))
		if err != nil || ok || until.Sub(t0) < 59*time.Second {
			t.Errorf("second holder: %v %v %v", ok, until, err)
		}
		if ok, _, _ := st.AcquireHost(ctx, "b.example", "w2", t0, t0.Add(time.Minute)); !ok {
			t.Error("another host is not free")
		}
		if err := st.ReleaseHost(ctx, "a.example", "w1", t0.Add(2*time.Second)); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := st.AcquireHost(ctx, "a.example", "w2", t0.Add(time.Second), t0.Add(time.Minute)); ok {
			t.Error("taken before the politeness delay ended")
		}
		if ok, _, _ := st.AcquireHost(ctx, "a.example", "w2", t0.Add(3*time.Second), t0.Add(time.Minute)); !ok {
			t.Error("not free after the delay")
		}
		if v, err := st.WatchState(ctx, "judged"); err != nil || v != "" {
			t.Errorf("unset state: %q %v", v, err)
		}
		for _, v := range []string{"a", "b"} {
			if err := st.SetWatchState(ctx, "judged", v); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := st.WatchState(ctx, "judged"); v != "b" {
			t.Errorf("state = %q", v)
		}
	})
}

func fingerprint(text string) news.Fingerprint {
	fp, ok := news.NewFingerprint(text)
	if !ok {
		panic("fixture too short to fingerprint: " + text)
	}
	return fp
}
