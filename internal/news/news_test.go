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

func TestFingerprintRecognisesCopies(t *testing.T) {
	orig, ok1 := NewFingerprint(story)
	// a syndicated copy: another headline and dateline, different line
	// breaks and punctuation, one closing sentence added
	cp, ok2 := NewFingerprint("Iranian general visited Moscow, officials say\n\nMOSCOW (Wire) — " + strings.ReplaceAll(story, "\n", " ") + " The agency could not verify the account.")
	// another report of the same event
	other, ok3 := NewFingerprint(`When General Qassem Soleimani arrived in Moscow on 24 July, he carried maps of the front lines in
northern Syria, according to two people briefed on his meetings with Russian commanders. The commander of the Quds Force
spent two days in the Russian capital and asked for air support for a ground offensive near Aleppo.`)
	if !ok1 || !ok2 || !ok3 {
		t.Fatal("no fingerprint for a full article")
	}
	if s := Similarity(orig, cp); s < CopySimilarity {
		t.Errorf("copy similarity %.2f, want ≥ %.2f", s, CopySimilarity)
	}
	if s := Similarity(orig, other); s >= CopySimilarity/2 {
		t.Errorf("another report of the event: similarity %.2f", s)
	}
	if _, ok := NewFingerprint("too short to tell"); ok {
		t.Error("a short text got a fingerprint")
	}
	b1, b2 := orig.Bands(), cp.Bands()
	shared := false
	for i := range b1 {
		shared = shared || b1[i] == b2[i]
	}
	if !shared {
		t.Error("the copy shares no band with its original")
	}
	back, err := ParseFingerprint(orig.String())
	if err != nil || back != orig {
		t.Errorf("round trip: %v", err)
	}
	if _, err := ParseFingerprint("zz"); err == nil {
		t.Error("a bad fingerprint parsed")
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
