package rules

import (
	"fmt"
	"slices"
	"time"
)

// Period is a day, month or year: the precision of a reported date.
type Period struct {
	Start     time.Time `json:"start"` // first day
	End       time.Time `json:"end"`   // last day, inclusive
	Precision string    `json:"precision"`
	Text      string    `json:"text"`
}

// ParsePeriod reads YYYY-MM-DD, YYYY-MM or YYYY, refusing impossible dates.
func ParsePeriod(s string) (Period, error) {
	for _, f := range []struct {
		layout, precision string
		add               func(time.Time) time.Time
	}{
		{"2006-01-02", "day", func(t time.Time) time.Time { return t }},
		{"2006-01", "month", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", "year", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if len(s) != len(f.layout) {
			continue
		}
		t, err := time.Parse(f.layout, s)
		if err != nil {
			return Period{}, fmt.Errorf("date %q: %w", s, err)
		}
		return Period{Start: t, End: f.add(t), Precision: f.precision, Text: s}, nil
	}
	return Period{}, fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
}

// numDays counts the days of the period.
func (p Period) numDays() int { return int(p.End.Sub(p.Start).Hours()/24) + 1 }

// runs cuts the period at the given days (the days on which something may
// change) and yields the first day and the length of each run in between,
// so that a check over years costs one step per change, not one per day.
func (p Period) runs(cuts []time.Time) func(yield func(time.Time, int) bool) {
	return func(yield func(time.Time, int) bool) {
		var cs []time.Time
		for _, c := range cuts {
			c = time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, time.UTC)
			if c.After(p.Start) && !c.After(p.End) {
				cs = append(cs, c)
			}
		}
		slices.SortFunc(cs, func(a, b time.Time) int { return a.Compare(b) })
		cs = slices.Compact(cs)
		start := p.Start
		for _, c := range append(cs, p.End.AddDate(0, 0, 1)) {
			n := int(c.Sub(start).Hours()/24 + 0.5)
			if n > 0 && !yield(start, n) {
				return
			}
			start = c
		}
	}
}
