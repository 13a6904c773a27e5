package watch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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

// Fingerprint names what verdicts are judged against: the latest list
// versions, the user's exemptions and the register of published
// exemptions shipped with Vigil (by its checksum, so a new Vigil with a
// corrected register counts as a change). When it changes, verdicts may
// change.
func Fingerprint(ctx context.Context, ls lists.Store, ex rules.ExemptionStore, reg *rules.Register) (string, error) {
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
	fmt.Fprintf(h, "r %s\n", reg.Checksum())
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// fingerprint is Fingerprint of the monitor's store and register.
func (m *Monitor) fingerprint(ctx context.Context) (string, error) {
	return Fingerprint(ctx, m.st, m.st, m.cfg.Register)
}

// rejudgeIfChanged re-judges every open alert when the lists or the
// exemptions changed since they were last judged, rebuilding the scanner
// on the new lists first. A changed verdict is written to the alert's
// audit trail (and told to hooks); the first run only records the
// fingerprint. An alert that cannot be judged is not skipped silently:
// the tick fails naming it, and the fingerprint stays, so the next tick
// judges every open alert again.
func (m *Monitor) rejudgeIfChanged(ctx context.Context) error {
	fp, err := m.fingerprint(ctx)
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
		if dispatchErr := m.dispatch(ctx); dispatchErr != nil {
			err = errors.Join(err, dispatchErr)
		}
		if err != nil {
			return err
		}
		m.log.Info("open alerts re-judged", "changed", n)
	}
	return m.st.SetWatchState(ctx, judgedState, fp)
}

// rejudge checks every open alert again and records changed verdicts. It
// goes on past an alert it cannot judge and returns the errors at the end.
func (m *Monitor) rejudge(ctx context.Context, checker *rules.Checker) (int, error) {
	ids, err := m.st.AlertIDs(ctx, alerts.Open)
	if err != nil {
		return 0, err
	}
	changed := 0
	var failed []error
	for _, id := range ids {
		a, err := m.st.Alert(ctx, id)
		if errors.Is(err, alerts.ErrNotFound) {
			continue
		}
		if err != nil {
			return changed, err
		}
		if a.Status != alerts.Open {
			continue // reviewed meanwhile
		}
		v, err := checker.Check(ctx, rules.Trip{Subject: a.Subject, To: a.Country, Date: tripPeriod(a)})
		if err != nil {
			m.log.Error("re-judge alert", "alert", a.ID, "err", err)
			failed = append(failed, fmt.Errorf("re-judge alert %d: %w", a.ID, err))
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
	if len(failed) > 0 {
		return changed, fmt.Errorf("%w: %w", ErrNotJudged, errors.Join(failed...))
	}
	return changed, nil
}

// ErrNotJudged means open alerts could not be judged again after the
// lists or exemptions changed (each is named); they keep their verdict
// and are tried again at every tick until they can be.
var ErrNotJudged = errors.New("open alerts could not be re-judged")

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
