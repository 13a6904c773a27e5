// Package watch is the news monitor: it polls feeds, fetches and reads
// their articles, scans them for listed people travelling, files alerts
// and tells webhooks — each step a job on River (riverqueue/river), with
// retries, backoff, unique keys and time limits. The queue lives in the
// store's own database: on SQLite (riversqlite) for one machine, on
// PostgreSQL (riverpgxv5) for any number of `vigil watch` processes on any
// number of machines, which then share the work.
package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/vigilhq/vigil/internal/crawl"
	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/scan"
	"github.com/vigilhq/vigil/internal/store"
)

// Catalog is what scanning needs from the lists, built once per process
// (about half a second) and again only when a list version changes.
type Catalog struct {
	Scanner  *scan.Scanner
	Checker  *rules.Checker
	Versions []lists.Version
	// Regimes maps a subject to its regime (its first programme).
	Regimes map[lists.SubjectID]string
	// Fingerprint names the list versions and exemptions the catalog was
	// built from (set by the monitor); open alerts are re-judged when it
	// changes.
	Fingerprint string
}

// Config is the monitor's configuration.
type Config struct {
	// Workers is how many jobs run at once in this process (0: none, the
	// process only enqueues).
	Workers int
	// Crawl is the politeness (delay per host, robots.txt).
	Crawl crawl.Config
	// Tick is how often the leader schedules due feeds and sweeps (30 s).
	Tick time.Duration
	// RescueAfter is when a job still running is taken for dead (its
	// process was killed) and run again; longer than any job's timeout.
	RescueAfter time.Duration
	// BuildCatalog builds the scanner and the rules from the store; its
	// Checker must apply Register.
	BuildCatalog func(ctx context.Context) (*Catalog, error)
	// Register is the register of published exemptions verdicts apply
	// (rules.DefaultRegister when nil); its checksum is part of what open
	// alerts were judged against.
	Register *rules.Register
}

// Monitor runs the jobs. Start it, or call RunOnce.
type Monitor struct {
	cfg     Config
	st      *store.Store
	fetcher *fetch.Fetcher
	crawler *crawl.Crawler
	log     *slog.Logger
	queue   queue
	stop    func()
	catalog atomic.Pointer[Catalog]
	rebuild sync.Mutex
	// executed counts jobs run by this process (for --once's summary).
	executed atomic.Int64
}

// queue is the part of River's client the monitor uses; it does not
// depend on the driver's transaction type.
type queue interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	InsertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
}

// New prepares a monitor over an open store: it migrates River's tables
// and builds the client (workers start with Start or RunOnce).
func New(ctx context.Context, cfg Config, st *store.Store, f *fetch.Fetcher, log *slog.Logger) (*Monitor, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Tick <= 0 {
		cfg.Tick = 30 * time.Second
	}
	if cfg.RescueAfter <= 0 {
		cfg.RescueAfter = 10 * time.Minute
	}
	if cfg.Register == nil {
		cfg.Register = rules.DefaultRegister()
	}
	if cfg.BuildCatalog == nil {
		return nil, errors.New("watch: no catalog builder")
	}
	host, _ := os.Hostname()
	holder := host + ":" + strconv.Itoa(os.Getpid())
	m := &Monitor{cfg: cfg, st: st, fetcher: f, log: log}
	m.crawler = crawl.New(cfg.Crawl, f, st, holder, log)

	workers := river.NewWorkers()
	river.AddWorker(workers, &pollWorker{m: m})
	river.AddWorker(workers, &fetchWorker{m: m})
	river.AddWorker(workers, &scanWorker{m: m})
	river.AddWorker(workers, &deliverWorker{m: m})
	river.AddWorker(workers, &tickWorker{m: m})
	rcfg := &river.Config{
		ID:                   "vigil-" + holder,
		Logger:               log.With("component", "queue"),
		Workers:              workers,
		JobTimeout:           min(5*time.Minute, cfg.RescueAfter/2),
		RescueStuckJobsAfter: cfg.RescueAfter,
		MaxAttempts:          8,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(cfg.Tick), func() (river.JobArgs, *river.InsertOpts) { return tickArgs{}, nil }, &river.PeriodicJobOpts{ID: "tick", RunOnStart: true}),
		},
	}
	if cfg.Workers > 0 {
		rcfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
		rcfg.FetchCooldown = 20 * time.Millisecond
		rcfg.FetchPollInterval = 200 * time.Millisecond
	}
	var err error
	if st.Postgres() {
		m.queue, m.stop, err = pgQueue(ctx, st.DSN(), rcfg)
	} else {
		m.queue, err = sqliteQueue(ctx, st, rcfg)
		m.stop = func() {}
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

func sqliteQueue(ctx context.Context, st *store.Store, rcfg *river.Config) (queue, error) {
	drv := riversqlite.New(st.SQLDB())
	mig, err := rivermigrate.New(drv, nil)
	if err != nil {
		return nil, err
	}
	if _, err := mig.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("migrate the job queue: %w", err)
	}
	c, err := river.NewClient(drv, rcfg)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return c, nil
}

func pgQueue(ctx context.Context, dsn string, rcfg *river.Config) (queue, func(), error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("connect the job queue: %w", err)
	}
	drv := riverpgxv5.New(pool)
	if err := migratePostgres(ctx, pool, drv); err != nil {
		pool.Close()
		return nil, nil, err
	}
	c, err := river.NewClient(drv, rcfg)
	if err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("job queue: %w", err)
	}
	return c, pool.Close, nil
}

// Catalog returns the current catalog, building it on first use.
func (m *Monitor) Catalog(ctx context.Context) (*Catalog, error) {
	if c := m.catalog.Load(); c != nil {
		return c, nil
	}
	return m.refreshCatalog(ctx, "")
}

// refreshCatalog builds the catalog again unless the current one is
// already of fingerprint fp ("": any will do). The fingerprint is taken
// before the build, so a change made during it is seen at the next tick.
func (m *Monitor) refreshCatalog(ctx context.Context, fp string) (*Catalog, error) {
	m.rebuild.Lock()
	defer m.rebuild.Unlock()
	if c := m.catalog.Load(); c != nil && (fp == "" || c.Fingerprint == fp) {
		return c, nil
	}
	if fp == "" {
		var err error
		if fp, err = m.fingerprint(ctx); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	c, err := m.cfg.BuildCatalog(ctx)
	if err != nil {
		return nil, err
	}
	c.Fingerprint = fp
	m.catalog.Store(c)
	m.log.Info("scanner built", "versions", len(c.Versions), "elapsed", time.Since(start).Round(time.Millisecond))
	return c, nil
}

// Start runs the workers in the background until Stop.
func (m *Monitor) Start(ctx context.Context) error {
	if _, err := m.Catalog(ctx); err != nil {
		return err
	}
	return m.queue.Start(ctx)
}

// Stop lets running jobs finish (up to the context's deadline) and stops.
func (m *Monitor) Stop(ctx context.Context) error {
	err := m.queue.Stop(ctx)
	m.stop()
	return err
}

// OnceResult sums up a RunOnce.
type OnceResult struct {
	Jobs    int64 // jobs this process ran
	Waiting int   // jobs left for a later retry (failed for now)
}

// RunOnce polls every due feed and queues every article waiting for its
// next job (however recent), works until no job is available or
// running, and stops. Jobs that failed and wait for a retry are left for
// the next run (and counted). Open alerts that could not be re-judged are
// returned as an ErrNotJudged error with the result, after the work.
func (m *Monitor) RunOnce(ctx context.Context) (OnceResult, error) {
	if err := m.Start(ctx); err != nil {
		return OnceResult{}, err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if err := m.Stop(sctx); err != nil {
			m.log.Warn("stop the queue", "err", err)
		}
	}()
	// an alert that cannot be re-judged does not stop the drain; the run
	// reports it at the end
	notJudged := m.tick(ctx, 0)
	if notJudged != nil && !errors.Is(notJudged, ErrNotJudged) {
		return OnceResult{}, notJudged
	}
	idle := 0
	for idle < 3 {
		select {
		case <-ctx.Done():
			return OnceResult{Jobs: m.executed.Load()}, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		busy, _, err := m.pending(ctx)
		if err != nil {
			return OnceResult{}, err
		}
		if busy {
			idle = 0
		} else {
			idle++
		}
	}
	_, waiting, err := m.pending(ctx)
	if err != nil {
		return OnceResult{}, err
	}
	return OnceResult{Jobs: m.executed.Load(), Waiting: waiting}, notJudged
}

// soon is how far ahead RunOnce waits for a job's retry: a first retry
// (or a job rescued from a killed process) runs within it; longer
// backoffs are left for the next run.
const soon = 30 * time.Second

// pending reports whether work remains for RunOnce — a job available,
// running, or due to be retried soon — and how many jobs wait longer.
func (m *Monitor) pending(ctx context.Context) (bool, int, error) {
	// the periodic tick is not work to wait for (a killed process's tick
	// stays running until rescued)
	work := []string{pollArgs{}.Kind(), fetchArgs{}.Kind(), scanArgs{}.Kind(), deliverArgs{}.Kind()}
	res, err := m.queue.JobList(ctx, river.NewJobListParams().Kinds(work...).States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStatePending).First(1))
	if err != nil {
		return false, 0, err
	}
	if len(res.Jobs) > 0 {
		return true, 0, nil
	}
	later, err := m.queue.JobList(ctx, river.NewJobListParams().Kinds(work...).States(rivertype.JobStateRetryable, rivertype.JobStateScheduled).First(10000))
	if err != nil {
		return false, 0, err
	}
	waiting := 0
	for _, j := range later.Jobs {
		if time.Until(j.ScheduledAt) < soon {
			return true, 0, nil
		}
		waiting++
	}
	return false, waiting, nil
}

// queueMigrationLock is the advisory lock that keeps two processes
// starting at once from migrating River's tables together.
const queueMigrationLock = 0x76696769_6c726976 // "vigilriv" (the store's own locks use other keys)

func migratePostgres(ctx context.Context, pool *pgxpool.Pool, drv *riverpgxv5.Driver) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, queueMigrationLock); err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, queueMigrationLock)
	mig, err := rivermigrate.New(drv, nil)
	if err != nil {
		return err
	}
	if _, err := mig.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate the job queue: %w", err)
	}
	return nil
}
