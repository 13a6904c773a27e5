// Package rules knows which measures (travel ban, asset freeze, arms
// embargo) apply to a listed subject, since when, on what legal basis and
// where, and gives a verdict for a trip. The regimes are data
// (regimes.json, embedded, overridable by a user file); the package does no
// I/O beyond reading that file.
package rules

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
)

//go:embed regimes.json
var defaultRegistry []byte

// Citation is the legal basis of a measure.
type Citation struct {
	Resolution string `json:"resolution"`
	Paragraph  string `json:"paragraph,omitempty"`
	Note       string `json:"note,omitempty"`
	// Verified is false where the maintainers have not checked the date or
	// paragraph against the text; verdicts then say "unverified".
	Verified bool `json:"verified"`
}

// String renders the citation as a lawyer would cite it.
func (c Citation) String() string {
	s := "resolution " + c.Resolution
	if c.Resolution != "" && (c.Resolution[0] < '0' || c.Resolution[0] > '9') {
		s = c.Resolution
	}
	switch {
	case strings.HasPrefix(c.Paragraph, "Annex"):
		s += ", " + c.Paragraph
	case c.Paragraph != "":
		s += ", paragraph " + c.Paragraph
	}
	if !c.Verified {
		s += " (unverified)"
	}
	return s
}

// Status says whether a measure obliges States.
type Status string

const (
	Binding   Status = "binding"
	Vigilance Status = "vigilance" // States called upon to be vigilant and notify
)

// Interval is a period during which a measure applied in one form.
type Interval struct {
	From   string   `json:"from"` // YYYY-MM-DD; empty: since the listing
	To     string   `json:"to"`   // exclusive; empty: still in force
	Status Status   `json:"status"`
	Basis  Citation `json:"basis"`
	// EndUnknown marks a measure that has ended on a day the registry
	// does not know (To is then empty): days after From are unclear.
	EndUnknown bool `json:"end_unknown,omitempty"`
	// parsed From and To (zero when empty), filled by Parse
	from, to time.Time
}

// MeasureRule is one measure of a regime with its history.
type MeasureRule struct {
	Measure   lists.Measure `json:"measure"`
	Intervals []Interval    `json:"intervals"`
}

// Regime is a sanctions regime, such as the UN Iran regime.
type Regime struct {
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	Committee string        `json:"committee"`
	ListTypes []string      `json:"list_types"`
	Measures  []MeasureRule `json:"measures"`
	// OwnNationalsExempt: a State need not refuse its own nationals entry.
	OwnNationalsExempt bool `json:"own_nationals_exempt"`
	// JudicialTransitExempt: the travel ban does not apply to entry or
	// transit necessary for a judicial process.
	JudicialTransitExempt bool `json:"judicial_transit_exempt"`
	// ListEvents are days on which the Council removed or restored the
	// regime's whole list; they date an entry's disappearance or return
	// between two list versions when nothing in the entry does.
	ListEvents []ListEvent `json:"list_events,omitempty"`
	// Note says what the registry knows of the regime beyond its
	// measures (what ended it, what it never had).
	Note string `json:"note,omitempty"`
}

// ListEvent is a change of a regime's whole list on one day.
type ListEvent struct {
	Date  string   `json:"date"` // YYYY-MM-DD
	Kind  string   `json:"kind"` // "removed" (every entry delisted) or "restored" (entries listed again)
	Basis Citation `json:"basis"`
	day   time.Time
}

// List event kinds.
const (
	ListRemoved  = "removed"
	ListRestored = "restored"
)

// SourceRule describes measures that follow from being on a non-UN list.
type SourceRule struct {
	Source   lists.Source  `json:"source"`
	Scope    string        `json:"scope"` // UN, US, EU, GB
	Measures []MeasureRule `json:"measures"`
	Note     string        `json:"note"`
}

// Registry is the set of regimes and source rules.
type Registry struct {
	Regimes []Regime     `json:"regimes"`
	Sources []SourceRule `json:"sources"`
}

// Default is the registry embedded in the binary.
func Default() *Registry {
	r, err := Parse(defaultRegistry)
	if err != nil {
		panic("embedded regimes.json: " + err.Error()) // a build defect, caught by tests
	}
	return r
}

// Load reads a registry file that replaces the embedded one.
func Load(path string) (*Registry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := limits.ReadAll(f, limits.DocumentBytes, "the regime registry")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Parse decodes and validates a registry.
func Parse(b []byte) (*Registry, error) {
	var r Registry
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("regime registry: %w", err)
	}
	for _, g := range r.Regimes {
		if g.Code == "" {
			return nil, fmt.Errorf("regime registry: a regime has no code")
		}
		if err := validateMeasures(g.Code, g.Measures); err != nil {
			return nil, err
		}
		for i, e := range g.ListEvents {
			if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
				return nil, fmt.Errorf("regime registry: %s list event %d: date %q is not YYYY-MM-DD", g.Code, i+1, e.Date)
			}
			if e.Kind != ListRemoved && e.Kind != ListRestored {
				return nil, fmt.Errorf("regime registry: %s list event %d: kind %q (removed or restored)", g.Code, i+1, e.Kind)
			}
		}
	}
	for _, s := range r.Sources {
		if err := validateMeasures(string(s.Source), s.Measures); err != nil {
			return nil, err
		}
	}
	parse := func(ms []MeasureRule) {
		for i := range ms {
			for j := range ms[i].Intervals {
				iv := &ms[i].Intervals[j]
				iv.from, _ = time.Parse(time.DateOnly, iv.From)
				iv.to, _ = time.Parse(time.DateOnly, iv.To)
			}
		}
	}
	for i := range r.Regimes {
		parse(r.Regimes[i].Measures)
		for j := range r.Regimes[i].ListEvents {
			e := &r.Regimes[i].ListEvents[j]
			e.day, _ = time.Parse(time.DateOnly, e.Date)
		}
	}
	for i := range r.Sources {
		parse(r.Sources[i].Measures)
	}
	return &r, nil
}

func validateMeasures(owner string, ms []MeasureRule) error {
	for _, m := range ms {
		for i, iv := range m.Intervals {
			for _, d := range []string{iv.From, iv.To} {
				if d == "" {
					continue
				}
				if _, err := time.Parse(time.DateOnly, d); err != nil {
					return fmt.Errorf("regime registry: %s %s interval %d: date %q is not YYYY-MM-DD", owner, m.Measure, i+1, d)
				}
			}
			if iv.EndUnknown && iv.To != "" {
				return fmt.Errorf("regime registry: %s %s interval %d: end_unknown with an end date", owner, m.Measure, i+1)
			}
			if iv.From != "" && iv.To != "" && iv.To <= iv.From {
				return fmt.Errorf("regime registry: %s %s interval %d ends before it starts", owner, m.Measure, i+1)
			}
			if iv.Status != Binding && iv.Status != Vigilance {
				return fmt.Errorf("regime registry: %s %s interval %d: status %q (binding or vigilance)", owner, m.Measure, i+1, iv.Status)
			}
		}
	}
	return nil
}

// Regime finds a regime by its code.
func (r *Registry) Regime(code string) *Regime {
	for i := range r.Regimes {
		if r.Regimes[i].Code == code {
			return &r.Regimes[i]
		}
	}
	return nil
}

// Source finds the rule of a list source.
func (r *Registry) Source(src lists.Source) *SourceRule {
	for i := range r.Sources {
		if r.Sources[i].Source == src {
			return &r.Sources[i]
		}
	}
	return nil
}

// Measure finds one measure of a regime.
func (g *Regime) Measure(m lists.Measure) *MeasureRule {
	for i := range g.Measures {
		if g.Measures[i].Measure == m {
			return &g.Measures[i]
		}
	}
	return nil
}

// InForce returns the measures of the regime in force on day d.
func (g *Regime) InForce(d time.Time) []ActiveMeasure {
	var out []ActiveMeasure
	for _, m := range g.Measures {
		for _, iv := range m.Intervals {
			if iv.covers(d) {
				out = append(out, ActiveMeasure{Measure: m.Measure, Interval: iv})
			}
		}
	}
	return out
}

// ActiveMeasure is a measure with the interval that applies.
type ActiveMeasure struct {
	Measure  lists.Measure `json:"measure"`
	Interval Interval      `json:"interval"`
}

func (iv Interval) covers(d time.Time) bool {
	return (iv.From == "" || !d.Before(iv.from)) && (iv.To == "" || d.Before(iv.to))
}

// euMembers are the EU Member States, whom an EU travel ban binds.
var euMembers = []string{"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}

// Binds reports whether a measure of the given scope binds destination cc.
func Binds(scope, cc string) bool {
	switch scope {
	case "UN":
		return true
	case "EU":
		return slices.Contains(euMembers, cc)
	default:
		return scope == cc
	}
}

// ScopeText names the States a scope binds.
func ScopeText(scope string) string {
	switch scope {
	case "UN":
		return "all UN Member States"
	case "EU":
		return "EU Member States"
	case "US":
		return "the United States"
	case "GB":
		return "the United Kingdom"
	}
	return scope
}
