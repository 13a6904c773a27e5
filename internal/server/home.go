package server

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/news"
)

// homeView is the page an analyst starts the day on: open alerts by
// regime with their newest evidence, the feeds' health, the latest list
// versions.
type homeView struct {
	Regimes []regimeAlerts
	Open    int
	Feeds   []feeds.Feed
	Failing int
	Lists   []lists.SourceStatus
}

type regimeAlerts struct {
	Regime string
	Alerts []homeAlert
}

type homeAlert struct {
	alerts.Alert
	Newest *alerts.Evidence
}

// home gathers the home page; a part that fails is logged and left out,
// so the rest still shows.
func (s *Server) home(r *http.Request) *homeView {
	ctx := r.Context()
	h := &homeView{}
	open, err := s.st.Alerts(ctx, alerts.Filter{Status: alerts.Open, Limit: 200})
	if err != nil {
		s.log.Error("home: open alerts", "err", err)
	}
	ids := make([]int64, len(open))
	for i, a := range open {
		ids[i] = a.ID
	}
	newest, err := s.st.NewestEvidence(ctx, ids)
	if err != nil {
		s.log.Error("home: newest evidence", "err", err)
	}
	h.Open = len(open)
	for _, a := range open {
		regime := cmp.Or(a.Regime, "no regime")
		i := slices.IndexFunc(h.Regimes, func(g regimeAlerts) bool { return g.Regime == regime })
		if i < 0 {
			h.Regimes = append(h.Regimes, regimeAlerts{Regime: regime})
			i = len(h.Regimes) - 1
		}
		ha := homeAlert{Alert: a}
		if e, ok := newest[a.ID]; ok {
			ha.Newest = &e
		}
		h.Regimes[i].Alerts = append(h.Regimes[i].Alerts, ha)
	}
	slices.SortFunc(h.Regimes, func(a, b regimeAlerts) int { return cmp.Compare(a.Regime, b.Regime) })
	if h.Feeds, err = s.st.Feeds(ctx); err != nil {
		s.log.Error("home: feeds", "err", err)
	}
	for _, f := range h.Feeds {
		if f.Health.Failures > 0 {
			h.Failing++
		}
	}
	status, err := lists.Status(ctx, s.st)
	if err != nil {
		s.log.Error("home: lists", "err", err)
	}
	for _, st := range status {
		if st.Latest != nil {
			h.Lists = append(h.Lists, st)
		}
	}
	return h
}

// queueView is the monitor's state: jobs by kind and state, articles by
// state, deliveries per hook.
type queueView struct {
	Jobs     map[string]map[string]int
	States   []string
	Articles map[news.State]int
	Feeds    []feeds.Feed
	Hooks    []hookRow
}

type hookRow struct {
	ID                 int64
	URL                string
	Delivered, Failing int
}

func (s *Server) uiQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := s.basePage(r, "Queue", nil)
	v := queueView{States: []string{"available", "running", "retryable", "scheduled", "completed", "discarded", "cancelled"}}
	var err error
	if v.Jobs, err = s.st.QueueCounts(ctx); err != nil {
		// River's tables exist once a monitor has run
		s.log.Info("queue page: no job queue yet", "err", err)
		v.Jobs = nil
	}
	if v.Articles, err = s.st.ArticleCounts(ctx); err == nil {
		v.Feeds, err = s.st.Feeds(ctx)
	}
	if err == nil {
		v.Hooks, err = s.hookRows(r)
	}
	if err != nil {
		s.uiError(w, "queue", p, err)
		return
	}
	s.render(w, 200, "queue", struct {
		page
		Queue queueView
	}{p, v})
}

func (s *Server) hookRows(r *http.Request) ([]hookRow, error) {
	hs, err := s.st.Hooks(r.Context())
	if err != nil {
		return nil, err
	}
	counts, err := s.st.HookDeliveries(r.Context())
	if err != nil {
		return nil, err
	}
	var out []hookRow
	for _, h := range hs {
		c := counts[h.ID]
		out = append(out, hookRow{ID: h.ID, URL: h.URL, Delivered: c[0], Failing: c[1]})
	}
	return out, nil
}
