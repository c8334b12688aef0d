package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/vigil-ews/vigil/pipeline"
)

// This file is the serve side of the transport: it fetches what the feed
// follower finds and publishes it for the workers (Feeder), and runs the
// watch on what the workers stored (Watch).

// StatusQueued is the status of a source the Feeder published for the
// workers: it is fetched, not yet stored.
const StatusQueued = "queued"

// Feeder fetches sources (politely: one Fetcher per process keeps the
// per-host limits) and publishes the documents on vigil.docs. Its Run has
// the shape of pipeline.Pipeline.Run, so the feed follower can hand its
// sources to the workers instead of coding them in this process.
type Feeder struct {
	JS       jetstream.JetStream
	Pipeline *pipeline.Pipeline // Fetcher and Store (feed state, retry queue)
	// Workers fetch in parallel (GOMAXPROCS when 0).
	Workers int
	Log     *slog.Logger
}

// Run fetches and publishes the sources from in until in is closed and
// drained or ctx ends, calling progress (if not nil) with each result: a
// published source is StatusQueued, a failed fetch StatusFailed. When the
// work queue is full, Run waits, and so does whoever sends on in.
func (f *Feeder) Run(ctx context.Context, in <-chan pipeline.Source, progress func(pipeline.Result)) {
	p := f.Pipeline
	log := f.Log
	if log == nil {
		log = slog.Default()
	}
	workers := f.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type fetched struct {
		src pipeline.Source
		doc pipeline.Document
		err error
	}
	out := make(chan fetched, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range in {
				if ctx.Err() != nil {
					continue // drain without work
				}
				doc, err := p.Fetch(ctx, src)
				if err == nil && doc.Body == nil && doc.FetchError == "" && src.Kind == pipeline.KindFile {
					doc.Body, err = readCapped(src.Path, p.File.MaxSize)
				}
				select {
				case out <- fetched{src, doc, err}:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()

	// One publisher: flow control lives in it. Results are reported when
	// JetStream has stored the document, in publish order.
	var waiting []pipeline.Source
	pub := &Publisher{JS: f.JS, Log: log, OnAck: func(name string, dup bool, err error) {
		src := waiting[0]
		waiting = waiting[1:]
		r := pipeline.Result{Source: src, Status: StatusQueued}
		if dup {
			r.Status = pipeline.StatusDuplicate
		}
		if err != nil {
			r.Status, r.Err, r.Error = pipeline.StatusFailed, err, err.Error()
		}
		if progress != nil {
			progress(r)
		}
	}}
	fail := func(src pipeline.Source, err error) {
		if progress != nil {
			progress(pipeline.Result{Source: src, Status: pipeline.StatusFailed, Err: err, Error: err.Error()})
		}
	}
	for {
		var fd fetched
		var ok bool
		select {
		case fd, ok = <-out:
		default:
			// Nothing fetched yet: settle what is published meanwhile, so
			// results are reported as they happen, not when the window
			// fills.
			if err := pub.Flush(ctx); err != nil {
				log.Warn("waiting for JetStream to acknowledge documents", "error", err)
			}
			fd, ok = <-out
		}
		if !ok {
			break
		}
		if fd.err != nil {
			p.RetryFetch(ctx, fd.src, fd.err)
			fail(fd.src, fd.err)
			continue
		}
		m, err := DocumentMsg(fd.doc)
		if err != nil {
			fail(fd.src, err)
			continue
		}
		waiting = append(waiting, fd.src)
		if err := pub.Publish(ctx, m); err != nil {
			waiting = waiting[:len(waiting)-1]
			fail(fd.src, err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	// Published documents are settled even when stopping: they may well be
	// stored, and their results are owed.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := pub.Flush(fctx); err != nil {
		log.Warn("stopped before JetStream acknowledged every document; they are published again with the next poll", "error", err)
	}
	for range out { // a stop mid-way: let the fetchers end
	}
}

func readCapped(path string, max int64) ([]byte, error) {
	if max <= 0 {
		max = 10 << 20
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: over the size cap of %d bytes", path, max)
	}
	return b, nil
}

// WatchOptions configure Watch.
type WatchOptions struct {
	// MaxDeliver is how often a notice whose handler fails is tried
	// before it is dropped with an error in the log (10).
	MaxDeliver int
	// RetryDelay is how long a failed notice waits before it comes back (5s).
	RetryDelay time.Duration
	// Since, when set, skips (acknowledges without fn) notices that
	// reached the stream before it: a server that replayed the store into
	// its watch at start has seen their events already.
	Since time.Time
	Log   *slog.Logger
}

// Watch calls fn with every Stored notice, in arrival order, and
// acknowledges each after fn returns nil; a notice whose fn fails is tried
// again later. The durable consumer "watch" remembers the position, so a
// restarted server goes on where it stopped, and several servers share
// the notices. Watch returns when ctx ends.
func Watch(ctx context.Context, js jetstream.JetStream, opt WatchOptions, fn func(ctx context.Context, s Stored) error) error {
	log := opt.Log
	if log == nil {
		log = slog.Default()
	}
	retry := opt.RetryDelay
	if retry <= 0 {
		retry = 5 * time.Second
	}
	maxDeliver := opt.MaxDeliver
	if maxDeliver <= 0 {
		maxDeliver = 10
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, StreamEvents, jetstream.ConsumerConfig{
		Durable:       ConsumerWatch,
		Description:   "Vigil serve: watch and live stream of what workers stored",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       time.Minute,
		MaxAckPending: 256,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return fmt.Errorf("watch: consumer %s of %s: %w (run queue.Setup first)", ConsumerWatch, StreamEvents, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(64))
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	go func() {
		<-ctx.Done()
		it.Stop()
	}()
	for {
		m, err := it.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil {
				return nil
			}
			log.Warn("watch: reading notices", "error", err)
			continue
		}
		if !opt.Since.IsZero() {
			if md, err := m.Metadata(); err == nil && md.Timestamp.Before(opt.Since) {
				m.Ack()
				continue
			}
		}
		var s Stored
		b, err := payload(m.Data(), m.Headers())
		if err == nil {
			err = json.Unmarshal(b, &s)
		}
		if err != nil {
			log.Error("watch: dropping a notice that is not a Stored", "error", err)
			m.Term()
			continue
		}
		if err := fn(ctx, s); err != nil {
			md, _ := m.Metadata()
			if md != nil && md.NumDelivered >= uint64(maxDeliver) {
				log.Error("watch: giving up on a notice", "article", s.Article.ID, "tries", md.NumDelivered, "error", err)
				m.Term()
				continue
			}
			log.Warn("watch: a notice failed; trying it again later", "article", s.Article.ID, "error", err)
			m.NakWithDelay(retry)
			continue
		}
		m.Ack()
	}
}

// HookFunc adapts a pipeline.Hook (the watch layer's entry point in one
// process) to Watch.
func HookFunc(h pipeline.Hook) func(ctx context.Context, s Stored) error {
	return func(ctx context.Context, s Stored) error {
		a := s.Article
		h(ctx, &a, s.Events)
		return nil
	}
}
