// Package alerts turns reported trips whose verdict is a violation (or
// unclear) into alerts for analysts to review. Reports of the same subject
// in the same country within the same date window, from several articles,
// become one alert holding several pieces of evidence. Every change is
// written to an audit log.
package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
)

// Status is where an alert stands in review.
type Status string

const (
	Open      Status = "open"
	Confirmed Status = "confirmed"
	Dismissed Status = "dismissed"
)

// ParseStatus accepts open, confirmed or dismissed.
func ParseStatus(s string) (Status, error) {
	switch Status(s) {
	case Open, Confirmed, Dismissed:
		return Status(s), nil
	}
	return "", fmt.Errorf("status %q: want open, confirmed or dismissed", s)
}

// Evidence is one report supporting an alert.
type Evidence struct {
	ID     int64  `json:"id"`
	Source string `json:"source"`        // article URL, else its title
	URL    string `json:"url,omitempty"` // canonical URL of the article
	// Outlet is who published the report (the URL's registrable domain);
	// an alert counts its distinct outlets as corroboration.
	Outlet    string    `json:"outlet,omitempty"`
	ArticleID int64     `json:"article_id,omitempty"`
	Title     string    `json:"title,omitempty"`
	Published string    `json:"published,omitempty"`
	Quote     string    `json:"quote"`
	Place     string    `json:"place"`
	Date      string    `json:"date,omitempty"`
	Verdict   string    `json:"verdict"`
	Reasons   []string  `json:"reasons"`
	AddedAt   time.Time `json:"added_at"`
	// Copies are syndicated copies of the article (near-identical text at
	// other URLs): recorded, not counted as corroboration.
	Copies []Copy `json:"copies,omitempty"`
}

// Copy is a syndicated copy of an evidence's article.
type Copy struct {
	URL    string `json:"url"`
	Outlet string `json:"outlet"`
	Title  string `json:"title,omitempty"`
}

// Key is what makes two pieces of evidence the same report: the article
// (its canonical URL, else the source) and the quoted sentence, spaces and
// case aside. Filing the same report again adds nothing.
func (e Evidence) Key() string {
	src := e.URL
	if src == "" {
		src = e.Source
	}
	h := sha256.Sum256([]byte(src + "\n" + strings.Join(strings.Fields(strings.ToLower(e.Quote)), " ")))
	return hex.EncodeToString(h[:16])
}

// Alert is a suspected breach of a travel ban.
type Alert struct {
	ID        int64           `json:"id"`
	Subject   lists.SubjectID `json:"subject"`
	Name      string          `json:"name"`
	Regime    string          `json:"regime,omitempty"`
	Country   string          `json:"country"`
	Date      string          `json:"date,omitempty"` // the trip's date as reported (may be empty)
	Verdict   string          `json:"verdict"`
	Status    Status          `json:"status"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
	// Outlets is how many distinct outlets reported the trip.
	Outlets  int          `json:"outlets"`
	Evidence []Evidence   `json:"evidence,omitempty"`
	Audit    []AuditEntry `json:"audit,omitempty"`
	// ListChange says what the latest list version changed for the
	// subject since the alert was raised (filled on read).
	ListChange string `json:"list_change,omitempty"`
	// VersionID is the list version the alert was raised against.
	VersionID int64 `json:"version_id,omitempty"`
}

// AuditEntry records one change to an alert.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"` // created, evidence, review, rejudged
	From   Status    `json:"from,omitempty"`
	To     Status    `json:"to,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// Filter selects alerts.
type Filter struct {
	Status  Status
	Regime  string
	Country string
	Subject lists.SubjectID
	Limit   int
}

// Report is a trip found by a scan, to be filed.
type Report struct {
	Subject   lists.SubjectID
	Name      string
	Regime    string
	Country   string
	Date      string // YYYY-MM-DD, YYYY-MM, YYYY or ""
	Verdict   string
	VersionID int64
	Evidence  Evidence
}

// ErrNotFound is returned for an unknown alert.
var ErrNotFound = errors.New("alert not found")

// Filed says what filing a report did.
type Filed int

const (
	Repeated Filed = iota // the same report was already on the alert: nothing changed
	Created               // a new alert was opened
	Added                 // new evidence was added to an existing alert
)

// Kind names an alert event.
type Kind string

const (
	EventCreated  Kind = "alert.created"
	EventEvidence Kind = "alert.evidence"
	EventVerdict  Kind = "alert.verdict"
	EventStatus   Kind = "alert.status"
)

// Event is a change to an alert that hooks are told about. Events are
// written in the same transaction as the change (an outbox), so none is
// lost when a process dies before sending it.
type Event struct {
	ID      int64     `json:"id"`
	AlertID int64     `json:"alert_id"`
	Kind    Kind      `json:"type"`
	Detail  string    `json:"detail,omitempty"`
	At      time.Time `json:"at"`
	Alert   Alert     `json:"alert"` // as it stands when loaded
}

// Store keeps alerts, their evidence and their audit log.
type Store interface {
	// FileReport adds the report to the alert of the same subject, country
	// and date window, or opens a new alert; a report already on the alert
	// (same Evidence.Key) is not repeated. The alert returned holds only
	// the evidence this report added (none when Repeated): Alert reads it
	// whole.
	FileReport(ctx context.Context, r Report, actor string) (Alert, Filed, error)
	Alerts(ctx context.Context, f Filter) ([]Alert, error)
	Alert(ctx context.Context, id int64) (Alert, error)
	Review(ctx context.Context, id int64, to Status, actor, note string) (Alert, error)
	// Rejudge records a new verdict for an alert, with the reason, in the
	// audit trail.
	Rejudge(ctx context.Context, id int64, verdict, actor, note string) (Alert, error)
	// PendingEvents are events no delivery has been queued for yet, oldest
	// first; MarkDispatched records that deliveries were queued.
	PendingEvents(ctx context.Context, limit int) ([]Event, error)
	MarkDispatched(ctx context.Context, ids []int64) error
}

// SameWindow reports whether two reported dates can be the same trip: equal,
// one unknown, or within 31 days of each other at their precision.
func SameWindow(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	sa, ea, okA := bounds(a)
	sb, eb, okB := bounds(b)
	if !okA || !okB {
		return false
	}
	slack := 31 * 24 * time.Hour
	return !sa.After(eb.Add(slack)) && !sb.After(ea.Add(slack))
}

func bounds(d string) (time.Time, time.Time, bool) {
	for _, f := range []struct {
		layout string
		add    func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if len(d) == len(f.layout) {
			if t, err := time.Parse(f.layout, d); err == nil {
				return t, f.add(t), true
			}
		}
	}
	return time.Time{}, time.Time{}, false
}

// ListChange describes what changed for a subject between the version an
// alert was raised against and the latest one.
func ListChange(ctx context.Context, st lists.Store, a Alert) (string, error) {
	view, err := lists.ShowEntity(ctx, st, a.Subject, time.Time{})
	if err != nil {
		return "", err
	}
	if !view.Listed {
		if len(view.Periods) > 0 {
			if last := view.Periods[len(view.Periods)-1]; last.RemovedIn != nil {
				return fmt.Sprintf("delisted: absent from %s version %d (generated %s)", last.RemovedIn.Source, last.RemovedIn.ID, last.RemovedIn.GeneratedAt.Format(time.DateOnly)), nil
			}
		}
		return "not on the latest list version", nil
	}
	if a.VersionID == 0 || view.Version == nil || view.Version.ID == a.VersionID {
		return "", nil
	}
	records, err := st.SubjectRecords(ctx, a.Subject)
	if err != nil {
		return "", err
	}
	old, ok := records[a.VersionID]
	if !ok {
		return "", nil
	}
	changes := lists.FieldChanges(old, view.Subject)
	if len(changes) == 0 {
		return "", nil
	}
	var fields []string
	for _, c := range changes {
		fields = append(fields, c.Field)
	}
	return fmt.Sprintf("changed in %s version %d: %v", view.Version.Source, view.Version.ID, fields), nil
}
