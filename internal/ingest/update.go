package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/lists"
)

// OfficialURLs are the current official download locations.
var OfficialURLs = map[lists.Source]map[string]string{
	lists.SourceUN: {"consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
	lists.SourceOFAC: {
		"sdn.csv":          "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
		"alt.csv":          "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
		"add.csv":          "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
		"sdn_comments.csv": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
	},
}

// Update downloads the official files of src into dir and imports them if
// they are new. A failed download or import keeps the last good version.
func Update(ctx context.Context, st lists.Store, src lists.Source, dir string, log *slog.Logger) (lists.ImportResult, error) {
	client := fetch.New(filepath.Join(dir, string(src)), log)
	main := ""
	names := make([]string, 0, len(OfficialURLs[src]))
	for name := range OfficialURLs[src] {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		res, err := client.Get(ctx, OfficialURLs[src][name], name)
		if err != nil {
			return lists.ImportResult{}, err
		}
		if name == "consolidated.xml" || name == "sdn.csv" {
			main = res.Path
		}
	}
	opt := Options{Logger: log}
	if src == lists.SourceOFAC {
		opt.GeneratedAt = time.Now().UTC() // the CSVs carry no date: the download is the publication we saw
	}
	return Import(ctx, st, src, main, opt)
}

// ImportDir imports every list file found in dir, for air-gapped sites: UN
// consolidated XML files (plain or gzipped, in dir or dir/un) and OFAC SDN
// sets (folders holding sdn.csv, in dir or dir/ofac). Files are imported in
// name order, so dated snapshots build the history in order.
func ImportDir(ctx context.Context, st lists.Store, dir string, log *slog.Logger) (int, error) {
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
	return n, nil
}
