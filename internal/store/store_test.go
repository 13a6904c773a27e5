package store_test

import (
	"context"
	"os"
	"path/filepath"
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
