package queue

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-ews/vigil/store"
)

// groupWriter gathers the writes of a worker's concurrent commits into one
// transaction ("group commit"): the pipeline's Commit stage is unchanged —
// it checks for duplicates and calls Write, one article at a time — but
// the Writes that arrive together reach the database as one. A write of
// one article costs PostgreSQL about three times the CPU per article of a
// write of a hundred (a transaction, its WAL flush and the statements'
// fixed costs), and on the machines Vigil scales on the database is as
// busy as the coder.
//
// Each Write still returns only after its entries are committed, so
// inputs are acknowledged after their commit as before. A batch the
// database refuses for its data is written again one request at a time,
// so a bad input fails alone.
type groupWriter struct {
	store.Store
	ctx      context.Context // of the writes; canceled when the worker gives up draining
	maxBatch int             // entries
	linger   time.Duration   // longest wait for more writes to join a batch
	// inHand, when set, says how many inputs the worker holds: when every
	// one of them waits in the batch, nothing more can join it soon and it
	// goes at once, so a long linger costs no latency to a worker that is
	// not saturated.
	inHand func() int

	writes, entries atomic.Int64 // database writes and the entries they held

	mu      sync.Mutex
	pending []*groupReq
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

type groupReq struct {
	entries []store.Entry
	taken   bool // in a write: the caller must wait for its result
	res     store.WriteResult
	err     error
	ready   chan struct{}
}

func newGroupWriter(ctx context.Context, s store.Store, maxBatch int, linger time.Duration, inHand func() int) *groupWriter {
	g := &groupWriter{Store: s, ctx: ctx, maxBatch: maxBatch, linger: linger, inHand: inHand,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go g.loop()
	return g
}

// Write joins the next batch and waits for its commit.
func (g *groupWriter) Write(ctx context.Context, entries ...store.Entry) (store.WriteResult, error) {
	r := &groupReq{entries: entries, ready: make(chan struct{})}
	g.mu.Lock()
	g.pending = append(g.pending, r)
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
	select {
	case <-r.ready:
		return r.res, r.err
	case <-ctx.Done():
		g.mu.Lock()
		if !r.taken {
			for i, p := range g.pending {
				if p == r {
					g.pending = append(g.pending[:i], g.pending[i+1:]...)
					break
				}
			}
			g.mu.Unlock()
			return store.WriteResult{}, ctx.Err()
		}
		g.mu.Unlock()
		<-r.ready // already being written: its outcome is the truth
		return r.res, r.err
	}
}

// close stops the committer once the pending writes are done.
func (g *groupWriter) close() {
	close(g.stop)
	<-g.done
}

func (g *groupWriter) loop() {
	defer close(g.done)
	for {
		select {
		case <-g.wake:
		case <-g.stop:
			if g.size() == 0 {
				return
			}
		}
		// Let a batch fill while more writes arrive, briefly.
		if g.linger > 0 {
			deadline := time.NewTimer(g.linger)
		fill:
			for !g.full() {
				select {
				case <-g.wake:
				case <-deadline.C:
					break fill
				case <-g.stop:
					break fill
				}
			}
			deadline.Stop()
		}
		for g.size() > 0 {
			g.flush(g.take())
		}
	}
}

// full reports whether the batch should go now: it holds maxBatch
// entries, or every input in hand is waiting in it.
func (g *groupWriter) full() bool {
	g.mu.Lock()
	n, reqs := 0, len(g.pending)
	for _, r := range g.pending {
		n += len(r.entries)
	}
	g.mu.Unlock()
	return n >= g.maxBatch || (g.inHand != nil && reqs >= g.inHand())
}

func (g *groupWriter) size() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, r := range g.pending {
		n += len(r.entries)
	}
	return n
}

// take removes up to maxBatch entries' worth of requests (at least one).
func (g *groupWriter) take() []*groupReq {
	g.mu.Lock()
	defer g.mu.Unlock()
	n, k := 0, 0
	for k < len(g.pending) && (k == 0 || n+len(g.pending[k].entries) <= g.maxBatch) {
		n += len(g.pending[k].entries)
		g.pending[k].taken = true
		k++
	}
	reqs := g.pending[:k:k]
	g.pending = append([]*groupReq(nil), g.pending[k:]...)
	return reqs
}

func (g *groupWriter) flush(reqs []*groupReq) {
	var all []store.Entry
	for _, r := range reqs {
		all = append(all, r.entries...)
	}
	res, err := g.Store.Write(g.ctx, all...)
	g.writes.Add(1)
	g.entries.Add(int64(len(all)))
	if err != nil && len(reqs) > 1 && classify(err) != storeDown && g.ctx.Err() == nil {
		// One request's data may have spoiled the batch: write each alone.
		for _, r := range reqs {
			r.res, r.err = g.Store.Write(g.ctx, r.entries...)
			close(r.ready)
		}
		return
	}
	split(res, reqs)
	for _, r := range reqs {
		r.err = err
		close(r.ready)
	}
}

// split shares a batch's counts among its requests: what each would have
// added alone when the batch added everything it held (the common case),
// else in order as far as the totals go (then the counts are close, not
// exact; they only feed progress and metrics).
func split(total store.WriteResult, reqs []*groupReq) {
	left := total
	for _, r := range reqs {
		var want store.WriteResult
		for _, e := range r.entries {
			if e.Article != nil {
				want.Articles++
				want.Sources += len(e.Article.Sources)
			}
			want.Events += len(e.Events)
		}
		r.res = store.WriteResult{
			Articles: min(want.Articles, left.Articles),
			Sources:  min(want.Sources, left.Sources),
			Events:   min(want.Events, left.Events),
		}
		left.Articles -= r.res.Articles
		left.Sources -= r.res.Sources
		left.Events -= r.res.Events
	}
}
