package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/manifest"
	"github.com/vigilhq/vigil/internal/news"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/scan"
	"github.com/vigilhq/vigil/internal/screening"
)

// scanBodyLimit bounds an article sent to scan (with its JSON or form
// wrapping).
const scanBodyLimit = scan.MaxArticleBytes + 4096

// routes registers every endpoint with the role it needs (see handle):
// viewers read, analysts scan and review, admins manage exemptions,
// users, feeds and webhooks. The OpenAPI document (openapi.json) lists the same API routes; a
// test keeps them in sync, and another checks every write needs a role.
func (s *Server) routes(mux *http.ServeMux) {
	api := func(pattern string, need auth.Role, h func(http.ResponseWriter, *http.Request) error) *accessRule {
		s.apiPatterns = append(s.apiPatterns, pattern)
		return s.handle(mux, pattern, need, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.fail(w, r, err)
			}
		}))
	}
	api("GET /api/v1/screen", auth.Viewer, s.apiScreen)
	api("POST /api/v1/screen", auth.Viewer, s.apiScreenBatch)
	api("GET /api/v1/compare", auth.Viewer, s.apiCompare)
	// yente's matching API, for tools written for OpenSanctions (a read)
	api("POST /match/{dataset}", auth.Viewer, s.yenteMatch)
	api("POST /api/v1/scan", auth.Analyst, s.apiScan).bodyLimit(scanBodyLimit)
	api("GET /api/v1/travel-check", auth.Viewer, s.apiTravelCheck)
	api("GET /api/v1/entities/{id}", auth.Viewer, s.apiEntity)
	api("GET /api/v1/lists", auth.Viewer, s.apiLists)
	api("GET /api/v1/lists/{source}/diff", auth.Viewer, s.apiDiff)
	api("GET /api/v1/exemptions", auth.Viewer, s.apiExemptions)
	api("POST /api/v1/exemptions", auth.Admin, s.apiCreateExemption)
	api("GET /api/v1/exemptions/{id}", auth.Viewer, s.apiExemption)
	api("PUT /api/v1/exemptions/{id}", auth.Admin, s.apiUpdateExemption)
	api("DELETE /api/v1/exemptions/{id}", auth.Admin, s.apiDeleteExemption)
	api("GET /api/v1/alerts", auth.Viewer, s.apiAlerts)
	api("GET /api/v1/alerts/{id}", auth.Viewer, s.apiAlert)
	api("POST /api/v1/alerts/{id}/review", auth.Analyst, s.apiReview)
	api("GET /api/v1/feeds", auth.Viewer, s.apiFeeds)
	api("POST /api/v1/feeds", auth.Admin, s.apiAddFeed)
	api("DELETE /api/v1/feeds/{id}", auth.Admin, s.apiRemoveFeed)
	api("POST /api/v1/feeds/{id}/poll", auth.Admin, s.apiPollFeed)
	api("GET /api/v1/hooks", auth.Viewer, s.apiHooks)
	api("POST /api/v1/hooks", auth.Admin, s.apiAddHook)
	api("DELETE /api/v1/hooks/{id}", auth.Admin, s.apiRemoveHook)
	api("GET /api/v1/me", auth.Viewer, s.apiMe)
	api("GET /api/v1/users", auth.Admin, s.apiUsers)
	api("POST /api/v1/users", auth.Admin, s.apiAddUser)
	api("POST /api/v1/users/{name}/revoke", auth.Admin, s.apiRevokeUser)
	s.handle(mux, "GET /api/openapi.json", auth.Anyone, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	}))
	// Unknown API paths and methods get JSON errors too (after the same
	// sign-in as the rest of the API, so they reveal nothing to strangers).
	paths := http.NewServeMux()
	seen := map[string]bool{}
	for _, p := range s.apiPatterns {
		if _, path, _ := strings.Cut(p, " "); !seen[path] {
			seen[path] = true
			paths.HandleFunc(path, func(http.ResponseWriter, *http.Request) {})
		}
	}
	s.handle(mux, "/api/", auth.Viewer, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := paths.Handler(r); pattern != "" {
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed on "+r.URL.Path)
			return
		}
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	}))
	s.handle(mux, "GET /healthz", auth.Anyone, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) }))
	s.handle(mux, "GET /readyz", auth.Anyone, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.ready.Load() {
			writeError(w, http.StatusServiceUnavailable, "not_ready", "no list imported yet")
			return
		}
		writeJSON(w, 200, map[string]string{"status": "ready"})
	}))
	s.handle(mux, "GET /metrics", auth.Viewer, s.metrics.handler())
	s.uiRoutes(mux)
}

func (s *Server) current() (*catalog, error) {
	c := s.cat.Load()
	if c == nil || len(c.versions) == 0 {
		return nil, fmt.Errorf("%w: no list imported yet", errNotFound)
	}
	return c, nil
}

// queryFromValues validates screening parameters shared by the API and UI.
func queryFromValues(get func(string) string) (screening.Query, error) {
	q := screening.Query{Name: strings.TrimSpace(get("name")), DOB: get("dob"), Document: get("doc"), Threshold: screening.DefaultThreshold, Limit: 10}
	if q.Name == "" {
		return q, badRequest("name is required")
	}
	if len(q.Name) > 500 {
		return q, badRequest("name is longer than 500 bytes")
	}
	if err := screening.ValidateDate(q.DOB); err != nil {
		return q, badRequest("dob: %v", err)
	}
	if n := get("nationality"); n != "" {
		cc, err := manifest.CountryCode(n)
		if err != nil {
			return q, badRequest("nationality: %v", err)
		}
		q.Nationality = cc
	}
	if k := get("kind"); k != "" {
		kind, err := lists.ParseKind(k)
		if err != nil {
			return q, badRequest("%v", err)
		}
		q.Kind = kind
	}
	srcs, err := lists.ParseSources(get("list"))
	if err != nil {
		return q, badRequest("list: %v", err)
	}
	q.Sources = srcs
	if t := get("threshold"); t != "" {
		if q.Threshold, err = strconv.ParseFloat(t, 64); err != nil || q.Threshold < 0 || q.Threshold > 1 {
			return q, badRequest("threshold %q: a number from 0 to 1", t)
		}
	}
	if l := get("limit"); l != "" {
		if q.Limit, err = strconv.Atoi(l); err != nil || q.Limit < 1 || q.Limit > 100 {
			return q, badRequest("limit %q: a number from 1 to 100", l)
		}
	}
	return q, nil
}

func (s *Server) apiScreen(w http.ResponseWriter, r *http.Request) error {
	q, err := queryFromValues(r.URL.Query().Get)
	if err != nil {
		return err
	}
	c, err := s.current()
	if err != nil {
		return err
	}
	res := screening.Result{Query: q, Matches: c.ix.Screen(q), Versions: c.versions}
	if res.Matches == nil {
		res.Matches = []screening.Match{}
	}
	writeJSON(w, 200, res)
	return nil
}

// decode reads a JSON body within the size limit, refusing unknown fields.
// A body that does not say it is JSON is refused before it is read (415):
// a form or text/plain post is what another site's page can send.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return errUnsupportedMedia
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		return badRequest("malformed JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("malformed JSON body: more than one JSON value")
	}
	return nil
}

// isJSON accepts application/json and application/*+json, with parameters.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	sub, ok := strings.CutPrefix(mt, "application/")
	return ok && (sub == "json" || strings.HasSuffix(sub, "+json"))
}

type batchRequest struct {
	Queries   []map[string]string `json:"queries"`
	Threshold float64             `json:"threshold,omitempty"`
	Limit     int                 `json:"limit,omitempty"`
}

func (s *Server) apiScreenBatch(w http.ResponseWriter, r *http.Request) error {
	var req batchRequest
	if err := s.decode(w, r, &req, s.cfg.MaxBody); err != nil {
		return err
	}
	if len(req.Queries) == 0 {
		return badRequest("queries is empty")
	}
	if len(req.Queries) > s.cfg.MaxBatch {
		return badRequest("%d queries; at most %d per request", len(req.Queries), s.cfg.MaxBatch)
	}
	c, err := s.current()
	if err != nil {
		return err
	}
	type item struct {
		Index   int               `json:"index"`
		Query   screening.Query   `json:"query"`
		Error   string            `json:"error,omitempty"`
		Matches []screening.Match `json:"matches"`
	}
	out := make([]item, len(req.Queries))
	for i, raw := range req.Queries {
		get := func(k string) string { return raw[k] }
		q, err := queryFromValues(get)
		out[i] = item{Index: i, Query: q, Matches: []screening.Match{}}
		if err != nil {
			out[i].Error = strings.TrimPrefix(err.Error(), "bad request: ")
			continue
		}
		if q.Threshold == 0 {
			q.Threshold = req.Threshold
		}
		if q.Limit == 0 {
			q.Limit = req.Limit
		}
		if ms := c.ix.Screen(q); ms != nil {
			out[i].Matches = ms
		}
		if r.Context().Err() != nil {
			return r.Context().Err()
		}
	}
	writeJSON(w, 200, map[string]any{"results": out, "versions": c.versions})
	return nil
}

func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	a, b := r.URL.Query().Get("a"), r.URL.Query().Get("b")
	if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
		return badRequest("parameters a and b are required")
	}
	var kind lists.Kind
	if k := r.URL.Query().Get("kind"); k != "" {
		var err error
		if kind, err = lists.ParseKind(k); err != nil {
			return badRequest("%v", err)
		}
	}
	ix := screening.Build(nil, nil)
	if c, err := s.current(); err == nil {
		ix = c.ix
	}
	writeJSON(w, 200, ix.Compare(a, b, kind))
	return nil
}

// ScanRequest is the body of POST /api/v1/scan.
type ScanRequest struct {
	Text      string `json:"text,omitempty"`
	HTML      string `json:"html,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// ScanResponse adds the alerts a scan created or updated.
type ScanResponse struct {
	*scan.Result
	Alerts []alerts.Alert `json:"alerts"`
}

// scanArticle runs a scan and files its violation and unclear trips as
// alerts (shared by the API and the UI).
func (s *Server) scanArticle(ctx context.Context, req ScanRequest, actor string) (*ScanResponse, scan.Article, error) {
	c, err := s.current()
	if err != nil {
		return nil, scan.Article{}, err
	}
	select { // the fetch, the extraction and the scan hold a slot: memory stays bounded
	case s.scans <- struct{}{}:
		defer func() { <-s.scans }()
	case <-ctx.Done():
		return nil, scan.Article{}, ctx.Err()
	}
	var raw []byte
	switch {
	case req.Text != "":
		raw = []byte(req.Text)
	case req.HTML != "":
		raw = []byte(req.HTML)
	case req.URL != "":
		page, err := s.cfg.Fetcher.Page(ctx, fetch.Request{URL: req.URL, Accept: scan.PageTypes})
		if err != nil && ctx.Err() != nil {
			return nil, scan.Article{}, ctx.Err() // the request ran out of time (503), the URL is not at fault
		} else if err != nil {
			return nil, scan.Article{}, badRequest("%v", err)
		}
		raw = page.Body
	default:
		return nil, scan.Article{}, badRequest("give text, html or url")
	}
	art, _, err := scan.ParseInput(raw, req.URL)
	if err != nil {
		return nil, scan.Article{}, badRequest("%v", err)
	}
	if req.Published != "" {
		t, err := time.Parse(time.DateOnly, req.Published)
		if err != nil {
			return nil, art, badRequest("published %q: want YYYY-MM-DD", req.Published)
		}
		art.Published = &t
	}
	res, err := c.scanner.Scan(ctx, art)
	if err != nil {
		return nil, art, err
	}
	out := &ScanResponse{Result: res, Alerts: []alerts.Alert{}}
	src := req.URL
	if src == "" {
		src = "pasted text"
		if art.Title != "" {
			src = art.Title
		}
	}
	for _, t := range res.Trips {
		if t.Verdict != rules.Violation && t.Verdict != rules.Unclear {
			continue
		}
		date := ""
		if t.Date != nil {
			date = *t.Date
		}
		rep := alerts.Report{Subject: t.ID, Name: t.Name, Country: t.Country, Date: date, Verdict: string(t.Verdict),
			Evidence: alerts.Evidence{Source: src, URL: news.NormalizeURL(req.URL), Outlet: news.Outlet(req.URL), Title: art.Title, Published: deref(res.Published), Quote: t.Evidence.Text, Place: t.Place, Date: date, Verdict: string(t.Verdict), Reasons: t.Reasons}}
		src, _ := t.ID.Split()
		for _, v := range c.versions {
			if v.Source == src {
				rep.VersionID = v.ID
			}
		}
		if sub, ok := s.subject(ctx, t.ID); ok && len(sub.Programs) > 0 {
			rep.Regime = sub.Programs[0]
		}
		a, _, err := s.st.FileReport(ctx, rep, actor)
		if err != nil {
			return nil, art, err
		}
		out.Alerts = append(out.Alerts, a)
	}
	return out, art, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (s *Server) subject(ctx context.Context, id lists.SubjectID) (*lists.Subject, bool) {
	view, err := lists.ShowEntity(ctx, s.st, id, time.Time{})
	if err != nil || view.Subject == nil {
		return nil, false
	}
	return view.Subject, true
}

func (s *Server) apiScan(w http.ResponseWriter, r *http.Request) error {
	var req ScanRequest
	if err := s.decode(w, r, &req, scanBodyLimit); err != nil {
		return err
	}
	res, _, err := s.scanArticle(r.Context(), req, actor(r))
	if err != nil {
		return err
	}
	writeJSON(w, 200, res)
	return nil
}

func (s *Server) apiTravelCheck(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	id, err := lists.ParseSubjectID(v.Get("id"))
	if err != nil {
		return badRequest("%v", err)
	}
	trip := rules.Trip{Subject: id, Judicial: v.Get("judicial") == "true"}
	if trip.To, err = manifest.CountryCode(v.Get("to")); err != nil || trip.To == "" {
		return badRequest("to: a destination country code is required (%v)", err)
	}
	if trip.From, err = manifest.CountryCode(v.Get("from")); err != nil {
		return badRequest("from: %v", err)
	}
	if trip.Date, err = rules.ParsePeriod(v.Get("date")); err != nil {
		return badRequest("%v", err)
	}
	verdict, err := s.checker.Check(r.Context(), trip)
	if err != nil {
		return err
	}
	writeJSON(w, 200, verdict)
	return nil
}

func parseAt(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, badRequest("at %q: want YYYY-MM-DD", v)
	}
	return t, nil
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) error {
	id, err := lists.ParseSubjectID(r.PathValue("id"))
	if err != nil {
		return badRequest("%v", err)
	}
	at, err := parseAt(r.URL.Query().Get("at"))
	if err != nil {
		return err
	}
	view, err := lists.ShowEntity(r.Context(), s.st, id, at)
	if err != nil {
		return err
	}
	out := EntityResponse{EntityView: view, SameAs: []screening.Counterpart{}}
	// Counterparts come from the current index; for a past date the lists
	// then may have differed, so they are left out rather than misstated.
	if c, err := s.current(); err == nil && at.IsZero() && view.Subject != nil {
		out.SameAs = c.ix.Counterparts(view.Subject)
	}
	writeJSON(w, 200, out)
	return nil
}

// EntityResponse is a subject as a list stood on a date, with the same
// subject on other lists (only for the latest lists).
type EntityResponse struct {
	*lists.EntityView
	SameAs []screening.Counterpart `json:"same_as"`
}

func (s *Server) apiLists(w http.ResponseWriter, r *http.Request) error {
	st, err := lists.Status(r.Context(), s.st)
	if err != nil {
		return err
	}
	writeJSON(w, 200, st)
	return nil
}

func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) error {
	src, err := lists.ParseSource(r.PathValue("source"))
	if err != nil {
		return badRequest("%v", err)
	}
	from, to, err := versionIDs(r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	if err != nil {
		return err
	}
	d, err := lists.DiffVersions(r.Context(), s.st, src, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, 200, d)
	return nil
}

func versionIDs(from, to string) (int64, int64, error) {
	var ids [2]int64
	for i, v := range []string{from, to} {
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return 0, 0, badRequest("version %q: a version ID", v)
		}
		ids[i] = n
	}
	return ids[0], ids[1], nil
}

// exemptionBody is the JSON of an exemption to create or replace: a row
// of a register file naming one subject.
type exemptionBody rules.ExemptionRow

func (b exemptionBody) exemption() (rules.Exemption, error) {
	es, err := rules.ExemptionRow(b).Exemptions(rules.Recorded)
	if err != nil {
		return rules.Exemption{}, badRequest("%v", err)
	}
	if len(es) != 1 {
		return rules.Exemption{}, badRequest("one subject per exemption (import a register file for several)")
	}
	return es[0], nil
}

func (s *Server) apiExemptions(w http.ResponseWriter, r *http.Request) error {
	var id lists.SubjectID
	if v := r.URL.Query().Get("subject"); v != "" {
		var err error
		if id, err = lists.ParseSubjectID(v); err != nil {
			return badRequest("%v", err)
		}
	}
	read := s.st.Exemptions
	switch v := r.URL.Query().Get("removed"); v {
	case "", "false":
	case "true":
		read = s.st.ExemptionHistory
	default:
		return badRequest("removed %q: want true or false", v)
	}
	es, err := read(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, 200, es)
	return nil
}

func (s *Server) findExemption(ctx context.Context, raw string) (rules.Exemption, error) {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return rules.Exemption{}, badRequest("exemption id %q", raw)
	}
	es, err := s.st.Exemptions(ctx, "")
	if err != nil {
		return rules.Exemption{}, err
	}
	for _, e := range es {
		if e.ID == n {
			return e, nil
		}
	}
	return rules.Exemption{}, fmt.Errorf("exemption %d: %w", n, errNotFound)
}

func (s *Server) apiCreateExemption(w http.ResponseWriter, r *http.Request) error {
	var b exemptionBody
	if err := s.decode(w, r, &b, s.cfg.MaxBody); err != nil {
		return err
	}
	e, err := b.exemption()
	if err != nil {
		return err
	}
	e.CreatedBy = actor(r)
	if e, err = s.st.AddExemption(r.Context(), e); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiExemption(w http.ResponseWriter, r *http.Request) error {
	e, err := s.findExemption(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, 200, e)
	return nil
}

// apiUpdateExemption replaces an exemption: the old record is marked
// removed and the new one recorded, both under the signed-in user, so the
// history keeps every version.
func (s *Server) apiUpdateExemption(w http.ResponseWriter, r *http.Request) error {
	old, err := s.findExemption(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var b exemptionBody
	if err := s.decode(w, r, &b, s.cfg.MaxBody); err != nil {
		return err
	}
	e, err := b.exemption()
	if err != nil {
		return err
	}
	e.CreatedBy = actor(r)
	if err := s.st.RemoveExemption(r.Context(), old.ID, actor(r)); err != nil {
		return err
	}
	if e, err = s.st.AddExemption(r.Context(), e); err != nil {
		return err
	}
	writeJSON(w, 200, e)
	return nil
}

func (s *Server) apiDeleteExemption(w http.ResponseWriter, r *http.Request) error {
	e, err := s.findExemption(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.st.RemoveExemption(r.Context(), e.ID, actor(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func alertFilter(v func(string) string) (alerts.Filter, error) {
	f := alerts.Filter{Regime: v("regime"), Country: strings.ToUpper(v("country"))}
	if st := v("status"); st != "" {
		s, err := alerts.ParseStatus(st)
		if err != nil {
			return f, badRequest("%v", err)
		}
		f.Status = s
	}
	if sub := v("subject"); sub != "" {
		id, err := lists.ParseSubjectID(sub)
		if err != nil {
			return f, badRequest("%v", err)
		}
		f.Subject = id
	}
	return f, nil
}

func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request) error {
	f, err := alertFilter(r.URL.Query().Get)
	if err != nil {
		return err
	}
	as, err := s.st.Alerts(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, 200, as)
	return nil
}

func (s *Server) loadAlert(ctx context.Context, raw string) (alerts.Alert, error) {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return alerts.Alert{}, badRequest("alert id %q", raw)
	}
	a, err := s.st.Alert(ctx, n)
	if errors.Is(err, alerts.ErrNotFound) {
		return a, fmt.Errorf("%w: %v", errNotFound, err)
	}
	if err != nil {
		return a, err
	}
	if change, err := alerts.ListChange(ctx, s.st, a); err == nil {
		a.ListChange = change
	}
	return a, nil
}

func (s *Server) apiAlert(w http.ResponseWriter, r *http.Request) error {
	a, err := s.loadAlert(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, 200, a)
	return nil
}

// reviewBody is a review; the reviewer is the signed-in user, never a name
// the caller types.
type reviewBody struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	a, err := s.loadAlert(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var b reviewBody
	if err := s.decode(w, r, &b, s.cfg.MaxBody); err != nil {
		return err
	}
	st, err := alerts.ParseStatus(b.Status)
	if err != nil {
		return badRequest("%v", err)
	}
	a, err = s.st.Review(r.Context(), a.ID, st, actor(r), b.Note)
	if err != nil {
		return err
	}
	writeJSON(w, 200, a)
	return nil
}
