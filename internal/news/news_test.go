package news

import (
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"HTTPS://News.Example:443/a/b?utm_source=x&id=2&b=1#top", "https://news.example/a/b?b=1&id=2"},
		{"http://news.example:80", "http://news.example/"},
		{"http://news.example:8080/x?fbclid=1", "http://news.example:8080/x"},
		{"ftp://news.example/x", ""},
		{"/relative", ""},
	} {
		if got := NormalizeURL(tc.in); got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOutlet(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.bbc.co.uk/news/1", "bbc.co.uk"},
		{"https://edition.cnn.com/x", "cnn.com"},
		{"http://127.0.0.1:8080/a", "127.0.0.1:8080"},
		{"http://localhost:9/a", "localhost:9"},
	} {
		if got := Outlet(tc.in); got != tc.want {
			t.Errorf("Outlet(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{`<html><head><link rel="canonical" href="/story/1?utm_medium=rss"></head><body></body></html>`, "https://news.example/story/1"},
		{`<html><head><meta property="og:url" content="https://news.example/og"></head><body><link rel="canonical" href="/late"></body></html>`, "https://news.example/og"},
		{`<html><head><title>none</title></head><body>text</body></html>`, ""},
		{`not html at all`, ""},
	} {
		if got := CanonicalURL([]byte(tc.page), "https://news.example/feed-item"); got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.page, got, tc.want)
		}
	}
}

const story = `Major General Qassem Soleimani, the commander of the Quds Force, travelled to Moscow on 24 July
and met President Vladimir Putin and the defence minister, two officials said on Thursday. The visit, his
first known trip abroad since the nuclear agreement was signed, breached a United Nations travel ban that
has applied to him since 2007. Officials in Tehran declined to comment on the report, which was first
published by a news agency that cited regional security sources familiar with the talks held in the Kremlin.`

func TestSimHashRecognisesCopies(t *testing.T) {
	orig := SimHash(story)
	// a syndicated copy: another headline and byline, different line
	// breaks and punctuation, one closing sentence added
	cp := SimHash("MOSCOW (Wire) — " + strings.ReplaceAll(story, "\n", " ") + " The agency could not verify the account.")
	other := SimHash(strings.Repeat("The central bank left its main interest rate unchanged on Thursday, citing slowing inflation and weak growth in the region. ", 3))
	if orig == 0 || cp == 0 || other == 0 {
		t.Fatal("no fingerprint for a full article")
	}
	if d := Distance(orig, cp); d > CopyDistance {
		t.Errorf("copy at distance %d, want ≤ %d", d, CopyDistance)
	}
	if d := Distance(orig, other); d <= CopyDistance {
		t.Errorf("unrelated story at distance %d", d)
	}
	if SimHash("too short to tell") != 0 {
		t.Error("a short text got a fingerprint")
	}
	// two hashes within CopyDistance share a band
	b1, b2 := Bands(orig), Bands(cp)
	shared := false
	for i := range b1 {
		shared = shared || b1[i] == b2[i]
	}
	if !shared {
		t.Error("copy shares no band")
	}
}

func FuzzCanonicalURL(f *testing.F) {
	f.Add([]byte(`<html><head><link rel="canonical" href="/x"></head></html>`))
	f.Add([]byte(`<meta property="og:url" content="http://[::1">`))
	f.Fuzz(func(t *testing.T, page []byte) {
		got := CanonicalURL(page, "https://news.example/a")
		if got != "" && NormalizeURL(got) != got {
			t.Fatalf("canonical %q is not normalised", got)
		}
	})
}
