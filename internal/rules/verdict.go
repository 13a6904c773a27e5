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
	Kind    string         `json:"kind"` // listing, measure, scope, own_country, exemption, period
	Text    string         `json:"text"`
	Measure lists.Measure  `json:"measure,omitempty"`
	Basis   *Citation      `json:"basis,omitempty"`
	Version *lists.Version `json:"version,omitempty"`
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
	// Exemptions are those that applied (verdict exempt), each with the
	// register it comes from and the document that publishes it.
	Exemptions []Exemption `json:"exemptions,omitempty"`
}

// ErrUnknownSubject is returned for an ID that no imported version lists.
var ErrUnknownSubject = errors.New("unknown subject")

// Checker gives travel verdicts from the store's history and the registry.
type Checker struct {
	Lists      lists.Store
	Exemptions ExemptionStore
	Registry   *Registry
}

// listingState says whether the subject was listed on one day, and why.
type listingState struct {
	listed, certain bool
	reason          Reason
}

// Check gives the verdict for a trip.
func (c *Checker) Check(ctx context.Context, trip Trip) (*TravelVerdict, error) {
	if !country.Valid(trip.To) {
		return nil, fmt.Errorf("destination %q is not an ISO 3166-1 alpha-2 country code", trip.To)
	}
	if trip.From != "" && !country.Valid(trip.From) {
		return nil, fmt.Errorf("origin %q is not an ISO 3166-1 alpha-2 country code", trip.From)
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
	return c.decide(trip, versions, records, exemptions), nil
}

// nearestRecord picks the record of the version in force at d, else the
// latest before, else the earliest.
func nearestRecord(versions []lists.Version, records map[int64]*lists.Subject, d time.Time) *lists.Subject {
	var best *lists.Subject
	for _, v := range versions {
		if r, ok := records[v.ID]; ok {
			if best == nil || !v.GeneratedAt.After(endOfDay(d)) {
				best = r
			}
		}
	}
	return best
}

func endOfDay(d time.Time) time.Time { return d.Add(24*time.Hour - time.Nanosecond) }

// listedOn reads the listing status on day d from the versions around it.
func listedOn(versions []lists.Version, records map[int64]*lists.Subject, rec *lists.Subject, d time.Time) listingState {
	var before, after *lists.Version
	for i := range versions {
		v := &versions[i]
		if !v.GeneratedAt.After(endOfDay(d)) {
			before = v
		} else if after == nil {
			after = v
		}
	}
	day := d.Format(time.DateOnly)
	if rec.ListedOn != "" && day < rec.ListedOn {
		return listingState{false, true, Reason{Kind: "listing", Text: fmt.Sprintf("not yet listed on %s: listed on %s", day, rec.ListedOn)}}
	}
	if before == nil {
		// Before the first imported version: the record's listing date.
		if rec.ListedOn != "" && after != nil {
			if _, ok := records[after.ID]; ok {
				v := *after
				return listingState{true, true, Reason{Kind: "listing", Text: fmt.Sprintf("listed since %s (listing date in %s version %d of %s)", rec.ListedOn, v.Source, v.ID, v.GeneratedAt.Format(time.DateOnly)), Version: &v}}
			}
		}
		return listingState{false, false, Reason{Kind: "listing", Text: "no list version imported from before " + day + " and no listing date"}}
	}
	v := *before
	_, inBefore := records[before.ID]
	var inAfter bool
	if after != nil {
		_, inAfter = records[after.ID]
	}
	gen := v.GeneratedAt.Format(time.DateOnly)
	switch {
	case inBefore && (after == nil || inAfter):
		return listingState{true, true, Reason{Kind: "listing", Text: fmt.Sprintf("listed in %s version %d of %s", v.Source, v.ID, gen), Version: &v}}
	case inBefore:
		return listingState{true, false, Reason{Kind: "listing", Text: fmt.Sprintf("listed in %s version %d of %s but absent from version %d of %s: delisted in between", v.Source, v.ID, gen, after.ID, after.GeneratedAt.Format(time.DateOnly)), Version: &v}}
	case after != nil && inAfter:
		return listingState{false, false, Reason{Kind: "listing", Text: fmt.Sprintf("absent from %s version %d of %s, listed again in version %d of %s: relisted in between", v.Source, v.ID, gen, after.ID, after.GeneratedAt.Format(time.DateOnly)), Version: &v}}
	default:
		return listingState{false, true, Reason{Kind: "listing", Text: fmt.Sprintf("not on %s version %d of %s", v.Source, v.ID, gen), Version: &v}}
	}
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

func (c *Checker) decide(trip Trip, versions []lists.Version, records map[int64]*lists.Subject, exemptions []Exemption) *TravelVerdict {
	rec := nearestRecord(versions, records, trip.Date.Start)
	v := &TravelVerdict{Subject: trip.Subject, Name: rec.PrimaryName(), To: trip.To, From: trip.From, Date: trip.Date.Text}
	nDays := trip.Date.numDays()

	// 1. Listing over the period.
	listedDays, uncertainDays := 0, 0
	var listReasons []Reason
	seen := map[string]bool{}
	// The state changes only at version dates and the listing date:
	// remember it per (version before, version after, before listing).
	type stateKey struct {
		before int
		early  bool
	}
	memo := map[stateKey]listingState{}
	vi := 0
	listedOnDay, errListed := time.Parse(time.DateOnly, rec.ListedOn)
	cuts := []time.Time{listedOnDay}
	for _, ver := range versions {
		cuts = append(cuts, ver.GeneratedAt)
	}
	for d, n := range trip.Date.runs(cuts) {
		for vi < len(versions) && !versions[vi].GeneratedAt.After(endOfDay(d)) {
			vi++
		}
		k := stateKey{vi, errListed == nil && d.Before(listedOnDay)}
		st, ok := memo[k]
		if !ok {
			st = listedOn(versions, records, rec, d)
			memo[k] = st
		}
		if st.listed {
			listedDays += n
		}
		if !st.certain {
			uncertainDays += n
		}
		if !seen[st.reason.Text] && len(listReasons) < 3 {
			seen[st.reason.Text] = true
			listReasons = append(listReasons, st.reason)
		}
	}
	v.Reasons = append(v.Reasons, listReasons...)
	if listedDays == 0 && uncertainDays == 0 {
		v.Verdict = NotListed
		return v
	}

	// 2. The travel ban that applies, and when it was in force.
	rule, regime, scope, none := c.travelBan(rec)
	if regime != nil {
		v.Regime = regime.Code
	}
	if rule == nil {
		v.Verdict = NotBanned
		v.Reasons = append(v.Reasons, Reason{Kind: "measure", Measure: lists.MeasureTravelBan, Text: none})
		return v
	}
	v.Binds = ScopeText(scope)
	bindingDays := 0
	var cited []Interval
	var ivCuts []time.Time
	for _, iv := range rule.Intervals {
		ivCuts = append(ivCuts, iv.from, iv.to)
	}
	for d, n := range trip.Date.runs(ivCuts) {
		for _, iv := range rule.Intervals {
			if iv.covers(d) {
				if iv.Status == Binding {
					bindingDays += n
				}
				if !slices.ContainsFunc(cited, func(x Interval) bool { return x == iv }) {
					cited = append(cited, iv)
				}
				break
			}
		}
	}
	for _, iv := range cited {
		basis := iv.Basis
		text := fmt.Sprintf("travel ban %s from %s to %s under %s", iv.Status, orText(iv.From, "the listing"), orText(iv.To, "today"), basis)
		if iv.Status == Vigilance {
			text = fmt.Sprintf("from %s to %s only vigilance and notification were required (%s): no obligation to refuse entry", orText(iv.From, "the listing"), orText(iv.To, "today"), basis)
		}
		if basis.Note != "" {
			text += ": " + basis.Note
		}
		v.Reasons = append(v.Reasons, Reason{Kind: "measure", Measure: lists.MeasureTravelBan, Text: text, Basis: &basis})
	}
	if bindingDays == 0 {
		v.Verdict = NotBanned
		if len(cited) == 0 {
			v.Reasons = append(v.Reasons, Reason{Kind: "measure", Measure: lists.MeasureTravelBan, Text: "no travel ban was in force on " + trip.Date.Text + gaps(rule)})
		}
		return v
	}

	// 3. Whom the ban binds.
	if !Binds(scope, trip.To) {
		v.Verdict = NotBanned
		v.Reasons = append(v.Reasons, Reason{Kind: "scope", Text: fmt.Sprintf("the travel ban binds %s; %s is not one of them", ScopeText(scope), trip.To)})
		return v
	}
	v.Reasons = append(v.Reasons, Reason{Kind: "scope", Text: fmt.Sprintf("the travel ban binds %s, %s included", ScopeText(scope), trip.To)})

	// 4. Standing exemptions.
	if regime == nil || regime.OwnNationalsExempt {
		if nats, how := nationalities(rec); slices.Contains(nats, trip.To) {
			v.Verdict = OwnCountry
			v.Reasons = append(v.Reasons, Reason{Kind: "own_country", Text: fmt.Sprintf("%s is the subject's own country (%s %s): a State need not refuse its own nationals entry", trip.To, how, trip.To)})
			return v
		}
	}
	if trip.Judicial && regime != nil && regime.JudicialTransitExempt {
		v.Verdict = Exempt
		v.Reasons = append(v.Reasons, Reason{Kind: "exemption", Text: "entry or transit for a judicial process is excepted by the " + regime.Name + " regime"})
		return v
	}
	for _, e := range exemptions {
		if e.Covers(trip) {
			v.Verdict = Exempt
			v.Exemptions = append(v.Exemptions, e)
			v.Reasons = append(v.Reasons, Reason{Kind: "exemption", Text: exemptionText(e)})
			return v
		}
	}

	// 5. Whole period or part of it.
	switch {
	case bindingDays < nDays:
		v.Verdict = Unclear
		v.Reasons = append(v.Reasons, Reason{Kind: "period", Text: fmt.Sprintf("the travel ban was binding for %d of the %d days of %s", bindingDays, nDays, trip.Date.Text)})
	case uncertainDays > 0 || listedDays < nDays:
		v.Verdict = Unclear
		v.Reasons = append(v.Reasons, Reason{Kind: "period", Text: fmt.Sprintf("listing is certain for only part of %s", trip.Date.Text)})
	default:
		v.Verdict = Violation
	}
	return v
}

// gaps describes when a travel ban was in force, for a "not in force" reason.
func gaps(rule *MeasureRule) string {
	var parts []string
	for _, iv := range rule.Intervals {
		if iv.Status == Binding {
			parts = append(parts, fmt.Sprintf("%s to %s (%s)", orText(iv.From, "listing"), orText(iv.To, "today"), iv.Basis))
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
