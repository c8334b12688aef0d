package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil/queue/natstest"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// TestWorkerAndBackfill runs the commands end to end against a real NATS
// server: backfill an archive, a worker codes it into SQLite, backfill
// --wait follows the workers and reports the bad input, --dead lists it,
// and the worker drains on cancellation with status 0.
func TestWorkerAndBackfill(t *testing.T) {
	url := natstest.Start(t).ClientURL()
	dir := t.TempDir()
	db := filepath.Join(dir, "vigil.db")
	archive := filepath.Join(dir, "archive")
	os.MkdirAll(archive, 0o755)
	os.WriteFile(filepath.Join(archive, "stories.jsonl"), []byte(
		`{"date": "2024-10-09", "title": "Roads", "text": "North Korea blew up roads and railways leading to South Korea on Tuesday."}`+"\n"+
			`{"date": "2024-10-12", "title": "Drones", "text": "North Korea accused South Korea of sending drones over Pyongyang."}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(archive, "note.txt"), []byte("Russia ratified the treaty with North Korea on Wednesday."), 0o644)

	if code, _, errs := runVigil(t, "", "backfill", archive); code != 2 || !strings.Contains(errs, "--nats") {
		t.Errorf("backfill without --nats: exit %d, %q; want 2 and a hint", code, errs)
	}
	code, out, errs := runVigil(t, "", "backfill", "--nats", url, "--json", archive)
	if code != 0 {
		t.Fatalf("backfill: exit %d: %s", code, errs)
	}
	var sum backfillSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Queued != 3 || sum.Files != 2 {
		t.Fatalf("backfill summary %s (%v); want 3 inputs from 2 files", out, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var werr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		e := &env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &werr, Getenv: func(string) string { return "" }}
		done <- run(ctx, e, []string{"worker", "--nats", url, "--db", db, "--concurrency", "2"})
	}()

	os.WriteFile(filepath.Join(dir, "blob.bin"), []byte("\x00\x01\x02binary\x00"), 0o644)
	code, out, errs = runVigil(t, "", "backfill", "--nats", url, "--wait", filepath.Join(dir, "blob.bin"))
	if code != 1 || !strings.Contains(out, "1 inputs went to vigil.dead") || !strings.Contains(errs, "vigil backfill --dead") {
		t.Errorf("backfill --wait of a binary file: exit %d, out %q, err %q; want 1 and the dead letter reported", code, out, errs)
	}
	code, out, _ = runVigil(t, "", "backfill", "--nats", url, "--dead")
	if code != 0 || !strings.Contains(out, "blob.bin") || !strings.Contains(out, "not text") {
		t.Errorf("backfill --dead: exit %d, %q", code, out)
	}

	cancel()
	select {
	case c := <-done:
		if c != 0 {
			t.Errorf("worker exit %d after cancellation, want 0: %s", c, werr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the worker did not drain")
	}
	if !strings.Contains(werr.String(), "drained") {
		t.Errorf("worker log does not say it drained:\n%s", werr.String())
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, _ := st.Stats(context.Background())
	if s.Articles != 3 {
		t.Errorf("store holds %d articles, want 3", s.Articles)
	}
}

// TestServeNATS runs the distributed mode end to end: vigil serve --nats
// follows a feed served over HTTP, fetches its pages and hands them to a
// vigil worker over a real NATS server; the worker codes them into
// PostgreSQL; the server's watch takes the worker's notices (counted on
// its /metrics, which also shows the queue) — but not the notice of an
// article stored before it started, which its warm-up read from the store.
func TestServeNATS(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	url := natstest.Start(t).ClientURL()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	var site *httptest.Server
	site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := func(title, text string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p>
<p>Officials in Seoul said the military was monitoring the situation closely and remained ready to respond.</p></article></body></html>`, title, title, text)
		}
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>%[1]s/</link><description>news</description>
<item><title>Roads blown up</title><link>%[1]s/news/roads</link><guid>%[1]s/news/roads</guid><pubDate>Tue, 15 Oct 2024 08:00:00 GMT</pubDate></item>
<item><title>Drones</title><link>%[1]s/news/drones</link><guid>%[1]s/news/drones</guid><pubDate>Fri, 11 Oct 2024 08:00:00 GMT</pubDate></item>
</channel></rss>`, site.URL)
		case "/news/roads":
			page("Roads blown up", "North Korea blew up sections of two roads linking it to South Korea on Tuesday, the South Korean military said.")
		case "/news/drones":
			page("Drones", "North Korea accused South Korea of sending drones over Pyongyang to scatter leaflets, and threatened retaliation.")
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds.yaml")
	os.WriteFile(feeds, []byte("feeds:\n  - url: "+site.URL+"/feed.xml\n    interval: 1h\n"), 0o644)

	// A worker, and one article stored (and announced) before the server starts.
	wctx, stopWorker := context.WithCancel(ctx)
	var werr syncBuffer
	workerDone := make(chan int, 1)
	go func() {
		e := &env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &werr, Getenv: func(string) string { return "" }}
		workerDone <- run(wctx, e, []string{"worker", "--nats", url, "--dsn", dsn, "--concurrency", "4"})
	}()
	defer func() {
		stopWorker()
		select {
		case c := <-workerDone:
			if c != 0 {
				t.Errorf("worker exit %d, want 0:\n%s", c, werr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("the worker did not drain")
		}
	}()
	early := filepath.Join(dir, "early.jsonl")
	os.WriteFile(early, []byte(`{"date": "2024-10-09", "title": "Treaty", "text": "Russia ratified a treaty with North Korea on Wednesday."}`+"\n"), 0o644)
	if code, _, errs := runVigil(t, "", "backfill", "--nats", url, "--wait", early); code != 0 {
		t.Fatalf("backfill: exit %d: %s", code, errs)
	}

	sctx, stopServer := context.WithCancel(ctx)
	out, serr := &syncBuffer{}, &syncBuffer{}
	serverDone := make(chan int, 1)
	go func() {
		e := &env{Stdin: strings.NewReader(""), Stdout: out, Stderr: serr, Getenv: func(string) string { return "" }}
		serverDone <- run(sctx, e, []string{"serve", "--nats", url, "--dsn", dsn, "--feeds", feeds,
			"--addr", "127.0.0.1:0", "--allow-private", "--ignore-robots"})
	}()
	defer func() {
		stopServer()
		select {
		case c := <-serverDone:
			if c != 0 {
				t.Errorf("serve exit %d, want 0:\n%s", c, serr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("the server did not stop")
		}
	}()
	var dash string
	waitUntil(t, 60*time.Second, "the server to listen", func() bool {
		_, rest, ok := strings.Cut(out.String(), " on http://")
		if ok {
			dash = "http://" + strings.Fields(rest)[0]
		}
		return ok
	}, serr)

	waitUntil(t, 60*time.Second, "the feed's two pages stored by the worker", func() bool {
		s, err := st.Stats(ctx)
		return err == nil && s.Articles == 3
	}, serr)
	metrics := func() string {
		resp, err := http.Get(dash + "metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitUntil(t, 30*time.Second, "the server's watch to take the two notices", func() bool {
		return strings.Contains(metrics(), "\nvigil_ingested_articles_total 2\n")
	}, serr)
	for _, id := range []string{site.URL + "/news/roads", site.URL + "/news/drones"} {
		if _, err := st.ArticleByURL(ctx, id); err != nil {
			t.Errorf("%s not stored: %v", id, err)
		}
	}
	time.Sleep(500 * time.Millisecond) // a third notice would have come by now
	m := metrics()
	for _, want := range []string{
		"\nvigil_ingested_articles_total 2\n", // not 3: the early article was in the warm-up
		"\nvigil_nats_connected 1\n",
		`vigil_queue_consumer_pending{stream="VIGIL_DOCS",consumer="workers"} 0`,
		`vigil_queue_consumer_pending{stream="VIGIL_EVENTS",consumer="watch"} 0`,
		`vigil_queue_messages{stream="VIGIL_DEAD"} 0`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, m)
		}
	}
	if !strings.Contains(serr.String(), "distributed mode") {
		t.Errorf("serve log does not say it runs distributed:\n%s", serr.String())
	}
}

// waitUntil polls cond until it holds, or fails showing log.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool, log *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; log:\n%s", timeout, what, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
