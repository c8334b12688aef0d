package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
)

// receiver is a real HTTP server that records webhook deliveries and
// answers with the statuses it is told to, in turn.
type receiver struct {
	mu       sync.Mutex
	got      []delivered
	statuses []int // answered in order; 200 after they run out
	block    chan struct{}
	srv      *httptest.Server
}

type delivered struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc.block != nil {
			select {
			case <-rc.block:
			case <-r.Context().Done():
				return
			}
		}
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, delivered{header: r.Header.Clone(), body: b})
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) deliveries() []delivered {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivered(nil), rc.got...)
}

func notice(id, change string, at time.Time) WarningNotice {
	return WarningNotice{
		Change:  vigil.WarningChange{At: at, Change: change, Level: "high", Score: 4.5},
		Warning: vigil.Warning{ID: id, Source: "PRK", Target: "KOR", Level: "high", Rule: "pre-offensive-posture", Score: 4.5},
	}
}

func TestWebhookSignedDelivery(t *testing.T) {
	rc := newReceiver(t)
	m := NewMetrics()
	wh, err := NewWebhooks(WebhookConfig{URLs: []string{rc.srv.URL}, Secret: "s3cret", Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	wh.Start()
	at := time.Date(2024, 10, 15, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ change, typ string }{
		{"new", "warning.new"}, {"updated", ""}, {"raised", "warning.raised"}, {"lowered", "warning.lowered"}, {"decayed", "warning.lowered"},
	} {
		wh.Notify(notice("w1", tc.change, at))
		at = at.Add(time.Minute)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := wh.Close(ctx); err != nil {
		t.Fatal(err)
	}
	got := rc.deliveries()
	if len(got) != 4 {
		t.Fatalf("receiver got %d deliveries, want 4 (updated is not sent)", len(got))
	}
	types := map[string]int{}
	for _, d := range got {
		if !VerifySignature("s3cret", d.body, d.header.Get(SignatureHeader)) {
			t.Errorf("signature %q does not verify", d.header.Get(SignatureHeader))
		}
		if VerifySignature("other", d.body, d.header.Get(SignatureHeader)) {
			t.Error("signature verifies under the wrong secret")
		}
		var p WebhookPayload
		if err := json.Unmarshal(d.body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Type != d.header.Get(EventHeader) || p.ID != d.header.Get(DeliveryHeader) || p.ID == "" {
			t.Errorf("payload type %q id %q vs headers %q %q", p.Type, p.ID, d.header.Get(EventHeader), d.header.Get(DeliveryHeader))
		}
		if p.Warning.Source != "PRK" || p.Warning.Rule != "pre-offensive-posture" {
			t.Errorf("payload warning %+v", p.Warning)
		}
		if ct := d.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("content type %q", ct)
		}
		types[p.Type]++
	}
	if types["warning.new"] != 1 || types["warning.raised"] != 1 || types["warning.lowered"] != 2 {
		t.Errorf("types %v", types)
	}
	var b strings.Builder
	m.WriteTo(&b)
	if !strings.Contains(b.String(), `vigil_webhook_deliveries_total{result="ok"} 4`) {
		t.Errorf("metrics do not count 4 deliveries:\n%s", b.String())
	}
}

func TestWebhookRetriesWithBackoff(t *testing.T) {
	for _, tc := range []struct {
		name     string
		statuses []int
		attempts int // deliveries the receiver sees
		result   string
	}{
		{"server errors then ok", []int{500, 503, 200}, 3, `result="ok"} 1`},
		{"rate limited then ok", []int{429, 200}, 2, `result="ok"} 1`},
		{"rejected for good", []int{400}, 1, `result="failed"} 1`},
		{"gives up after max attempts", []int{500, 500, 500, 500}, 3, `result="failed"} 1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := newReceiver(t, tc.statuses...)
			m := NewMetrics()
			wh, err := NewWebhooks(WebhookConfig{URLs: []string{rc.srv.URL}, Secret: "k", Metrics: m,
				MaxAttempts: 3, Backoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			wh.Start()
			wh.Notify(notice("w2", "new", time.Now()))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := wh.Close(ctx); err != nil {
				t.Fatal(err)
			}
			got := rc.deliveries()
			if len(got) != tc.attempts {
				t.Fatalf("receiver saw %d attempts, want %d", len(got), tc.attempts)
			}
			for _, d := range got[1:] {
				// A retry is the same delivery: same ID, body and signature.
				if string(d.body) != string(got[0].body) || d.header.Get(DeliveryHeader) != got[0].header.Get(DeliveryHeader) ||
					d.header.Get(SignatureHeader) != got[0].header.Get(SignatureHeader) {
					t.Error("a retry differs from the first attempt")
				}
			}
			var b strings.Builder
			m.WriteTo(&b)
			if !strings.Contains(b.String(), tc.result) {
				t.Errorf("metrics lack %s:\n%s", tc.result, b.String())
			}
		})
	}
}

func TestWebhookBackoffGrows(t *testing.T) {
	wh, err := NewWebhooks(WebhookConfig{Backoff: time.Second, MaxBackoff: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for attempt, base := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 9: 10 * time.Second} {
		for range 20 {
			d := wh.backoff(attempt)
			if d < base || d > base+base/4 {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", attempt, d, base, base+base/4)
			}
		}
	}
}

// A receiver that never answers must not hold up whoever notifies: the
// queue is bounded and overflow is dropped and counted.
func TestWebhookNeverBlocks(t *testing.T) {
	rc := newReceiver(t)
	rc.block = make(chan struct{})
	defer close(rc.block)
	m := NewMetrics()
	wh, err := NewWebhooks(WebhookConfig{URLs: []string{rc.srv.URL}, Metrics: m, QueueSize: 4, Workers: 1, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	wh.Start()
	done := make(chan struct{})
	go func() {
		for i := range 200 {
			wh.Notify(notice("w", "new", time.Unix(int64(i), 0)))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Notify blocked behind a receiver that does not answer")
	}
	var b strings.Builder
	m.WriteTo(&b)
	if !strings.Contains(b.String(), `vigil_webhook_deliveries_total{result="dropped"} 196`) {
		t.Errorf("want 196 dropped (queue of 4):\n%s", b.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := wh.Close(ctx); err == nil || !strings.Contains(err.Error(), "abandoned") {
		t.Errorf("Close with a hung receiver: %v, want an error counting abandoned deliveries", err)
	}
}

func TestWebhookRejectsBadURL(t *testing.T) {
	for _, u := range []string{"ftp://example.org/x", "not a url", "/relative", "javascript:alert(1)"} {
		if _, err := NewWebhooks(WebhookConfig{URLs: []string{u}}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

func TestSignKnownVector(t *testing.T) {
	// HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"),
	// the example of the HMAC article every implementation checks against.
	got := Sign("key", []byte("The quick brown fox jumps over the lazy dog"))
	want := "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	for _, h := range []string{"", "sha256=", "sha1=" + want[7:], "sha256=zz", want[:len(want)-1] + "9"} {
		if VerifySignature("key", []byte("The quick brown fox jumps over the lazy dog"), h) {
			t.Errorf("VerifySignature accepted %q", h)
		}
	}
}
