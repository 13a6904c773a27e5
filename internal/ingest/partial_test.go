package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
)

// TestPartialOFACSetRefused: an sdn.csv without its companions would
// replace the latest version with subjects that lost their aliases and
// addresses; it is refused, naming what is missing, unless Partial.
func TestPartialOFACSetRefused(t *testing.T) {
	full := realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28")
	dir := t.TempDir()
	st := openStore(t, filepath.Join(dir, "v.db"))
	defer st.Close()
	ctx := context.Background()
	mustImport(t, st, lists.SourceOFAC, full)

	alone := filepath.Join(dir, "alone")
	os.Mkdir(alone, 0o755)
	sdn, _ := os.ReadFile(filepath.Join(full, "sdn.csv"))
	os.WriteFile(filepath.Join(alone, "sdn.csv"), append(sdn, []byte("99999,\"NEW NAME\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")...), 0o644)
	withAlt := filepath.Join(dir, "with-alt")
	os.Mkdir(withAlt, 0o755)
	os.WriteFile(filepath.Join(withAlt, "sdn.csv"), sdn[:len(sdn)/2], 0o644)
	alt, _ := os.ReadFile(filepath.Join(full, "alt.csv"))
	os.WriteFile(filepath.Join(withAlt, "alt.csv"), alt, 0o644)

	for path, missing := range map[string]string{
		alone:                           "alt.csv, add.csv, sdn_comments.csv",
		filepath.Join(alone, "sdn.csv"): "alt.csv, add.csv, sdn_comments.csv",
		withAlt:                         "add.csv, sdn_comments.csv",
	} {
		_, err := ingest.Import(ctx, st, lists.SourceOFAC, path, ingest.Options{})
		if !errors.Is(err, ingest.ErrPartialSet) || !errors.Is(err, ingest.ErrInput) || !strings.Contains(err.Error(), "has no "+missing+" beside it") {
			t.Errorf("%s: err = %v", path, err)
		}
	}
	if vs, _ := st.Versions(ctx, lists.SourceOFAC); len(vs) != 1 {
		t.Fatalf("%d versions after refused imports, want 1", len(vs))
	}
	res, err := ingest.Import(ctx, st, lists.SourceOFAC, alone, ingest.Options{Partial: true})
	if err != nil || res.Added != 1 {
		t.Errorf("--partial import: %+v, %v", res, err)
	}
	// The set without sdn.csv is no set at all.
	if _, err := ingest.Import(ctx, st, lists.SourceOFAC, realdata.Path(t, "lists", "ofac", "companions-2025-12-24-no-sdn"), ingest.Options{Partial: true}); err == nil || !strings.Contains(err.Error(), "no sdn.csv") {
		t.Errorf("companions alone: %v", err)
	}
}
