package feeds

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
)

const rssDoc = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><language>en-GB</language>
<item><title>One</title><link>/news/1</link><pubDate>Fri, 07 Aug 2015 09:00:00 GMT</pubDate></item>
<item><title>No link</title></item>
<item><title>Mail</title><link>mailto:desk@example.org</link></item>
<item><title>Two</title><guid>https://other.example/2#top</guid></item>
</channel></rss>`

const atomDoc = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Agency</title>
<entry><title>Three</title><link href="https://agency.example/3"/><updated>2015-08-08T10:00:00Z</updated></entry>
</feed>`

const jsonDoc = `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/a","title":"Four","date_published":"2015-08-09T00:00:00Z"}]}`

const sitemapDoc = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://paper.example/5</loc><news:news><news:publication><news:name>Paper</news:name><news:language>fr</news:language></news:publication>
<news:publication_date>2015-08-10T08:00:00+02:00</news:publication_date><news:title>Cinq</news:title></news:news></url>
<url><loc>https://paper.example/6</loc><lastmod>2015-08-11</lastmod></url>
</urlset>`

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, doc, ctype string
		kind             string
		urls             []string
		firstTitle       string
		firstDate        string
		firstLang        string
		wantErr          string
	}{
		{name: "rss", doc: rssDoc, kind: "rss", urls: []string{"https://wire.example/news/1", "https://other.example/2"}, firstTitle: "One", firstDate: "2015-08-07", firstLang: "en"},
		{name: "atom", doc: atomDoc, kind: "atom", urls: []string{"https://agency.example/3"}, firstTitle: "Three", firstDate: "2015-08-08"},
		{name: "json feed", doc: jsonDoc, kind: "json", urls: []string{"https://j.example/a"}, firstTitle: "Four", firstDate: "2015-08-09"},
		{name: "news sitemap", doc: sitemapDoc, kind: "sitemap", urls: []string{"https://paper.example/5", "https://paper.example/6"}, firstTitle: "Cinq", firstDate: "2015-08-10", firstLang: "fr"},
		{name: "html page", doc: "<!DOCTYPE html><html><body>Hello</body></html>", ctype: "text/html", wantErr: "not a feed: the server sent an HTML page (Content-Type text/html)"},
		{name: "empty", doc: "", wantErr: "an empty document"},
		{name: "malformed rss", doc: `<?xml version="1.0"?><rss version="2.0"><channel><item><title>a < b</title></item></channel></rss>`, wantErr: "malformed RSS feed: XML syntax error on line 1"},
		{name: "malformed sitemap", doc: `<urlset><url><loc>https://a.example/</loc></url><url>`, wantErr: "malformed sitemap"},
		{name: "too large", doc: strings.Repeat(" ", MaxDocumentBytes+1), wantErr: "more than the"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse([]byte(tc.doc), "https://wire.example/feed.xml", tc.ctype)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tc.kind {
				t.Errorf("kind %q, want %q", doc.Kind, tc.kind)
			}
			var urls []string
			for _, it := range doc.Items {
				urls = append(urls, it.URL)
			}
			if strings.Join(urls, " ") != strings.Join(tc.urls, " ") {
				t.Errorf("urls %v, want %v", urls, tc.urls)
			}
			first := doc.Items[0]
			if first.Title != tc.firstTitle || first.Published == nil || first.Published.Format(time.DateOnly) != tc.firstDate || first.Language != tc.firstLang {
				t.Errorf("first item %+v", first)
			}
		})
	}
}

func TestParseHTMLIsNotAFeed(t *testing.T) {
	_, err := Parse([]byte("<html><head><title>x</title></head></html>"), "https://a.example/", "")
	if !errors.Is(err, ErrNotAFeed) {
		t.Fatalf("err = %v, want ErrNotAFeed", err)
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		url, lang string
		every     time.Duration
		wantErr   string
	}{
		{url: "https://a.example/rss#x"},
		{url: "ftp://a.example/rss", wantErr: "want an http"},
		{url: "https://a.example/rss", every: 10 * time.Second, wantErr: "shortest interval"},
		{url: "https://a.example/rss", lang: "eng", wantErr: "two-letter"},
	} {
		f, err := New(tc.url, " Name ", tc.lang, tc.every)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want %q", tc.url, err, tc.wantErr)
			}
			continue
		}
		if err != nil || f.URL != "https://a.example/rss" || f.Name != "Name" || f.Every != DefaultEvery {
			t.Errorf("%s: %+v %v", tc.url, f, err)
		}
	}
}

func TestNextBacksOff(t *testing.T) {
	f := Feed{Every: 30 * time.Minute}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{0, 30 * time.Minute}, {1, time.Hour}, {3, 4 * time.Hour}, {20, 24 * time.Hour}} {
		if got := Next(f, t0, tc.failures).Sub(t0); got != tc.want {
			t.Errorf("%d failures: next in %s, want %s", tc.failures, got, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, d := range []string{rssDoc, atomDoc, jsonDoc, sitemapDoc, "<html></html>"} {
		f.Add([]byte(d))
		f.Add(limitstest.GzipString(d)) // a gzip-encoded response, unpacked by the fetcher
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, ok := limitstest.Unpack(string(data))
		if !ok {
			return
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			return
		}
		doc, err := Parse(raw, "https://a.example/feed", "")
		if err != nil {
			return
		}
		if len(doc.Items) > MaxItems {
			t.Fatalf("%d items", len(doc.Items))
		}
		for _, it := range doc.Items {
			if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
				t.Fatalf("item URL %q", it.URL)
			}
		}
	})
}
