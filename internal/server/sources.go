package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/hooks"
)

// The news monitor's sources and webhooks, managed over the JSON API and
// on the Feeds page: viewers read (feeds with their health, hooks with
// their deliveries), admins add, remove and poll. A hook's secret is
// taken when the hook is added and never shown again, here or anywhere
// (hooks.Secret prints as "[redacted]").

// feedView is a feed as the API and the page show it: with its health's
// one-word state.
type feedView struct {
	feeds.Feed
	State string `json:"state"` // new, ok or failing
}

// hookView is a hook with its deliveries: made, and failing (waiting for
// a retry, or given up).
type hookView struct {
	hooks.Hook
	Delivered int `json:"delivered"`
	Failing   int `json:"failing"`
}

func (s *Server) feedViews(ctx context.Context) ([]feedView, error) {
	fs, err := s.st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]feedView, len(fs))
	for i, f := range fs {
		out[i] = feedView{Feed: f, State: f.Health.State()}
	}
	return out, nil
}

func (s *Server) hookViews(ctx context.Context) ([]hookView, error) {
	hs, err := s.st.Hooks(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.st.HookDeliveries(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]hookView, len(hs))
	for i, h := range hs {
		out[i] = hookView{Hook: h, Delivered: counts[h.ID][0], Failing: counts[h.ID][1]}
	}
	return out, nil
}

// newFeedBody is a feed to follow. Every is a duration ("30m", "2h");
// every_seconds may be given instead.
type newFeedBody struct {
	URL          string `json:"url"`
	Name         string `json:"name"`
	Every        string `json:"every"`
	EverySeconds int64  `json:"every_seconds"`
	Language     string `json:"language"`
}

func (b newFeedBody) feed() (feeds.Feed, error) {
	every := time.Duration(b.EverySeconds) * time.Second
	if b.Every != "" {
		if b.EverySeconds != 0 {
			return feeds.Feed{}, badRequest("give every or every_seconds, not both")
		}
		d, err := time.ParseDuration(strings.TrimSpace(b.Every))
		if err != nil {
			return feeds.Feed{}, badRequest("every %q: want a duration such as 30m or 2h", b.Every)
		}
		every = d
	}
	f, err := feeds.New(b.URL, b.Name, b.Language, every)
	if err != nil {
		return f, badRequest("%v", err)
	}
	return f, nil
}

// addFeed follows a new feed for the request's user.
func (s *Server) addFeed(r *http.Request, b newFeedBody) (feeds.Feed, error) {
	f, err := b.feed()
	if err != nil {
		return f, err
	}
	f.AddedBy = actor(r)
	if f, err = s.st.AddFeed(r.Context(), f); err != nil {
		return f, err
	}
	s.log.Info("feed added", "feed", f.ID, "url", f.URL, "by", f.AddedBy)
	return f, nil
}

// addHook adds a webhook for the request's user; the secret is stored
// for signing and not returned.
func (s *Server) addHook(r *http.Request, rawURL, secret string) (hooks.Hook, error) {
	h, err := hooks.New(rawURL, secret)
	if err != nil {
		return h, badRequest("%v", err)
	}
	h.AddedBy = actor(r)
	if h, err = s.st.AddHook(r.Context(), h); err != nil {
		return h, err
	}
	s.log.Info("hook added", "hook", h.ID, "url", h.URL, "by", h.AddedBy)
	return h, nil
}

// pathID reads the {id} of a feed or hook route.
func pathID(r *http.Request, what string) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("%s id %q: want a positive number", what, raw)
	}
	return id, nil
}

// changeByID applies change to the feed or hook the route's {id} names,
// and logs it under the request's user.
func (s *Server) changeByID(r *http.Request, what, done string, change func(context.Context, int64) error) (int64, error) {
	id, err := pathID(r, what)
	if err == nil {
		err = change(r.Context(), id)
	}
	if err == nil {
		s.log.Info(what+" "+done, what, id, "by", actor(r))
	}
	return id, err
}

func (s *Server) removeFeed(r *http.Request) (int64, error) {
	return s.changeByID(r, "feed", "removed", s.st.RemoveFeed)
}

func (s *Server) removeHook(r *http.Request) (int64, error) {
	return s.changeByID(r, "hook", "removed", s.st.RemoveHook)
}

// pollFeed makes the feed due now: the monitor's next tick (at most
// --tick away) polls it.
func (s *Server) pollFeed(r *http.Request) (int64, error) {
	return s.changeByID(r, "feed", "due now", func(ctx context.Context, id int64) error {
		_, err := s.st.PollNow(ctx, []int64{id})
		return err
	})
}

func (s *Server) apiFeeds(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.feedViews(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fs)
	return nil
}

func (s *Server) apiAddFeed(w http.ResponseWriter, r *http.Request) error {
	var b newFeedBody
	if err := s.decode(w, r, &b, s.cfg.MaxBody); err != nil {
		return err
	}
	f, err := s.addFeed(r, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, feedView{Feed: f, State: f.Health.State()})
	return nil
}

func (s *Server) apiRemoveFeed(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.removeFeed(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiPollFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := s.pollFeed(r)
	if err != nil {
		return err
	}
	f, err := s.st.Feed(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, feedView{Feed: f, State: f.Health.State()})
	return nil
}

func (s *Server) apiHooks(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.hookViews(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, hs)
	return nil
}

// newHookBody is a webhook to add: its URL and the secret its receiver
// verifies signatures with.
type newHookBody struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

func (s *Server) apiAddHook(w http.ResponseWriter, r *http.Request) error {
	var b newHookBody
	if err := s.decode(w, r, &b, s.cfg.MaxBody); err != nil {
		return err
	}
	h, err := s.addHook(r, b.URL, b.Secret)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, hookView{Hook: h})
	return nil
}

func (s *Server) apiRemoveHook(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.removeHook(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sourcesPage is the Feeds page: feeds with their health, hooks with
// their deliveries, and for admins the forms that change them. Form keeps
// what was typed into a form that failed, never a secret.
type sourcesPage struct {
	page
	Feeds []feedView
	Hooks []hookView
}

func (s *Server) uiSources(w http.ResponseWriter, r *http.Request) {
	s.renderSources(w, r, http.StatusOK, s.basePage(r, "Feeds and webhooks", nil))
}

// renderSources renders the Feeds page with p (its error and form).
func (s *Server) renderSources(w http.ResponseWriter, r *http.Request, status int, p page) {
	data := sourcesPage{page: p}
	var err error
	if data.Feeds, err = s.feedViews(r.Context()); err == nil {
		data.Hooks, err = s.hookViews(r.Context())
	}
	if err != nil {
		s.uiError(w, "sources", p, err)
		return
	}
	s.render(w, status, "sources", data)
}

// sourcesChange runs a form's change and goes back to the Feeds page
// (a redirect, so a reload does not post again); a failure shows the page
// with the error and what was typed.
func (s *Server) sourcesChange(change func(r *http.Request) error, keep ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			s.renderSources(w, r, http.StatusBadRequest, s.basePage(r, "Feeds and webhooks", nil))
			return
		}
		if err := change(r); err != nil {
			p := s.basePage(r, "Feeds and webhooks", r.PostForm, keep...)
			status, _ := httpStatus(err)
			p.Error = strings.TrimPrefix(err.Error(), "bad request: ")
			if status == http.StatusInternalServerError {
				s.log.Error("page failed", "page", "sources", "err", err)
				p.Error = "Something went wrong; the error has been logged."
			}
			s.renderSources(w, r, status, p)
			return
		}
		http.Redirect(w, r, "/feeds", http.StatusSeeOther)
	}
}

func (s *Server) uiSourceRoutes(page func(string, auth.Role, http.HandlerFunc) *accessRule) {
	page("GET /feeds", auth.Viewer, s.uiSources)
	page("POST /feeds", auth.Admin, s.sourcesChange(func(r *http.Request) error {
		_, err := s.addFeed(r, newFeedBody{URL: r.PostForm.Get("url"), Name: r.PostForm.Get("name"), Every: r.PostForm.Get("every"), Language: r.PostForm.Get("language")})
		return err
	}, "url", "name", "every", "language"))
	page("POST /feeds/{id}/remove", auth.Admin, s.sourcesChange(func(r *http.Request) error { _, err := s.removeFeed(r); return err }))
	page("POST /feeds/{id}/poll", auth.Admin, s.sourcesChange(func(r *http.Request) error { _, err := s.pollFeed(r); return err }))
	page("POST /hooks", auth.Admin, s.sourcesChange(func(r *http.Request) error {
		_, err := s.addHook(r, r.PostForm.Get("hook_url"), r.PostForm.Get("secret"))
		return err
	}, "hook_url"))
	page("POST /hooks/{id}/remove", auth.Admin, s.sourcesChange(func(r *http.Request) error { _, err := s.removeHook(r); return err }))
}

// fmtEvery prints a polling interval as an operator types it (30m, 2h,
// 1h30m).
func fmtEvery(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
