package rules

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Period is a day, month or year: the precision of a reported date. A
// window (Precision "window") is a stretch of days within which an
// undated trip happened.
type Period struct {
	Start     time.Time `json:"start"` // first day
	End       time.Time `json:"end"`   // last day, inclusive
	Precision string    `json:"precision"`
	Text      string    `json:"text"`
}

// ParsePeriod reads YYYY-MM-DD, YYYY-MM or YYYY, refusing impossible
// dates with a message a user can act on.
func ParsePeriod(s string) (Period, error) {
	bad := func(why string) (Period, error) {
		return Period{}, fmt.Errorf("date %q: %s (want YYYY-MM-DD, YYYY-MM or YYYY)", s, why)
	}
	num := func(part string) (int, bool) {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(part)
		return n, err == nil
	}
	var y, m, d int
	var ok bool
	switch {
	case len(s) == 4:
		y, ok = num(s)
	case len(s) == 7 && s[4] == '-':
		if y, ok = num(s[:4]); ok {
			m, ok = num(s[5:])
		}
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		if y, ok = num(s[:4]); ok {
			if m, ok = num(s[5:7]); ok {
				d, ok = num(s[8:])
			}
		}
	}
	if !ok {
		return bad("not a date")
	}
	if y == 0 {
		return bad("there is no year 0")
	}
	first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	p := Period{Start: first, End: first.AddDate(1, 0, -1), Precision: "year", Text: s}
	if len(s) > 4 {
		if m < 1 || m > 12 {
			return bad(fmt.Sprintf("there is no month %d", m))
		}
		p.Start = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		p.End, p.Precision = p.Start.AddDate(0, 1, -1), "month"
	}
	if len(s) > 7 {
		if last := p.End.Day(); d < 1 || d > last {
			return bad(fmt.Sprintf("%s has no day %d", p.Start.Format("January 2006"), d))
		}
		p.Start = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		p.End, p.Precision = p.Start, "day"
	}
	return p, nil
}

// Window is the period from start to end (inclusive), for a trip known
// only to lie somewhere within it.
func Window(start, end time.Time) Period {
	start, end = civil(start), civil(end)
	return Period{Start: start, End: end, Precision: "window", Text: start.Format(time.DateOnly) + "/" + end.Format(time.DateOnly)}
}

// numDays counts the days of the period.
func (p Period) numDays() int { return daysBetween(p.Start, p.End) + 1 }

// daysBetween counts the days from a to b (b after a gives a positive
// number).
func daysBetween(a, b time.Time) int { return int(civil(b).Sub(civil(a)).Hours()/24 + 0.5) }

// civil is the calendar day of t at midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// runs cuts the period at the given days (the days on which something may
// change) and yields the first day and the length of each run in between,
// so that a check over years costs one step per change, not one per day.
func (p Period) runs(cuts []time.Time) func(yield func(time.Time, int) bool) {
	return func(yield func(time.Time, int) bool) {
		var cs []time.Time
		for _, c := range cuts {
			if c.IsZero() {
				continue
			}
			c = civil(c)
			if c.After(p.Start) && !c.After(p.End) {
				cs = append(cs, c)
			}
		}
		slices.SortFunc(cs, func(a, b time.Time) int { return a.Compare(b) })
		cs = slices.Compact(cs)
		start := p.Start
		for _, c := range append(cs, p.End.AddDate(0, 0, 1)) {
			if n := daysBetween(start, c); n > 0 && !yield(start, n) {
				return
			}
			start = c
		}
	}
}

// describe names a stretch of days for a reason: one day, or first to last.
func describe(start time.Time, n int) string {
	if n <= 1 {
		return start.Format(time.DateOnly)
	}
	return start.Format(time.DateOnly) + " to " + start.AddDate(0, 0, n-1).Format(time.DateOnly)
}
