package storetest

import (
	"context"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/rules"
)

// pausing yields subjects named P1…Pn, stopping halfway: it closes paused
// and waits for resume, as an import reading a large file would.
func pausing(n int, paused chan<- struct{}, resume <-chan struct{}) iter.Seq2[*lists.Subject, error] {
	return func(yield func(*lists.Subject, error) bool) {
		for i := range n {
			if i == n/2 {
				close(paused)
				<-resume
			}
			if !yield(person(fmt.Sprintf("P%d", i), fmt.Sprintf("PERSON NUMBER %d", i)), nil) {
				return
			}
		}
	}
}

// runImports checks that an import never stops scans, reviews and other
// writes, and that imports take turns.
func runImports(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("WritesDuringImport", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		rep := alerts.Report{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Regime: "iran", Country: "RU", Date: "2017-04-12", Verdict: "violation",
			Evidence: alerts.Evidence{Source: "https://a.example/1", Quote: "visited Moscow", Place: "Moscow", Date: "2017-04-12", Verdict: "violation"}}
		a, _, err := st.FileReport(ctx, rep, "scanner")
		if err != nil {
			t.Fatal(err)
		}
		paused, resume, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			_, err := st.ImportVersion(ctx, meta("big", "2020-01-01"), pausing(400, paused, resume))
			done <- err
		}()
		<-paused // the import is halfway through its file
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		rep.Date, rep.Evidence.Source, rep.Country, rep.Evidence.Date = "2019-01-01", "https://b.example/2", "CN", "2019-01-01"
		if _, _, err := st.FileReport(wctx, rep, "scanner"); err != nil {
			t.Errorf("a scan's report during an import: %v", err)
		}
		if _, err := st.Review(wctx, a.ID, alerts.Confirmed, "analyst@example.org", "during an import"); err != nil {
			t.Errorf("a review during an import: %v", err)
		}
		if _, err := st.AddExemption(wctx, rules.Exemption{Subject: "un:IRi.039", Reference: "during-import", CreatedBy: "admin"}); err != nil {
			t.Errorf("an exemption during an import: %v", err)
		}
		if _, err := st.Alerts(wctx, alerts.Filter{}); err != nil {
			t.Errorf("a read during an import: %v", err)
		}
		close(resume)
		if err := <-done; err != nil {
			t.Fatalf("the import: %v", err)
		}
		if vs, err := st.Versions(ctx, lists.SourceUN); err != nil || len(vs) != 1 || vs[0].Total != 400 {
			t.Errorf("after the import: %+v, %v", vs, err)
		}
	})
	t.Run("ImportsTakeTurns", func(t *testing.T) {
		t.Parallel()
		st := open(t)
		paused, resume, first := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			_, err := st.ImportVersion(ctx, meta("v1", "2020-01-01"), pausing(10, paused, resume))
			first <- err
		}()
		<-paused
		// A second import, of the next version, starts while the first
		// reads its file: it waits its turn, then compares with the first.
		reading := make(chan struct{})
		second := make(chan lists.ImportResult, 1)
		go func() {
			next := func(yield func(*lists.Subject, error) bool) {
				close(reading)
				for i := range 11 {
					if !yield(person(fmt.Sprintf("P%d", i), fmt.Sprintf("PERSON NUMBER %d", i)), nil) {
						return
					}
				}
			}
			res, err := st.ImportVersion(ctx, meta("v2", "2021-01-01"), next)
			if err != nil {
				t.Errorf("the second import failed instead of waiting: %v", err)
			}
			second <- res
		}()
		select {
		case <-reading:
			t.Error("the second import read its file while the first was running")
		case <-time.After(300 * time.Millisecond): // a slow machine can only hide a failure here, not make one
		}
		close(resume)
		if err := <-first; err != nil {
			t.Fatalf("the first import: %v", err)
		}
		if res := <-second; res.Added != 1 || res.Removed != 0 || res.Version.Total != 11 {
			t.Errorf("the second import = added %d, removed %d, total %d; want 1, 0, 11 (compared with the first)", res.Added, res.Removed, res.Version.Total)
		}
		// The same file imported twice at once: one version, the other refused.
		if _, err := st.ImportVersion(ctx, meta("v2", "2021-01-02"), seq(person("X", "X"))); err == nil {
			t.Error("a file imported twice made two versions")
		}
	})
}
