package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/crawl"
	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/places"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/scan"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
	"github.com/vigilhq/vigil/internal/watch"
)

// watchFlags are the monitor's settings shared by watch and serve.
type watchFlags struct {
	workers     int
	hostDelay   time.Duration
	rescueAfter time.Duration
	tick        time.Duration
	// fetchTimeout bounds one fetch (0: the fetcher's default)
	fetchTimeout time.Duration
}

func (w *watchFlags) register(cmd *cobra.Command, defaultWorkers int) {
	cmd.Flags().IntVar(&w.workers, "workers", defaultWorkers, "jobs (polls, fetches, scans, deliveries) run at once in this process")
	cmd.Flags().DurationVar(&w.hostDelay, "host-delay", crawl.DefaultConfig().MinDelay, "least time between two requests to one host (robots.txt Crawl-delay may raise it)")
	cmd.Flags().DurationVar(&w.rescueAfter, "rescue-after", 10*time.Minute, "a job still running after this long is taken for dead (its process was killed) and run again")
	cmd.Flags().DurationVar(&w.tick, "tick", 30*time.Second, "how often due feeds are scheduled and leftovers swept")
	cmd.Flags().DurationVar(&w.fetchTimeout, "fetch-timeout", 0, "time limit of one fetch of a feed or article (default 30s)")
}

// monitor builds the news monitor over an open store.
func (a *app) monitor(ctx context.Context, st *store.Store, w watchFlags) (*watch.Monitor, error) {
	cc := crawl.DefaultConfig()
	cc.MinDelay = w.hostDelay
	// a host's lease outlives its longest request, and no more: a killed
	// process's hosts are free again soon
	cc.Lease = cmp.Or(w.fetchTimeout, limits.FetchPageTimeout) + 15*time.Second
	cfg := watch.Config{Workers: w.workers, Crawl: cc, Tick: w.tick, RescueAfter: w.rescueAfter,
		BuildCatalog: func(ctx context.Context) (*watch.Catalog, error) { return a.catalog(ctx, st) }, Register: rules.DefaultRegister()}
	f := a.fetcher()
	if w.fetchTimeout > 0 {
		fc := fetchConfig()
		fc.PageTimeout, fc.HeaderTimeout = w.fetchTimeout, w.fetchTimeout
		f = fetch.New(fc, a.log)
	}
	return watch.New(ctx, cfg, st, f, a.log)
}

// catalog builds the scanner, the rules and the regimes of the latest
// lists (what loadScanner builds, plus what the monitor files alerts
// with).
func (a *app) catalog(ctx context.Context, st *store.Store) (*watch.Catalog, error) {
	// the screening index as saved by an earlier run (mapped, not rebuilt),
	// and the subjects it holds
	ix, err := screening.Open(ctx, st, a.cacheDir(), time.Time{})
	if err != nil {
		return nil, err
	}
	versions := ix.Versions()
	if len(versions) == 0 {
		return nil, errors.New("no list imported: run 'vigil lists import' or 'vigil lists update' first")
	}
	// the gazetteer is built while the subjects are read: two cores, each
	// about half of a one-article scan's start-up
	type built struct {
		gaz *places.Gazetteer
		err error
	}
	gazc := make(chan built, 1)
	go func() {
		cities, err := st.Places(ctx)
		if err != nil {
			gazc <- built{err: err}
			return
		}
		gazc <- built{gaz: places.New(cities)}
	}()
	subs := ix.Subjects()
	g := <-gazc
	if g.err != nil {
		return nil, g.err
	}
	ch, err := a.checker(st)
	if err != nil {
		return nil, err
	}
	sc := scan.New(ix, subs, g.gaz)
	sc.Checker = ch
	regimes := map[lists.SubjectID]string{}
	for _, s := range subs {
		if len(s.Programs) > 0 {
			regimes[s.ID] = s.Programs[0]
		}
	}
	return &watch.Catalog{Scanner: sc, Checker: ch, Versions: versions, Regimes: regimes}, nil
}

func (a *app) watchCommand() *cobra.Command {
	var w watchFlags
	var once bool
	cmd := &cobra.Command{
		Use:   "watch [--once] [--workers N]",
		Short: "Monitor the news feeds: poll, fetch, scan, file alerts, notify webhooks",
		Long: `Run the news monitor. Feeds (vigil feeds add) are polled when due; new articles
are fetched politely (robots.txt, one request at a time per host), their text
extracted and scanned; trips that breach a travel ban are filed as alerts, and
webhooks (vigil hooks add) are told. Every step is a job on a queue kept in the
store: with --db postgres://… any number of watch processes, on any number of
machines, share the work.

--once polls every due feed, works until the queue is drained, and exits.
Outbound requests name you when VIGIL_FETCH_CONTACT holds an e-mail address
or URL (please set it); VIGIL_ALLOW_PRIVATE_FETCH=1 lets tests reach local
servers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if w.workers < 1 {
				return fmt.Errorf("--workers %d: want at least 1", w.workers)
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			m, err := a.monitor(ctx, st, w)
			if err != nil {
				return err
			}
			if once {
				start := time.Now()
				res, err := m.RunOnce(ctx)
				if err != nil && !errors.Is(err, watch.ErrNotJudged) {
					return err
				}
				fmt.Fprintf(a.stdout, "%d jobs run in %s", res.Jobs, time.Since(start).Round(time.Millisecond))
				if res.Waiting > 0 {
					fmt.Fprintf(a.stdout, "; %d wait for a retry", res.Waiting)
				}
				fmt.Fprintln(a.stdout)
				return err // alerts not re-judged fail the run, after its work
			}
			if err := m.Start(ctx); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "vigil watching with %d workers (store: %s)\n", w.workers, st.Describe())
			<-ctx.Done()
			fmt.Fprintln(a.stderr, "stopping: letting running jobs finish")
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			return m.Stop(sctx)
		},
	}
	w.register(cmd, 4)
	cmd.Flags().BoolVar(&once, "once", false, "poll every due feed, drain the queue, and exit")
	return cmd
}
