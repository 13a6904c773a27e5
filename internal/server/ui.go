package server

import (
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/scan"
	"github.com/vigilhq/vigil/internal/screening"
)

//go:embed web
var webFS embed.FS

var funcs = template.FuncMap{
	"join":  strings.Join,
	"deref": deref,
	"every": fmtEvery,
}

// pages are parsed once: each is the layout plus its content template.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, p := range []string{"search", "subject", "scan", "alerts", "alert", "lists", "diff", "login", "queue", "sources"} {
		out[p] = template.Must(template.New(p).Funcs(funcs).ParseFS(webFS, "web/templates/layout.html", "web/templates/alerttable.html", "web/templates/feedhealth.html", "web/templates/"+p+".html"))
	}
	return out
}()

// page is the data every page template gets.
type page struct {
	Title    string
	Error    string
	Versions []lists.Version
	Form     map[string]string
	// User is who is signed in (nil: nobody); CSRF is the token every
	// form that changes something sends back (bound to the session).
	User *auth.User
	CSRF string
}

// Can reports whether the signed-in user's role allows what needs role
// (so pages show only the forms a user may submit).
func (p page) Can(role string) bool {
	need, err := auth.ParseRole(role)
	return err == nil && p.User != nil && p.User.Role.Allows(need)
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := pages[name].ExecuteTemplate(w, "layout", data); err != nil {
		s.log.Error("render page", "page", name, "err", err)
	}
}

func (s *Server) basePage(r *http.Request, title string, form url.Values, keys ...string) page {
	p := page{Title: title, Form: map[string]string{}}
	if id := identityOf(r); id.user != nil {
		p.User = id.user
		if id.session != nil {
			p.CSRF = id.session.CSRF
		}
	}
	if c := s.cat.Load(); c != nil {
		p.Versions = c.versions
	}
	for _, k := range keys {
		p.Form[k] = form.Get(k)
	}
	return p
}

func (s *Server) uiRoutes(mux *http.ServeMux) {
	static, _ := fs.Sub(webFS, "web/static")
	page := func(pattern string, need auth.Role, h http.HandlerFunc) *accessRule {
		return s.handle(mux, pattern, need, h)
	}
	s.handle(mux, "GET /static/", auth.Anyone, http.StripPrefix("/static/", http.FileServerFS(static)))
	page("GET /{$}", auth.Viewer, s.uiSearch)
	page("GET /subjects/{id}", auth.Viewer, s.uiSubject)
	page("GET /scan", auth.Viewer, s.uiScan)
	page("POST /scan", auth.Analyst, s.uiScan).bodyLimit(scanBodyLimit)
	page("GET /alerts", auth.Viewer, s.uiAlerts)
	page("GET /alerts/{id}", auth.Viewer, s.uiAlert)
	page("POST /alerts/{id}/review", auth.Analyst, s.uiReview)
	page("GET /lists", auth.Viewer, s.uiLists)
	page("GET /queue", auth.Admin, s.uiQueue)
	s.uiSourceRoutes(page)
	page("GET /lists/{source}/diff", auth.Viewer, s.uiDiff)
	page("GET /login", auth.Anyone, s.uiLoginForm)
	page("POST /login", auth.Anyone, s.uiLogin)
	page("POST /logout", auth.Viewer, s.uiLogout)
}

// uiError renders a page with an error message in place of its content.
func (s *Server) uiError(w http.ResponseWriter, name string, p page, err error) {
	status, _ := httpStatus(err)
	p.Error = strings.TrimPrefix(err.Error(), "bad request: ")
	if status == http.StatusInternalServerError {
		s.log.Error("page failed", "page", name, "err", err)
		p.Error = "Something went wrong; the error has been logged."
	}
	s.render(w, status, "search", struct {
		page
		Result    *screening.Result
		Threshold float64
		Home      *homeView
	}{page: p})
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	form := r.URL.Query()
	data := struct {
		page
		Result    *screening.Result
		Threshold float64
		Home      *homeView
	}{page: s.basePage(r, "Search", form, "name", "dob", "nationality", "list"), Threshold: screening.DefaultThreshold}
	if form.Get("name") == "" {
		data.Home = s.home(r)
	} else {
		q, err := queryFromValues(form.Get)
		if err == nil {
			var c *catalog
			if c, err = s.current(); err == nil {
				data.Result = &screening.Result{Query: q, Matches: c.ix.Screen(q), Versions: c.versions}
			}
		}
		if err != nil {
			s.uiError(w, "search", data.page, err)
			return
		}
	}
	data.Title = "Search"
	s.render(w, 200, "search", data)
}

type nameGroup struct {
	Script string
	Names  []lists.Name
}

type timelinePoint struct {
	X              float64
	Color, Country string
	Label          string
}

type axisTick struct {
	X     float64
	Label string
}

func (s *Server) uiSubject(w http.ResponseWriter, r *http.Request) {
	p := s.basePage(r, "Subject", nil)
	id, err := lists.ParseSubjectID(r.PathValue("id"))
	if err != nil {
		s.uiError(w, "subject", p, badRequest("%v", err))
		return
	}
	view, err := lists.ShowEntity(r.Context(), s.st, id, time.Time{})
	if err != nil {
		s.uiError(w, "subject", p, err)
		return
	}
	data := struct {
		page
		View       *lists.EntityView
		NameGroups []nameGroup
		Measures   []rules.ActiveMeasure
		NoMeasures string
		Binds      string
		Trips      []timelinePoint
		Axis       []axisTick
		Alerts     []alerts.Alert
		SameAs     []screening.Counterpart
	}{page: p, View: view}
	if c, err := s.current(); err == nil {
		data.SameAs = c.ix.Counterparts(view.Subject)
	}
	data.Title = view.Subject.PrimaryName()
	for _, n := range view.Subject.Names {
		script := cmp.Or(n.Script, "Other")
		i := slices.IndexFunc(data.NameGroups, func(g nameGroup) bool { return g.Script == script })
		if i < 0 {
			data.NameGroups = append(data.NameGroups, nameGroup{Script: script})
			i = len(data.NameGroups) - 1
		}
		data.NameGroups[i].Names = append(data.NameGroups[i].Names, n)
	}
	data.Measures, data.NoMeasures, data.Binds = s.measuresToday(view)
	data.Alerts, _ = s.st.Alerts(r.Context(), alerts.Filter{Subject: id})
	data.Trips, data.Axis = timeline(data.Alerts)
	s.render(w, 200, "subject", data)
}

// measuresToday lists the measures in force for the subject today.
func (s *Server) measuresToday(view *lists.EntityView) ([]rules.ActiveMeasure, string, string) {
	if !view.Listed {
		return nil, "Not listed today: no measure applies.", ""
	}
	sub := view.Subject
	if src := s.cfg.Registry.Source(sub.Source); src != nil && sub.Source != lists.SourceUN {
		var out []rules.ActiveMeasure
		for _, m := range src.Measures {
			if len(sub.Measures) > 0 && !slices.Contains(sub.Measures, m.Measure) {
				continue // the entry states its own measures
			}
			for _, iv := range m.Intervals {
				out = append(out, rules.ActiveMeasure{Measure: m.Measure, Interval: iv})
			}
		}
		return out, src.Note, rules.ScopeText(cmp.Or(sub.MeasureScope, src.Scope))
	}
	for _, code := range sub.Programs {
		if g := s.cfg.Registry.Regime(code); g != nil {
			var out []rules.ActiveMeasure
			for _, m := range g.InForce(time.Now()) {
				if len(sub.Measures) > 0 && !slices.Contains(sub.Measures, m.Measure) {
					continue // the entry states its own measures
				}
				out = append(out, m)
			}
			return out, "No measure of the " + g.Name + " regime is in force today.", rules.ScopeText("UN")
		}
	}
	return nil, "The subject's regime is not in the registry.", ""
}

// timeline places dated alerts on an axis from the first to the last year.
func timeline(as []alerts.Alert) ([]timelinePoint, []axisTick) {
	type dated struct {
		t time.Time
		a alerts.Alert
	}
	var ds []dated
	for _, a := range as {
		for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
			if t, err := time.Parse(layout, a.Date); err == nil && len(a.Date) == len(layout) {
				ds = append(ds, dated{t, a})
				break
			}
		}
	}
	if len(ds) == 0 {
		return nil, nil
	}
	minY, maxY := ds[0].t.Year(), ds[0].t.Year()
	for _, d := range ds {
		minY, maxY = min(minY, d.t.Year()), max(maxY, d.t.Year())
	}
	start := time.Date(minY, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(maxY+1, 1, 1, 0, 0, 0, 0, time.UTC)
	x := func(t time.Time) float64 { return 20 + 960*float64(t.Sub(start))/float64(end.Sub(start)) }
	var pts []timelinePoint
	for _, d := range ds {
		color := "#067647"
		switch d.a.Verdict {
		case "violation":
			color = "#b42318"
		case "unclear":
			color = "#b54708"
		}
		pts = append(pts, timelinePoint{X: x(d.t), Color: color, Country: d.a.Country, Label: fmt.Sprintf("%s %s: %s (alert #%d)", d.a.Date, d.a.Country, d.a.Verdict, d.a.ID)})
	}
	var axis []axisTick
	for y := minY; y <= maxY+1; y++ {
		axis = append(axis, axisTick{X: x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)), Label: fmt.Sprint(y)})
	}
	return pts, axis
}

// segment is a run of article text, marked or not.
type segment struct {
	Text, Kind, Title string
}

// segments is the article as the scan page marks it: plain, subject and
// place runs with their hover titles.
func segments(text string, res *scan.Result) []segment {
	var out []segment
	for _, sg := range scan.Segments(text, res) {
		switch {
		case sg.Subject != nil:
			out = append(out, segment{Text: sg.Text, Kind: "subject", Title: fmt.Sprintf("%s %s (%.2f)", sg.Subject.ID, sg.Subject.Name, sg.Mention.Confidence)})
		case sg.Place != nil:
			out = append(out, segment{Text: sg.Text, Kind: "place", Title: sg.Place.Name + ", " + sg.Place.Country})
		default:
			out = append(out, segment{Text: sg.Text})
		}
	}
	return out
}

func (s *Server) uiScan(w http.ResponseWriter, r *http.Request) {
	type scanView struct {
		Result   *scan.Result
		Segments []segment
		Alerts   []alerts.Alert
	}
	data := struct {
		page
		Scan *scanView
	}{}
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			data.page = s.basePage(r, "Scan", nil)
			s.uiError(w, "scan", data.page, badRequest("form: %v", err))
			return
		}
	}
	data.page = s.basePage(r, "Scan", r.Form, "text", "url", "published")
	if r.Method == http.MethodPost {
		req := ScanRequest{URL: r.Form.Get("url"), Published: r.Form.Get("published")}
		if strings.HasPrefix(strings.TrimSpace(r.Form.Get("text")), "<") {
			req.HTML = r.Form.Get("text")
		} else {
			req.Text = r.Form.Get("text")
		}
		res, art, err := s.scanArticle(r.Context(), req, actor(r))
		if err != nil {
			data.Error = strings.TrimPrefix(err.Error(), "bad request: ")
			status, _ := httpStatus(err)
			s.render(w, status, "scan", data)
			return
		}
		data.Scan = &scanView{Result: res.Result, Segments: segments(art.Text, res.Result), Alerts: res.Alerts}
	}
	s.render(w, 200, "scan", data)
}

func (s *Server) uiAlerts(w http.ResponseWriter, r *http.Request) {
	data := struct {
		page
		Alerts   []alerts.Alert
		Statuses []string
	}{page: s.basePage(r, "Alerts", r.URL.Query(), "status", "regime", "country"), Statuses: []string{"open", "confirmed", "dismissed"}}
	f, err := alertFilter(r.URL.Query().Get)
	if err == nil {
		data.Alerts, err = s.st.Alerts(r.Context(), f)
	}
	if err != nil {
		data.Error = strings.TrimPrefix(err.Error(), "bad request: ")
	}
	s.render(w, 200, "alerts", data)
}

func (s *Server) uiAlert(w http.ResponseWriter, r *http.Request) {
	a, err := s.loadAlert(r.Context(), r.PathValue("id"))
	p := s.basePage(r, "Alert", nil)
	if err != nil {
		s.uiError(w, "alert", p, err)
		return
	}
	p.Title = fmt.Sprintf("Alert #%d", a.ID)
	s.render(w, 200, "alert", struct {
		page
		Alert alerts.Alert
	}{p, a})
}

func (s *Server) uiReview(w http.ResponseWriter, r *http.Request) {
	p := s.basePage(r, "Alert", nil)
	if err := r.ParseForm(); err != nil {
		s.uiError(w, "alert", p, badRequest("form: %v", err))
		return
	}
	a, err := s.loadAlert(r.Context(), r.PathValue("id"))
	if err != nil {
		s.uiError(w, "alert", p, err)
		return
	}
	st, err := alerts.ParseStatus(r.Form.Get("status"))
	if err != nil {
		s.uiError(w, "alert", p, badRequest("%v", err))
		return
	}
	if _, err := s.st.Review(r.Context(), a.ID, st, actor(r), r.Form.Get("note")); err != nil {
		s.uiError(w, "alert", p, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/alerts/%d", a.ID), http.StatusSeeOther)
}

func (s *Server) uiLists(w http.ResponseWriter, r *http.Request) {
	st, err := lists.Status(r.Context(), s.st)
	data := struct {
		page
		Status []lists.SourceStatus
	}{page: s.basePage(r, "Lists", nil), Status: st}
	if err != nil {
		s.uiError(w, "lists", data.page, err)
		return
	}
	s.render(w, 200, "lists", data)
}

func (s *Server) uiDiff(w http.ResponseWriter, r *http.Request) {
	p := s.basePage(r, "Diff", nil)
	src, err := lists.ParseSource(r.PathValue("source"))
	if err != nil {
		s.uiError(w, "diff", p, badRequest("%v", err))
		return
	}
	from, to, err := versionIDs(r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	if err != nil {
		s.uiError(w, "diff", p, err)
		return
	}
	d, err := lists.DiffVersions(r.Context(), s.st, src, from, to)
	if err != nil {
		s.uiError(w, "diff", p, err)
		return
	}
	s.render(w, 200, "diff", struct {
		page
		Diff *lists.Diff
	}{p, d})
}
