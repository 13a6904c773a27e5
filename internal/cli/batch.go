package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/vigilhq/vigil/internal/screening"
)

// screenBatch streams a batch file through the screening index.
func (a *app) screenBatch(ctx context.Context, f screenFlags) error {
	base, err := f.query("batch")
	if err != nil {
		return err
	}
	base.Name = ""
	in, err := os.Open(f.batch)
	if err != nil {
		return err
	}
	defer in.Close()
	ix, err := a.loadIndex(ctx, f.at) // before the output: a missing store writes nothing
	if err != nil {
		return err
	}
	out, closeOut, err := a.createOutput(f.out)
	if err != nil {
		return err
	}
	defer closeOut()
	w, err := screening.NewWriter(out, f.format)
	if err != nil {
		return err
	}
	progress := a.rowProgress(f.batch)
	rr := screening.NewRowReader(in, base)
	start := time.Now()
	stats, err := screening.RunBatch(ctx, rr, ix.Screen, func(r screening.BatchResult) error {
		if r.Row.Err != nil {
			fmt.Fprintf(a.stderr, "%s: line %d: %v (not screened)\n", f.batch, r.Row.Line, r.Row.Err)
		}
		return w.Write(r)
	}, progress)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", f.batch, err)
	}
	a.log.Info("batch screened", "rows", stats.Rows, "flagged", stats.Flagged, "errors", stats.Errors, "elapsed", time.Since(start))
	fmt.Fprintf(a.stderr, "%d rows screened in %s: %d flagged, %d with errors\n", stats.Rows, time.Since(start).Round(time.Millisecond), stats.Flagged, stats.Errors)
	if stats.Errors > 0 {
		// Fail closed: a row that was not screened is not a clean row.
		return fmt.Errorf("%s: %d of %d rows could not be screened (their errors are in the output)", f.batch, stats.Errors, stats.Rows)
	}
	return nil
}

// rowProgress shows a spinner-style row counter on a terminal, and logs
// progress every 100,000 rows otherwise.
func (a *app) rowProgress(name string) func(int) {
	if isTerminal(a.stderr) {
		bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription("screening "+name), progressbar.OptionShowCount(),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
		return func(done int) { bar.Set(done) }
	}
	return func(done int) {
		if done%100000 == 0 {
			a.log.Info("batch progress", "rows", done)
		}
	}
}
