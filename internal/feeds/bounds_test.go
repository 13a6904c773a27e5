package feeds

import (
	"errors"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits"
)

// TestFeedBounds: a nesting bomb or one endless text node within the
// document size limit is refused before a parser holds it; the usual
// feeds still parse.
func TestFeedBounds(t *testing.T) {
	for name, doc := range map[string]string{
		"nesting bomb":     `<rss version="2.0"><channel>` + strings.Repeat("<item>", 100000),
		"one text node":    `<rss version="2.0"><channel><title>` + strings.Repeat("A", 2<<20) + `</title></channel></rss>`,
		"sitemap too deep": `<urlset>` + strings.Repeat("<url>", 100000),
	} {
		if _, err := Parse([]byte(doc), "https://wire.example/feed", "application/rss+xml"); !errors.Is(err, limits.ErrExceeded) {
			t.Errorf("%s: err = %v, want a bound", name, err)
		}
	}
	for _, doc := range []string{rssDoc, atomDoc, jsonDoc, sitemapDoc} {
		if _, err := Parse([]byte(doc), "https://wire.example/feed", ""); err != nil {
			t.Errorf("%.30q: %v", doc, err)
		}
	}
}
