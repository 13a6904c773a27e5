// Package hooks tells other systems about alerts: a webhook is a URL that
// receives a JSON event when an alert is opened, gains evidence, is
// re-judged or changes status, signed with HMAC-SHA256 under the hook's
// secret so the receiver can tell it came from this Vigil and was not
// altered or replayed. Delivery (with retries) is the queue's job; this
// package says what is sent and how it is signed.
package hooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vigilhq/vigil/internal/alerts"
)

// Hook is a webhook endpoint.
type Hook struct {
	ID      int64     `json:"id"`
	URL     string    `json:"url"`
	Secret  Secret    `json:"-"` // never printed or served
	AddedAt time.Time `json:"added_at"`
	AddedBy string    `json:"added_by,omitempty"`
}

// Secret is a hook's signing key. It is kept as typed (signing needs it),
// so it is a type of its own that prints, logs and encodes as
// "[redacted]": a hook or a delivery written to a log, a page or a JSON
// answer by mistake does not give it away. Reveal is the one way to read
// it.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret itself, for signing and storing.
func (s Secret) Reveal() string { return string(s) }

func (Secret) String() string                { return redacted }
func (Secret) GoString() string              { return redacted }
func (Secret) LogValue() slog.Value          { return slog.StringValue(redacted) }
func (Secret) MarshalText() ([]byte, error)  { return []byte(redacted), nil }
func (Secret) Format(f fmt.State, verb rune) { io.WriteString(f, redacted) }

// Delivery is one event to send to one hook.
type Delivery struct {
	Event alerts.Event
	Hook  Hook
}

// Store keeps hooks and what was delivered to them.
type Store interface {
	AddHook(ctx context.Context, h Hook) (Hook, error)
	Hooks(ctx context.Context) ([]Hook, error)
	RemoveHook(ctx context.Context, id int64) error
	// Delivery loads an event and a hook to send it to, and whether it was
	// delivered already (a retried job must not send it twice).
	Delivery(ctx context.Context, eventID, hookID int64) (d Delivery, delivered bool, err error)
	// RecordDelivery writes an attempt's outcome (err nil: delivered).
	RecordDelivery(ctx context.Context, eventID, hookID int64, status int, err error) error
}

// ErrNotFound is returned for an unknown hook.
var ErrNotFound = errors.New("hook not found")

// MinSecretLength keeps secrets long enough that a signature proves
// something.
const MinSecretLength = 16

// New checks what an operator typed.
func New(rawURL, secret string) (Hook, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Hook{}, fmt.Errorf("hook URL %q: want an http:// or https:// URL", rawURL)
	}
	if len(secret) < MinSecretLength {
		return Hook{}, fmt.Errorf("secret: at least %d characters (the receiver checks signatures with it)", MinSecretLength)
	}
	return Hook{URL: u.String(), Secret: Secret(secret)}, nil
}

// Headers sent with every delivery.
const (
	HeaderEvent     = "X-Vigil-Event"     // alert.created, alert.evidence, alert.verdict, alert.status
	HeaderDelivery  = "X-Vigil-Delivery"  // the event's ID: a receiver drops repeats by it
	HeaderTimestamp = "X-Vigil-Timestamp" // Unix seconds, part of what is signed
	HeaderSignature = "X-Vigil-Signature" // "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body)
)

// Sign returns the signature header value for body sent at ts.
func Sign(secret Secret, ts time.Time, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret.Reveal()))
	m.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// MaxSkew is how old (or how far ahead) a timestamp Verify accepts.
const MaxSkew = 5 * time.Minute

// Verify checks a delivery's signature and timestamp, as a receiver
// should: the HMAC in constant time, and the timestamp within MaxSkew of
// now, so a captured request cannot be replayed later.
func Verify(secret, timestamp, signature string, body []byte, now time.Time) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%s %q: want Unix seconds", HeaderTimestamp, timestamp)
	}
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > MaxSkew || d < -MaxSkew {
		return fmt.Errorf("%s is %s away from now (more than %s)", HeaderTimestamp, d.Round(time.Second), MaxSkew)
	}
	if !hmac.Equal([]byte(Sign(Secret(secret), ts, body)), []byte(signature)) {
		return errors.New("signature does not match")
	}
	return nil
}

// Body is the JSON document a hook receives.
type Body struct {
	ID     int64            `json:"id"` // the event's ID
	Type   alerts.Kind      `json:"type"`
	At     time.Time        `json:"at"`
	Detail string           `json:"detail,omitempty"`
	Alert  alerts.Alert     `json:"alert"`
	Newest *alerts.Evidence `json:"newest_evidence,omitempty"`
}

// NewBody builds what is sent for an event: the alert as it stands, and
// its newest evidence.
func NewBody(e alerts.Event) Body {
	b := Body{ID: e.ID, Type: e.Kind, At: e.At, Detail: e.Detail, Alert: e.Alert}
	b.Alert.Audit = nil
	if n := len(e.Alert.Evidence); n > 0 {
		newest := e.Alert.Evidence[n-1]
		b.Newest = &newest
	}
	return b
}
