package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
)

// TestImportEverySource imports each real sample through the same path
// the CLI takes, and checks the version each one becomes.
func TestImportEverySource(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "v.db"))
	defer st.Close()
	for _, tc := range []struct {
		src       lists.Source
		path      []string
		total     int
		generated string
	}{
		{lists.SourceOFACCons, []string{"lists", "ofac", "non-sdn", "consolidated-2026-01-08.xml"}, 442, "2026-01-08"},
		{lists.SourceOFACCons, []string{"lists", "ofac", "non-sdn", "csv-2025-12-19"}, 442, "2025-12-19"},
		{lists.SourceEU, []string{"lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"}, 5, "2026-08-05"},
		{lists.SourceUK, []string{"lists", "uk", "uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"}, 5, "2026-09-10"},
		{lists.SourceOFSI, []string{"lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz"}, 4686, "2025-04-10"},
		{lists.SourceOpenSanctions, []string{"lists", "opensanctions", "zala.entities.ftm.json"}, 14, "2026-04-29"},
	} {
		res := mustImport(t, st, tc.src, realdata.Path(t, tc.path...))
		if res.Version.Total != tc.total || res.Version.GeneratedAt.Format("2006-01-02") != tc.generated {
			t.Errorf("%s %s: %d subjects generated %s, want %d generated %s", tc.src, tc.path[len(tc.path)-1],
				res.Version.Total, res.Version.GeneratedAt.Format("2006-01-02"), tc.total, tc.generated)
		}
	}
	// A delta series becomes one version per non-empty delta.
	res := mustImport(t, st, lists.SourceOpenSanctions, realdata.Path(t, "lists", "opensanctions", "delta-2024-05-27"))
	vs, err := st.Versions(context.Background(), lists.SourceOpenSanctions)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 5 || res.Version.Total != 3 {
		t.Errorf("%d versions after the delta series, last with %d subjects; want 5 and 3", len(vs), res.Version.Total)
	}
	if again := mustImport(t, st, lists.SourceOpenSanctions, realdata.Path(t, "lists", "opensanctions", "delta-2024-05-27")); !again.Unchanged {
		t.Errorf("re-importing the series stored new versions: %+v", again)
	}
}

func TestFailedNewFormatsLeaveStoreUnchanged(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "v.db")
	st := openStore(t, dbPath)
	mustImport(t, st, lists.SourceEU, realdata.Path(t, "lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"))
	st.Close()
	before := fileHash(t, dbPath)

	eu, _ := os.ReadFile(realdata.Path(t, "lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"))
	euBad := filepath.Join(dir, "eu-bad.xml")
	os.WriteFile(euBad, bytes.Replace(eu, []byte(`designationDate="2011-03-24"`), []byte(`designationDate="24/03/2011"`), 1), 0o644)

	f, _ := os.Open(realdata.Path(t, "lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz"))
	zr, _ := gzip.NewReader(f)
	ofsi, _ := io.ReadAll(zr)
	f.Close()
	lines := bytes.Split(ofsi, []byte("\r\n"))
	lines[9000] = []byte("BROKEN,ROW")
	ofsiBad := filepath.Join(dir, "ofsi-bad.csv")
	os.WriteFile(ofsiBad, bytes.Join(lines, []byte("\r\n")), 0o644)

	ftmBad := filepath.Join(dir, "bad.ftm.json")
	os.WriteFile(ftmBad, []byte(`{"id":"a","schema":"Person","target":true,"properties":{"name":["A"]}}`+"\n{oops\n"), 0o644)

	deltaBad := filepath.Join(dir, "delta")
	os.MkdirAll(filepath.Join(deltaBad, "20240101000000-a"), 0o755)
	os.MkdirAll(filepath.Join(deltaBad, "20240102000000-b"), 0o755)
	os.WriteFile(filepath.Join(deltaBad, "delta.json"), []byte(`{"versions":{"20240101000000-a":"x","20240102000000-b":"y"}}`), 0o644)
	os.WriteFile(filepath.Join(deltaBad, "20240101000000-a", "entities.delta.json"), []byte(`{"op":"ADD","entity":{"id":"p","schema":"Person","target":true,"properties":{"name":["P"]}}}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(deltaBad, "20240102000000-b", "entities.delta.json"), []byte(`{"op":"ZAP","entity":{"id":"p"}}`+"\n"), 0o644)

	for _, tc := range []struct {
		src        lists.Source
		path, want string
	}{
		{lists.SourceEU, euBad, `designationDate "24/03/2011" is not a date`},
		{lists.SourceOFSI, ofsiBad, "2 columns, want 36"},
		{lists.SourceOpenSanctions, ftmBad, "line 2"},
		{lists.SourceOpenSanctions, deltaBad, "20240102000000-b"},
		{lists.SourceOFSI, euBad, "has no XML format"},
	} {
		st := openStore(t, dbPath)
		_, err := ingest.Import(context.Background(), st, tc.src, tc.path, ingest.Options{})
		st.Close()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ingest.ErrInput) {
			t.Errorf("import %s: err = %v, want an input error mentioning %q", filepath.Base(tc.path), err, tc.want)
		}
		if after := fileHash(t, dbPath); after != before {
			t.Errorf("import of %s changed the database file", filepath.Base(tc.path))
		}
	}
}

// TestImportDirSourceFolders imports an air-gapped drop with one folder
// per source.
func TestImportDirSourceFolders(t *testing.T) {
	dir := t.TempDir()
	for src, file := range map[string][]string{
		"eu":            {"lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"},
		"uk":            {"lists", "uk", "uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"},
		"opensanctions": {"lists", "opensanctions", "t1.entities.ftm.json"},
	} {
		os.MkdirAll(filepath.Join(dir, src), 0o755)
		b, err := os.ReadFile(realdata.Path(t, file...))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, src, file[len(file)-1]), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "eu", "README.txt"), []byte("not a list"), 0o644)
	st := openStore(t, filepath.Join(t.TempDir(), "v.db"))
	defer st.Close()
	n, err := ingest.ImportDir(context.Background(), st, dir, nil)
	if err != nil || n != 3 {
		t.Fatalf("ImportDir: %d imported, %v; want 3", n, err)
	}
}

// TestUpdateNewSources downloads the EU and UK lists from a local server
// standing in for the official ones; a failing source keeps its last
// good version.
func TestUpdateNewSources(t *testing.T) {
	files := map[string]string{
		"/eu.xml": realdata.Path(t, "lists", "eu", "fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"),
		"/uk.xml": realdata.Path(t, "lists", "uk", "uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"),
	}
	broken := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken && r.URL.Path == "/uk.xml" {
			w.Write([]byte(`<Designations><Designation><UniqueID>X`)) // cut off
			return
		}
		if p, ok := files[r.URL.Path]; ok {
			http.ServeFile(w, r, p)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	saved := ingest.OfficialURLs
	t.Cleanup(func() { ingest.OfficialURLs = saved })
	ingest.OfficialURLs = map[lists.Source][]ingest.Download{
		lists.SourceEU:   {{Name: "fsf-1.1.xml", URL: srv.URL + "/eu.xml"}},
		lists.SourceUK:   {{Name: "UK-Sanctions-List.xml", URL: srv.URL + "/uk.xml"}},
		lists.SourceOFSI: {{Name: "ConList.csv", URL: srv.URL + "/missing.csv"}},
	}
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "v.db"))
	defer st.Close()
	dir := t.TempDir()
	f := fetch.New(fetch.Config{AllowPrivate: true, Backoff: time.Millisecond}, nil)
	for _, src := range []lists.Source{lists.SourceEU, lists.SourceUK} {
		res, err := ingest.Update(ctx, st, f, src, dir, nil)
		if err != nil || res.Version.Total != 5 {
			t.Fatalf("update %s: %+v, %v", src, res, err)
		}
	}
	if _, err := ingest.Update(ctx, st, f, lists.SourceOFSI, dir, nil); err == nil {
		t.Error("a missing file updated without error")
	}
	broken = true
	os.RemoveAll(filepath.Join(dir, "uk")) // no cached copy: the new download is used
	if _, err := ingest.Update(ctx, st, f, lists.SourceUK, dir, nil); err == nil {
		t.Error("a truncated download was imported")
	}
	vs, err := st.Versions(ctx, lists.SourceUK)
	if err != nil || len(vs) != 1 || vs[0].Total != 5 {
		t.Errorf("UK versions after the failed update: %+v, %v", vs, err)
	}
	if _, err := ingest.Update(ctx, st, f, lists.SourceOpenSanctions, dir, nil); err == nil || !strings.Contains(err.Error(), "no official download") {
		t.Errorf("update of a source without URL: %v", err)
	}
}

// BenchmarkImportOFSI imports the 18,800-row OFSI list (grouped into 4,686
// subjects) into an empty store: the largest of the new sources.
func BenchmarkImportOFSI(b *testing.B) {
	path := realdata.Path(b, "lists", "uk", "ofsi-conlist-2025-04-10.converted.csv.gz")
	for b.Loop() {
		b.StopTimer()
		st := openStore(b, filepath.Join(b.TempDir(), "v.db"))
		b.StartTimer()
		mustImport(b, st, lists.SourceOFSI, path)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

func TestUpdateSourcesOptIn(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "v.db"))
	defer st.Close()
	srcs, err := ingest.UpdateSources(ctx, st)
	if err != nil || slices.Contains(srcs, lists.SourceOpenSanctions) || !slices.Contains(srcs, lists.SourceEU) {
		t.Errorf("update sources of an empty store: %v, %v", srcs, err)
	}
	mustImport(t, st, lists.SourceOpenSanctions, realdata.Path(t, "lists", "opensanctions", "t1.entities.ftm.json"))
	if srcs, _ = ingest.UpdateSources(ctx, st); !slices.Contains(srcs, lists.SourceOpenSanctions) {
		t.Errorf("OpenSanctions imported but not updated: %v", srcs)
	}
}
