package queue

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// batcher gathers the calls that a worker's concurrent inputs make at
// about the same time into one call of do, so that the database's round
// trips and transactions are paid once per batch rather than once per
// input. The worker uses two: its commits go to Pipeline.CommitBatch
// (one duplicate check and one transaction for the batch: "group
// commit"), and its checks of whether an input is stored already go to
// one store.Duplicates query.
//
// Each call still returns only with its own answer — a commit only once
// its article is committed — so inputs are acknowledged after their commit
// as before. do answers every query, in order; the batch runs with the
// batcher's context, which the worker cancels only when it gives up
// draining.
type batcher[Q, R any] struct {
	do     func(ctx context.Context, qs []Q) []R
	ctx    context.Context
	max    int           // queries in one batch
	linger time.Duration // longest wait for more queries to join a batch
	// goNow, when set, says a batch of n queries should go without
	// waiting for more: the worker's commits go when every input in hand
	// waits in the batch, as nothing more can join it soon, so a long
	// linger costs no latency to a worker that is not saturated.
	goNow func(n int) bool

	batches, items atomic.Int64 // calls of do and the queries they held

	mu      sync.Mutex
	pending []*batchCall[Q, R]
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

type batchCall[Q, R any] struct {
	q     Q
	taken bool // in a batch: the caller must wait for its answer
	r     R
	ready chan struct{}
}

func newBatcher[Q, R any](ctx context.Context, max int, linger time.Duration, goNow func(int) bool, do func(context.Context, []Q) []R) *batcher[Q, R] {
	b := &batcher[Q, R]{do: do, ctx: ctx, max: max, linger: linger, goNow: goNow,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go b.loop()
	return b
}

// Do joins the next batch and waits for q's answer. It returns ctx's
// error, without an answer, only if ctx ends before the batch is taken.
func (b *batcher[Q, R]) Do(ctx context.Context, q Q) (R, error) {
	c := &batchCall[Q, R]{q: q, ready: make(chan struct{})}
	b.mu.Lock()
	b.pending = append(b.pending, c)
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
	select {
	case <-c.ready:
		return c.r, nil
	case <-ctx.Done():
		b.mu.Lock()
		if !c.taken {
			for i, p := range b.pending {
				if p == c {
					b.pending = append(b.pending[:i], b.pending[i+1:]...)
					break
				}
			}
			b.mu.Unlock()
			var zero R
			return zero, ctx.Err()
		}
		b.mu.Unlock()
		<-c.ready // already in a batch: its outcome is the truth
		return c.r, nil
	}
}

// close stops the batcher once the pending calls are answered.
func (b *batcher[Q, R]) close() {
	close(b.stop)
	<-b.done
}

func (b *batcher[Q, R]) loop() {
	defer close(b.done)
	for {
		select {
		case <-b.wake:
		case <-b.stop:
			if b.size() == 0 {
				return
			}
		}
		// Let a batch fill while more calls arrive, briefly.
		if b.linger > 0 {
			deadline := time.NewTimer(b.linger)
		fill:
			for n := b.size(); n < b.max && (b.goNow == nil || !b.goNow(n)); n = b.size() {
				select {
				case <-b.wake:
				case <-deadline.C:
					break fill
				case <-b.stop:
					break fill
				}
			}
			deadline.Stop()
		}
		for b.size() > 0 {
			b.flush(b.take())
		}
	}
}

func (b *batcher[Q, R]) size() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending)
}

// take removes up to max calls from the queue.
func (b *batcher[Q, R]) take() []*batchCall[Q, R] {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := min(len(b.pending), b.max)
	for _, c := range b.pending[:k] {
		c.taken = true
	}
	calls := b.pending[:k:k]
	b.pending = append([]*batchCall[Q, R](nil), b.pending[k:]...)
	return calls
}

func (b *batcher[Q, R]) flush(calls []*batchCall[Q, R]) {
	qs := make([]Q, len(calls))
	for i, c := range calls {
		qs[i] = c.q
	}
	rs := b.do(b.ctx, qs)
	b.batches.Add(1)
	b.items.Add(int64(len(calls)))
	for i, c := range calls {
		c.r = rs[i]
		close(c.ready)
	}
}
