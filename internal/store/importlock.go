package store

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// importLockKey is the PostgreSQL advisory lock imports take turns on.
const importLockKey = 0x76696769 // "vigi"

// memoryImports serialises imports of in-memory SQLite stores, which no
// other process can open.
var memoryImports sync.Mutex

// lockImports waits until no other import runs on this database — in this
// process or another — and returns the function that lets the next one go.
// On PostgreSQL it is an advisory lock held by one connection; on SQLite a
// lock on a file beside the database (the database's own write lock would
// stop scans and reviews too).
func (s *Store) lockImports(ctx context.Context) (func(), error) {
	if s.dialect == postgresDialect {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, importLockKey); err != nil {
			conn.Close()
			return nil, err
		}
		return func() {
			if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, importLockKey); err != nil {
				s.log.Warn("release the import lock", "err", err)
			}
			conn.Close()
		}, nil
	}
	if s.dsn == ":memory:" {
		memoryImports.Lock()
		return memoryImports.Unlock, nil
	}
	return lockFile(ctx, s.dsn+".import-lock")
}

// pollLock tries take until it succeeds, every step, until ctx ends.
func pollLock(ctx context.Context, take func() (bool, error)) error {
	for {
		ok, err := take()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("another import is running: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
