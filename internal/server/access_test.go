package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/store"
)

// accessServer is a server over an empty store with one user per role.
func accessServer(t testing.TB, cfg Config) (*Server, *store.Store, roleTokens) {
	t.Helper()
	return loggedAccessServer(t, cfg, nil)
}

// loggedAccessServer is accessServer logging to log.
func loggedAccessServer(t testing.TB, cfg Config, log *slog.Logger) (*Server, *store.Store, roleTokens) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tokens := addTestUsers(t, st)
	srv, err := New(cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	return srv, st, tokens
}

// samplePath turns a route pattern into a path it matches.
func samplePath(pattern string) (method, path string) {
	method, path, found := strings.Cut(pattern, " ")
	if !found {
		method, path = http.MethodPost, pattern // a pattern for every method: try a write
	}
	path = strings.ReplaceAll(path, "{$}", "")
	path = regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "1")
	if strings.HasSuffix(path, "/") && path != "/" {
		path += "x"
	}
	return method, path
}

// safeRoutes may be called with an unsafe method without a role that
// writes: sign-in itself, sign-out, screening a batch and yente's matching
// (reads sent as POST), and the API's catch-all (which answers 404 or 405
// and changes nothing).
var safeWrites = map[string]auth.Role{
	"POST /login":           auth.Anyone,
	"POST /logout":          auth.Viewer,
	"POST /api/v1/screen":   auth.Viewer,
	"POST /match/{dataset}": auth.Viewer,
	"/api/":                 auth.Viewer,
}

// TestEveryWriteNeedsARole enumerates the registered routes: every route
// with an unsafe method (or none) must need at least the analyst role,
// unless it is one of safeWrites. A new write route registered without a
// role, or with the viewer's, fails here.
func TestEveryWriteNeedsARole(t *testing.T) {
	srv, _, _ := accessServer(t, Config{})
	if len(srv.accessOrder) < 30 {
		t.Fatalf("only %d routes registered", len(srv.accessOrder))
	}
	for _, pattern := range srv.accessOrder {
		rule := srv.access[pattern]
		method, _, hasMethod := strings.Cut(pattern, " ")
		if hasMethod && isSafe(method) {
			continue
		}
		if need, ok := safeWrites[pattern]; ok {
			if rule.need != need {
				t.Errorf("%s needs %s, want %s", pattern, rule.need, need)
			}
			continue
		}
		if rule.need < auth.Analyst {
			t.Errorf("write route %s needs only %q: a write needs the analyst or admin role", pattern, rule.need)
		}
	}
}

// TestRolesMatrix sends every registered route a request from an anonymous
// caller and from each role, through the real middleware, with every
// handler replaced by one that reports it was reached. A caller without a
// user gets 401, one whose role is too low 403, the others reach the
// handler.
func TestRolesMatrix(t *testing.T) {
	for _, openReads := range []bool{false, true} {
		t.Run(fmt.Sprintf("open-reads=%v", openReads), func(t *testing.T) {
			srv, _, tokens := accessServer(t, Config{OpenReads: openReads})
			reached := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "reached") })
			stub := http.NewServeMux()
			for _, p := range srv.accessOrder {
				stub.Handle(p, reached)
			}
			srv.mux = stub
			h := srv.Handler()
			for _, pattern := range srv.accessOrder {
				need := srv.access[pattern].need
				method, path := samplePath(pattern)
				for _, caller := range []auth.Role{auth.Anyone, auth.Viewer, auth.Analyst, auth.Admin} {
					req := httptest.NewRequest(method, path, strings.NewReader("{}"))
					req.Header.Set("Content-Type", "application/json")
					if caller != auth.Anyone {
						req.Header.Set("Authorization", "Bearer "+tokens[caller])
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					want := http.StatusOK
					switch {
					case need == auth.Anyone:
					case caller == auth.Anyone && need == auth.Viewer && openReads && isSafe(method):
					case caller == auth.Anyone:
						want = http.StatusUnauthorized
					case !caller.Allows(need):
						want = http.StatusForbidden
					}
					if rec.Code == http.StatusSeeOther && want == http.StatusUnauthorized && isSafe(method) && !strings.HasPrefix(path, "/api/") {
						continue // the UI sends an anonymous reader to sign in
					}
					if rec.Code != want || (want == http.StatusOK) != (rec.Body.String() == "reached") {
						t.Errorf("%s (%s %s) as %s: %d %.100q, want %d", pattern, method, path, caller, rec.Code, rec.Body.String(), want)
					}
				}
			}
		})
	}
}

// TestUnruledRouteRefused: a handler put on the mux without handle (so
// without an access rule) is refused, not served.
func TestUnruledRouteRefused(t *testing.T) {
	srv, _, tokens := accessServer(t, Config{})
	reached := false
	srv.mux.HandleFunc("POST /api/v1/sneaky", func(http.ResponseWriter, *http.Request) { reached = true })
	for _, token := range []string{"", tokens[auth.Admin]} {
		req := httptest.NewRequest("POST", "/api/v1/sneaky", strings.NewReader("{}"))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if reached || rec.Code != http.StatusInternalServerError {
			t.Errorf("route without a rule: %d, reached %v", rec.Code, reached)
		}
	}
}

// readRecorder notes whether anyone read the request body.
type readRecorder struct {
	read bool
	r    io.Reader
}

func (b *readRecorder) Read(p []byte) (int, error) {
	b.read = true
	return b.r.Read(p)
}

// TestRefusedBeforeBody: a write refused for want of a role is answered
// before its body is read, with 401 (no user, or a bad token) or 403
// (a user whose role does not allow it).
func TestRefusedBeforeBody(t *testing.T) {
	srv, st, tokens := accessServer(t, Config{})
	revokedToken, cred := auth.IssueToken()
	if _, err := st.AddUser(context.Background(), auth.User{Name: "gone", Role: auth.Admin, CreatedBy: "test"}, cred); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RevokeUser(context.Background(), "gone", "test"); err != nil {
		t.Fatal(err)
	}
	body := `{"subject": "un:IRi.039", "reference": "forged"}`
	tests := []struct {
		name, auth string
		status     int
		code       string
	}{
		{"anonymous", "", 401, "unauthorized"},
		{"viewer", "Bearer " + tokens[auth.Viewer], 403, "forbidden"},
		{"analyst", "Bearer " + tokens[auth.Analyst], 403, "forbidden"},
		{"revoked admin", "Bearer " + revokedToken, 401, "unauthorized"},
		{"mistyped token", "Bearer " + tokens[auth.Admin][:len(tokens[auth.Admin])-2], 401, "unauthorized"},
		{"not bearer", "Basic YWRtaW46YWRtaW4=", 401, "unauthorized"},
		{"admin", "Bearer " + tokens[auth.Admin], 201, ""},
	}
	for _, tt := range tests {
		rb := &readRecorder{r: strings.NewReader(body)}
		req := httptest.NewRequest("POST", "/api/v1/exemptions", rb)
		req.Header.Set("Content-Type", "application/json")
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.code) {
			t.Errorf("%s: %d %s, want %d %s", tt.name, rec.Code, rec.Body, tt.status, tt.code)
		}
		if tt.status >= 400 && rb.read {
			t.Errorf("%s: the body was read before the request was refused", tt.name)
		}
		if tt.status == 401 && rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tt.name)
		}
	}
	es, err := st.ExemptionHistory(context.Background(), "")
	if err != nil || len(es) != 1 || es[0].CreatedBy != testUsers[auth.Admin] {
		t.Errorf("exemptions after the attempts: %+v, %v (want only the admin's)", es, err)
	}
}

// TestJSONOnly: the JSON API refuses bodies that are not JSON (415) before
// reading them: a form or text/plain post is what another site can send.
func TestJSONOnly(t *testing.T) {
	srv, _, tokens := accessServer(t, Config{})
	for _, tt := range []struct {
		contentType string
		status      int
	}{
		{"text/plain", 415}, {"", 415}, {"application/x-www-form-urlencoded", 415}, {"multipart/form-data; boundary=x", 415},
		{"application/jsonx", 415}, {"text/json", 415},
		{"application/json", 201}, {"application/json; charset=utf-8", 201}, {"application/vnd.vigil+json", 201},
	} {
		rb := &readRecorder{r: strings.NewReader(`{"subject": "un:IRi.039", "reference": "EX/1"}`)}
		req := httptest.NewRequest("POST", "/api/v1/exemptions", rb)
		if tt.contentType != "" {
			req.Header.Set("Content-Type", tt.contentType)
		}
		req.Header.Set("Authorization", "Bearer "+tokens[auth.Admin])
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("Content-Type %q: %d %s, want %d", tt.contentType, rec.Code, rec.Body, tt.status)
		}
		if tt.status == 415 && (rb.read || !strings.Contains(rec.Body.String(), `"unsupported_media_type"`)) {
			t.Errorf("Content-Type %q: body read %v, answer %s", tt.contentType, rb.read, rec.Body)
		}
	}
}

// browserClient is a cookie-keeping client that does not follow redirects.
type browserClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func newBrowserClient(t *testing.T, base string) *browserClient {
	jar, _ := cookiejar.New(nil)
	return &browserClient{t: t, base: base, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// send makes a request with extra headers (name, value pairs).
func (c *browserClient) send(method, path string, form url.Values, headers ...string) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var (
	csrfField  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	loginToken = regexp.MustCompile(`name="login_csrf" value="([^"]+)"`)
)

// formToken is the CSRF token in a page's form.
func formToken(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%.2000s", page)
	}
	return m[1]
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// signIn signs c in with token through the sign-in form and returns the
// session cookie it was given.
func (c *browserClient) signIn(token string) *http.Cookie {
	c.t.Helper()
	_, page := c.send("GET", "/login?next=/alerts", nil)
	form := url.Values{"login_csrf": {loginToken.FindStringSubmatch(page)[1]}, "token": {token}, "next": {"/alerts"}}
	if m := csrfField.FindStringSubmatch(page); m != nil {
		form.Set("csrf", m[1]) // already signed in: the session's token too
	}
	resp, body := c.send("POST", "/login", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/alerts" {
		c.t.Fatalf("sign in: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), regexp.MustCompile(`class="error"[^<]*`).FindString(body))
	}
	sc := cookieNamed(resp, sessionCookie)
	if sc == nil {
		c.t.Fatal("sign in set no session cookie")
	}
	return sc
}

// TestSessions: the UI's sign-in, its cookie, CSRF tokens, the Origin
// check, fixation, logout and expiry.
func TestSessions(t *testing.T) {
	srv, st, tokens := accessServer(t, Config{})
	ctx := context.Background()
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := newBrowserClient(t, ts.URL)

	// An anonymous reader is sent to sign in; the sign-in form needs its
	// own cookie-bound token (login CSRF).
	if resp, _ := c.send("GET", "/alerts?status=open&country=RU", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next="+url.QueryEscape("/alerts?status=open&country=RU") {
		t.Errorf("anonymous /alerts: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := newBrowserClient(t, ts.URL).send("POST", "/login", url.Values{"login_csrf": {"guess"}, "token": {tokens[auth.Analyst]}}); resp.StatusCode != http.StatusForbidden || cookieNamed(resp, sessionCookie) != nil {
		t.Errorf("sign-in without the form's cookie: %d", resp.StatusCode)
	}

	// Fixation: a session id planted before sign-in is not the one signed in.
	u, _ := url.Parse(ts.URL)
	planted := "attacker-chosen-session-id"
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: planted, Path: "/"}})
	sc := c.signIn(tokens[auth.Analyst])
	if sc.Value == planted || len(sc.Value) < 40 {
		t.Errorf("session id after sign-in = %q", sc.Value)
	}
	for _, token := range tokens {
		if strings.Contains(sc.Value, token) || strings.Contains(token, sc.Value) {
			t.Error("the session cookie holds an API token")
		}
	}
	if !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure || sc.Path != "/" || sc.Expires.IsZero() {
		t.Errorf("session cookie = %+v", sc)
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(planted), time.Now()); err == nil {
		t.Error("the planted session id became a session")
	}

	// The session reads the UI, not the API (the API takes tokens only).
	resp, page := c.send("GET", "/alerts", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `id="signed-in">anna (analyst)`) {
		t.Fatalf("signed-in /alerts: %d %.300s", resp.StatusCode, page)
	}
	if resp, _ := c.send("GET", "/api/v1/alerts", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the session cookie opened the API: %d", resp.StatusCode)
	}
	csrf := formToken(t, page)

	// Unsafe requests: refused without the session's CSRF token, with a
	// wrong one, or from another origin even with the right one.
	scan := url.Values{"text": {"no one travels here"}}
	withToken := func(tok string) url.Values {
		v := url.Values{"csrf": {tok}}
		for k, vs := range scan {
			v[k] = vs
		}
		return v
	}
	for _, tt := range []struct {
		name    string
		form    url.Values
		headers []string
		status  int
	}{
		{"no CSRF token", scan, nil, 403},
		{"wrong CSRF token", withToken("x" + csrf[1:]), nil, 403},
		{"foreign Origin", withToken(csrf), []string{"Origin", "http://127.0.0.1:1"}, 403},
		{"cross-site fetch", withToken(csrf), []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"same-site, other port", withToken(csrf), []string{"Sec-Fetch-Site", "same-site", "Origin", "http://127.0.0.1:1"}, 403},
		{"same origin", withToken(csrf), []string{"Origin", ts.URL, "Sec-Fetch-Site", "same-origin"}, 404}, // reaches the scan: no list loaded
	} {
		resp, body := c.send("POST", "/scan", tt.form, tt.headers...)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d: %.300s", tt.name, resp.StatusCode, tt.status, body)
		}
	}

	// Signing in again ends the session the browser held.
	old := sc.Value
	sc2 := c.signIn(tokens[auth.Viewer])
	if sc2.Value == old {
		t.Error("signing in again kept the session id")
	}
	if _, _, err := st.SessionByHash(ctx, auth.SessionHash(old), time.Now()); err == nil {
		t.Error("the previous session survived a new sign-in")
	}
	// A viewer's session sees no scan form and may not scan.
	_, page = c.send("GET", "/scan", nil)
	if strings.Contains(page, `action="/scan"`) || !strings.Contains(page, "needs the analyst role") {
		t.Errorf("viewer's scan page offers the form:\n%.1000s", page)
	}
	if resp, _ := c.send("POST", "/scan", withToken(formToken(t, page))); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer's scan: %d", resp.StatusCode)
	}

	// Logout ends the session: its id no longer works.
	_, page = c.send("GET", "/alerts", nil)
	if resp, _ := c.send("POST", "/logout", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("logout without CSRF token: %d", resp.StatusCode)
	}
	resp, _ = c.send("POST", "/logout", url.Values{"csrf": {formToken(t, page)}})
	if resp.StatusCode != http.StatusSeeOther || cookieNamed(resp, sessionCookie) == nil || cookieNamed(resp, sessionCookie).MaxAge >= 0 {
		t.Errorf("logout: %d %v", resp.StatusCode, resp.Cookies())
	}
	replay := newBrowserClient(t, ts.URL)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: sc2.Value, Path: "/"}})
	if resp, _ := replay.send("GET", "/alerts", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a logged-out session id still reads: %d", resp.StatusCode)
	}

	// Expiry: a session past its time is refused (made directly in the
	// store, so the test does not wait).
	vera, _, err := st.UserByKey(ctx, mustKey(t, tokens[auth.Viewer]))
	if err != nil {
		t.Fatal(err)
	}
	id, expired := auth.NewSession(vera, time.Now().Add(-9*time.Hour), 8*time.Hour)
	if err := st.CreateSession(ctx, expired); err != nil {
		t.Fatal(err)
	}
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: id, Path: "/"}})
	if resp, _ := replay.send("GET", "/alerts", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("an expired session reads: %d", resp.StatusCode)
	}

	// Revoking the user ends their sessions at once.
	sc3 := c.signIn(tokens[auth.Admin])
	if _, err := st.RevokeUser(ctx, testUsers[auth.Admin], "test"); err != nil {
		t.Fatal(err)
	}
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: sc3.Value, Path: "/"}})
	if resp, _ := replay.send("GET", "/alerts", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a revoked user's session reads: %d", resp.StatusCode)
	}
}

// TestUsersAPI: an admin adds a user over the API (the token is in the
// answer, once), the token works, and revoking it is recorded under the
// admin; the store's user log says who did what.
func TestUsersAPI(t *testing.T) {
	srv, st, tokens := accessServer(t, Config{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	admin := client{t: t, base: ts.URL, token: tokens[auth.Admin]}
	code, body := admin.do("POST", "/api/v1/users", map[string]string{"name": "nick", "role": "viewer"})
	var added NewUserResponse
	decodeInto(t, body, &added)
	if code != 201 || added.User.Name != "nick" || added.User.Role != auth.Viewer || added.User.CreatedBy != "adam" || !strings.HasPrefix(added.Token, "vigil_") {
		t.Fatalf("add user: %d %s", code, body)
	}
	code, body = client{t: t, base: ts.URL, token: added.Token}.do("GET", "/api/v1/me", nil)
	if code != 200 || !strings.Contains(string(body), `"name": "nick"`) || !strings.Contains(string(body), `"role": "viewer"`) {
		t.Errorf("me: %d %s", code, body)
	}
	if code, body = admin.do("GET", "/api/v1/users", nil); code != 200 || strings.Contains(string(body), "vigil_") || strings.Contains(string(body), "token") {
		t.Errorf("list users shows tokens or failed: %d %s", code, body)
	}
	if code, body = admin.do("POST", "/api/v1/users/nick/revoke", nil); code != 200 || !strings.Contains(string(body), `"revoked_by": "adam"`) {
		t.Errorf("revoke: %d %s", code, body)
	}
	if code, _ = admin.do("POST", "/api/v1/users/nick/revoke", nil); code != 409 {
		t.Errorf("revoke twice: %d", code)
	}
	log, err := st.UserAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		if e.User == "nick" {
			got = append(got, e.Actor+": "+e.Action)
		}
	}
	if want := []string{"adam: added as viewer", "adam: revoked"}; strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("user log for nick = %v, want %v", got, want)
	}
}

func mustKey(t *testing.T, token string) string {
	key, _, ok := auth.ParseToken(token)
	if !ok {
		t.Fatalf("bad token %q", token)
	}
	return key
}

// TestSecureCookies: cookies are Secure when served over TLS or behind a
// proxy whose public URL is https, and the proxy's origin is trusted.
func TestSecureCookies(t *testing.T) {
	srv, _, tokens := accessServer(t, Config{})
	tlsServer := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(tlsServer.Close)
	c := newBrowserClient(t, tlsServer.URL)
	c.http.Transport = tlsServer.Client().Transport
	if sc := c.signIn(tokens[auth.Viewer]); !sc.Secure {
		t.Error("session cookie over TLS is not Secure")
	}
	if resp, _ := c.send("GET", "/alerts", nil); resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over TLS")
	}

	proxied, _, tokens2 := accessServer(t, Config{PublicURL: "https://vigil.example.org"})
	ts := httptest.NewServer(proxied.Handler())
	t.Cleanup(ts.Close)
	c = newBrowserClient(t, ts.URL)
	sc := c.signIn(tokens2[auth.Analyst])
	if !sc.Secure {
		t.Error("session cookie behind an https proxy is not Secure")
	}
	// the cookie jar will not send a Secure cookie over http; the proxy would
	// (it talks TLS to the browser), so send it by hand
	_, page := c.send("GET", "/scan", nil, "Cookie", sessionCookie+"="+sc.Value)
	form := url.Values{"csrf": {formToken(t, page)}, "text": {"x"}}
	if resp, body := c.send("POST", "/scan", form, "Cookie", sessionCookie+"="+sc.Value, "Origin", "https://vigil.example.org"); resp.StatusCode == http.StatusForbidden {
		t.Errorf("a post from the public origin was refused: %.300s", body)
	}
	if resp, _ := c.send("POST", "/scan", form, "Cookie", sessionCookie+"="+sc.Value, "Origin", "https://evil.example.org"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a post from another origin: %d", resp.StatusCode)
	}
	if _, err := New(Config{PublicURL: "vigil.example.org"}, nil, nil); err == nil {
		t.Error("a public URL without scheme was accepted")
	}
}
