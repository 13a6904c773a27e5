package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/screening"
)

// screenFlags are the options shared by single and batch screening.
type screenFlags struct {
	dob, nationality, doc, kind, sources, at string
	threshold                                float64
	limit                                    int
	asJSON                                   bool
	batch, format, out                       string
}

func (a *app) screenCommand() *cobra.Command {
	var f screenFlags
	cmd := &cobra.Command{
		Use:   `screen "NAME" | --batch FILE`,
		Short: "Screen a name (any script, any spelling) against the lists, with explained scores",
		Long: `Screen one name, or a batch file, against every imported list.

Each match carries its explanation: the aligned token pairs and their
similarities, the effect of each piece of evidence (--dob, --nationality,
--doc, --kind) and the final score. See docs/screening.md for the JSON contract.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.batch != "" {
				if len(args) > 0 {
					return fmt.Errorf("give a NAME or --batch FILE, not both")
				}
				return a.screenBatch(cmd.Context(), f)
			}
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return fmt.Errorf("a name to screen is required")
			}
			q, err := f.query(args[0])
			if err != nil {
				return err
			}
			ix, err := a.loadIndex(cmd.Context(), f.at)
			if err != nil {
				return err
			}
			res := screening.Result{Query: q, Matches: ix.Screen(q), Versions: ix.Versions()}
			if res.Matches == nil {
				res.Matches = []screening.Match{}
			}
			if f.asJSON {
				return a.printJSON(res)
			}
			a.printScreen(res)
			return nil
		},
	}
	cmd.Flags().StringVar(&f.dob, "dob", "", "date of birth: YYYY, YYYY-MM or YYYY-MM-DD")
	cmd.Flags().StringVar(&f.nationality, "nationality", "", "nationality, ISO 3166-1 alpha-2 (or a country name)")
	cmd.Flags().StringVar(&f.doc, "doc", "", "passport or ID number")
	cmd.Flags().StringVar(&f.kind, "kind", "", "person or organization")
	cmd.Flags().StringVar(&f.sources, "list", "", "lists to screen against, comma-separated (default all)")
	cmd.Flags().Float64Var(&f.threshold, "threshold", screening.DefaultThreshold, "minimum score of a match")
	cmd.Flags().IntVar(&f.limit, "limit", 10, "maximum matches per name")
	cmd.Flags().StringVar(&f.at, "at", "", "screen against the lists as they stood on this date (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&f.batch, "batch", "", "screen every row of FILE (CSV/TSV with a header naming name, dob, nationality, doc, kind; or one name per line)")
	cmd.Flags().StringVar(&f.format, "format", "tsv", "batch output: tsv, csv or jsonl")
	cmd.Flags().StringVar(&f.out, "out", "", "batch output file (default standard output)")
	return cmd
}

// query validates the flags into a screening query.
func (f *screenFlags) query(name string) (screening.Query, error) {
	q := screening.Query{Name: name, DOB: f.dob, Document: f.doc, Threshold: f.threshold, Limit: f.limit}
	if err := screening.ValidateDate(f.dob); err != nil {
		return q, fmt.Errorf("--dob: %w", err)
	}
	if f.nationality != "" {
		cc, ok := country.Code(f.nationality)
		if !ok {
			return q, fmt.Errorf("--nationality %q: unknown country", f.nationality)
		}
		q.Nationality = cc
	}
	if f.kind != "" {
		k, err := lists.ParseKind(f.kind)
		if err != nil {
			return q, fmt.Errorf("--kind: %w", err)
		}
		q.Kind = k
	}
	srcs, err := lists.ParseSources(f.sources)
	if err != nil {
		return q, fmt.Errorf("--list: %w", err)
	}
	q.Sources = srcs
	if f.threshold > 1 {
		return q, fmt.Errorf("--threshold %v: scores run from 0 to 1", f.threshold)
	}
	return q, nil
}

// loadIndex opens the screening index of the store's lists as they stood
// on date at (empty: latest), from the cache when it was built before.
func (a *app) loadIndex(ctx context.Context, at string) (*screening.Index, error) {
	when, err := dateFlag("--at", at)
	if err != nil {
		return nil, err
	}
	st, err := a.openExistingStore(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	ix, err := screening.Open(ctx, st, a.cacheDir(), when)
	if err != nil {
		return nil, err
	}
	if len(ix.Versions()) == 0 {
		return nil, fmt.Errorf("no list imported%s: run 'vigil lists import' or 'vigil lists update' first", map[bool]string{true: " on or before " + at, false: ""}[at != ""])
	}
	return ix, nil
}

func (a *app) printScreen(res screening.Result) {
	w := a.stdout
	if len(res.Matches) == 0 {
		fmt.Fprintf(w, "no match for %q at threshold %.2f\n", res.Query.Name, res.Query.Threshold)
		return
	}
	for i, m := range res.Matches {
		bar := strings.Repeat("█", int(m.Score*20+0.5))
		fmt.Fprintf(w, "%d. %-14s %.3f %-20s %s (%s; %s)\n", i+1, m.ID, m.Score, bar, m.Name, m.Kind, strings.Join(m.Programs, ", "))
		if id := identityLine(m.DOB, m.Nationalities, m.Designations); id != "" {
			fmt.Fprintf(w, "   %s\n", id)
		}
		for _, r := range m.Records {
			fmt.Fprintf(w, "   same subject: %-14s %s (%s)%s\n", r.ID, r.Name, r.Basis, prefixed("; ", identityLine(r.DOB, r.Nationalities, r.Designations)))
			for _, e := range r.Evidence {
				fmt.Fprintf(w, "     %s\n", e)
			}
		}
		ex := m.Explanation
		fmt.Fprintf(w, "   matched %s %q, name score %.3f (%s)\n", ex.MatchedRole, ex.MatchedName, ex.NameScore, ex.Method)
		for _, p := range ex.Pairs {
			fmt.Fprintln(w, pairLine(p))
		}
		if len(ex.UnmatchedQuery) > 0 {
			fmt.Fprintf(w, "     query tokens without partner: %s\n", strings.Join(ex.UnmatchedQuery, " "))
		}
		if len(ex.UnmatchedListed) > 0 {
			fmt.Fprintf(w, "     listed tokens without partner: %s\n", strings.Join(ex.UnmatchedListed, " "))
		}
		if len(ex.Features) > 0 {
			var fs []string
			for _, f := range ex.Features[:min(4, len(ex.Features))] {
				if f.Effect != 0 {
					fs = append(fs, fmt.Sprintf("%s %+.2f", f.Name, f.Effect))
				}
			}
			fmt.Fprintf(w, "     model (log-odds): %s\n", strings.Join(fs, ", "))
		}
		for _, e := range ex.Adjustments {
			fmt.Fprintf(w, "     %-12s %-8s %+.3f  %s\n", e.Kind, e.Outcome, e.Effect, e.Detail)
		}
	}
}

// identityLine is what a result says beside the name: dates of birth,
// nationalities, designation.
func identityLine(dob, nationalities, designations []string) string {
	var parts []string
	if len(dob) > 0 {
		parts = append(parts, "born "+strings.Join(dob, ", "))
	}
	if len(nationalities) > 0 {
		parts = append(parts, "nationality "+strings.Join(nationalities, ", "))
	}
	if len(designations) > 0 {
		parts = append(parts, strings.Join(designations, "; "))
	}
	return strings.Join(parts, " · ")
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// pairLine writes one aligned pair of an explanation; a word covered
// without a partner (an initial's second word, a particle's initial) shows
// how it was covered instead.
func pairLine(p screening.TokenPair) string {
	if p.Query == "" || p.Listed == "" {
		return fmt.Sprintf("     %-14s   %-14s %s", p.Query, p.Listed, p.Method)
	}
	return fmt.Sprintf("     %-14s ~ %-14s %.2f %-8s weight %.1f", p.Query, p.Listed, p.Similarity, p.Method, p.Weight)
}
