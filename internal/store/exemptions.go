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
	e.RemovedAt, e.RemovedBy = nil, ""
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO exemption (subject_id, destinations, date_from, date_to, reference, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		string(e.Subject), strings.Join(e.Destinations, ","), e.From, e.To, e.Reference, e.Note, formatTime(e.CreatedAt), e.CreatedBy).Scan(&e.ID)
	if err != nil {
		return e, fmt.Errorf("record exemption: %w", err)
	}
	return e, nil
}

// Exemptions implements rules.ExemptionStore: the exemptions in force (not
// removed); an empty subject lists them all.
func (s *Store) Exemptions(ctx context.Context, subject lists.SubjectID) ([]rules.Exemption, error) {
	return s.exemptions(ctx, subject, false)
}

// ExemptionHistory lists every exemption ever recorded, removed ones too
// (with who removed them and when); an empty subject lists them all.
func (s *Store) ExemptionHistory(ctx context.Context, subject lists.SubjectID) ([]rules.Exemption, error) {
	return s.exemptions(ctx, subject, true)
}

func (s *Store) exemptions(ctx context.Context, subject lists.SubjectID, withRemoved bool) ([]rules.Exemption, error) {
	q := `SELECT id, subject_id, destinations, date_from, date_to, reference, note, created_at, created_by, removed_at, removed_by FROM exemption WHERE 1 = 1`
	var args []any
	if subject != "" {
		q += ` AND subject_id = ?`
		args = append(args, string(subject))
	}
	if !withRemoved {
		q += ` AND removed_at = ''`
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q+` ORDER BY id`), args...)
	if err != nil {
		return nil, fmt.Errorf("list exemptions: %w", err)
	}
	defer rows.Close()
	out := []rules.Exemption{}
	for rows.Next() {
		var e rules.Exemption
		var dest, created, removed string
		if err := rows.Scan(&e.ID, &e.Subject, &dest, &e.From, &e.To, &e.Reference, &e.Note, &created, &e.CreatedBy, &removed, &e.RemovedBy); err != nil {
			return nil, err
		}
		if dest != "" {
			e.Destinations = strings.Split(dest, ",")
		}
		if e.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("exemption %d: %w", e.ID, err)
		}
		if removed != "" {
			t, err := parseTime(removed)
			if err != nil {
				return nil, fmt.Errorf("exemption %d: %w", e.ID, err)
			}
			e.RemovedAt = &t
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RemoveExemption implements rules.ExemptionStore: the exemption is marked
// removed by actor, never deleted. Removing a removed one is ErrNotFound.
func (s *Store) RemoveExemption(ctx context.Context, id int64, actor string) error {
	res, err := s.db.ExecContext(ctx, s.rebind(`UPDATE exemption SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at = ''`), formatTime(time.Now()), actor, id)
	if err != nil {
		return fmt.Errorf("remove exemption %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("exemption %d: %w", id, lists.ErrNotFound)
	}
	return nil
}
