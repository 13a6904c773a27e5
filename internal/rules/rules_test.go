package rules_test

import (
	"context"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/realdata"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/store"
)

func TestDefaultRegistry(t *testing.T) {
	reg := rules.Default()
	for _, code := range []string{"al-qaida", "taliban", "dprk", "iran", "iraq", "libya", "drc", "car", "sudan", "south-sudan", "somalia", "yemen", "guinea-bissau", "haiti"} {
		g := reg.Regime(code)
		if g == nil {
			t.Errorf("regime %s missing", code)
			continue
		}
		if g.Committee == "" || len(g.Measures) == 0 {
			t.Errorf("regime %s has no committee or measures", code)
		}
	}
	iran := reg.Regime("iran").Measure(lists.MeasureTravelBan)
	want := []struct{ from, to, res, para string }{
		{"2006-12-23", "2010-06-09", "1737 (2006)", "10"},
		{"2010-06-09", "2016-01-16", "1929 (2010)", "10"},
		{"2016-01-16", "2020-10-18", "2231 (2015)", "Annex B, paragraph 6(e)"},
		{"2025-09-28", "", "1929 (2010)", "10"},
	}
	for i, w := range want {
		iv := iran.Intervals[i]
		if iv.From != w.from || iv.To != w.to || iv.Basis.Resolution != w.res || iv.Basis.Paragraph != w.para {
			t.Errorf("Iran travel ban interval %d = %+v, want %+v", i, iv, w)
		}
	}
	if iran.Intervals[0].Status != rules.Vigilance {
		t.Error("the 1737/1747 period must be vigilance only")
	}
	if reg.Regime("iraq").Measure(lists.MeasureTravelBan) != nil {
		t.Error("the Iraq regime has no travel ban")
	}
}

func TestParseRegistryErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{`, "unexpected end"},
		{`{"regimes":[{"name":"x"}]}`, "no code"},
		{`{"regimes":[{"code":"x","measures":[{"measure":"travel_ban","intervals":[{"from":"2020-13-01","status":"binding"}]}]}]}`, "not YYYY-MM-DD"},
		{`{"regimes":[{"code":"x","measures":[{"measure":"travel_ban","intervals":[{"from":"2020-01-01","to":"2019-01-01","status":"binding"}]}]}]}`, "ends before"},
		{`{"regimes":[{"code":"x","measures":[{"measure":"travel_ban","intervals":[{"status":"maybe"}]}]}]}`, "status"},
	}
	for _, tt := range tests {
		if _, err := rules.Parse([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) = %v, want error with %q", tt.in, err, tt.want)
		}
	}
	path := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(path, []byte(`{"regimes":[{"code":"only","measures":[]}]}`), 0o644)
	reg, err := rules.Load(path)
	if err != nil || reg.Regime("only") == nil || reg.Regime("iran") != nil {
		t.Errorf("Load = %+v, %v", reg, err)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct{ in, start, end, prec string }{
		{"2017-04-12", "2017-04-12", "2017-04-12", "day"},
		{"2016-02", "2016-02-01", "2016-02-29", "month"},
		{"2015", "2015-01-01", "2015-12-31", "year"},
	}
	for _, tt := range tests {
		p, err := rules.ParsePeriod(tt.in)
		if err != nil || p.Start.Format(time.DateOnly) != tt.start || p.End.Format(time.DateOnly) != tt.end || p.Precision != tt.prec {
			t.Errorf("ParsePeriod(%q) = %+v, %v", tt.in, p, err)
		}
	}
	for _, bad := range []string{"2017-02-30", "2017-13", "17", "yesterday", ""} {
		if _, err := rules.ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

// memStore is a minimal in-memory lists.Store and ExemptionStore.
type memStore struct {
	versions   []lists.Version
	records    map[lists.SubjectID]map[int64]*lists.Subject
	exemptions []rules.Exemption
}

func (m *memStore) HasVersion(context.Context, lists.Source, string) (*lists.Version, error) {
	return nil, nil
}
func (m *memStore) ImportVersion(context.Context, lists.VersionMeta, iter.Seq2[*lists.Subject, error]) (lists.ImportResult, error) {
	return lists.ImportResult{}, errors.New("read only")
}
func (m *memStore) Versions(_ context.Context, src lists.Source) ([]lists.Version, error) {
	var out []lists.Version
	for _, v := range m.versions {
		if v.Source == src {
			out = append(out, v)
		}
	}
	return out, nil
}
func (m *memStore) Version(context.Context, int64) (*lists.Version, error) {
	return nil, lists.ErrNotFound
}
func (m *memStore) SubjectsIn(context.Context, int64) ([]*lists.Subject, error) {
	return nil, nil
}
func (m *memStore) SubjectRecords(_ context.Context, id lists.SubjectID) (map[int64]*lists.Subject, error) {
	return m.records[id], nil
}
func (m *memStore) Close() error { return nil }
func (m *memStore) AddExemption(_ context.Context, e rules.Exemption) (rules.Exemption, error) {
	e.ID = int64(len(m.exemptions) + 1)
	m.exemptions = append(m.exemptions, e)
	return e, nil
}
func (m *memStore) AddExemptions(ctx context.Context, es []rules.Exemption) ([]rules.Exemption, error) {
	var out []rules.Exemption
	for _, e := range es {
		e, _ = m.AddExemption(ctx, e)
		out = append(out, e)
	}
	return out, nil
}
func (m *memStore) Exemptions(_ context.Context, id lists.SubjectID) ([]rules.Exemption, error) {
	var out []rules.Exemption
	for _, e := range m.exemptions {
		if e.Subject == id {
			out = append(out, e)
		}
	}
	return out, nil
}
func (m *memStore) RemoveExemption(context.Context, int64, string) error { return nil }

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

// fixture: one version in 2024 listing a Yemen subject (since 2014), an
// OFAC subject, and an EU-scoped registry source for a synthetic "eu" list.
func fixture() *memStore {
	yemen := &lists.Subject{ID: "un:YEi.001", Source: "un", Kind: lists.KindPerson, ListedOn: "2014-11-07", Programs: []string{"yemen"},
		Names: []lists.Name{{Full: "ABD AL-KHALIQ AL-HOUTHI", Role: lists.RolePrimary}}, Nationalities: []string{"YE"}}
	ofacSubj := &lists.Subject{ID: "ofac:1", Source: "ofac", Kind: lists.KindPerson, Names: []lists.Name{{Full: "X", Role: lists.RolePrimary}}}
	person := func(id lists.SubjectID, scope string, ms ...lists.Measure) *lists.Subject {
		src, ref := id.Split()
		return &lists.Subject{ID: id, Source: src, SourceID: ref, Kind: lists.KindPerson, ListedOn: "2020-01-01",
			Names: []lists.Name{{Full: "Y", Role: lists.RolePrimary}}, Measures: ms, MeasureScope: scope}
	}
	return &memStore{
		versions: []lists.Version{
			{ID: 1, Source: "un", GeneratedAt: day("2024-01-01")},
			{ID: 2, Source: "un", GeneratedAt: day("2025-01-01")},
			{ID: 3, Source: "ofac", GeneratedAt: day("2024-01-01")},
			{ID: 4, Source: "eu", GeneratedAt: day("2024-01-01")},
			{ID: 5, Source: "uk", GeneratedAt: day("2024-01-01")},
			{ID: 6, Source: "ofsi", GeneratedAt: day("2024-01-01")},
		},
		records: map[lists.SubjectID]map[int64]*lists.Subject{
			"un:YEi.001": {1: yemen, 2: yemen},
			"ofac:1":     {3: ofacSubj},
			"eu:EU.1.1":  {4: person("eu:EU.1.1", "EU", lists.MeasureAssetFreeze, lists.MeasureTravelBan)},
			"eu:EU.2.2":  {4: person("eu:EU.2.2", "EU", lists.MeasureAssetFreeze)},
			"uk:RUS0001": {5: person("uk:RUS0001", "GB", lists.MeasureAssetFreeze, lists.MeasureTravelBan)},
			"uk:BEL0001": {5: person("uk:BEL0001", "GB", lists.MeasureAssetFreeze)},
			"ofsi:12345": {6: person("ofsi:12345", "GB", lists.MeasureAssetFreeze)},
		},
	}
}

func TestVerdictsOnFixture(t *testing.T) {
	ctx := context.Background()
	st := fixture()
	st.AddExemption(ctx, rules.Exemption{Subject: "un:YEi.001", Destinations: []string{"SA"}, From: "2024-06-01", To: "2024-06-30", Reference: "2140/EX/2024-3"})
	ch := &rules.Checker{Lists: st, Exemptions: st, Registry: rules.Default()}
	tests := []struct {
		name, id, to, date string
		want               rules.Verdict
		reason             string
	}{
		{"travel ban", "un:YEi.001", "FR", "2024-03-01", rules.Violation, "2140 (2014)"},
		{"own country", "un:YEi.001", "YE", "2024-03-01", rules.OwnCountry, "own country"},
		{"exemption", "un:YEi.001", "SA", "2024-06-10", rules.Exempt, "2140/EX/2024-3"},
		{"exemption elsewhere", "un:YEi.001", "OM", "2024-06-10", rules.Violation, ""},
		{"exemption for part of the month", "un:YEi.001", "SA", "2024-06", rules.Exempt, ""},
		{"before listing", "un:YEi.001", "FR", "2013-01-01", rules.NotListed, "listed on 2014-11-07"},
		{"year of listing", "un:YEi.001", "FR", "2014", rules.Unclear, ""},
		{"ofac: no travel ban", "ofac:1", "FR", "2024-03-01", rules.NotBanned, "no travel ban"},
		{"eu: travel ban in a Member State", "eu:EU.1.1", "FR", "2024-03-01", rules.Violation, "EU Member States"},
		{"eu: outside the EU", "eu:EU.1.1", "RU", "2024-03-01", rules.NotBanned, "not one of them"},
		{"eu: financial-only listing", "eu:EU.2.2", "FR", "2024-03-01", rules.NotBanned, "the entry states its measures (asset_freeze); no travel ban"},
		{"uk: travel ban in the UK", "uk:RUS0001", "GB", "2024-03-01", rules.Violation, "the United Kingdom"},
		{"uk: travel ban does not bind France", "uk:RUS0001", "FR", "2024-03-01", rules.NotBanned, "not one of them"},
		{"uk: asset freeze only", "uk:BEL0001", "GB", "2024-03-01", rules.NotBanned, "no travel ban"},
		{"ofsi: asset-freeze list", "ofsi:12345", "GB", "2024-03-01", rules.NotBanned, "FCDO UK Sanctions List"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := rules.ParsePeriod(tt.date)
			v, err := ch.Check(ctx, rules.Trip{Subject: lists.SubjectID(tt.id), To: tt.to, Date: p})
			if err != nil {
				t.Fatal(err)
			}
			if v.Verdict != tt.want {
				t.Fatalf("verdict %s, want %s; reasons %+v", v.Verdict, tt.want, v.Reasons)
			}
			var all []string
			for _, r := range v.Reasons {
				all = append(all, r.Text)
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.reason) {
				t.Errorf("reasons %q do not mention %q", all, tt.reason)
			}
		})
	}
	if _, err := ch.Check(ctx, rules.Trip{Subject: "un:XXi.001", To: "FR", Date: rules.Period{Start: day("2024-01-01"), End: day("2024-01-01")}}); !errors.Is(err, rules.ErrUnknownSubject) {
		t.Errorf("unknown subject: %v", err)
	}
	if _, err := ch.Check(ctx, rules.Trip{Subject: "un:YEi.001", To: "ZZ"}); err == nil {
		t.Error("unknown country accepted")
	}
}

func TestScope(t *testing.T) {
	if !rules.Binds("EU", "FR") || rules.Binds("EU", "RU") || !rules.Binds("UN", "RU") || !rules.Binds("GB", "GB") || rules.Binds("GB", "FR") {
		t.Error("Binds gives wrong answers")
	}
}

// TestRealVerdicts is the table, on every UN snapshot in shared/data.
func TestRealVerdicts(t *testing.T) {
	dir := realdata.Path(t, "lists", "un")
	files, _ := filepath.Glob(filepath.Join(dir, "consolidated-*.xml*"))
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, f := range files {
		if _, err := ingest.Import(ctx, st, lists.SourceUN, f, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AddExemption(ctx, rules.Exemption{Subject: "un:KPi.033", Destinations: []string{"CN"}, From: "2026-03-01", To: "2026-03-31", Reference: "1718/EX/2026-1"}); err != nil {
		t.Fatal(err)
	}
	ch := &rules.Checker{Lists: lists.Cache(st), Exemptions: st, Registry: rules.Default()}
	tests := []struct {
		id, to, date string
		want         rules.Verdict
		cite         string
	}{
		{"un:IRi.039", "RU", "2015-07-24", rules.Violation, "1929 (2010), paragraph 10"},
		{"un:IRi.039", "RU", "2017-04-12", rules.Violation, "2231 (2015)"},
		{"un:IRi.039", "IR", "2017-04-12", rules.OwnCountry, ""},
		{"un:IRi.039", "RU", "2021-06-01", rules.NotBanned, ""},
		{"un:IRi.039", "RU", "2025-12-15", rules.Violation, "snapback"},
		{"un:IQi.019", "JO", "2026-01-15", rules.NotBanned, "no travel ban"},
		{"un:GBi.005", "SN", "2026-01-15", rules.Violation, "2048 (2012)"},
		{"un:LYi.009", "EG", "2026-01-15", rules.NotBanned, "asset_freeze"},
		{"un:KPi.033", "CN", "2026-03-10", rules.Exempt, "1718/EX/2026-1"},
		{"un:IRi.039", "RU", "2020", rules.Unclear, ""},
		{"un:IRi.039", "RU", "2010", rules.Unclear, ""},
		{"un:IRi.039", "RU", "2006-01-01", rules.NotListed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id+"_"+tt.to+"_"+tt.date, func(t *testing.T) {
			p, err := rules.ParsePeriod(tt.date)
			if err != nil {
				t.Fatal(err)
			}
			v, err := ch.Check(ctx, rules.Trip{Subject: lists.SubjectID(tt.id), To: tt.to, Date: p})
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, r := range v.Reasons {
				all = append(all, r.Text)
			}
			if v.Verdict != tt.want {
				t.Fatalf("verdict %s, want %s; reasons:\n%s", v.Verdict, tt.want, strings.Join(all, "\n"))
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.cite) {
				t.Errorf("reasons do not cite %q:\n%s", tt.cite, strings.Join(all, "\n"))
			}
		})
	}
}
