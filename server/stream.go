package server

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// message is one server-sent event.
type message struct {
	Type string // "event" or "warning"
	ID   string // SSE id: the store's arrival cursor after this event, or ""
	Key  string // event ID, to skip what a replay already sent
	Data []byte // JSON
}

// WarningNotice is the body of a "warning" stream message and of a webhook:
// one change of a warning and the warning as it is now.
type WarningNotice struct {
	Change  vigil.WarningChange `json:"change"`
	Warning vigil.Warning       `json:"warning"`
}

// broker fans messages out to stream clients. Publishing never blocks: a
// client too slow to keep its buffer drained is disconnected, and its
// browser reconnects with Last-Event-ID and replays from the store.
type broker struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
	buf  int
}

type subscriber struct {
	ch chan message
}

func newBroker(buf int) *broker {
	return &broker{subs: map[*subscriber]struct{}{}, buf: buf}
}

func (b *broker) subscribe() *subscriber {
	s := &subscriber{ch: make(chan message, b.buf)}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

func (b *broker) unsubscribe(s *subscriber) {
	b.mu.Lock()
	if _, ok := b.subs[s]; ok {
		delete(b.subs, s)
		close(s.ch)
	}
	b.mu.Unlock()
}

// publish delivers m to every subscriber with room, and drops (closes) the
// ones without. It returns how many were dropped.
func (b *broker) publish(m message) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	dropped := 0
	for s := range b.subs {
		select {
		case s.ch <- m:
		default:
			delete(b.subs, s)
			close(s.ch)
			dropped++
		}
	}
	return dropped
}

func (b *broker) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// pollBatch is how many events one poll reads at most; the rest comes at
// the next, immediate, poll.
const pollBatch = 500

// poll watches the store for new events and changed warnings until ctx
// ends, and publishes them to the stream and the webhooks.
func (s *Server) poll(ctx context.Context) {
	cursor, err := s.cfg.Store.ArrivalCursor(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("live stream: cannot find the end of the event log; live events are off", "err", err)
		}
		return
	}
	hooks := ""
	if s.cfg.Webhooks != nil {
		hooks = cmp.Or(s.cfg.WebhookCursor, DefaultWebhookCursor)
	}
	n, err := newNotifier(ctx, s.cfg.Store, hooks)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("live stream: cannot read the warning log; warning notices and webhooks are off", "err", err)
		}
		return
	}
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	first := true
	for {
		more := false
		cursor, more = s.pollEvents(ctx, cursor)
		if s.pollWarnings(ctx, n, first) {
			more = true
		}
		first = false
		if more {
			continue // a backlog: keep reading before sleeping
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.poke:
		}
	}
}

func (s *Server) pollEvents(ctx context.Context, cursor string) (string, bool) {
	p, err := s.cfg.Store.Events(ctx, store.EventFilter{Order: store.ByArrival, Cursor: cursor, Limit: pollBatch})
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("live stream: reading new events", "err", err)
		}
		return cursor, false
	}
	for i := range p.Items {
		data, _ := json.Marshal(&p.Items[i])
		m := message{Type: "event", Key: p.Items[i].ID, Data: data}
		if i == len(p.Items)-1 {
			m.ID = p.Next
		}
		s.metrics.streamDropped(s.broker.publish(m))
	}
	if p.Next != "" {
		cursor = p.Next
	}
	return cursor, len(p.Items) == pollBatch
}

// pollWarnings announces the warning changes logged since the last poll
// to the stream, and sends those the webhook cursor has not passed. It
// reports whether a backlog is left.
func (s *Server) pollWarnings(ctx context.Context, n *notifier, first bool) bool {
	more, err := n.pollStream(ctx, func(wn WarningNotice) {
		data, _ := json.Marshal(wn)
		s.metrics.streamDropped(s.broker.publish(message{Type: "warning", Key: wn.Warning.ID, Data: data}))
	})
	if err != nil && ctx.Err() == nil {
		s.log.Warn("live stream: reading the warning log", "err", err)
	}
	sent, hookMore, err := n.pollHooks(ctx, func(wn WarningNotice) { s.cfg.Webhooks.Notify(wn) })
	if err != nil && ctx.Err() == nil {
		s.log.Warn("webhooks: reading the warning log", "err", err)
	}
	if first && sent > 0 {
		s.log.Info("sending the warning changes made while the server was down", "changes", sent)
	}
	return more || hookMore
}

// replayLimit caps what a reconnecting client gets back from the store.
const replayLimit = 1000

func (s *Server) apiStream(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)

	sub := s.broker.subscribe()
	defer s.broker.unsubscribe(sub)
	s.metrics.streamClients(s.broker.count())
	defer func() { s.metrics.streamClients(s.broker.count()) }()

	send := func(m message) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(15 * time.Second))
		var err error
		if m.ID != "" {
			_, err = fmt.Fprintf(w, "id: %s\n", m.ID)
		}
		if err == nil {
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Type, m.Data)
		}
		return err == nil && rc.Flush() == nil
	}
	_ = rc.SetWriteDeadline(time.Now().Add(15 * time.Second))
	if _, err := fmt.Fprint(w, "retry: 3000\n: connected\n\n"); err != nil || rc.Flush() != nil {
		return
	}

	// A reconnecting browser sends the last cursor it saw: replay what
	// arrived meanwhile, then skip it if the broker delivers it again.
	sent := map[string]bool{}
	if last := r.Header.Get("Last-Event-ID"); last != "" {
		p, err := s.cfg.Store.Events(r.Context(), store.EventFilter{Order: store.ByArrival, Cursor: last, Limit: replayLimit})
		if err == nil {
			for i := range p.Items {
				data, _ := json.Marshal(&p.Items[i])
				m := message{Type: "event", Key: p.Items[i].ID, Data: data}
				if i == len(p.Items)-1 {
					m.ID = p.Next
				}
				sent[m.Key] = true
				if !send(m) {
					return
				}
			}
		}
	}

	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case m, ok := <-sub.ch:
			if !ok {
				return // too slow: dropped by the broker; the client reconnects
			}
			if m.Type == "event" && sent[m.Key] {
				continue
			}
			if !send(m) {
				return
			}
		case <-ping.C:
			_ = rc.SetWriteDeadline(time.Now().Add(15 * time.Second))
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}
