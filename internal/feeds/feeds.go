// Package feeds is the sources side of news monitoring: the feeds an
// operator follows, their health, and reading a feed document (RSS 2.0,
// Atom, JSON Feed, or a news sitemap) into the articles it announces. It
// does no I/O: fetching is the crawler's job, keeping feeds the store's.
package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Feed is a source the monitor polls.
type Feed struct {
	ID       int64         `json:"id"`
	URL      string        `json:"url"`
	Name     string        `json:"name,omitempty"`
	Language string        `json:"language,omitempty"` // ISO 639-1, a hint for the scanner
	Every    time.Duration `json:"-"`
	// EverySeconds is Every for JSON readers.
	EverySeconds int64     `json:"every_seconds"`
	AddedAt      time.Time `json:"added_at"`
	AddedBy      string    `json:"added_by,omitempty"`
	NextPollAt   time.Time `json:"next_poll_at"`
	Health       Health    `json:"health"`
	// Validators of the last good fetch, sent back as a conditional GET.
	ETag         string `json:"-"`
	LastModified string `json:"-"`
}

// Health says how a feed has fared: an operator reads it to see which
// sources are quiet, broken or slow.
type Health struct {
	LastFetch   time.Time `json:"last_fetch,omitzero"`
	LastOK      time.Time `json:"last_ok,omitzero"`
	LastNewItem time.Time `json:"last_new_item,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Failures counts fetches that failed in a row (0 after a good one).
	Failures  int   `json:"failures"`
	ItemsSeen int64 `json:"items_seen"`
}

// State is the one-word summary shown on a health line.
func (h Health) State() string {
	switch {
	case h.LastFetch.IsZero():
		return "new"
	case h.Failures > 0:
		return "failing"
	}
	return "ok"
}

// Poll is the outcome of one fetch of a feed, recorded on its health.
type Poll struct {
	At       time.Time
	Err      error // nil for a good fetch (also 304 Not Modified)
	NewItems int
	Items    int // items the document held
	// Validators for the next conditional GET (kept when empty).
	ETag, LastModified string
}

// DefaultEvery is how often a feed is polled unless told otherwise.
const DefaultEvery = 30 * time.Minute

// MinEvery is the shortest interval a feed may be polled at.
const MinEvery = time.Minute

// ErrExists is returned when a feed with the same URL is already followed.
var ErrExists = errors.New("feed already followed")

// ErrNotFound is returned for an unknown feed.
var ErrNotFound = errors.New("feed not found")

// Store keeps the feeds and their health.
type Store interface {
	AddFeed(ctx context.Context, f Feed) (Feed, error)
	Feeds(ctx context.Context) ([]Feed, error)
	Feed(ctx context.Context, id int64) (Feed, error)
	RemoveFeed(ctx context.Context, id int64) error
	// DueFeeds are the feeds whose next poll is at or before now.
	DueFeeds(ctx context.Context, now time.Time) ([]Feed, error)
	// RecordPoll writes a poll's outcome to the feed's health and sets the
	// next poll time.
	RecordPoll(ctx context.Context, id int64, p Poll, next time.Time) error
}

// New checks what an operator typed and returns the feed to add.
func New(rawURL, name, language string, every time.Duration) (Feed, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Feed{}, fmt.Errorf("feed URL %q: want an http:// or https:// URL", rawURL)
	}
	if every == 0 {
		every = DefaultEvery
	}
	if every < MinEvery {
		return Feed{}, fmt.Errorf("every %s: the shortest interval is %s", every, MinEvery)
	}
	language = strings.ToLower(strings.TrimSpace(language))
	if language != "" && (len(language) != 2 || strings.Trim(language, "abcdefghijklmnopqrstuvwxyz") != "") {
		return Feed{}, fmt.Errorf("language %q: want a two-letter ISO 639-1 code such as en", language)
	}
	u.Fragment = ""
	return Feed{URL: u.String(), Name: strings.TrimSpace(name), Language: language, Every: every, EverySeconds: int64(every / time.Second)}, nil
}

// Next is when a feed should be polled again after a poll at t: its
// interval after a good fetch; after failures, the interval doubled for
// each failure in a row, up to a day, so a dead source is not hammered.
func Next(f Feed, t time.Time, failures int) time.Time {
	wait := f.Every
	if wait <= 0 {
		wait = DefaultEvery
	}
	for i := 0; i < failures && wait < 24*time.Hour; i++ {
		wait *= 2
	}
	return t.Add(min(wait, max(24*time.Hour, f.Every)))
}
