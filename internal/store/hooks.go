package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/hooks"
)

var _ hooks.Store = (*Store)(nil)

// AddHook implements hooks.Store.
func (s *Store) AddHook(ctx context.Context, h hooks.Hook) (hooks.Hook, error) {
	h.AddedAt = time.Now().UTC()
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO hook (url, secret, added_at, added_by) VALUES (?, ?, ?, ?) RETURNING id`),
		h.URL, h.Secret.Reveal(), formatTime(h.AddedAt), h.AddedBy).Scan(&h.ID)
	if err != nil {
		return h, fmt.Errorf("add hook: %w", err)
	}
	return h, nil
}

// Hooks implements hooks.Store: the hooks not removed.
func (s *Store) Hooks(ctx context.Context) ([]hooks.Hook, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, url, secret, added_at, added_by FROM hook WHERE removed_at = '' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list hooks: %w", err)
	}
	defer rows.Close()
	out := []hooks.Hook{}
	for rows.Next() {
		h, err := scanHook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func scanHook(row interface{ Scan(...any) error }) (hooks.Hook, error) {
	var h hooks.Hook
	var added, secret string
	if err := row.Scan(&h.ID, &h.URL, &secret, &added, &h.AddedBy); err != nil {
		return h, err
	}
	h.Secret = hooks.Secret(secret)
	var err error
	h.AddedAt, err = parseTime(added)
	return h, err
}

// RemoveHook implements hooks.Store. The row stays (deliveries refer to
// it); it is no longer sent events.
func (s *Store) RemoveHook(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, s.rebind(`UPDATE hook SET removed_at = ? WHERE id = ? AND removed_at = ''`), formatTime(time.Now()), id)
	if err != nil {
		return fmt.Errorf("remove hook %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("hook %d: %w", id, hooks.ErrNotFound)
	}
	return nil
}

// Delivery implements hooks.Store.
func (s *Store) Delivery(ctx context.Context, eventID, hookID int64) (hooks.Delivery, bool, error) {
	var d hooks.Delivery
	var kind, at string
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT id, alert_id, kind, detail, created_at FROM alert_event WHERE id = ?`), eventID).Scan(&d.Event.ID, &d.Event.AlertID, &kind, &d.Event.Detail, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, fmt.Errorf("event %d: %w", eventID, alerts.ErrNotFound)
	}
	if err != nil {
		return d, false, err
	}
	d.Event.Kind = alerts.Kind(kind)
	if d.Event.At, err = parseTime(at); err != nil {
		return d, false, err
	}
	d.Hook, err = scanHook(s.db.QueryRowContext(ctx, s.rebind(`SELECT id, url, secret, added_at, added_by FROM hook WHERE id = ?`), hookID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, fmt.Errorf("hook %d: %w", hookID, hooks.ErrNotFound)
	}
	if err != nil {
		return d, false, err
	}
	var delivered string
	err = s.db.QueryRowContext(ctx, s.rebind(`SELECT delivered_at FROM hook_delivery WHERE event_id = ? AND hook_id = ?`), eventID, hookID).Scan(&delivered)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return d, false, err
	}
	if delivered != "" {
		return d, true, nil
	}
	d.Event.Alert, err = s.Alert(ctx, d.Event.AlertID)
	return d, false, err
}

// RecordDelivery implements hooks.Store.
func (s *Store) RecordDelivery(ctx context.Context, eventID, hookID int64, status int, failure error) error {
	delivered, msg := "", ""
	if failure == nil {
		delivered = formatTime(time.Now())
	} else {
		msg = failure.Error()
		if len(msg) > 500 {
			msg = msg[:500] + "…"
		}
	}
	_, err := s.db.ExecContext(ctx, s.rebind(`INSERT INTO hook_delivery (event_id, hook_id, delivered_at, status, attempts, last_error) VALUES (?, ?, ?, ?, 1, ?)
		ON CONFLICT (event_id, hook_id) DO UPDATE SET delivered_at = excluded.delivered_at, status = excluded.status, attempts = hook_delivery.attempts + 1, last_error = excluded.last_error`),
		eventID, hookID, delivered, status, msg)
	if err != nil {
		return fmt.Errorf("record delivery of event %d to hook %d: %w", eventID, hookID, err)
	}
	return nil
}

// HookDeliveries counts, per hook, deliveries made and failing (for the
// queue page and the tests).
func (s *Store) HookDeliveries(ctx context.Context) (map[int64][2]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT hook_id, SUM(CASE WHEN delivered_at <> '' THEN 1 ELSE 0 END), SUM(CASE WHEN delivered_at = '' THEN 1 ELSE 0 END) FROM hook_delivery GROUP BY hook_id`)
	if err != nil {
		return nil, fmt.Errorf("count deliveries: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]int{}
	for rows.Next() {
		var id int64
		var ok, failing int
		if err := rows.Scan(&id, &ok, &failing); err != nil {
			return nil, err
		}
		out[id] = [2]int{ok, failing}
	}
	return out, rows.Err()
}

// AcquireHost implements the crawler's host lease: it takes the host for
// holder until the given time, unless another holder has it now. It
// returns when the current lease ends when it could not take it.
func (s *Store) AcquireHost(ctx context.Context, host, holder string, now, until time.Time) (bool, time.Time, error) {
	var got string
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO host_lease (host, holder, until) VALUES (?, ?, ?)
		ON CONFLICT (host) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE host_lease.until <= ?
		RETURNING holder`), host, holder, formatTime(until), formatTime(now)).Scan(&got)
	if err == nil {
		return true, until, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, time.Time{}, fmt.Errorf("lease host %s: %w", host, err)
	}
	var cur string
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT until FROM host_lease WHERE host = ?`), host).Scan(&cur); err != nil {
		return false, time.Time{}, fmt.Errorf("lease host %s: %w", host, err)
	}
	t, err := parseTime(cur)
	return false, t, err
}

// ReleaseHost ends holder's lease on host at the given time (the next
// request may start then: the politeness delay).
func (s *Store) ReleaseHost(ctx context.Context, host, holder string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.rebind(`UPDATE host_lease SET until = ? WHERE host = ? AND holder = ?`), formatTime(at), host, holder)
	if err != nil {
		return fmt.Errorf("release host %s: %w", host, err)
	}
	return nil
}

// WatchState reads a named value the monitor keeps ("" when unset).
func (s *Store) WatchState(ctx context.Context, name string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT value FROM watch_state WHERE name = ?`), name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetWatchState writes a named value.
func (s *Store) SetWatchState(ctx context.Context, name, value string) error {
	_, err := s.db.ExecContext(ctx, s.rebind(`INSERT INTO watch_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`), name, value)
	if err != nil {
		return fmt.Errorf("set %s: %w", name, err)
	}
	return nil
}
