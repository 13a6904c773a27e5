// Package realdata locates the shared real-data snapshots (../shared/data
// beside the repository) for integration tests and benchmarks.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the shared data folder, or "" when it is absent. The
// VIGIL_SHARED_DATA environment variable overrides the default location.
func Root() string {
	if d := os.Getenv("VIGIL_SHARED_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "data")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// RequireEnv names the environment variable that makes missing real data
// fail the tests instead of skipping them: CI sets VIGIL_REQUIRE_DATA=1, so
// that a missing ../shared cannot pass as dozens of quiet skips.
const RequireEnv = "VIGIL_REQUIRE_DATA"

// Path joins elem to the shared data folder, skipping the test or benchmark
// with a clear message when the folder or the file is absent (failing it
// when VIGIL_REQUIRE_DATA=1).
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	return find(tb, false, elem)
}

// Shared is Path for the folders beside data in the shared folder (seed,
// eval): Shared(tb, "eval", "all.tsv").
func Shared(tb testing.TB, elem ...string) string {
	tb.Helper()
	return find(tb, true, elem)
}

// find joins elem to the data folder, or to the folder holding it.
func find(tb testing.TB, beside bool, elem []string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		absent(tb, "shared real data not found (../shared/data beside the repository, or VIGIL_SHARED_DATA)")
		return ""
	}
	if beside {
		root = filepath.Dir(root)
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		absent(tb, "shared file %s is absent: %v", p, err)
	}
	return p
}

// absent skips tb, or fails it when the real data is required.
func absent(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf(format+" (%s=1: the real data is required)", append(args, RequireEnv)...)
		return
	}
	tb.Skipf(format+"; skipping real-data test", args...)
}
