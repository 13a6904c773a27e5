package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/news"
)

var _ news.Store = (*Store)(nil)

const articleColumns = `id, url, feed_id, outlet, title, published, language, COALESCE(canonical_url, ''), state, duplicate_of, copy_of, body, error, trips, found_at`

func scanArticle(row interface{ Scan(...any) error }) (news.Article, error) {
	var a news.Article
	var published, state, found string
	err := row.Scan(&a.ID, &a.URL, &a.FeedID, &a.Outlet, &a.Title, &published, &a.Language, &a.CanonicalURL, &state, &a.DuplicateOf, &a.CopyOf, &a.Body, &a.Error, &a.Trips, &found)
	if err != nil {
		return a, err
	}
	a.State = news.State(state)
	if published != "" {
		t, err := parseTime(published)
		if err != nil {
			return a, fmt.Errorf("article %d: %w", a.ID, err)
		}
		a.Published = &t
	}
	a.FoundAt, err = parseTime(found)
	return a, err
}

func optTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return formatTime(*t)
}

// AddArticles implements news.Store. A URL already known is skipped, also
// when another process adds it at the same moment.
func (s *Store) AddArticles(ctx context.Context, as []news.Article) ([]news.Article, error) {
	var added []news.Article
	now := time.Now().UTC()
	for _, a := range as {
		a.State, a.FoundAt = news.Queued, now
		err := s.db.QueryRowContext(ctx, s.rebind(`INSERT INTO article (url, feed_id, outlet, title, published, language, state, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id`),
			a.URL, a.FeedID, a.Outlet, a.Title, optTime(a.Published), a.Language, string(a.State), formatTime(now)).Scan(&a.ID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return added, fmt.Errorf("add article %s: %w", a.URL, err)
		}
		added = append(added, a)
	}
	return added, nil
}

// Article implements news.Store.
func (s *Store) Article(ctx context.Context, id int64) (news.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+articleColumns+` FROM article WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %d: %w", id, news.ErrNotFound)
	}
	return a, err
}

// copyWindow is how far back a copy's original is looked for:
// syndication happens within days, and the window keeps the candidate
// set small however many articles the store holds.
const copyWindow = 30 * 24 * time.Hour

// ClaimText implements news.Store in one transaction, serialised across
// processes (an advisory lock on PostgreSQL; SQLite's writes are serial).
func (s *Store) ClaimText(ctx context.Context, id int64, x news.Extracted) (claim news.Claim, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return claim, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = s.lockKey(ctx, tx, "article-claim"); err != nil {
		return claim, err
	}
	now := formatTime(time.Now())
	if x.CanonicalURL != "" {
		var other int64
		err = tx.QueryRowContext(ctx, s.rebind(`SELECT id FROM article WHERE canonical_url = ? AND id <> ?`), x.CanonicalURL, id).Scan(&other)
		switch {
		case err == nil:
			if _, err = tx.ExecContext(ctx, s.rebind(`UPDATE article SET state = ?, duplicate_of = ?, fetched_at = ? WHERE id = ?`), string(news.Duplicate), other, now, id); err != nil {
				return claim, fmt.Errorf("article %d: %w", id, err)
			}
			return news.Claim{State: news.Duplicate, Of: other}, tx.Commit()
		case !errors.Is(err, sql.ErrNoRows):
			return claim, fmt.Errorf("article %d: find canonical URL: %w", id, err)
		}
	}
	claim.State = news.Fetched
	bands := x.Fingerprint.Bands()
	if x.HasFingerprint {
		args := []any{id, formatTime(time.Now().Add(-copyWindow)), string(news.Fetched), string(news.Scanned)}
		var or []string
		for i, b := range bands {
			or = append(or, fmt.Sprintf("band%d = ?", i))
			args = append(args, b)
		}
		rows, qerr := tx.QueryContext(ctx, s.rebind(`SELECT id, fingerprint FROM article WHERE id <> ? AND fingerprint <> '' AND found_at >= ? AND state IN (?, ?) AND (`+strings.Join(or, " OR ")+`) ORDER BY id`), args...)
		if qerr != nil {
			return claim, fmt.Errorf("article %d: find copies: %w", id, qerr)
		}
		for rows.Next() {
			var other int64
			var stored string
			if err = rows.Scan(&other, &stored); err != nil {
				rows.Close()
				return claim, err
			}
			fp, perr := news.ParseFingerprint(stored)
			if perr != nil {
				continue // a damaged row is no original
			}
			if news.Similarity(fp, x.Fingerprint) >= news.CopySimilarity {
				claim = news.Claim{State: news.Copy, Of: other}
				break
			}
		}
		rows.Close()
		if err = rows.Err(); err != nil {
			return claim, err
		}
	}
	var canonical any
	if x.CanonicalURL != "" {
		canonical = x.CanonicalURL
	}
	fingerprint := ""
	if x.HasFingerprint {
		fingerprint = x.Fingerprint.String()
	}
	args := []any{string(claim.State), claim.Of, canonical, x.Title, x.Body, x.Language, optTime(x.Published), fingerprint}
	for _, b := range bands {
		if !x.HasFingerprint {
			b = -1
		}
		args = append(args, b)
	}
	args = append(args, now, id)
	_, err = tx.ExecContext(ctx, s.rebind(`UPDATE article SET state = ?, copy_of = ?, canonical_url = ?,
		title = COALESCE(NULLIF(?, ''), title), body = ?, language = COALESCE(NULLIF(?, ''), language),
		published = COALESCE(NULLIF(published, ''), ?), fingerprint = ?,
		band0 = ?, band1 = ?, band2 = ?, band3 = ?, band4 = ?, band5 = ?, band6 = ?, band7 = ?, fetched_at = ? WHERE id = ?`),
		args...)
	if err != nil {
		return claim, fmt.Errorf("article %d: record text: %w", id, err)
	}
	return claim, tx.Commit()
}

// RecordScanned implements news.Store.
func (s *Store) RecordScanned(ctx context.Context, id int64, trips int) error {
	_, err := s.db.ExecContext(ctx, s.rebind(`UPDATE article SET state = ?, trips = ?, scanned_at = ?, error = '' WHERE id = ?`), string(news.Scanned), trips, formatTime(time.Now()), id)
	if err != nil {
		return fmt.Errorf("article %d: %w", id, err)
	}
	return nil
}

// RecordFailed implements news.Store.
func (s *Store) RecordFailed(ctx context.Context, id int64, reason string) error {
	if len(reason) > 1000 {
		reason = reason[:1000] + "…"
	}
	_, err := s.db.ExecContext(ctx, s.rebind(`UPDATE article SET state = ?, error = ?, fetched_at = ? WHERE id = ?`), string(news.Failed), reason, formatTime(time.Now()), id)
	if err != nil {
		return fmt.Errorf("article %d: %w", id, err)
	}
	return nil
}

// ArticleCounts counts the articles in each state (for the queue page
// and the watch summary).
func (s *Store) ArticleCounts(ctx context.Context) (map[news.State]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM article GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("count articles: %w", err)
	}
	defer rows.Close()
	out := map[news.State]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[news.State(st)] = n
	}
	return out, rows.Err()
}

// UnfinishedArticles are the articles a crash may have left without their
// next job: announced but not fetched, fetched but not scanned, found
// before the given time (the normal path queues newer ones itself).
func (s *Store) UnfinishedArticles(ctx context.Context, before time.Time, limit int) (queued, fetched []int64, err error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(fmt.Sprintf(`SELECT id, state FROM article WHERE state IN (?, ?) AND found_at <= ? ORDER BY id LIMIT %d`, max(limit, 1))),
		string(news.Queued), string(news.Fetched), formatTime(before))
	if err != nil {
		return nil, nil, fmt.Errorf("unfinished articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, nil, err
		}
		if news.State(state) == news.Queued {
			queued = append(queued, id)
		} else {
			fetched = append(fetched, id)
		}
	}
	return queued, fetched, rows.Err()
}
