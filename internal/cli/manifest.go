package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigilhq/vigil/internal/manifest"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/screening"
)

func (a *app) manifestCommand() *cobra.Command {
	var date, to, from, format, out string
	var threshold float64
	cmd := &cobra.Command{
		Use:   "manifest FILE --date D --to CC [--from CC]",
		Short: "Screen a passenger manifest and give each match its travel verdict",
		Long: `FILE is CSV with a header naming the columns name, dob, nationality and
passport, and optionally date, destination and origin per row (which override
--date, --to and --from). Every passenger gets the best list match with its
score and explanation, and for a match the travel verdict.

It fails closed: without --date and a date column, or without --to and a
destination column, it refuses to run. A row it cannot check (a bad value, a
missing date) is written with its error in every format and reported on
standard error, the rest of the file is still processed, and the exit status
is then non-zero.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var defTo, defFrom string
			var err error
			if defTo, err = countryCode("--to", to); err != nil {
				return err
			}
			if defFrom, err = countryCode("--from", from); err != nil {
				return err
			}
			if date != "" {
				if _, err := rules.ParsePeriod(date); err != nil {
					return fmt.Errorf("--date: %w", err)
				}
			}
			if format != "csv" && format != "json" {
				return fmt.Errorf("--format %q: csv or json", format)
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			in := bufio.NewReaderSize(f, 1<<16)
			opt := manifest.Options{Date: date, To: defTo, From: defFrom, Threshold: threshold, Progress: a.rowProgress(args[0])}
			if err := manifest.RequireTrip(in, opt); err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			w, closeOut, err := a.createOutput(out)
			if err != nil {
				return err
			}
			defer closeOut()
			ix, err := a.loadIndex(ctx, "")
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			ch, err := a.checker(st)
			if err != nil {
				return err
			}
			sink := newManifestSink(w, format)
			start := time.Now()
			sum, err := manifest.Run(ctx, in, ix, ch, opt, func(row manifest.Row) error {
				if row.Error != "" {
					fmt.Fprintf(a.stderr, "%s: line %d: %s\n", args[0], row.Line, row.Error)
				}
				return sink.row(row)
			})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := sink.close(sum); err != nil {
				return err
			}
			if err := closeOut(); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "%d passengers checked in %s: %d matched a list, %d flagged (violation or unclear), %d matched but not judged, %d rows with errors\n",
				sum.Rows, time.Since(start).Round(time.Millisecond), sum.Matched, len(sum.Flagged), len(sum.Unjudged), sum.Errors)
			for _, f := range sum.Flagged {
				fmt.Fprintf(a.stderr, "  line %d: %s → %s (%.3f) %s\n", f.Line, f.Name, f.Match.ID, f.Match.Score, f.Verdict.Verdict)
			}
			for _, u := range sum.Unjudged {
				fmt.Fprintf(a.stderr, "  line %d: %s → %s (%.3f) NOT JUDGED: %s\n", u.Line, u.Name, u.Match.ID, u.Match.Score, u.Error)
			}
			if sum.Errors > 0 {
				// Fail closed: a row that could not be judged is not clean.
				return fmt.Errorf("%s: %d of %d rows could not be checked (%d of them matched a listed subject); each is in the output with its error", args[0], sum.Errors, sum.Rows, len(sum.Unjudged))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "travel date for rows without one (YYYY-MM-DD, YYYY-MM or YYYY); required without a date column")
	cmd.Flags().StringVar(&to, "to", "", "destination for rows without one (ISO alpha-2); required without a destination column")
	cmd.Flags().StringVar(&from, "from", "", "origin for rows without one (ISO alpha-2)")
	cmd.Flags().StringVar(&format, "format", "csv", "output: csv or json")
	cmd.Flags().StringVar(&out, "out", "", "output file (default standard output)")
	cmd.Flags().Float64Var(&threshold, "threshold", screening.DefaultThreshold, "minimum match score")
	return cmd
}

// manifestSink writes rows as CSV or as one JSON document.
type manifestSink struct {
	format string
	w      io.Writer
	csv    *csv.Writer
	n      int
}

func newManifestSink(w io.Writer, format string) *manifestSink {
	s := &manifestSink{format: format, w: w}
	if format == "csv" {
		s.csv = csv.NewWriter(w)
		s.csv.Write([]string{"line", "name", "match_id", "match_name", "score", "verdict", "reasons", "error"})
	} else {
		io.WriteString(w, "{\"rows\": [\n")
	}
	return s
}

func (s *manifestSink) row(r manifest.Row) error {
	if s.format == "csv" {
		rec := []string{strconv.Itoa(r.Line), r.Name, "", "", "", "", "", r.Error}
		if r.Match != nil {
			rec[2], rec[3], rec[4] = string(r.Match.ID), r.Match.Name, strconv.FormatFloat(r.Match.Score, 'f', 3, 64)
		}
		if r.Verdict != nil {
			rec[5] = string(r.Verdict.Verdict)
			var rs []string
			for _, x := range r.Verdict.Reasons {
				rs = append(rs, x.Text)
			}
			rec[6] = strings.Join(rs, " | ")
		}
		return s.csv.Write(rec)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if s.n > 0 {
		io.WriteString(s.w, ",\n")
	}
	s.n++
	_, err = s.w.Write(b)
	return err
}

func (s *manifestSink) close(sum manifest.Summary) error {
	if s.format == "csv" {
		s.csv.Flush()
		return s.csv.Error()
	}
	b, err := json.Marshal(sum)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.w, "\n], \"summary\": %s}\n", b)
	return err
}
