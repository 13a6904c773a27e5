package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/vigilhq/vigil/internal/places"
)

// ReplacePlaces stores the imported cities, replacing any earlier import,
// in one transaction.
func (s *Store) ReplacePlaces(ctx context.Context, ps []places.Place) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, `DELETE FROM place`); err != nil {
		return fmt.Errorf("clear places: %w", err)
	}
	b := &batch{s: s, db: tx, prefix: `INSERT INTO place (id, name, country, region, population, capital, alt_names) VALUES `, columns: 7}
	for _, p := range ps {
		capital := 0
		if p.Capital {
			capital = 1
		}
		if err = b.add(ctx, p.ID, p.Name, p.Country, p.Region, p.Population, capital, strings.Join(p.AltNames, "\x1f")); err != nil {
			return fmt.Errorf("store place %d: %w", p.ID, err)
		}
	}
	if err = b.flush(ctx); err != nil {
		return fmt.Errorf("store places: %w", err)
	}
	return tx.Commit()
}

// Places returns the imported cities.
func (s *Store) Places(ctx context.Context) ([]places.Place, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, country, region, population, capital, alt_names FROM place`)
	if err != nil {
		return nil, fmt.Errorf("load places: %w", err)
	}
	defer rows.Close()
	var out []places.Place
	for rows.Next() {
		var p places.Place
		var capital int
		var alt string
		if err := rows.Scan(&p.ID, &p.Name, &p.Country, &p.Region, &p.Population, &capital, &alt); err != nil {
			return nil, err
		}
		p.Kind, p.Capital = places.KindCity, capital == 1
		if alt != "" {
			p.AltNames = strings.Split(alt, "\x1f")
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
