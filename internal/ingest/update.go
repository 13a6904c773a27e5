package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/lists"
)

// Download is one file of an official publication.
type Download struct {
	Name string // file name in the download folder; its extension tells the format
	URL  string
}

// OfficialURLs are the current official download locations, the main
// file of each source first.
var OfficialURLs = map[lists.Source][]Download{
	lists.SourceUN: {{"consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
	lists.SourceOFAC: {
		{"sdn.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV"},
		{"alt.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV"},
		{"add.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV"},
		{"sdn_comments.csv", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV"},
	},
	lists.SourceOFACCons: {{"consolidated.xml", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"}},
	// The EU's public token is part of the published download link.
	lists.SourceEU: {{"fsf-1.1.xml", "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"}},
	lists.SourceUK: {{"UK-Sanctions-List.xml", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"}},
	// OFSI froze the ConList on 28 January 2026; the file stays online.
	lists.SourceOFSI: {{"ConList.csv", "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"}},
	// OpenSanctions data is CC BY-NC 4.0: commercial use needs their licence.
	lists.SourceOpenSanctions: {{"entities.ftm.json", "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json"}},
}

// optIn are sources updated only once the store holds a version of them:
// OpenSanctions' export is large and its licence (CC BY-NC 4.0) is the
// user's to accept.
var optIn = []lists.Source{lists.SourceOpenSanctions}

// UpdateSources are the sources an update without a choice covers: every
// official list, and the opt-in ones the store already holds.
func UpdateSources(ctx context.Context, st lists.Store) ([]lists.Source, error) {
	var out []lists.Source
	for _, src := range lists.KnownSources {
		if slices.Contains(optIn, src) {
			vs, err := st.Versions(ctx, src)
			if err != nil {
				return nil, err
			}
			if len(vs) == 0 {
				continue
			}
		}
		out = append(out, src)
	}
	return out, nil
}

// Update downloads the official files of src into dir (through f, the
// process's one guarded fetcher) and imports them if they are new. A
// failed download or import keeps the last good version.
func Update(ctx context.Context, st lists.Store, f *fetch.Fetcher, src lists.Source, dir string, log *slog.Logger) (lists.ImportResult, error) {
	downloads, ok := OfficialURLs[src]
	if !ok {
		return lists.ImportResult{}, fmt.Errorf("no official download for source %s", src)
	}
	main := ""
	for i, d := range downloads {
		res, err := f.Download(ctx, d.URL, filepath.Join(dir, string(src)), d.Name)
		if err != nil {
			return lists.ImportResult{}, err
		}
		if i == 0 {
			main = res.Path
		}
	}
	opt := Options{Logger: log}
	if src == lists.SourceOFAC || src == lists.SourceOpenSanctions {
		opt.GeneratedAt = time.Now().UTC() // the files carry no date: the download is the publication we saw
	}
	return Import(ctx, st, src, main, opt)
}

// ImportDir imports every list file found in dir, for air-gapped sites: UN
// consolidated XML files (plain or gzipped, in dir or dir/un), OFAC SDN
// sets (folders holding sdn.csv, in dir or dir/ofac), and the files of
// every other source in a folder named after it (dir/eu, dir/uk, dir/ofsi,
// dir/ofac_cons, dir/opensanctions). Files are imported in
// name order, so dated snapshots build the history in order.
func ImportDir(ctx context.Context, st lists.Store, dir string, log *slog.Logger) (int, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := 0
	var unFiles, ofacSets []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := strings.ToLower(d.Name())
		switch {
		case !d.IsDir() && (strings.HasSuffix(base, ".xml") || strings.HasSuffix(base, ".xml.gz")) && strings.Contains(base, "consolidated") && !strings.Contains(path, "ofac"):
			unFiles = append(unFiles, path)
		case d.IsDir():
			if _, err := os.Stat(filepath.Join(path, "sdn.csv")); err == nil {
				ofacSets = append(ofacSets, path)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	slices.Sort(unFiles)
	slices.Sort(ofacSets)
	for _, f := range unFiles {
		if _, err := Import(ctx, st, lists.SourceUN, f, Options{Logger: log}); err != nil {
			return n, fmt.Errorf("import %s: %w", f, err)
		}
		n++
	}
	for _, d := range ofacSets {
		if _, err := Import(ctx, st, lists.SourceOFAC, d, Options{Logger: log}); err != nil {
			return n, fmt.Errorf("import %s: %w", d, err)
		}
		n++
	}
	// The other sources are read from a folder named after each source.
	for _, src := range lists.KnownSources {
		if src == lists.SourceUN || src == lists.SourceOFAC {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(dir, string(src)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return n, err
		}
		for _, e := range entries { // ReadDir sorts by name: dated snapshots go in order
			path := filepath.Join(dir, string(src), e.Name())
			if _, err := locate(src, path); err != nil {
				log.Info("skipped: not a list file", "source", src, "path", path, "reason", err)
				continue
			}
			if _, err := Import(ctx, st, src, path, Options{Logger: log}); err != nil {
				return n, fmt.Errorf("import %s: %w", path, err)
			}
			n++
		}
	}
	return n, nil
}
