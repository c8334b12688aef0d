// Package queue runs Vigil's pipeline across machines over NATS JetStream.
//
// The stages are the pipeline package's own (Fetch, Extract, Code, Commit);
// only the transport between them changes. In one process bounded channels
// connect them; here JetStream streams do:
//
//	vigil serve --nats ──Fetch──► vigil.docs ─────┐   VIGIL_DOCS       vigil worker × N
//	  (feeds, retries)                            ├─► work queue ───► Extract → Code → Commit (PostgreSQL)
//	vigil backfill ───► vigil.docs, vigil.records ┘   consumer            │            │
//	  (files, dirs, JSON Lines)                       "workers"           │            ▼
//	                                                                      │      vigil.events (VIGIL_EVENTS)
//	                                                                      ▼            │ consumer "watch"
//	                                                   vigil.dead (VIGIL_DEAD)         ▼
//	                                                   inputs no worker can read   vigil serve: watch, live stream
//
// # Messages
//
// A message is the JSON of the type the in-process pipeline passes along:
// a pipeline.Document on vigil.docs (bytes fetched or read, with their
// source), a vigil.Article on vigil.articles (text already extracted), a
// line of a JSON Lines archive on vigil.records, sent as it was read so
// that the backfill does not encode again what it has just decoded, and a
// Stored (an article's metadata with the events its commit added) on
// vigil.events. A payload over 64 KiB is
// gzip-compressed and says so in a Content-Encoding header.
//
// # Guarantees
//
//   - Every message carries a Nats-Msg-Id (a hash of its content), so a
//     publish retried after a lost acknowledgement is stored once.
//   - Workers pull from one durable work-queue consumer: each input goes to
//     one worker at a time. A worker acknowledges an input only after its
//     article and events are committed to the store and the Stored notice
//     is published; a worker that dies before that (SIGKILL, power loss)
//     leaves the input unacknowledged, and JetStream gives it to another
//     worker after AckWait. Committing twice is harmless: an article's ID
//     is the hash of its text and the store's writes are idempotent, so
//     every article is stored exactly once with all its events.
//   - Redelivery is bounded. An input that cannot be read (binary bytes,
//     invalid JSON, a page without text, a value the database rejects) is
//     moved at once to vigil.dead with the reason in a Vigil-Reason header
//     and the original payload and headers; an input delivered more than
//     MaxDeliver times (it crashed or stalled every worker that took it)
//     follows it there on its next delivery. The bound is counted by the
//     workers from the delivery count, not by the server's MaxDeliver, so
//     no input is ever left stranded in the stream.
//   - A store that is down is not the input's fault: the worker retries
//     the commit, keeping the message alive with in-progress
//     acknowledgements, and takes no new work meanwhile. Inputs pile up in
//     the stream (on disk, bounded by MaxQueued and MaxQueuedBytes), then
//     publishers wait: a slow store slows the fetchers, and nothing piles
//     up in memory.
//   - On SIGTERM a worker stops pulling, finishes and acknowledges what it
//     holds, and exits 0 (Worker.Run).
//
// A worker holds many inputs at once: some are coded while the others wait
// for their commit, and the commits that wait together go through
// Pipeline.CommitBatch — one duplicate check and one transaction for all
// of them (group commit), which roughly halves PostgreSQL's work per
// article. README.md in this directory is the operator's guide.
//
// Near-duplicate detection (SimHash) and de-duplication by URL are checks
// against the store before the write, as in one process, and within each
// group commit; two workers that commit near-duplicate copies of a story
// in the same instant may both store them. Copies with the same text are
// always caught (same ID).
package queue

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Subjects and the streams and consumers that hold them.
const (
	SubjectDocs     = "vigil.docs"     // pipeline.Document
	SubjectArticles = "vigil.articles" // vigil.Article
	SubjectRecords  = "vigil.records"  // a JSON Lines archive's line, as read (ingest.ParseRecord)
	SubjectEvents   = "vigil.events"   // Stored
	SubjectDead     = "vigil.dead"     // any input, as it was, with Vigil-Reason

	StreamDocs   = "VIGIL_DOCS"   // work queue of vigil.docs, vigil.articles and vigil.records
	StreamEvents = "VIGIL_EVENTS" // vigil.events, kept EventsMaxAge
	StreamDead   = "VIGIL_DEAD"   // vigil.dead, kept DeadMaxAge

	ConsumerWorkers = "workers" // durable pull consumer shared by all workers
	ConsumerWatch   = "watch"   // durable pull consumer of the serve side
)

// Headers Vigil sets on messages.
const (
	HeaderName       = "Vigil-Name"       // where the input came from: a path, path:line or URL
	HeaderReason     = "Vigil-Reason"     // dead letters: why no worker could use it
	HeaderSubject    = "Vigil-Subject"    // dead letters: the subject it was published on
	HeaderSequence   = "Vigil-Stream-Seq" // dead letters: its sequence in VIGIL_DOCS
	HeaderDeliveries = "Vigil-Deliveries" // dead letters: how often it was delivered
	HeaderWorker     = "Vigil-Worker"     // dead letters: host:pid of the worker that gave up
	HeaderMsgID      = "Vigil-Msg-Id"     // dead letters: the original Nats-Msg-Id
	HeaderEncoding   = "Content-Encoding" // "gzip" when the payload is compressed
	compressAbove    = 64 << 10           // payloads larger than this are gzipped
	maxDecodedBytes  = 64 << 20           // cap on a decompressed payload
	contentEncodingZ = "gzip"
)

// Config sets the streams and the workers' consumer. Every role calls
// Setup with it at start; give all processes the same values (the last
// one started wins). Zero fields take the defaults noted.
type Config struct {
	// Replicas of each stream: 1 on a single server, 3 in a cluster of
	// three or more (each message then survives the loss of a server).
	Replicas int
	// MaxQueued and MaxQueuedBytes bound the work queue (100,000 messages,
	// 1 GiB). When it is full, publishers wait for workers to catch up.
	MaxQueued      int64
	MaxQueuedBytes int64
	// Duplicates is how long JetStream remembers message IDs to drop
	// repeated publishes (2 minutes): long enough for any publish retry.
	// Inputs enqueued again later are caught by the store instead.
	Duplicates time.Duration
	// AckWait is how long an input may stay unacknowledged before it is
	// given to another worker (30s). Workers send in-progress
	// acknowledgements while they work, so only a dead or frozen worker
	// lets it lapse.
	AckWait time.Duration
	// MaxDeliver is how many times an input is tried before it goes to
	// vigil.dead (5).
	MaxDeliver int
	// MaxAckPending bounds the inputs held by all workers together (4,096).
	MaxAckPending int
	// EventsMaxAge and DeadMaxAge are how long Stored notices and dead
	// letters are kept (7 days, 90 days).
	EventsMaxAge time.Duration
	DeadMaxAge   time.Duration
}

func (c Config) withDefaults() Config {
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.MaxQueued <= 0 {
		c.MaxQueued = 100_000
	}
	if c.MaxQueuedBytes <= 0 {
		c.MaxQueuedBytes = 1 << 30
	}
	if c.Duplicates <= 0 {
		c.Duplicates = 2 * time.Minute
	}
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if c.MaxAckPending <= 0 {
		c.MaxAckPending = 4096
	}
	if c.EventsMaxAge <= 0 {
		c.EventsMaxAge = 7 * 24 * time.Hour
	}
	if c.DeadMaxAge <= 0 {
		c.DeadMaxAge = 90 * 24 * time.Hour
	}
	return c
}

// Setup creates or updates Vigil's streams and the workers' consumer. It
// is idempotent; every role calls it at start, so no manual step is needed.
func Setup(ctx context.Context, js jetstream.JetStream, cfg Config) error {
	cfg = cfg.withDefaults()
	streams := []jetstream.StreamConfig{{
		Name:        StreamDocs,
		Description: "Vigil: inputs waiting for a worker (documents and extracted articles)",
		Subjects:    []string{SubjectDocs, SubjectArticles, SubjectRecords},
		Retention:   jetstream.WorkQueuePolicy,
		// DiscardNew: a full queue refuses publishes, which makes the
		// publishers wait, instead of dropping queued work.
		Discard:    jetstream.DiscardNew,
		MaxMsgs:    cfg.MaxQueued,
		MaxBytes:   cfg.MaxQueuedBytes,
		Duplicates: cfg.Duplicates,
		Storage:    jetstream.FileStorage,
		Replicas:   cfg.Replicas,
	}, {
		Name:        StreamEvents,
		Description: "Vigil: what workers committed (article metadata and new events)",
		Subjects:    []string{SubjectEvents},
		Retention:   jetstream.LimitsPolicy,
		// DiscardOld: the store holds everything; an absent watcher must
		// never stop workers.
		Discard:    jetstream.DiscardOld,
		MaxAge:     cfg.EventsMaxAge,
		MaxBytes:   cfg.MaxQueuedBytes,
		Duplicates: cfg.Duplicates,
		Storage:    jetstream.FileStorage,
		Replicas:   cfg.Replicas,
	}, {
		Name:        StreamDead,
		Description: "Vigil: inputs no worker could use, with the reason (Vigil-Reason header)",
		Subjects:    []string{SubjectDead},
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardOld,
		MaxAge:      cfg.DeadMaxAge,
		MaxBytes:    cfg.MaxQueuedBytes,
		Duplicates:  cfg.Duplicates,
		Storage:     jetstream.FileStorage,
		Replicas:    cfg.Replicas,
	}}
	for _, sc := range streams {
		if _, err := js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("setting up stream %s: %w%s", sc.Name, err, jetStreamHint(err))
		}
	}
	_, err := js.CreateOrUpdateConsumer(ctx, StreamDocs, jetstream.ConsumerConfig{
		Durable:     ConsumerWorkers,
		Description: "Vigil workers: extract, code, commit",
		AckPolicy:   jetstream.AckExplicitPolicy,
		AckWait:     cfg.AckWait,
		// Unlimited on the server: workers count deliveries themselves and
		// move an input to vigil.dead on the delivery after the last try,
		// so an input whose every worker crashed is never stranded.
		MaxDeliver:    -1,
		MaxAckPending: cfg.MaxAckPending,
		Metadata:      map[string]string{"vigil_max_deliver": fmt.Sprint(cfg.MaxDeliver)},
	})
	if err != nil {
		return fmt.Errorf("setting up consumer %s: %w%s", ConsumerWorkers, err, jetStreamHint(err))
	}
	return nil
}

func jetStreamHint(err error) string {
	if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) {
		return " (start nats-server with JetStream on: nats-server -js)"
	}
	return ""
}

// ConnectOptions configure Connect.
type ConnectOptions struct {
	// Name identifies this client in the server's monitoring ("vigil worker").
	Name string
	// Credentials is a NATS .creds file (user JWT and NKey seed), if the
	// server needs one. User and password can also be given in the URL.
	Credentials string
	Log         *slog.Logger
}

// Conn is a connection to NATS with its JetStream context.
type Conn struct {
	NC *nats.Conn
	JS jetstream.JetStream
}

// Close drains and closes the connection.
func (c *Conn) Close() {
	if c != nil && c.NC != nil {
		c.NC.Drain()
		c.NC.Close()
	}
}

// Connect connects to the NATS servers at url (one URL, or several
// separated by commas for a cluster) and keeps reconnecting for as long as
// the process runs: a NATS restart pauses the work, it does not end it.
func Connect(ctx context.Context, url string, o ConnectOptions) (*Conn, error) {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	name := o.Name
	if name == "" {
		name = "vigil"
	}
	opts := []nats.Option{
		nats.Name(name + " " + workerID()),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("disconnected from NATS; reconnecting", "error", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("reconnected to NATS", "server", nc.ConnectedUrlRedacted())
		}),
	}
	if o.Credentials != "" {
		opts = append(opts, nats.UserCredentials(o.Credentials))
	}
	type result struct {
		nc  *nats.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		nc, err := nats.Connect(url, opts...)
		ch <- result{nc, err}
	}()
	var r result
	select {
	case r = <-ch:
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.nc != nil {
				r.nc.Close()
			}
		}()
		return nil, ctx.Err()
	}
	if r.err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w (is nats-server running with -js, and the URL right?)", redact(url), r.err)
	}
	js, err := jetstream.New(r.nc,
		jetstream.WithPublishAsyncMaxPending(256),
		jetstream.WithPublishAsyncTimeout(30*time.Second),
	)
	if err != nil {
		r.nc.Close()
		return nil, fmt.Errorf("JetStream on %s: %w", redact(url), err)
	}
	return &Conn{NC: r.nc, JS: js}, nil
}

// redact hides a password given in a NATS URL.
func redact(url string) string {
	at := bytes.LastIndexByte([]byte(url), '@')
	scheme := bytes.Index([]byte(url), []byte("://"))
	if at < 0 || scheme < 0 || at < scheme {
		return url
	}
	return url[:scheme+3] + "***" + url[at:]
}

// workerID names this process for headers and logs: host:pid.
func workerID() string {
	h, _ := os.Hostname()
	if h == "" {
		h = "localhost"
	}
	return fmt.Sprintf("%s:%d", h, os.Getpid())
}

// encode returns the payload for v's JSON, gzipped when large, and
// whether it was.
func encode(v any) ([]byte, bool, error) {
	b, err := jsonMarshal(v)
	if err != nil {
		return nil, false, err
	}
	return compress(b)
}

// compress gzips b when it is large, and says whether it did.
func compress(b []byte) ([]byte, bool, error) {
	if len(b) <= compressAbove {
		return b, false, nil
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		return nil, false, err
	}
	return z.Bytes(), true, nil
}

// payload returns a message's JSON, decompressed when its header says so.
func payload(data []byte, h nats.Header) ([]byte, error) {
	if h == nil || h.Get(HeaderEncoding) == "" {
		return data, nil
	}
	if enc := h.Get(HeaderEncoding); enc != contentEncodingZ {
		return nil, fmt.Errorf("unknown %s %q (Vigil writes gzip)", HeaderEncoding, enc)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip payload: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxDecodedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gzip payload: %w", err)
	}
	if len(b) > maxDecodedBytes {
		return nil, fmt.Errorf("gzip payload expands beyond %d bytes", maxDecodedBytes)
	}
	return b, nil
}
