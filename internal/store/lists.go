package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/lists"
)

var _ lists.Store = (*Store)(nil)

const versionColumns = `id, source, sha256, generated_at, generated_offset, generated_from, imported_at, file_name, total, counts, record_revision`

func scanVersion(row interface{ Scan(...any) error }) (*lists.Version, error) {
	var v lists.Version
	var gen, imp, counts string
	var offset int
	if err := row.Scan(&v.ID, &v.Source, &v.SHA256, &gen, &offset, &v.GeneratedFrom, &imp, &v.FileName, &v.Total, &counts, &v.RecordRevision); err != nil {
		return nil, err
	}
	var err error
	if v.GeneratedAt, err = parseTime(gen); err != nil {
		return nil, fmt.Errorf("version %d: generated_at: %w", v.ID, err)
	}
	v.GeneratedAt = v.GeneratedAt.In(time.FixedZone("", offset))
	if v.ImportedAt, err = parseTime(imp); err != nil {
		return nil, fmt.Errorf("version %d: imported_at: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(counts), &v.Counts); err != nil {
		return nil, fmt.Errorf("version %d: counts: %w", v.ID, err)
	}
	return &v, nil
}

// HasVersion implements lists.Store.
func (s *Store) HasVersion(ctx context.Context, src lists.Source, sum string) (*lists.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+versionColumns+` FROM list_version WHERE source = ? AND sha256 = ?`), src, sum))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}

// Versions implements lists.Store.
func (s *Store) Versions(ctx context.Context, src lists.Source) ([]lists.Version, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT `+versionColumns+` FROM list_version WHERE source = ? ORDER BY generated_at, id`), src)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	var out []lists.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// Version implements lists.Store.
func (s *Store) Version(ctx context.Context, id int64) (*lists.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+versionColumns+` FROM list_version WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("version %d: %w", id, lists.ErrNotFound)
	}
	return v, err
}

// SubjectsIn implements lists.Store.
func (s *Store) SubjectsIn(ctx context.Context, versionID int64) ([]*lists.Subject, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT r.data FROM version_subject vs JOIN subject_revision r ON r.hash = vs.revision_hash WHERE vs.version_id = ? ORDER BY vs.subject_id`), versionID)
	if err != nil {
		return nil, fmt.Errorf("subjects of version %d: %w", versionID, err)
	}
	defer rows.Close()
	var out []*lists.Subject
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var sub lists.Subject
		if err := json.Unmarshal([]byte(data), &sub); err != nil {
			return nil, fmt.Errorf("decode stored subject: %w", err)
		}
		out = append(out, &sub)
	}
	return out, rows.Err()
}

// SubjectRecords implements lists.Store.
func (s *Store) SubjectRecords(ctx context.Context, id lists.SubjectID) (map[int64]*lists.Subject, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT vs.version_id, r.data FROM version_subject vs JOIN subject_revision r ON r.hash = vs.revision_hash WHERE vs.subject_id = ?`), string(id))
	if err != nil {
		return nil, fmt.Errorf("records of %s: %w", id, err)
	}
	defer rows.Close()
	out := map[int64]*lists.Subject{}
	cache := map[string]*lists.Subject{}
	for rows.Next() {
		var vid int64
		var data string
		if err := rows.Scan(&vid, &data); err != nil {
			return nil, err
		}
		if sub, ok := cache[data]; ok {
			out[vid] = sub
			continue
		}
		var sub lists.Subject
		if err := json.Unmarshal([]byte(data), &sub); err != nil {
			return nil, fmt.Errorf("decode stored subject: %w", err)
		}
		cache[data] = &sub
		out[vid] = &sub
	}
	return out, rows.Err()
}

// batchSize rows go into one multi-row INSERT.
const batchSize = 200

// execer is a database or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

type batch struct {
	s       *Store
	db      execer
	prefix  string
	columns int
	args    []any
}

func (b *batch) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) >= batchSize*b.columns {
		return b.flush(ctx)
	}
	return nil
}

func (b *batch) flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	rows := len(b.args) / b.columns
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", b.columns), ",") + ")"
	q := b.prefix + strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
	_, err := b.db.ExecContext(ctx, b.s.rebind(q), b.args...)
	b.args = b.args[:0]
	return err
}

// member is one subject of the version being imported.
type member struct {
	id   lists.SubjectID
	hash string
}

// ImportVersion implements lists.Store. Imports take turns (a second one
// waits for the first, in this process or another). An import prepares
// aside — it reads the file, compares it with the version before, and
// spills the subjects' new revisions to a temporary file — and then swaps
// the version in with one short transaction. Readers and writers (scans,
// reviews) therefore never wait for a file being read, and an import that
// fails or is killed before the swap leaves the database untouched.
func (s *Store) ImportVersion(ctx context.Context, meta lists.VersionMeta, subjects iter.Seq2[*lists.Subject, error]) (res lists.ImportResult, err error) {
	unlock, err := s.lockImports(ctx)
	if err != nil {
		return res, fmt.Errorf("wait for the import in progress: %w", err)
	}
	defer unlock()
	if meta.Replace == 0 {
		// The same file may have been imported while this one waited.
		if v, err := s.HasVersion(ctx, meta.Source, meta.SHA256); err != nil {
			return res, err
		} else if v != nil {
			return res, fmt.Errorf("%w: %s version %d", lists.ErrDuplicate, v.Source, v.ID)
		}
	}
	// The version this one follows, to report what changed.
	prev := map[string]string{}
	var prevID sql.NullInt64
	err = s.db.QueryRowContext(ctx, s.rebind(`SELECT id FROM list_version WHERE source = ? AND id <> ? AND generated_at <= ? ORDER BY generated_at DESC, id DESC LIMIT 1`),
		meta.Source, meta.Replace, formatTime(meta.GeneratedAt)).Scan(&prevID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("find previous version: %w", err)
	}
	if prevID.Valid {
		if prev, err = s.members(ctx, s.db, prevID.Int64); err != nil {
			return res, err
		}
	}
	known := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT hash FROM subject_revision WHERE source = ?`), meta.Source)
	if err != nil {
		return res, fmt.Errorf("load revisions: %w", err)
	}
	for rows.Next() {
		var h string
		if err = rows.Scan(&h); err != nil {
			rows.Close()
			return res, err
		}
		known[h] = true
	}
	rows.Close()

	revs, err := newSpill()
	if err != nil {
		return res, err
	}
	defer revs.close()
	var members []member
	counts := map[lists.Kind]int{}
	seen := map[lists.SubjectID]bool{}
	for sub, perr := range subjects {
		if perr != nil {
			return res, perr
		}
		if sub.Source != meta.Source {
			return res, fmt.Errorf("subject %s does not belong to source %s", sub.ID, meta.Source)
		}
		if seen[sub.ID] {
			return res, fmt.Errorf("subject %s appears twice in the file", sub.ID)
		}
		seen[sub.ID] = true
		data, merr := json.Marshal(sub)
		if merr != nil {
			return res, merr
		}
		sum := sha256.Sum256(data)
		h := hex.EncodeToString(sum[:])
		if !known[h] {
			known[h] = true
			if err = revs.add(h, string(sub.ID), data); err != nil {
				return res, fmt.Errorf("store %s: %w", sub.ID, err)
			}
		}
		members = append(members, member{sub.ID, h})
		switch old, ok := prev[string(sub.ID)]; {
		case !ok:
			res.Added++
		case old != h:
			// A different hash can be a mere reordering of child elements;
			// count only a change in content, as lists.Compare does.
			var prevData string
			if err = s.db.QueryRowContext(ctx, s.rebind(`SELECT data FROM subject_revision WHERE hash = ?`), old).Scan(&prevData); err != nil {
				return res, fmt.Errorf("load previous record of %s: %w", sub.ID, err)
			}
			var prevSub lists.Subject
			if err = json.Unmarshal([]byte(prevData), &prevSub); err != nil {
				return res, fmt.Errorf("decode previous record of %s: %w", sub.ID, err)
			}
			if len(lists.FieldChanges(&prevSub, sub)) > 0 {
				res.Changed++
			}
		}
		counts[sub.Kind]++
	}
	for sid := range prev {
		if !seen[lists.SubjectID(sid)] {
			res.Removed++
		}
	}
	if len(members) == 0 {
		err = errors.New("the file holds no subjects")
		return res, err
	}
	id, err := s.swapIn(ctx, meta, revs, members, counts)
	if err != nil {
		return res, err
	}
	if meta.Replace != 0 {
		res.Refreshed = true
	}
	v, err := s.Version(ctx, id)
	if err != nil {
		return res, err
	}
	res.Version = *v
	return res, nil
}

// swapIn records the new revisions, the version and its members in one
// short transaction.
func (s *Store) swapIn(ctx context.Context, meta lists.VersionMeta, revs *spill, members []member, counts map[lists.Kind]int) (id int64, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin import: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	now := time.Now()
	_, offset := meta.GeneratedAt.Zone()
	cj, _ := json.Marshal(counts)
	if meta.Replace != 0 {
		// A refresh: the same file read again by a newer record format
		// keeps its version ID (alerts and reasons cite it).
		id = meta.Replace
		if _, err = tx.ExecContext(ctx, s.rebind(`DELETE FROM version_subject WHERE version_id = ?`), id); err != nil {
			return 0, fmt.Errorf("refresh version %d: %w", id, err)
		}
		r, uerr := tx.ExecContext(ctx, s.rebind(`UPDATE list_version SET generated_at = ?, generated_offset = ?, generated_from = ?, imported_at = ?, record_revision = ?, total = ?, counts = ? WHERE id = ? AND source = ?`),
			formatTime(meta.GeneratedAt), offset, meta.GeneratedFrom, formatTime(now), lists.RecordRevision, len(members), string(cj), id, meta.Source)
		if err = uerr; err != nil {
			return 0, fmt.Errorf("refresh version %d: %w", id, err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			err = fmt.Errorf("refresh version %d of %s: %w", id, meta.Source, lists.ErrNotFound)
			return 0, err
		}
	} else {
		err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO list_version (source, sha256, generated_at, generated_offset, generated_from, imported_at, file_name, record_revision, total, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			meta.Source, meta.SHA256, formatTime(meta.GeneratedAt), offset, meta.GeneratedFrom, formatTime(now), meta.FileName, lists.RecordRevision, len(members), string(cj)).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("record version: %w", err)
		}
	}
	rb := &batch{s: s, db: tx, prefix: `INSERT INTO subject_revision (hash, subject_id, source, data) VALUES `, columns: 4}
	err = revs.each(func(hash, subject string, data []byte) error {
		return rb.add(ctx, hash, subject, string(meta.Source), string(data))
	})
	if err == nil {
		err = rb.flush(ctx)
	}
	if err != nil {
		return 0, fmt.Errorf("store subjects: %w", err)
	}
	b := &batch{s: s, db: tx, prefix: `INSERT INTO version_subject (version_id, subject_id, revision_hash) VALUES `, columns: 3}
	for _, m := range members {
		if err = b.add(ctx, id, string(m.id), m.hash); err != nil {
			return 0, fmt.Errorf("store %s: %w", m.id, err)
		}
	}
	if err = b.flush(ctx); err != nil {
		return 0, fmt.Errorf("store subjects: %w", err)
	}
	if err = tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit import: %w", err)
	}
	s.log.Debug("list version swapped in", "source", meta.Source, "version", id, "subjects", len(members), "new_revisions", revs.n, "took", time.Since(now))
	return id, nil
}

func (s *Store) members(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, versionID int64) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, s.rebind(`SELECT subject_id, revision_hash FROM version_subject WHERE version_id = ?`), versionID)
	if err != nil {
		return nil, fmt.Errorf("load version %d: %w", versionID, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, err
		}
		out[id] = h
	}
	return out, rows.Err()
}
