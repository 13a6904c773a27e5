package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
)

// Refresher downloads the official lists on a schedule and rebuilds the
// server's index when a new version arrives. A failed refresh keeps the
// last good version. It is a service with Start and Stop.
type Refresher struct {
	srv      *Server
	every    time.Duration
	dir      string
	log      *slog.Logger
	cancel   context.CancelFunc
	done     sync.WaitGroup
	download func(ctx context.Context, src lists.Source) error
}

// NewRefresher refreshes every interval into the download folder dir.
func NewRefresher(srv *Server, every time.Duration, dir string, log *slog.Logger) *Refresher {
	r := &Refresher{srv: srv, every: every, dir: dir, log: log}
	r.download = func(ctx context.Context, src lists.Source) error {
		res, err := ingest.Update(ctx, srv.st, srv.cfg.Fetcher, src, r.dir, r.log)
		if err == nil && !res.Unchanged {
			r.log.Info("new list version", "source", src, "version", res.Version.ID)
		}
		return err
	}
	return r
}

// Start runs the refresh loop until Stop.
func (r *Refresher) Start(ctx context.Context) {
	ctx, r.cancel = context.WithCancel(ctx)
	r.done.Add(1)
	go func() {
		defer r.done.Done()
		t := time.NewTicker(r.every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				r.RefreshOnce(ctx)
			}
		}
	}()
}

// RefreshOnce updates the sources (ingest.UpdateSources) and rebuilds the index.
func (r *Refresher) RefreshOnce(ctx context.Context) {
	srcs, err := ingest.UpdateSources(ctx, r.srv.st)
	if err != nil {
		r.log.Error("list refresh", "err", err)
		return
	}
	for _, src := range srcs {
		if err := r.download(ctx, src); err != nil {
			r.log.Warn("list refresh failed; the last good version is kept", "source", src, "err", err)
		}
	}
	if err := r.srv.Rebuild(ctx); err != nil {
		r.log.Error("rebuild index", "err", err)
	}
}

// Stop ends the loop and waits for a refresh in progress.
func (r *Refresher) Stop() {
	if r.cancel != nil {
		r.cancel()
	}
	r.done.Wait()
}
