package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/store"
)

// TestWatchRejudgesOpenAlerts: an open alert filed as a violation is
// judged again by the next tick of `vigil watch` whenever what verdicts
// rest on changes, and each change is written to its audit trail and sent
// to hooks: an exemption recorded for the trip makes it exempt, its
// removal a violation again, and a new list version that dates a change
// of the entry's nationality to before the trip makes it the subject's
// own country.
func TestWatchRejudgesOpenAlerts(t *testing.T) {
	t.Setenv("VIGIL_ALLOW_PRIVATE_FETCH", "1")
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	// v1 of January 2015 lists the general as Iranian; v2 of December
	// says he has been Russian since an amendment of 1 June 2015
	v1 := strings.Replace(soleimaniList, "2020-01-02T00:00:00Z", "2015-01-02T00:00:00Z", 1)
	v2 := strings.Replace(strings.Replace(strings.Replace(v1, "2015-01-02T00:00:00Z", "2015-12-01T00:00:00Z", 1),
		"<VALUE>Iran (Islamic Republic of)</VALUE>", "<VALUE>Russian Federation</VALUE>", 1),
		"<DESIGNATION>", "<LAST_DAY_UPDATED><VALUE>2015-06-01</VALUE></LAST_DAY_UPDATED><DESIGNATION>", 1)
	for name, body := range map[string]string{"v1.xml": v1, "v2.xml": v2} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", filepath.Join(dir, "v1.xml")); code != 0 {
		t.Fatalf("import v1: %s", errs)
	}
	hook := newHookReceiver(t, "a shared secret of the SIEM")
	if code, _, errs := run(t, "--db", db, "hooks", "add", hook.URL+"/vigil", "--secret", "a shared secret of the SIEM"); code != 0 {
		t.Fatalf("hooks add: %s", errs)
	}
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	filed, _, err := st.FileReport(ctx, alerts.Report{Subject: "un:IRi.039", Name: "QASEM SOLEIMANI", Regime: "Iran", Country: "RU", Date: "2015-07-24", Verdict: "violation",
		Evidence: alerts.Evidence{Source: "https://ledger.example/1", URL: "https://ledger.example/1", Outlet: "ledger.example", Quote: "Soleimani travelled to Moscow on 24 July 2015.", Place: "Moscow", Date: "2015-07-24", Verdict: "violation"}}, "watch")
	if err != nil {
		t.Fatal(err)
	}
	tick := func() alerts.Alert {
		t.Helper()
		if code, _, errs := run(t, "--db", db, "watch", "--once", "--workers", "2"); code != 0 {
			t.Fatalf("watch --once: %s", errs)
		}
		a, err := st.Alert(ctx, filed.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	rejudged := func(a alerts.Alert) []string {
		var out []string
		for _, e := range a.Audit {
			if e.Action == "rejudged" {
				out = append(out, e.Note)
			}
		}
		return out
	}

	// the first tick records what the alert was judged against
	if a := tick(); a.Verdict != "violation" || len(rejudged(a)) != 0 {
		t.Fatalf("after the first tick: %s, %q", a.Verdict, rejudged(a))
	}
	if code, out, errs := run(t, "--db", db, "exemptions", "add", "un:IRi.039", "--to", "RU", "--from", "2015-07-20", "--until", "2015-07-30",
		"--reference", "S/AC.50/2015/EX.1", "--committee", "1737", "--purpose", "talks", "--source", "committee letter of 17 July 2015"); code != 0 {
		t.Fatalf("exemptions add: %s %s", out, errs)
	}
	a := tick()
	notes := rejudged(a)
	if a.Verdict != "exempt" || len(notes) != 1 || !strings.HasPrefix(notes[0], "verdict violation → exempt") || !strings.Contains(notes[0], "S/AC.50/2015/EX.1") {
		t.Fatalf("after an exemption was recorded: %s, audit %q", a.Verdict, notes)
	}
	if a.Status != alerts.Open {
		t.Errorf("re-judging changed the status to %s", a.Status)
	}
	// an unchanged store re-judges nothing
	if a := tick(); len(rejudged(a)) != 1 {
		t.Errorf("a tick without a change re-judged again: %q", rejudged(a))
	}
	_, out, _ := run(t, "--db", db, "exemptions", "list", "un:IRi.039")
	id := regexp.MustCompile(`(?m)^#?(\d+)\b`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("no exemption ID in:\n%s", out)
	}
	if code, _, errs := run(t, "--db", db, "exemptions", "remove", id[1]); code != 0 {
		t.Fatalf("exemptions remove %s: %s", id[1], errs)
	}
	if a := tick(); a.Verdict != "violation" || len(rejudged(a)) != 2 || !strings.HasPrefix(rejudged(a)[1], "verdict exempt → violation") {
		t.Fatalf("after the exemption was removed: %s, audit %q", a.Verdict, rejudged(a))
	}
	if code, _, errs := run(t, "--db", db, "lists", "import", "--source", "un", filepath.Join(dir, "v2.xml")); code != 0 {
		t.Fatalf("import v2: %s", errs)
	}
	a = tick()
	notes = rejudged(a)
	if a.Verdict != "own_country" || len(notes) != 3 || !strings.HasPrefix(notes[2], "verdict violation → own_country") || !strings.Contains(notes[2], "2015-06-01") {
		t.Fatalf("after list version 2: %s, audit %q", a.Verdict, notes)
	}
	// an alert that cannot be judged (its subject is on no imported list)
	// fails the run, named, after the work; it is not counted as judged,
	// and once it is reviewed the next run succeeds
	bad, _, err := st.FileReport(ctx, alerts.Report{Subject: "un:IRi.999", Name: "NOBODY", Country: "RU", Date: "2015-07-24", Verdict: "violation",
		Evidence: alerts.Evidence{Source: "fixture", Quote: "Nobody went to Moscow.", Place: "Moscow", Verdict: "violation"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "--db", db, "exemptions", "add", "un:IRi.039", "--to", "SY", "--reference", "S/AC.50/2016/EX.2", "--source", "committee letter"); code != 0 {
		t.Fatalf("exemptions add: %s", errs)
	}
	code, _, errOut := run(t, "--db", db, "watch", "--once", "--workers", "2")
	if code == 0 || !strings.Contains(errOut, "could not be re-judged") || !regexp.MustCompile(`alert `+strconv.FormatInt(bad.ID, 10)+`\b`).MatchString(errOut) {
		t.Errorf("a run with an alert it cannot judge: exit %d, %s", code, errOut)
	}
	if _, err := st.Review(ctx, bad.ID, alerts.Dismissed, "test", "no such person"); err != nil {
		t.Fatal(err)
	}
	if a := tick(); a.Verdict != "own_country" || len(rejudged(a)) != 3 {
		t.Errorf("after the unjudgeable alert was dismissed: %s, audit %q", a.Verdict, rejudged(a))
	}
	got, errs := hook.received()
	var verdicts []string
	for _, b := range got {
		if b.Type == alerts.EventVerdict && b.Alert.ID == filed.ID {
			verdicts = append(verdicts, b.Alert.Verdict)
		}
	}
	if len(errs) > 0 || strings.Join(verdicts, " ") != "exempt violation own_country" {
		t.Errorf("hook received verdict events %v (errors %v)", verdicts, errs)
	}
}
