// Package storetest is the contract every storage backend must pass. The
// same suite runs against SQLite and PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/hooks"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/news"
	"github.com/vigilhq/vigil/internal/rules"
)

// Backend is everything a storage backend must provide.
type Backend interface {
	lists.Store
	rules.ExemptionStore
	// ExemptionHistory lists removed exemptions too.
	ExemptionHistory(ctx context.Context, subject lists.SubjectID) ([]rules.Exemption, error)
	alerts.Store
	// AlertIDs lists every alert with a status (re-judging reaches all).
	AlertIDs(ctx context.Context, status alerts.Status) ([]int64, error)
	feeds.Store
	news.Store
	hooks.Store
	AcquireHost(ctx context.Context, host, holder string, now, until time.Time) (bool, time.Time, error)
	ReleaseHost(ctx context.Context, host, holder string, at time.Time) error
	WatchState(ctx context.Context, name string) (string, error)
	SetWatchState(ctx context.Context, name, value string) error
	auth.Store
}

// Opener returns a fresh, empty store for one test.
type Opener func(t *testing.T) Backend

func person(ref, name string, extra ...string) *lists.Subject {
	s := &lists.Subject{
		ID: lists.NewSubjectID(lists.SourceUN, ref), Source: lists.SourceUN, SourceID: ref,
		Kind: lists.KindPerson, Names: []lists.Name{{Full: name, Role: lists.RolePrimary, Script: "Latin"}},
		Programs: []string{"iran"},
	}
	for _, e := range extra {
		s.Names = append(s.Names, lists.Name{Full: e, Role: lists.RoleStrongAlias, Script: "Latin"})
	}
	return s
}

func seq(subs ...*lists.Subject) iter.Seq2[*lists.Subject, error] {
	return func(yield func(*lists.Subject, error) bool) {
		for _, s := range subs {
			if !yield(s, nil) {
				return
			}
		}
	}
}

func failing(after int, subs ...*lists.Subject) iter.Seq2[*lists.Subject, error] {
	return func(yield func(*lists.Subject, error) bool) {
		for i, s := range subs {
			if i == after {
				yield(nil, errors.New("line 42: truncated record"))
				return
			}
			if !yield(s, nil) {
				return
			}
		}
	}
}

func meta(sum string, day string) lists.VersionMeta {
	t, _ := time.Parse(time.DateOnly, day)
	return lists.VersionMeta{Source: lists.SourceUN, SHA256: sum, GeneratedAt: t, GeneratedFrom: "file", FileName: sum + ".xml"}
}

// Run runs the contract suite.
func Run(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("ImportAndHistory", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		v1, err := st.ImportVersion(ctx, meta("a", "2020-01-01"), seq(person("IRi.039", "QASEM SOLEIMANI"), person("IRi.040", "GHASEM SOLEYMANI")))
		if err != nil {
			t.Fatal(err)
		}
		if v1.Added != 2 || v1.Version.Total != 2 || v1.Version.Counts[lists.KindPerson] != 2 {
			t.Errorf("first import = %+v", v1)
		}
		if v, err := st.HasVersion(ctx, lists.SourceUN, "a"); err != nil || v == nil || v.ID != v1.Version.ID {
			t.Errorf("HasVersion(a) = %v, %v", v, err)
		}
		if v, err := st.HasVersion(ctx, lists.SourceUN, "zzz"); err != nil || v != nil {
			t.Errorf("HasVersion(zzz) = %v, %v", v, err)
		}
		// v2: IRi.040 removed, IRi.039 gains an alias, IRi.041 added.
		v2, err := st.ImportVersion(ctx, meta("b", "2021-01-01"), seq(person("IRi.039", "QASEM SOLEIMANI", "Qasim Soleimani"), person("IRi.041", "ALI AKBAR TABATABAEI")))
		if err != nil {
			t.Fatal(err)
		}
		if v2.Added != 1 || v2.Removed != 1 || v2.Changed != 1 {
			t.Errorf("second import = added %d removed %d changed %d, want 1 1 1", v2.Added, v2.Removed, v2.Changed)
		}
		// v3 relists IRi.040 unchanged.
		if _, err := st.ImportVersion(ctx, meta("c", "2022-01-01"), seq(person("IRi.039", "QASEM SOLEIMANI", "Qasim Soleimani"), person("IRi.040", "GHASEM SOLEYMANI"))); err != nil {
			t.Fatal(err)
		}
		vs, err := st.Versions(ctx, lists.SourceUN)
		if err != nil || len(vs) != 3 {
			t.Fatalf("Versions = %d, %v", len(vs), err)
		}
		if !vs[0].GeneratedAt.Before(vs[1].GeneratedAt) || vs[2].SHA256 != "c" {
			t.Errorf("versions not ordered by generation: %+v", vs)
		}
		d, err := lists.DiffVersions(ctx, st, lists.SourceUN, vs[0].ID, vs[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Added) != 1 || d.Added[0].ID != "un:IRi.041" || len(d.Removed) != 1 || d.Removed[0].ID != "un:IRi.040" ||
			len(d.Changed) != 1 || d.Changed[0].Fields[0].Field != "names" {
			t.Errorf("diff = %+v", d)
		}
		at := func(day string) time.Time { t, _ := time.Parse(time.DateOnly, day); return t }
		for _, tc := range []struct {
			day    string
			listed bool
		}{{"2019-06-01", false}, {"2020-01-01", true}, {"2021-06-01", false}, {"2023-01-01", true}} {
			view, err := lists.ShowEntity(ctx, st, "un:IRi.040", at(tc.day))
			if err != nil {
				t.Fatal(err)
			}
			if view.Listed != tc.listed || view.Subject == nil || view.Subject.PrimaryName() != "GHASEM SOLEYMANI" {
				t.Errorf("IRi.040 at %s: listed=%v subject=%v, want listed=%v", tc.day, view.Listed, view.Subject, tc.listed)
			}
		}
		view, err := lists.ShowEntity(ctx, st, "un:IRi.040", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(view.Periods) != 2 || view.Periods[0].RemovedIn == nil || view.Periods[0].RemovedIn.SHA256 != "b" || view.Periods[1].RemovedIn != nil {
			t.Errorf("periods = %+v", view.Periods)
		}
		if _, err := lists.ShowEntity(ctx, st, "un:XXi.999", time.Time{}); !errors.Is(err, lists.ErrNotFound) {
			t.Errorf("unknown subject: err = %v, want ErrNotFound", err)
		}
	})
	t.Run("FailedImportLeavesNothing", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		if _, err := st.ImportVersion(ctx, meta("a", "2020-01-01"), seq(person("IRi.039", "QASEM SOLEIMANI"))); err != nil {
			t.Fatal(err)
		}
		many := make([]*lists.Subject, 0, 1000)
		for i := range 1000 {
			many = append(many, person("QDi."+string(rune('a'+i%26))+time.Duration(i).String(), "NAME"))
		}
		if _, err := st.ImportVersion(ctx, meta("bad", "2021-01-01"), failing(900, many...)); err == nil {
			t.Fatal("import with a failing sequence succeeded")
		}
		if _, err := st.ImportVersion(ctx, meta("dup", "2021-01-01"), seq(person("IRi.039", "A"), person("IRi.039", "B"))); err == nil {
			t.Fatal("import with a duplicate ID succeeded")
		}
		vs, err := st.Versions(ctx, lists.SourceUN)
		if err != nil || len(vs) != 1 {
			t.Fatalf("after failed imports: %d versions, %v", len(vs), err)
		}
		recs, err := st.SubjectRecords(ctx, "un:QDi.a0s")
		if err != nil || len(recs) != 0 {
			t.Errorf("records of a subject from the failed import: %v, %v", recs, err)
		}
		// the same hash can be imported after the failure
		if _, err := st.ImportVersion(ctx, meta("bad", "2021-01-01"), seq(many[:10]...)); err != nil {
			t.Errorf("retry after failure: %v", err)
		}
	})
	t.Run("DuplicateHashRejected", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		if _, err := st.ImportVersion(ctx, meta("a", "2020-01-01"), seq(person("IRi.039", "X"))); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ImportVersion(ctx, meta("a", "2020-01-02"), seq(person("IRi.039", "X"))); err == nil {
			t.Error("a second version with the same hash was accepted")
		}
	})
	t.Run("SubjectsRoundTrip", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		s := person("IRi.039", "QASEM SOLEIMANI", "قاسم سليماني")
		s.BirthDates = []lists.BirthDate{{Date: "1957-03-11", Precision: lists.PrecisionDay}}
		s.Documents = []lists.Document{{Type: "Passport", Number: "008827", Country: "IR"}}
		s.Measures = []lists.Measure{lists.MeasureTravelBan}
		res, err := st.ImportVersion(ctx, meta("a", "2020-01-01"), seq(s))
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.SubjectsIn(ctx, res.Version.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("SubjectsIn = %v, %v", got, err)
		}
		if f := lists.FieldChanges(s, got[0]); len(f) != 0 {
			t.Errorf("stored subject differs: %+v", f)
		}
		if _, err := st.Version(ctx, 99999); !errors.Is(err, lists.ErrNotFound) {
			t.Errorf("Version(99999) err = %v", err)
		}
	})
	t.Run("PublisherDateAndRefresh", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		// Generated in the evening of 3 July in New York: 4 July in UTC.
		gen, _ := time.Parse(time.RFC3339, "2017-07-03T20:27:45-04:00")
		m := lists.VersionMeta{Source: lists.SourceUN, SHA256: "ny", GeneratedAt: gen, GeneratedFrom: "file", FileName: "ny.xml"}
		old := person("LYi.009", "AISHA QADHAFI")
		v1, err := st.ImportVersion(ctx, m, seq(old))
		if err != nil {
			t.Fatal(err)
		}
		if got := v1.Version.GeneratedAt.Format(time.DateOnly); got != "2017-07-03" || !v1.Version.GeneratedAt.Equal(gen) || v1.Version.RecordRevision != lists.RecordRevision {
			t.Errorf("stored version generated %s (%v), revision %d; want the publisher's 2017-07-03, revision %d", got, v1.Version.GeneratedAt, v1.Version.RecordRevision, lists.RecordRevision)
		}
		day, _ := time.Parse(time.DateOnly, "2017-07-03")
		vs, _ := st.Versions(ctx, lists.SourceUN)
		if v := lists.VersionOn(vs, day); v == nil || v.ID != v1.Version.ID {
			t.Errorf("VersionOn(2017-07-03) = %+v, want version %d", v, v1.Version.ID)
		}
		// Read again (a newer record format): same ID, new records.
		amended := person("LYi.009", "AISHA QADHAFI")
		amended.Amended = []string{"2016-11-11", "2023-10-16"}
		m.Replace = v1.Version.ID
		v2, err := st.ImportVersion(ctx, m, seq(amended))
		if err != nil || !v2.Refreshed || v2.Version.ID != v1.Version.ID || v2.Version.Total != 1 {
			t.Fatalf("refresh = %+v, %v", v2, err)
		}
		recs, err := st.SubjectRecords(ctx, "un:LYi.009")
		if err != nil || len(recs) != 1 || len(recs[v1.Version.ID].Amended) != 2 {
			t.Errorf("records after refresh = %+v, %v", recs, err)
		}
		if vs, _ := st.Versions(ctx, lists.SourceUN); len(vs) != 1 {
			t.Errorf("a refresh added a version: %+v", vs)
		}
		m.Replace = 99999
		if _, err := st.ImportVersion(ctx, m, seq(amended)); !errors.Is(err, lists.ErrNotFound) {
			t.Errorf("refreshing an unknown version: %v, want ErrNotFound", err)
		}
	})
	t.Run("Exemptions", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		a, err := st.AddExemption(ctx, rules.Exemption{Subject: "un:IRi.039", Destinations: []string{"RU", "SY"}, From: "2017-04-01", To: "2017-04-30", Reference: "1737/2017/EX-1", Note: "religious pilgrimage", CreatedBy: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.AddExemption(ctx, rules.Exemption{Subject: "un:KPi.033", Reference: "1718/EX-9"})
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || b.ID == a.ID || a.CreatedAt.IsZero() || a.CreatedBy != "alice" {
			t.Errorf("ids %d, %d; created %v", a.ID, b.ID, a.CreatedAt)
		}
		got, err := st.Exemptions(ctx, "un:IRi.039")
		if err != nil || len(got) != 1 || got[0].Reference != "1737/2017/EX-1" || len(got[0].Destinations) != 2 || got[0].To != "2017-04-30" {
			t.Fatalf("Exemptions(IRi.039) = %+v, %v", got, err)
		}
		all, _ := st.Exemptions(ctx, "")
		if len(all) != 2 || all[1].Destinations != nil {
			t.Errorf("all exemptions = %+v", all)
		}
		if err := st.RemoveExemption(ctx, a.ID, "bob"); err != nil {
			t.Fatal(err)
		}
		if err := st.RemoveExemption(ctx, a.ID, "bob"); !errors.Is(err, lists.ErrNotFound) {
			t.Errorf("second removal: %v, want ErrNotFound", err)
		}
		if err := st.RemoveExemption(ctx, 99999, "bob"); !errors.Is(err, lists.ErrNotFound) {
			t.Errorf("removal of an unknown exemption: %v, want ErrNotFound", err)
		}
		if got, _ := st.Exemptions(ctx, "un:IRi.039"); len(got) != 0 {
			t.Errorf("after removal: %+v", got)
		}
		// no hard delete: the history keeps the removed exemption, who
		// recorded it and who removed it
		hist, err := st.ExemptionHistory(ctx, "un:IRi.039")
		if err != nil || len(hist) != 1 || hist[0].ID != a.ID || hist[0].CreatedBy != "alice" || hist[0].RemovedBy != "bob" || hist[0].RemovedAt == nil {
			t.Errorf("ExemptionHistory(IRi.039) = %+v, %v", hist, err)
		}
		if all, _ := st.ExemptionHistory(ctx, ""); len(all) != 2 || all[1].RemovedAt != nil {
			t.Errorf("whole history = %+v", all)
		}
		batch := []rules.Exemption{
			{Subject: "un:TAi.004", Destinations: []string{"QA", "NO"}, From: "2019-06-01", To: "2019-06-30", Reference: "SC/0000", Committee: "1988", Purpose: "peace talks", Source: "press release SC/0000 of 1 June 2019"},
			{Subject: "un:TAi.026", Reference: "SC/0000", Committee: "1988", CreatedBy: "carol"},
		}
		added, err := st.AddExemptions(ctx, batch)
		if err != nil || len(added) != 2 || added[0].ID == 0 || added[1].ID <= added[0].ID || added[0].Origin != rules.Recorded {
			t.Fatalf("AddExemptions = %+v, %v", added, err)
		}
		got, err = st.Exemptions(ctx, "un:TAi.026")
		if err != nil || len(got) != 1 || got[0].CreatedBy != "carol" {
			t.Errorf("batch keeps who recorded it: %+v, %v", got, err)
		}
		got, err = st.Exemptions(ctx, "un:TAi.004")
		if err != nil || len(got) != 1 || got[0].Committee != "1988" || got[0].Purpose != "peace talks" || got[0].Source != batch[0].Source || got[0].Origin != rules.Recorded || got[0].ID != added[0].ID {
			t.Errorf("provenance round trip: %+v, %v", got, err)
		}
	})
	t.Run("Users", func(t *testing.T) { testUsers(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open(t)) })
	t.Run("Alerts", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		rep := func(date, source string) alerts.Report {
			return alerts.Report{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Regime: "iran", Country: "RU", Date: date, Verdict: "violation",
				Evidence: alerts.Evidence{Source: source, Quote: "visited Moscow", Place: "Moscow", Date: date, Verdict: "violation", Reasons: []string{"1929 (2010), paragraph 10"}}}
		}
		a, filed, err := st.FileReport(ctx, rep("2017-04-12", "https://a.example/1"), "scanner")
		if err != nil || filed != alerts.Created || a.Status != alerts.Open || len(a.Evidence) != 1 {
			t.Fatalf("first report: %+v %v %v", a, filed, err)
		}
		// the same trip reported elsewhere, and undated: one alert
		b, filed, err := st.FileReport(ctx, rep("2017-04", "https://b.example/2"), "scanner")
		if err != nil || filed != alerts.Added || b.ID != a.ID || len(b.Evidence) != 1 || b.Evidence[0].Source != "https://b.example/2" {
			t.Fatalf("second report: %+v %v %v", b, filed, err)
		}
		if full, err := st.Alert(ctx, a.ID); err != nil || len(full.Evidence) != 2 || len(full.Audit) != 2 {
			t.Fatalf("alert after two reports: %+v %v", full, err)
		}
		if c, filed, _ := st.FileReport(ctx, rep("", "https://c.example/3"), "scanner"); filed != alerts.Added || c.ID != a.ID {
			t.Errorf("undated report opened alert %d", c.ID)
		}
		// a trip two years earlier is another alert
		d, filed, err := st.FileReport(ctx, rep("2015", "https://d.example/4"), "scanner")
		if err != nil || filed != alerts.Created || d.ID == a.ID {
			t.Fatalf("2015 report: %+v %v %v", d, filed, err)
		}
		r, err := st.Review(ctx, a.ID, alerts.Confirmed, "analyst@example.org", "photo evidence")
		if err != nil || r.Status != alerts.Confirmed {
			t.Fatalf("review: %+v %v", r, err)
		}
		last := r.Audit[len(r.Audit)-1]
		if last.Action != "review" || last.From != alerts.Open || last.To != alerts.Confirmed || last.Actor != "analyst@example.org" || last.Note != "photo evidence" {
			t.Errorf("audit = %+v", r.Audit)
		}
		open, err := st.Alerts(ctx, alerts.Filter{Status: alerts.Open})
		if err != nil || len(open) != 1 || open[0].ID != d.ID {
			t.Errorf("open alerts = %+v, %v", open, err)
		}
		if all, _ := st.Alerts(ctx, alerts.Filter{Country: "RU", Regime: "iran"}); len(all) != 2 {
			t.Errorf("filtered alerts = %d", len(all))
		}
		if _, err := st.Review(ctx, 9999, alerts.Dismissed, "x", ""); !errors.Is(err, alerts.ErrNotFound) {
			t.Errorf("review of a missing alert: %v", err)
		}
	})
	runWatch(t, open)
	runImports(t, open)
}
