package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/store"
)

// WorkerOptions are what `vigil worker` is given.
type WorkerOptions struct {
	NATS        string // NATS URL(s), comma-separated for a cluster
	Credentials string // NATS .creds file, if the server needs one
	// Store is the database: a postgres:// URL when workers run on several
	// machines (a SQLite file serves one worker on one machine).
	Store string
	Coder pipeline.Coder
	// MaxSize caps one document (ingest.DefaultMaxSize when 0).
	MaxSize     int64
	Config      Config
	Concurrency int
	// MaxBatch and Linger bound the group commits (Worker.MaxBatch, Worker.Linger).
	MaxBatch     int
	Linger       time.Duration
	DrainTimeout time.Duration
	// MetricsAddr, when set, serves /metrics and /healthz there.
	MetricsAddr string
	Log         *slog.Logger
	OnOutcome   func(Outcome)
	// Ready, when set, is called once the worker pulls work, with the
	// address /metrics is served on (nil without MetricsAddr).
	Ready func(metrics net.Addr)
}

// RunWorker is `vigil worker`: it connects to NATS and the store, sets
// the streams up, and works until ctx ends (SIGTERM), then drains and
// returns nil.
func RunWorker(ctx context.Context, o WorkerOptions) error {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	if o.NATS == "" {
		return errors.New("no NATS server given: pass --nats nats://host:4222")
	}
	if o.Store == "" {
		return errors.New("no store given: pass --dsn postgres://... (shared by all workers)")
	}
	if !store.IsPostgres(o.Store) {
		log.Warn("the store is a SQLite file: only workers on this machine can share it; use --dsn postgres://... to scale out")
	}
	st, err := store.Open(ctx, o.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	conn, err := Connect(ctx, o.NATS, ConnectOptions{Name: "vigil worker", Credentials: o.Credentials, Log: log})
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := Setup(ctx, conn.JS, o.Config); err != nil {
		return err
	}
	w := &Worker{
		JS: conn.JS,
		Pipeline: &pipeline.Pipeline{Store: st, Coder: o.Coder, Log: log,
			File: ingest.FileOptions{MaxSize: o.MaxSize}},
		Config:       o.Config,
		Concurrency:  o.Concurrency,
		MaxBatch:     o.MaxBatch,
		Linger:       o.Linger,
		DrainTimeout: o.DrainTimeout,
		Log:          log,
		OnOutcome:    o.OnOutcome,
	}
	var metricsAddr net.Addr
	if o.MetricsAddr != "" {
		ln, err := net.Listen("tcp", o.MetricsAddr)
		if err != nil {
			return fmt.Errorf("serving metrics on %s: %w", o.MetricsAddr, err)
		}
		metricsAddr = ln.Addr()
		srv := &http.Server{Handler: w.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		log.Info("serving /metrics and /healthz", "addr", metricsAddr.String())
	}
	if o.Ready != nil {
		o.Ready(metricsAddr)
	}
	return w.Run(ctx)
}
