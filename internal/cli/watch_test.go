package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/hooks"
)

// soleimaniList is a one-entry UN list: the general of the founding story.
const soleimaniList = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2020-01-02T00:00:00Z"><INDIVIDUALS>
<INDIVIDUAL><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE>
<REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER><LISTED_ON>2007-03-24</LISTED_ON>
<DESIGNATION><VALUE>Commander of Qods Force</VALUE></DESIGNATION>
<NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE></NATIONALITY>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Qasim Soleimani; Qassem Soleimani</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1957-03-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
</INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>`

// newsSite is a loopback news site: pages by path, feeds that honour
// If-None-Match, and a count of 304 answers.
type newsSite struct {
	*httptest.Server
	mu          sync.Mutex
	pages       map[string]string // path → body
	types       map[string]string // path → Content-Type
	notModified int
}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{pages: map[string]string{"/robots.txt": "User-agent: *\nDisallow: /private/\n"}, types: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		body, ok := s.pages[r.URL.Path]
		ctype := s.types[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, len(body))
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.notModified++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		if ctype == "" {
			ctype = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ctype)
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *newsSite) set(path, ctype, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path], s.types[path] = body, ctype
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "watch", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func rssFeed(base string, items ...[2]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>The Daily Ledger</title><language>en</language>`)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s%s</link><pubDate>Fri, 07 Aug 2015 09:00:00 GMT</pubDate></item>`, it[0], base, it[1])
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func atomFeed(base string, entries ...[2]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2015-08-12T08:00:00Z</updated>`)
	for _, e := range entries {
		fmt.Fprintf(&b, `<entry><title>%s</title><id>%s%s</id><link href="%s%s"/><updated>2015-08-08T06:00:00Z</updated></entry>`, e[0], base, e[1], base, e[1])
	}
	b.WriteString(`</feed>`)
	return b.String()
}

// hookReceiver records signed deliveries.
type hookReceiver struct {
	*httptest.Server
	mu   sync.Mutex
	got  []hooks.Body
	errs []error
}

func newHookReceiver(t *testing.T, secret string) *hookReceiver {
	h := &hookReceiver{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		if err := hooks.Verify(secret, r.Header.Get(hooks.HeaderTimestamp), r.Header.Get(hooks.HeaderSignature), body, time.Now()); err != nil {
			h.errs = append(h.errs, err)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var b hooks.Body
		if err := json.Unmarshal(body, &b); err != nil {
			h.errs = append(h.errs, err)
		}
		if r.Header.Get(hooks.HeaderEvent) != string(b.Type) {
			h.errs = append(h.errs, fmt.Errorf("event header %q, body type %q", r.Header.Get(hooks.HeaderEvent), b.Type))
		}
		h.got = append(h.got, b)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) received() ([]hooks.Body, []error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hooks.Body(nil), h.got...), append([]error(nil), h.errs...)
}

type listedAlert struct {
	ID       int64  `json:"id"`
	Subject  string `json:"subject"`
	Name     string `json:"name"`
	Country  string `json:"country"`
	Date     string `json:"date"`
	Verdict  string `json:"verdict"`
	Status   string `json:"status"`
	Outlets  int    `json:"outlets"`
	Evidence []struct {
		URL       string   `json:"url"`
		Title     string   `json:"title"`
		Published string   `json:"published"`
		Quote     string   `json:"quote"`
		Copies    []string `json:"copies"`
	} `json:"evidence"`
}

func listAlerts(t *testing.T, db string) []listedAlert {
	t.Helper()
	code, out, errs := run(t, "--db", db, "alerts", "list", "--json")
	var as []listedAlert
	if code != 0 || json.Unmarshal([]byte(out), &as) != nil {
		t.Fatalf("alerts list: %d %s %s", code, out, errs)
	}
	return as
}

// TestWatchEndToEnd is the monitor's must-show: two loopback news sites
// publish an RSS and an Atom feed with a story like the founding one, a
// syndicated copy of it and an unrelated story; one run of `vigil watch
// --once` files exactly one alert with the copy recognised, a second run
// adds nothing, and a new article adds evidence to the same alert and
// fires one signed webhook.
func TestWatchEndToEnd(t *testing.T) {
	t.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "1")
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	list := filepath.Join(dir, "un.xml")
	if err := os.WriteFile(list, []byte(soleimaniList), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", list); code != 0 {
		t.Fatalf("import: %s", errs)
	}

	ledger := newNewsSite(t) // the outlet that broke the story (RSS)
	wire := newNewsSite(t)   // an agency that syndicates it (Atom)
	story := readFixture(t, "soleimani-moscow.html")
	ledger.set("/news/2015/08/soleimani-moscow", "", story)
	ledger.set("/business/rates", "", readFixture(t, "central-bank.html"))
	ledger.set("/rss.xml", "application/rss+xml", rssFeed(ledger.URL,
		[2]string{"Iran's Quds Force commander flew to Moscow", "/news/2015/08/soleimani-moscow?utm_source=rss"},
		[2]string{"Central bank holds rates", "/business/rates"}))
	// the copy: the agency's headline and dateline, no canonical link, a
	// closing line of its own
	cp := strings.Replace(story, `<link rel="canonical" href="/news/2015/08/soleimani-moscow?utm_source=rss">`, "", 1)
	cp = strings.Replace(cp, "<p>Major General", "<p>MOSCOW (Wire) — Major General", 1)
	cp = strings.Replace(cp, "</article>", "<p>The agency could not independently verify the account.</p></article>", 1)
	cp = strings.ReplaceAll(cp, "Iran's Quds Force commander flew to Moscow despite a UN travel ban", "Iranian general visited Moscow, officials say")
	wire.set("/wire/iran-general-moscow", "", cp)
	wire.set("/atom.xml", "application/atom+xml", atomFeed(wire.URL, [2]string{"Iranian general visited Moscow, officials say", "/wire/iran-general-moscow"}))

	const secret = "s3cret-for-the-receiver"
	receiver := newHookReceiver(t, secret)
	for _, args := range [][]string{
		{"feeds", "add", ledger.URL + "/rss.xml", "--name", "Daily Ledger"},
		{"feeds", "add", wire.URL + "/atom.xml", "--name", "Wire", "--language", "en"},
		{"hooks", "add", receiver.URL + "/vigil", "--secret", secret},
	} {
		if code, _, errs := run(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	watchOnce := func(label string) {
		t.Helper()
		code, out, errs := run(t, "--db", db, "watch", "--once", "--host-delay", "10ms")
		if code != 0 {
			t.Fatalf("%s: watch --once: %d %s %s", label, code, out, errs)
		}
		t.Logf("%s: %s", label, strings.TrimSpace(out))
	}

	watchOnce("first run")
	as := listAlerts(t, db)
	if len(as) != 1 {
		t.Fatalf("first run filed %d alerts, want 1: %+v", len(as), as)
	}
	a := as[0]
	if a.Subject != "un:IRi.039" || a.Country != "RU" || a.Date != "2015-07-24" || a.Verdict != "violation" || a.Status != "open" || a.Outlets != 1 || len(a.Evidence) != 1 {
		t.Fatalf("alert after the first run: %+v", a)
	}
	// whichever of the story and its copy was read first is the evidence,
	// the other its copy
	ev := a.Evidence[0]
	story1, copy1 := ledger.URL+"/news/2015/08/soleimani-moscow", wire.URL+"/wire/iran-general-moscow"
	if ev.URL == copy1 {
		story1, copy1 = copy1, story1
	}
	if ev.URL != story1 || !strings.Contains(ev.Quote, "travelled to Moscow on 24 July 2015") || !strings.HasPrefix(ev.Published, "2015-08-0") {
		t.Errorf("evidence: %+v", ev)
	}
	if len(ev.Copies) != 1 || ev.Copies[0] != copy1 {
		t.Errorf("the syndicated copy is not recorded as a copy: %v", ev.Copies)
	}
	got, errs := receiver.received()
	if len(errs) > 0 || len(got) != 1 || got[0].Type != "alert.created" || got[0].Alert.ID != a.ID {
		t.Fatalf("webhooks after the first run: %+v %v", got, errs)
	}
	code, out, _ := run(t, "--db", db, "feeds", "list")
	if code != 0 || strings.Count(out, " ok ") != 2 {
		t.Errorf("feed health after the first run:\n%s", out)
	}

	// poll both feeds again at once: nothing new (and 304s)
	if code, out, errs := run(t, "--db", db, "feeds", "poll"); code != 0 || !strings.Contains(out, "2 feed") {
		t.Fatalf("feeds poll: %d %s %s", code, out, errs)
	}
	watchOnce("second run")
	if as := listAlerts(t, db); len(as) != 1 || len(as[0].Evidence) != 1 {
		t.Fatalf("the second run changed the alerts: %+v", as)
	}
	if got, _ := receiver.received(); len(got) != 1 {
		t.Errorf("the second run fired %d more webhooks", len(got)-1)
	}
	if ledger.notModified == 0 || wire.notModified == 0 {
		t.Errorf("feeds were not fetched conditionally (304s: ledger %d, wire %d)", ledger.notModified, wire.notModified)
	}

	// a new report of the same trip, by a third outlet
	gazette := newNewsSite(t)
	gazette.set("/2015/kremlin-talks", "", readFixture(t, "soleimani-kremlin.html"))
	gazette.set("/feed.json", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"Gazette","items":[{"id":"1","url":"`+gazette.URL+`/2015/kremlin-talks","title":"Kremlin talks","date_published":"2015-08-12T07:30:00Z"}]}`)
	if code, _, errs := run(t, "--db", db, "feeds", "add", gazette.URL+"/feed.json"); code != 0 {
		t.Fatalf("feeds add: %s", errs)
	}
	watchOnce("third run")
	as = listAlerts(t, db)
	if len(as) != 1 || as[0].ID != a.ID || len(as[0].Evidence) != 2 || as[0].Outlets != 2 {
		t.Fatalf("after a new article: %+v", as)
	}
	if !strings.Contains(as[0].Evidence[1].Quote, "arrived in Moscow on 24 July 2015") {
		t.Errorf("new evidence: %+v", as[0].Evidence[1])
	}
	got, errs = receiver.received()
	if len(errs) > 0 || len(got) != 2 {
		t.Fatalf("webhooks after the new article: %+v %v", got, errs)
	}
	if n := got[1]; n.Type != "alert.evidence" || n.Alert.ID != a.ID || n.Newest == nil || n.Newest.URL != gazette.URL+"/2015/kremlin-talks" || n.Alert.Outlets != 2 {
		t.Errorf("evidence webhook: %+v", n)
	}
}

// TestBadFeedsFailAlone: malformed XML, an HTML page, 50 MB, a redirect
// loop and a slow server each fail their own feed, with a clear error on
// its health line, while a good feed in the same run is read.
func TestBadFeedsFailAlone(t *testing.T) {
	t.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "1")
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	list := filepath.Join(dir, "un.xml")
	if err := os.WriteFile(list, []byte(soleimaniList), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", list); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	good := newNewsSite(t)
	good.set("/news/1", "", readFixture(t, "soleimani-moscow.html"))
	good.set("/rss.xml", "application/rss+xml", rssFeed(good.URL, [2]string{"Story", "/news/1"}))
	release := make(chan struct{})
	defer close(release)
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/malformed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>a < b</title></item></channel></rss>")
		case "/page.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<!DOCTYPE html><html><head><title>Home</title></head><body>Welcome</body></html>")
		case "/huge.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Length", "52428800")
			chunk := []byte(strings.Repeat("<item><title>x</title></item>", 1000))
			for sent := 0; sent < 50<<20; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/slow.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>")
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer bad.Close()
	want := map[string]string{
		good.URL + "/rss.xml":      "",
		bad.URL + "/malformed.xml": "malformed RSS feed: XML syntax error on line 3",
		bad.URL + "/page.html":     "not a feed: the server sent an HTML page (Content-Type text/html)",
		bad.URL + "/huge.xml":      "larger than the limit",
		bad.URL + "/loop":          "redirects more than 5 times",
		bad.URL + "/slow.xml":      "took longer than 2s",
	}
	for u := range want {
		if code, _, errs := run(t, "--db", db, "feeds", "add", u); code != 0 {
			t.Fatalf("feeds add %s: %s", u, errs)
		}
	}
	if code, out, errs := run(t, "--db", db, "watch", "--once", "--host-delay", "10ms", "--fetch-timeout", "2s"); code != 0 {
		t.Fatalf("watch --once: %d %s %s", code, out, errs)
	}
	code, out, _ := run(t, "--db", db, "feeds", "list", "--json")
	var fs []struct {
		URL    string `json:"url"`
		Health struct {
			LastError string `json:"last_error"`
			Failures  int    `json:"failures"`
			ItemsSeen int    `json:"items_seen"`
		} `json:"health"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &fs) != nil || len(fs) != len(want) {
		t.Fatalf("feeds list: %d %s", code, out)
	}
	for _, f := range fs {
		w := want[f.URL]
		h := f.Health
		switch {
		case w == "" && (h.Failures != 0 || h.ItemsSeen != 1):
			t.Errorf("good feed %s: %+v", f.URL, h)
		case w != "" && (h.Failures != 1 || !strings.Contains(h.LastError, w)):
			t.Errorf("%s: health %+v, want an error with %q", f.URL, h, w)
		}
	}
	if as := listAlerts(t, db); len(as) != 1 {
		t.Errorf("the good feed's story filed %d alerts, want 1", len(as))
	}
	_, out, _ = run(t, "--db", db, "feeds", "list")
	t.Logf("health lines:\n%s", out)
}
