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

const exemptionColumns = `id, subject_id, destinations, date_from, date_to, reference, committee, purpose, source, note, created_at, created_by, removed_at, removed_by`

// AddExemption implements rules.ExemptionStore.
func (s *Store) AddExemption(ctx context.Context, e rules.Exemption) (rules.Exemption, error) {
	es, err := s.AddExemptions(ctx, []rules.Exemption{e})
	if err != nil {
		return e, err
	}
	return es[0], nil
}

// AddExemptions implements rules.ExemptionStore: one transaction, so a
// failed import leaves nothing behind.
func (s *Store) AddExemptions(ctx context.Context, es []rules.Exemption) (_ []rules.Exemption, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("record exemptions: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	out := make([]rules.Exemption, len(es))
	now := time.Now().UTC()
	for i, e := range es {
		e.CreatedAt, e.Origin = now, rules.Recorded
		e.RemovedAt, e.RemovedBy = nil, ""
		err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO exemption (subject_id, destinations, date_from, date_to, reference, committee, purpose, source, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			string(e.Subject), strings.Join(e.Destinations, ","), e.From, e.To, e.Reference, e.Committee, e.Purpose, e.Source, e.Note, formatTime(e.CreatedAt), e.CreatedBy).Scan(&e.ID)
		if err != nil {
			return nil, fmt.Errorf("record exemption %s for %s: %w", e.Reference, e.Subject, err)
		}
		out[i] = e
	}
	if err = tx.Commit(); err != nil {
		return nil, fmt.Errorf("record exemptions: %w", err)
	}
	return out, nil
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
	q := `SELECT ` + exemptionColumns + ` FROM exemption WHERE 1 = 1`
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
		e := rules.Exemption{Origin: rules.Recorded}
		var dest, created, removed string
		if err := rows.Scan(&e.ID, &e.Subject, &dest, &e.From, &e.To, &e.Reference, &e.Committee, &e.Purpose, &e.Source, &e.Note, &created, &e.CreatedBy, &removed, &e.RemovedBy); err != nil {
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
