// Package news is what makes one news report one piece of evidence: an
// article's identity (its canonical URL), its outlet (who published it),
// and its text's fingerprint (MinHash), so that a syndicated copy at another URL is
// recognised as the same report rather than counted as corroboration. It
// also defines the articles the monitor keeps. No I/O.
package news

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/publicsuffix"
)

// State is where an article stands in the monitor's pipeline.
type State string

const (
	Queued    State = "queued"    // announced by a feed, not fetched yet
	Fetched   State = "fetched"   // text extracted, waiting for its scan
	Scanned   State = "scanned"   // scanned; its trips filed
	Duplicate State = "duplicate" // another article has the same canonical URL
	Copy      State = "copy"      // nearly the same text as an earlier article
	Failed    State = "failed"    // could not be fetched or read (Error says why)
)

// Article is a news article the monitor found.
type Article struct {
	ID           int64      `json:"id"`
	URL          string     `json:"url"`
	FeedID       int64      `json:"feed_id,omitempty"`
	Outlet       string     `json:"outlet"`
	Title        string     `json:"title,omitempty"`
	Published    *time.Time `json:"published,omitempty"`
	Language     string     `json:"language,omitempty"`
	CanonicalURL string     `json:"canonical_url,omitempty"`
	State        State      `json:"state"`
	DuplicateOf  int64      `json:"duplicate_of,omitempty"`
	CopyOf       int64      `json:"copy_of,omitempty"`
	Body         string     `json:"-"` // the extracted main text
	Error        string     `json:"error,omitempty"`
	Trips        int        `json:"trips"`
	FoundAt      time.Time  `json:"found_at"`
}

// Extracted is an article's text as read from its page.
type Extracted struct {
	CanonicalURL string
	Title        string
	Body         string
	Language     string
	Published    *time.Time
	// Fingerprint of Body; HasFingerprint is false for a text too short.
	Fingerprint    Fingerprint
	HasFingerprint bool
}

// Claim is what recording an article's text decided.
type Claim struct {
	State State // Fetched (new text), Duplicate or Copy
	Of    int64 // the earlier article it duplicates or copies
}

// ErrNotFound is returned for an unknown article.
var ErrNotFound = errors.New("article not found")

// Store keeps articles. Its claims are atomic across processes: two
// workers recording copies of one story at once see one original.
type Store interface {
	// AddArticles records newly announced articles, skipping URLs already
	// known, and returns those added (with IDs).
	AddArticles(ctx context.Context, as []Article) ([]Article, error)
	Article(ctx context.Context, id int64) (Article, error)
	// ClaimText records the extracted text and decides, under a lock,
	// whether the article is new, a duplicate (same canonical URL) or a
	// copy (Similarity of fingerprints at least CopySimilarity).
	ClaimText(ctx context.Context, id int64, x Extracted) (Claim, error)
	// RecordScanned marks the article scanned with the number of trips
	// found.
	RecordScanned(ctx context.Context, id int64, trips int) error
	// RecordFailed marks the article failed with the reason.
	RecordFailed(ctx context.Context, id int64, reason string) error
}

// Fingerprint is a MinHash signature of an article's text: the least
// hash of its word triples under each of 64 hash functions. Two texts
// agree on a signature position with probability equal to the Jaccard
// similarity of their triples, so the share of equal positions estimates
// how much text they share, whatever was added or cut around it.
type Fingerprint [fingerprintSize]uint32

const fingerprintSize = 64

// CopySimilarity is the estimated share of word triples at or above which
// a later article is taken for a copy of an earlier one. A syndicated copy
// with its own headline, dateline and closing line shares 0.7–0.9 of a
// short story's triples; two reports of one event, written apart, share
// less than 0.1.
const CopySimilarity = 0.6

// minFingerprintWords: texts shorter than this are not fingerprinted (a
// two-line brief matches too many others to call it a copy).
const minFingerprintWords = 30

// NewFingerprint fingerprints text; ok is false for a text too short.
func NewFingerprint(text string) (fp Fingerprint, ok bool) {
	words := normalisedWords(text)
	if len(words) < minFingerprintWords {
		return fp, false
	}
	for i := range fp {
		fp[i] = ^uint32(0)
	}
	for i := 0; i+3 <= len(words); i++ {
		x := fnv64(words[i], words[i+1], words[i+2])
		for k := range fp {
			if h := uint32(mix64(x^seeds[k]) >> 32); h < fp[k] {
				fp[k] = h
			}
		}
	}
	return fp, true
}

// seeds make the 64 hash functions (fixed, so fingerprints stored by one
// process compare with another's).
var seeds = func() (s [fingerprintSize]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = mix64(x + uint64(i))
		s[i] = x
	}
	return s
}()

// mix64 is SplitMix64's finaliser: a cheap, well-spread bijection.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// Similarity estimates the Jaccard similarity of two texts' word triples.
func Similarity(a, b Fingerprint) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / fingerprintSize
}

// Bands are the fingerprint's locality-sensitive keys: eight bands of four
// positions, each hashed to 31 bits. Texts sharing 0.8 of their triples
// agree on some band 98 % of the time, texts sharing 0.1 almost never, so
// a store finds copy candidates with eight indexed equality lookups.
func (fp Fingerprint) Bands() [8]int64 {
	var out [8]int64
	for b := range out {
		h := uint64(14695981039346656037)
		for _, v := range fp[4*b : 4*b+4] {
			h = mix64(h ^ uint64(v))
		}
		out[b] = int64(h & 0x7fffffff)
	}
	return out
}

// String encodes the fingerprint for storage (hex, 512 characters).
func (fp Fingerprint) String() string {
	b := make([]byte, 0, 4*fingerprintSize)
	for _, v := range fp {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return hex.EncodeToString(b)
}

// ParseFingerprint decodes String's form.
func ParseFingerprint(s string) (Fingerprint, error) {
	var fp Fingerprint
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 4*fingerprintSize {
		return fp, fmt.Errorf("fingerprint: want %d hex digits", 8*fingerprintSize)
	}
	for i := range fp {
		fp[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return fp, nil
}

func fnv64(ws ...string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i, w := range ws {
		if i > 0 {
			h ^= ' '
			h *= prime
		}
		for j := 0; j < len(w); j++ {
			h ^= uint64(w[j])
			h *= prime
		}
	}
	return h
}

// normalisedWords lowercases and splits on anything not a letter or digit,
// so punctuation, markup leftovers and line breaks do not matter.
func normalisedWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// trackingParams are query parameters that identify a campaign, not a
// page.
var trackingParams = []string{"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "ref_src", "taid"}

// NormalizeURL gives the form of an article URL used to recognise it: the
// scheme and host lowercased, default ports, fragments and tracking
// parameters (utm_*, fbclid, …) dropped, remaining parameters sorted. It
// returns "" for anything not an absolute http(s) URL.
func NormalizeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if h, p, ok := strings.Cut(u.Host, ":"); ok && ((u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443")) {
		u.Host = h
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || slices.Contains(trackingParams, strings.ToLower(k)) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // sorted by key
	return u.String()
}

// Outlet names who published a URL: its registrable domain (bbc.co.uk for
// www.bbc.co.uk/news), so two pages of one outlet count once. A loopback
// or bare host is its own outlet, with its port (tests serve several).
func Outlet(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ".") && !isIP(host) {
		if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			return d
		}
	}
	return strings.ToLower(u.Host)
}

func isIP(h string) bool {
	return strings.Trim(h, "0123456789.") == "" || strings.Contains(h, ":")
}

// maxHeadBytes bounds how much of a page is searched for its canonical
// link (it sits in <head>).
const maxHeadBytes = 1 << 20

// CanonicalURL finds the page's own statement of its URL —
// <link rel="canonical"> or else <meta property="og:url"> — resolved
// against the URL it was fetched from, and normalised. It returns "" when
// the page states none.
func CanonicalURL(page []byte, fetchedFrom string) string {
	base, err := url.Parse(fetchedFrom)
	if err != nil {
		return ""
	}
	z := html.NewTokenizer(io.LimitReader(bytes.NewReader(page), maxHeadBytes))
	og := ""
	for {
		switch z.Next() {
		case html.ErrorToken:
			return resolveCanonical(base, og)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag == "body" {
				return resolveCanonical(base, og)
			}
			if !hasAttr || (tag != "link" && tag != "meta") {
				continue
			}
			attrs := map[string]string{}
			for {
				k, v, more := z.TagAttr()
				attrs[string(k)] = string(v)
				if !more {
					break
				}
			}
			switch {
			case tag == "link" && strings.EqualFold(strings.TrimSpace(attrs["rel"]), "canonical") && attrs["href"] != "":
				return resolveCanonical(base, attrs["href"])
			case tag == "meta" && attrs["property"] == "og:url" && og == "":
				og = attrs["content"]
			}
		}
	}
}

func resolveCanonical(base *url.URL, href string) string {
	if href == "" {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	return NormalizeURL(base.ResolveReference(u).String())
}
