package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/lists"
)

// Small bounds, so that each bomb of the issue shows its bound in
// milliseconds; the defaults are the same code with larger numbers.
var small = limits.Input{ListBytes: 4 << 20, XLSXBytes: 4 << 20, TextBytes: 64 << 10, RecordBytes: 256 << 10, JSONLineBytes: 256 << 10}

// bomb is a list file that must be refused by a bound.
type bomb struct {
	name string
	src  lists.Source
	file string // path under the test folder; a folder for OFAC CSV sets
	body func(t *testing.T) []byte
}

// gz returns a body maker gzipping prefix followed by n bytes b.
func gz(prefix string, b byte, n int64) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		return limitstest.Gzip(t, io.MultiReader(strings.NewReader(prefix), limitstest.Repeat(b, n)))
	}
}

// plain returns prefix followed by n bytes b, written out.
func plain(prefix string, b byte, n int64) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		out, _ := io.ReadAll(io.MultiReader(strings.NewReader(prefix), limitstest.Repeat(b, n)))
		return out
	}
}

// xlsx builds a workbook with one part holding prefix and n bytes b.
func xlsx(part, prefix string, b byte, n int64) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.Create(part)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, io.MultiReader(strings.NewReader(prefix), limitstest.Repeat(b, n)))
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
}

const un = `<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z"><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>`

// TestBombsStopAtTheirBound reproduces the bombs of issue #16 at a small
// scale (a gzip of zeros, one endless text node, plain zeros) for every
// list format: each import fails with the bound it broke, names the file,
// stores nothing and allocates little.
func TestBombsStopAtTheirBound(t *testing.T) {
	const big = 64 << 20 // 16 times ListBytes: without the bound it would all be read
	zerosGz := gz("", 0, big)(t)
	zeros := func(*testing.T) []byte { return zerosGz }
	bombs := []bomb{
		{"gzip of zeros, UN", lists.SourceUN, "un.xml.gz", zeros},
		{"gzip of zeros named .xml", lists.SourceUN, "un.xml", zeros},
		{"gzip of zeros, EU", lists.SourceEU, "eu.xml.gz", zeros},
		{"gzip of zeros, FCDO", lists.SourceUK, "uk.xml.gz", zeros},
		{"gzip of zeros, OFAC XML", lists.SourceOFACCons, "cons.xml.gz", zeros},
		{"gzip of zeros, OFAC CSV", lists.SourceOFAC, "set/sdn.csv.gz", zeros},
		{"gzip of zeros, OFSI CSV", lists.SourceOFSI, "conlist.csv.gz", zeros},
		{"gzip of zeros, FtM", lists.SourceOpenSanctions, "entities.ftm.json.gz", zeros},
		{"plain zeros", lists.SourceUN, "zeros.xml", plain("", 0, 6<<20)},
		{"one text node, UN", lists.SourceUN, "node.xml.gz", gz(un, 'A', 3<<20)},
		{"one text node, EU", lists.SourceEU, "node.xml.gz", gz(`<export generationDate="2026-01-02T00:00:00Z"><sanctionEntity><remark>`, 'A', 3<<20)},
		{"one attribute", lists.SourceEU, "attr.xml.gz", gz(`<export generationDate="2026-01-02T00:00:00Z"><sanctionEntity logicalId="`, '1', 3<<20)},
		{"nesting bomb", lists.SourceUK, "deep.xml.gz", func(t *testing.T) []byte {
			return limitstest.Gzip(t, strings.NewReader("<Designations>"+strings.Repeat("<Designation>", 1<<20)))
		}},
		{"one CSV field, OFAC", lists.SourceOFAC, "field/sdn.csv.gz", gz(`1,"`, 'A', 3<<20)},
		{"one CSV record, OFSI", lists.SourceOFSI, "record.csv.gz", gz("Last Updated,01/01/2026\n", ',', 3<<20)},
		{"one JSON line, FtM", lists.SourceOpenSanctions, "line.ftm.json.gz", gz(`{"id":"x","schema":"Person","properties":{"name":["`, 'A', 3<<20)},
		{"xlsx unpacking to 64 MiB", lists.SourceOFSI, "bomb.xlsx", xlsx("xl/worksheets/sheet1.xml", "<worksheet>", ' ', big)},
		{"xlsx with one text node", lists.SourceOFSI, "node.xlsx", xlsx("xl/sharedStrings.xml", "<sst><si><t>", 'A', 3<<20)},
	}
	ctx := context.Background()
	dir := t.TempDir()
	st := openStore(t, filepath.Join(dir, "v.db"))
	defer st.Close()
	for _, b := range bombs {
		t.Run(b.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(b.name, " ", "-"), b.file)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.body(t), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			alloc := limitstest.Allocated(func() {
				_, err = ingest.Import(ctx, st, b.src, path, ingest.Options{Limits: small, Partial: true})
			})
			if !errors.Is(err, limits.ErrExceeded) || !errors.Is(err, ingest.ErrInput) || !strings.Contains(err.Error(), filepath.Base(path)) {
				t.Errorf("err = %v, want a bound naming the file", err)
			}
			if alloc > 48<<20 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			if vs, err := st.Versions(ctx, b.src); err != nil || len(vs) != 0 {
				t.Errorf("versions after the bomb: %v, %v", vs, err)
			}
		})
	}
}

// TestDefaultTextBoundWithoutOptions: the parsers bound a text node by
// themselves (limits.TextBytes), without any import option.
func TestDefaultTextBoundWithoutOptions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "node.xml.gz")
	os.WriteFile(path, limitstest.Gzip(t, io.MultiReader(strings.NewReader(un), limitstest.Repeat('A', 2*limits.TextBytes))), 0o644)
	st := openStore(t, filepath.Join(dir, "v.db"))
	defer st.Close()
	_, err := ingest.Import(context.Background(), st, lists.SourceUN, path, ingest.Options{})
	if !errors.Is(err, limits.ErrExceeded) || !strings.Contains(err.Error(), "text node is longer than 1048576 bytes") {
		t.Errorf("err = %v", err)
	}
}
