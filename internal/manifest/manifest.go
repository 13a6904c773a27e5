// Package manifest checks a passenger manifest the way airlines and border
// officers enforce travel bans: every passenger is screened against the
// lists, and a match gets the travel verdict for the trip.
package manifest

import (
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
}

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
		return emit(row)
	}, opt.Progress)
	if sum.Flagged == nil {
		sum.Flagged = []Row{}
	}
	return sum, err
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
	if err == nil && len(b.Matches) > 0 {
		m := b.Matches[0]
		row.Match = &m
		switch {
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
