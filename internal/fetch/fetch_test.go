package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestConditionalAndRetry(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte("<CONSOLIDATED_LIST/>"))
	}))
	defer srv.Close()
	c := New(t.TempDir(), nil)
	c.Backoff = time.Millisecond
	res, err := c.Get(context.Background(), srv.URL, "un.xml")
	if err != nil {
		t.Fatal(err)
	}
	if res.NotChanged || calls.Load() != 2 {
		t.Errorf("first download: %+v after %d calls", res, calls.Load())
	}
	b, _ := os.ReadFile(res.Path)
	if string(b) != "<CONSOLIDATED_LIST/>" {
		t.Errorf("content = %q", b)
	}
	res, err = c.Get(context.Background(), srv.URL, "un.xml")
	if err != nil || !res.NotChanged {
		t.Errorf("second download = %+v, %v; want not changed", res, err)
	}
}

func TestFailureKeepsLastGood(t *testing.T) {
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail {
			http.Error(w, "gone", http.StatusNotFound)
			return
		}
		w.Write([]byte("good"))
	}))
	defer srv.Close()
	c := New(t.TempDir(), nil)
	res, err := c.Get(context.Background(), srv.URL, "f")
	if err != nil {
		t.Fatal(err)
	}
	fail = true
	if _, err := c.Get(context.Background(), srv.URL, "f"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("err = %v, want a 404 error", err)
	}
	if b, _ := os.ReadFile(res.Path); string(b) != "good" {
		t.Errorf("last good file was replaced: %q", b)
	}
}

func TestOffline(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	c := New(t.TempDir(), nil)
	c.Retries, c.Backoff = 1, time.Millisecond
	_, err := c.Get(context.Background(), url, "f")
	if !errors.Is(err, ErrOffline) {
		t.Errorf("err = %v, want ErrOffline", err)
	}
}
