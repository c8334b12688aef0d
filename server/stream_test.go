package server

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// sse reads server-sent events from a live response.
type sse struct {
	t    *testing.T
	resp *http.Response
	msgs chan map[string]string
}

func openStream(t *testing.T, base string, lastID string) *sse {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/stream", nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sse{t: t, resp: resp, msgs: make(chan map[string]string, 100)}
	go func() {
		defer close(s.msgs)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		cur := map[string]string{}
		for sc.Scan() {
			line := sc.Text()
			if line == "" {
				if cur["event"] != "" {
					s.msgs <- cur
				}
				cur = map[string]string{}
				continue
			}
			if k, v, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(line, ":") {
				cur[k] = v
			}
		}
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

func (s *sse) next(typ string) map[string]string {
	s.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				s.t.Fatalf("stream closed while waiting for %q", typ)
			}
			if m["event"] == typ {
				return m
			}
		case <-timeout:
			s.t.Fatalf("no %q message within 10s", typ)
		}
	}
}

func serveFixture(t *testing.T, f *fixture) (string, context.CancelFunc, chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return "http://" + ln.Addr().String(), cancel, done
}

func writeEvent(t *testing.T, st store.Store, text, code string) vigil.Event {
	t.Helper()
	a := &vigil.Article{Text: text, Published: time.Date(2024, 10, 16, 0, 0, 0, 0, time.UTC)}
	a.ID = vigil.ArticleID(text)
	ev := event(a.ID, text, text, "PRK", "KOR", code, "2024-10-16")
	if _, err := st.Write(context.Background(), store.Entry{Article: a, Events: []vigil.Event{ev}}); err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestStreamEventsWarningsAndWebhooks(t *testing.T) {
	rc := newReceiver(t)
	var f *fixture
	f = newFixture(t, func(c *Config) {
		wh, err := NewWebhooks(WebhookConfig{URLs: []string{rc.srv.URL}, Secret: "k"})
		if err != nil {
			t.Fatal(err)
		}
		c.Webhooks = wh
	})
	base, _, _ := serveFixture(t, f)
	s := openStream(t, base, "")
	time.Sleep(100 * time.Millisecond) // the poller has found the end of the log

	ev := writeEvent(t, f.st, "North Korea fired artillery shells near the border island.", "194")
	m := s.next("event")
	var got vigil.Event
	if err := json.Unmarshal([]byte(m["data"]), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != ev.ID || got.Code != "194" {
		t.Fatalf("streamed %s %s, want %s 194", got.ID, got.Code, ev.ID)
	}
	if m["id"] == "" {
		t.Fatal("the event message carries no id to resume from")
	}

	// A warning is raised: the stream and the webhook hear of it.
	w := f.warning
	w.Level, w.Score = "alert", 5.1
	w.Updated = time.Now().UTC()
	w.History = append(w.History, vigil.WarningChange{At: w.Updated, Change: "raised", Level: "alert", Score: 5.1})
	if err := f.st.SaveWarning(context.Background(), &w); err != nil {
		t.Fatal(err)
	}
	wm := s.next("warning")
	var n WarningNotice
	if err := json.Unmarshal([]byte(wm["data"]), &n); err != nil {
		t.Fatal(err)
	}
	if n.Change.Change != "raised" || n.Warning.ID != w.ID || n.Warning.Level != "alert" {
		t.Errorf("warning message %+v", n.Change)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(rc.deliveries()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	d := rc.deliveries()
	if len(d) != 1 || d[0].header.Get(EventHeader) != "warning.raised" || !VerifySignature("k", d[0].body, d[0].header.Get(SignatureHeader)) {
		t.Fatalf("webhook deliveries %d, want one signed warning.raised", len(d))
	}

	// A browser that reconnects with the last id gets what it missed.
	missed := writeEvent(t, f.st, "North Korea launched a ballistic missile into the sea.", "150")
	s.next("event") // the live stream sees it too
	r := openStream(t, base, m["id"])
	rm := r.next("event")
	if !strings.Contains(rm["data"], missed.ID) {
		t.Errorf("replay after %s gave %s, want the missed event", m["id"], rm["data"])
	}
}

// blockingIngester holds each ingest until released, to test shutdown.
type blockingIngester struct {
	Ingester
	started, release chan struct{}
}

func (b *blockingIngester) IngestArticle(ctx context.Context, a *vigil.Article) (*IngestResult, error) {
	close(b.started)
	<-b.release
	return b.Ingester.IngestArticle(context.WithoutCancel(ctx), a)
}

// TestShutdownFinishesWrites: a shutdown that begins while an ingest is in
// flight waits for it; the article is stored and the client gets its answer.
func TestShutdownFinishesWrites(t *testing.T) {
	bi := &blockingIngester{started: make(chan struct{}), release: make(chan struct{})}
	f := newFixture(t, func(c *Config) {
		bi.Ingester = c.Ingester
		c.Ingester = bi
	})
	base, cancel, done := serveFixture(t, f)
	stream := openStream(t, base, "")
	type answer struct {
		status int
		err    error
	}
	ans := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest("POST", base+"/api/ingest", strings.NewReader(`{"text":"Vietnam protested to China over a survey ship.","date":"2024-11-02"}`))
		req.Header.Set("Authorization", "Bearer "+f.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			ans <- answer{err: err}
			return
		}
		resp.Body.Close()
		ans <- answer{status: resp.StatusCode}
	}()
	<-bi.started
	cancel() // SIGTERM while the write is in flight
	// The stream ends at once; the server still waits for the write.
	for range stream.msgs {
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned (%v) before the in-flight write finished", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(bi.release)
	a := <-ans
	if a.err != nil || a.status != http.StatusCreated {
		t.Fatalf("in-flight ingest: %d %v, want 201", a.status, a.err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	done <- nil // for the cleanup
	id := vigil.ArticleID("Vietnam protested to China over a survey ship.")
	if _, err := f.st.Article(context.Background(), id); err != nil {
		t.Errorf("the article written during shutdown is not stored: %v", err)
	}
}

func TestServeRefusesOpenNonLoopback(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Token = "" })
	// Any non-loopback interface address of this machine will do; skip
	// when there is none.
	addrs, _ := net.InterfaceAddrs()
	var ip net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			ip = n.IP
			break
		}
	}
	if ip == nil {
		t.Skip("no non-loopback IPv4 address on this machine")
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		t.Skip(err)
	}
	err = f.srv.Serve(context.Background(), ln)
	if err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("Serve on %s without a token: %v, want a refusal naming the token", ln.Addr(), err)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:80": true, "[::1]:80": true, "0.0.0.0:80": false, "192.168.1.4:80": false, "[::]:80": false} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := IsLoopback(a); got != want {
			t.Errorf("IsLoopback(%s) = %v", addr, got)
		}
	}
}
