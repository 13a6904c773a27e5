// Command evalscreen runs the screening engine over the labelled queries in
// shared/eval and writes predictions in the scorer's format. It imports the
// corpus the eval README names (UN 2026-02-27 + OFAC 2019-01-15) into a
// temporary store, exactly as `vigil lists import` would.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
)

func main() {
	data := flag.String("data", "../shared/data", "shared data folder")
	gold := flag.String("gold", "../shared/eval/all.tsv", "gold queries")
	out := flag.String("out", "/tmp/preds.tsv", "predictions file")
	flag.Parse()
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "evalscreen")
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "v.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, in := range []struct {
		src  lists.Source
		path string
	}{{lists.SourceUN, filepath.Join(*data, "lists/un/consolidated-2026-02-27.xml")}, {lists.SourceOFAC, filepath.Join(*data, "lists/ofac/sdn-csv-2019-01-15")}} {
		if _, err := ingest.Import(ctx, st, in.src, in.path, ingest.Options{}); err != nil {
			log.Fatal(err)
		}
	}
	subs, vs, err := lists.LatestSubjects(ctx, st, nil, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	ix := screening.Build(subs, vs)
	f, err := os.Open(*gold)
	if err != nil {
		log.Fatal(err)
	}
	w, _ := os.Create(*out)
	bw := bufio.NewWriter(w)
	sc := bufio.NewScanner(f)
	seen := map[string]bool{}
	for sc.Scan() {
		q := strings.Split(sc.Text(), "\t")[0]
		if q == "query" || seen[q] {
			continue
		}
		seen[q] = true
		for _, m := range ix.Screen(screening.Query{Name: q, Threshold: -1, Limit: 10}) {
			src, ref := m.ID.Split()
			fmt.Fprintf(bw, "%s\t%s:%s\t%.3f\n", q, strings.ToUpper(string(src)), ref, m.Score)
		}
	}
	bw.Flush()
	w.Close()
}
