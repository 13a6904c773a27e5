package manifest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/ingest"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/manifest"
	"github.com/vigilhq/vigil/internal/realdata"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
)

func setup(tb testing.TB) (*screening.Index, *rules.Checker) {
	tb.Helper()
	paths := []string{
		realdata.Path(tb, "lists", "un", "consolidated-2017-06-20.xml.gz"),
		realdata.Path(tb, "lists", "un", "consolidated-2025-12-10.xml.gz"),
		realdata.Path(tb, "lists", "un", "consolidated-2026-05-08.xml"),
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "v.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	for _, p := range paths {
		if _, err := ingest.Import(ctx, st, lists.SourceUN, p, ingest.Options{}); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := ingest.Import(ctx, st, lists.SourceOFAC, realdata.Path(tb, "lists", "ofac", "sdn-csv-2023-12-28"), ingest.Options{}); err != nil {
		tb.Fatal(err)
	}
	subs, vs, err := lists.LatestSubjects(ctx, st, nil, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	return screening.Build(subs, vs), &rules.Checker{Lists: lists.Cache(st), Exemptions: st, Register: rules.DefaultRegister(), Registry: rules.Default()}
}

func TestManifest(t *testing.T) {
	ix, ch := setup(t)
	in := "name,dob,nationality,passport,date,destination\n" +
		"Qassem Soleimani,1957-03-11,IR,008827,2017-04-12,RU\n" +
		"John Smith,1970-01-01,GB,123,,\n" +
		"Kasim Sulaimani,,IR,,2017-04-12,IR\n" +
		",,,,,\n" +
		"Abd al-Khaliq al-Houthi,,YE,,2026-13-01,SA\n" +
		"Jane Doe,,,,2026-01-01,Atlantis\n"
	var rows []manifest.Row
	sum, err := manifest.Run(context.Background(), strings.NewReader(in), ix, ch, manifest.Options{Date: "2026-01-15", To: "FR"}, func(r manifest.Row) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 6 || sum.Errors != 3 || len(sum.Flagged) != 1 || sum.Flagged[0].Line != 2 {
		t.Errorf("summary = %+v", sum)
	}
	want := []struct {
		line    int
		verdict rules.Verdict
		err     string
	}{{2, rules.Violation, ""}, {3, "", ""}, {4, rules.OwnCountry, ""}, {5, "", "missing name"}, {6, "", "there is no month 13"}, {7, "", "unknown country"}}
	for i, w := range want {
		r := rows[i]
		got := rules.Verdict("")
		if r.Verdict != nil {
			got = r.Verdict.Verdict
		}
		if r.Line != w.line || got != w.verdict || !strings.Contains(r.Error, w.err) || (w.err == "" && r.Error != "") {
			t.Errorf("row %d = line %d verdict %q error %q; want line %d verdict %q error %q", i, r.Line, got, r.Error, w.line, w.verdict, w.err)
		}
	}
}

// TestManifestFailsClosed: without a date or destination for its rows a
// manifest is refused; a matched row that cannot be judged is listed as
// unjudged, never counted clean.
func TestManifestFailsClosed(t *testing.T) {
	ix, ch := setup(t)
	ctx := context.Background()
	emit := func(manifest.Row) error { return nil }
	for _, tt := range []struct {
		in   string
		opt  manifest.Options
		want string
	}{
		{"name\nQassem Soleimani\n", manifest.Options{To: "RU"}, "gives no travel date (--date or a date column)"},
		{"name\nQassem Soleimani\n", manifest.Options{Date: "2017-04-12"}, "gives no destination (--to or a destination column)"},
		{"name\nQassem Soleimani\n", manifest.Options{}, "gives no travel date (--date or a date column) and no destination"},
		{"name\tdate\nQassem Soleimani\t2017\n", manifest.Options{}, "destination"},
	} {
		_, err := manifest.Run(ctx, strings.NewReader(tt.in), ix, ch, tt.opt, emit)
		if !errors.Is(err, manifest.ErrNoTrip) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run(%q, %+v) = %v, want ErrNoTrip mentioning %q", tt.in, tt.opt, err, tt.want)
		}
	}
	// A date column without --date: the row with no date is unjudged.
	in := "name,date,destination\nQassem Soleimani,2017-04-12,RU\nQassem Soleimani,,RU\nJohn Smith,,RU\n"
	var rows []manifest.Row
	sum, err := manifest.Run(ctx, strings.NewReader(in), ix, ch, manifest.Options{}, func(r manifest.Row) error { rows = append(rows, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Errors != 1 || len(sum.Unjudged) != 1 || sum.Unjudged[0].Line != 3 || !strings.Contains(sum.Unjudged[0].Error, "no date") || len(sum.Flagged) != 1 {
		t.Errorf("summary = %+v", sum)
	}
	if len(rows) != 3 || rows[1].Match == nil || rows[1].Verdict != nil || rows[2].Error != "" {
		t.Errorf("rows = %+v", rows)
	}
}

// BenchmarkManifest10k checks a 10,000-passenger manifest (one listed
// person in fifty) against UN plus OFAC with travel verdicts.
func BenchmarkManifest10k(b *testing.B) {
	ix, ch := setup(b)
	var sb strings.Builder
	sb.WriteString("name,dob,nationality,passport\n")
	listed := []string{"Qassem Soleimani", "Kim Jong Un", "Abd al-Khaliq al-Houthi", "Aisha Gaddafi", "Ayman al-Zawahiri"}
	for i := range 10000 {
		if i%50 == 0 {
			sb.WriteString(listed[i/50%len(listed)] + ",,,\n")
		} else {
			fmt.Fprintf(&sb, "Passenger%d Traveller%d,1980-01-%02d,FR,P%07d\n", i, i*7, i%28+1, i)
		}
	}
	in := sb.String()
	for b.Loop() {
		sum, err := manifest.Run(context.Background(), strings.NewReader(in), ix, ch, manifest.Options{Date: "2026-01-15", To: "FR"}, func(manifest.Row) error { return nil })
		if err != nil || sum.Rows != 10000 {
			b.Fatalf("%+v %v", sum, err)
		}
	}
}
