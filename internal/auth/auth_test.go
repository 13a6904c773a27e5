package auth

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		have, need Role
		allowed    bool
	}{
		{Viewer, Anyone, true}, {Viewer, Viewer, true}, {Viewer, Analyst, false}, {Viewer, Admin, false},
		{Analyst, Viewer, true}, {Analyst, Analyst, true}, {Analyst, Admin, false},
		{Admin, Viewer, true}, {Admin, Analyst, true}, {Admin, Admin, true},
		{Anyone, Anyone, true}, {Anyone, Viewer, false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.allowed {
			t.Errorf("%s.Allows(%s) = %v", tt.have, tt.need, got)
		}
	}
	for _, tt := range []struct {
		in   string
		want Role
		ok   bool
	}{{"viewer", Viewer, true}, {"Analyst", Analyst, true}, {" admin ", Admin, true}, {"anyone", Anyone, false}, {"root", Anyone, false}, {"", Anyone, false}} {
		got, err := ParseRole(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseRole(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{{"alice", true}, {"a.b-c_d@example.org", true}, {"9lives", true}, {strings.Repeat("a", 64), true},
		{"", false}, {"Alice", false}, {"cli:alice", false}, {"-x", false}, {"a b", false}, {strings.Repeat("a", 65), false}, {"ålice", false}} {
		if err := ValidName(tt.name); (err == nil) != tt.ok {
			t.Errorf("ValidName(%q) = %v", tt.name, err)
		}
	}
}

func TestIssueToken(t *testing.T) {
	token, cred := IssueToken()
	key, secret, ok := ParseToken(token)
	if !ok || key != cred.Key || !bytes.Equal(hashSecret(secret), cred.Hash) {
		t.Fatalf("ParseToken(%q) = %q, %q, %v; credential %+v", token, key, secret, ok, cred)
	}
	if strings.Contains(token, string(cred.Hash)) || len(cred.Hash) != 32 {
		t.Errorf("credential holds more than a SHA-256: %+v", cred)
	}
	other, cred2 := IssueToken()
	if other == token || cred2.Key == cred.Key {
		t.Error("two tokens are equal")
	}
	for _, bad := range []string{"", token[:len(token)-1], "Bearer " + token, strings.Replace(token, "vigil_", "vigl_", 1), "vigil_" + strings.Repeat("z", 16) + "_" + secret, "vigil_" + key + secret} {
		if _, _, ok := ParseToken(bad); ok {
			t.Errorf("ParseToken(%q) accepted", bad)
		}
	}
}

// memStore keeps users in memory for Authenticate's tests.
type memStore struct {
	Store
	users map[string]User
	creds map[string][]byte
}

func (m memStore) UserByKey(_ context.Context, key string) (User, []byte, error) {
	u, ok := m.users[key]
	if !ok {
		return User{}, nil, ErrNoSuchUser
	}
	return u, m.creds[key], nil
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	good, goodCred := IssueToken()
	gone, goneCred := IssueToken()
	revoked := time.Now()
	st := memStore{
		users: map[string]User{goodCred.Key: {ID: 1, Name: "alice", Role: Analyst}, goneCred.Key: {ID: 2, Name: "bob", Role: Admin, RevokedAt: &revoked}},
		creds: map[string][]byte{goodCred.Key: goodCred.Hash, goneCred.Key: goneCred.Hash},
	}
	_, otherSecret, _ := ParseToken(gone)
	unknown, _ := IssueToken()
	tests := []struct {
		name, token string
		want        string
	}{
		{"good", good, "alice"},
		{"revoked user", gone, ""},
		{"unknown key", unknown, ""},
		{"right key, wrong secret", "vigil_" + goodCred.Key + "_" + otherSecret, ""},
		{"malformed", "s3cret", ""},
		{"hash presented as token", "vigil_" + goodCred.Key + "_" + string(goodCred.Hash), ""},
	}
	for _, tt := range tests {
		u, err := Authenticate(ctx, st, tt.token)
		if tt.want == "" {
			if err != ErrBadCredential {
				t.Errorf("%s: %+v, %v; want ErrBadCredential", tt.name, u, err)
			}
			continue
		}
		if err != nil || u.Name != tt.want {
			t.Errorf("%s: %+v, %v", tt.name, u, err)
		}
	}
}

func TestSession(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	id, s := NewSession(User{ID: 7}, now, 8*time.Hour)
	id2, s2 := NewSession(User{ID: 7}, now, 8*time.Hour)
	if id == id2 || s.CSRF == s2.CSRF || s.CSRF == id || len(id) != 43 {
		t.Errorf("sessions not random: %q %q %q", id, id2, s.CSRF)
	}
	if !bytes.Equal(s.IDHash, SessionHash(id)) || bytes.Contains(s.IDHash, []byte(id)) || s.UserID != 7 || !s.ExpiresAt.Equal(now.Add(8*time.Hour)) {
		t.Errorf("session = %+v", s)
	}
	if !s.CSRFValid(s.CSRF) || s.CSRFValid("") || s.CSRFValid(s2.CSRF) || s.CSRFValid(id) {
		t.Error("CSRFValid accepts a wrong token or refuses the right one")
	}
}

func FuzzParseToken(f *testing.F) {
	good, _ := IssueToken()
	f.Add(good)
	f.Add("vigil_0123456789abcdef_")
	f.Add("vigil__")
	f.Fuzz(func(t *testing.T, s string) {
		key, secret, ok := ParseToken(s)
		if ok && (s != "vigil_"+key+"_"+secret || len(key) != 16 || len(secret) != 43) {
			t.Fatalf("ParseToken(%q) = %q, %q", s, key, secret)
		}
	})
}

// countingStore counts the store reads TokenCache makes.
type countingStore struct {
	memStore
	reads int
}

func (c *countingStore) UserByKey(ctx context.Context, key string) (User, []byte, error) {
	c.reads++
	return c.memStore.UserByKey(ctx, key)
}

func TestTokenCache(t *testing.T) {
	ctx := context.Background()
	token, cred := IssueToken()
	st := &countingStore{memStore: memStore{users: map[string]User{cred.Key: {ID: 1, Name: "alice", Role: Viewer}}, creds: map[string][]byte{cred.Key: cred.Hash}}}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &TokenCache{Store: st, TTL: 2 * time.Second, Now: func() time.Time { return now }}
	for range 3 {
		if u, err := c.Authenticate(ctx, token); err != nil || u.Name != "alice" {
			t.Fatalf("Authenticate = %+v, %v", u, err)
		}
	}
	if st.reads != 1 {
		t.Errorf("3 requests within the TTL read the store %d times, want 1", st.reads)
	}
	// the secret is checked on every request, cached or not
	_, otherSecret, _ := ParseToken(func() string { s, _ := IssueToken(); return s }())
	if _, err := c.Authenticate(ctx, "vigil_"+cred.Key+"_"+otherSecret); err != ErrBadCredential {
		t.Errorf("a wrong secret for a cached key: %v", err)
	}
	// unknown keys are not cached: each costs a read and is refused
	unknown, _ := IssueToken()
	for range 2 {
		if _, err := c.Authenticate(ctx, unknown); err != ErrBadCredential {
			t.Errorf("unknown token: %v", err)
		}
	}
	if st.reads != 3 {
		t.Errorf("store reads = %d, want 3", st.reads)
	}
	// a revocation is seen once the TTL has passed
	revoked := now
	st.users[cred.Key] = User{ID: 1, Name: "alice", Role: Viewer, RevokedAt: &revoked}
	now = now.Add(1999 * time.Millisecond)
	if _, err := c.Authenticate(ctx, token); err != nil {
		t.Errorf("within the TTL: %v", err)
	}
	now = now.Add(time.Millisecond)
	if _, err := c.Authenticate(ctx, token); err != ErrBadCredential {
		t.Errorf("after the TTL, a revoked user's token: %v", err)
	}
}
