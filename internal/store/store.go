// Package store implements lists.Store (and the other storage needs of
// Vigil) on SQL databases: SQLite through modernc.org/sqlite (the embedded
// default, no cgo) and PostgreSQL through pgx. The backend is chosen by the
// DSN: a postgres:// or postgresql:// URL selects PostgreSQL; anything else
// is a SQLite file path (optionally prefixed sqlite://).
//
// Both dialects share every query; they differ only in placeholders and in
// their embedded, numbered migrations.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// Store is a Vigil database.
type Store struct {
	db      *sql.DB
	dialect dialect
	log     *slog.Logger
	dsn     string
}

// IsPostgres reports whether dsn selects the PostgreSQL backend.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// DefaultPath is the SQLite file under the XDG data directory.
func DefaultPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "vigil", "vigil.db")
}

// ErrNoStore means the database named holds no Vigil store.
var ErrNoStore = errors.New("no Vigil store")

// Open connects to the database named by dsn, creating a SQLite file (and
// its folder) when needed, and applies pending migrations.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	return open(ctx, dsn, log, false)
}

// OpenExisting opens a store that must exist already: commands that only
// read use it, so that a mistyped --db fails with ErrNoStore instead of
// creating folders and an empty store that answers every question with
// "not listed". Pending migrations are applied as Open does.
func OpenExisting(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	return open(ctx, dsn, log, true)
}

func open(ctx context.Context, dsn string, log *slog.Logger, mustExist bool) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{log: log, dsn: dsn}
	var err error
	if IsPostgres(dsn) {
		s.dialect = postgresDialect
		s.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		s.db.SetMaxOpenConns(8)
		s.db.SetMaxIdleConns(8)
	} else {
		path := strings.TrimPrefix(dsn, "sqlite://")
		if path == "" {
			path = DefaultPath()
		}
		conn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		switch {
		case mustExist:
			if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
				return nil, fmt.Errorf("%w at %s (check --db or VIGIL_DB; 'vigil lists import' creates one)", ErrNoStore, path)
			}
			conn += "&mode=rw" // never create it
		case path != ":memory:":
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		s.dsn = path
		s.db, err = sql.Open("sqlite", conn)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		s.db.SetMaxOpenConns(4)
		s.db.SetMaxIdleConns(4)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if mustExist {
		if err := s.checkExists(ctx); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// checkExists refuses a database without Vigil's schema (an empty file or
// an empty PostgreSQL database).
func (s *Store) checkExists(ctx context.Context) error {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'`
	if s.dialect == postgresDialect {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migration'`
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return fmt.Errorf("check the store: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w in %s (check --db or VIGIL_DB; 'vigil lists import' creates one)", ErrNoStore, s.Describe())
	}
	return nil
}

// Close releases the database.
func (s *Store) Close() error { return s.db.Close() }

// Describe names the backend and location, never printing a password.
func (s *Store) Describe() string {
	if s.dialect == postgresDialect {
		if i := strings.Index(s.dsn, "@"); i > 0 {
			return "postgres://…" + s.dsn[i:]
		}
		return s.dsn
	}
	return "sqlite " + s.dsn
}

// rebind rewrites ? placeholders to $n for PostgreSQL.
func (s *Store) rebind(q string) string {
	if s.dialect != postgresDialect {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// migrationLock is the PostgreSQL advisory lock held while migrating
// ("vigilmig"): two processes opening a fresh database at once would
// otherwise both create schema_migration and both apply migration 1. The
// job queue's migrations take their own lock (internal/watch).
const migrationLock = 0x76696769_6c6d6967

// migrator is what migrating needs of the database: the pool, or on
// PostgreSQL the one connection that holds the migration lock.
type migrator interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// migrate applies the embedded migrations that are not yet applied, and
// refuses to run against a schema newer than this binary knows. Processes
// opening a database at once migrate it one after the other, the later
// finding nothing left to do: on PostgreSQL an advisory lock is held on
// one connection throughout; on SQLite each migration's transaction is
// the one writer (immediate transactions) and checks that its version is
// still unapplied.
func (s *Store) migrate(ctx context.Context) error {
	if s.dialect != postgresDialect {
		return s.migrateOn(ctx, s.db, "migrations/sqlite")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("migrate: wait for the migration lock: %w", err)
	}
	err = s.migrateOn(ctx, conn, "migrations/postgres")
	if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock)); uerr != nil {
		// a session lock the server could not release ends with the
		// session: drop the connection rather than return it to the pool
		conn.Raw(func(any) error { return driver.ErrBadConn })
		s.log.Warn("release the migration lock", "err", uerr)
	}
	return err
}

func (s *Store) migrateOn(ctx context.Context, db migrator, dir string) error {
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	type mig struct {
		n    int
		name string
	}
	var all []mig
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		all = append(all, mig{n, e.Name()})
	}
	slices.SortFunc(all, func(a, b mig) int { return a.n - b.n })
	// Two migrations with one number would both run on a fresh database
	// and neither on an upgraded one: refuse, so that a merge which
	// numbers two migrations alike fails every test at once.
	for i := 1; i < len(all); i++ {
		if all[i].n == all[i-1].n {
			return fmt.Errorf("migrations %s and %s share the number %d; renumber one", all[i-1].name, all[i].name, all[i].n)
		}
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migration: %w", err)
	}
	var current sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migration`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	latest := all[len(all)-1].n
	if int(current.Int64) > latest {
		return fmt.Errorf("database schema version %d is newer than this vigil supports (%d); upgrade vigil", current.Int64, latest)
	}
	for _, m := range all {
		if m.n <= int(current.Int64) {
			continue
		}
		body, err := migrations.ReadFile(dir + "/" + m.name)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// another process may have applied it since the version was read
		// (on SQLite, where this transaction is the one writer)
		var done int
		if err := tx.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM schema_migration WHERE version = ?`), m.n).Scan(&done); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if done > 0 {
			tx.Rollback()
			continue
		}
		for _, stmt := range strings.Split(string(body), ";\n") {
			if strings.TrimSpace(stripComments(stmt)) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO schema_migration (version, applied_at) VALUES (?, ?)`), m.n, formatTime(time.Now())); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		s.log.Debug("applied migration", "name", m.name)
	}
	return nil
}

func stripComments(stmt string) string {
	var out []string
	for _, l := range strings.Split(stmt, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// timeLayout has a fixed width so that stored times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// ErrConflict is returned when a write would break a uniqueness rule.
var ErrConflict = errors.New("conflict")
