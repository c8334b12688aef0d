package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/queue"
)

// queueFlags are the flags of every command that talks to NATS JetStream
// (worker, backfill; serve --nats).
type queueFlags struct {
	url      string
	creds    string
	replicas int
	ackWait  time.Duration
	maxTries int
}

func addQueueFlags(fs *flag.FlagSet) *queueFlags {
	q := &queueFlags{}
	fs.StringVar(&q.url, "nats", "", "NATS `URL` with JetStream, e.g. nats://nats1:4222,nats://nats2:4222 (or $VIGIL_NATS)")
	fs.StringVar(&q.creds, "nats-creds", "", "NATS credentials `FILE` (.creds), if the server needs one")
	fs.IntVar(&q.replicas, "replicas", 1, "copies of each stream kept by a NATS cluster (3 in a cluster of 3 or more)")
	fs.DurationVar(&q.ackWait, "ack-wait", 30*time.Second, "how long an input may go unacknowledged before another worker gets it")
	fs.IntVar(&q.maxTries, "max-deliver", 5, "deliveries of an input before it goes to the dead-letter subject vigil.dead")
	return q
}

// urlOrEnv is the NATS URL of --nats or $VIGIL_NATS, "" when neither is set.
func (q *queueFlags) urlOrEnv(e *env) string {
	if q.url != "" {
		return q.url
	}
	return e.Getenv("VIGIL_NATS")
}

func (q *queueFlags) target(e *env) (string, error) {
	u := q.urlOrEnv(e)
	if u == "" {
		return "", usagef("give the NATS server with --nats nats://host:4222 (or set VIGIL_NATS)")
	}
	return u, nil
}

func (q *queueFlags) config() queue.Config {
	return queue.Config{Replicas: q.replicas, AckWait: q.ackWait, MaxDeliver: q.maxTries}
}

func init() {
	var (
		sf      *storeFlags
		kf      *knowledgeFlags
		qf      *queueFlags
		conc    int
		metrics string
		drain   time.Duration
		maxSize int64
	)
	register(&command{
		Name:  "worker",
		Args:  "--nats URL --dsn postgres://... [--concurrency N] [--metrics HOST:PORT]",
		Short: "extract and code inputs from NATS JetStream into the store (run as many as you like)",
		Long: `A worker takes inputs from the NATS JetStream work queue (documents fetched by
'vigil serve --nats', archives enqueued by 'vigil backfill'), extracts the text,
codes the events and commits them to the store, with the same stage code as
'vigil ingest'. Run any number of workers on any number of machines against one
PostgreSQL store; each input goes to one worker at a time.

An input is acknowledged only after its article and events are committed. A
worker that dies (kill -9, power loss) leaves its inputs unacknowledged and
another worker takes them after --ack-wait; committing twice is harmless, so
every article is stored exactly once. An input that can never be read (binary
bytes, invalid JSON, a page without text) goes at once to the dead-letter
subject vigil.dead with the reason; one that has crashed --max-deliver workers
follows it. 'vigil backfill --dead' lists them; '--redrive' sends them back.

When the store is down the worker keeps what it holds, retries, and takes no new
work: inputs wait in the stream (on disk), and when it is full the publishers
wait too. SIGTERM (Ctrl-C) drains: no new input is taken, those in hand are
finished and acknowledged (within --drain-timeout), and the exit status is 0.

--metrics serves /metrics (the worker's counters, queue lag and dead letters,
Prometheus text format) and /healthz (503 while NATS or the store is away).

The streams are created on first use: VIGIL_DOCS (work queue of vigil.docs,
vigil.records and vigil.articles), VIGIL_EVENTS (vigil.events: what was stored, for the serve
side's watch) and VIGIL_DEAD (vigil.dead). Give every process the same
--replicas, --ack-wait and --max-deliver.

Examples:
  vigil worker --nats nats://nats:4222 --dsn postgres://vigil:pw@db/vigil
  vigil worker --nats nats://n1:4222,nats://n2:4222,nats://n3:4222 --replicas 3 \
      --dsn postgres://vigil:pw@db/vigil --concurrency 8 --metrics :9101
  VIGIL_NATS=nats://nats:4222 VIGIL_DSN=postgres://vigil:pw@db/vigil vigil worker`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			kf = addKnowledgeFlags(fs)
			qf = addQueueFlags(fs)
			fs.IntVar(&conc, "concurrency", 0, "inputs held at once: some are coded while others wait for their commit, and commits that wait together share one transaction (default: 16 per CPU, at least 64)")
			fs.StringVar(&metrics, "metrics", "", "serve /metrics and /healthz on `HOST:PORT`")
			fs.DurationVar(&drain, "drain-timeout", 30*time.Second, "on SIGTERM, how long to finish the inputs in hand before giving them back")
			fs.Int64Var(&maxSize, "max-size", ingest.DefaultMaxSize, "largest document to read, in `bytes`")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("worker takes no arguments: inputs come from NATS (enqueue them with vigil backfill)")
			}
			url, err := qf.target(e)
			if err != nil {
				return err
			}
			target, err := sf.target(e)
			if err != nil {
				return err
			}
			if conc < 0 {
				return usagef("--concurrency %d: want a positive number", conc)
			}
			cd, err := kf.coder()
			if err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(e.Stderr, nil))
			return queue.RunWorker(ctx, queue.WorkerOptions{
				NATS: url, Credentials: qf.creds, Store: target, Coder: cd, MaxSize: maxSize,
				Config: qf.config(), Concurrency: conc, DrainTimeout: drain, MetricsAddr: metrics, Log: log,
			})
		},
	})
}
