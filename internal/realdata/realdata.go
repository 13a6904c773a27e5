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

// Path joins elem to the shared data folder, skipping the test or benchmark
// with a clear message when the folder or the file is absent.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skip("shared real data not found (../shared/data beside the repository, or VIGIL_SHARED_DATA); skipping real-data test")
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real data file %s is absent: %v", p, err)
	}
	return p
}
