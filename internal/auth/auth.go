// Package auth says who may do what: users with a role, the API tokens
// they present, and the sessions the web UI signs in to. It holds no SQL or
// HTTP; the store keeps users and sessions, the server asks this package
// whether a credential is good and whether a role allows an action.
//
// A token is shown once, when it is issued, and only its SHA-256 is kept:
// a copy of the database gives nobody a working token. The token carries a
// public lookup key beside its secret, so the store finds the user by the
// key and the secret's hash is compared in constant time.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Role is what a user may do. Roles are ordered: each allows what the
// roles below it allow.
type Role int

const (
	// Anyone is no role at all: what anonymous callers may do (sign in,
	// health checks, the API description).
	Anyone Role = iota
	// Viewer reads: screening, subjects, verdicts, lists, alerts.
	Viewer
	// Analyst also scans articles (filing alerts) and reviews alerts.
	Analyst
	// Admin also manages exemptions, feeds, hooks, imports and users.
	Admin
)

var roleNames = map[Role]string{Anyone: "anyone", Viewer: "viewer", Analyst: "analyst", Admin: "admin"}

func (r Role) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return fmt.Sprintf("role(%d)", int(r))
}

// Allows reports whether a user of role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r >= need }

// ParseRole accepts viewer, analyst or admin (the roles a user can have).
func ParseRole(s string) (Role, error) {
	for r, n := range roleNames {
		if r != Anyone && n == strings.ToLower(strings.TrimSpace(s)) {
			return r, nil
		}
	}
	return Anyone, fmt.Errorf("role %q: want viewer, analyst or admin", s)
}

// MarshalText writes the role's name (for JSON).
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	*r = v
	return err
}

// User is someone who may use the server. Users are never deleted, only
// revoked, so the audit trail keeps naming someone who existed.
type User struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	RevokedBy string     `json:"revoked_by,omitempty"`
}

// AuditEntry records one change to a user: added (with the role), revoked,
// or given a new token.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	User   string    `json:"user"`
	Action string    `json:"action"`
}

// Active reports whether the user may still sign in.
func (u User) Active() bool { return u.RevokedAt == nil }

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{0,63}$`)

// ValidName checks a user name: 1–64 lower-case letters, digits and
// . _ @ -, starting with a letter or digit. Names never contain a colon, so
// they cannot be confused with the CLI's actors ("cli:alice").
func ValidName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("user name %q: want 1-64 lower-case letters, digits, '.', '_', '@' or '-', starting with a letter or digit", name)
	}
	return nil
}

// Credential is what the store keeps of a token: its public lookup key and
// the SHA-256 of its secret.
type Credential struct {
	Key  string
	Hash []byte
}

// tokenPrefix marks Vigil tokens, so secret scanners and people can tell
// what a leaked string is.
const tokenPrefix = "vigil_"

// IssueToken makes a new API token: a 64-bit lookup key and a 256-bit
// secret from crypto/rand. The token is returned to be shown once; the
// credential is what to store.
func IssueToken() (token string, cred Credential) {
	key := make([]byte, 8)
	secret := make([]byte, 32)
	rand.Read(key) // crypto/rand.Read never fails (it panics if it cannot)
	rand.Read(secret)
	keyText := hex.EncodeToString(key)
	secretText := base64.RawURLEncoding.EncodeToString(secret)
	return tokenPrefix + keyText + "_" + secretText, Credential{Key: keyText, Hash: hashSecret(secretText)}
}

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// ParseToken splits a presented token into its lookup key and secret.
func ParseToken(token string) (key, secret string, ok bool) {
	rest, found := strings.CutPrefix(token, tokenPrefix)
	if !found {
		return "", "", false
	}
	key, secret, found = strings.Cut(rest, "_")
	if !found || len(key) != 16 || len(secret) != 43 {
		return "", "", false
	}
	if _, err := hex.DecodeString(key); err != nil {
		return "", "", false
	}
	return key, secret, true
}

// Errors of authentication. The server answers all of them alike (401), so
// a caller learns nothing about which part was wrong.
var (
	ErrBadCredential = errors.New("invalid or revoked credential")
	ErrNoSuchUser    = errors.New("no such user")
	ErrUserExists    = errors.New("a user of that name exists (names are never reused, even after revocation)")
	ErrRevoked       = errors.New("the user is revoked")
)

// Store keeps users and sessions.
type Store interface {
	// AddUser records a new user with the credential of their token.
	// A name taken before, even by a revoked user, gives ErrUserExists.
	AddUser(ctx context.Context, u User, cred Credential) (User, error)
	// Users lists every user, revoked ones too, in order of creation.
	Users(ctx context.Context) ([]User, error)
	// UserByKey finds the user whose token has the lookup key, with the
	// stored hash of its secret; ErrNoSuchUser when no token has that key.
	UserByKey(ctx context.Context, key string) (User, []byte, error)
	// RevokeUser marks the user revoked by actor and ends their sessions;
	// ErrRevoked if they were already.
	RevokeUser(ctx context.Context, name, actor string) (User, error)
	// SetCredential replaces an active user's token (actor issued the new
	// one) and ends their sessions; ErrRevoked for a revoked user.
	SetCredential(ctx context.Context, name string, cred Credential, actor string) (User, error)
	// UserAudit lists every change to users, oldest first.
	UserAudit(ctx context.Context) ([]AuditEntry, error)

	// CreateSession records a session; DeleteExpiredSessions is called
	// by the server from time to time to drop the old ones.
	CreateSession(ctx context.Context, sess Session) error
	// SessionByHash finds an unexpired session of an active user;
	// ErrBadCredential when there is none.
	SessionByHash(ctx context.Context, idHash []byte, now time.Time) (Session, User, error)
	// DeleteSession ends one session.
	DeleteSession(ctx context.Context, idHash []byte) error
	// DeleteExpiredSessions drops sessions that expired before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) error
}

// Authenticate finds the active user a bearer token belongs to.
func Authenticate(ctx context.Context, st Store, token string) (User, error) {
	key, secret, ok := ParseToken(token)
	if !ok {
		return User{}, ErrBadCredential
	}
	u, stored, err := st.UserByKey(ctx, key)
	if errors.Is(err, ErrNoSuchUser) {
		return User{}, ErrBadCredential
	}
	if err != nil {
		return User{}, err
	}
	return verify(u, stored, secret)
}

// verify compares the secret's hash with the stored one in constant time.
func verify(u User, stored []byte, secret string) (User, error) {
	if subtle.ConstantTimeCompare(hashSecret(secret), stored) != 1 || !u.Active() {
		return User{}, ErrBadCredential
	}
	return u, nil
}

// TokenCache authenticates bearer tokens like Authenticate, but keeps what
// the store said about a lookup key for TTL, so a busy client costs one
// store read per TTL instead of one per request. The secret is still
// hashed and compared on every request; only the store's answer is reused.
// A token revoked or replaced stops working within TTL.
type TokenCache struct {
	Store Store
	TTL   time.Duration
	// Now is the clock (time.Now when nil); tests set it.
	Now func() time.Time

	mu      sync.Mutex
	entries map[string]cachedUser
}

type cachedUser struct {
	user    User
	hash    []byte
	fetched time.Time
}

// maxCachedTokens bounds the cache; past it the cache starts afresh.
const maxCachedTokens = 10000

// Authenticate finds the active user a bearer token belongs to.
func (c *TokenCache) Authenticate(ctx context.Context, token string) (User, error) {
	key, secret, ok := ParseToken(token)
	if !ok {
		return User{}, ErrBadCredential
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	t := now()
	c.mu.Lock()
	e, hit := c.entries[key]
	c.mu.Unlock()
	if hit && t.Sub(e.fetched) < c.TTL && !t.Before(e.fetched) {
		return verify(e.user, e.hash, secret)
	}
	u, stored, err := c.Store.UserByKey(ctx, key)
	if errors.Is(err, ErrNoSuchUser) {
		return User{}, ErrBadCredential
	}
	if err != nil {
		return User{}, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxCachedTokens {
		c.entries = map[string]cachedUser{}
	}
	c.entries[key] = cachedUser{user: u, hash: stored, fetched: t}
	c.mu.Unlock()
	return verify(u, stored, secret)
}

// Session is a signed-in web UI session. The browser holds the random id;
// the store keeps only its SHA-256 (IDHash), with the CSRF token bound to it.
type Session struct {
	IDHash    []byte
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// NewSession starts a session for the user, valid for ttl from now. The id
// (256 random bits) goes into the cookie; it is never stored.
func NewSession(u User, now time.Time, ttl time.Duration) (id string, s Session) {
	id = randomText()
	return id, Session{IDHash: SessionHash(id), UserID: u.ID, CSRF: randomText(), CreatedAt: now, ExpiresAt: now.Add(ttl)}
}

// SessionHash is what the store keeps of a session id.
func SessionHash(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

// CSRFValid compares a submitted CSRF token with the session's in
// constant time.
func (s Session) CSRFValid(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) == 1
}

// NewFormToken makes a random token for a form that has no session to bind
// it to yet (the sign-in form's double-submit cookie).
func NewFormToken() string { return randomText() }

func randomText() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
