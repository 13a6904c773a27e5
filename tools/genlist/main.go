// Command genlist writes a synthetic list of OpenSanctions' size for the
// scale benchmarks (docs/benchmarks.md, "One million subjects"): people and
// organisations whose names are made of the words of the real lists, as
// FollowTheMoney JSON lines — the format `vigil lists import --source
// opensanctions` reads.
//
//	go run ./tools/genlist -n 1000000 -o /tmp/synthetic.ftm.json
//
// The real lists under the shared data folder (UN, OFAC SDN and
// Consolidated, EU, UK, OFSI, OpenSanctions) are imported through Vigil's
// own parsers; their people's given names, middle names and family names,
// their original-script words, their organisations' words and legal forms,
// and their nationalities and countries become pools drawn from as often
// as the lists use them, so common names (Mohammad, Ali, Trading, Company)
// are as common as on real lists and rare ones as rare. Each subject gets
// a few aliases (reordered, shortened, another given name, a script
// spelling), and people dates of birth, nationalities and passports, as
// the real lists have them. The same seed writes the same file.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/store"
)

// sourceFiles are the real lists the name parts come from, relative to
// the shared data folder.
var sourceFiles = []struct {
	source lists.Source
	path   string
}{
	{lists.SourceUN, "lists/un/consolidated-2026-05-08.xml"},
	{lists.SourceOFAC, "lists/ofac/sdn-csv-2023-12-28"},
	{lists.SourceOFACCons, "lists/ofac/non-sdn/consolidated-2026-01-08.xml"},
	{lists.SourceEU, "lists/eu/fsf-xml-1.1-2026-08-05.TRIMMED-5-entities.xml"},
	{lists.SourceUK, "lists/uk/uk-sanctions-list-2026-09-10.TRIMMED-5-designations.xml"},
	{lists.SourceOFSI, "lists/uk/ofsi-conlist-2025-04-10.converted.csv.gz"},
	{lists.SourceOpenSanctions, "lists/opensanctions/zala.entities.ftm.json"},
}

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder (the real lists)")
	n := flag.Int("n", 1_000_000, "subjects to write")
	seed := flag.Uint64("seed", 1, "seed: the same seed writes the same file")
	out := flag.String("o", "synthetic.ftm.json", "the file to write")
	flag.Parse()
	start := time.Now()
	subs, err := realSubjects(*data)
	if err != nil {
		log.Fatal(err)
	}
	p := Harvest(subs)
	log.Printf("name parts from %d real subjects: %s (%v)", len(subs), p.Summary(), time.Since(start).Round(time.Millisecond))
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := p.Generate(w, *n, *seed); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fi, _ := os.Stat(*out)
	log.Printf("wrote %d subjects to %s (%d MB) in %v", *n, *out, fi.Size()>>20, time.Since(start).Round(time.Millisecond))
}

// realSubjects reads the real lists through Vigil's import path into a
// temporary store.
func realSubjects(data string) ([]*lists.Subject, error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "genlist")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	st, err := store.Open(ctx, filepath.Join(tmp, "parts.db"), nil)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for _, f := range sourceFiles {
		path := filepath.Join(data, f.path)
		if _, err := ingest.Import(ctx, st, f.source, path, ingest.Options{}); err != nil {
			return nil, fmt.Errorf("%s: %w (the real lists are read from -data)", path, err)
		}
	}
	subs, _, err := lists.LatestSubjects(ctx, st, nil, time.Time{})
	return subs, err
}
