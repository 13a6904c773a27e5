package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
)

var _ alerts.Store = (*Store)(nil)

// alertColumns include the corroboration count: distinct outlets (or,
// for evidence without one, distinct sources).
const alertColumns = `id, subject_id, name, regime, country, trip_date, verdict, status, version_id, created_at, updated_at,
	(SELECT COUNT(DISTINCT CASE WHEN e.outlet <> '' THEN e.outlet ELSE e.source END) FROM alert_evidence e WHERE e.alert_id = alert.id)`

func scanAlert(row interface{ Scan(...any) error }) (alerts.Alert, error) {
	var a alerts.Alert
	var created, updated, status string
	err := row.Scan(&a.ID, &a.Subject, &a.Name, &a.Regime, &a.Country, &a.Date, &a.Verdict, &status, &a.VersionID, &created, &updated, &a.Outlets)
	if err != nil {
		return a, err
	}
	a.Status = alerts.Status(status)
	if a.CreatedAt, err = parseTime(created); err != nil {
		return a, err
	}
	a.UpdatedAt, err = parseTime(updated)
	return a, err
}

// lockKeys serialises, on PostgreSQL, the transactions that name a key in
// common: filing about one subject in one country (two processes filing
// the same trip at once open one alert), claiming one canonical URL or
// one fingerprint band (two copies fetched at once are told apart).
// Transaction-scoped advisory locks are taken in one round trip, in
// ascending order of their hashes, so two transactions locking
// overlapping sets cannot deadlock. SQLite's write transactions are
// serial already.
func (s *Store) lockKeys(ctx context.Context, tx *sql.Tx, keys ...string) error {
	if s.dialect != postgresDialect || len(keys) == 0 {
		return nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		h := fnv.New64a()
		h.Write([]byte(k))
		ids[i] = int64(h.Sum64())
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	// pg_advisory_xact_lock is volatile, so it is evaluated after the
	// ORDER BY: in the array's (ascending) order
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, n) ORDER BY n`, ids); err != nil {
		return fmt.Errorf("lock %s: %w", strings.Join(keys, ", "), err)
	}
	return nil
}

// FileReport implements alerts.Store in one transaction: the alert, its
// evidence, the audit entry and the event for hooks.
func (s *Store) FileReport(ctx context.Context, r alerts.Report, actor string) (a alerts.Alert, filed alerts.Filed, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return a, 0, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = s.lockKeys(ctx, tx, "alert|"+string(r.Subject)+"|"+r.Country); err != nil {
		return a, 0, err
	}
	now := formatTime(time.Now())
	// the alert this report joins: only what choosing it needs (the
	// whole alert is read once the transaction is done)
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT id, trip_date, verdict FROM alert WHERE subject_id = ? AND country = ? ORDER BY id DESC`), string(r.Subject), r.Country)
	if err != nil {
		return a, 0, fmt.Errorf("find alert: %w", err)
	}
	found := false
	for rows.Next() {
		var cand alerts.Alert
		if err = rows.Scan(&cand.ID, &cand.Date, &cand.Verdict); err != nil {
			rows.Close()
			return a, 0, err
		}
		if alerts.SameWindow(cand.Date, r.Date) {
			a, found = cand, true
			break
		}
	}
	rows.Close()
	if err = rows.Err(); err != nil {
		return a, 0, fmt.Errorf("find alert: %w", err)
	}
	if !found {
		err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO alert (subject_id, name, regime, country, trip_date, verdict, status, version_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			string(r.Subject), r.Name, r.Regime, r.Country, r.Date, r.Verdict, string(alerts.Open), r.VersionID, now, now).Scan(&a.ID)
		if err != nil {
			return a, 0, fmt.Errorf("create alert: %w", err)
		}
		if err = s.audit(ctx, tx, a.ID, actor, "created", "", alerts.Open, fmt.Sprintf("%s in %s (%s)", r.Verdict, r.Country, orNone(r.Date)), now); err != nil {
			return a, 0, err
		}
	}
	e := r.Evidence
	reasons, err := json.Marshal(e.Reasons)
	if err != nil {
		return a, 0, err
	}
	// the unique (alert, evidence key) index drops a report the alert
	// has already
	var evID int64
	err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO alert_evidence (alert_id, source, url, outlet, article_id, evidence_key, title, published, quote, place, trip_date, verdict, reasons, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (alert_id, evidence_key) DO NOTHING RETURNING id`),
		a.ID, e.Source, e.URL, e.Outlet, e.ArticleID, e.Key(), e.Title, e.Published, e.Quote, e.Place, e.Date, e.Verdict, string(reasons), now).Scan(&evID)
	if found && errors.Is(err, sql.ErrNoRows) {
		tx.Rollback()
		a, err = scanAlert(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+alertColumns+` FROM alert WHERE id = ?`), a.ID))
		return a, alerts.Repeated, err
	}
	if err != nil {
		return a, 0, fmt.Errorf("add evidence: %w", err)
	}
	filed, kind := alerts.Created, alerts.EventCreated
	if found {
		filed, kind = alerts.Added, alerts.EventEvidence
		// a dated report makes an undated alert precise; a violation
		// outranks an unclear verdict
		date, verdict := a.Date, a.Verdict
		if date == "" {
			date = r.Date
		}
		if r.Verdict == "violation" {
			verdict = r.Verdict
		}
		if _, err = tx.ExecContext(ctx, s.rebind(`UPDATE alert SET trip_date = ?, verdict = ?, updated_at = ? WHERE id = ?`), date, verdict, now, a.ID); err != nil {
			return a, 0, fmt.Errorf("update alert: %w", err)
		}
		if err = s.audit(ctx, tx, a.ID, actor, "evidence", "", "", "new report from "+cmp.Or(e.Outlet, e.Source), now); err != nil {
			return a, 0, err
		}
	}
	if err = s.addEvent(ctx, tx, a.ID, kind, fmt.Sprintf("evidence %d from %s", evID, cmp.Or(e.Outlet, e.Source)), now); err != nil {
		return a, 0, err
	}
	if err = tx.Commit(); err != nil {
		return a, 0, err
	}
	a, err = scanAlert(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+alertColumns+` FROM alert WHERE id = ?`), a.ID))
	if err != nil {
		return a, 0, err
	}
	// only the evidence just filed: an alert with thousands of reports is
	// not read back whole on every filing
	e.ID, e.AddedAt = evID, time.Now().UTC()
	a.Evidence = []alerts.Evidence{e}
	return a, filed, nil
}

func (s *Store) addEvent(ctx context.Context, tx *sql.Tx, alertID int64, kind alerts.Kind, detail, at string) error {
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO alert_event (alert_id, kind, detail, created_at) VALUES (?, ?, ?, ?)`), alertID, string(kind), detail, at); err != nil {
		return fmt.Errorf("record event for alert %d: %w", alertID, err)
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "date unknown"
	}
	return s
}

func (s *Store) audit(ctx context.Context, tx *sql.Tx, id int64, actor, action string, from, to alerts.Status, note, at string) error {
	_, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO alert_audit (alert_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		id, at, actor, action, string(from), string(to), note)
	if err != nil {
		return fmt.Errorf("audit alert %d: %w", id, err)
	}
	return nil
}

// Alerts implements alerts.Store, newest first.
func (s *Store) Alerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error) {
	q := `SELECT ` + alertColumns + ` FROM alert WHERE 1 = 1`
	var args []any
	for _, c := range []struct{ col, v string }{{"status", string(f.Status)}, {"regime", f.Regime}, {"country", f.Country}, {"subject_id", string(f.Subject)}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	q += fmt.Sprintf(" ORDER BY updated_at DESC, id DESC LIMIT %d", limit)
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	out := []alerts.Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AlertIDs lists the IDs of every alert with the status, oldest first,
// however many there are (re-judging must reach them all; Alerts pages).
func (s *Store) AlertIDs(ctx context.Context, status alerts.Status) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id FROM alert WHERE status = ? ORDER BY id`), string(status))
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Alert implements alerts.Store, with evidence and audit log.
func (s *Store) Alert(ctx context.Context, id int64) (alerts.Alert, error) {
	a, err := scanAlert(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+alertColumns+` FROM alert WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("alert %d: %w", id, alerts.ErrNotFound)
	}
	if err != nil {
		return a, err
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, source, url, outlet, article_id, title, published, quote, place, trip_date, verdict, reasons, added_at FROM alert_evidence WHERE alert_id = ? ORDER BY id`), id)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var e alerts.Evidence
		var reasons, added string
		if err := rows.Scan(&e.ID, &e.Source, &e.URL, &e.Outlet, &e.ArticleID, &e.Title, &e.Published, &e.Quote, &e.Place, &e.Date, &e.Verdict, &reasons, &added); err != nil {
			rows.Close()
			return a, err
		}
		_ = json.Unmarshal([]byte(reasons), &e.Reasons) // written by FileReport; a damaged row only loses its reasons
		e.AddedAt, _ = parseTime(added)
		a.Evidence = append(a.Evidence, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	if err := s.evidenceCopies(ctx, a.Evidence); err != nil {
		return a, err
	}
	rows, err = s.db.QueryContext(ctx, s.rebind(`SELECT at, actor, action, from_status, to_status, note FROM alert_audit WHERE alert_id = ? ORDER BY id`), id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var e alerts.AuditEntry
		var at, from, to string
		if err := rows.Scan(&at, &e.Actor, &e.Action, &from, &to, &e.Note); err != nil {
			return a, err
		}
		e.At, _ = parseTime(at)
		e.From, e.To = alerts.Status(from), alerts.Status(to)
		a.Audit = append(a.Audit, e)
	}
	return a, rows.Err()
}

// Review implements alerts.Store: a status change with note, reviewer and
// time, written to the audit log in the same transaction.
func (s *Store) Review(ctx context.Context, id int64, to alerts.Status, actor, note string) (alerts.Alert, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return alerts.Alert{}, err
	}
	defer tx.Rollback()
	var from string
	if err := tx.QueryRowContext(ctx, s.rebind(`SELECT status FROM alert WHERE id = ?`), id).Scan(&from); errors.Is(err, sql.ErrNoRows) {
		return alerts.Alert{}, fmt.Errorf("alert %d: %w", id, alerts.ErrNotFound)
	} else if err != nil {
		return alerts.Alert{}, err
	}
	now := formatTime(time.Now())
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE alert SET status = ?, updated_at = ? WHERE id = ?`), string(to), now, id); err != nil {
		return alerts.Alert{}, err
	}
	if err := s.audit(ctx, tx, id, actor, "review", alerts.Status(from), to, note, now); err != nil {
		return alerts.Alert{}, err
	}
	if from != string(to) {
		if err := s.addEvent(ctx, tx, id, alerts.EventStatus, fmt.Sprintf("%s → %s by %s", from, to, actor), now); err != nil {
			return alerts.Alert{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return alerts.Alert{}, err
	}
	return s.Alert(ctx, id)
}

// evidenceCopies fills in the syndicated copies of each evidence's
// article.
func (s *Store) evidenceCopies(ctx context.Context, evs []alerts.Evidence) error {
	byArticle := map[int64][]int{}
	var ids []any
	for i, e := range evs {
		if e.ArticleID != 0 {
			if _, ok := byArticle[e.ArticleID]; !ok {
				ids = append(ids, e.ArticleID)
			}
			byArticle[e.ArticleID] = append(byArticle[e.ArticleID], i)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT copy_of, url, outlet, title FROM article WHERE copy_of IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY id`), ids...)
	if err != nil {
		return fmt.Errorf("find copies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var of int64
		var c alerts.Copy
		if err := rows.Scan(&of, &c.URL, &c.Outlet, &c.Title); err != nil {
			return err
		}
		for _, i := range byArticle[of] {
			evs[i].Copies = append(evs[i].Copies, c)
		}
	}
	return rows.Err()
}

// Rejudge implements alerts.Store.
func (s *Store) Rejudge(ctx context.Context, id int64, verdict, actor, note string) (alerts.Alert, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return alerts.Alert{}, err
	}
	defer tx.Rollback()
	var from string
	if err := tx.QueryRowContext(ctx, s.rebind(`SELECT verdict FROM alert WHERE id = ?`), id).Scan(&from); errors.Is(err, sql.ErrNoRows) {
		return alerts.Alert{}, fmt.Errorf("alert %d: %w", id, alerts.ErrNotFound)
	} else if err != nil {
		return alerts.Alert{}, err
	}
	if from == verdict {
		tx.Rollback()
		return s.Alert(ctx, id)
	}
	now := formatTime(time.Now())
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE alert SET verdict = ?, updated_at = ? WHERE id = ?`), verdict, now, id); err != nil {
		return alerts.Alert{}, err
	}
	text := fmt.Sprintf("verdict %s → %s: %s", from, verdict, note)
	if err := s.audit(ctx, tx, id, actor, "rejudged", "", "", text, now); err != nil {
		return alerts.Alert{}, err
	}
	if err := s.addEvent(ctx, tx, id, alerts.EventVerdict, text, now); err != nil {
		return alerts.Alert{}, err
	}
	if err := tx.Commit(); err != nil {
		return alerts.Alert{}, err
	}
	return s.Alert(ctx, id)
}

// PendingEvents implements alerts.Store.
func (s *Store) PendingEvents(ctx context.Context, limit int) ([]alerts.Event, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(fmt.Sprintf(`SELECT id, alert_id, kind, detail, created_at FROM alert_event WHERE dispatched_at = '' ORDER BY id LIMIT %d`, max(limit, 1))))
	if err != nil {
		return nil, fmt.Errorf("pending events: %w", err)
	}
	defer rows.Close()
	var out []alerts.Event
	for rows.Next() {
		var e alerts.Event
		var kind, at string
		if err := rows.Scan(&e.ID, &e.AlertID, &kind, &e.Detail, &at); err != nil {
			return nil, err
		}
		e.Kind = alerts.Kind(kind)
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("event %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkDispatched implements alerts.Store.
func (s *Store) MarkDispatched(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{formatTime(time.Now())}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := s.db.ExecContext(ctx, s.rebind(`UPDATE alert_event SET dispatched_at = ? WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`), args...)
	if err != nil {
		return fmt.Errorf("mark events dispatched: %w", err)
	}
	return nil
}

// NewestEvidence returns the newest evidence of each given alert, in one
// query (the home page shows it for every open alert).
func (s *Store) NewestEvidence(ctx context.Context, ids []int64) (map[int64]alerts.Evidence, error) {
	out := map[int64]alerts.Evidence{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT alert_id, source, url, outlet, title, published, quote, place, added_at FROM alert_evidence
		WHERE id IN (SELECT MAX(id) FROM alert_evidence WHERE alert_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) GROUP BY alert_id)`), args...)
	if err != nil {
		return nil, fmt.Errorf("newest evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e alerts.Evidence
		var added string
		if err := rows.Scan(&id, &e.Source, &e.URL, &e.Outlet, &e.Title, &e.Published, &e.Quote, &e.Place, &added); err != nil {
			return nil, err
		}
		if e.AddedAt, err = parseTime(added); err != nil {
			return nil, err
		}
		out[id] = e
	}
	return out, rows.Err()
}
