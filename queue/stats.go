package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stats is the state of the queue as /metrics shows it.
type Stats struct {
	Connected bool            `json:"connected"`
	Streams   []StreamStats   `json:"streams"`
	Consumers []ConsumerStats `json:"consumers"`
}

// StreamStats is one stream's size.
type StreamStats struct {
	Name     string `json:"name"`
	Messages uint64 `json:"messages"`
	Bytes    uint64 `json:"bytes"`
}

// ConsumerStats is one consumer's progress.
type ConsumerStats struct {
	Stream string `json:"stream"`
	Name   string `json:"name"`
	// Pending is the lag: messages not yet delivered to anyone.
	Pending uint64 `json:"pending"`
	// AckPending are delivered and not yet acknowledged (in hand).
	AckPending int `json:"ack_pending"`
	// Redelivered are in hand and delivered more than once.
	Redelivered int `json:"redelivered"`
	// Waiting are pull requests waiting for messages (idle workers).
	Waiting int `json:"waiting"`
}

// Consumer returns the stats of one consumer, or false.
func (s Stats) Consumer(stream, name string) (ConsumerStats, bool) {
	for _, c := range s.Consumers {
		if c.Stream == stream && c.Name == name {
			return c, true
		}
	}
	return ConsumerStats{}, false
}

// Stream returns the stats of one stream, or false.
func (s Stats) Stream(name string) (StreamStats, bool) {
	for _, st := range s.Streams {
		if st.Name == name {
			return st, true
		}
	}
	return StreamStats{}, false
}

// ReadStats reads the sizes of Vigil's streams and the progress of its
// consumers. Streams or consumers not created yet are left out.
func ReadStats(ctx context.Context, js jetstream.JetStream) (Stats, error) {
	var s Stats
	if c := js.Conn(); c != nil {
		s.Connected = c.IsConnected()
	}
	if !s.Connected {
		return s, errors.New("not connected to NATS")
	}
	for _, name := range []string{StreamDocs, StreamEvents, StreamDead} {
		st, err := js.Stream(ctx, name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			continue
		}
		if err != nil {
			return s, fmt.Errorf("stream %s: %w", name, err)
		}
		info, err := st.Info(ctx)
		if err != nil {
			return s, fmt.Errorf("stream %s: %w", name, err)
		}
		s.Streams = append(s.Streams, StreamStats{Name: name, Messages: info.State.Msgs, Bytes: info.State.Bytes})
		for _, cn := range []string{ConsumerWorkers, ConsumerWatch} {
			c, err := st.Consumer(ctx, cn)
			if errors.Is(err, jetstream.ErrConsumerNotFound) {
				continue
			}
			if err != nil {
				return s, fmt.Errorf("consumer %s of %s: %w", cn, name, err)
			}
			ci, err := c.Info(ctx)
			if err != nil {
				return s, fmt.Errorf("consumer %s of %s: %w", cn, name, err)
			}
			s.Consumers = append(s.Consumers, ConsumerStats{Stream: name, Name: cn,
				Pending: ci.NumPending, AckPending: ci.NumAckPending, Redelivered: ci.NumRedelivered, Waiting: ci.NumWaiting})
		}
	}
	return s, nil
}

// WritePrometheus writes the stats in the Prometheus text format, for a
// server's /metrics.
func (s Stats) WritePrometheus(w io.Writer) error {
	var b strings.Builder
	family := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	family("vigil_nats_connected", "gauge", "1 when connected to NATS.")
	fmt.Fprintf(&b, "vigil_nats_connected %d\n", b2i(s.Connected))
	if len(s.Streams) > 0 {
		family("vigil_queue_messages", "gauge", "Messages in a Vigil stream (VIGIL_DOCS: inputs waiting or in hand; VIGIL_DEAD: dead letters).")
		for _, st := range s.Streams {
			fmt.Fprintf(&b, "vigil_queue_messages{stream=%q} %d\n", st.Name, st.Messages)
		}
		family("vigil_queue_bytes", "gauge", "Bytes in a Vigil stream.")
		for _, st := range s.Streams {
			fmt.Fprintf(&b, "vigil_queue_bytes{stream=%q} %d\n", st.Name, st.Bytes)
		}
	}
	if len(s.Consumers) > 0 {
		for _, f := range []struct {
			name, help string
			v          func(ConsumerStats) uint64
		}{
			{"vigil_queue_consumer_pending", "Lag: messages not yet delivered to the consumer.", func(c ConsumerStats) uint64 { return c.Pending }},
			{"vigil_queue_consumer_ack_pending", "Messages delivered and not yet acknowledged.", func(c ConsumerStats) uint64 { return uint64(c.AckPending) }},
			{"vigil_queue_consumer_redelivered", "Messages in hand delivered more than once.", func(c ConsumerStats) uint64 { return uint64(c.Redelivered) }},
			{"vigil_queue_consumer_waiting", "Pull requests waiting for messages (idle workers).", func(c ConsumerStats) uint64 { return uint64(c.Waiting) }},
		} {
			family(f.name, "gauge", f.help)
			for _, c := range s.Consumers {
				fmt.Fprintf(&b, "%s{stream=%q,consumer=%q} %d\n", f.name, c.Stream, c.Name, f.v(c))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WritePrometheus writes the worker's own counters.
func (w *Worker) WritePrometheus(out io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# HELP vigil_worker_inputs_total Inputs this worker finished, by action.\n# TYPE vigil_worker_inputs_total counter\n")
	for _, a := range []struct {
		name string
		v    uint64
	}{{ActionDead, w.stats.dead.Load()}, {ActionDuplicate, w.stats.duplicate.Load()}, {ActionRetry, w.stats.retry.Load()}, {ActionStored, w.stats.stored.Load()}} {
		fmt.Fprintf(&b, "vigil_worker_inputs_total{action=%q} %d\n", a.name, a.v)
	}
	fmt.Fprintf(&b, "# HELP vigil_worker_events_total Events this worker stored.\n# TYPE vigil_worker_events_total counter\nvigil_worker_events_total %d\n", w.stats.events.Load())
	fmt.Fprintf(&b, "# HELP vigil_worker_in_flight Inputs in hand.\n# TYPE vigil_worker_in_flight gauge\nvigil_worker_in_flight %d\n", w.stats.inFlight.Load())
	fmt.Fprintf(&b, "# HELP vigil_worker_store_up 0 while the store does not answer.\n# TYPE vigil_worker_store_up gauge\nvigil_worker_store_up %d\n", b2i(!w.stats.storeDown.Load()))
	if g := w.group.Load(); g != nil {
		fmt.Fprintf(&b, "# HELP vigil_worker_store_writes_total Group commits of this worker (one duplicate check and one transaction each).\n# TYPE vigil_worker_store_writes_total counter\nvigil_worker_store_writes_total %d\n", g.batches.Load())
		fmt.Fprintf(&b, "# HELP vigil_worker_store_written_total Inputs those group commits held.\n# TYPE vigil_worker_store_written_total counter\nvigil_worker_store_written_total %d\n", g.items.Load())
	}
	if t := w.stats.lastDone.Load(); t > 0 {
		fmt.Fprintf(&b, "# HELP vigil_worker_last_done_timestamp_seconds When this worker last finished an input.\n# TYPE vigil_worker_last_done_timestamp_seconds gauge\nvigil_worker_last_done_timestamp_seconds %.3f\n", float64(t)/1e9)
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// Handler serves the worker's /metrics (its counters and the queue's
// state) and /healthz (200 when connected to NATS with its store
// answering, 503 otherwise), for a load balancer or an orchestrator.
func (w *Worker) Handler() http.Handler {
	queueMetrics := MetricsFunc(w.JS, w.log())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.WritePrometheus(rw)
		queueMetrics(r.Context(), rw)
	})
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) {
		ok, reason := w.Healthy()
		rw.Header().Set("Content-Type", "application/json")
		if !ok {
			rw.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(rw).Encode(map[string]any{"ok": ok, "status": reason, "in_flight": w.stats.inFlight.Load()})
	})
	return mux
}

// MetricsFunc returns a writer of the queue's state (connection, streams,
// consumers' lag, redeliveries, dead letters) in the Prometheus text
// format, for a /metrics handler: a worker's, or vigil serve's through
// server.Config.ExtraMetrics. Stream and consumer info are requests to
// the NATS server, so they are read at most once every 2 seconds, however
// often the scraper comes.
func MetricsFunc(js jetstream.JetStream, log *slog.Logger) func(ctx context.Context, w io.Writer) {
	if log == nil {
		log = slog.Default()
	}
	var mu sync.Mutex
	var cached Stats
	var at time.Time
	return func(ctx context.Context, w io.Writer) {
		mu.Lock()
		if time.Since(at) > 2*time.Second {
			rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			s, err := ReadStats(rctx, js)
			cancel()
			if err != nil {
				log.Warn("metrics: reading the queue's state", "error", err)
			}
			cached, at = s, time.Now()
		}
		s := cached
		mu.Unlock()
		s.WritePrometheus(w)
	}
}
