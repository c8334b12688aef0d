package server

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// The poller announces each warning change once, to the live stream and
// the webhooks. Which changes are new cannot be told by time: a change's
// At is on the news's calendar (the watch replays history
// deterministically, so a change of October 2024 recorded today is dated
// October 2024), while a warning's Updated is the wall clock of the write.
// So the notifier remembers, per warning, the changes it has announced,
// and reads the warnings updated since it last looked (Updated, with a
// little slack for writes that land out of order).
//
// With Config.StatePath that memory is kept in a file, so a restarted
// server announces — and sends to webhooks — the changes made while it was
// down (by 'vigil ingest', 'vigil watch' or workers beside it), and only
// those. Without one, or on the first start, what the store holds is taken
// as announced: a new server does not replay old history to receivers.
//
// Receivers may still see a change twice (a crash between sending and
// saving the file); deliveries of one change carry the same
// X-Vigil-Delivery ID, by which they de-duplicate.

// notifySlack is how far before the last Updated seen the notifier reads
// again: warnings written in one batch share their Updated time and are
// saved one by one, so a poll can fall between two of them.
const notifySlack = 5 * time.Second

// notifier finds the warning changes not yet announced.
type notifier struct {
	path     string
	position time.Time         // the latest Updated seen
	known    map[string]*noted // by warning ID
	dirty    bool
	restored bool // state read from path: announce what was missed
}

// noted is what the notifier remembers of one warning.
type noted struct {
	Updated time.Time `json:"updated"`
	Level   string    `json:"level"`
	// Changes are the keys (changeKey) of the changes announced.
	Changes []string `json:"changes"`
}

// notifyState is the file at Config.StatePath.
type notifyState struct {
	Version  int               `json:"version"`
	Position time.Time         `json:"position"`
	Warnings map[string]*noted `json:"warnings"`
}

func changeKey(c vigil.WarningChange) string {
	return c.At.UTC().Format(time.RFC3339Nano) + " " + c.Change
}

// newNotifier restores the notifier's state from path, or, when there is
// none, takes every stored warning change as announced.
func newNotifier(ctx context.Context, st store.Store, path string) (*notifier, error) {
	n := &notifier{path: path, known: map[string]*noted{}}
	if path != "" {
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			var s notifyState
			if err := json.Unmarshal(b, &s); err != nil {
				return nil, fmt.Errorf("reading %s: %w (delete it to start afresh: changes made while the server was down are then not announced)", path, err)
			}
			n.position, n.restored = s.Position, true
			if s.Warnings != nil {
				n.known = s.Warnings
			}
			return n, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("reading the notification state: %w", err)
		}
	}
	ws, err := st.Warnings(ctx, store.WarningFilter{})
	if err != nil {
		return nil, err
	}
	for i := range ws {
		n.note(&ws[i])
	}
	n.dirty = true
	return n, nil
}

// note records a warning and all its changes as announced.
func (n *notifier) note(w *vigil.Warning) *noted {
	k := n.known[w.ID]
	if k == nil {
		k = &noted{}
		n.known[w.ID] = k
	}
	for _, c := range w.History {
		if key := changeKey(c); !slices.Contains(k.Changes, key) {
			k.Changes = append(k.Changes, key)
		}
	}
	k.Updated, k.Level = w.Updated, w.Level
	if w.Updated.After(n.position) {
		n.position = w.Updated
	}
	n.dirty = true
	return k
}

// since is the Updated time after which warnings are read again.
func (n *notifier) since() time.Time {
	if n.position.IsZero() {
		return n.position
	}
	return n.position.Add(-notifySlack)
}

// poll reads the warnings changed since the last poll and calls announce
// with each change not announced yet, oldest warning first and each
// warning's changes in order, then an "updated" notice for a warning that
// changed without a recorded change (evidence added). It returns how many
// changes it announced.
func (n *notifier) poll(ctx context.Context, st store.Store, announce func(WarningNotice)) (int, error) {
	ws, err := st.Warnings(ctx, store.WarningFilter{UpdatedAfter: n.since()})
	if err != nil {
		return 0, err
	}
	slices.SortStableFunc(ws, func(a, b vigil.Warning) int {
		return cmp.Or(a.Updated.Compare(b.Updated), cmp.Compare(a.ID, b.ID))
	})
	count := 0
	for i := range ws {
		w := &ws[i]
		k := n.known[w.ID]
		if k != nil && !w.Updated.After(k.Updated) {
			continue // seen at the last poll, within the slack
		}
		fresh := 0
		for _, c := range w.History {
			if k == nil || !slices.Contains(k.Changes, changeKey(c)) {
				fresh++
				announce(WarningNotice{Change: c, Warning: *w})
			}
		}
		if fresh == 0 {
			// Updated without a recorded change (evidence added): say so
			// to the dashboard, which redraws; webhooks ignore "updated".
			announce(WarningNotice{Change: vigil.WarningChange{At: w.Updated, Change: "updated", Level: w.Level, Score: w.Score}, Warning: *w})
		}
		count += fresh
		n.note(w)
	}
	return count, nil
}

// save writes the state to its file (atomically: a crash leaves the old
// one), forgetting ended warnings no poll will read again.
func (n *notifier) save() error {
	if n.path == "" || !n.dirty {
		return nil
	}
	horizon := n.since()
	for id, k := range n.known {
		if k.Level == "ended" && k.Updated.Before(horizon) {
			delete(n.known, id)
		}
	}
	b, err := json.Marshal(notifyState{Version: 1, Position: n.position, Warnings: n.known})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(n.path), 0o755); err != nil {
		return fmt.Errorf("saving the notification state: %w", err)
	}
	tmp := n.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("saving the notification state: %w", err)
	}
	if err := os.Rename(tmp, n.path); err != nil {
		return fmt.Errorf("saving the notification state: %w", err)
	}
	n.dirty = false
	return nil
}
