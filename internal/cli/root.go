// Package cli is Vigil's command-line interface (cobra). Each command
// parses its flags, opens what it needs and calls the domain packages; no
// domain logic lives here.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/store"
)

// app carries what every command shares: streams, global flags, logger.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dbFlag         string
	cacheFlag      string
	logLevel       string
	regimesFlag    string
	log            *slog.Logger
	// fetcher is the process's one guarded fetcher, made on first use.
	fetcher func() *fetch.Fetcher
}

// Main runs the CLI and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	a.fetcher = sync.OnceValue(func() *fetch.Fetcher { return fetch.New(fetchConfig(), a.log) })
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		var ee exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	return 0
}

// exitError carries a specific exit code (e.g. 2 for "matches found" in
// scripting-friendly commands).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "vigil",
		Short: "Sanctions list ingestion, screening and travel-ban monitoring",
		Long: `Vigil keeps every version of the official sanctions lists (UN, OFAC), screens
names against them, and explains every result.

The store is SQLite by default (under the XDG data directory); pass --db or set
VIGIL_DB to a file path or a postgres:// URL.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
				return fmt.Errorf("--log-level %q: want debug, info, warn or error", a.logLevel)
			}
			a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level}))
			return nil
		},
	}
	root.PersistentFlags().StringVar(&a.dbFlag, "db", "", "database: a SQLite path or a postgres:// URL (default $VIGIL_DB, else "+store.DefaultPath()+")")
	root.PersistentFlags().StringVar(&a.cacheFlag, "cache-dir", "", "where built structures (the screening index) are kept between runs; \"off\" for none (default $VIGIL_CACHE_DIR, else beside a SQLite store, else the user cache folder)")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "warn", "log level: debug, info, warn, error")
	root.PersistentFlags().StringVar(&a.regimesFlag, "regimes", "", "regime registry file replacing the built-in one (default $VIGIL_REGIMES)")
	root.AddCommand(a.listsCommand(), a.entityCommand(), a.screenCommand(), a.compareCommand(),
		a.travelCheckCommand(), a.exemptionsCommand(), a.manifestCommand(),
		a.scanCommand(), a.placesCommand(), a.exportCommand(), a.serveCommand(), a.usersCommand(),
		a.feedsCommand(), a.hooksCommand(), a.alertsCommand(), a.watchCommand())
	return root
}

// dsn resolves the database location: --db, then VIGIL_DB, then the default.
func (a *app) dsn() string {
	if a.dbFlag != "" {
		return a.dbFlag
	}
	if v := os.Getenv("VIGIL_DB"); v != "" {
		return v
	}
	return store.DefaultPath()
}

// dbHint is the --db flag that names this store in a suggested command,
// without printing a PostgreSQL URL (it may hold a password).
func (a *app) dbHint() string {
	switch dsn := a.dsn(); {
	case store.IsPostgres(dsn):
		return " --db postgres://…"
	case dsn == store.DefaultPath():
		return ""
	default:
		return " --db " + dsn
	}
}

// cacheDir resolves where built structures are kept: --cache-dir, then
// VIGIL_CACHE_DIR, then a folder beside a SQLite store (vigil.db-cache), or
// for PostgreSQL the user cache folder. "off" keeps nothing.
func (a *app) cacheDir() *cache.Dir {
	path := a.cacheFlag
	if path == "" {
		path = os.Getenv("VIGIL_CACHE_DIR")
	}
	switch {
	case path == "off":
		return nil
	case path != "":
	case store.IsPostgres(a.dsn()):
		dir, err := os.UserCacheDir()
		if err != nil {
			a.log.Warn("no cache folder: built structures are not kept", "err", err)
			return nil
		}
		path = filepath.Join(dir, "vigil")
	default:
		db := strings.TrimPrefix(a.dsn(), "sqlite://")
		if db == ":memory:" {
			return nil
		}
		path = db + "-cache"
	}
	return cache.Open(path, a.log)
}

// fetchConfig reads the fetcher's settings from the environment:
// VIGIL_FETCH_CONTACT (an e-mail address or URL sent in the User-Agent so
// a site's operator can reach you) and VIGIL_ALLOW_PRIVATE_FETCH=1, which
// lifts the address guard for tests against local servers.
func fetchConfig() fetch.Config {
	return fetch.Config{
		Contact:      os.Getenv("VIGIL_FETCH_CONTACT"),
		AllowPrivate: os.Getenv("VIGIL_ALLOW_PRIVATE_FETCH") == "1",
	}
}

// openExistingStore opens the store for a command that only reads: a store
// that does not exist is an error (a mistyped --db), never created.
func (a *app) openExistingStore(ctx context.Context) (*store.Store, error) {
	return store.OpenExisting(ctx, a.dsn(), a.log)
}

func (a *app) openStore(ctx context.Context) (*store.Store, error) {
	return store.Open(ctx, a.dsn(), a.log)
}

// withStore opens the store, runs fn on it and closes it.
func (a *app) withStore(ctx context.Context, fn func(*store.Store) error) error {
	return with(ctx, a.openStore, fn)
}

// withExistingStore is withStore for a command that only reads: a store
// that does not exist is an error, never created.
func (a *app) withExistingStore(ctx context.Context, fn func(*store.Store) error) error {
	return with(ctx, a.openExistingStore, fn)
}

func with(ctx context.Context, open func(context.Context) (*store.Store, error), fn func(*store.Store) error) error {
	st, err := open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether w is an interactive terminal, where progress
// bars make sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dateFlag reads a YYYY-MM-DD flag; empty gives the zero time.
func dateFlag(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want YYYY-MM-DD", flag, v)
	}
	return t, nil
}

// createOutput opens the file an --out flag names, or standard output when
// it names none. closeOut is safe to defer and to call again; its error
// must be returned, since a full disk often shows only when a file closes.
func (a *app) createOutput(path string) (w io.Writer, closeOut func() error, err error) {
	if path == "" {
		return a.stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, sync.OnceValue(f.Close), nil
}
