// Package manifest checks a passenger manifest the way airlines and border
// officers enforce travel bans: every passenger is screened against the
// lists, and a match gets the travel verdict for the trip.
package manifest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/screening"
)

// Row is one checked passenger: the stable JSON contract of
// `vigil manifest --format json`.
type Row struct {
	Line    int                  `json:"line"`
	Name    string               `json:"name"`
	Error   string               `json:"error,omitempty"`
	Match   *screening.Match     `json:"match"`
	Verdict *rules.TravelVerdict `json:"verdict"`
}

// Summary closes a manifest check.
type Summary struct {
	Rows    int   `json:"rows"`
	Matched int   `json:"matched"`
	Errors  int   `json:"errors"`
	Flagged []Row `json:"flagged"` // verdict violation or unclear
	// Unjudged are the rows that matched a listed subject but got no
	// verdict (no date, no destination, a bad value): never counted clean.
	Unjudged []Row `json:"unjudged"`
}

// ErrNoTrip is returned when the manifest gives no travel date or no
// destination for its rows, so no verdict could be given: the check
// refuses to run rather than report nobody flagged.
var ErrNoTrip = errors.New("no trip to judge")

// Options are the defaults for rows that do not state their own trip.
type Options struct {
	Date      string // YYYY-MM-DD, YYYY-MM or YYYY
	To, From  string // ISO alpha-2
	Threshold float64
	Progress  func(done int)
}

// CountryCode accepts an ISO alpha-2 code or a country name.
func CountryCode(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if len(v) == 2 {
		if country.Valid(v) {
			return strings.ToUpper(v), nil
		}
	} else if cc, ok := country.Code(v); ok {
		return cc, nil
	}
	return "", fmt.Errorf("unknown country %q (want an ISO 3166-1 alpha-2 code such as RU)", v)
}

// Run reads the manifest (CSV with a header naming name, dob, nationality,
// passport and optionally date, destination, origin), checks every row on
// all cores, and hands rows to emit in input order. A bad row is emitted
// with Error set and the rest of the file is still processed.
func Run(ctx context.Context, r io.Reader, ix *screening.Index, ch *rules.Checker, opt Options, emit func(Row) error) (Summary, error) {
	var sum Summary
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	if err := RequireTrip(br, opt); err != nil {
		return sum, err
	}
	r = br
	threshold := opt.Threshold
	if threshold == 0 {
		threshold = screening.DefaultThreshold
	}
	rr := screening.NewRowReader(r, screening.Query{Threshold: threshold, Limit: 1})
	_, err := screening.RunBatch(ctx, rr, ix.Screen, func(b screening.BatchResult) error {
		row := check(ctx, ch, opt, b)
		sum.Rows++
		if row.Match != nil {
			sum.Matched++
		}
		if row.Error != "" {
			sum.Errors++
		}
		if row.Verdict != nil && (row.Verdict.Verdict == rules.Violation || row.Verdict.Verdict == rules.Unclear) {
			sum.Flagged = append(sum.Flagged, row)
		}
		if row.Match != nil && row.Verdict == nil {
			sum.Unjudged = append(sum.Unjudged, row)
		}
		return emit(row)
	}, opt.Progress)
	if sum.Flagged == nil {
		sum.Flagged = []Row{}
	}
	if sum.Unjudged == nil {
		sum.Unjudged = []Row{}
	}
	return sum, err
}

// RequireTrip refuses a manifest whose rows cannot have a date or a
// destination: neither a default (--date, --to) nor a column gives one.
// It reads the header without consuming it, so a caller can refuse before
// it creates any output.
func RequireTrip(br *bufio.Reader, opt Options) error {
	if opt.Date != "" && opt.To != "" {
		return nil
	}
	head, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	line := string(head)
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	sep := ","
	if strings.Contains(line, "\t") {
		sep = "\t"
	}
	cols := map[string]bool{}
	for _, c := range strings.Split(strings.TrimPrefix(line, "\ufeff"), sep) {
		cols[strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))] = true
	}
	var missing []string
	if opt.Date == "" && !cols["date"] {
		missing = append(missing, "travel date (--date or a date column)")
	}
	if opt.To == "" && !cols["destination"] {
		missing = append(missing, "destination (--to or a destination column)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: the manifest gives no %s; without them no passenger can be judged", ErrNoTrip, strings.Join(missing, " and no "))
	}
	return nil
}

func check(ctx context.Context, ch *rules.Checker, opt Options, b screening.BatchResult) Row {
	row := Row{Line: b.Row.Line, Name: b.Row.Query.Name}
	err := b.Row.Err
	trip := rules.Trip{To: opt.To, From: opt.From}
	date := opt.Date
	if err == nil {
		if v := b.Row.Extra["date"]; v != "" {
			date = v
		}
		if v := b.Row.Extra["destination"]; v != "" {
			if trip.To, err = CountryCode(v); err != nil {
				err = fmt.Errorf("destination: %w", err)
			}
		}
		if v := b.Row.Extra["origin"]; v != "" && err == nil {
			if trip.From, err = CountryCode(v); err != nil {
				err = fmt.Errorf("origin: %w", err)
			}
		}
		if date != "" && err == nil {
			if trip.Date, err = rules.ParsePeriod(date); err != nil {
				err = fmt.Errorf("date: %w", err)
			}
		}
	}
	if b.Row.Err == nil && len(b.Matches) > 0 {
		// The match is reported even when the trip is bad: a listed
		// passenger whose trip cannot be judged is shown as such.
		m := b.Matches[0]
		row.Match = &m
		switch {
		case err != nil:
		case trip.To == "":
			err = errors.New("no destination (give --to or a destination column)")
		case date == "":
			err = errors.New("no date (give --date or a date column)")
		default:
			trip.Subject = m.ID
			row.Verdict, err = ch.Check(ctx, trip)
		}
	}
	if err != nil {
		row.Error = err.Error()
	}
	return row
}
