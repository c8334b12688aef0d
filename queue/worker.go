package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/store"
)

// Actions a worker takes on an input.
const (
	ActionStored    = "stored"    // a new article (and its events) was committed
	ActionDuplicate = "duplicate" // the article was stored already; a source may have been added
	ActionDead      = "dead"      // moved to vigil.dead
	ActionRetry     = "retry"     // given back for a later delivery (Nak)
)

// Outcome is what became of one input.
type Outcome struct {
	Name       string          `json:"name"`
	Subject    string          `json:"subject"`
	Seq        uint64          `json:"seq"`        // stream sequence in VIGIL_DOCS
	Deliveries uint64          `json:"deliveries"` // this delivery's number, from 1
	Action     string          `json:"action"`
	Article    string          `json:"article,omitempty"`
	Events     int             `json:"events"`
	Reason     string          `json:"reason,omitempty"` // for dead and retry
	Result     pipeline.Result `json:"-"`
}

// Worker takes inputs from VIGIL_DOCS and runs them through the
// pipeline's stages: Extract (documents), Code and Commit. Any number of
// workers on any number of machines share the work.
type Worker struct {
	JS jetstream.JetStream
	// Pipeline holds the stages: Store (PostgreSQL when several workers
	// share it) and Coder. Its OnStored hook is not used: the serve side
	// runs the watch from vigil.events.
	Pipeline *pipeline.Pipeline
	// Config must match the one Setup was called with (MaxDeliver, AckWait).
	Config Config
	// Concurrency is how many inputs this worker holds at once (16 per
	// GOMAXPROCS, at least 64, when 0): while some are coded, the others
	// wait for their commit, and commits that wait together are written
	// together. Twice a batch's worth keeps the coder busy while a batch
	// is written.
	Concurrency int
	// MaxBatch is how many articles concurrent commits may commit
	// together (Pipeline.CommitBatch: one duplicate check and one
	// transaction; 64, and 1 commits each alone), and Linger how long a
	// commit waits for others to join it (50ms; it goes at once when every
	// input in hand is waiting, so only a saturated worker lingers). A
	// batch of 32 costs PostgreSQL about half the CPU an article of a
	// batch of 8 (BenchmarkStoreCommit). See batcher.
	MaxBatch int
	Linger   time.Duration
	// DrainTimeout bounds how long Run waits for the inputs in hand once
	// its context ends (30s); what is not done by then is given back.
	DrainTimeout time.Duration
	// PollWait is how long one pull waits for inputs (2s); it bounds how
	// soon a stopped worker notices it should drain.
	PollWait time.Duration
	Log      *slog.Logger
	// OnOutcome, when set, sees what became of every input.
	OnOutcome func(Outcome)

	stats    workerStats
	maxBytes int // largest message NATS takes (for Stored notices)
	pipe     *pipeline.Pipeline
	commits  *batcher[pipeline.Coded, pipeline.Result]                // group commit; nil with MaxBatch 1
	checks   *batcher[string, bool]                                   // is an article stored already?
	group    atomic.Pointer[batcher[pipeline.Coded, pipeline.Result]] // for /metrics
}

// workerStats are the counters a worker exposes on /metrics.
type workerStats struct {
	stored, duplicate, dead, retry atomic.Uint64
	events                         atomic.Uint64
	inFlight                       atomic.Int64
	pulls, pulled                  atomic.Uint64 // pull requests, and the inputs they brought
	storeDown                      atomic.Bool
	lastDone                       atomic.Int64 // unix nanoseconds
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// Run pulls and processes inputs until ctx ends, then drains: it stops
// pulling, finishes and acknowledges the inputs in hand (within
// DrainTimeout), and returns nil. It returns an error only when it cannot
// start.
func (w *Worker) Run(ctx context.Context) error {
	if w.JS == nil || w.Pipeline == nil || w.Pipeline.Store == nil {
		return errors.New("queue worker: JetStream, Pipeline and Pipeline.Store are required")
	}
	w.Config = w.Config.withDefaults()
	conc := w.Concurrency
	if conc <= 0 {
		conc = max(64, 16*runtime.GOMAXPROCS(0))
	}
	maxBatch := w.MaxBatch
	if maxBatch <= 0 {
		maxBatch = 64
	}
	linger := w.Linger
	if linger <= 0 {
		linger = 50 * time.Millisecond
	}
	drain := w.DrainTimeout
	if drain <= 0 {
		drain = 30 * time.Second
	}
	wait := w.PollWait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	w.maxBytes = 1 << 20
	if c := w.JS.Conn(); c != nil && c.MaxPayload() > 0 {
		w.maxBytes = int(c.MaxPayload())
	}
	cons, err := w.JS.Consumer(ctx, StreamDocs, ConsumerWorkers)
	if err != nil {
		return fmt.Errorf("queue worker: consumer %s of %s: %w (run queue.Setup first)", ConsumerWorkers, StreamDocs, err)
	}
	// Work goes on after ctx ends, until drained or DrainTimeout.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stop := w.startBatchers(workCtx, maxBatch, linger)
	defer stop()
	group := w.commits

	slots := make(chan struct{}, conc)
	var wg sync.WaitGroup
	errWait := time.Second
	w.log().Info("worker ready", "concurrency", conc, "stream", StreamDocs, "consumer", ConsumerWorkers)
pull:
	for ctx.Err() == nil {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			break pull
		}
		// Pull in batches: while inputs are in hand, wait briefly for a
		// quarter of the slots to free up, so that one pull request
		// brings several inputs (each request is work for the server).
		free := 1
		gather := time.NewTimer(pullGather)
	gathering:
		for free < conc {
			select {
			case slots <- struct{}{}:
				free++
				continue
			default:
			}
			if free >= conc/4 || w.stats.inFlight.Load() == 0 {
				break
			}
			select {
			case slots <- struct{}{}:
				free++
			case <-gather.C:
				break gathering
			case <-ctx.Done():
				break gathering
			}
		}
		gather.Stop()
		batch, err := cons.Fetch(free, jetstream.FetchMaxWait(wait))
		if err != nil {
			for range free {
				<-slots
			}
			if ctx.Err() == nil {
				w.log().Warn("pulling inputs failed; retrying", "error", err, "in", errWait)
				sleep(ctx, errWait)
				errWait = min(errWait*2, 30*time.Second)
			}
			continue
		}
		got := 0
		w.stats.pulls.Add(1)
		for m := range batch.Messages() {
			got++
			w.stats.pulled.Add(1)
			wg.Add(1)
			w.stats.inFlight.Add(1)
			go func() {
				defer func() {
					w.stats.inFlight.Add(-1)
					<-slots
					wg.Done()
				}()
				w.handle(workCtx, m)
			}()
		}
		for range free - got {
			<-slots
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			w.log().Warn("pulling inputs failed; retrying", "error", err, "in", errWait)
			sleep(ctx, errWait)
			errWait = min(errWait*2, 30*time.Second)
			continue
		}
		errWait = time.Second
	}
	w.log().Info("draining: finishing the inputs in hand", "in_flight", w.stats.inFlight.Load(), "timeout", drain)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(drain)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		w.log().Warn("drain timeout: giving the unfinished inputs back", "in_flight", w.stats.inFlight.Load())
		cancelWork()
		<-done
	}
	args := []any{"stored", w.stats.stored.Load(), "duplicates", w.stats.duplicate.Load(),
		"dead", w.stats.dead.Load(), "given_back", w.stats.retry.Load(), "pulls", w.stats.pulls.Load()}
	if n := w.stats.pulls.Load(); n > 0 {
		args = append(args, "inputs_per_pull", float64(w.stats.pulled.Load())/float64(n))
	}
	if group != nil && group.batches.Load() > 0 {
		args = append(args, "commits", group.batches.Load(),
			"articles_per_commit", float64(group.items.Load())/float64(group.batches.Load()))
	}
	w.log().Info("drained", args...)
	return nil
}

// startBatchers readies the batched commits and stored-checks of the
// inputs in hand; stop waits for the batches under way.
func (w *Worker) startBatchers(ctx context.Context, maxBatch int, linger time.Duration) (stop func()) {
	pipe := *w.Pipeline
	w.pipe = &pipe
	w.checks = newBatcher(ctx, 64, 2*time.Millisecond, nil, w.checkStored)
	if maxBatch > 1 {
		inHand := func(n int) bool { return int64(n) >= w.stats.inFlight.Load() }
		w.commits = newBatcher(ctx, maxBatch, linger, inHand, w.pipe.CommitBatch)
		w.group.Store(w.commits)
	}
	return func() {
		if w.commits != nil {
			w.commits.close()
		}
		w.checks.close()
	}
}

// checkStored says which of the articles are stored already (by their
// text: the same ID), in one query. When the store cannot say, none is
// taken for stored: the commit checks again.
func (w *Worker) checkStored(ctx context.Context, ids []string) []bool {
	qs := make([]store.DupQuery, len(ids))
	for i, id := range ids {
		qs[i] = store.DupQuery{ID: id}
	}
	out := make([]bool, len(ids))
	dups, err := w.pipe.Store.Duplicates(ctx, qs)
	if err != nil {
		return out
	}
	for i, d := range dups {
		out[i] = d.How == "text"
	}
	return out
}

// pullGather bounds how long a busy worker waits for more free slots
// before it pulls.
const pullGather = 20 * time.Millisecond

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// handle processes one input to its end: acknowledged, dead or given back.
func (w *Worker) handle(ctx context.Context, m jetstream.Msg) {
	md, err := m.Metadata()
	if err != nil {
		w.log().Error("message without JetStream metadata; giving it back", "subject", m.Subject(), "error", err)
		m.Nak()
		return
	}
	o := Outcome{Subject: m.Subject(), Seq: md.Sequence.Stream, Deliveries: md.NumDelivered, Name: m.Headers().Get(HeaderName)}
	stop := w.keepAlive(m)
	defer stop()
	defer func() {
		switch o.Action {
		case ActionStored:
			w.stats.stored.Add(1)
			w.stats.events.Add(uint64(o.Events))
		case ActionDuplicate:
			w.stats.duplicate.Add(1)
		case ActionDead:
			w.stats.dead.Add(1)
		case ActionRetry:
			w.stats.retry.Add(1)
		}
		w.stats.lastDone.Store(time.Now().UnixNano())
		if w.OnOutcome != nil {
			w.OnOutcome(o)
		}
	}()

	if md.NumDelivered > uint64(w.Config.MaxDeliver) {
		w.dead(ctx, m, md, &o, fmt.Sprintf("delivered %d times without success: every worker that took it crashed, stalled or was stopped", md.NumDelivered-1))
		return
	}
	in, err := decodeInput(m.Subject(), m.Data(), m.Headers())
	if o.Name == "" {
		o.Name = in.name
	}
	if err != nil {
		w.dead(ctx, m, md, &o, err.Error())
		return
	}
	c, err := w.prepare(ctx, in, md.NumDelivered > 1)
	if err != nil {
		w.dead(ctx, m, md, &o, err.Error())
		return
	}
	o.Article = c.Article.ID
	w.commit(ctx, m, md, c, &o)
}

// keepAlive tells JetStream the input is being worked on, every third of
// AckWait, so a long commit (or a store outage) is not taken for a crash.
func (w *Worker) keepAlive(m jetstream.Msg) (stop func()) {
	every := w.Config.AckWait / 3
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				m.InProgress()
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}

// prepare runs the parallel stages: Extract (for documents) and Code.
// An input already stored (by text) is not coded again unless this is a
// redelivery, whose Stored notice may not have gone out. An error means
// the input can never succeed (the stages are deterministic).
func (w *Worker) prepare(ctx context.Context, in input, redelivered bool) (c pipeline.Coded, err error) {
	defer func() {
		if r := recover(); r != nil {
			w.log().Error("panic while extracting or coding", "input", in.name, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("the worker failed on it: %v", r)
		}
	}()
	p := w.pipe
	var (
		a   *vigil.Article
		src pipeline.Source
		doc pipeline.Document
	)
	if in.doc != nil {
		doc, src = *in.doc, in.doc.Source
		if doc.Body == nil && doc.FetchError == "" {
			// A worker never reads its own disk or fetches: a document
			// must carry its bytes.
			return c, errors.New("document without a body: the publisher must send the bytes")
		}
		if doc.FetchError != "" && src.Item == nil {
			return c, errors.New("a failed fetch of a source that is no feed item: nothing to store")
		}
		a, err = p.Extract(doc)
		if err != nil {
			if doc.FetchError != "" {
				err = fmt.Errorf("%s; and %w", doc.FetchError, err)
			}
			return c, err
		}
	} else {
		a = in.article
		src = pipeline.Source{Kind: pipeline.KindFile, Path: in.name}
		completeArticle(a)
	}
	if !redelivered {
		if stored, err := w.checks.Do(ctx, a.ID); err == nil && stored {
			return pipeline.Coded{Source: src, Article: a}, nil
		}
	}
	return p.Code(src, doc, a), nil
}

// completeArticle gives an article read from an archive what Extract gives
// a document's: its canonical URL and the place it was seen.
func completeArticle(a *vigil.Article) {
	if a.URL == "" {
		return
	}
	if a.CanonicalURL == "" {
		a.CanonicalURL = ingest.CanonicalURL(a.URL)
	}
	if len(a.Sources) == 0 {
		a.Sources = []vigil.ArticleSource{{URL: a.URL, Source: a.Source}}
	}
}

// commit runs the Commit stage until it succeeds, the input proves bad,
// or the worker drains; then publishes the Stored notice and acknowledges.
func (w *Worker) commit(ctx context.Context, m jetstream.Msg, md *jetstream.MsgMetadata, c pipeline.Coded, o *Outcome) {
	backoff := 250 * time.Millisecond
	tries := 0
	var res pipeline.Result
	for {
		res = w.commitOne(ctx, c)
		if res.Status != pipeline.StatusFailed {
			break
		}
		if ctx.Err() != nil { // drain timeout
			w.retry(m, o, "stopped before the store answered: "+res.Error, time.Second)
			return
		}
		switch classify(res.Err) {
		case badData:
			w.dead(ctx, m, md, o, "the store refuses it: "+res.Error)
			return
		case storeDown:
			if !w.stats.storeDown.Swap(true) {
				w.log().Error("the store is unavailable: holding the inputs in hand and pulling no more until it answers", "error", res.Err)
			}
		default:
			tries++
			if tries >= 3 {
				if md.NumDelivered >= uint64(w.Config.MaxDeliver) {
					w.dead(ctx, m, md, o, fmt.Sprintf("failed %d times: %s", md.NumDelivered, res.Error))
					return
				}
				w.retry(m, o, res.Error, time.Duration(md.NumDelivered)*5*time.Second)
				return
			}
		}
		sleep(ctx, backoff)
		backoff = min(backoff*2, 10*time.Second)
	}
	if w.stats.storeDown.Swap(false) {
		w.log().Info("the store answers again")
	}
	o.Result = res
	o.Events = res.Events
	o.Article = res.Article
	switch res.Status {
	case pipeline.StatusNew, pipeline.StatusFallback:
		o.Action = ActionStored
	default:
		o.Action = ActionDuplicate
	}
	// Announce what the commit added. A redelivered duplicate of its own
	// text may be this input's own earlier commit whose notice was lost
	// with its worker: announce it again (the message ID makes a notice
	// that did go out count once).
	announce := res.Status == pipeline.StatusNew || res.Status == pipeline.StatusFallback ||
		(res.DuplicateOf == "text" && md.NumDelivered > 1)
	if announce {
		s := Stored{Article: *c.Article, Events: c.Events, Status: res.Status}
		if s.Status == pipeline.StatusDuplicate {
			s.Status = pipeline.StatusNew
		}
		if err := w.publishStored(ctx, s); err != nil {
			w.retry(m, o, "publishing the stored notice: "+err.Error(), 2*time.Second)
			return
		}
	}
	if err := m.Ack(); err != nil {
		// The commit stands; a redelivery finds it stored and only
		// acknowledges.
		w.log().Warn("acknowledging failed; the input will be redelivered and found stored", "input", o.Name, "error", err)
	}
}

// commitOne commits c with the other inputs committing at the same time.
func (w *Worker) commitOne(ctx context.Context, c pipeline.Coded) pipeline.Result {
	if w.commits == nil {
		return w.pipe.Commit(ctx, c)
	}
	res, err := w.commits.Do(ctx, c)
	if err != nil {
		return pipeline.Result{Source: c.Source, Article: c.Article.ID, Status: pipeline.StatusFailed, Err: err, Error: err.Error()}
	}
	return res
}

func (w *Worker) publishStored(ctx context.Context, s Stored) error {
	msgs, err := storedMsgs(s, w.maxBytes-4096) // room for headers
	if err != nil {
		return err
	}
	for _, sm := range msgs {
		pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := w.JS.PublishMsg(pctx, sm)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// retry gives the input back for a later delivery.
func (w *Worker) retry(m jetstream.Msg, o *Outcome, reason string, delay time.Duration) {
	o.Action, o.Reason = ActionRetry, reason
	w.log().Warn("giving an input back for a later try", "input", o.Name, "delivery", o.Deliveries, "reason", reason)
	if err := m.NakWithDelay(delay); err != nil {
		w.log().Warn("giving the input back failed; it returns after AckWait", "input", o.Name, "error", err)
	}
}

// dead moves the input to vigil.dead, as it was, with the reason, and
// removes it from the queue. If the dead letter cannot be published the
// input is given back, and its next delivery tries again.
func (w *Worker) dead(ctx context.Context, m jetstream.Msg, md *jetstream.MsgMetadata, o *Outcome, reason string) {
	o.Action, o.Reason = ActionDead, reason
	dm := nats.NewMsg(SubjectDead)
	dm.Data = m.Data()
	for k, vs := range m.Headers() {
		switch k {
		case jetstream.MsgIDHeader:
			dm.Header[HeaderMsgID] = vs
		case HeaderName, HeaderEncoding:
			dm.Header[k] = vs
		}
	}
	dm.Header.Set(HeaderReason, headerValue(reason))
	dm.Header.Set(HeaderSubject, m.Subject())
	dm.Header.Set(HeaderSequence, strconv.FormatUint(md.Sequence.Stream, 10))
	dm.Header.Set(HeaderDeliveries, strconv.FormatUint(md.NumDelivered, 10))
	dm.Header.Set(HeaderWorker, workerID())
	dm.Header.Set(jetstream.MsgIDHeader, "dead:"+strconv.FormatUint(md.Sequence.Stream, 10))
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, err := w.JS.PublishMsg(pctx, dm)
	cancel()
	if err != nil {
		w.retry(m, o, "publishing the dead letter: "+err.Error(), 5*time.Second)
		return
	}
	w.log().Warn("input moved to "+SubjectDead, "input", o.Name, "reason", reason)
	if err := m.TermWithReason(headerValue(reason)); err != nil {
		w.log().Warn("removing the dead input from the queue failed; its next delivery is dropped again", "input", o.Name, "error", err)
	}
}

// Healthy reports whether the worker can do its work: connected to NATS
// and its store answering. The reason says what is wrong.
func (w *Worker) Healthy() (bool, string) {
	if c := w.JS.Conn(); c == nil || !c.IsConnected() {
		return false, "not connected to NATS"
	}
	if w.stats.storeDown.Load() {
		return false, "the store is unavailable"
	}
	return true, "ok"
}
