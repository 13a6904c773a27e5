package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
)

var _ alerts.Store = (*Store)(nil)

const alertColumns = `id, subject_id, name, regime, country, trip_date, verdict, status, version_id, created_at, updated_at`

func scanAlert(row interface{ Scan(...any) error }) (alerts.Alert, error) {
	var a alerts.Alert
	var created, updated, status string
	err := row.Scan(&a.ID, &a.Subject, &a.Name, &a.Regime, &a.Country, &a.Date, &a.Verdict, &status, &a.VersionID, &created, &updated)
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

// FileReport implements alerts.Store in one transaction.
func (s *Store) FileReport(ctx context.Context, r alerts.Report, actor string) (a alerts.Alert, created bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return a, false, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	now := formatTime(time.Now())
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT `+alertColumns+` FROM alert WHERE subject_id = ? AND country = ? ORDER BY id DESC`), string(r.Subject), r.Country)
	if err != nil {
		return a, false, fmt.Errorf("find alert: %w", err)
	}
	found := false
	for rows.Next() {
		cand, serr := scanAlert(rows)
		if serr != nil {
			rows.Close()
			return a, false, serr
		}
		if alerts.SameWindow(cand.Date, r.Date) {
			a, found = cand, true
			break
		}
	}
	rows.Close()
	if !found {
		err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO alert (subject_id, name, regime, country, trip_date, verdict, status, version_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			string(r.Subject), r.Name, r.Regime, r.Country, r.Date, r.Verdict, string(alerts.Open), r.VersionID, now, now).Scan(&a.ID)
		if err != nil {
			return a, false, fmt.Errorf("create alert: %w", err)
		}
		if err = s.audit(ctx, tx, a.ID, actor, "created", "", alerts.Open, fmt.Sprintf("%s in %s (%s)", r.Verdict, r.Country, orNone(r.Date)), now); err != nil {
			return a, false, err
		}
	} else {
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
			return a, false, fmt.Errorf("update alert: %w", err)
		}
	}
	e := r.Evidence
	reasons, _ := json.Marshal(e.Reasons)
	if _, err = tx.ExecContext(ctx, s.rebind(`INSERT INTO alert_evidence (alert_id, source, title, published, quote, place, trip_date, verdict, reasons, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		a.ID, e.Source, e.Title, e.Published, e.Quote, e.Place, e.Date, e.Verdict, string(reasons), now); err != nil {
		return a, false, fmt.Errorf("add evidence: %w", err)
	}
	if found {
		if err = s.audit(ctx, tx, a.ID, actor, "evidence", "", "", "new report from "+e.Source, now); err != nil {
			return a, false, err
		}
	}
	if err = tx.Commit(); err != nil {
		return a, false, err
	}
	a, err = s.Alert(ctx, a.ID)
	return a, !found, err
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

// Alert implements alerts.Store, with evidence and audit log.
func (s *Store) Alert(ctx context.Context, id int64) (alerts.Alert, error) {
	a, err := scanAlert(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+alertColumns+` FROM alert WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("alert %d: %w", id, alerts.ErrNotFound)
	}
	if err != nil {
		return a, err
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, source, title, published, quote, place, trip_date, verdict, reasons, added_at FROM alert_evidence WHERE alert_id = ? ORDER BY id`), id)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var e alerts.Evidence
		var reasons, added string
		if err := rows.Scan(&e.ID, &e.Source, &e.Title, &e.Published, &e.Quote, &e.Place, &e.Date, &e.Verdict, &reasons, &added); err != nil {
			rows.Close()
			return a, err
		}
		_ = json.Unmarshal([]byte(reasons), &e.Reasons) // written by FileReport; a damaged row only loses its reasons
		e.AddedAt, _ = parseTime(added)
		a.Evidence = append(a.Evidence, e)
	}
	rows.Close()
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
	if err := tx.Commit(); err != nil {
		return alerts.Alert{}, err
	}
	return s.Alert(ctx, id)
}
