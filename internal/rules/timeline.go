package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
)

// A subject's timeline says what its list said of it on every day, read
// from the versions the store holds. A version shows the entry as it
// stood on the publisher's date. Between two versions that agree, the
// state is known. When they differ, the change is dated by the entry
// itself (its listing date, or its last amendment date after the earlier
// version) or by a change of the regime's whole list (a termination, a
// snapback); when nothing dates it, the days in between are unknown and
// carry both states, so that a verdict there is given only if both agree.

// state is the subject's entry on some day: its record, or nil when it was
// not listed. Before its listing date an entry is not listed either, but
// then no travel ban applied to the person for certain: upcoming holds the
// record that lists it later.
type state struct {
	rec      *lists.Subject
	upcoming *lists.Subject
}

// segment is a stretch of days [start, end) with one known state, or with
// an undated change from before to after somewhere inside. A zero start
// means "since ever", a zero end "and after".
type segment struct {
	start, end    time.Time
	before, after state
	known         bool
	why           Reason
}

func (s segment) covers(d time.Time) bool {
	return (s.start.IsZero() || !d.Before(s.start)) && (s.end.IsZero() || d.Before(s.end))
}

// verdictKey sums up the fields of an entry a verdict depends on, so that
// versions differing only in names or addresses count as one state.
func verdictKey(st state) string {
	r := st.rec
	switch {
	case r == nil && st.upcoming != nil:
		return "\x00before listing"
	case r == nil:
		return "\x00absent"
	}
	nats, _ := nationalities(r)
	var ms []string
	for _, m := range r.Measures {
		ms = append(ms, string(m))
	}
	return strings.Join([]string{strings.Join(r.Programs, ","), strings.Join(ms, ","), r.MeasureScope, strings.Join(nats, ","), r.ListedOn}, "|")
}

// changeText says how the verdict-relevant fields changed from a to b.
func changeText(a, b *lists.Subject) string {
	var parts []string
	add := func(field, x, y string) {
		if x != y {
			parts = append(parts, fmt.Sprintf("%s %s → %s", field, orText(x, "none"), orText(y, "none")))
		}
	}
	add("measures", joinMeasures(a.Measures), joinMeasures(b.Measures))
	add("regime", strings.Join(a.Programs, ", "), strings.Join(b.Programs, ", "))
	add("scope", a.MeasureScope, b.MeasureScope)
	na, _ := nationalities(a)
	nb, _ := nationalities(b)
	add("own countries", strings.Join(na, ", "), strings.Join(nb, ", "))
	add("listing date", a.ListedOn, b.ListedOn)
	return strings.Join(parts, "; ")
}

func versionText(v *lists.Version) string {
	return fmt.Sprintf("%s version %d of %s", v.Source, v.ID, v.GeneratedAt.Format(time.DateOnly))
}

func day(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// amendedWithin returns the entry's last amendment day after the earlier
// version (not already among that version's amendments) and no later than
// the later version.
func amendedWithin(earlier, later *lists.Subject, from, to time.Time) (time.Time, bool) {
	var best time.Time
	for _, a := range later.Amended {
		d, ok := day(a)
		if !ok || d.Before(from) || d.After(to) {
			continue
		}
		if earlier != nil && slices.Contains(earlier.Amended, a) {
			continue
		}
		if d.After(best) {
			best = d
		}
	}
	return best, !best.IsZero()
}

// listEvent finds the regime's last whole-list change of the given kind in
// (from, to].
func listEvent(g *Regime, kind string, from, to time.Time) *ListEvent {
	if g == nil {
		return nil
	}
	var best *ListEvent
	for i := range g.ListEvents {
		e := &g.ListEvents[i]
		if e.Kind == kind && e.day.After(from) && !e.day.After(to) && (best == nil || e.day.After(best.day)) {
			best = e
		}
	}
	return best
}

// regimeOf finds the registry's regime for an entry's programmes.
func (c *Checker) regimeOf(r *lists.Subject) *Regime {
	if r == nil {
		return nil
	}
	for _, p := range r.Programs {
		if g := c.Registry.Regime(p); g != nil {
			return g
		}
	}
	return nil
}

// timeline builds the subject's segments from the versions of its source
// (oldest first) and its records in them.
func (c *Checker) timeline(versions []lists.Version, records map[int64]*lists.Subject) []segment {
	var segs []segment
	add := func(s segment) {
		if !s.start.IsZero() && !s.end.IsZero() && !s.start.Before(s.end) {
			return // an empty stretch (two versions on one day)
		}
		// One state across versions reads as one segment.
		if n := len(segs); n > 0 && s.known && segs[n-1].known && verdictKey(segs[n-1].after) == verdictKey(s.before) && segs[n-1].end.Equal(s.start) && s.why.Kind == "listing" && segs[n-1].why.Kind == "listing" {
			segs[n-1].end = s.end
			segs[n-1].why = mergeListing(segs[n-1].why, s.why)
			return
		}
		segs = append(segs, s)
	}
	known := func(start, end time.Time, rec *lists.Subject, why Reason) {
		add(segment{start: start, end: end, before: state{rec: rec}, after: state{rec: rec}, known: true, why: why})
	}
	unknown := func(start, end time.Time, a, b *lists.Subject, why Reason) {
		add(segment{start: start, end: end, before: state{rec: a}, after: state{rec: b}, why: why})
	}
	// beforeListing: the days before the entry's first listing date.
	beforeListing := func(start, end time.Time, rec *lists.Subject) {
		st := state{upcoming: rec}
		add(segment{start: start, end: end, before: st, after: st, known: true,
			why: Reason{Kind: "listing", Text: "listed on " + rec.ListedOn + " (its listing date): not listed before"}})
	}
	var vs []*lists.Version
	for i := range versions {
		vs = append(vs, &versions[i])
	}
	if len(vs) == 0 {
		return nil
	}
	listedReason := func(v *lists.Version, rec *lists.Subject) Reason {
		vv := *v
		if rec == nil {
			return Reason{Kind: "listing", Text: "not on " + versionText(v), Version: &vv, from: v, to: v}
		}
		return Reason{Kind: "listing", Text: "listed in " + versionText(v), Version: &vv, from: v, to: v}
	}

	// Before the first version.
	first, r0 := vs[0], records[vs[0].ID]
	d0 := first.Day()
	switch {
	case r0 != nil:
		if l, ok := day(r0.ListedOn); ok && !l.After(d0) {
			beforeListing(time.Time{}, l, r0)
			known(l, d0, r0, Reason{Kind: "listing", Text: fmt.Sprintf("listed since %s (the listing date in %s)", r0.ListedOn, versionText(first))})
		} else {
			unknown(time.Time{}, d0, nil, r0, Reason{Kind: "listing", Text: fmt.Sprintf("listed in %s, the first version imported, which gives no listing date: whether it was listed before is unknown", versionText(first))})
		}
	default:
		// Listed later: before its listing date it was not listed; between
		// that date and the first version it may have been listed and
		// delisted again, which no version shows.
		var later *lists.Subject
		var laterV *lists.Version
		for _, v := range vs {
			if r := records[v.ID]; r != nil {
				later, laterV = r, v
				break
			}
		}
		l, ok := time.Time{}, false
		if later != nil {
			l, ok = day(later.ListedOn)
		}
		if ok && l.Before(d0) {
			beforeListing(time.Time{}, l, later)
			unknown(l, d0, later, nil, Reason{Kind: "listing", Text: fmt.Sprintf("listed on %s (the listing date in %s) but absent from %s, the first version imported: whether it was listed on a day in between is unknown", later.ListedOn, versionText(laterV), versionText(first))})
		} else {
			known(time.Time{}, d0, nil, listedReason(first, nil))
		}
	}

	// Between consecutive versions.
	for i := 0; i+1 < len(vs); i++ {
		a, b := vs[i], vs[i+1]
		ra, rb := records[a.ID], records[b.ID]
		da, db := a.Day(), b.Day()
		switch {
		case ra == rb || verdictKey(state{rec: ra}) == verdictKey(state{rec: rb}):
			known(da, db, ra, listedReason(a, ra))
		case ra != nil && rb != nil:
			c.dateChange(da, db, a, b, ra, rb, known, unknown)
		case ra != nil: // delisted in between
			if e := listEvent(c.regimeOf(ra), ListRemoved, da, db); e != nil {
				known(da, e.day, ra, listedReason(a, ra))
				basis := e.Basis
				known(e.day, db, nil, Reason{Kind: "listing", Basis: &basis, Text: fmt.Sprintf("listed in %s but absent from %s: the %s list was removed as a whole on %s under %s", versionText(a), versionText(b), c.regimeOf(ra).Name, e.Date, basis)})
			} else {
				known(da, da.AddDate(0, 0, 1), ra, listedReason(a, ra))
				unknown(da.AddDate(0, 0, 1), db, ra, nil, Reason{Kind: "listing", Text: fmt.Sprintf("listed in %s but absent from %s: delisted in between, on a day neither version gives", versionText(a), versionText(b))})
			}
		default: // listed (again) in between
			c.dateListing(da, db, a, b, rb, known, unknown, beforeListing)
		}
	}

	// After the last version: its state holds until a later one says
	// otherwise.
	last := vs[len(vs)-1]
	known(last.Day(), time.Time{}, records[last.ID], listedReason(last, records[last.ID]))
	return segs
}

// dateChange splits the days between two versions whose records differ
// in what a verdict depends on.
func (c *Checker) dateChange(da, db time.Time, a, b *lists.Version, ra, rb *lists.Subject, known func(time.Time, time.Time, *lists.Subject, Reason), unknown func(time.Time, time.Time, *lists.Subject, *lists.Subject, Reason)) {
	change := changeText(ra, rb)
	if d, ok := amendedWithin(ra, rb, da, db); ok {
		until := fmt.Sprintf(", and read so until %s, the day before the amendment that changed it", d.AddDate(0, 0, -1).Format(time.DateOnly))
		known(da, d, ra, Reason{Kind: "listing", Text: "listed in " + versionText(a) + until, Version: a, from: a, to: a, suffix: until})
		known(d, db, rb, Reason{Kind: "amendment", Version: b, Text: fmt.Sprintf("from %s the entry reads as in %s (%s): the change is dated by its amendment of %s, its last amendment after %s",
			d.Format(time.DateOnly), versionText(b), change, d.Format(time.DateOnly), versionText(a))})
		return
	}
	known(da, da.AddDate(0, 0, 1), ra, Reason{Kind: "listing", Text: "listed in " + versionText(a), Version: a, from: a, to: a})
	unknown(da.AddDate(0, 0, 1), db, ra, rb, Reason{Kind: "amendment", Version: b, Text: fmt.Sprintf("the entry changed between %s and %s (%s) and no amendment date in between dates the change",
		versionText(a), versionText(b), change)})
}

// dateListing splits the days between a version without the subject and
// the next one with it.
func (c *Checker) dateListing(da, db time.Time, a, b *lists.Version, rb *lists.Subject, known func(time.Time, time.Time, *lists.Subject, Reason), unknown func(time.Time, time.Time, *lists.Subject, *lists.Subject, Reason), before func(time.Time, time.Time, *lists.Subject)) {
	absent := Reason{Kind: "listing", Text: "not on " + versionText(a), Version: a, from: a, to: a}
	if l, ok := day(rb.ListedOn); ok && l.After(da) && !l.After(db) {
		before(da, l, rb)
		known(l, db, rb, Reason{Kind: "listing", Text: fmt.Sprintf("listed on %s (its listing date in %s)", rb.ListedOn, versionText(b)), Version: b})
		return
	}
	if e := listEvent(c.regimeOf(rb), ListRestored, da, db); e != nil {
		basis := e.Basis
		known(da, e.day, nil, absent)
		known(e.day, db, rb, Reason{Kind: "listing", Basis: &basis, Version: b, Text: fmt.Sprintf("absent from %s, listed again in %s: the %s list was restored as a whole on %s under %s", versionText(a), versionText(b), c.regimeOf(rb).Name, e.Date, basis)})
		return
	}
	if d, ok := amendedWithin(nil, rb, da.AddDate(0, 0, 1), db); ok {
		known(da, d, nil, absent)
		known(d, db, rb, Reason{Kind: "amendment", Version: b, Text: fmt.Sprintf("absent from %s, listed again in %s: dated by the entry's amendment of %s", versionText(a), versionText(b), d.Format(time.DateOnly))})
		return
	}
	known(da, da.AddDate(0, 0, 1), nil, absent)
	unknown(da.AddDate(0, 0, 1), db, nil, rb, Reason{Kind: "listing", Version: b, Text: fmt.Sprintf("absent from %s, listed again in %s: listed in between, on a day neither version gives", versionText(a), versionText(b))})
}

// mergeListing joins two "listed in version …" reasons into one that
// names the first and last version.
func mergeListing(a, b Reason) Reason {
	if b.to == nil {
		return a
	}
	out := a
	if out.from == nil { // "listed since its listing date": keep it, then name the versions
		out.prefix, out.from = a.Text, b.from
	}
	out.to = b.to
	verb := "listed in"
	if strings.HasPrefix(b.Text, "not on") {
		verb = "not on"
	}
	out.Text = fmt.Sprintf("%s every %s version from %d of %s to %d of %s", verb, out.from.Source, out.from.ID, out.from.GeneratedAt.Format(time.DateOnly), out.to.ID, out.to.GeneratedAt.Format(time.DateOnly))
	if out.from.ID == out.to.ID {
		out.Text = verb + " " + versionText(out.from)
	}
	if out.prefix != "" {
		out.Text = out.prefix + ", and " + out.Text
	}
	out.suffix = b.suffix
	out.Text += out.suffix
	v := *out.to
	out.Version = &v
	return out
}
