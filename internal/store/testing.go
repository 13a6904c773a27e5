package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"
)

// MustFreshPostgres creates an empty database on the server named by base
// (a postgres:// URL), opens a Store on it, and drops it when the test ends.
// It lives outside _test files so other packages' tests can use it.
func MustFreshPostgres(t testing.TB, base string) *Store {
	t.Helper()
	st, err := Open(context.Background(), MustEmptyPostgres(t, base), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// MustEmptyPostgres creates an empty database (no Vigil schema) on the
// server named by base, returns its URL, and drops it when the test ends.
func MustEmptyPostgres(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "vigil_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			a.Close()
		}
	})
	return u.String()
}
