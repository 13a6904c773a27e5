package rules

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
)

// Verdict is the outcome of a travel check.
type Verdict string

const (
	Violation  Verdict = "violation"
	OwnCountry Verdict = "own_country"
	Exempt     Verdict = "exempt"
	NotBanned  Verdict = "not_banned"
	NotListed  Verdict = "not_listed"
	Unclear    Verdict = "unclear"
)

// Trip is a reported or planned journey of a listed subject.
type Trip struct {
	Subject lists.SubjectID `json:"subject"`
	To      string          `json:"to"`             // ISO alpha-2
	From    string          `json:"from,omitempty"` // ISO alpha-2
	Date    Period          `json:"date"`
	// Judicial marks entry or transit for a judicial process.
	Judicial bool `json:"judicial,omitempty"`
}

// Reason is one step of the reasoning behind a verdict.
type Reason struct {
	// Kind is listing, amendment, measure, scope, own_country, exemption
	// or period.
	Kind    string         `json:"kind"`
	Text    string         `json:"text"`
	Measure lists.Measure  `json:"measure,omitempty"`
	Basis   *Citation      `json:"basis,omitempty"`
	Version *lists.Version `json:"version,omitempty"`
	// Exemption is the exemption a kind "exemption" reason applied.
	Exemption *Exemption `json:"exemption,omitempty"`
	// the versions a listing reason spans, and the text it started from,
	// for joining the reasons of consecutive versions
	from, to       *lists.Version
	prefix, suffix string
}

// Part is a stretch of the trip's period with one verdict: a period over
// which the verdict changes is reported part by part.
type Part struct {
	From    string  `json:"from"` // YYYY-MM-DD
	To      string  `json:"to"`   // YYYY-MM-DD, inclusive
	Verdict Verdict `json:"verdict"`
}

// TravelVerdict is the answer to a travel check.
type TravelVerdict struct {
	Subject lists.SubjectID `json:"subject"`
	Name    string          `json:"name"`
	To      string          `json:"to"`
	From    string          `json:"from,omitempty"`
	Date    string          `json:"date"`
	Verdict Verdict         `json:"verdict"`
	Regime  string          `json:"regime,omitempty"`
	// Binds names the States the travel ban binds ("all UN Member States").
	Binds   string   `json:"binds,omitempty"`
	Reasons []Reason `json:"reasons"`
	// Exemptions are those that applied, each with the register it comes
	// from and the document that publishes it.
	Exemptions []Exemption `json:"exemptions,omitempty"`
	// Parts splits the period where the verdict changes within it (a
	// month, a year, the window of an undated trip); absent when one
	// verdict holds throughout.
	Parts []Part `json:"parts,omitempty"`
}

// ErrUnknownSubject is returned for an ID that no imported version lists.
var ErrUnknownSubject = errors.New("unknown subject")

// Checker gives travel verdicts from the store's history, the regime
// registry and the exemption registers. It is safe for concurrent use.
type Checker struct {
	Lists lists.Store
	// Exemptions is the user's register (may be nil).
	Exemptions ExemptionStore
	// Register is the register of published exemptions (DefaultRegister;
	// may be nil).
	Register *Register
	Registry *Registry
}

// Check gives the verdict for a trip: the subject going to Trip.To at some
// time within Trip.Date (a day, a month, a year or a window). Each day of
// the period is judged by the entry as it stood that day and the measures
// then in force; the verdict is unclear only where the days disagree or an
// undated change of the entry leaves a day undecided.
func (c *Checker) Check(ctx context.Context, trip Trip) (*TravelVerdict, error) {
	if !country.Valid(trip.To) {
		return nil, fmt.Errorf("destination %q is not an ISO 3166-1 alpha-2 country code", trip.To)
	}
	if trip.From != "" && !country.Valid(trip.From) {
		return nil, fmt.Errorf("origin %q is not an ISO 3166-1 alpha-2 country code", trip.From)
	}
	if trip.Date.Start.IsZero() || trip.Date.End.Before(trip.Date.Start) {
		return nil, fmt.Errorf("trip date %q: no period", trip.Date.Text)
	}
	src, _ := trip.Subject.Split()
	versions, err := c.Lists.Versions(ctx, src)
	if err != nil {
		return nil, err
	}
	records, err := c.Lists.SubjectRecords(ctx, trip.Subject)
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("%s: %w (no imported version lists it)", trip.Subject, ErrUnknownSubject)
	}
	var exemptions []Exemption
	if c.Exemptions != nil {
		if exemptions, err = c.Exemptions.Exemptions(ctx, trip.Subject); err != nil {
			return nil, err
		}
	}
	if c.Register != nil {
		exemptions = append(exemptions, c.Register.For(trip.Subject)...)
	}
	return c.decide(trip, versions, records, exemptions), nil
}

// travelBan returns the travel-ban rule that applies to the subject, its
// scope, the regime code and the reason when there is none.
func (c *Checker) travelBan(rec *lists.Subject) (*MeasureRule, *Regime, string, string) {
	src := c.Registry.Source(rec.Source)
	scope := "UN"
	if src != nil {
		scope = src.Scope
	}
	if rec.Source != lists.SourceUN {
		if rec.MeasureScope != "" {
			scope = rec.MeasureScope // the entry says where its measures bind
		}
		if src == nil {
			return nil, nil, scope, fmt.Sprintf("no rule for source %s", rec.Source)
		}
		for i := range src.Measures {
			if src.Measures[i].Measure != lists.MeasureTravelBan {
				continue
			}
			// Measures the entry states for itself override the source's.
			if len(rec.Measures) > 0 && !slices.Contains(rec.Measures, lists.MeasureTravelBan) {
				return nil, nil, scope, fmt.Sprintf("the entry states its measures (%s); no travel ban", joinMeasures(rec.Measures))
			}
			return &src.Measures[i], nil, scope, ""
		}
		return nil, nil, scope, src.Note
	}
	var regime *Regime
	for _, p := range rec.Programs {
		if regime = c.Registry.Regime(p); regime != nil {
			break
		}
	}
	if regime == nil {
		return nil, nil, scope, fmt.Sprintf("regime %v is not in the registry", rec.Programs)
	}
	// Measures the entry states for itself override the regime defaults.
	if len(rec.Measures) > 0 && !slices.Contains(rec.Measures, lists.MeasureTravelBan) {
		return nil, regime, scope, fmt.Sprintf("the entry states its measures (%s); no travel ban", joinMeasures(rec.Measures))
	}
	m := regime.Measure(lists.MeasureTravelBan)
	if m == nil {
		return nil, regime, scope, fmt.Sprintf("the %s regime has no travel ban", regime.Name)
	}
	return m, regime, scope, ""
}

func joinMeasures(ms []lists.Measure) string {
	var s []string
	for _, m := range ms {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// nationalities are the subject's countries; without a stated nationality
// the issuing countries of its passports stand in.
func nationalities(rec *lists.Subject) ([]string, string) {
	out := slices.Concat(rec.Nationalities, rec.Citizenships)
	if len(out) > 0 {
		return out, "nationality"
	}
	for _, d := range rec.Documents {
		if d.Country != "" && strings.Contains(strings.ToLower(d.Type), "passport") && !slices.Contains(out, d.Country) {
			out = append(out, d.Country)
		}
	}
	return out, "passport issued by"
}

// finding is the verdict on one day under one state of the entry, with
// the reasons for it.
type finding struct {
	verdict   Verdict
	reasons   []Reason
	regime    *Regime
	binds     string
	exemption *Exemption
}

// judgeDay gives the verdict for the trip on day d had the entry read rec
// (nil: not listed).
func (c *Checker) judgeDay(trip Trip, st state, d time.Time, exemptions []Exemption) finding {
	rec := st.rec
	if rec == nil && st.upcoming != nil {
		f := finding{verdict: NotBanned, reasons: []Reason{{Kind: "listing", Text: fmt.Sprintf("not yet listed on %s: no travel ban applied to the person before the listing date, %s", d.Format(time.DateOnly), st.upcoming.ListedOn)}}}
		if nats, how := nationalities(st.upcoming); slices.Contains(nats, trip.To) {
			// the lasting reason: no ban ever keeps a person out of their
			// own country, listed or not
			f.verdict = OwnCountry
			f.reasons = append(f.reasons, Reason{Kind: "own_country", Text: fmt.Sprintf("%s is the subject's own country (%s %s): a State need not refuse its own nationals entry", trip.To, how, trip.To)})
		}
		return f
	}
	if rec == nil {
		return finding{verdict: NotListed}
	}
	rule, regime, scope, none := c.travelBan(rec)
	f := finding{regime: regime}
	measure := func(text string, basis *Citation) Reason {
		return Reason{Kind: "measure", Measure: lists.MeasureTravelBan, Text: text, Basis: basis}
	}
	if rule == nil {
		f.verdict = NotBanned
		f.reasons = []Reason{measure(none, nil)}
		return f
	}
	var iv *Interval
	for i := range rule.Intervals {
		if rule.Intervals[i].covers(d) {
			iv = &rule.Intervals[i]
			break
		}
	}
	if iv == nil {
		f.verdict = NotBanned
		f.reasons = []Reason{measure("no travel ban was in force on "+d.Format(time.DateOnly)+gaps(rule), nil)}
		return f
	}
	basis := iv.Basis
	if iv.EndUnknown {
		f.verdict = Unclear
		f.reasons = []Reason{measure(fmt.Sprintf("travel ban binding from %s under %s%s; it has ended on a day the registry does not know, so whether it bound on %s is unclear", iv.From, basis, noteSuffixText(basis.Note), d.Format(time.DateOnly)), &basis)}
		return f
	}
	if iv.Status == Vigilance {
		f.verdict = NotBanned
		f.reasons = []Reason{measure(fmt.Sprintf("%s only vigilance and notification were required (%s)%s: no obligation to refuse entry", spanText(*iv), basis, noteSuffixText(basis.Note)), &basis)}
		return f
	}
	f.reasons = []Reason{measure(fmt.Sprintf("travel ban binding %s under %s%s", spanText(*iv), basis, noteSuffixText(basis.Note)), &basis)}
	f.binds = ScopeText(scope)
	if !Binds(scope, trip.To) {
		f.verdict = NotBanned
		f.reasons = append(f.reasons, Reason{Kind: "scope", Text: fmt.Sprintf("the travel ban binds %s; %s is not one of them", ScopeText(scope), trip.To)})
		return f
	}
	f.reasons = append(f.reasons, Reason{Kind: "scope", Text: fmt.Sprintf("the travel ban binds %s, %s included", ScopeText(scope), trip.To)})
	if regime == nil || regime.OwnNationalsExempt {
		if nats, how := nationalities(rec); slices.Contains(nats, trip.To) {
			f.verdict = OwnCountry
			f.reasons = append(f.reasons, Reason{Kind: "own_country", Text: fmt.Sprintf("%s is the subject's own country (%s %s): a State need not refuse its own nationals entry", trip.To, how, trip.To)})
			return f
		}
	}
	if trip.Judicial && regime != nil && regime.JudicialTransitExempt {
		f.verdict = Exempt
		f.reasons = append(f.reasons, Reason{Kind: "exemption", Text: "entry or transit for a judicial process is excepted by the " + regime.Name + " regime"})
		return f
	}
	for i := range exemptions {
		if e := &exemptions[i]; e.covers(trip.Subject, trip.To, d) {
			f.verdict, f.exemption = Exempt, e
			f.reasons = append(f.reasons, Reason{Kind: "exemption", Text: exemptionText(*e), Exemption: e})
			return f
		}
	}
	f.verdict = Violation
	return f
}

// spanText says when an interval applied, without claiming it lasts "to
// today": whether the entry still carries the measure is the timeline's
// business.
func spanText(iv Interval) string {
	switch {
	case iv.From == "" && iv.To == "":
		return "since the listing"
	case iv.To == "":
		return "since " + iv.From
	case iv.From == "":
		return "until " + iv.To
	}
	return "from " + iv.From + " until " + iv.To
}

func noteSuffixText(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// judgedRun is one run of days of the trip with its verdict.
type judgedRun struct {
	start    time.Time
	n        int
	verdict  Verdict
	findings []finding // one, or two for a day an undated change leaves open
	seg      *segment
}

func (c *Checker) decide(trip Trip, versions []lists.Version, records map[int64]*lists.Subject, exemptions []Exemption) *TravelVerdict {
	segs := c.timeline(versions, records)
	v := &TravelVerdict{Subject: trip.Subject, To: trip.To, From: trip.From, Date: trip.Date.Text}

	// The days on which something may change: the entry, a measure's
	// interval, an exemption.
	var cuts []time.Time
	seen := map[*lists.Subject]bool{}
	for _, s := range segs {
		cuts = append(cuts, s.start, s.end)
		for _, r := range []*lists.Subject{s.before.rec, s.after.rec} {
			if r == nil || seen[r] {
				continue
			}
			seen[r] = true
			if rule, _, _, _ := c.travelBan(r); rule != nil {
				for _, iv := range rule.Intervals {
					cuts = append(cuts, iv.from, iv.to)
				}
			}
		}
	}
	for _, e := range exemptions {
		if d, ok := day(e.From); ok {
			cuts = append(cuts, d)
		}
		if d, ok := day(e.To); ok {
			cuts = append(cuts, d.AddDate(0, 0, 1))
		}
	}

	var runs []judgedRun
	for d, n := range trip.Date.runs(cuts) {
		i := slices.IndexFunc(segs, func(s segment) bool { return s.covers(d) })
		if i < 0 { // no version at all: cannot happen with records present
			runs = append(runs, judgedRun{start: d, n: n, verdict: Unclear})
			continue
		}
		s := &segs[i]
		r := judgedRun{start: d, n: n, seg: s, findings: []finding{c.judgeDay(trip, s.before, d, exemptions)}}
		r.verdict = r.findings[0].verdict
		if !s.known {
			fb := c.judgeDay(trip, s.after, d, exemptions)
			r.findings = append(r.findings, fb)
			// Undecided only if the change matters: a violation under one
			// state and not under the other.
			r.verdict = combine([]Part{{Verdict: r.verdict}, {Verdict: fb.verdict}})
		}
		runs = append(runs, r)
	}

	// The name as the entry read at the start of the period (or as first
	// listed after it).
	for _, r := range runs {
		for _, st := range []state{r.seg.before, r.seg.after} {
			for _, rec := range []*lists.Subject{st.rec, st.upcoming} {
				if rec != nil && v.Name == "" {
					v.Name = rec.PrimaryName()
				}
			}
		}
	}
	if v.Name == "" {
		for _, ver := range slices.Backward(versions) {
			if rec := records[ver.ID]; rec != nil {
				v.Name = rec.PrimaryName()
				break
			}
		}
	}

	// Reasons: how the list stood, then why each part has its verdict.
	seenText := map[string]bool{}
	addReason := func(r Reason) {
		if r.Text != "" && !seenText[r.Text] {
			seenText[r.Text] = true
			v.Reasons = append(v.Reasons, r)
		}
	}
	var lastSeg *segment
	for _, r := range runs {
		if r.seg != nil && r.seg != lastSeg {
			addReason(r.seg.why)
			lastSeg = r.seg
		}
	}
	for _, r := range runs {
		for _, f := range r.findings {
			for _, x := range f.reasons {
				addReason(x)
			}
			if v.Regime == "" && f.regime != nil {
				v.Regime = f.regime.Code
			}
			if v.Binds == "" {
				v.Binds = f.binds
			}
			if f.exemption != nil && !slices.ContainsFunc(v.Exemptions, func(e Exemption) bool { return e.Key() == f.exemption.Key() }) {
				v.Exemptions = append(v.Exemptions, *f.exemption)
			}
		}
		if len(r.findings) == 2 && r.findings[0].verdict != r.findings[1].verdict {
			addReason(Reason{Kind: "period", Text: fmt.Sprintf("%s: %s under the entry as it stood before the undated change, %s after it", describe(r.start, r.n), r.findings[0].verdict, r.findings[1].verdict)})
		}
	}

	// The verdict, part by part.
	var parts []Part
	for _, r := range runs {
		last := r.start.AddDate(0, 0, r.n-1).Format(time.DateOnly)
		if n := len(parts); n > 0 && parts[n-1].Verdict == r.verdict {
			parts[n-1].To = last
			continue
		}
		parts = append(parts, Part{From: r.start.Format(time.DateOnly), To: last, Verdict: r.verdict})
	}
	v.Verdict = combine(parts)
	if len(parts) > 1 {
		v.Parts = parts
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString("; ")
			}
			if p.From == p.To {
				fmt.Fprintf(&b, "%s %s", p.From, p.Verdict)
			} else {
				fmt.Fprintf(&b, "%s to %s %s", p.From, p.To, p.Verdict)
			}
		}
		addReason(Reason{Kind: "period", Text: fmt.Sprintf("the verdict changes within %s: %s", trip.Date.Text, b.String())})
	}
	if v.Verdict == Exempt && len(v.Exemptions) == 0 && !trip.Judicial {
		v.Verdict = Unclear // cannot happen: an exempt day names its exemption
	}
	return v
}

// combine gives the verdict of a period from its parts: one verdict when
// all agree; unclear when a part is a violation (or unclear) and another
// is not; otherwise the strongest reason no day was a violation.
func combine(parts []Part) Verdict {
	if len(parts) == 0 {
		return Unclear
	}
	if len(parts) == 1 {
		return parts[0].Verdict
	}
	has := map[Verdict]bool{}
	for _, p := range parts {
		has[p.Verdict] = true
	}
	if has[Violation] || has[Unclear] {
		return Unclear
	}
	for _, v := range []Verdict{Exempt, OwnCountry, NotBanned, NotListed} {
		if has[v] {
			return v
		}
	}
	return Unclear
}

// gaps describes when a travel ban was in force, for a "not in force" reason.
func gaps(rule *MeasureRule) string {
	var parts []string
	for _, iv := range rule.Intervals {
		if iv.Status == Binding {
			parts = append(parts, fmt.Sprintf("%s (%s)", spanText(iv), iv.Basis))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; it was binding " + strings.Join(parts, "; ")
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// exemptionText says which exemption applied, what it covers and where
// it is published.
func exemptionText(e Exemption) string {
	text := fmt.Sprintf("%s covers %s from %s to %s", e.Label(), strings.Join(orAll(e.Destinations), ", "), orText(e.From, "any date"), orText(e.To, "any date"))
	if e.Purpose != "" {
		text += " for " + e.Purpose
	}
	if e.Source != "" {
		text += "; source: " + e.Source
	}
	return text + noteText(e.Note)
}

func orAll(dest []string) []string {
	if len(dest) == 0 {
		return []string{"any destination"}
	}
	return dest
}

func noteText(n string) string {
	if n == "" {
		return ""
	}
	return " (" + n + ")"
}
