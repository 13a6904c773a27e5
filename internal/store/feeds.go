package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigilhq/vigil/internal/feeds"
)

var _ feeds.Store = (*Store)(nil)

const feedColumns = `id, url, name, language, every_seconds, added_at, added_by, next_poll_at, etag, last_modified,
	last_fetch_at, last_ok_at, last_new_item_at, last_error, last_error_at, failures, items_seen`

func scanFeed(row interface{ Scan(...any) error }) (feeds.Feed, error) {
	var f feeds.Feed
	var added, next, fetched, ok, newItem, errAt string
	err := row.Scan(&f.ID, &f.URL, &f.Name, &f.Language, &f.EverySeconds, &added, &f.AddedBy, &next, &f.ETag, &f.LastModified,
		&fetched, &ok, &newItem, &f.Health.LastError, &errAt, &f.Health.Failures, &f.Health.ItemsSeen)
	if err != nil {
		return f, err
	}
	f.Every = time.Duration(f.EverySeconds) * time.Second
	for _, t := range []struct {
		s   string
		dst *time.Time
	}{{added, &f.AddedAt}, {next, &f.NextPollAt}, {fetched, &f.Health.LastFetch}, {ok, &f.Health.LastOK}, {newItem, &f.Health.LastNewItem}, {errAt, &f.Health.LastErrorAt}} {
		if t.s == "" {
			continue
		}
		if *t.dst, err = parseTime(t.s); err != nil {
			return f, fmt.Errorf("feed %d: %w", f.ID, err)
		}
	}
	return f, nil
}

// AddFeed implements feeds.Store; the first poll is due at once.
func (s *Store) AddFeed(ctx context.Context, f feeds.Feed) (feeds.Feed, error) {
	now := time.Now().UTC()
	f.AddedAt, f.NextPollAt = now, now
	f.EverySeconds = int64(f.Every / time.Second)
	var n int
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM feed WHERE url = ?`), f.URL).Scan(&n); err != nil {
		return f, fmt.Errorf("add feed: %w", err)
	}
	if n > 0 {
		return f, fmt.Errorf("%s: %w", f.URL, feeds.ErrExists)
	}
	err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO feed (url, name, language, every_seconds, added_at, added_by, next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		f.URL, f.Name, f.Language, f.EverySeconds, formatTime(now), f.AddedBy, formatTime(now)).Scan(&f.ID)
	if err != nil {
		return f, fmt.Errorf("add feed: %w", err)
	}
	return f, nil
}

// Feeds implements feeds.Store, in the order they were added.
func (s *Store) Feeds(ctx context.Context) ([]feeds.Feed, error) {
	return s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feed ORDER BY id`)
}

// DueFeeds implements feeds.Store.
func (s *Store) DueFeeds(ctx context.Context, now time.Time) ([]feeds.Feed, error) {
	return s.queryFeeds(ctx, s.rebind(`SELECT `+feedColumns+` FROM feed WHERE next_poll_at <= ? ORDER BY next_poll_at, id`), formatTime(now))
}

func (s *Store) queryFeeds(ctx context.Context, q string, args ...any) ([]feeds.Feed, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	defer rows.Close()
	out := []feeds.Feed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Feed implements feeds.Store.
func (s *Store) Feed(ctx context.Context, id int64) (feeds.Feed, error) {
	f, err := scanFeed(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+feedColumns+` FROM feed WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("feed %d: %w", id, feeds.ErrNotFound)
	}
	return f, err
}

// RemoveFeed implements feeds.Store. Articles already found stay (their
// evidence may be on alerts).
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM feed WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("remove feed %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("feed %d: %w", id, feeds.ErrNotFound)
	}
	return nil
}

// RecordPoll implements feeds.Store.
func (s *Store) RecordPoll(ctx context.Context, id int64, p feeds.Poll, next time.Time) error {
	at := formatTime(p.At)
	var err error
	if p.Err != nil {
		msg := p.Err.Error()
		if len(msg) > 1000 {
			msg = msg[:1000] + "…"
		}
		_, err = s.db.ExecContext(ctx, s.rebind(`UPDATE feed SET last_fetch_at = ?, last_error = ?, last_error_at = ?, failures = failures + 1, next_poll_at = ? WHERE id = ?`),
			at, msg, at, formatTime(next), id)
	} else {
		q := `UPDATE feed SET last_fetch_at = ?, last_ok_at = ?, failures = 0, items_seen = items_seen + ?, next_poll_at = ?`
		args := []any{at, at, p.NewItems, formatTime(next)}
		if p.NewItems > 0 {
			q += `, last_new_item_at = ?`
			args = append(args, at)
		}
		if p.ETag != "" || p.LastModified != "" {
			q += `, etag = ?, last_modified = ?`
			args = append(args, p.ETag, p.LastModified)
		}
		_, err = s.db.ExecContext(ctx, s.rebind(q+` WHERE id = ?`), append(args, id)...)
	}
	if err != nil {
		return fmt.Errorf("record poll of feed %d: %w", id, err)
	}
	return nil
}

// PollNow makes the given feeds (all when none is given) due now. It
// returns how many there were; an unknown ID is an error.
func (s *Store) PollNow(ctx context.Context, ids []int64) (int, error) {
	now := formatTime(time.Now())
	if len(ids) == 0 {
		res, err := s.db.ExecContext(ctx, s.rebind(`UPDATE feed SET next_poll_at = ?`), now)
		if err != nil {
			return 0, fmt.Errorf("poll feeds now: %w", err)
		}
		n, _ := res.RowsAffected()
		return int(n), nil
	}
	for _, id := range ids {
		res, err := s.db.ExecContext(ctx, s.rebind(`UPDATE feed SET next_poll_at = ? WHERE id = ?`), now, id)
		if err != nil {
			return 0, fmt.Errorf("poll feed %d now: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("feed %d: %w", id, feeds.ErrNotFound)
		}
	}
	return len(ids), nil
}
