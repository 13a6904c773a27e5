package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
)

// Who may do what is declared where a route is registered:
//
//	s.handle(mux, "POST /api/v1/exemptions", auth.Admin, h)
//
// and enforced in one place, the middleware, before the handler runs and
// before the request body is read. A route registered on the mux without
// handle has no rule and is refused (fail closed).

// accessRule is what a registered route requires.
type accessRule struct {
	pattern string
	need    auth.Role
	maxBody int64 // bytes of request body; 0 means Config.MaxBody
}

// bodyLimit raises the route's request body limit (article scans).
func (a *accessRule) bodyLimit(n int64) *accessRule {
	a.maxBody = n
	return a
}

// handle registers h for pattern, callable by users whose role allows need
// (auth.Anyone: by anyone).
func (s *Server) handle(mux *http.ServeMux, pattern string, need auth.Role, h http.Handler) *accessRule {
	if _, dup := s.access[pattern]; dup {
		panic("server: route registered twice: " + pattern)
	}
	rule := &accessRule{pattern: pattern, need: need}
	s.access[pattern] = rule
	s.accessOrder = append(s.accessOrder, pattern)
	mux.Handle(pattern, h)
	return rule
}

// identity is who sent a request: a user (nil when anonymous), and the UI
// session when the user signed in through the web UI's cookie.
type identity struct {
	user    *auth.User
	session *auth.Session
}

type identityKey struct{}

func identityOf(r *http.Request) identity {
	id, _ := r.Context().Value(identityKey{}).(identity)
	return id
}

// sessionCookie holds the session id (never a token): HttpOnly, SameSite.
const sessionCookie = "vigil_session"

// isSafe reports whether the method only reads (RFC 9110 safe methods).
func isSafe(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// authorize decides whether the request may reach its handler. It runs
// after the cross-origin check and before the handler; it reads no body
// except, for a signed-in browser's unsafe request, the form that carries
// the CSRF token — and only once the role is known to allow the action.
// It returns the request to serve, or false when it has answered.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, pattern string) (*http.Request, bool) {
	rule, ok := s.access[pattern]
	if !ok {
		if pattern != "" {
			s.log.Error("route has no access rule; refused", "pattern", pattern)
			writeError(w, http.StatusInternalServerError, "internal", "internal error")
			return r, false
		}
		return r, true // no route: the mux answers 404 or 405
	}
	id, err := s.identify(w, r)
	if err != nil {
		if errors.Is(err, auth.ErrBadCredential) {
			s.refuse(w, r, http.StatusUnauthorized, "the token is not valid (revoked, mistyped or not a Vigil token)")
		} else {
			s.fail(w, r, err)
		}
		return r, false
	}
	r = r.WithContext(context.WithValue(r.Context(), identityKey{}, id))
	switch {
	case rule.need == auth.Anyone:
	case id.user == nil && rule.need == auth.Viewer && s.cfg.OpenReads && isSafe(r.Method):
	case id.user == nil:
		s.refuse(w, r, http.StatusUnauthorized, "sign in: this needs a user with the "+rule.need.String()+" role (Authorization: Bearer TOKEN)")
		return r, false
	case !id.user.Role.Allows(rule.need):
		s.refuse(w, r, http.StatusForbidden, fmt.Sprintf("this needs the %s role; %s is %s", rule.need, id.user.Name, withArticle(id.user.Role)))
		return r, false
	}
	limit := rule.maxBody
	if limit == 0 {
		limit = s.cfg.MaxBody
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if id.session != nil && !isSafe(r.Method) {
		if err := r.ParseForm(); err != nil {
			s.refuse(w, r, http.StatusBadRequest, "form: "+err.Error())
			return r, false
		}
		if !id.session.CSRFValid(r.PostForm.Get("csrf")) {
			s.refuse(w, r, http.StatusForbidden, "the form's CSRF token is missing or stale; reload the page and try again")
			return r, false
		}
	}
	return r, true
}

// withArticle: "a viewer", "an analyst".
func withArticle(r auth.Role) string {
	if r == auth.Admin || r == auth.Analyst {
		return "an " + r.String()
	}
	return "a " + r.String()
}

// identify finds the user behind a bearer token or, outside the JSON API,
// a UI session cookie. A bad token is an error; a stale cookie is dropped
// and the request goes on anonymous.
func (s *Server) identify(w http.ResponseWriter, r *http.Request) (identity, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return identity{}, auth.ErrBadCredential
		}
		u, err := s.tokens.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			return identity{}, err
		}
		return identity{user: &u}, nil
	}
	// The JSON API takes tokens only: no ambient credential reaches it, so
	// no other site can make a browser call it on a user's behalf.
	if isAPI(r) {
		return identity{}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return identity{}, nil
	}
	sess, u, err := s.st.SessionByHash(r.Context(), auth.SessionHash(c.Value), time.Now())
	if errors.Is(err, auth.ErrBadCredential) {
		s.clearCookie(w, r, sessionCookie, "/")
		return identity{}, nil
	}
	if err != nil {
		return identity{}, err
	}
	return identity{user: &u, session: &sess}, nil
}

// refuse answers a refused request: JSON for the API, a page for the UI
// (an anonymous reader is sent to sign in).
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	codes := map[int]string{http.StatusUnauthorized: "unauthorized", http.StatusForbidden: "forbidden", http.StatusBadRequest: "bad_request"}
	if isAPI(r) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
		}
		writeError(w, status, codes[status], msg)
		return
	}
	if status == http.StatusUnauthorized && isSafe(r.Method) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.basePage(r, "Not allowed", nil)
	p.Error = msg
	s.renderLogin(w, r, status, p)
}

// secure reports whether cookies must be Secure: the request came over
// TLS, or the configured public URL is https (a TLS proxy in front).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https://")
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// loginCookie carries the sign-in form's own CSRF token (double submit,
// field login_csrf): there may be no session yet to bind it to. It lives on
// /login only. A browser already signed in sends its session's token too.
const loginCookie = "vigil_login"

func (s *Server) uiLoginForm(w http.ResponseWriter, r *http.Request) {
	p := s.basePage(r, "Sign in", r.URL.Query(), "next")
	s.renderLogin(w, r, http.StatusOK, p)
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, p page) {
	token := auth.NewFormToken()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/login", MaxAge: 3600, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	s.render(w, status, "login", struct {
		page
		LoginCSRF string
	}{p, token})
}

// uiLogin signs a user in with their API token. A new session id is made
// at every sign-in and any session the browser held is ended, so an id
// planted in a victim's browser never becomes a signed-in session.
func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusBadRequest, "form: "+err.Error())
		return
	}
	p := s.basePage(r, "Sign in", r.PostForm, "next")
	c, err := r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("login_csrf"))) != 1 {
		p.Error = "The sign-in form expired; please try again."
		s.renderLogin(w, r, http.StatusForbidden, p)
		return
	}
	u, err := auth.Authenticate(r.Context(), s.st, strings.TrimSpace(r.PostForm.Get("token")))
	if err != nil {
		if !errors.Is(err, auth.ErrBadCredential) {
			s.log.Error("sign-in failed", "err", err)
		}
		s.log.Warn("sign-in refused", "remote", r.RemoteAddr)
		p.Error = "That token is not valid."
		s.renderLogin(w, r, http.StatusUnauthorized, p)
		return
	}
	if old, err := r.Cookie(sessionCookie); err == nil {
		if err := s.st.DeleteSession(r.Context(), auth.SessionHash(old.Value)); err != nil {
			s.log.Error("end previous session", "err", err)
		}
	}
	now := time.Now()
	if err := s.st.DeleteExpiredSessions(r.Context(), now); err != nil {
		s.log.Error("drop expired sessions", "err", err)
	}
	id, sess := auth.NewSession(u, now, s.cfg.SessionTTL)
	if err := s.st.CreateSession(r.Context(), sess); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", Expires: sess.ExpiresAt, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	s.clearCookie(w, r, loginCookie, "/login")
	s.log.Info("signed in", "user", u.Name, "role", u.Role.String())
	http.Redirect(w, r, localPath(r.PostForm.Get("next")), http.StatusSeeOther)
}

// localPath keeps a redirect on this site: a path, never //host or a URL.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// uiLogout ends the browser's session (the middleware checked its CSRF
// token).
func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request) {
	if id := identityOf(r); id.session != nil {
		if err := s.st.DeleteSession(r.Context(), id.session.IDHash); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, r, sessionCookie, "/")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// actor names who made a change, for the audit trail: the signed-in user.
// Routes that change anything require a role, so there always is one.
func actor(r *http.Request) string {
	if u := identityOf(r).user; u != nil {
		return u.Name
	}
	return "anonymous"
}
