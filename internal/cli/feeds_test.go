package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestFeedsAndHooksCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	if code, out, errs := run(t, "--db", db, "feeds", "add", "https://wire.example/rss", "--name", "Wire", "--every", "15m", "--language", "en"); code != 0 || !strings.Contains(out, "feed 1:") {
		t.Fatalf("feeds add: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "--db", db, "feeds", "add", "https://wire.example/rss"); code == 0 || !strings.Contains(errs, "already followed") {
		t.Errorf("second add: %d %s", code, errs)
	}
	if code, _, errs := run(t, "--db", db, "feeds", "add", "file:///etc/passwd"); code == 0 || !strings.Contains(errs, "want an http") {
		t.Errorf("file URL: %d %s", code, errs)
	}
	code, out, _ := run(t, "--db", db, "feeds", "list", "--json")
	var fs []struct {
		ID     int64  `json:"id"`
		URL    string `json:"url"`
		Every  int64  `json:"every_seconds"`
		Health struct {
			ItemsSeen int64 `json:"items_seen"`
		} `json:"health"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &fs) != nil || len(fs) != 1 || fs[0].Every != 900 {
		t.Errorf("feeds list --json: %d %s", code, out)
	}
	if code, out, _ := run(t, "--db", db, "feeds", "list"); code != 0 || !strings.Contains(out, "Wire") || !strings.Contains(out, "new") {
		t.Errorf("feeds list: %d %s", code, out)
	}
	if code, _, errs := run(t, "--db", db, "hooks", "add", "https://receiver.example/h", "--secret", "short"); code == 0 || !strings.Contains(errs, "at least 16") {
		t.Errorf("short secret: %d %s", code, errs)
	}
	// the secret is in nothing printed or logged, even at debug level
	if code, out, errs := run(t, "--db", db, "--log-level", "debug", "hooks", "add", "https://receiver.example/h", "--secret", "0123456789abcdef"); code != 0 || !strings.Contains(out, "hook 1") || strings.Contains(out+errs, "0123456789abcdef") {
		t.Errorf("hooks add: %d %s %s", code, out, errs)
	}
	for _, list := range [][]string{{"hooks", "list", "--json"}, {"hooks", "list"}} {
		if code, out, errs := run(t, append([]string{"--db", db, "--log-level", "debug"}, list...)...); code != 0 || strings.Contains(out+errs, "0123456789abcdef") || !strings.Contains(out, "receiver.example") {
			t.Errorf("%v shows the secret or not the hook: %s %s", list, out, errs)
		}
	}
	if code, out, _ := run(t, "--db", db, "alerts", "list", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("alerts list on an empty store: %d %q", code, out)
	}
	if code, _, errs := run(t, "--db", db, "alerts", "list", "--status", "closed"); code == 0 || !strings.Contains(errs, "want open") {
		t.Errorf("bad status: %d %s", code, errs)
	}
	for _, c := range [][]string{{"feeds", "remove", "1"}, {"hooks", "remove", "1"}} {
		if code, _, errs := run(t, append([]string{"--db", db}, c...)...); code != 0 {
			t.Errorf("%v: %d %s", c, code, errs)
		}
	}
	if code, _, errs := run(t, "--db", db, "feeds", "remove", "1"); code == 0 || !strings.Contains(errs, "not found") {
		t.Errorf("second remove: %d %s", code, errs)
	}
}
