package hooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
)

const testSecret = "0123456789abcdef-the-receivers-key"

func TestNew(t *testing.T) {
	for _, tt := range []struct {
		url, secret, wantErr string
	}{
		{"https://siem.example/vigil", testSecret, ""},
		{"ftp://siem.example/vigil", testSecret, "want an http:// or https:// URL"},
		{"https:///vigil", testSecret, "want an http:// or https:// URL"},
		{"https://siem.example/vigil", "short", "secret: at least 16 characters"},
	} {
		h, err := New(tt.url, tt.secret)
		switch {
		case tt.wantErr == "" && (err != nil || h.Secret.Reveal() != tt.secret):
			t.Errorf("New(%q): %+v, %v", tt.url, h, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("New(%q, %q): %v, want %q", tt.url, tt.secret, err, tt.wantErr)
		}
	}
}

// TestSignVerify: a receiver accepts what was signed with its secret, now,
// and nothing else.
func TestSignVerify(t *testing.T) {
	now := time.Unix(1754553600, 0)
	body := []byte(`{"id":42,"type":"alert.evidence"}`)
	sig := Sign(Secret(testSecret), now, body)
	ts := strconv.FormatInt(now.Unix(), 10)
	for _, tt := range []struct {
		name, secret, timestamp, signature string
		body                               []byte
		at                                 time.Time
		wantErr                            string
	}{
		{"signed now", testSecret, ts, sig, body, now, ""},
		{"four minutes later", testSecret, ts, sig, body, now.Add(4 * time.Minute), ""},
		{"another body", testSecret, ts, sig, []byte(`{"id":43,"type":"alert.evidence"}`), now, "does not match"},
		{"another secret", testSecret + "x", ts, sig, body, now, "does not match"},
		{"another timestamp", testSecret, strconv.FormatInt(now.Unix()+1, 10), sig, body, now, "does not match"},
		{"replayed an hour later", testSecret, ts, sig, body, now.Add(time.Hour), "away from now"},
		{"not a number", testSecret, "yesterday", sig, body, now, "want Unix seconds"},
	} {
		err := Verify(tt.secret, tt.timestamp, tt.signature, tt.body, tt.at)
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

// TestSecretNeverPrinted: a hook or a delivery printed, logged or encoded
// by mistake does not show its secret.
func TestSecretNeverPrinted(t *testing.T) {
	h, err := New("https://siem.example/vigil", testSecret)
	if err != nil {
		t.Fatal(err)
	}
	d := Delivery{Event: alerts.Event{ID: 1, Kind: alerts.EventCreated}, Hook: h}
	var out bytes.Buffer
	for _, v := range []any{h, &h, d, h.Secret} {
		fmt.Fprintf(&out, "%v %+v %#v %s %q %x\n", v, v, v, v, v, v)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	slog.New(slog.NewTextHandler(&out, nil)).Info("hook", "hook", h, "delivery", d, "secret", h.Secret)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("hook", "hook", h, "delivery", d, "secret", h.Secret)
	for _, leak := range []string{testSecret, fmt.Sprintf("%x", testSecret)} {
		if strings.Contains(out.String(), leak) {
			t.Errorf("the secret shows in:\n%s", out.String())
		}
	}
	if !strings.Contains(out.String(), "[redacted]") {
		t.Errorf("no redaction mark in:\n%s", out.String())
	}
}
