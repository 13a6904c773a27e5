package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigilhq/vigil/internal/store"
)

// TestOpenExisting: a read-only open of a store that does not exist fails
// and creates nothing; an existing store opens.
func TestOpenExisting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo", "vigil.db")
	if _, err := store.OpenExisting(ctx, missing, nil); !errors.Is(err, store.ErrNoStore) {
		t.Errorf("missing store: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the open created the folder: %v", err)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	if _, err := store.OpenExisting(ctx, empty, nil); !errors.Is(err, store.ErrNoStore) {
		t.Errorf("an empty file: %v", err)
	}
	real := filepath.Join(dir, "vigil.db")
	st, err := store.Open(ctx, real, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = store.OpenExisting(ctx, real, nil)
	if err != nil {
		t.Fatalf("existing store: %v", err)
	}
	st.Close()

	if base := os.Getenv(pgEnv); base != "" {
		url := store.MustEmptyPostgres(t, base)
		if _, err := store.OpenExisting(ctx, url, nil); !errors.Is(err, store.ErrNoStore) {
			t.Errorf("an empty PostgreSQL database: %v", err)
		}
		st, err := store.Open(ctx, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		if st, err = store.OpenExisting(ctx, url, nil); err != nil {
			t.Errorf("existing PostgreSQL store: %v", err)
		} else {
			st.Close()
		}
	}
}
