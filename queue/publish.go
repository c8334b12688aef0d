package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrTooLarge reports an input larger than the NATS server takes in one
// message (max_payload), even compressed.
var ErrTooLarge = errors.New("larger than the NATS server's max_payload")

// Publisher puts inputs on the work queue with flow control: up to Window
// publishes await their acknowledgement at once (fast on a distant
// server), and when the queue is full (MaxQueued, MaxQueuedBytes) Publish
// waits and retries instead of failing or buffering. Memory stays bounded
// by Window, whatever the size of the archive. Not safe for concurrent use.
type Publisher struct {
	JS jetstream.JetStream
	// Window is how many publishes may await acknowledgement (256).
	Window int
	// OnAck, when set, sees each publish settle: the input's name, whether
	// JetStream dropped it as a duplicate of a recent publish, and the
	// error when it could not be published.
	OnAck func(name string, duplicate bool, err error)
	// OnWait, when set, is called when the queue is full and publishing
	// waits for the workers, and again (full=false) when it goes on.
	OnWait func(full bool)
	Log    *slog.Logger

	pending []pendingPub
	waiting bool
}

type pendingPub struct {
	f    jetstream.PubAckFuture
	m    *nats.Msg
	name string
}

// Publish sends m (built by DocumentMsg or ArticleMsg). It returns an
// error wrapping ErrTooLarge for a message the server cannot take (the
// caller reports it and goes on; OnAck does not see it), or the context's
// error; every other outcome reaches OnAck, in the order of the calls.
func (p *Publisher) Publish(ctx context.Context, m *nats.Msg) error {
	name := m.Header.Get(HeaderName)
	if max := p.maxPayload(); max > 0 && msgSize(m) > max {
		return fmt.Errorf("%s: %w (%d bytes > %d): raise max_payload in the server's configuration (up to 64 MB) or leave this input out", name, ErrTooLarge, msgSize(m), max)
	}
	window := p.Window
	if window <= 0 {
		window = 256
	}
	for len(p.pending) >= window {
		if err := p.settle(ctx); err != nil {
			return err
		}
	}
	for {
		f, err := p.JS.PublishMsgAsync(m)
		if err == nil {
			p.pending = append(p.pending, pendingPub{f, m, name})
			return nil
		}
		if !retryable(err) {
			// Settle the earlier publishes first: OnAck sees them in order.
			if err := p.Flush(ctx); err != nil {
				return err
			}
			p.ack(name, false, err)
			return nil
		}
		// Too many outstanding, or reconnecting: settle what is out first.
		if len(p.pending) > 0 {
			if err := p.settle(ctx); err != nil {
				return err
			}
			continue
		}
		if err := p.wait(ctx, err, time.Second); err != nil {
			return err
		}
	}
}

// Flush waits until every publish has settled.
func (p *Publisher) Flush(ctx context.Context) error {
	for len(p.pending) > 0 {
		if err := p.settle(ctx); err != nil {
			return err
		}
	}
	return nil
}

// settle waits for the oldest publish; one that failed for a passing
// reason (full queue, lost acknowledgement, reconnection) is published
// again until it is stored.
func (p *Publisher) settle(ctx context.Context) error {
	pp := p.pending[0]
	p.pending = p.pending[1:]
	select {
	case a := <-pp.f.Ok():
		p.full(false)
		p.ack(pp.name, a.Duplicate, nil)
		return nil
	case err := <-pp.f.Err():
		if !retryable(err) {
			p.ack(pp.name, false, err)
			return nil
		}
		return p.publishSync(ctx, pp, err)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// publishSync publishes one message until it is stored or fails for
// good; the message ID makes a repeat of a publish that did arrive count
// once.
func (p *Publisher) publishSync(ctx context.Context, pp pendingPub, err error) error {
	backoff := 100 * time.Millisecond
	for {
		if err := p.wait(ctx, err, backoff); err != nil {
			return err
		}
		// A full queue is retried within a second of room opening up.
		if queueFull(err) {
			backoff = min(backoff*2, time.Second)
		} else {
			backoff = min(backoff*2, 5*time.Second)
		}
		pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		var a *jetstream.PubAck
		a, err = p.JS.PublishMsg(pctx, &nats.Msg{Subject: pp.m.Subject, Data: pp.m.Data, Header: pp.m.Header})
		cancel()
		if err == nil {
			p.full(false)
			p.ack(pp.name, a.Duplicate, nil)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !retryable(err) {
			p.ack(pp.name, false, err)
			return nil
		}
	}
}

// wait sleeps before a retry, saying why when the queue is full.
func (p *Publisher) wait(ctx context.Context, cause error, d time.Duration) error {
	if queueFull(cause) {
		p.full(true)
	} else if p.Log != nil {
		p.Log.Warn("publishing to NATS failed; retrying", "error", cause, "in", d)
	}
	sleep(ctx, d)
	return ctx.Err()
}

func (p *Publisher) full(on bool) {
	if p.waiting == on {
		return
	}
	p.waiting = on
	if p.Log != nil {
		if on {
			p.Log.Info("the work queue is full: waiting for the workers")
		} else {
			p.Log.Info("the work queue takes inputs again")
		}
	}
	if p.OnWait != nil {
		p.OnWait(on)
	}
}

func (p *Publisher) ack(name string, dup bool, err error) {
	if err != nil && p.Log != nil {
		p.Log.Error("publishing failed", "input", name, "error", err)
	}
	if p.OnAck != nil {
		p.OnAck(name, dup, err)
	}
}

func (p *Publisher) maxPayload() int {
	if c := p.JS.Conn(); c != nil {
		return int(c.MaxPayload())
	}
	return 0
}

// msgSize estimates a message's size on the wire: its data and headers.
func msgSize(m *nats.Msg) int {
	n := len(m.Data) + len(m.Subject) + 32
	for k, vs := range m.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// queueFull reports JetStream's refusal of a publish to a full stream
// (DiscardNew): the workers are behind.
func queueFull(err error) bool {
	var ae *jetstream.APIError
	if errors.As(err, &ae) && ae.ErrorCode == 10077 && strings.Contains(ae.Description, "maximum") {
		return true
	}
	return err != nil && (strings.Contains(err.Error(), "maximum messages exceeded") || strings.Contains(err.Error(), "maximum bytes exceeded"))
}

// retryable reports failures that pass: a full queue, a lost or late
// acknowledgement, a server restarting or electing a leader.
func retryable(err error) bool {
	switch {
	case queueFull(err),
		errors.Is(err, jetstream.ErrAsyncPublishTimeout),
		errors.Is(err, jetstream.ErrTooManyStalledMsgs),
		errors.Is(err, jetstream.ErrNoStreamResponse),
		errors.Is(err, nats.ErrNoResponders),
		errors.Is(err, nats.ErrTimeout),
		errors.Is(err, nats.ErrConnectionReconnecting),
		errors.Is(err, context.DeadlineExceeded):
		return true
	}
	var ae *jetstream.APIError
	if errors.As(err, &ae) && ae.Code == 503 {
		return true // JetStream temporarily unavailable
	}
	return false
}
