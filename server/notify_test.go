package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// runServer serves f's store with webhooks to rc, keeping its place in
// the store's cursor named cursor ("" for the default), until the
// returned stop is called (which waits for the shutdown).
func runServer(t *testing.T, f *fixture, rc *receiver, cursor string) (base string, stop func()) {
	t.Helper()
	wh, err := NewWebhooks(WebhookConfig{URLs: []string{rc.srv.URL}, Secret: "k"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: f.st, Webhooks: wh, WebhookCursor: cursor, PollInterval: 20 * time.Millisecond, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
		}
	}
	t.Cleanup(stop)
	return "http://" + ln.Addr().String(), stop
}

// change appends a change to w as the watch records it: dated on the
// news's calendar, not the wall clock, and saves it.
func change(t *testing.T, f *fixture, w *vigil.Warning, kind, level, date string, seq int) {
	t.Helper()
	d, _ := time.Parse(vigil.DateLayout, date)
	w.Level = level
	w.Updated = time.Now().UTC()
	w.History = append(w.History, vigil.WarningChange{At: d.Add(time.Duration(seq) * time.Second), Date: date, Change: kind, Level: level, Score: 3})
	if err := f.st.SaveWarning(context.Background(), w); err != nil {
		t.Fatal(err)
	}
}

// waitDeliveries waits until rc holds n deliveries (and a little longer,
// to catch extra ones) and returns their event types.
func waitDeliveries(t *testing.T, rc *receiver, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(rc.deliveries()) < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond)
	var types []string
	for _, d := range rc.deliveries() {
		var p WebhookPayload
		if err := json.Unmarshal(d.body, &p); err != nil {
			t.Fatal(err)
		}
		types = append(types, p.Type+" "+p.Warning.ID+" "+p.Change.Date)
	}
	return types
}

// TestWebhooksForNewsDatedChanges: the watch dates a change by the news
// (a warning of October 2024 is raised "on 2024-10-15" whenever it runs),
// long before the wall-clock time the server last looked: every change is
// still sent once.
func TestWebhooksForNewsDatedChanges(t *testing.T) {
	f := newFixture(t)
	rc := newReceiver(t)
	runServer(t, f, rc, "")
	time.Sleep(100 * time.Millisecond) // the poller has taken the store as it is

	w := f.warning
	change(t, f, &w, "raised", "alert", "2024-10-16", 1)
	if got := waitDeliveries(t, rc, 1); len(got) != 1 || got[0] != "warning.raised w-prk-kor 2024-10-16" {
		t.Fatalf("after one raise: %q", got)
	}
	// A second warning, then a decay of the first: both dated in 2024.
	other := vigil.Warning{ID: "w-rus-ukr", Source: "RUS", Target: "UKR", Rule: "mobilisation", First: "2024-10-12", Last: "2024-10-12", Steps: []vigil.WarningStep{}}
	change(t, f, &other, "new", "warning", "2024-10-12", 0)
	change(t, f, &w, "decayed", "warning", "2024-11-20", 2)
	got := waitDeliveries(t, rc, 3)
	slices.Sort(got[1:]) // two workers deliver: in any order
	if len(got) != 3 || got[1] != "warning.lowered w-prk-kor 2024-11-20" || got[2] != "warning.new w-rus-ukr 2024-10-12" {
		t.Fatalf("deliveries %q; want the raise, the new warning and the decay, once each", got)
	}
}

// TestWebhooksAfterRestart: changes made while the server was down (by
// another process writing the store) are sent when it comes back, and
// nothing it had sent before is sent again.
func TestWebhooksAfterRestart(t *testing.T) {
	f := newFixture(t)
	state := "" // the default cursor
	rc := newReceiver(t)

	_, stop := runServer(t, f, rc, state)
	time.Sleep(100 * time.Millisecond)
	w := f.warning
	change(t, f, &w, "raised", "alert", "2024-10-16", 1)
	if got := waitDeliveries(t, rc, 1); len(got) != 1 {
		t.Fatalf("first run: %q", got)
	}
	stop()

	// While the server is down, the watch lowers the warning.
	change(t, f, &w, "lowered", "warning", "2024-10-30", 2)

	_, stop = runServer(t, f, rc, state)
	got := waitDeliveries(t, rc, 2)
	if len(got) != 2 || got[1] != "warning.lowered w-prk-kor 2024-10-30" {
		t.Fatalf("after the restart: %q; want the lowering made while down, and only it", got)
	}
	stop()

	// A restart with nothing new sends nothing.
	_, stop = runServer(t, f, rc, state)
	time.Sleep(200 * time.Millisecond)
	if got := waitDeliveries(t, rc, 2); len(got) != 2 {
		t.Fatalf("a quiet restart sent %q", got[2:])
	}
	stop()

	// A server whose cursor was never saved takes the store as it finds
	// it: a new one does not replay history to receivers.
	rc2 := newReceiver(t)
	_, stop = runServer(t, f, rc2, "fresh")
	time.Sleep(200 * time.Millisecond)
	if got := rc2.deliveries(); len(got) != 0 {
		t.Fatalf("a first start sent %d old changes", len(got))
	}
	stop()
}

// TestWebhooksSharedByServers: two servers of one store with one cursor
// send each change once between them, not once each.
func TestWebhooksSharedByServers(t *testing.T) {
	f := newFixture(t)
	rc := newReceiver(t)
	runServer(t, f, rc, "")
	runServer(t, f, rc, "")
	time.Sleep(100 * time.Millisecond)
	w := f.warning
	for i, lvl := range []string{"alert", "warning", "alert", "warning"} {
		kind := "raised"
		if lvl == "warning" {
			kind = "lowered"
		}
		change(t, f, &w, kind, lvl, fmt.Sprintf("2024-10-%d", 16+i), i+1)
		time.Sleep(15 * time.Millisecond)
	}
	got := waitDeliveries(t, rc, 4)
	slices.Sort(got)
	want := []string{"warning.lowered w-prk-kor 2024-10-17", "warning.lowered w-prk-kor 2024-10-19",
		"warning.raised w-prk-kor 2024-10-16", "warning.raised w-prk-kor 2024-10-18"}
	if !slices.Equal(got, want) {
		t.Fatalf("deliveries from two servers: %q, want each change once: %q", got, want)
	}
}

// barrierStore holds every Cursor read until n readers have read: two
// webhook senders then read the same position before either claims.
type barrierStore struct {
	store.Store
	n       int
	arrived chan struct{}
}

func (b *barrierStore) Cursor(ctx context.Context, name string) (string, error) {
	pos, err := b.Store.Cursor(ctx, name)
	b.arrived <- struct{}{}
	for len(b.arrived) < b.n {
		time.Sleep(time.Millisecond)
	}
	return pos, err
}

// TestWebhookClaims: two senders that read the same stretch of the log at
// the same moment send it once between them: the one whose claim
// (SwapCursor) succeeds.
func TestWebhookClaims(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// The cursor starts at the end of the log, before the changes.
	if _, err := newNotifier(ctx, f.st, "webhooks"); err != nil {
		t.Fatal(err)
	}
	w := f.warning
	change(t, f, &w, "raised", "alert", "2024-10-16", 1)
	change(t, f, &w, "lowered", "warning", "2024-10-17", 2)
	bs := &barrierStore{Store: f.st, n: 2, arrived: make(chan struct{}, 2)}
	var mu sync.Mutex
	var sent []string
	done := make(chan error, 2)
	for range 2 {
		n, err := newNotifier(ctx, f.st, "webhooks")
		if err != nil {
			t.Fatal(err)
		}
		n.st = bs
		go func() {
			_, _, err := n.pollHooks(ctx, func(wn WarningNotice) {
				mu.Lock()
				sent = append(sent, wn.Change.Change+" "+wn.Change.Date)
				mu.Unlock()
			})
			done <- err
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(sent)
	if want := []string{"lowered 2024-10-17", "raised 2024-10-16"}; !slices.Equal(sent, want) {
		t.Errorf("sent %q, want each change once: %q", sent, want)
	}
}
