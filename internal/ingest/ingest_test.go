package ingest_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
	"github.com/vigilhq/vigil/internal/store"
)

func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func fileHash(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func mustImport(t testing.TB, st lists.Store, src lists.Source, path string) lists.ImportResult {
	t.Helper()
	res, err := ingest.Import(context.Background(), st, src, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestFixtureImportAndReimport(t *testing.T) {
	dir := t.TempDir()
	xml := filepath.Join(dir, "un.xml")
	os.WriteFile(xml, []byte(unFixture), 0o644)
	st := openStore(t, filepath.Join(dir, "v.db"))
	defer st.Close()
	res := mustImport(t, st, lists.SourceUN, xml)
	if res.Unchanged || res.Version.Total != 1 || res.Version.GeneratedAt.Format(time.DateOnly) != "2026-01-02" {
		t.Errorf("first import = %+v", res)
	}
	// the same content gzipped is the same version
	gz := filepath.Join(dir, "un.xml.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(unFixture))
	zw.Close()
	os.WriteFile(gz, buf.Bytes(), 0o644)
	if again := mustImport(t, st, lists.SourceUN, gz); !again.Unchanged || again.Version.ID != res.Version.ID {
		t.Errorf("re-import = %+v, want unchanged", again)
	}
}

// olderStore pretends every stored version was written by the record
// format before this one, as a store upgraded from an older Vigil.
type olderStore struct{ *store.Store }

func (o olderStore) HasVersion(ctx context.Context, src lists.Source, sum string) (*lists.Version, error) {
	v, err := o.Store.HasVersion(ctx, src, sum)
	if v != nil {
		v.RecordRevision = lists.RecordRevision - 1
	}
	return v, err
}

func TestReimportRefreshesOlderRecordFormat(t *testing.T) {
	dir := t.TempDir()
	xml := filepath.Join(dir, "un.xml")
	os.WriteFile(xml, []byte(unFixture), 0o644)
	st := openStore(t, filepath.Join(dir, "v.db"))
	defer st.Close()
	first := mustImport(t, st, lists.SourceUN, xml)
	again := mustImport(t, olderStore{st}, lists.SourceUN, xml)
	if !again.Refreshed || again.Unchanged || again.Version.ID != first.Version.ID || again.Version.RecordRevision != lists.RecordRevision {
		t.Errorf("re-import over an older record format = %+v, want version %d refreshed", again, first.Version.ID)
	}
	if vs, _ := st.Versions(context.Background(), lists.SourceUN); len(vs) != 1 {
		t.Errorf("refresh added a version: %d versions", len(vs))
	}
}

const unFixture = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T03:04:05.000Z"><INDIVIDUALS>
<INDIVIDUAL><FIRST_NAME>QASEM</FIRST_NAME><SECOND_NAME>SOLEIMANI</SECOND_NAME><UN_LIST_TYPE>Iran</UN_LIST_TYPE>
<REFERENCE_NUMBER>IRi.039</REFERENCE_NUMBER><LISTED_ON>2007-03-24</LISTED_ON></INDIVIDUAL>
</INDIVIDUALS></CONSOLIDATED_LIST>`

// TestFailedImportsLeaveStoreUnchanged imports a good list, then a
// truncated XML file and an OFAC set with a broken row, and checks that
// the database file is byte-for-byte what it was.
func TestFailedImportsLeaveStoreUnchanged(t *testing.T) {
	good := realdata.Path(t, "lists", "un", "consolidated-2026-02-27.xml")
	ofacDir := realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "v.db")
	st := openStore(t, dbPath)
	mustImport(t, st, lists.SourceUN, good)
	st.Close()
	before := fileHash(t, dbPath)

	raw, _ := os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.xml")
	os.WriteFile(truncated, raw[:len(raw)*2/3], 0o644)

	broken := filepath.Join(dir, "ofac")
	os.Mkdir(broken, 0o755)
	sdn, _ := os.ReadFile(filepath.Join(ofacDir, "sdn.csv"))
	lines := bytes.Split(sdn, []byte("\r\n"))
	lines[5000] = []byte(`99999,"BROKEN ROW",-0- ,-0-`)
	os.WriteFile(filepath.Join(broken, "sdn.csv"), bytes.Join(lines, []byte("\r\n")), 0o644)
	for _, companion := range []string{"alt.csv", "add.csv", "sdn_comments.csv"} {
		b, _ := os.ReadFile(filepath.Join(ofacDir, companion))
		os.WriteFile(filepath.Join(broken, companion), b, 0o644)
	}

	badUTF8 := filepath.Join(dir, "badutf8.xml")
	os.WriteFile(badUTF8, bytes.Replace(raw, []byte("SOLEIMANI"), []byte("SOLE\xffIMANI"), 1), 0o644)

	for _, tc := range []struct {
		src  lists.Source
		path string
		want string
	}{
		{lists.SourceUN, truncated, "unexpected EOF"},
		{lists.SourceOFAC, broken, "sdn.csv: line 5001: 4 columns, want 12"},
		{lists.SourceUN, badUTF8, "invalid UTF-8"},
	} {
		st := openStore(t, dbPath)
		_, err := ingest.Import(context.Background(), st, tc.src, tc.path, ingest.Options{})
		st.Close()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ingest.ErrInput) {
			t.Errorf("import %s: err = %v, want an input error mentioning %q", filepath.Base(tc.path), err, tc.want)
		}
		if !strings.Contains(fmt.Sprint(err), filepath.Base(tc.path)) {
			t.Errorf("error %q does not name the file", err)
		}
		if after := fileHash(t, dbPath); after != before {
			t.Errorf("import of %s changed the database file", filepath.Base(tc.path))
		}
	}
}

// TestKilledImport kills a process in the middle of an import and checks
// that the store is as it was.
func TestKilledImport(t *testing.T) {
	if os.Getenv("VIGIL_HELPER_IMPORT") != "" {
		t.Skip("helper")
	}
	ofacDir := realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "v.db")
	st := openStore(t, dbPath)
	xml := filepath.Join(dir, "un.xml")
	os.WriteFile(xml, []byte(unFixture), 0o644)
	mustImport(t, st, lists.SourceUN, xml)
	st.Close()
	before := fileHash(t, dbPath)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperImport$")
	cmd.Env = append(os.Environ(), "VIGIL_HELPER_IMPORT="+dbPath, "VIGIL_HELPER_OFAC="+ofacDir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	ready := false
	for sc.Scan() {
		if strings.Contains(sc.Text(), "HALFWAY") {
			ready = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !ready {
		t.Fatal("helper never reached the middle of the import")
	}
	st = openStore(t, dbPath)
	vs, err := st.Versions(context.Background(), lists.SourceOFAC)
	if err != nil || len(vs) != 0 {
		t.Errorf("after a killed import: %d OFAC versions, %v", len(vs), err)
	}
	uv, _ := st.Versions(context.Background(), lists.SourceUN)
	if len(uv) != 1 {
		t.Errorf("after a killed import: %d UN versions, want 1", len(uv))
	}
	st.Close()
	if fileHash(t, dbPath) != before {
		t.Error("killed import changed the database file")
	}
	if _, err := os.Stat(dbPath + "-wal"); err == nil {
		t.Log("WAL file left after recovery (harmless)")
	}
}

// TestHelperImport is run as a child process by TestKilledImport: it
// imports OFAC and pauses halfway so the parent can kill it.
func TestHelperImport(t *testing.T) {
	dbPath := os.Getenv("VIGIL_HELPER_IMPORT")
	if dbPath == "" {
		t.Skip("only runs as TestKilledImport's child process")
	}
	st := openStore(t, dbPath)
	n := 0
	opt := ingest.Options{Progress: func(r io.Reader, size int64) io.Reader {
		return readerFunc(func(p []byte) (int, error) {
			n += len(p)
			if int64(n) > size/2 {
				fmt.Println("HALFWAY")
				os.Stdout.Sync()
				time.Sleep(time.Minute)
			}
			return r.Read(p)
		})
	}}
	ingest.Import(context.Background(), st, lists.SourceOFAC, os.Getenv("VIGIL_HELPER_OFAC"), opt)
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// (Totals are the row counts documented in shared/data/README.md and
// shared/eval/README.md.)

// TestRealHistory imports every UN snapshot and checks diffs and history
// against the deltas documented in shared/data/README.md.
func TestRealHistory(t *testing.T) {
	dir := realdata.Path(t, "lists", "un")
	files, _ := filepath.Glob(filepath.Join(dir, "consolidated-*.xml*"))
	st := openStore(t, filepath.Join(t.TempDir(), "v.db"))
	defer st.Close()
	ctx := context.Background()
	for _, f := range files {
		res := mustImport(t, st, lists.SourceUN, f)
		// independent count: start tags in the raw file
		raw := readMaybeGz(t, f)
		want := bytes.Count(raw, []byte("<INDIVIDUAL>")) + bytes.Count(raw, []byte("<ENTITY>"))
		if res.Version.Total != want {
			t.Errorf("%s: %d subjects stored, want %d", filepath.Base(f), res.Version.Total, want)
		}
	}
	diff, err := diffByDate(ctx, st, "2025-12-09", "2025-12-10")
	if err != nil {
		t.Fatal(err)
	}
	if len(diff.Added) != 0 || len(diff.Changed) != 0 || len(diff.Removed) != 1 || diff.Removed[0].ID != "un:IQi.074" {
		t.Errorf("diff 2025-12-09 → 12-10 = %+v, want only the removal of IQi.074", diff)
	}
	diff, err = diffByDate(ctx, st, "2025-12-10", "2026-01-28")
	if err != nil {
		t.Fatal(err)
	}
	if len(diff.Added)+len(diff.Removed)+len(diff.Changed) != 0 {
		t.Errorf("diff 2025-12-10 → 2026-01-28 = %+v, want no change", diff)
	}
	diff, _ = diffByDate(ctx, st, "2026-01-28", "2026-02-27")
	var added []string
	for _, a := range diff.Added {
		added = append(added, string(a.ID))
	}
	if !slices.Equal(added, []string{"un:SDi.007", "un:SDi.008", "un:SDi.009", "un:SDi.010"}) {
		t.Errorf("added 2026-01-28 → 02-27 = %v", added)
	}
	for _, tc := range []struct {
		day    string
		listed bool
	}{{"2017-07-01", true}, {"2025-01-01", false}, {"2025-12-15", true}} {
		at, _ := time.Parse(time.DateOnly, tc.day)
		view, err := lists.ShowEntity(ctx, st, "un:IRi.039", at)
		if err != nil {
			t.Fatal(err)
		}
		if view.Listed != tc.listed {
			t.Errorf("IRi.039 at %s: listed = %v, want %v", tc.day, view.Listed, tc.listed)
		}
	}
}

func diffByDate(ctx context.Context, st lists.Store, from, to string) (*lists.Diff, error) {
	vs, err := st.Versions(ctx, lists.SourceUN)
	if err != nil {
		return nil, err
	}
	pick := func(day string) int64 {
		t, _ := time.Parse(time.DateOnly, day)
		return lists.VersionAt(vs, t.Add(24*time.Hour-1)).ID
	}
	return lists.DiffVersions(ctx, st, lists.SourceUN, pick(from), pick(to))
}

func readMaybeGz(t testing.TB, path string) []byte {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = io.ReadAll(zr)
	}
	return raw
}

func TestRealOFACSets(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "v.db"))
	defer st.Close()
	for _, p := range []string{
		realdata.Path(t, "lists", "ofac", "sdn-csv-2019-01-15"),
		realdata.Path(t, "lists", "ofac", "sdn-csv-2023-12-28", "sdn.csv"),
	} {
		mustImport(t, st, lists.SourceOFAC, p)
	}
	// The 2024 snapshots are sdn.csv files alone: imported on purpose.
	for _, p := range []string{
		realdata.Path(t, "lists", "ofac", "sdn-2024-05-01.csv.gz"),
		realdata.Path(t, "lists", "ofac", "sdn-2024-05-02.csv.gz"),
		realdata.Path(t, "lists", "ofac", "sdn-2024-05-03.csv.gz"),
	} {
		if _, err := ingest.Import(ctx, st, lists.SourceOFAC, p, ingest.Options{Partial: true}); err != nil {
			t.Fatal(err)
		}
	}
	vs, _ := st.Versions(ctx, lists.SourceOFAC)
	if len(vs) != 5 || vs[0].Total != 7379 || vs[1].Total != 13821 || vs[2].Total != 14966 || vs[3].Total != 14973 || vs[4].Total != 14965 {
		var totals []int
		for _, v := range vs {
			totals = append(totals, v.Total)
		}
		t.Fatalf("OFAC version totals = %v", totals)
	}
	d, err := lists.DiffVersions(ctx, st, lists.SourceOFAC, vs[3].ID, vs[4].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Removed) != 8 || len(d.Added) != 0 {
		t.Errorf("2024-05-02 → 05-03: %d removed, %d added; want 8 and 0", len(d.Removed), len(d.Added))
	}
}

// BenchmarkImportUNAndOFAC measures the target: UN 2026-05-08 plus
// OFAC 2023-12-28 into an empty SQLite store.
func BenchmarkImportUNAndOFAC(b *testing.B) {
	unPath := realdata.Path(b, "lists", "un", "consolidated-2026-05-08.xml")
	ofacPath := realdata.Path(b, "lists", "ofac", "sdn-csv-2023-12-28")
	for b.Loop() {
		b.StopTimer()
		st := openStore(b, filepath.Join(b.TempDir(), "v.db"))
		b.StartTimer()
		mustImport(b, st, lists.SourceUN, unPath)
		mustImport(b, st, lists.SourceOFAC, ofacPath)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}
