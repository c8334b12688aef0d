package server

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// The poller announces each warning change once, to the live stream and
// to the webhooks. It reads the changes from the store's warning log
// (store.WarningLog), where every change is written once, in the order
// stored, by whichever process made it: this server's pipeline, a 'vigil
// ingest' or 'vigil watch' beside it, workers on other machines.
//
// Two readers follow the log:
//
//   - the live stream, from the end of the log when the server starts
//     (dashboards reload what happened before);
//   - the webhook sender, from a cursor kept in the store
//     (Config.WebhookCursor): after a restart it sends the changes logged
//     while the server was down, and only those; on its very first start
//     it begins at the end of the log, so a new server does not replay
//     history to receivers. Servers sharing a store and a cursor name
//     share the sending: each claims a stretch of the log (SwapCursor)
//     before it sends it, so every change is sent by one of them.
//
// Deliveries wait in memory and are retried with backoff; a crash loses
// those not yet delivered. A receiver may still see a change twice (two
// URLs, a retry after a lost answer): deliveries of one change carry the
// same X-Vigil-Delivery ID, by which it de-duplicates.
//
// A warning that changes without a logged change (more evidence at the
// same level) is announced to the live stream as "updated", so dashboards
// redraw it; webhooks do not get those. The poller finds them by the
// warnings' Updated time.

// notifySlack is how far before the last Updated seen the notifier reads
// again: warnings written in one batch share their Updated time and are
// saved one by one, so a poll can fall between two of them.
const notifySlack = 5 * time.Second

// logBatch is how many logged changes a poll reads at most for each reader.
const logBatch = 500

// DefaultWebhookCursor names the store cursor of the webhook sender.
const DefaultWebhookCursor = "webhooks"

// notifier follows the warning log for the stream and the webhooks.
type notifier struct {
	st     store.Store
	stream string // the stream's position in the log
	// hooks names the webhook sender's cursor ("" without webhooks).
	hooks string
	// updated remembers, per warning, the Updated last announced, and
	// since where polling for "updated" notices resumes.
	updated map[string]time.Time
	since   time.Time
}

// newNotifier starts the stream at the end of the log and the webhook
// sender (when hooks is not "") at its cursor, or at the end of the log
// when it has none yet.
func newNotifier(ctx context.Context, st store.Store, hooks string) (*notifier, error) {
	end, err := st.WarningLogEnd(ctx)
	if err != nil {
		return nil, err
	}
	n := &notifier{st: st, stream: end, hooks: hooks, updated: map[string]time.Time{}}
	if hooks != "" {
		pos, err := st.Cursor(ctx, hooks)
		if err != nil {
			return nil, err
		}
		if pos == "" {
			// Another server starting at once may claim it first: either
			// way the cursor is set.
			if _, err := st.SwapCursor(ctx, hooks, "", end); err != nil {
				return nil, err
			}
		}
	}
	ws, err := st.Warnings(ctx, store.WarningFilter{Limit: 1}) // the latest updated
	if err != nil {
		return nil, err
	}
	if len(ws) > 0 {
		n.since = ws[0].Updated
	}
	return n, nil
}

// warnings fetches the warnings of logged changes, once each per poll.
type warnings struct {
	st    store.Store
	cache map[string]*vigil.Warning
}

func (c *warnings) get(ctx context.Context, id string) (*vigil.Warning, error) {
	if w, ok := c.cache[id]; ok {
		return w, nil
	}
	w, err := c.st.Warning(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("warning %s of the log: %w", id, err)
	}
	c.cache[id] = w
	return w, nil
}

// pollStream announces the changes logged since the last poll to the
// stream, then "updated" notices for warnings that changed without one.
// It reports whether the log held more than one poll's worth.
func (n *notifier) pollStream(ctx context.Context, announce func(WarningNotice)) (bool, error) {
	ws := &warnings{st: n.st, cache: map[string]*vigil.Warning{}}
	p, err := n.st.WarningLog(ctx, n.stream, logBatch)
	if err != nil {
		return false, err
	}
	changed := map[string]bool{}
	for _, lc := range p.Items {
		w, err := ws.get(ctx, lc.Warning)
		if err != nil {
			return false, err
		}
		announce(WarningNotice{Change: lc.Change, Warning: *w})
		changed[w.ID] = true
		n.updated[w.ID] = w.Updated
	}
	n.stream = p.Next
	since := n.since
	if !since.IsZero() {
		since = since.Add(-notifySlack)
	}
	upd, err := n.st.Warnings(ctx, store.WarningFilter{UpdatedAfter: since})
	if err != nil {
		return false, err
	}
	for i := range upd {
		w := &upd[i]
		if w.Updated.After(n.since) {
			n.since = w.Updated
		}
		if last, ok := n.updated[w.ID]; changed[w.ID] || (ok && !w.Updated.After(last)) {
			continue
		}
		n.updated[w.ID] = w.Updated
		announce(WarningNotice{Change: vigil.WarningChange{At: w.Updated, Change: "updated", Level: w.Level, Score: w.Score}, Warning: *w})
	}
	// Forget what no poll will read again.
	horizon := n.since.Add(-2 * notifySlack)
	for id, t := range n.updated {
		if t.Before(horizon) {
			delete(n.updated, id)
		}
	}
	return len(p.Items) == logBatch, nil
}

// pollHooks claims the changes logged after the webhook cursor and hands
// them to send. It returns how many it sent, and whether the log held
// more than one poll's worth.
func (n *notifier) pollHooks(ctx context.Context, send func(WarningNotice)) (int, bool, error) {
	if n.hooks == "" {
		return 0, false, nil
	}
	pos, err := n.st.Cursor(ctx, n.hooks)
	if err != nil {
		return 0, false, err
	}
	p, err := n.st.WarningLog(ctx, pos, logBatch)
	if err != nil {
		return 0, false, err
	}
	if len(p.Items) == 0 {
		return 0, false, nil
	}
	// Fetch first: a claim must not be lost to a failed read.
	ws := &warnings{st: n.st, cache: map[string]*vigil.Warning{}}
	notices := make([]WarningNotice, 0, len(p.Items))
	for _, lc := range p.Items {
		w, err := ws.get(ctx, lc.Warning)
		if err != nil {
			return 0, false, err
		}
		notices = append(notices, WarningNotice{Change: lc.Change, Warning: *w})
	}
	claimed, err := n.st.SwapCursor(ctx, n.hooks, pos, p.Next)
	if err != nil || !claimed {
		return 0, false, err // another server sends these
	}
	for _, nt := range notices {
		send(nt)
	}
	return len(notices), len(p.Items) == logBatch, nil
}
