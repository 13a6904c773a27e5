package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/vigilhq/vigil/internal/store"
	"github.com/vigilhq/vigil/internal/store/storetest"
)

// OpenSQLite opens a fresh SQLite store in a temporary folder.
func openSQLite(t *testing.T) storetest.Backend {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestSQLiteContract(t *testing.T) {
	storetest.Run(t, openSQLite)
}

// pgEnv names the environment variable that holds a PostgreSQL URL for
// tests; each test gets its own freshly created database on that server.
const pgEnv = "VIGIL_TEST_POSTGRES"

func TestPostgresContract(t *testing.T) {
	base := os.Getenv(pgEnv)
	if base == "" {
		t.Skipf("%s is not set; skipping PostgreSQL contract tests (CI sets it)", pgEnv)
	}
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		t.Helper()
		return store.MustFreshPostgres(t, base)
	})
}

// TestConcurrentOpen: processes that open a fresh database at once (two
// `vigil watch` started together) migrate it one after the other: every
// open succeeds and each migration is applied once.
func TestConcurrentOpen(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		testConcurrentOpen(t, filepath.Join(t.TempDir(), "vigil.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(pgEnv)
		if base == "" {
			t.Skipf("%s is not set; skipping the PostgreSQL concurrent-open test (CI sets it)", pgEnv)
		}
		testConcurrentOpen(t, store.MustEmptyPostgres(t, base))
	})
}

func testConcurrentOpen(t *testing.T, dsn string) {
	ctx := context.Background()
	const opens = 4
	stores := make([]*store.Store, opens)
	errs := make([]error, opens)
	var wg sync.WaitGroup
	for i := range opens {
		wg.Go(func() { stores[i], errs[i] = store.Open(ctx, dsn, nil) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
			continue
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	if t.Failed() {
		return
	}
	var applied, distinct int
	if err := stores[0].SQLDB().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migration`).Scan(&applied, &distinct); err != nil {
		t.Fatal(err)
	}
	if applied != distinct || applied < 9 {
		t.Errorf("schema_migration holds %d rows for %d versions", applied, distinct)
	}
}
