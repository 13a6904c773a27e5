package watch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/rules"
)

// judgedState names the watch state holding the fingerprint open alerts
// were last judged against.
const judgedState = "alerts-judged-against"

// Fingerprint names the latest list versions and the exemptions register
// as they stand: when it changes, verdicts may change.
func Fingerprint(ctx context.Context, ls lists.Store, ex rules.ExemptionStore) (string, error) {
	status, err := lists.Status(ctx, ls)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, s := range status {
		if s.Latest != nil {
			fmt.Fprintf(h, "v %s %d\n", s.Source, s.Latest.ID)
		}
	}
	exs, err := ex.Exemptions(ctx, "")
	if err != nil {
		return "", err
	}
	for _, e := range exs {
		fmt.Fprintf(h, "e %d %s %s %s %s %s\n", e.ID, e.Subject, strings.Join(e.Destinations, ","), e.From, e.To, e.Reference)
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// rejudgeIfChanged re-judges every open alert when the lists or the
// exemptions changed since they were last judged, rebuilding the scanner
// on the new lists first. A changed verdict is written to the alert's
// audit trail (and told to hooks); the first run only records the
// fingerprint.
func (m *Monitor) rejudgeIfChanged(ctx context.Context) error {
	fp, err := Fingerprint(ctx, m.st, m.st)
	if err != nil {
		return err
	}
	judged, err := m.st.WatchState(ctx, judgedState)
	if err != nil || judged == fp {
		return err
	}
	cat, err := m.refreshCatalog(ctx, fp)
	if err != nil {
		return err
	}
	if judged != "" {
		n, err := m.rejudge(ctx, cat.Checker)
		if err != nil {
			return err
		}
		m.log.Info("open alerts re-judged", "changed", n)
	}
	if err := m.st.SetWatchState(ctx, judgedState, fp); err != nil {
		return err
	}
	return m.dispatch(ctx)
}

// rejudge checks every open alert again and records changed verdicts.
func (m *Monitor) rejudge(ctx context.Context, checker *rules.Checker) (int, error) {
	open, err := m.st.Alerts(ctx, alerts.Filter{Status: alerts.Open, Limit: 1000})
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, a := range open {
		full, err := m.st.Alert(ctx, a.ID)
		if err != nil {
			return changed, err
		}
		trip := rules.Trip{Subject: a.Subject, To: a.Country, Date: tripPeriod(full)}
		v, err := checker.Check(ctx, trip)
		if err != nil {
			m.log.Warn("re-judge alert", "alert", a.ID, "err", err)
			continue
		}
		if string(v.Verdict) == a.Verdict {
			continue
		}
		var why []string
		for _, r := range v.Reasons {
			why = append(why, r.Text)
		}
		if _, err := m.st.Rejudge(ctx, a.ID, string(v.Verdict), "watch", "the lists or exemptions changed; "+strings.Join(why, "; ")); err != nil {
			return changed, err
		}
		changed++
	}
	return changed, nil
}

// tripPeriod is the alert's date as a period; an undated alert is judged
// over the two years before its first report's publication (as the
// scanner judges an undated trip).
func tripPeriod(a alerts.Alert) rules.Period {
	if p, err := rules.ParsePeriod(a.Date); err == nil && a.Date != "" {
		return p
	}
	end := a.CreatedAt.UTC().Truncate(24 * time.Hour)
	for _, e := range a.Evidence {
		if t, err := time.Parse(time.DateOnly, e.Published); err == nil {
			end = t
			break
		}
	}
	start := end.AddDate(-2, 0, 0)
	return rules.Period{Start: start, End: end, Precision: "window", Text: start.Format(time.DateOnly) + "/" + end.Format(time.DateOnly)}
}
