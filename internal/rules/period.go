package rules

import (
	"fmt"
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

// days yields the days of the period.
func (p Period) days(yield func(time.Time) bool) {
	for d := p.Start; !d.After(p.End); d = d.AddDate(0, 0, 1) {
		if !yield(d) {
			return
		}
	}
}

// numDays counts the days of the period.
func (p Period) numDays() int { return int(p.End.Sub(p.Start).Hours()/24) + 1 }
