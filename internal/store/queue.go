package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SQLDB is the store's connection pool, for the job queue (River), which
// keeps its tables in the same database: on SQLite the queue and the
// store must share one handle (one writer at a time, with the store's
// busy timeout and immediate transactions).
func (s *Store) SQLDB() *sql.DB { return s.db }

// Postgres reports whether the store is on PostgreSQL.
func (s *Store) Postgres() bool { return s.dialect == postgresDialect }

// DSN is the store's location as opened (a SQLite path or a postgres://
// URL, which may hold a password: never print it; see Describe).
func (s *Store) DSN() string { return s.dsn }

// QueueCounts counts the queue's jobs by kind and state (River keeps them
// in river_job, in this database).
func (s *Store) QueueCounts(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, state, COUNT(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var kind, state string
		var n int
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return nil, err
		}
		if out[kind] == nil {
			out[kind] = map[string]int{}
		}
		out[kind][state] = n
	}
	return out, rows.Err()
}

// RetriedJobs counts the queue's jobs that were attempted more than once
// (failed, or rescued from a process that died while running them).
func (s *Store) RetriedJobs(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE attempt > 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count retried jobs: %w", err)
	}
	return n, nil
}
