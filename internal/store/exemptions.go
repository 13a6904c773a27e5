package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/rules"
)

var _ rules.ExemptionStore = (*Store)(nil)

// AddExemption implements rules.ExemptionStore.
func (s *Store) AddExemption(ctx context.Context, e rules.Exemption) (rules.Exemption, error) {
	e.CreatedAt = time.Now().UTC()
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO exemption (subject_id, destinations, date_from, date_to, reference, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		string(e.Subject), strings.Join(e.Destinations, ","), e.From, e.To, e.Reference, e.Note, formatTime(e.CreatedAt)).Scan(&e.ID)
	if err != nil {
		return e, fmt.Errorf("record exemption: %w", err)
	}
	return e, nil
}

// Exemptions implements rules.ExemptionStore; an empty subject lists all.
func (s *Store) Exemptions(ctx context.Context, subject lists.SubjectID) ([]rules.Exemption, error) {
	q := `SELECT id, subject_id, destinations, date_from, date_to, reference, note, created_at FROM exemption`
	var args []any
	if subject != "" {
		q += ` WHERE subject_id = ?`
		args = append(args, string(subject))
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q+` ORDER BY id`), args...)
	if err != nil {
		return nil, fmt.Errorf("list exemptions: %w", err)
	}
	defer rows.Close()
	out := []rules.Exemption{}
	for rows.Next() {
		var e rules.Exemption
		var dest, created string
		if err := rows.Scan(&e.ID, &e.Subject, &dest, &e.From, &e.To, &e.Reference, &e.Note, &created); err != nil {
			return nil, err
		}
		if dest != "" {
			e.Destinations = strings.Split(dest, ",")
		}
		if e.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("exemption %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RemoveExemption implements rules.ExemptionStore.
func (s *Store) RemoveExemption(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM exemption WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("remove exemption %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("exemption %d: %w", id, lists.ErrNotFound)
	}
	return nil
}
