package scan_test

import (
	"io"
	"testing"
	"unicode/utf8"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/scan"
)

// FuzzParseInput reads article input, plain or gzipped as the fuzzer makes
// it: an article with valid UTF-8 text, or an error; never a panic.
func FuzzParseInput(f *testing.F) {
	limitstest.AddSeeds(f,
		"Major General Qassem Soleimani visited Moscow on Wednesday.",
		`<!doctype html><html lang="en"><head><title>T</title><meta property="article:published_time" content="2015-07-24"></head><body><article><p>Soleimani in Moscow.</p><script>x()</script></article></body></html>`,
		"<p>unclosed <b>tags",
		"\xff\xfe bad UTF-8")
	f.Fuzz(func(t *testing.T, data string) {
		r, ok := limitstest.Unpack(data)
		if !ok {
			return
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			return
		}
		art, _, err := scan.ParseInput(raw, "https://example.org/a")
		if err != nil {
			return
		}
		if !utf8.ValidString(art.Text) {
			t.Fatalf("invalid UTF-8 text from %q", raw)
		}
	})
}
