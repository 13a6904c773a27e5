package scan

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"

	"github.com/vigilhq/vigil/internal/limits"
)

// MaxArticleBytes bounds what a scan reads: longer inputs are refused.
const MaxArticleBytes = limits.ArticleBytes

// PageTypes are the media types ParseInput reads, for a fetch of an
// article's URL: anything else (JSON, images, archives) is refused before
// its body is read, so no other kind of resource is shown as an article.
var PageTypes = []string{"text/html", "application/xhtml+xml", "text/plain"}

// ErrNotText is returned for binary input.
var ErrNotText = errors.New("input is not text or HTML")

// ParseInput turns raw bytes (plain text or HTML) into an Article. For HTML
// the main text is extracted with go-readability, and the title,
// publication date and language come from the page's metadata. Invalid
// UTF-8 is replaced, not refused; binary input is refused.
func ParseInput(raw []byte, pageURL string) (Article, []string, error) {
	var warnings []string
	if len(raw) > MaxArticleBytes {
		return Article{}, nil, fmt.Errorf("input is %d bytes, more than the %d-byte limit", len(raw), MaxArticleBytes)
	}
	probe := raw[:min(len(raw), 8192)]
	if bytes.IndexByte(probe, 0) >= 0 {
		return Article{}, nil, fmt.Errorf("%w (it contains NUL bytes)", ErrNotText)
	}
	if !utf8.Valid(raw) {
		bad := 0
		for i := 0; i < len(probe); {
			r, size := utf8.DecodeRune(probe[i:])
			if r == utf8.RuneError && size == 1 {
				bad++
			}
			i += size
		}
		if bad*10 > len(probe) {
			return Article{}, nil, fmt.Errorf("%w (%d of its first %d bytes are not UTF-8)", ErrNotText, bad, len(probe))
		}
		raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		warnings = append(warnings, "invalid UTF-8 sequences were replaced")
	}
	text := string(raw)
	if !looksLikeHTML(text) {
		return Article{Text: text, URL: pageURL}, warnings, nil
	}
	var u *url.URL
	if pageURL != "" {
		u, _ = url.Parse(pageURL)
	}
	art, err := readability.FromReader(strings.NewReader(text), u)
	if err != nil {
		return Article{}, warnings, fmt.Errorf("extract the article from HTML: %w", err)
	}
	var body strings.Builder
	if err := art.RenderText(&body); err != nil {
		return Article{}, warnings, fmt.Errorf("render article text: %w", err)
	}
	a := Article{Text: strings.TrimSpace(body.String()), Title: art.Title(), URL: pageURL, Language: normLang(art.Language())}
	if a.Title != "" && !strings.Contains(a.Text[:min(len(a.Text), len(a.Title)+200)], a.Title) {
		a.Text = a.Title + "\n\n" + a.Text
	}
	if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		a.Published = &d
	}
	return a, warnings, nil
}

func looksLikeHTML(s string) bool {
	head := strings.ToLower(strings.TrimSpace(s[:min(len(s), 1024)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<head") || strings.Contains(head, "<body") || (strings.HasPrefix(head, "<") && strings.Contains(head, "</"))
}

// normLang reduces "en-US" to "en".
func normLang(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	return l
}
