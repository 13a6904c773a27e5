package watch

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/store"
)

// TestFingerprint: what open alerts were judged against changes with the
// user's exemptions and with the shipped register (a new Vigil whose
// register gained or corrected a decision), and only with them here.
func TestFingerprint(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	register := func(to string) *rules.Register {
		r, err := rules.ReadRegister(strings.NewReader(`[{"subjects": ["un:IRi.039"], "destinations": ["RU"], "from": "2015-07-20", "to": "`+to+`", "reference": "S/AC.50/2015/1", "source": "committee letter"}]`), "test.json")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	fp := func(reg *rules.Register) string {
		t.Helper()
		s, err := Fingerprint(ctx, st, st, reg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	shipped := fp(rules.DefaultRegister())
	if again := fp(rules.DefaultRegister()); again != shipped {
		t.Errorf("the same state gives %s and %s", shipped, again)
	}
	if fp(register("2015-07-30")) == shipped || fp(register("2015-07-30")) == fp(register("2015-07-31")) {
		t.Error("another register, or a corrected date in it, leaves the fingerprint unchanged")
	}
	e := rules.Exemption{Subject: "un:IRi.039", Destinations: []string{"RU"}, From: "2015-07-20", To: "2015-07-30", Reference: "S/AC.50/2015/EX.1", Origin: rules.Recorded}
	if _, err := st.AddExemption(ctx, e); err != nil {
		t.Fatal(err)
	}
	if fp(rules.DefaultRegister()) == shipped {
		t.Error("recording an exemption leaves the fingerprint unchanged")
	}
}

// openStore opens an empty SQLite store for one test.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
