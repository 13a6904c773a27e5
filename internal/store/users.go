package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
)

var _ auth.Store = (*Store)(nil)

const userColumns = `id, name, role, created_at, created_by, revoked_at, revoked_by`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (auth.User, error) {
	var u auth.User
	var role, created, revoked string
	if err := row.Scan(append([]any{&u.ID, &u.Name, &role, &created, &u.CreatedBy, &revoked, &u.RevokedBy}, extra...)...); err != nil {
		return u, err
	}
	var err error
	if u.Role, err = auth.ParseRole(role); err != nil {
		return u, fmt.Errorf("user %s: %w", u.Name, err)
	}
	if u.CreatedAt, err = parseTime(created); err != nil {
		return u, fmt.Errorf("user %s: %w", u.Name, err)
	}
	if revoked != "" {
		t, err := parseTime(revoked)
		if err != nil {
			return u, fmt.Errorf("user %s: %w", u.Name, err)
		}
		u.RevokedAt = &t
	}
	return u, nil
}

// AddUser implements auth.Store.
func (s *Store) AddUser(ctx context.Context, u auth.User, cred auth.Credential) (auth.User, error) {
	if err := auth.ValidName(u.Name); err != nil {
		return u, err
	}
	if u.Role == auth.Anyone {
		return u, fmt.Errorf("user %s: a role is required", u.Name)
	}
	if _, err := s.userByName(ctx, u.Name); err == nil {
		return u, fmt.Errorf("%s: %w", u.Name, auth.ErrUserExists)
	} else if !errors.Is(err, auth.ErrNoSuchUser) {
		return u, err
	}
	u.CreatedAt = time.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO app_user (name, role, token_key, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			u.Name, u.Role.String(), cred.Key, hex.EncodeToString(cred.Hash), formatTime(u.CreatedAt), u.CreatedBy).Scan(&u.ID)
		if err != nil {
			return err
		}
		return s.auditUser(ctx, tx, u.ID, u.CreatedBy, "added as "+u.Role.String())
	})
	if err != nil {
		if _, again := s.userByName(ctx, u.Name); again == nil {
			return u, fmt.Errorf("%s: %w", u.Name, auth.ErrUserExists) // added meanwhile
		}
		return u, fmt.Errorf("record user %s: %w", u.Name, err)
	}
	return s.userByName(ctx, u.Name)
}

// inTx runs fn in a transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) auditUser(ctx context.Context, tx *sql.Tx, id int64, actor, action string) error {
	_, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO user_audit (user_id, at, actor, action) VALUES (?, ?, ?, ?)`), id, formatTime(time.Now()), actor, action)
	if err != nil {
		return fmt.Errorf("audit user %d: %w", id, err)
	}
	return nil
}

// UserAudit implements auth.Store.
func (s *Store) UserAudit(ctx context.Context) ([]auth.AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.at, a.actor, u.name, a.action FROM user_audit a JOIN app_user u ON u.id = a.user_id ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("read user audit: %w", err)
	}
	defer rows.Close()
	out := []auth.AuditEntry{}
	for rows.Next() {
		var e auth.AuditEntry
		var at string
		if err := rows.Scan(&at, &e.Actor, &e.User, &e.Action); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Store) userByName(ctx context.Context, name string) (auth.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+userColumns+` FROM app_user WHERE name = ?`), name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user %q: %w", name, auth.ErrNoSuchUser)
	}
	return u, err
}

// Users implements auth.Store.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM app_user ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []auth.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserByKey implements auth.Store.
func (s *Store) UserByKey(ctx context.Context, key string) (auth.User, []byte, error) {
	var hash string
	u, err := scanUser(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+userColumns+`, token_hash FROM app_user WHERE token_key = ?`), key), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, nil, auth.ErrNoSuchUser
	}
	if err != nil {
		return u, nil, fmt.Errorf("find token: %w", err)
	}
	b, err := hex.DecodeString(hash)
	if err != nil {
		return u, nil, fmt.Errorf("user %s: stored token hash: %w", u.Name, err)
	}
	return u, b, nil
}

// RevokeUser implements auth.Store.
func (s *Store) RevokeUser(ctx context.Context, name, actor string) (auth.User, error) {
	return s.changeActiveUser(ctx, name, actor, "revoked", `UPDATE app_user SET revoked_at = ?, revoked_by = ? WHERE id = ?`, formatTime(time.Now()), actor)
}

// SetCredential implements auth.Store.
func (s *Store) SetCredential(ctx context.Context, name string, cred auth.Credential, actor string) (auth.User, error) {
	return s.changeActiveUser(ctx, name, actor, "new token", `UPDATE app_user SET token_key = ?, token_hash = ? WHERE id = ?`, cred.Key, hex.EncodeToString(cred.Hash))
}

// changeActiveUser runs update (whose last placeholder is the user's id) on
// an active user, records the action and ends the user's sessions, in one
// transaction.
func (s *Store) changeActiveUser(ctx context.Context, name, actor, action, update string, args ...any) (auth.User, error) {
	u, err := s.userByName(ctx, name)
	if err != nil {
		return u, err
	}
	if !u.Active() {
		return u, fmt.Errorf("%w: %s was revoked on %s by %s", auth.ErrRevoked, u.Name, u.RevokedAt.Format(time.DateOnly), u.RevokedBy)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.rebind(update+` AND revoked_at = ''`), append(args, u.ID)...)
		if err != nil {
			return fmt.Errorf("update user %s: %w", name, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: %s was revoked meanwhile", auth.ErrRevoked, name)
		}
		if err := s.auditUser(ctx, tx, u.ID, actor, action); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`DELETE FROM user_session WHERE user_id = ?`), u.ID); err != nil {
			return fmt.Errorf("end sessions of %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return u, err
	}
	return s.userByName(ctx, name)
}

// CreateSession implements auth.Store.
func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	_, err := s.db.ExecContext(ctx, s.rebind(`INSERT INTO user_session (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
		hex.EncodeToString(sess.IDHash), sess.UserID, sess.CSRF, formatTime(sess.CreatedAt), formatTime(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("record session: %w", err)
	}
	return nil
}

// SessionByHash implements auth.Store.
func (s *Store) SessionByHash(ctx context.Context, idHash []byte, now time.Time) (auth.Session, auth.User, error) {
	sess := auth.Session{IDHash: idHash}
	var created, expires string
	row := s.db.QueryRowContext(ctx, s.rebind(`SELECT u.id, u.name, u.role, u.created_at, u.created_by, u.revoked_at, u.revoked_by, s.csrf, s.created_at, s.expires_at
		FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ? AND u.revoked_at = ''`), hex.EncodeToString(idHash), formatTime(now))
	u, err := scanUser(row, &sess.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, u, auth.ErrBadCredential
	}
	if err != nil {
		return sess, u, fmt.Errorf("find session: %w", err)
	}
	sess.UserID = u.ID
	if sess.CreatedAt, err = parseTime(created); err != nil {
		return sess, u, err
	}
	sess.ExpiresAt, err = parseTime(expires)
	return sess, u, err
}

// DeleteSession implements auth.Store.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM user_session WHERE id_hash = ?`), hex.EncodeToString(idHash)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions implements auth.Store.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM user_session WHERE expires_at <= ?`), formatTime(now)); err != nil {
		return fmt.Errorf("drop expired sessions: %w", err)
	}
	return nil
}
