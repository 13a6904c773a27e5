// Package crawl makes the monitor a polite client of news sites, on top of
// the one guarded fetcher (internal/fetch): it obeys robots.txt, sends one
// request at a time to a host with a minimum delay between two — across
// every watch process sharing the store, through a lease on the host — and
// sends back ETag/Last-Modified so an unchanged feed costs a 304.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/vigilhq/vigil/internal/fetch"
)

// Leases gives one holder at a time the right to send a request to a host.
// The store implements it, so the rule holds across processes and
// machines.
type Leases interface {
	// AcquireHost takes host for holder until the given time unless
	// another holder has it at now; when it cannot, it returns when the
	// other lease ends.
	AcquireHost(ctx context.Context, host, holder string, now, until time.Time) (bool, time.Time, error)
	// ReleaseHost ends holder's lease at the given time (now plus the
	// delay: the next request to the host may start then).
	ReleaseHost(ctx context.Context, host, holder string, at time.Time) error
}

// Config is the crawler's politeness.
type Config struct {
	// MinDelay is the least time between two requests to one host (a
	// robots.txt Crawl-delay may raise it, up to MaxDelay).
	MinDelay time.Duration
	MaxDelay time.Duration
	// Lease bounds how long one request may hold a host (longer than the
	// fetcher's page timeout, so a live request never loses it; a dead
	// process's lease ends after it).
	Lease time.Duration
	// MaxWait is how long a request waits for its turn at a busy host
	// before giving up with ErrHostBusy (the job is retried later).
	MaxWait time.Duration
	// RobotsTTL is how long a host's robots.txt is trusted.
	RobotsTTL time.Duration
	// Agent is the product token robots.txt groups are matched against.
	Agent string
}

// DefaultConfig is a polite crawler: a second between requests to a host.
func DefaultConfig() Config {
	return Config{MinDelay: time.Second, MaxDelay: time.Minute, Lease: 2 * time.Minute, MaxWait: 2 * time.Minute, RobotsTTL: 24 * time.Hour, Agent: "vigil"}
}

// ErrDisallowed means robots.txt forbids the URL to this crawler.
var ErrDisallowed = errors.New("robots.txt disallows it")

// ErrHostBusy means the host stayed busy longer than MaxWait.
var ErrHostBusy = errors.New("the host is busy with other requests of this monitor")

// maxRobotsBytes is how much of a robots.txt is read (Google reads 500
// KiB).
const maxRobotsBytes = 512 << 10

// Crawler fetches politely. It is safe for concurrent use; make one per
// process.
type Crawler struct {
	cfg    Config
	f      *fetch.Fetcher
	leases Leases
	holder string
	log    *slog.Logger

	mu     sync.Mutex
	hosts  map[string]*sync.Mutex // one request at a time per host, in this process
	robots map[string]robotsEntry
}

type robotsEntry struct {
	data    *robotstxt.RobotsData
	expires time.Time
}

// serverErrorTTL is how long a robots.txt answered with a server error
// (which disallows everything) is kept: the error is usually brief.
const serverErrorTTL = 10 * time.Minute

// New returns a crawler. holder names this process in the host leases
// (unique per process: a host name and process ID will do).
func New(cfg Config, f *fetch.Fetcher, leases Leases, holder string, log *slog.Logger) *Crawler {
	def := DefaultConfig()
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = def.MaxDelay
	}
	if cfg.Lease <= 0 {
		cfg.Lease = def.Lease
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = def.MaxWait
	}
	if cfg.RobotsTTL <= 0 {
		cfg.RobotsTTL = def.RobotsTTL
	}
	if cfg.Agent == "" {
		cfg.Agent = def.Agent
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Crawler{cfg: cfg, f: f, leases: leases, holder: holder, log: log, hosts: map[string]*sync.Mutex{}, robots: map[string]robotsEntry{}}
}

// Get fetches a page politely: robots.txt first (cached), then the page
// in the host's turn.
func (c *Crawler) Get(ctx context.Context, req fetch.Request) (*fetch.Page, error) {
	u, err := fetch.CheckURL(req.URL)
	if err != nil {
		return nil, err
	}
	host := strings.ToLower(u.Scheme + "://" + u.Host)
	rd, err := c.robotsFor(ctx, host)
	if err != nil {
		return nil, err
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	// TestAgent, not the group's Test: a robots.txt answered with a server
	// error disallows everything and has no groups
	if !rd.TestAgent(path, c.cfg.Agent) {
		return nil, fmt.Errorf("%s: %w", req.URL, ErrDisallowed)
	}
	var page *fetch.Page
	err = c.turn(ctx, host, rd.FindGroup(c.cfg.Agent).CrawlDelay, func() error {
		var ferr error
		page, ferr = c.f.Page(ctx, req)
		return ferr
	})
	return page, err
}

// robotsFor returns the host's robots.txt rules, fetching them in the
// host's turn when not cached. A missing robots.txt (4xx) allows all; a
// server error disallows all for now (Google's rules), and so does a host
// that cannot be reached (the page could not be fetched either).
func (c *Crawler) robotsFor(ctx context.Context, host string) (*robotstxt.RobotsData, error) {
	c.mu.Lock()
	e, ok := c.robots[host]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.data, nil
	}
	var rd *robotstxt.RobotsData
	ttl := c.cfg.RobotsTTL
	err := c.turn(ctx, host, 0, func() error {
		page, err := c.f.Page(ctx, fetch.Request{URL: host + "/robots.txt"})
		var se *fetch.StatusError
		switch {
		case err == nil:
			body := page.Body[:min(len(page.Body), maxRobotsBytes)]
			if rd, err = robotstxt.FromStatusAndBytes(200, body); err != nil {
				c.log.Info("robots.txt does not parse; following its readable rules", "host", host, "err", err)
				rd, _ = robotstxt.FromStatusAndBytes(404, nil)
			}
			return nil
		case errors.As(err, &se):
			if se.Code >= 500 {
				ttl = serverErrorTTL
			}
			rd, err = robotstxt.FromStatusAndBytes(se.Code, nil)
			if err != nil { // 1xx/3xx left after redirects: treat as missing
				rd, _ = robotstxt.FromStatusAndBytes(404, nil)
			}
			return nil
		case errors.Is(err, fetch.ErrTooLarge), errors.Is(err, fetch.ErrContentType):
			rd, _ = robotstxt.FromStatusAndBytes(404, nil)
			return nil
		}
		return fmt.Errorf("robots.txt: %w", err)
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.robots[host] = robotsEntry{data: rd, expires: time.Now().Add(ttl)}
	c.mu.Unlock()
	return rd, nil
}

// turn runs do while holding the host: first this process's own lock for
// the host, then the shared lease. The lease ends the delay after do
// returns.
func (c *Crawler) turn(ctx context.Context, host string, crawlDelay time.Duration, do func() error) error {
	c.mu.Lock()
	m, ok := c.hosts[host]
	if !ok {
		m = &sync.Mutex{}
		c.hosts[host] = m
	}
	c.mu.Unlock()
	m.Lock()
	defer m.Unlock()
	deadline := time.Now().Add(c.cfg.MaxWait)
	for {
		now := time.Now()
		ok, until, err := c.leases.AcquireHost(ctx, host, c.holder, now, now.Add(c.cfg.Lease))
		if err != nil {
			return err
		}
		if ok {
			break
		}
		if now.After(deadline) {
			return fmt.Errorf("%s: %w", host, ErrHostBusy)
		}
		// the lease ends at until when its holder's delay runs out, or
		// earlier when its request finishes: look again soon
		wait := min(max(time.Until(until), 5*time.Millisecond), 100*time.Millisecond)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	delay := min(max(c.cfg.MinDelay, crawlDelay), c.cfg.MaxDelay)
	err := do()
	// release with a fresh context: a cancelled job must not keep the
	// host for the whole lease
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := c.leases.ReleaseHost(rctx, host, c.holder, time.Now().Add(delay)); rerr != nil {
		c.log.Warn("release host lease", "host", host, "err", rerr)
	}
	return err
}
