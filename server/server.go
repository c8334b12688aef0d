// Package server serves what Vigil knows over HTTP: a JSON API, a live
// dashboard, a server-sent-events stream of new events and warnings,
// Prometheus metrics and signed webhooks.
//
// Everything is in the binary: templates, CSS, the small script that keeps
// pages live, and the charts and alliance graph, which are drawn as SVG on
// the server. Nothing is fetched from another host, so the dashboard works
// offline and under a strict Content-Security-Policy.
//
// # Security
//
// The server listens on loopback by default. Reads are open there; writes
// (POST /api/ingest) always need the bearer token (Config.Token). When the
// listener is not on loopback, reads need the token too, and Serve refuses
// to start without one: a browser presents it once as ?token=... and keeps
// it in an HttpOnly, SameSite=Strict cookie. Writes accept only the
// Authorization header, never the cookie, so a cross-site form cannot write.
// All text that came from the news is escaped by html/template; links in
// articles are kept only when they are http or https.
//
// # Live updates
//
// A poller reads the store for events stored since the last look (the
// store's arrival cursor) and for warning changes logged since then (the
// store's warning log), and fans them out to stream clients and webhooks. Because it reads the store, it
// sees what any process wrote — a `vigil follow` beside the server, or
// workers on other machines — not only what this process ingested.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// Config configures a Server. Store is required; everything else is
// optional and leaves its feature off (with a clear message) when nil.
type Config struct {
	Store store.Store
	// Alliances answers treaty and exposure questions (nil: those
	// endpoints answer 501 and the dashboard says the register is missing).
	Alliances Alliances
	// Indices computes a dyad's escalation series for the chart (nil: the
	// chart shows daily counts and Goldstein only).
	Indices Indices
	// Ingester takes new articles for POST /api/ingest (nil: 501).
	Ingester Ingester
	// Token is the bearer token writes need (and reads off loopback).
	// Empty disables writes.
	Token string
	// Webhooks receives every warning change the poller sees (may be nil).
	Webhooks *Webhooks
	// WebhookCursor names the store cursor where the webhook sender keeps
	// its place in the warning log (DefaultWebhookCursor when ""): after a
	// restart it sends the changes made while the server was down, and
	// servers of one store that share the name send each change once
	// between them (see notify.go).
	WebhookCursor string
	// Metrics collects counters and latencies; a new one when nil. Share
	// one with the pipeline so /metrics shows its stages.
	Metrics *Metrics
	// PollInterval is how often the poller looks for new events and
	// warnings (default 1s). Notify makes it look at once.
	PollInterval time.Duration
	// MaxBodyBytes caps request bodies (default 1 MiB).
	MaxBodyBytes int64
	// ShutdownTimeout bounds how long Serve waits for in-flight requests
	// after its context ends (default 30s).
	ShutdownTimeout time.Duration
	// Names turns a country or actor code into a name for display
	// ("PRK" → "North Korea"); codes are shown as they are when nil.
	Names func(code string) string
	// RuleTitle turns an indicator rule's name into its title for display
	// ("pre-offensive-posture" → "Pre-offensive posture"); "" or nil shows
	// the name.
	RuleTitle func(rule string) string
	// Version is shown in the dashboard footer and /healthz.
	Version string
	Logger  *slog.Logger
	// ExtraMetrics, when set, appends metric families of its own to
	// /metrics, in the Prometheus text format: vigil serve --nats adds
	// the queue's lag, redeliveries and dead letters.
	ExtraMetrics func(ctx context.Context, w io.Writer)
}

// Alliances is the treaty register as the server needs it. The alliance
// package provides it; the server depends on this small interface so it
// can be tested and deployed with any register.
type Alliances interface {
	// Treaties lists the register's treaties with their status on date
	// (YYYY-MM-DD; "" means the latest date the register knows).
	Treaties(ctx context.Context, date string) ([]Treaty, error)
	// Exposure answers "if a and b fight on date, who is bound to join?".
	Exposure(ctx context.Context, a, b, date string) (*vigil.Exposure, error)
}

// Treaty is one treaty of the register as the API and dashboard show it.
type Treaty struct {
	ID       string `json:"id"`
	Name     string `json:"name"`                // short name when it has one ("NATO")
	FullName string `json:"full_name,omitempty"` // the full name, when Name is short
	// Parties are the states party to it on the requested date (former
	// members left out).
	Parties []string `json:"parties"`
	Signed  string   `json:"signed,omitempty"` // YYYY-MM-DD
	// Status is the treaty's status on the requested date: "signed",
	// "submitted", "ratified", "in_force", "suspended", "withdrawn",
	// "expired"; InForce tells whether it binds on that date.
	Status  string `json:"status"`
	InForce bool   `json:"in_force"`
	// Detail says what happened up to the date: "signed 2024-06-19;
	// submitted by RUS 2024-10-14; not in force".
	Detail   string          `json:"detail,omitempty"`
	Articles []TreatyArticle `json:"articles,omitempty"`
	// History is every status change, from the register's data and from
	// coded events (EventID set), oldest first.
	History []vigil.TreatyStatus `json:"history"`
}

// TreatyArticle is one article of a treaty that binds its parties.
type TreatyArticle struct {
	No         string   `json:"no"`
	Obligation string   `json:"obligation"` // defense, offense, neutrality, non-aggression, consultation
	Conditions []string `json:"conditions,omitempty"`
	Text       string   `json:"text,omitempty"`
}

// Indices computes escalation indices for the dyad chart.
type Indices interface {
	// Escalation returns the escalation score of the directed dyad a→b for
	// each day in [since, until] (one point per day, oldest first).
	Escalation(ctx context.Context, a, b, since, until string) ([]Point, error)
}

// Point is one value of a daily series.
type Point struct {
	Date  string  `json:"date"`
	Value float64 `json:"value"`
}

// Ingester stores new articles and codes them, as `vigil ingest` does.
type Ingester interface {
	// IngestURL fetches a page (or feed) and stores what it holds.
	IngestURL(ctx context.Context, url string) (*IngestResult, error)
	// IngestArticle codes and stores an article given as text.
	IngestArticle(ctx context.Context, a *vigil.Article) (*IngestResult, error)
}

// IngestResult says what an ingest stored.
type IngestResult struct {
	Articles []string `json:"articles"`          // IDs of the articles read
	New      int      `json:"new"`               // how many were new
	Events   int      `json:"events"`            // events stored
	Warnings []string `json:"warnings"`          // IDs of warnings raised or changed
	Message  string   `json:"message,omitempty"` // e.g. "already stored"
}

// Server is Vigil's HTTP server. Create it with New; it is safe for
// concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	metrics *Metrics
	broker  *broker
	mux     *http.ServeMux
	handler http.Handler
	routes  []route
	pages   *pages

	// requireReadToken is set by Serve when the listener is not loopback.
	mu               sync.Mutex
	requireReadToken bool
	statsAt          time.Time // when the metrics last read store totals

	poke    chan struct{} // Notify → poller
	closing chan struct{} // closed when shutdown starts: streams end
	once    sync.Once
}

// New builds a server from cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store configured")
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics()
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		metrics: cfg.Metrics,
		broker:  newBroker(256),
		mux:     http.NewServeMux(),
		poke:    make(chan struct{}, 1),
		closing: make(chan struct{}),
	}
	p, err := newPages(s)
	if err != nil {
		return nil, err
	}
	s.pages = p
	s.routes = s.routeTable()
	for _, r := range s.routes {
		s.mux.Handle(r.Method+" "+r.Pattern, s.instrument(r))
	}
	s.handler = s.secure(s.mux)
	return s, nil
}

// Handler returns the server's root handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the server's metrics, to share with the pipeline.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Notify tells the poller that something was stored, so the live stream
// and webhooks see it now rather than at the next poll.
func (s *Server) Notify() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// RequireTokenForReads makes every request, reads included, need the
// token. Serve calls it for non-loopback listeners.
func (s *Server) RequireTokenForReads(on bool) {
	s.mu.Lock()
	s.requireReadToken = on
	s.mu.Unlock()
}

func (s *Server) readsNeedToken() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requireReadToken
}

// Serve serves HTTP on ln until ctx ends, then shuts down gracefully: it
// stops accepting, ends the live streams, waits for in-flight requests
// (ingest writes among them) up to Config.ShutdownTimeout, and flushes
// queued webhooks. It runs the poller meanwhile.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if !IsLoopback(ln.Addr()) {
		if s.cfg.Token == "" {
			ln.Close()
			return fmt.Errorf("serve: %s is not a loopback address and no token is set: anyone who can reach it could read the store; set --token or VIGIL_TOKEN, or listen on 127.0.0.1", ln.Addr())
		}
		s.RequireTokenForReads(true)
	}
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	hs.RegisterOnShutdown(s.closeStreams)

	pollCtx, stopPoll := context.WithCancel(context.WithoutCancel(ctx))
	pollDone := make(chan struct{})
	go func() {
		defer close(pollDone)
		s.poll(pollCtx)
	}()
	if s.cfg.Webhooks != nil {
		s.cfg.Webhooks.Start()
	}

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String())

	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && serveErr == nil {
		serveErr = fmt.Errorf("shutdown: %w (some requests were cut off)", err)
	}
	s.closeStreams()
	stopPoll()
	<-pollDone
	if s.cfg.Webhooks != nil {
		if err := s.cfg.Webhooks.Close(sctx); err != nil {
			s.log.Warn("webhooks left undelivered at shutdown", "err", err)
		}
	}
	return serveErr
}

func (s *Server) closeStreams() {
	s.once.Do(func() { close(s.closing) })
}

// IsLoopback reports whether addr is a loopback address (127.0.0.0/8, ::1).
func IsLoopback(addr net.Addr) bool {
	switch a := addr.(type) {
	case *net.TCPAddr:
		return a.IP.IsLoopback()
	case *net.UnixAddr:
		return true // a socket file: access is the file's permissions
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Listen listens on addr; when the port is taken and next is true, it
// tries the following ports (up to 20), as `vigil demo` does so a second
// demo does not fail.
func Listen(ctx context.Context, addr string, next bool) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err == nil || !next {
		if err != nil {
			return nil, fmt.Errorf("listen on %s: %w (is another server running? pick another --addr)", addr, err)
		}
		return ln, nil
	}
	host, port, perr := net.SplitHostPort(addr)
	if perr != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	var p int
	if _, serr := fmt.Sscanf(port, "%d", &p); serr != nil || p == 0 {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	for i := 1; i <= 20; i++ {
		a := net.JoinHostPort(host, fmt.Sprint(p+i))
		if ln, e := lc.Listen(ctx, "tcp", a); e == nil {
			return ln, nil
		}
	}
	return nil, fmt.Errorf("listen on %s and the 20 ports after it: %w (pick a free one with --addr)", addr, err)
}
