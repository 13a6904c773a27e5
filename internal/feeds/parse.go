package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/vigilhq/vigil/internal/limits"
)

// MaxDocumentBytes bounds a feed document; a larger one is refused, not
// truncated (a cut feed would silently lose its last items).
const MaxDocumentBytes = 8 << 20

// MaxItems bounds the items read from one document.
const MaxItems = 2000

// Item is one article a feed announces.
type Item struct {
	URL       string     `json:"url"` // absolute, resolved against the feed's URL
	Title     string     `json:"title,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Language  string     `json:"language,omitempty"`
}

// Document is a parsed feed.
type Document struct {
	Kind  string // rss, atom, json, sitemap
	Title string
	Items []Item
}

// ErrNotAFeed is returned for a document that is none of the formats
// read (an HTML page, an image, an error page).
var ErrNotAFeed = errors.New("not a feed")

// checkXMLBounds runs an XML document (not a JSON feed) through the input
// guard before a parser holds it: a text node longer than
// limits.TextBytes or nesting deeper than limits.XMLDepth is refused, so
// a nesting bomb within the size limit cannot fill memory.
func checkXMLBounds(raw []byte) error {
	if t := bytes.TrimLeft(raw, " \t\r\n\ufeff"); len(t) == 0 || t[0] != '<' {
		return nil
	}
	_, err := io.Copy(io.Discard, limits.XML(bytes.NewReader(raw), limits.Default()))
	return err
}

// Parse reads a feed document fetched from base. contentType is the
// server's Content-Type, used only to word errors. Items without a usable
// http(s) link are skipped; an error names what was wrong.
func Parse(raw []byte, base, contentType string) (*Document, error) {
	if len(raw) > MaxDocumentBytes {
		return nil, fmt.Errorf("feed document is %d bytes, more than the %d-byte limit", len(raw), MaxDocumentBytes)
	}
	if err := checkXMLBounds(raw); err != nil {
		return nil, fmt.Errorf("feed document: %w", err)
	}
	baseURL, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("feed URL %q: %w", base, err)
	}
	head := strings.ToLower(string(raw[:min(len(raw), 2048)]))
	if strings.Contains(head, "<urlset") {
		return parseSitemap(raw, baseURL)
	}
	switch gofeed.DetectFeedType(bytes.NewReader(raw)) {
	case gofeed.FeedTypeUnknown:
		return nil, notAFeed(head, contentType)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("malformed %s: %w", kindName(raw), cleanParseError(err))
	}
	doc := &Document{Kind: f.FeedType, Title: strings.TrimSpace(f.Title)}
	lang := normLang(f.Language)
	for _, it := range f.Items {
		if len(doc.Items) == MaxItems {
			break
		}
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		abs, ok := resolve(baseURL, link)
		if !ok {
			continue
		}
		item := Item{URL: abs, Title: strings.TrimSpace(it.Title), Language: lang}
		switch {
		case it.PublishedParsed != nil:
			t := it.PublishedParsed.UTC()
			item.Published = &t
		case it.UpdatedParsed != nil:
			t := it.UpdatedParsed.UTC()
			item.Published = &t
		}
		doc.Items = append(doc.Items, item)
	}
	return doc, nil
}

func kindName(raw []byte) string {
	switch gofeed.DetectFeedType(bytes.NewReader(raw)) {
	case gofeed.FeedTypeAtom:
		return "Atom feed"
	case gofeed.FeedTypeRSS:
		return "RSS feed"
	case gofeed.FeedTypeJSON:
		return "JSON Feed"
	}
	return "feed"
}

// cleanParseError keeps the parser's message short: the XML decoder's
// errors already name the line.
func cleanParseError(err error) error {
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return errors.New(msg)
}

func notAFeed(head, contentType string) error {
	what := "an unrecognised document"
	switch {
	case strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html"):
		what = "an HTML page"
	case strings.TrimSpace(head) == "":
		what = "an empty document"
	}
	if contentType != "" {
		return fmt.Errorf("%w: the server sent %s (Content-Type %s), not RSS, Atom, JSON Feed or a sitemap", ErrNotAFeed, what, contentType)
	}
	return fmt.Errorf("%w: the server sent %s, not RSS, Atom, JSON Feed or a sitemap", ErrNotAFeed, what)
}

// resolve makes link absolute and keeps only http(s) URLs.
func resolve(base *url.URL, link string) (string, bool) {
	link = strings.TrimSpace(link)
	if link == "" {
		return "", false
	}
	u, err := url.Parse(link)
	if err != nil {
		return "", false
	}
	u = base.ResolveReference(u)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.Fragment = ""
	return u.String(), true
}

func normLang(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if len(l) != 2 {
		return ""
	}
	return l
}

// parseSitemap reads a sitemap (with or without the Google News
// extension): <url><loc>, and <news:news> for the title, date and
// language. It streams, one <url> at a time.
func parseSitemap(raw []byte, base *url.URL) (*Document, error) {
	type newsEntry struct {
		Title       string `xml:"title"`
		Published   string `xml:"publication_date"`
		Publication struct {
			Language string `xml:"language"`
		} `xml:"publication"`
	}
	type urlEntry struct {
		Loc     string     `xml:"loc"`
		LastMod string     `xml:"lastmod"`
		News    *newsEntry `xml:"news"`
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	doc := &Document{Kind: "sitemap"}
	for len(doc.Items) < MaxItems {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("malformed sitemap: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "url" {
			continue
		}
		var e urlEntry
		if err := dec.DecodeElement(&e, &se); err != nil {
			return nil, fmt.Errorf("malformed sitemap: %w", err)
		}
		abs, ok := resolve(base, e.Loc)
		if !ok {
			continue
		}
		it := Item{URL: abs}
		date := e.LastMod
		if e.News != nil {
			it.Title = strings.TrimSpace(e.News.Title)
			it.Language = normLang(e.News.Publication.Language)
			if e.News.Published != "" {
				date = e.News.Published
			}
		}
		if t, ok := parseW3CDate(date); ok {
			it.Published = &t
		}
		doc.Items = append(doc.Items, it)
	}
	return doc, nil
}

// parseW3CDate reads the W3C datetime forms sitemaps use.
func parseW3CDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
