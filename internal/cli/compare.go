package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/screening"
)

func (a *app) compareCommand() *cobra.Command {
	var kind, pairs string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   `compare "NAME A" "NAME B" | --pairs FILE`,
		Short: "Score a pair of names, with the explanation (token weights from the imported lists)",
		Args:  cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var k lists.Kind
			if kind != "" {
				var err error
				if k, err = lists.ParseKind(kind); err != nil {
					return fmt.Errorf("--kind: %w", err)
				}
			}
			ix := a.compareIndex(cmd)
			if pairs != "" {
				if len(args) > 0 {
					return errors.New("give two names or --pairs FILE, not both")
				}
				return a.comparePairs(ix, pairs, k)
			}
			if len(args) != 2 {
				return errors.New("two names are required")
			}
			c := ix.Compare(args[0], args[1], k)
			if asJSON {
				return a.printJSON(c)
			}
			fmt.Fprintf(a.stdout, "%.3f  %q ~ %q\n", c.Score, c.NameA, c.NameB)
			for _, p := range c.Explanation.Pairs {
				fmt.Fprintln(a.stdout, pairLine(p))
			}
			if u := c.Explanation.UnmatchedQuery; len(u) > 0 {
				fmt.Fprintf(a.stdout, "     without partner in A: %s\n", strings.Join(u, " "))
			}
			if u := c.Explanation.UnmatchedListed; len(u) > 0 {
				fmt.Fprintf(a.stdout, "     without partner in B: %s\n", strings.Join(u, " "))
			}
			for _, e := range c.Explanation.Adjustments {
				fmt.Fprintf(a.stdout, "     %-12s %+.3f  %s\n", e.Kind, e.Effect, e.Detail)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "person or organization")
	cmd.Flags().StringVar(&pairs, "pairs", "", "CSV file with columns name1, name2 and optionally kind; writes it back with a score column")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// compareIndex uses the lists' token rarity when a store with lists is at
// hand, and uniform weights otherwise.
func (a *app) compareIndex(cmd *cobra.Command) *screening.Index {
	ix, err := a.loadIndex(cmd.Context(), "")
	if err != nil {
		a.log.Info("comparing without list statistics", "reason", err)
		return screening.Build(nil, nil)
	}
	return ix
}

func (a *app) comparePairs(ix *screening.Index, path string, kind lists.Kind) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(limits.CSV(f, ',', limits.Default()))
	r.FieldsPerRecord = -1
	w := csv.NewWriter(a.stdout)
	defer w.Flush()
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	i1, ok1 := col["name1"]
	i2, ok2 := col["name2"]
	if !ok1 || !ok2 {
		return fmt.Errorf("%s: header must name columns name1 and name2", path)
	}
	ik, hasKind := col["kind"]
	w.Write(append(header, "score"))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: line %d: %v (row skipped)\n", path, line, err)
			continue
		}
		if i1 >= len(rec) || i2 >= len(rec) {
			fmt.Fprintf(a.stderr, "%s: line %d: missing name1 or name2 (row skipped)\n", path, line)
			continue
		}
		k := kind
		if hasKind && ik < len(rec) && strings.TrimSpace(rec[ik]) != "" {
			if k, err = lists.ParseKind(rec[ik]); err != nil {
				fmt.Fprintf(a.stderr, "%s: line %d: %v (row skipped)\n", path, line, err)
				continue
			}
		}
		c := ix.Compare(rec[i1], rec[i2], k)
		w.Write(append(rec, strconv.FormatFloat(c.Score, 'f', 3, 64)))
	}
}
