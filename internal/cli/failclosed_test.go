package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/realdata"
)

// TestReadCommandsRefuseMissingStore: a command that only reads, given a
// mistyped --db, fails and creates neither the folder nor a store.
func TestReadCommandsRefuseMissingStore(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "tpyo", "vigil.db")
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("Qasem Soleimani visited Moscow."), 0o644)
	names := filepath.Join(dir, "names.txt")
	os.WriteFile(names, []byte("Qasem Soleimani\n"), 0o644)
	for _, args := range [][]string{
		{"lists", "status"},
		{"lists", "diff", "--source", "un"},
		{"entity", "show", "un:IRi.039"},
		{"export", "--format", "ftm"},
		{"screen", "Qasem Soleimani"},
		{"screen", "--batch", names},
		{"travel-check", "un:IRi.039", "--to", "RU", "--date", "2015-07-24"},
		{"exemptions", "list"},
		{"scan", article},
		{"manifest", names, "--date", "2015-07-24", "--to", "RU"},
		{"feeds", "list"},
		{"alerts", "list"},
	} {
		code, _, errs := run(t, append([]string{"--db", typo}, args...)...)
		if code == 0 || !strings.Contains(errs, "no Vigil store at "+typo) {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Dir(typo)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read command created %s", filepath.Dir(typo))
	}
}

// TestImportRefusesPartialOFACSet: sdn.csv alone is refused unless
// --partial.
func TestImportRefusesPartialOFACSet(t *testing.T) {
	full := realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28")
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	sdn, _ := os.ReadFile(filepath.Join(full, "sdn.csv"))
	alone := filepath.Join(dir, "sdn.csv")
	os.WriteFile(alone, sdn, 0o644)
	code, _, errs := run(t, "--db", db, "lists", "import", "--source", "ofac", alone)
	if code == 0 || !strings.Contains(errs, "incomplete OFAC set") || !strings.Contains(errs, "--partial") {
		t.Errorf("sdn.csv alone: %d %q", code, errs)
	}
	if code, out, errs := run(t, "--db", db, "lists", "import", "--source", "ofac", "--partial", alone); code != 0 || !strings.Contains(out, "13821 subjects") {
		t.Errorf("--partial: %d %q %q", code, out, errs)
	}
}

// TestBatchOneColumnCLI: a one-column batch file with a name header keeps
// "ABBASI-DAVANI, Fereidoun" whole, in every output format.
func TestBatchOneColumnCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	v1 := filepath.Join(dir, "v1.xml")
	os.WriteFile(v1, []byte(unV1), 0o644)
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", v1); code != 0 {
		t.Fatal(errs)
	}
	batch := filepath.Join(dir, "names.csv")
	os.WriteFile(batch, []byte("name\nABBASI-DAVANI, Fereidoun\nSOLEIMANI, Qasem\n"), 0o644)
	for format, want := range map[string]string{
		"tsv":   "ABBASI-DAVANI, Fereidoun\t",
		"csv":   `2,"ABBASI-DAVANI, Fereidoun"`,
		"jsonl": `"query":"ABBASI-DAVANI, Fereidoun"`,
	} {
		code, out, errs := run(t, "--db", db, "screen", "--batch", batch, "--format", format)
		if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "un:IRi.039") {
			t.Errorf("%s: %d %q %q", format, code, out, errs)
		}
	}
}
