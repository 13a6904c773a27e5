package watch

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/crawl"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/hooks"
	"github.com/vigilhq/vigil/internal/news"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/scan"
)

// The jobs. Scans and deliveries go before fetches, and fetches before
// polls (River's priorities), so that a backlog is worked article by
// article to its alert rather than all fetched first. Each has unique keys so that however often it is enqueued (a
// sweep after a crash, two processes at once), one runs: a feed has one
// poll waiting at a time; an article is fetched once and scanned once; an
// event is delivered to a hook once.

// pollArgs polls one feed.
type pollArgs struct {
	FeedID int64 `json:"feed_id"`
}

func (pollArgs) Kind() string { return "poll_feed" }
func (pollArgs) InsertOpts() river.InsertOpts {
	// a feed's next poll may be enqueued once the last completed
	return river.InsertOpts{MaxAttempts: 3, Priority: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
}

// fetchArgs fetches one article and reads its text.
type fetchArgs struct {
	ArticleID int64 `json:"article_id"`
}

func (fetchArgs) Kind() string { return "fetch_article" }
func (fetchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, Priority: 2, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// scanArgs scans one article and files its trips.
type scanArgs struct {
	ArticleID int64 `json:"article_id"`
}

func (scanArgs) Kind() string { return "scan_article" }
func (scanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// deliverArgs sends one alert event to one hook.
type deliverArgs struct {
	EventID int64 `json:"event_id"`
	HookID  int64 `json:"hook_id"`
}

func (deliverArgs) Kind() string { return "deliver_hook" }
func (deliverArgs) InsertOpts() river.InsertOpts {
	// River's backoff (attempt⁴ seconds) over 12 attempts spans about six
	// hours: a receiver down for a deploy gets its events
	return river.InsertOpts{MaxAttempts: 12, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// tickArgs schedules due feeds, sweeps what a crash left behind, and
// re-judges open alerts when the lists or exemptions changed.
type tickArgs struct{}

func (tickArgs) Kind() string { return "tick" }
func (tickArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 2, UniqueOpts: river.UniqueOpts{ByPeriod: 10 * time.Second}}
}

// timeout caps a job's time limit at half the rescue delay: River rescues
// a job left running by a dead process only once its limit has passed.
func (m *Monitor) timeout(d time.Duration) time.Duration { return min(d, m.cfg.RescueAfter/2) }

// counted wraps every Work so --once can say how many jobs ran.
func (m *Monitor) counted() { m.executed.Add(1) }

type pollWorker struct {
	river.WorkerDefaults[pollArgs]
	m *Monitor
}

func (w *pollWorker) Timeout(*river.Job[pollArgs]) time.Duration { return w.m.timeout(3 * time.Minute) }

// Work fetches the feed (conditionally), records its health and enqueues
// a fetch for every article not seen before. A feed that fails is
// recorded on its health line and retried at its next poll, with backoff;
// the job itself succeeds, so one bad feed costs the queue nothing.
func (w *pollWorker) Work(ctx context.Context, job *river.Job[pollArgs]) error {
	w.m.counted()
	st := w.m.st
	f, err := st.Feed(ctx, job.Args.FeedID)
	if errors.Is(err, feeds.ErrNotFound) {
		return nil // removed since
	}
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	items, poll, err := w.m.readFeed(ctx, f)
	poll.At = now
	if err != nil {
		poll.Err = err
		w.m.log.Info("feed failed", "feed", f.ID, "url", f.URL, "err", err)
		return st.RecordPoll(ctx, f.ID, poll, feeds.Next(f, now, f.Health.Failures+1))
	}
	var arts []news.Article
	for _, it := range items {
		u := news.NormalizeURL(it.URL)
		if u == "" {
			continue
		}
		arts = append(arts, news.Article{URL: u, FeedID: f.ID, Outlet: news.Outlet(u), Title: it.Title, Published: it.Published, Language: cmp.Or(it.Language, f.Language)})
	}
	added, err := st.AddArticles(ctx, arts)
	if err != nil {
		return err
	}
	if err := w.m.enqueueFetches(ctx, added); err != nil {
		return err
	}
	poll.NewItems = len(added)
	return st.RecordPoll(ctx, f.ID, poll, feeds.Next(f, now, 0))
}

// readFeed fetches and parses a feed; a 304 gives no items.
func (m *Monitor) readFeed(ctx context.Context, f feeds.Feed) ([]feeds.Item, feeds.Poll, error) {
	var poll feeds.Poll
	page, err := m.crawler.Get(ctx, fetch.Request{URL: f.URL, Validators: fetch.Validators{ETag: f.ETag, LastModified: f.LastModified}})
	if err != nil {
		return nil, poll, err
	}
	poll.ETag, poll.LastModified = page.Validators.ETag, page.Validators.LastModified
	if page.NotModified {
		return nil, poll, nil
	}
	doc, err := feeds.Parse(page.Body, page.URL, page.ContentType)
	if err != nil {
		return nil, poll, err
	}
	poll.Items = len(doc.Items)
	return doc.Items, poll, nil
}

func (m *Monitor) enqueueFetches(ctx context.Context, arts []news.Article) error {
	if len(arts) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(arts))
	for i, a := range arts {
		params[i] = river.InsertManyParams{Args: fetchArgs{ArticleID: a.ID}}
	}
	_, err := m.queue.InsertMany(ctx, params)
	return err
}

type fetchWorker struct {
	river.WorkerDefaults[fetchArgs]
	m *Monitor
}

func (w *fetchWorker) Timeout(*river.Job[fetchArgs]) time.Duration {
	return w.m.timeout(4 * time.Minute)
}

// pageTypes are what an article may be.
var pageTypes = []string{"text/html", "application/xhtml+xml", "text/plain"}

// Work fetches the article, extracts its text and claims it: a duplicate
// or a copy stops here; new text is queued for its scan.
func (w *fetchWorker) Work(ctx context.Context, job *river.Job[fetchArgs]) error {
	w.m.counted()
	st := w.m.st
	art, err := st.Article(ctx, job.Args.ArticleID)
	if err != nil {
		return err
	}
	switch art.State {
	case news.Queued:
	case news.Fetched:
		// an earlier attempt claimed the text and was stopped (a killed
		// process) before it queued the scan; queuing it again is a no-op
		// if it did
		_, err = w.m.queue.Insert(ctx, scanArgs{ArticleID: art.ID}, nil)
		return err
	default:
		return nil // done by an earlier attempt
	}
	page, err := w.m.crawler.Get(ctx, fetch.Request{URL: art.URL, Accept: pageTypes})
	if err != nil {
		if permanent(err) || job.Attempt >= job.MaxAttempts {
			return st.RecordFailed(ctx, art.ID, err.Error())
		}
		return err
	}
	parsed, _, err := scan.ParseInput(page.Body, page.URL)
	if err != nil {
		return st.RecordFailed(ctx, art.ID, err.Error())
	}
	x := news.Extracted{
		CanonicalURL: cmp.Or(news.CanonicalURL(page.Body, page.URL), news.NormalizeURL(page.URL)),
		Title:        parsed.Title,
		Body:         parsed.Text,
		Language:     parsed.Language,
		Published:    parsed.Published,
	}
	x.Fingerprint, x.HasFingerprint = news.NewFingerprint(parsed.Text)
	claim, err := st.ClaimText(ctx, art.ID, x)
	if err != nil {
		return err
	}
	if claim.State != news.Fetched {
		w.m.log.Info("article not scanned", "article", art.ID, "url", art.URL, "state", claim.State, "of", claim.Of)
		return nil
	}
	_, err = w.m.queue.Insert(ctx, scanArgs{ArticleID: art.ID}, nil)
	return err
}

// permanent reports whether a fetch error will not go away by retrying
// soon: a 4xx answer, a refused or unknown host, robots.txt, a page too
// large or of the wrong type.
func permanent(err error) bool {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Code >= 400 && se.Code < 500 && se.Code != http.StatusTooManyRequests && se.Code != http.StatusRequestTimeout
	}
	return errors.Is(err, crawl.ErrDisallowed) || errors.Is(err, fetch.ErrTooLarge) || errors.Is(err, fetch.ErrContentType)
}

type scanWorker struct {
	river.WorkerDefaults[scanArgs]
	m *Monitor
}

func (w *scanWorker) Timeout(*river.Job[scanArgs]) time.Duration { return w.m.timeout(2 * time.Minute) }

// Work scans the article and files each trip whose verdict is a
// violation or unclear. Filing is idempotent (a report already on the
// alert is not repeated), so a retried scan adds nothing twice.
func (w *scanWorker) Work(ctx context.Context, job *river.Job[scanArgs]) error {
	w.m.counted()
	st := w.m.st
	art, err := st.Article(ctx, job.Args.ArticleID)
	if err != nil {
		return err
	}
	if art.State != news.Fetched {
		return nil
	}
	cat, err := w.m.Catalog(ctx)
	if err != nil {
		return err
	}
	url := cmp.Or(art.CanonicalURL, art.URL)
	res, err := cat.Scanner.Scan(ctx, scan.Article{Text: art.Body, Title: art.Title, URL: url, Language: art.Language, Published: art.Published})
	if err != nil {
		return err
	}
	filed := 0
	for _, t := range res.Trips {
		if t.Verdict != rules.Violation && t.Verdict != rules.Unclear {
			continue
		}
		if _, _, err := st.FileReport(ctx, cat.report(t, art, url, res), "watch"); err != nil {
			return err
		}
		filed++
	}
	if err := st.RecordScanned(ctx, art.ID, len(res.Trips)); err != nil {
		return err
	}
	if filed > 0 {
		return w.m.dispatch(ctx)
	}
	return nil
}

// report turns a trip found in an article into an alert report.
func (c *Catalog) report(t scan.Trip, art news.Article, url string, res *scan.Result) alerts.Report {
	date := ""
	if t.Date != nil {
		date = *t.Date
	}
	published := ""
	if res.Published != nil {
		published = *res.Published
	}
	rep := alerts.Report{Subject: t.ID, Name: t.Name, Regime: c.Regimes[t.ID], Country: t.Country, Date: date, Verdict: string(t.Verdict),
		Evidence: alerts.Evidence{Source: url, URL: url, Outlet: art.Outlet, ArticleID: art.ID, Title: art.Title, Published: published,
			Quote: t.Evidence.Text, Place: t.Place, Date: date, Verdict: string(t.Verdict), Reasons: t.Reasons}}
	src, _ := t.ID.Split()
	for _, v := range c.Versions {
		if v.Source == src {
			rep.VersionID = v.ID
		}
	}
	return rep
}

// dispatch queues a delivery for every pending event and every hook, and
// marks the events dispatched. Deliveries are unique by (event, hook), so
// two processes dispatching at once queue each once.
func (m *Monitor) dispatch(ctx context.Context) error {
	for {
		evs, err := m.st.PendingEvents(ctx, 500)
		if err != nil || len(evs) == 0 {
			return err
		}
		hs, err := m.st.Hooks(ctx)
		if err != nil {
			return err
		}
		var params []river.InsertManyParams
		ids := make([]int64, len(evs))
		for i, e := range evs {
			ids[i] = e.ID
			for _, h := range hs {
				params = append(params, river.InsertManyParams{Args: deliverArgs{EventID: e.ID, HookID: h.ID}})
			}
		}
		if len(params) > 0 {
			if _, err := m.queue.InsertMany(ctx, params); err != nil {
				return err
			}
		}
		if err := m.st.MarkDispatched(ctx, ids); err != nil {
			return err
		}
		if len(evs) < 500 {
			return nil
		}
	}
}

type deliverWorker struct {
	river.WorkerDefaults[deliverArgs]
	m *Monitor
}

func (w *deliverWorker) Timeout(*river.Job[deliverArgs]) time.Duration {
	return w.m.timeout(time.Minute)
}

// Work POSTs the event, signed, through the guarded fetcher. A failure is
// recorded and returned, so River retries it with backoff.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[deliverArgs]) error {
	w.m.counted()
	st := w.m.st
	d, delivered, err := st.Delivery(ctx, job.Args.EventID, job.Args.HookID)
	if errors.Is(err, hooks.ErrNotFound) {
		return nil
	}
	if err != nil || delivered {
		return err
	}
	body, err := json.Marshal(hooks.NewBody(d.Event))
	if err != nil {
		return err
	}
	now := time.Now()
	h := http.Header{}
	h.Set(hooks.HeaderEvent, string(d.Event.Kind))
	h.Set(hooks.HeaderDelivery, strconv.FormatInt(d.Event.ID, 10))
	h.Set(hooks.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(hooks.HeaderSignature, hooks.Sign(d.Hook.Secret, now, body))
	status, perr := w.m.fetcher.Post(ctx, fetch.PostRequest{URL: d.Hook.URL, ContentType: "application/json", Body: body, Header: h})
	if err := st.RecordDelivery(ctx, d.Event.ID, d.Hook.ID, status, perr); err != nil {
		return err
	}
	if perr != nil {
		return fmt.Errorf("deliver event %d to hook %d: %w", d.Event.ID, d.Hook.ID, perr)
	}
	return nil
}

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	m *Monitor
}

func (w *tickWorker) Timeout(*river.Job[tickArgs]) time.Duration {
	return w.m.timeout(10 * time.Minute)
}

func (w *tickWorker) Work(ctx context.Context, _ *river.Job[tickArgs]) error {
	w.m.counted()
	return w.m.tick(ctx, sweepAge)
}

// sweepAge is how long an article may wait for its next job before a
// periodic tick takes it for left behind by a crash (between its commit
// and its job's insert) and queues the job again. Younger articles are
// not swept: re-inserting thousands of unique jobs every tick only makes
// them wait on the rows being completed.
const sweepAge = 10 * time.Minute

// tick enqueues a poll for every due feed, re-queues what a crash left
// behind (articles announced but not fetched, or fetched but not
// scanned, found more than age ago; events not dispatched), and
// re-judges open alerts when the lists or the exemptions changed.
func (m *Monitor) tick(ctx context.Context, age time.Duration) error {
	due, err := m.st.DueFeeds(ctx, time.Now())
	if err != nil {
		return err
	}
	var params []river.InsertManyParams
	for _, f := range due {
		params = append(params, river.InsertManyParams{Args: pollArgs{FeedID: f.ID}})
	}
	queued, fetched, err := m.st.UnfinishedArticles(ctx, time.Now().Add(-age), 20000)
	if err != nil {
		return err
	}
	for _, id := range queued {
		params = append(params, river.InsertManyParams{Args: fetchArgs{ArticleID: id}})
	}
	for _, id := range fetched {
		params = append(params, river.InsertManyParams{Args: scanArgs{ArticleID: id}})
	}
	if len(params) > 0 {
		if _, err := m.queue.InsertMany(ctx, params); err != nil {
			return err
		}
	}
	if err := m.dispatch(ctx); err != nil {
		return err
	}
	return m.rejudgeIfChanged(ctx)
}
