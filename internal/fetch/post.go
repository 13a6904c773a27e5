package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// StatusError is a page fetch answered with a status other than 200 (a
// caller such as the robots.txt reader acts on the code).
type StatusError struct {
	Code   int
	Status string
}

func (e *StatusError) Error() string { return "the server answered " + e.Status }

// PostRequest is one outbound POST (a webhook delivery).
type PostRequest struct {
	URL         string
	ContentType string
	Body        []byte
	Header      http.Header // extra headers (signatures)
}

// maxPostAnswer bounds how much of a POST's answer is read (it is only
// logged).
const maxPostAnswer = 4096

// Post sends one POST through the same guard, bounds and concurrency cap
// as every fetch, without retries (the caller's queue retries) and without
// following redirects (a receiver that moved must be re-registered; a
// redirect would otherwise replay the signed body to another address). It
// returns the status code and an error for anything but a 2xx answer.
func (f *Fetcher) Post(ctx context.Context, req PostRequest) (int, error) {
	if _, err := CheckURL(req.URL); err != nil {
		return 0, err
	}
	release, err := f.acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, f.cfg.PageTimeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return 0, err
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	hr.Header.Set("User-Agent", f.cfg.UserAgent)
	hr.Header.Set("Content-Type", req.ContentType)
	client := *f.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(hr)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			return 0, ctx.Err()
		}
		var u *unreachable
		if errors.As(err, &u) {
			f.log.Debug("post refused", "url", req.URL, "cause", u.cause)
			return 0, u
		}
		f.log.Debug("post failed", "url", req.URL, "cause", err)
		return 0, &unreachable{cause: err}
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxPostAnswer)) // let the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}
