package rules_test

import (
	"context"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"slices"
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

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2017-04-12", "2016-02", "2015", "2015-13-45", "+017-01-05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := rules.ParsePeriod(s)
		if err != nil {
			if strings.Contains(err.Error(), "parsing time") {
				t.Fatalf("Go's parser text: %v", err)
			}
			return
		}
		if p.End.Before(p.Start) || p.Text != s {
			t.Fatalf("ParsePeriod(%q) = %+v", s, p)
		}
		if _, err := time.Parse(map[string]string{"day": time.DateOnly, "month": "2006-01", "year": "2006"}[p.Precision], s); err != nil {
			t.Fatalf("ParsePeriod accepted %q, which is no date: %v", s, err)
		}
	})
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
	for _, bad := range []struct{ in, want string }{
		{"2017-02-30", `date "2017-02-30": February 2017 has no day 30 (want YYYY-MM-DD, YYYY-MM or YYYY)`},
		{"2015-13-45", `date "2015-13-45": there is no month 13 (want YYYY-MM-DD, YYYY-MM or YYYY)`},
		{"2017-13", "there is no month 13"},
		{"2016-02-30", "February 2016 has no day 30"},
		{"0000", "there is no year 0"},
		{"17", "not a date"},
		{"2017-1-5", "not a date"},
		{"+017-01-05", "not a date"},
		{"yesterday", "not a date"},
		{"", "not a date"},
	} {
		if _, err := rules.ParsePeriod(bad.in); err == nil || !strings.Contains(err.Error(), bad.want) || strings.Contains(err.Error(), "parsing time") {
			t.Errorf("ParsePeriod(%q) = %v, want an error saying %q", bad.in, err, bad.want)
		}
	}
	if p, err := rules.ParsePeriod("2016-02-29"); err != nil || p.Precision != "day" {
		t.Errorf("a leap day: %+v, %v", p, err)
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
		{"before listing", "un:YEi.001", "FR", "2013-01-01", rules.NotBanned, "listed on 2014-11-07"},
		{"own country before listing", "un:YEi.001", "YE", "2013-01-01", rules.OwnCountry, "own country"},
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

// TestRealVerdicts is issue #14's table over the real list history: every
// UN snapshot in shared/data imported in date order, the shipped register
// of published exemptions, one exemption of the user's.
func TestRealVerdicts(t *testing.T) {
	dir := realdata.Path(t, "lists", "un")
	files, _ := filepath.Glob(filepath.Join(dir, "consolidated-*.xml*"))
	slices.Sort(files)
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
	ch := &rules.Checker{Lists: lists.Cache(st), Exemptions: st, Register: rules.DefaultRegister(), Registry: rules.Default()}
	tests := []struct {
		name, id, to, date string
		want               rules.Verdict
		cite               []string
	}{
		// Aisha Qadhafi: travel ban lifted on 16 October 2023, a change the
		// 2024 version shows and its LAST_DAY_UPDATED dates; before it, the
		// 1970 Committee's six-month humanitarian exemptions (register).
		{"LYi.009 before the amendment", "un:LYi.009", "TN", "2019-06-01", rules.Violation, []string{"1970 (2011), paragraph 15", "until 2023-10-15"}},
		{"LYi.009 before the amendment, humanitarian exemption", "un:LYi.009", "TN", "2023-01-01", rules.Exempt, []string{"the 1970 Committee's exemption", "SC/15124", "humanitarian"}},
		{"LYi.009 the day before", "un:LYi.009", "TN", "2023-10-15", rules.Exempt, []string{"from 2023-06-01 to 2023-11-30"}},
		{"LYi.009 on the amendment", "un:LYi.009", "TN", "2023-10-16", rules.NotBanned, []string{"dated by its amendment of 2023-10-16"}},
		{"LYi.009 after the amendment", "un:LYi.009", "TN", "2024-01-01", rules.NotBanned, []string{"asset_freeze", "2023-10-16"}},
		{"LYi.009 the month of the amendment", "un:LYi.009", "TN", "2023-10", rules.Exempt, []string{"2023-10-01 to 2023-10-15 exempt; 2023-10-16 to 2023-10-31 not_banned"}},
		{"LYi.009 2023: exempt, then lifted", "un:LYi.009", "TN", "2023", rules.Exempt, []string{"2023-01-01 to 2023-10-15 exempt; 2023-10-16 to 2023-12-31 not_banned"}},
		{"LYi.009 2022: between two exemptions", "un:LYi.009", "TN", "2022", rules.Unclear, []string{"2022-01-01 to 2022-05-31 exempt; 2022-06-01 to 2022-11-30 violation; 2022-12-01 to 2022-12-31 exempt"}},
		{"LYi.009 asset freeze only", "un:LYi.009", "EG", "2026-01-15", rules.NotBanned, []string{"the entry states its measures (asset_freeze)"}},
		// Safia Farkash: travel ban lifted on 31 January 2024.
		{"LYi.019 before the amendment", "un:LYi.019", "EG", "2020-06-01", rules.Violation, []string{"1970 (2011), paragraph 15"}},
		{"LYi.019 before the amendment, humanitarian exemption", "un:LYi.019", "EG", "2024-01-30", rules.Exempt, []string{"SC/15507"}},
		{"LYi.019 after the amendment", "un:LYi.019", "EG", "2024-01-31", rules.NotBanned, []string{"dated by its amendment of 2024-01-31"}},
		// Soleimani through the Iran phases.
		{"IRi.039 2010: vigilance, then 1929", "un:IRi.039", "RU", "2010", rules.Unclear, []string{"only vigilance", "2010-06-09 to 2010-12-31 violation"}},
		{"IRi.039 2015: 1929", "un:IRi.039", "RU", "2015-07-24", rules.Violation, []string{"1929 (2010), paragraph 10"}},
		{"IRi.039 2016: 1929, then 2231", "un:IRi.039", "RU", "2016", rules.Violation, []string{"1929 (2010), paragraph 10", "2231 (2015), Annex B, paragraph 6(e)"}},
		{"IRi.039 2017 own country", "un:IRi.039", "IR", "2017-04-12", rules.OwnCountry, nil},
		{"IRi.039 2020-10: the 2231 ban ends on the 18th", "un:IRi.039", "RU", "2020-10", rules.Unclear, []string{"2020-10-01 to 2020-10-17 violation; 2020-10-18 to 2020-10-31 not_banned"}},
		{"IRi.039 2021: no travel ban", "un:IRi.039", "RU", "2021", rules.NotBanned, []string{"no travel ban was in force"}},
		{"IRi.039 2024: off the list", "un:IRi.039", "RU", "2024-06-01", rules.NotListed, []string{"removed as a whole on 2023-10-18"}},
		{"IRi.039 2025-10: snapback", "un:IRi.039", "RU", "2025-10", rules.Violation, []string{"restored as a whole on 2025-09-28", "snapback"}},
		{"IRi.039 before listing", "un:IRi.039", "RU", "2006-01-01", rules.NotBanned, []string{"listed on 2007-03-24"}},
		// The Taliban's Doha team: the standing exemption (register), then
		// case by case.
		{"TAi.024 2020 Doha team", "un:TAi.024", "PK", "2020-08-25", rules.Exempt, []string{"the 1988 Committee's exemption", "Vigil's register", "rferl.org"}},
		{"TAi.067 2021 Tehran talks", "un:TAi.067", "IR", "2021-07-07", rules.Exempt, []string{"the 1988 Committee's exemption"}},
		{"TAi.067 2023 no exemption", "un:TAi.067", "AE", "2023-06-01", rules.Violation, []string{"1988 (2011), paragraph 1(b)"}},
		{"TAi.026 2023 published exemption", "un:TAi.026", "PK", "2023-05-07", rules.Exempt, []string{"approval of 1 May 2023", "app.com.pk"}},
		{"TAi.026 2023 outside it", "un:TAi.026", "PK", "2023-05-10", rules.Violation, nil},
		{"TAi.026 Doha team own country", "un:TAi.026", "AF", "2020-08-25", rules.OwnCountry, nil},
		// An entry absent from the first version, listed again later with
		// an older listing date: the days in between are undecided, and
		// the reason gives the listing date.
		{"IRi.040 before the first version", "un:IRi.040", "RU", "2016-05-01", rules.Unclear, []string{"listed on 2008-03-03", "absent from un version 1 of 2017-06-20"}},
		// Others.
		{"KPi.042 Olympics exemption", "un:KPi.042", "KR", "2018-02-10", rules.Exempt, []string{"1718 Committee's exemption"}},
		{"KPi.042 before listing", "un:KPi.042", "KR", "2017-01-01", rules.NotBanned, []string{"listed on 2017-06-02"}},
		{"IQi.019 asset freeze regime", "un:IQi.019", "JO", "2026-01-15", rules.NotBanned, []string{"no travel ban"}},
		{"GBi.005", "un:GBi.005", "SN", "2026-01-15", rules.Violation, []string{"2048 (2012)"}},
		{"KPi.033 your register", "un:KPi.033", "CN", "2026-03-10", rules.Exempt, []string{"1718/EX/2026-1", "in your register"}},
	}
	// Undated trips, as the scanner checks them: over a window.
	for _, w := range []struct {
		id, to, from, until string
		want                rules.Verdict
		parts               int
	}{
		{"un:LYi.009", "TN", "2023-01-01", "2024-06-30", rules.Exempt, 2},
		{"un:LYi.009", "TN", "2019-01-01", "2024-06-30", rules.Unclear, 5},
		{"un:LYi.009", "TN", "2024-01-01", "2025-12-31", rules.NotBanned, 0},
		{"un:TAi.024", "PK", "2019-06-01", "2021-06-01", rules.Exempt, 0},
		{"un:TAi.024", "PK", "2022-06-01", "2023-06-01", rules.Unclear, 2},
		{"un:IRi.039", "RU", "2021-01-01", "2022-12-31", rules.NotBanned, 0},
	} {
		v, err := ch.Check(ctx, rules.Trip{Subject: lists.SubjectID(w.id), To: w.to, Date: rules.Window(day(w.from), day(w.until))})
		if err != nil {
			t.Fatal(err)
		}
		if v.Verdict != w.want || len(v.Parts) != w.parts {
			t.Errorf("%s to %s over %s/%s: %s with parts %+v, want %s in %d parts; reasons %+v", w.id, w.to, w.from, w.until, v.Verdict, v.Parts, w.want, w.parts, v.Reasons)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
			text := strings.Join(all, "\n")
			if v.Verdict != tt.want {
				t.Fatalf("verdict %s, want %s; reasons:\n%s", v.Verdict, tt.want, text)
			}
			for _, c := range tt.cite {
				if !strings.Contains(text, c) {
					t.Errorf("reasons do not say %q:\n%s", c, text)
				}
			}
			if p.Precision == "day" && strings.Contains(text, "part of") {
				t.Errorf("a single day is said to have parts:\n%s", text)
			}
			if strings.Contains(text, "to today") {
				t.Errorf("a reason says \"to today\":\n%s", text)
			}
			if v.Verdict == rules.Exempt && (len(v.Exemptions) == 0 || v.Exemptions[0].Source == "" && v.Exemptions[0].Origin == rules.FromRegister) {
				t.Errorf("an exempt verdict without the exemption and its source: %+v", v.Exemptions)
			}
		})
	}
}

// TestTimelineOnFixture dates changes between two versions a year apart:
// by the entry's amendment, by nothing (undecided days), by a delisting no
// version dates.
func TestTimelineOnFixture(t *testing.T) {
	entry := func(id lists.SubjectID, amended []string, ms ...lists.Measure) *lists.Subject {
		_, ref := id.Split()
		return &lists.Subject{ID: id, Source: "un", SourceID: ref, Kind: lists.KindPerson, ListedOn: "2011-02-26", Programs: []string{"libya"},
			Names: []lists.Name{{Full: "X", Role: lists.RolePrimary}}, Nationalities: []string{"LY"}, Measures: ms, Amended: amended}
	}
	both := []lists.Measure{lists.MeasureTravelBan, lists.MeasureAssetFreeze}
	st := &memStore{
		versions: []lists.Version{{ID: 1, Source: "un", GeneratedAt: day("2020-01-01")}, {ID: 2, Source: "un", GeneratedAt: day("2022-01-01")}},
		records: map[lists.SubjectID]map[int64]*lists.Subject{
			// travel ban lifted, amendment dated 2021-03-05
			"un:LYi.901": {1: entry("un:LYi.901", []string{"2016-11-11"}, both...), 2: entry("un:LYi.901", []string{"2016-11-11", "2021-03-05"}, lists.MeasureAssetFreeze)},
			// lifted, undated: the only amendment predates the first version
			"un:LYi.902": {1: entry("un:LYi.902", []string{"2016-11-11"}, both...), 2: entry("un:LYi.902", []string{"2016-11-11"}, lists.MeasureAssetFreeze)},
			// delisted in between
			"un:LYi.903": {1: entry("un:LYi.903", nil, both...)},
		},
	}
	ch := &rules.Checker{Lists: st, Registry: rules.Default()}
	tests := []struct {
		id, to, date string
		want         rules.Verdict
		reason       string
	}{
		{"un:LYi.901", "TN", "2021-03-04", rules.Violation, "read so until 2021-03-04"},
		{"un:LYi.901", "TN", "2021-03-05", rules.NotBanned, "dated by its amendment of 2021-03-05"},
		{"un:LYi.901", "TN", "2021-03", rules.Unclear, "2021-03-01 to 2021-03-04 violation; 2021-03-05 to 2021-03-31 not_banned"},
		{"un:LYi.902", "TN", "2020-01-01", rules.Violation, ""},
		{"un:LYi.902", "TN", "2021-06-01", rules.Unclear, "no amendment date in between dates the change"},
		{"un:LYi.902", "LY", "2021-06-01", rules.OwnCountry, ""},
		{"un:LYi.902", "TN", "2022-01-01", rules.NotBanned, ""},
		{"un:LYi.903", "TN", "2021-06-01", rules.Unclear, "delisted in between, on a day neither version gives"},
		{"un:LYi.903", "TN", "2022-02-01", rules.NotListed, "not on un version 2"},
		{"un:LYi.903", "TN", "2010-12-31", rules.NotBanned, "listed on 2011-02-26"},
	}
	for _, tt := range tests {
		p, _ := rules.ParsePeriod(tt.date)
		v, err := ch.Check(context.Background(), rules.Trip{Subject: lists.SubjectID(tt.id), To: tt.to, Date: p})
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, r := range v.Reasons {
			all = append(all, r.Text)
		}
		if v.Verdict != tt.want || !strings.Contains(strings.Join(all, "\n"), tt.reason) {
			t.Errorf("%s to %s on %s: %s, want %s with %q; reasons:\n%s", tt.id, tt.to, tt.date, v.Verdict, tt.want, tt.reason, strings.Join(all, "\n"))
		}
	}
}
