package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vigilhq/vigil/internal/country"
	"github.com/vigilhq/vigil/internal/lists"
)

// Exemption is a committee's decision that a listed subject may travel
// despite the travel ban. It comes either from the register shipped with
// Vigil (decisions the committees published) or from the user's own
// register in the database (decisions notified to them, or typed in).
type Exemption struct {
	// ID numbers a row of the user's register; 0 for a shipped row.
	ID           int64           `json:"id,omitempty"`
	Subject      lists.SubjectID `json:"subject"`
	Destinations []string        `json:"destinations"` // ISO alpha-2; empty: any destination
	From         string          `json:"from"`         // YYYY-MM-DD, first day; empty: open
	To           string          `json:"to"`           // YYYY-MM-DD, last day (inclusive); empty: open
	// Reference is the committee's reference for the decision, or the
	// symbol of the document that records it.
	Reference string `json:"reference"`
	Committee string `json:"committee,omitempty"` // e.g. "1988", "1718"
	Purpose   string `json:"purpose,omitempty"`
	// Source says where the decision is published (press release, letter,
	// committee page: symbol, date, URL), so a verdict can cite it.
	Source    string    `json:"source,omitempty"`
	Note      string    `json:"note,omitempty"`
	Origin    Origin    `json:"origin"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	// CreatedBy is the user (or "cli:" and the account) who recorded it.
	CreatedBy string `json:"created_by,omitempty"`
	// RemovedAt and RemovedBy say who withdrew it and when; a removed
	// exemption is kept for the audit trail and covers no trip.
	RemovedAt *time.Time `json:"removed_at,omitempty"`
	RemovedBy string     `json:"removed_by,omitempty"`
}

// Origin says which register an exemption comes from.
type Origin string

const (
	// FromRegister marks a row of the register shipped with Vigil
	// (read-only; internal/rules/exemptions.json).
	FromRegister Origin = "register"
	// Recorded marks a row of the user's register in the database.
	Recorded Origin = "recorded"
)

// covers reports whether the exemption covers the subject going to dest on
// day d.
func (e Exemption) covers(subject lists.SubjectID, dest string, d time.Time) bool {
	if e.Subject != subject {
		return false
	}
	if len(e.Destinations) > 0 && !slices.Contains(e.Destinations, dest) {
		return false
	}
	day := d.Format(time.DateOnly)
	return (e.From == "" || e.From <= day) && (e.To == "" || day <= e.To)
}

// Covers reports whether the exemption covers the whole trip.
func (e Exemption) Covers(t Trip) bool {
	return e.covers(t.Subject, t.To, t.Date.Start) && e.covers(t.Subject, t.To, t.Date.End)
}

// Label names the exemption for a reason: which register, which decision,
// and where it is published.
func (e Exemption) Label() string {
	var b strings.Builder
	if e.Committee != "" {
		fmt.Fprintf(&b, "the %s Committee's exemption (%s)", e.Committee, e.Reference)
	} else {
		fmt.Fprintf(&b, "exemption %s", e.Reference)
	}
	if e.Origin == Recorded {
		fmt.Fprintf(&b, " in your register (#%d)", e.ID)
	} else {
		b.WriteString(" in Vigil's register of published exemptions")
	}
	return b.String()
}

// Validate checks an exemption the way every entry point needs it: a
// subject, a reference, ISO destinations, real dates in order. It
// upper-cases the destinations and accepts country names for them.
func (e *Exemption) Validate() error {
	if e.Subject == "" {
		return fmt.Errorf("subject is required")
	}
	if _, err := lists.ParseSubjectID(string(e.Subject)); err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	if strings.TrimSpace(e.Reference) == "" {
		return fmt.Errorf("reference is required (the committee's reference for the decision)")
	}
	for i, d := range e.Destinations {
		cc, err := countryCode(d)
		if err != nil {
			return fmt.Errorf("destinations: %w", err)
		}
		e.Destinations[i] = cc
	}
	for _, f := range []struct{ name, v string }{{"from", e.From}, {"to", e.To}} {
		if f.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, f.v); err != nil {
			return fmt.Errorf("%s: %q is not a date (want YYYY-MM-DD)", f.name, f.v)
		}
	}
	if e.From != "" && e.To != "" && e.To < e.From {
		return fmt.Errorf("to (%s) is before from (%s)", e.To, e.From)
	}
	return nil
}

// countryCode accepts an ISO alpha-2 code in any case or a country name.
func countryCode(v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) == 2 && country.Valid(v) {
		return strings.ToUpper(v), nil
	}
	if cc, ok := country.Code(v); ok {
		return cc, nil
	}
	return "", fmt.Errorf("unknown country %q (want an ISO 3166-1 alpha-2 code such as QA)", v)
}

// ExemptionStore keeps the user's register of exemptions. Removing one
// marks it removed by actor (it stays in the store for the audit trail);
// Exemptions lists only those not removed.
type ExemptionStore interface {
	AddExemption(ctx context.Context, e Exemption) (Exemption, error)
	// AddExemptions records several exemptions at once: all or none.
	AddExemptions(ctx context.Context, es []Exemption) ([]Exemption, error)
	// Exemptions lists a subject's exemptions; an empty subject lists all.
	Exemptions(ctx context.Context, subject lists.SubjectID) ([]Exemption, error)
	RemoveExemption(ctx context.Context, id int64, actor string) error
}

// CacheExemptions remembers the exemptions read through it, for a burst of
// checks (a manifest, a batch of articles). Writes through it clear the
// cache; writes by other processes are seen by the next burst.
func CacheExemptions(st ExemptionStore) ExemptionStore { return &cachedExemptions{ExemptionStore: st} }

type cachedExemptions struct {
	ExemptionStore
	mu   sync.Mutex
	seen map[lists.SubjectID][]Exemption
}

func (c *cachedExemptions) Exemptions(ctx context.Context, id lists.SubjectID) ([]Exemption, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.seen[id]; ok {
		return e, nil
	}
	e, err := c.ExemptionStore.Exemptions(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.seen == nil {
		c.seen = map[lists.SubjectID][]Exemption{}
	}
	c.seen[id] = e
	return e, nil
}

func (c *cachedExemptions) forget() {
	c.mu.Lock()
	c.seen = nil
	c.mu.Unlock()
}

func (c *cachedExemptions) AddExemption(ctx context.Context, e Exemption) (Exemption, error) {
	c.forget()
	return c.ExemptionStore.AddExemption(ctx, e)
}

func (c *cachedExemptions) AddExemptions(ctx context.Context, es []Exemption) ([]Exemption, error) {
	c.forget()
	return c.ExemptionStore.AddExemptions(ctx, es)
}

func (c *cachedExemptions) RemoveExemption(ctx context.Context, id int64, actor string) error {
	c.forget()
	return c.ExemptionStore.RemoveExemption(ctx, id, actor)
}

// NewExemptions returns the exemptions of add that have no equal in have
// (same subject, destinations, dates and reference), so that importing a
// register twice records it once.
func NewExemptions(have, add []Exemption) []Exemption {
	key := func(e Exemption) string {
		d := slices.Clone(e.Destinations)
		slices.Sort(d)
		return strings.Join([]string{string(e.Subject), strings.Join(d, ","), e.From, e.To, e.Reference}, "\x00")
	}
	seen := map[string]bool{}
	for _, e := range have {
		seen[key(e)] = true
	}
	var out []Exemption
	for _, e := range add {
		if k := key(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// Key identifies an exemption across the two registers.
func (e Exemption) Key() string {
	return fmt.Sprintf("%s|%d|%s|%s|%s|%s", e.Origin, e.ID, e.Subject, e.From, e.To, e.Reference)
}
