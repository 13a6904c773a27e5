package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
)

// testUsers: users are added with a hashed token, found by its key, never
// reused by name, revoked (not deleted) with who and when, and given new
// tokens.
func testUsers(t *testing.T, st Backend) {
	t.Parallel()
	ctx := context.Background()
	token, cred := auth.IssueToken()
	alice, err := st.AddUser(ctx, auth.User{Name: "alice", Role: auth.Analyst, CreatedBy: "cli:root"}, cred)
	if err != nil {
		t.Fatal(err)
	}
	if alice.ID == 0 || alice.Role != auth.Analyst || alice.CreatedBy != "cli:root" || alice.CreatedAt.IsZero() || !alice.Active() {
		t.Errorf("added user = %+v", alice)
	}
	if got, err := auth.Authenticate(ctx, st, token); err != nil || got.ID != alice.ID || got.Role != auth.Analyst {
		t.Errorf("Authenticate(alice's token) = %+v, %v", got, err)
	}
	// the store holds the hash of the secret, never the token
	_, stored, err := st.UserByKey(ctx, cred.Key)
	if err != nil || !bytes.Equal(stored, cred.Hash) || bytes.Contains([]byte(token), stored) {
		t.Errorf("UserByKey: hash %x, %v", stored, err)
	}
	if _, _, err := st.UserByKey(ctx, "0000000000000000"); !errors.Is(err, auth.ErrNoSuchUser) {
		t.Errorf("UserByKey(unknown) err = %v, want ErrNoSuchUser", err)
	}
	_, secret, _ := auth.ParseToken(token)
	forged := "vigil_" + cred.Key + "_" + secret[:42] + "A"
	if secret[42] == 'A' {
		forged = forged[:len(forged)-1] + "B"
	}
	if _, err := auth.Authenticate(ctx, st, forged); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("a token with alice's key and a wrong secret: %v, want ErrBadCredential", err)
	}
	if _, err := st.AddUser(ctx, auth.User{Name: "alice", Role: auth.Admin, CreatedBy: "cli:root"}, cred); !errors.Is(err, auth.ErrUserExists) {
		t.Errorf("second alice: %v, want ErrUserExists", err)
	}
	for _, bad := range []auth.User{{Name: "Alice", Role: auth.Viewer}, {Name: "cli:alice", Role: auth.Viewer}, {Name: "", Role: auth.Viewer}, {Name: "nobody", Role: auth.Anyone}} {
		_, c := auth.IssueToken()
		if _, err := st.AddUser(ctx, bad, c); err == nil {
			t.Errorf("AddUser(%+v) accepted", bad)
		}
	}
	_, bobCred := auth.IssueToken()
	if _, err := st.AddUser(ctx, auth.User{Name: "bob", Role: auth.Viewer, CreatedBy: "alice"}, bobCred); err != nil {
		t.Fatal(err)
	}
	// a new token: the old one stops working
	newToken, newCred := auth.IssueToken()
	if _, err := st.SetCredential(ctx, "alice", newCred, "cli:root"); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Authenticate(ctx, st, token); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("old token after rotation: %v", err)
	}
	if _, err := auth.Authenticate(ctx, st, newToken); err != nil {
		t.Errorf("new token after rotation: %v", err)
	}
	revoked, err := st.RevokeUser(ctx, "alice", "bob")
	if err != nil || revoked.Active() || revoked.RevokedBy != "bob" || revoked.RevokedAt == nil {
		t.Fatalf("RevokeUser = %+v, %v", revoked, err)
	}
	if _, err := auth.Authenticate(ctx, st, newToken); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("revoked user's token: %v, want ErrBadCredential", err)
	}
	if _, err := st.RevokeUser(ctx, "alice", "bob"); !errors.Is(err, auth.ErrRevoked) {
		t.Errorf("revoking twice: %v, want ErrRevoked", err)
	}
	if _, err := st.SetCredential(ctx, "alice", cred, "cli:root"); !errors.Is(err, auth.ErrRevoked) {
		t.Error("a revoked user got a new token")
	}
	if _, err := st.RevokeUser(ctx, "carol", "bob"); !errors.Is(err, auth.ErrNoSuchUser) {
		t.Errorf("revoking an unknown user: %v", err)
	}
	log, err := st.UserAudit(ctx)
	want := []auth.AuditEntry{{Actor: "cli:root", User: "alice", Action: "added as analyst"}, {Actor: "alice", User: "bob", Action: "added as viewer"},
		{Actor: "cli:root", User: "alice", Action: "new token"}, {Actor: "bob", User: "alice", Action: "revoked"}}
	if err != nil || len(log) != len(want) {
		t.Fatalf("UserAudit = %+v, %v", log, err)
	}
	for i, e := range log {
		if e.Actor != want[i].Actor || e.User != want[i].User || e.Action != want[i].Action || e.At.IsZero() {
			t.Errorf("audit entry %d = %+v, want %+v", i, e, want[i])
		}
	}
	users, err := st.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "alice" || users[0].Active() || users[1].Name != "bob" || !users[1].Active() {
		t.Errorf("Users = %+v, %v", users, err)
	}
}

// testSessions: a session is found by the hash of its id until it expires,
// it is logged out, or its user is revoked or given a new token.
func testSessions(t *testing.T, st Backend) {
	t.Parallel()
	ctx := context.Background()
	_, cred := auth.IssueToken()
	u, err := st.AddUser(ctx, auth.User{Name: "dana", Role: auth.Admin, CreatedBy: "cli:root"}, cred)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	id, sess := auth.NewSession(u, now, time.Hour)
	if err := st.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	got, who, err := st.SessionByHash(ctx, auth.SessionHash(id), now)
	if err != nil || who.Name != "dana" || who.Role != auth.Admin || !got.CSRFValid(sess.CSRF) || got.CSRFValid("x") || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Fatalf("SessionByHash = %+v, %+v, %v", got, who, err)
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(id), now.Add(2*time.Hour)); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("expired session: %v, want ErrBadCredential", err)
	}
	if _, _, err := st.SessionByHash(ctx, []byte(id), now); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("the raw id used as its hash: %v, want ErrBadCredential", err)
	}
	if err := st.DeleteSession(ctx, auth.SessionHash(id)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(id), now); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("logged-out session: %v", err)
	}
	// expired sessions are dropped; live ones stay
	old, oldSess := auth.NewSession(u, now.Add(-3*time.Hour), time.Hour)
	live, liveSess := auth.NewSession(u, now, time.Hour)
	for _, s := range []auth.Session{oldSess, liveSess} {
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteExpiredSessions(ctx, now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(old), now.Add(-150*time.Minute)); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("expired session survived DeleteExpiredSessions: %v", err)
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(live), now); err != nil {
		t.Errorf("live session dropped: %v", err)
	}
	// revoking the user ends the session
	if _, err := st.RevokeUser(ctx, "dana", "cli:root"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(live), now); !errors.Is(err, auth.ErrBadCredential) {
		t.Errorf("session of a revoked user: %v", err)
	}
}
