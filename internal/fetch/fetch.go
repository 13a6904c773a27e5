// Package fetch downloads official list files politely: with a timeout,
// retries with backoff, and conditional requests (ETag, Last-Modified) so
// an unchanged list is not downloaded again. A download is written to a
// temporary file and renamed into place only when complete, so the last
// good copy survives any failure.
package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Client downloads files into a cache folder.
type Client struct {
	HTTP     *http.Client
	Dir      string
	Retries  int
	Backoff  time.Duration
	MaxBytes int64
	Log      *slog.Logger
}

// New returns a client with sensible defaults.
func New(dir string, log *slog.Logger) *Client {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{
		HTTP:     &http.Client{Timeout: 2 * time.Minute},
		Dir:      dir,
		Retries:  3,
		Backoff:  2 * time.Second,
		MaxBytes: 512 << 20,
		Log:      log,
	}
}

// Result says where the file is and whether it changed.
type Result struct {
	Path       string
	NotChanged bool // the server answered 304 Not Modified
}

type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// ErrOffline means the server could not be reached at all.
var ErrOffline = errors.New("cannot reach the server (offline?); import files with 'vigil lists import' instead")

// Get downloads url to Dir/name, sending the validators of the previous
// download. It returns the cached path also when the server says the file
// has not changed.
func (c *Client) Get(ctx context.Context, url, name string) (Result, error) {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return Result{}, err
	}
	path := filepath.Join(c.Dir, name)
	metaPath := path + ".meta.json"
	var v validators
	if _, err := os.Stat(path); err == nil {
		if b, err := os.ReadFile(metaPath); err == nil {
			_ = json.Unmarshal(b, &v) // a damaged sidecar only costs a full download
		}
	}
	var lastErr error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			wait := c.Backoff << (attempt - 1)
			c.Log.Warn("download failed, retrying", "url", url, "attempt", attempt, "wait", wait, "err", lastErr)
			select {
			case <-ctx.Done():
				return Result{}, ctx.Err()
			case <-time.After(wait):
			}
		}
		res, retry, err := c.try(ctx, url, path, metaPath, v)
		if err == nil {
			return res, nil
		}
		lastErr = err
		if !retry {
			break
		}
	}
	return Result{}, fmt.Errorf("download %s: %w", url, lastErr)
}

func (c *Client) try(ctx context.Context, url, path, metaPath string, v validators) (Result, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Result{}, false, err
	}
	req.Header.Set("User-Agent", "vigil-sanctions-screening/1 (+https://github.com/vigilhq/vigil)")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		var dnsErr *net.DNSError
		var opErr *net.OpError
		if errors.As(err, &dnsErr) || errors.As(err, &opErr) {
			// A name that does not resolve will not resolve in a few
			// seconds either: no retries, so an offline update of every
			// source ends at once.
			retry := dnsErr == nil || !dnsErr.IsNotFound
			return Result{}, retry, fmt.Errorf("%w: %v", ErrOffline, err)
		}
		return Result{}, true, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return Result{Path: path, NotChanged: true}, false, nil
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return Result{}, true, fmt.Errorf("server answered %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return Result{}, false, fmt.Errorf("server answered %s", resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".part-*")
	if err != nil {
		return Result{}, false, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, c.MaxBytes+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Result{}, true, fmt.Errorf("reading body: %w", err)
	}
	if n > c.MaxBytes {
		return Result{}, false, fmt.Errorf("file is larger than %d bytes", c.MaxBytes)
	}
	if resp.ContentLength > 0 && n != resp.ContentLength {
		return Result{}, true, fmt.Errorf("truncated download: %d of %d bytes", n, resp.ContentLength)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Result{}, false, err
	}
	nv := validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if b, err := json.Marshal(nv); err == nil {
		_ = os.WriteFile(metaPath, b, 0o644) // validators are an optimisation only
	}
	return Result{Path: path}, false, nil
}

// Page fetches a web page for scanning: one attempt with the client's
// timeout, at most limit bytes (a larger page is refused).
func (c *Client) Page(ctx context.Context, url string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "vigil-sanctions-screening/1 (+https://github.com/vigilhq/vigil)")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		var dnsErr *net.DNSError
		var opErr *net.OpError
		if errors.As(err, &dnsErr) || errors.As(err, &opErr) {
			return nil, fmt.Errorf("fetch %s: %w: %v", url, ErrOffline, err)
		}
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: server answered %s", url, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("fetch %s: page larger than %d bytes", url, limit)
	}
	return b, nil
}
