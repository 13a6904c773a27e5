package realdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records whether it was skipped or failed.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Skipf(string, ...any)  { r.skipped = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Skip(...any)           { r.skipped = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

// TestMissingDataFailsWhenRequired: absent data skips a test, unless
// VIGIL_REQUIRE_DATA=1 (as CI sets), where it fails it.
func TestMissingDataFailsWhenRequired(t *testing.T) {
	t.Setenv("VIGIL_SHARED_DATA", filepath.Join(t.TempDir(), "nowhere", "data"))
	for _, required := range []string{"", "1"} {
		t.Setenv(RequireEnv, required)
		for name, call := range map[string]func(testing.TB){
			"Path":   func(tb testing.TB) { Path(tb, "lists", "un", "x.xml") },
			"Shared": func(tb testing.TB) { Shared(tb, "eval", "all.tsv") },
		} {
			r := &recorder{}
			call(r)
			if want := required == "1"; r.failed != want || r.skipped == want {
				t.Errorf("%s with %s=%q: failed %v, skipped %v", name, RequireEnv, required, r.failed, r.skipped)
			}
		}
	}
}

// TestCIRequiresData: CI runs the tests with the real data required.
func TestCIRequiresData(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "export "+RequireEnv+"=1") {
		t.Errorf(".ci/run does not export %s=1", RequireEnv)
	}
}
