// Package fetch is Vigil's one way out to the network: scanning a URL,
// downloading the official lists and reading feeds all go through a
// Fetcher, so every outbound request gets the same guard and bounds.
//
//   - It connects only to public internet addresses, checked on the
//     resolved address at dial time (DNS rebinding cannot slip through) and
//     on every redirect; only http and https, at most a few redirects.
//   - Every failure to reach a server — an unknown host, a closed port, a
//     refused private address — gives the same error, ErrUnreachable, so
//     the fetcher cannot be used to map a network.
//   - Bodies are bounded (pages in memory, downloads streamed to a
//     temporary file), and so is the time of every step; a semaphore caps
//     how many fetches run at once.
//   - Downloads are polite: conditional requests (ETag, Last-Modified) so
//     an unchanged list is not downloaded again, retries with backoff, and
//     a User-Agent naming the program and a contact. A download replaces
//     the cached file only when complete, so the last good copy survives
//     any failure.
package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/limits"
)

// Config bounds and identifies a Fetcher's requests; zero fields take the
// defaults of package limits.
type Config struct {
	// UserAgent names the program; Contact (an e-mail address or URL) is
	// added to it so a site's operator can reach whoever runs Vigil.
	UserAgent string
	Contact   string
	// AllowPrivate lifts the address guard (VIGIL_ALLOW_PRIVATE_FETCH=1),
	// for tests against local servers.
	AllowPrivate bool

	ConnectTimeout  time.Duration
	HeaderTimeout   time.Duration
	PageTimeout     time.Duration
	DownloadTimeout time.Duration
	PageBytes       int64
	DownloadBytes   int64
	Redirects       int
	Concurrent      int
	// Retries and Backoff apply to downloads: a failed attempt is retried
	// after Backoff, then twice that, and so on.
	Retries int
	Backoff time.Duration
}

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "vigil-sanctions-screening/1 (+https://github.com/vigilhq/vigil)"

func (c *Config) defaults() {
	set := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&c.ConnectTimeout, limits.FetchConnectTimeout)
	set(&c.HeaderTimeout, limits.FetchHeaderTimeout)
	set(&c.PageTimeout, limits.FetchPageTimeout)
	set(&c.DownloadTimeout, limits.FetchDownloadTimeout)
	if c.PageBytes <= 0 {
		c.PageBytes = limits.FetchPageBytes
	}
	if c.DownloadBytes <= 0 {
		c.DownloadBytes = limits.FetchDownloadBytes
	}
	if c.Redirects <= 0 {
		c.Redirects = limits.FetchRedirects
	}
	if c.Concurrent <= 0 {
		c.Concurrent = limits.FetchConcurrent
	}
	if c.Retries < 0 {
		c.Retries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = 2 * time.Second
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Contact != "" {
		c.UserAgent += " (contact: " + c.Contact + ")"
	}
}

// Fetcher makes guarded, bounded requests. One Fetcher should serve a whole
// process (the server shares one between scans, list refreshes and
// feeds), since its concurrency cap counts only its own fetches.
type Fetcher struct {
	cfg    Config
	client *http.Client
	slots  chan struct{}
	log    *slog.Logger
	// allowAddr is the address guard (allowedAddr; tests narrow it to
	// tell two loopback servers apart).
	allowAddr func(netip.Addr) bool
}

// New returns a Fetcher. With cfg.Retries zero, downloads are retried
// three times; pass a negative value for none.
func New(cfg Config, log *slog.Logger) *Fetcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Retries == 0 {
		cfg.Retries = 3
	}
	cfg.defaults()
	f := &Fetcher{cfg: cfg, slots: make(chan struct{}, cfg.Concurrent), log: log, allowAddr: allowedAddr}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !cfg.AllowPrivate {
		dialer.Control = f.checkDial
	} else {
		log.Warn("the fetch address guard is off (VIGIL_ALLOW_PRIVATE_FETCH): URLs may reach private and loopback addresses")
	}
	transport := &http.Transport{
		Proxy:                  nil, // a proxy would be dialled instead of the target, defeating the guard
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.HeaderTimeout,
		ResponseHeaderTimeout:  cfg.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: limits.FetchHeaderBytes,
		MaxIdleConns:           cfg.Concurrent,
		IdleConnTimeout:        90 * time.Second,
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: f.checkRedirect}
	return f
}

// ErrUnreachable is the single answer for every fetch that did not get a
// response: the host does not resolve, does not answer, refuses the
// connection, or is not a public internet address. The cause is logged at
// debug level only, so that answers do not tell a closed port from a
// refused address (the fetcher is no port scanner).
var ErrUnreachable = errors.New("cannot fetch the URL: the host is unknown, does not answer, or is not a public internet address")

// ErrTooLarge means the body is larger than the fetcher's bound.
var ErrTooLarge = errors.New("the response is larger than the limit")

// ErrContentType means the response is not of a type the caller accepts.
var ErrContentType = errors.New("the response is not of an accepted type")

// unreachable carries ErrUnreachable's cause for the log and for retries.
type unreachable struct {
	cause error
	final bool // retrying cannot help: the name does not resolve or the address is refused
}

func (e *unreachable) Error() string { return ErrUnreachable.Error() }
func (e *unreachable) Unwrap() error { return ErrUnreachable }

// errRedirectScheme is the cause of a redirect to something other than
// http or https.
var errRedirectScheme = errors.New("redirect to a scheme other than http or https")

// errTooManyRedirects ends a chain of redirects longer than the limit.
var errTooManyRedirects = errors.New("too many redirects")

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.cfg.Redirects {
		return errTooManyRedirects
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &unreachable{cause: errRedirectScheme, final: true}
	}
	return nil
}

// CheckURL refuses anything but an absolute http or https URL with a host.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http:// or https:// URL", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q carries credentials; Vigil does not send them", raw)
	}
	return u, nil
}

// acquire waits for a fetch slot; release gives it back.
func (f *Fetcher) acquire(ctx context.Context) (release func(), err error) {
	select {
	case f.slots <- struct{}{}:
		return func() { <-f.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Validators are a response's ETag and Last-Modified, sent back on the
// next request for the same URL so an unchanged resource costs a 304.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Request is one page fetch.
type Request struct {
	URL string
	// Accept lists the media types the caller can read ("text/html");
	// a response of another declared type is refused with ErrContentType.
	// Empty accepts any.
	Accept []string
	// Validators of the previous response, for a conditional request.
	Validators Validators
}

// Page is a fetched page, held in memory (at most Config.PageBytes).
type Page struct {
	URL         string // after redirects
	ContentType string // the media type, without parameters
	Body        []byte
	NotModified bool // the server answered 304 to the validators sent
	Validators  Validators
}

// Page fetches one page, once (no retries), within the page time limit.
func (f *Fetcher) Page(ctx context.Context, req Request) (*Page, error) {
	if _, err := CheckURL(req.URL); err != nil {
		return nil, err
	}
	release, err := f.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	fctx, cancel := context.WithTimeout(ctx, f.cfg.PageTimeout)
	defer cancel()
	resp, err := f.do(fctx, req.URL, req.Validators, req.Accept)
	if err != nil {
		return nil, callerErr(ctx, err)
	}
	defer resp.Body.Close()
	p := &Page{URL: resp.Request.URL.String(), Validators: validatorsOf(resp)}
	switch {
	case resp.StatusCode == http.StatusNotModified && req.Validators != (Validators{}):
		p.NotModified = true
		return p, nil
	case resp.StatusCode != http.StatusOK:
		return nil, &StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	if p.ContentType, err = accepted(resp, req.Accept); err != nil {
		return nil, err
	}
	if resp.ContentLength > f.cfg.PageBytes {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, resp.ContentLength, f.cfg.PageBytes)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, f.cfg.PageBytes+1))
	if err != nil {
		return nil, callerErr(ctx, f.bodyError(fctx, err, f.cfg.PageTimeout))
	}
	if n > f.cfg.PageBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, f.cfg.PageBytes)
	}
	p.Body = buf.Bytes()
	return p, nil
}

// do sends one GET and classifies a failure to get a response.
func (f *Fetcher) do(ctx context.Context, rawURL string, v Validators, accept []string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	if len(accept) > 0 {
		req.Header.Set("Accept", strings.Join(accept, ", "))
	}
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.client.Do(req)
	if err == nil {
		return resp, nil
	}
	var u *unreachable
	if errors.As(err, &u) {
		f.log.Debug("fetch refused", "url", rawURL, "cause", u.cause)
		return nil, u
	}
	if errors.Is(err, errTooManyRedirects) {
		return nil, fmt.Errorf("the URL redirects more than %d times", f.cfg.Redirects)
	}
	f.log.Debug("fetch failed", "url", rawURL, "cause", err)
	var dnsErr *net.DNSError
	var refused errAddressRefused
	final := errors.As(err, &refused) || (errors.As(err, &dnsErr) && dnsErr.IsNotFound)
	return nil, &unreachable{cause: err, final: final}
}

// callerErr prefers the caller's own cancellation or deadline to err: a
// request that ran out of its time did not find the host unreachable.
func callerErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// bodyError describes a failure while reading a body.
func (f *Fetcher) bodyError(ctx context.Context, err error, limit time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("the transfer took longer than %s", limit)
	}
	return fmt.Errorf("reading the response: %w", err)
}

// accepted returns the response's media type, refusing one the caller
// does not accept (a missing type is left to the caller to sniff).
func accepted(resp *http.Response, accept []string) (string, error) {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", fmt.Errorf("%w: Content-Type %q", ErrContentType, ct)
	}
	if len(accept) > 0 && !slices.Contains(accept, mt) {
		return "", fmt.Errorf("%w: %s (want %s)", ErrContentType, mt, strings.Join(accept, ", "))
	}
	return mt, nil
}

func validatorsOf(resp *http.Response) Validators {
	return Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
}

// Result says where a download is and whether it changed.
type Result struct {
	Path       string
	NotChanged bool // the server answered 304 Not Modified
}

// Download fetches url to dir/name, sending the validators of the previous
// download (kept beside it in name.meta.json), with retries. It returns the
// cached path also when the server says the file has not changed.
func (f *Fetcher) Download(ctx context.Context, rawURL, dir, name string) (Result, error) {
	if _, err := CheckURL(rawURL); err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	path := filepath.Join(dir, name)
	metaPath := path + ".meta.json"
	var v Validators
	if _, err := os.Stat(path); err == nil {
		if b, err := os.ReadFile(metaPath); err == nil {
			_ = json.Unmarshal(b, &v) // a damaged sidecar only costs a full download
		}
	}
	var lastErr error
	for attempt := 0; attempt <= f.cfg.Retries; attempt++ {
		if attempt > 0 {
			wait := f.cfg.Backoff << (attempt - 1)
			f.log.Warn("download failed, retrying", "url", rawURL, "attempt", attempt, "wait", wait, "err", lastErr)
			select {
			case <-ctx.Done():
				return Result{}, ctx.Err()
			case <-time.After(wait):
			}
		}
		res, retry, err := f.downloadOnce(ctx, rawURL, path, metaPath, v)
		if err == nil {
			return res, nil
		}
		lastErr = err
		if !retry || ctx.Err() != nil {
			break
		}
	}
	return Result{}, fmt.Errorf("download %s: %w", rawURL, lastErr)
}

// downloadOnce makes one attempt and says whether another may succeed.
func (f *Fetcher) downloadOnce(ctx context.Context, rawURL, path, metaPath string, v Validators) (Result, bool, error) {
	release, err := f.acquire(ctx)
	if err != nil {
		return Result{}, false, err
	}
	defer release()
	fctx, cancel := context.WithTimeout(ctx, f.cfg.DownloadTimeout)
	defer cancel()
	resp, err := f.do(fctx, rawURL, v, nil)
	if err != nil {
		var u *unreachable
		return Result{}, errors.As(err, &u) && !u.final, callerErr(ctx, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return Result{Path: path, NotChanged: true}, false, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return Result{}, true, fmt.Errorf("the server answered %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return Result{}, false, fmt.Errorf("the server answered %s", resp.Status)
	}
	if resp.ContentLength > f.cfg.DownloadBytes {
		return Result{}, false, fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, resp.ContentLength, f.cfg.DownloadBytes)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".part-*")
	if err != nil {
		return Result{}, false, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, f.cfg.DownloadBytes+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Result{}, true, callerErr(ctx, f.bodyError(fctx, err, f.cfg.DownloadTimeout))
	}
	if n > f.cfg.DownloadBytes {
		return Result{}, false, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, f.cfg.DownloadBytes)
	}
	if resp.ContentLength > 0 && n != resp.ContentLength {
		return Result{}, true, fmt.Errorf("truncated download: %d of %d bytes", n, resp.ContentLength)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Result{}, false, err
	}
	if b, err := json.Marshal(validatorsOf(resp)); err == nil {
		_ = os.WriteFile(metaPath, b, 0o644) // validators are an optimisation only
	}
	return Result{Path: path}, false, nil
}
