// Package server is Vigil's HTTP adapter: the JSON API under /api/v1, the
// server-rendered web UI, health and metrics endpoints, and the background
// services (list refresh) that run with it. Handlers call the domain
// packages; nothing here knows SQL beyond the store's methods.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vigilhq/vigil/internal/auth"
	"github.com/vigilhq/vigil/internal/cache"
	"github.com/vigilhq/vigil/internal/feeds"
	"github.com/vigilhq/vigil/internal/fetch"
	"github.com/vigilhq/vigil/internal/hooks"
	"github.com/vigilhq/vigil/internal/limits"
	"github.com/vigilhq/vigil/internal/lists"
	"github.com/vigilhq/vigil/internal/places"
	"github.com/vigilhq/vigil/internal/rules"
	"github.com/vigilhq/vigil/internal/scan"
	"github.com/vigilhq/vigil/internal/screening"
	"github.com/vigilhq/vigil/internal/store"
)

// Config is the server's configuration.
type Config struct {
	Addr string
	// OpenReads lets anonymous callers read (screen, subjects, verdicts,
	// lists, alerts); by default reading needs a viewer too. Writes always
	// need a role that allows them.
	OpenReads bool
	// PublicURL is the address users reach the server at when a TLS proxy
	// is in front (https://vigil.example.org): https makes cookies Secure,
	// and its origin is trusted for unsafe requests.
	PublicURL string
	// TLSCert and TLSKey serve HTTPS directly.
	TLSCert, TLSKey string
	// SessionTTL is how long a web UI sign-in lasts.
	SessionTTL time.Duration
	// Limits.
	MaxBody      int64         // bytes of a request body (scan bodies may be larger)
	MaxBatch     int           // queries in a batch screening request
	RequestLimit time.Duration // time a request may take
	Registry     *rules.Registry
	// Register is the register of published exemptions
	// (rules.DefaultRegister when nil).
	Register *rules.Register
	// Cache keeps the built screening index between starts (nil: none).
	Cache *cache.Dir
	// Fetcher makes every outbound request (scans of a URL, list
	// refreshes); shared so its concurrency cap covers them all.
	Fetcher *fetch.Fetcher
	// Scans is how many article scans run at once; others wait their
	// turn (limits.ServerScans by default).
	Scans int
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.MaxBody == 0 {
		c.MaxBody = limits.RequestBytes
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = limits.BatchQueries
	}
	if c.RequestLimit == 0 {
		c.RequestLimit = limits.RequestTime
	}
	if c.Registry == nil {
		c.Registry = rules.Default()
	}
	if c.Register == nil {
		c.Register = rules.DefaultRegister()
	}
	if c.SessionTTL == 0 {
		c.SessionTTL = 8 * time.Hour
	}
	if c.Scans <= 0 {
		c.Scans = limits.ServerScans
	}
}

// catalog is what the lists yield for serving: rebuilt when a version
// changes, swapped atomically so requests never wait for a rebuild.
type catalog struct {
	ix       *screening.Index
	scanner  *scan.Scanner
	versions []lists.Version
}

// Server serves the API and the UI.
type Server struct {
	cfg     Config
	st      *store.Store
	log     *slog.Logger
	cat     atomic.Pointer[catalog]
	checker *rules.Checker
	http    *http.Server
	ln      net.Listener
	metrics *metrics
	// scans holds a token per article scan in progress (Config.Scans).
	scans   chan struct{}
	rebuild sync.Mutex
	ready   atomic.Bool
	// apiPatterns are the registered API routes, for the OpenAPI check.
	apiPatterns []string
	// mux routes requests; access holds every route's rule (see handle),
	// accessOrder the patterns in registration order.
	mux         *http.ServeMux
	access      map[string]*accessRule
	accessOrder []string
	crossOrigin *http.CrossOriginProtection
	tokens      *auth.TokenCache
}

// tokenCacheTTL is how long the server reuses the store's answer for a
// token's key: a busy client costs one store read per TTL, and a revoked
// token stops working within it.
const tokenCacheTTL = 2 * time.Second

// New prepares a server over an open store. It fails only on a malformed
// PublicURL.
func New(cfg Config, st *store.Store, log *slog.Logger) (*Server, error) {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Fetcher == nil {
		cfg.Fetcher = fetch.New(fetch.Config{}, log)
	}
	s := &Server{cfg: cfg, st: st, log: log, metrics: newMetrics(), scans: make(chan struct{}, cfg.Scans), access: map[string]*accessRule{}}
	s.checker = &rules.Checker{Lists: st, Exemptions: st, Register: cfg.Register, Registry: cfg.Registry}
	s.tokens = &auth.TokenCache{Store: st, TTL: tokenCacheTTL}
	s.crossOrigin = http.NewCrossOriginProtection()
	if cfg.PublicURL != "" {
		u, err := url.Parse(cfg.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("public URL %q: want http(s)://host[:port]", cfg.PublicURL)
		}
		if err := s.crossOrigin.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("public URL %q: %w", cfg.PublicURL, err)
		}
	}
	s.mux = http.NewServeMux()
	s.routes(s.mux)
	return s, nil
}

// Rebuild rebuilds the screening index and the scanner from the store's
// latest list versions, if they changed.
func (s *Server) Rebuild(ctx context.Context) error {
	s.rebuild.Lock()
	defer s.rebuild.Unlock()
	versions, err := lists.LatestVersions(ctx, s.st, nil, time.Time{})
	if err != nil {
		return err
	}
	if cur := s.cat.Load(); cur != nil && sameVersions(cur.versions, versions) {
		return nil
	}
	cities, err := s.st.Places(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	ix, err := screening.Open(ctx, s.st, s.cfg.Cache, time.Time{})
	if err != nil {
		return err
	}
	versions = ix.Versions()
	subs := ix.Subjects()
	sc := scan.New(ix, subs, places.New(cities))
	sc.Checker = s.checker
	s.cat.Store(&catalog{ix: ix, scanner: sc, versions: versions})
	s.ready.Store(len(versions) > 0)
	s.log.Info("screening index ready", "subjects", len(subs), "versions", len(versions), "elapsed", time.Since(start))
	return nil
}

func sameVersions(a, b []lists.Version) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

// Handler is the complete HTTP handler (used by tests and by Start).
func (s *Server) Handler() http.Handler {
	return s.middleware(s.mux)
}

// Start listens and serves in the background.
func (s *Server) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      s.cfg.RequestLimit + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go func() {
		serve := func() error { return s.http.Serve(ln) }
		if s.cfg.TLSCert != "" {
			serve = func() error { return s.http.ServeTLS(ln, s.cfg.TLSCert, s.cfg.TLSKey) }
		}
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}()
	s.log.Info("listening", "addr", ln.Addr().String())
	return nil
}

// Addr is the address the server listens on (after Start).
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.cfg.Addr
	}
	return s.ln.Addr().String()
}

// Stop shuts the server down gracefully, waiting for requests in flight.
func (s *Server) Stop(ctx context.Context) error {
	if s.http == nil {
		return nil
	}
	return s.http.Shutdown(ctx)
}

// apiError is the JSON error body: {"error": {"code", "message"}}.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client may have gone; nothing to do
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, status, e)
}

// httpStatus maps domain errors to HTTP statuses at the edge.
func httpStatus(err error) (int, string) {
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return http.StatusRequestEntityTooLarge, "payload_too_large"
	case errors.Is(err, lists.ErrNotFound), errors.Is(err, rules.ErrUnknownSubject), errors.Is(err, errNotFound),
		errors.Is(err, feeds.ErrNotFound), errors.Is(err, hooks.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, feeds.ErrExists):
		return http.StatusConflict, "conflict"
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest, "bad_request"
	case errors.Is(err, errUnsupportedMedia):
		return http.StatusUnsupportedMediaType, "unsupported_media_type"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout"
	}
	return http.StatusInternalServerError, "internal"
}

var (
	errBadRequest       = errors.New("bad request")
	errNotFound         = errors.New("not found")
	errUnsupportedMedia = errors.New("the body must be JSON (Content-Type: application/json)")
)

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, args...))
}

// fail writes err as a JSON error with the status its kind maps to.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, code := httpStatus(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	msg = strings.TrimPrefix(msg, "bad request: ")
	writeError(w, status, code, msg)
}

// statusWriter records the status for metrics and logs.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// middleware: panic recovery (a server never crashes on a request), a time
// limit, security headers, the cross-origin check, access rules and metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		_, pattern := s.mux.Handler(r)
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic in handler", "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, "internal", "internal error")
				}
			}
			s.metrics.observe(pattern, sw.status, time.Since(start))
		}()
		h := sw.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestLimit)
		defer cancel()
		r = r.WithContext(ctx)
		// Unsafe requests from other origins are refused before anything
		// else: Sec-Fetch-Site, else Origin against Host.
		if err := s.crossOrigin.Check(r); err != nil {
			s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
			s.refuse(sw, r, http.StatusForbidden, "cross-origin request refused: changes can be made only from Vigil's own pages")
			return
		}
		r, ok := s.authorize(sw, r, pattern)
		if !ok {
			return
		}
		next.ServeHTTP(sw, r)
	})
}

// metrics are the Prometheus metrics, in the server's own registry.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vigil_http_request_seconds", Help: "HTTP request latency.", Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1, 5}}, []string{"route"})
	m.reg.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, fmt.Sprint(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }
