package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/nats-io/nats.go/jetstream"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

func publishArticles(t testing.TB, js jetstream.JetStream, corpus []*vigil.Article) {
	t.Helper()
	for _, a := range corpus {
		m, err := ArticleMsg(a, a.Title)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := js.PublishMsg(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
}

// crash takes n inputs as a worker would and never answers, as a worker
// killed with SIGKILL; it stores the first committed of them first
// (killed between the commit and the acknowledgement).
func crash(t testing.TB, js jetstream.JetStream, st store.Store, n, committed int) {
	t.Helper()
	ctx := context.Background()
	cons, err := js.Consumer(ctx, StreamDocs, ConsumerWorkers)
	if err != nil {
		t.Fatal(err)
	}
	batch, err := cons.Fetch(n, jetstream.FetchMaxWait(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var held []jetstream.Msg
	for m := range batch.Messages() {
		held = append(held, m)
	}
	if len(held) != n {
		t.Fatalf("the crashing worker got %d inputs, want %d", len(held), n)
	}
	p := &pipeline.Pipeline{Store: st, Coder: realCoder(t)}
	for _, m := range held[:committed] {
		in, err := decodeInput(m.Subject(), m.Data(), m.Headers())
		if err != nil {
			t.Fatal(err)
		}
		if r := p.Commit(ctx, p.Code(pipeline.Source{Kind: pipeline.KindFile, Path: in.name}, pipeline.Document{}, in.article)); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

// TestRedeliveryStoresOnce: inputs held by a worker that died — before
// its commit, or after it but before the acknowledgement — are redelivered
// after AckWait; each article ends up stored once, and announced.
func TestRedeliveryStoresOnce(t *testing.T) {
	realCoder(t) // loaded before any input is taken: loading takes longer than AckWait
	cfg := Config{AckWait: 2 * time.Second, MaxDeliver: 3}
	conn, _ := startQueue(t, cfg)
	st := storetest.SQLite(t)
	corpus := testCorpus(6)
	publishArticles(t, conn.JS, corpus)
	crash(t, conn.JS, st, 4, 2) // 2 committed, not acknowledged; 2 not committed

	var mu sync.Mutex
	var outs []Outcome
	startWorker(t, conn.JS, st, cfg, func(o Outcome) { mu.Lock(); outs = append(outs, o); mu.Unlock() })
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	checkStored(t, st, corpus, 0, realCoder(t))

	mu.Lock()
	defer mu.Unlock()
	redelivered := map[string]int{}
	for _, o := range outs {
		if o.Deliveries > 1 {
			redelivered[o.Action]++
		}
	}
	if redelivered[ActionDuplicate] != 2 || redelivered[ActionStored] != 2 {
		t.Errorf("redelivered inputs: %v; want 2 found stored (committed before the crash) and 2 stored", redelivered)
	}
	announced := map[string]int{}
	for _, n := range notices(t, conn.JS) {
		announced[n.Article.ID]++
	}
	for _, a := range corpus {
		if announced[a.ID] != 1 {
			t.Errorf("article %s announced %d times, want once", a.Title, announced[a.ID])
		}
	}
}

// TestTooManyDeliveriesGoDead: an input every worker died on goes to
// vigil.dead on its next delivery, with the count, instead of looping.
func TestTooManyDeliveriesGoDead(t *testing.T) {
	cfg := Config{AckWait: 500 * time.Millisecond, MaxDeliver: 2}
	conn, _ := startQueue(t, cfg)
	st := storetest.SQLite(t)
	corpus := testCorpus(1)
	publishArticles(t, conn.JS, corpus)
	crash(t, conn.JS, st, 1, 0)
	time.Sleep(cfg.AckWait + 100*time.Millisecond)
	crash(t, conn.JS, st, 1, 0)
	time.Sleep(cfg.AckWait + 100*time.Millisecond)

	startWorker(t, conn.JS, st, cfg, nil)
	waitFor(t, 10*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	dead := deadLetters(t, conn.JS)
	if len(dead) != 1 || !strings.Contains(dead[0].Reason, "delivered 2 times") || dead[0].Deliveries != "3" {
		t.Fatalf("dead letters %+v; want the input, delivered 2 times before", dead)
	}
	if in, err := decodeInput(dead[0].Subject, dead[0].Data, nil); err != nil || in.article.ID != corpus[0].ID {
		t.Errorf("dead letter does not hold the input as it was: %v", err)
	}
	if s, _ := st.Stats(context.Background()); s.Articles != 0 {
		t.Errorf("the store holds %d articles, want none", s.Articles)
	}
}

// TestBackpressure: with the work queue full, the backfill waits for the
// workers instead of failing or buffering, then finishes.
func TestBackpressure(t *testing.T) {
	cfg := testConfig
	cfg.MaxQueued = 5
	conn, _ := startQueue(t, cfg)
	st := storetest.SQLite(t)
	corpus := testCorpus(40)
	dir := writeArchive(t, corpus, nil)

	var full atomic.Bool
	done := make(chan BackfillStats, 1)
	go func() {
		s, err := Backfill(context.Background(), conn.JS, []string{dir}, BackfillOptions{OnWait: func(f bool) { full.Store(f) }})
		if err != nil {
			t.Error(err)
		}
		done <- s
	}()
	waitFor(t, 10*time.Second, "the backfill to wait on a full queue", full.Load)
	time.Sleep(300 * time.Millisecond)
	select {
	case s := <-done:
		t.Fatalf("backfill finished (%+v) with no worker running", s)
	default:
	}
	if s, _ := ReadStats(context.Background(), conn.JS); s.Streams[0].Messages != 5 {
		t.Fatalf("queue holds %d inputs, want its limit, 5", s.Streams[0].Messages)
	}
	startWorker(t, conn.JS, st, cfg, nil)
	select {
	case s := <-done:
		if s.Queued != len(corpus) {
			t.Errorf("backfill queued %d, want %d", s.Queued, len(corpus))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("backfill did not finish once a worker ran")
	}
	waitFor(t, 30*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	checkStored(t, st, corpus, 0, realCoder(t))
}

// slowStore delays writes; down makes reads and writes fail as a database
// that cannot be reached does.
type slowStore struct {
	store.Store
	delay  time.Duration
	down   atomic.Bool
	refuse atomic.Bool  // writes fail as PostgreSQL refuses bad data
	writes atomic.Int64 // entries written
}

var errUnreachable = &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}

func (s *slowStore) WriteBatch(ctx context.Context, e ...store.Entry) ([]store.WriteResult, error) {
	if s.down.Load() {
		return nil, fmt.Errorf("storing: %w", errUnreachable)
	}
	if s.refuse.Load() {
		return nil, fmt.Errorf("storing: %w", &pgconn.PgError{Code: "22P05", Message: "unsupported Unicode escape sequence"})
	}
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s.writes.Add(int64(len(e)))
	return s.Store.WriteBatch(ctx, e...)
}

func (s *slowStore) Duplicates(ctx context.Context, qs []store.DupQuery) ([]store.Duplicate, error) {
	if s.down.Load() {
		return nil, errUnreachable
	}
	return s.Store.Duplicates(ctx, qs)
}

// TestDrain: a stopped worker takes no new input, finishes and
// acknowledges what it holds, and returns.
func TestDrain(t *testing.T) {
	conn, _ := startQueue(t, testConfig)
	st := &slowStore{Store: storetest.SQLite(t), delay: 400 * time.Millisecond}
	corpus := testCorpus(30)
	publishArticles(t, conn.JS, corpus)
	var mu sync.Mutex
	var outs []Outcome
	w := &Worker{JS: conn.JS, Pipeline: &pipeline.Pipeline{Store: st, Coder: realCoder(t)}, Config: testConfig,
		Concurrency: 4, PollWait: 200 * time.Millisecond, Log: quietLog(t),
		OnOutcome: func(o Outcome) { mu.Lock(); outs = append(outs, o); mu.Unlock() }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, 10*time.Second, "4 inputs in hand", func() bool { return w.stats.inFlight.Load() == 4 })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not drain")
	}
	s, err := ReadStats(context.Background(), conn.JS)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Consumer(StreamDocs, ConsumerWorkers)
	q, _ := s.Stream(StreamDocs)
	mu.Lock()
	defer mu.Unlock()
	if c.AckPending != 0 {
		t.Errorf("%d inputs left unacknowledged after the drain", c.AckPending)
	}
	if len(outs) < 4 || int(q.Messages) != len(corpus)-len(outs) || int(st.writes.Load()) != len(outs) {
		t.Errorf("finished %d inputs (%d written), %d left in the queue; want at least the 4 in hand finished, the rest left", len(outs), st.writes.Load(), q.Messages)
	}
	for _, o := range outs {
		if o.Action != ActionStored {
			t.Errorf("input %s: %s (%s), want stored", o.Name, o.Action, o.Reason)
		}
	}
}

// TestStoreOutage: while the store cannot be reached, the worker holds
// its inputs (in-progress acknowledgements keep them), reports itself
// unhealthy, and neither kills nor gives back any input; then it goes on.
func TestStoreOutage(t *testing.T) {
	cfg := Config{AckWait: time.Second, MaxDeliver: 2}
	conn, _ := startQueue(t, cfg)
	st := &slowStore{Store: storetest.SQLite(t)}
	st.down.Store(true)
	corpus := testCorpus(8)
	publishArticles(t, conn.JS, corpus)
	var mu sync.Mutex
	var outs []Outcome
	w := &Worker{JS: conn.JS, Pipeline: &pipeline.Pipeline{Store: st, Coder: realCoder(t)}, Config: cfg,
		Concurrency: 2, PollWait: 200 * time.Millisecond, Log: quietLog(t),
		OnOutcome: func(o Outcome) { mu.Lock(); outs = append(outs, o); mu.Unlock() }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, 5*time.Second, "the worker to see the outage", func() bool { ok, _ := w.Healthy(); return !ok })
	time.Sleep(3 * cfg.AckWait) // past AckWait, more than once
	if s, _ := ReadStats(context.Background(), conn.JS); s.Consumers[0].AckPending != 2 || s.Consumers[0].Redelivered != 0 {
		t.Errorf("during the outage: %+v; want the 2 inputs in hand, none redelivered", s.Consumers[0])
	}
	st.down.Store(false)
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	cancel()
	<-done
	if ok, why := w.Healthy(); !ok {
		t.Errorf("unhealthy after the outage: %s", why)
	}
	checkStored(t, st, corpus, 0, realCoder(t))
	mu.Lock()
	defer mu.Unlock()
	for _, o := range outs {
		if o.Action != ActionStored || o.Deliveries != 1 {
			t.Errorf("input %s: %s on delivery %d; want stored on the first", o.Name, o.Action, o.Deliveries)
		}
	}
}

// TestWatch: the serve side sees every stored article's events once, in
// order, and a notice whose handler fails comes back.
func TestWatch(t *testing.T) {
	conn, _ := startQueue(t, testConfig)
	st := storetest.SQLite(t)
	corpus := testCorpus(10)
	publishArticles(t, conn.JS, corpus)
	startWorker(t, conn.JS, st, testConfig, nil)
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })

	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	seen := map[string]int{}
	failOnce := corpus[3].ID
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, conn.JS, WatchOptions{Log: quietLog(t), RetryDelay: 100 * time.Millisecond}, func(ctx context.Context, s Stored) error {
			mu.Lock()
			defer mu.Unlock()
			if s.Article.ID == failOnce {
				failOnce = ""
				return errors.New("watch failed once")
			}
			seen[s.Article.ID]++
			return nil
		})
	}()
	waitFor(t, 20*time.Second, "every notice to be watched", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) == len(corpus)
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("article %s watched %d times", id, n)
		}
	}

	// A server that replayed the store at start skips the notices older
	// than its replay.
	since := time.Now()
	more := testCorpus(14)[10:]
	publishArticles(t, conn.JS, more)
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	if err := conn.JS.DeleteConsumer(context.Background(), StreamEvents, ConsumerWatch); err != nil {
		t.Fatal(err) // a new server: it starts from the stream's beginning
	}
	ctx, cancel = context.WithCancel(context.Background())
	var got []string
	go func() {
		done <- Watch(ctx, conn.JS, WatchOptions{Log: quietLog(t), Since: since}, func(ctx context.Context, s Stored) error {
			mu.Lock()
			got = append(got, s.Article.ID)
			mu.Unlock()
			return nil
		})
	}()
	waitFor(t, 20*time.Second, "the new notices to be watched", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) >= len(more)
	})
	time.Sleep(200 * time.Millisecond)
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(more) {
		t.Errorf("watched %d notices since the replay, want the %d new ones", len(got), len(more))
	}
}

// TestFeeder: the serve side fetches pages and publishes them; a failed
// fetch is reported, not published.
func TestFeeder(t *testing.T) {
	conn, _ := startQueue(t, testConfig)
	st := storetest.SQLite(t)
	page := `<html><head><title>Drills</title></head><body><article><h1>Drills</h1>
<p>South Korea and the United States began joint military drills near the border on Monday, a week after North Korea fired artillery shells into the sea.</p>
<p>North Korea condemned the drills and warned of a strong response.</p></article></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/news/drills" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	p := &pipeline.Pipeline{Store: st, Fetcher: ingest.NewFetcher(ingest.FetchOptions{AllowPrivate: true, IgnoreRobots: true, HostDelay: -1})}
	f := &Feeder{JS: conn.JS, Pipeline: p, Log: quietLog(t)}
	in := make(chan pipeline.Source)
	var mu sync.Mutex
	results := map[string]string{}
	ran := make(chan struct{})
	go func() {
		f.Run(context.Background(), in, func(r pipeline.Result) {
			mu.Lock()
			results[r.Source.URL] = r.Status
			mu.Unlock()
		})
		close(ran)
	}()
	in <- pipeline.Source{Kind: pipeline.KindURL, URL: srv.URL + "/news/drills"}
	in <- pipeline.Source{Kind: pipeline.KindURL, URL: srv.URL + "/news/missing"}
	// A page from the retry queue that fails again goes back in the
	// queue one attempt later, as in one process.
	retry := store.Retry{URL: srv.URL + "/news/gone", Feed: "f", Attempts: 2, NextTry: time.Now()}
	if err := st.QueueRetry(context.Background(), retry); err != nil {
		t.Fatal(err)
	}
	in <- pipeline.Source{Kind: pipeline.KindItem, URL: retry.URL, Feed: retry.Feed, Retry: &retry}
	// Results come as they happen, while the follower keeps the feed open.
	waitFor(t, 10*time.Second, "the results", func() bool { mu.Lock(); defer mu.Unlock(); return len(results) == 3 })
	close(in)
	<-ran
	if results[srv.URL+"/news/drills"] != StatusQueued || results[srv.URL+"/news/missing"] != pipeline.StatusFailed ||
		results[retry.URL] != pipeline.StatusFailed {
		t.Fatalf("results %v", results)
	}
	due, err := st.DueRetries(context.Background(), time.Now().Add(365*24*time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].URL != retry.URL || due[0].Attempts != 3 || !due[0].NextTry.After(time.Now()) {
		t.Errorf("retry queue after a failed retry: %+v, %v; want %s at attempt 3, later", due, err, retry.URL)
	}
	startWorker(t, conn.JS, st, testConfig, nil)
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	id, err := st.ArticleByURL(context.Background(), srv.URL+"/news/drills")
	if err != nil {
		t.Fatalf("the fetched page was not stored: %v", err)
	}
	a, _ := st.Article(context.Background(), id)
	if a.Title != "Drills" || !strings.Contains(a.Text, "joint military drills") {
		t.Errorf("stored article %q: %q", a.Title, a.Text)
	}
}

// TestMetrics: a worker's /metrics shows the queue's lag and its own
// counters; /healthz says it is healthy.
func TestMetrics(t *testing.T) {
	conn, _ := startQueue(t, testConfig)
	st := storetest.SQLite(t)
	publishArticles(t, conn.JS, testCorpus(3))
	w := &Worker{JS: conn.JS, Pipeline: &pipeline.Pipeline{Store: st}, Config: testConfig}
	srv := httptest.NewServer(w.Handler())
	defer srv.Close()
	body := get(t, srv.URL+"/metrics", 200)
	for _, want := range []string{
		`vigil_nats_connected 1`,
		`vigil_queue_messages{stream="VIGIL_DOCS"} 3`,
		`vigil_queue_consumer_pending{stream="VIGIL_DOCS",consumer="workers"} 3`,
		`vigil_worker_inputs_total{action="stored"} 0`,
		`# TYPE vigil_queue_consumer_ack_pending gauge`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
	if b := get(t, srv.URL+"/healthz", 200); !strings.Contains(b, `"ok":true`) {
		t.Errorf("/healthz: %s", b)
	}
	conn.NC.Close()
	if b := get(t, srv.URL+"/healthz", 503); !strings.Contains(b, "not connected") {
		t.Errorf("/healthz when disconnected: %s", b)
	}
}

func get(t testing.TB, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Errorf("GET %s: %d, want %d", url, resp.StatusCode, status)
	}
	return string(b)
}

// TestRedrive: dead letters can be listed and sent back to the workers;
// one that still fails comes back to vigil.dead, one that was the
// worker's fault is stored.
func TestRedrive(t *testing.T) {
	conn, _ := startQueue(t, testConfig)
	st := &slowStore{Store: storetest.SQLite(t)}
	corpus := testCorpus(2)
	publishArticles(t, conn.JS, corpus)
	publishGarbage(t, conn.JS)
	// The store refuses every write as bad data (say, a schema bug), so
	// both articles go to vigil.dead too.
	st.refuse.Store(true)
	stop := startWorker(t, conn.JS, st, testConfig, nil)
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	stop()
	var dead []DeadLetter
	if err := DeadLetters(context.Background(), conn.JS, func(d DeadLetter) error { dead = append(dead, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(dead) != 5 {
		t.Fatalf("%d dead letters, want 5: %+v", len(dead), dead)
	}
	st.refuse.Store(false) // fixed
	for _, d := range dead {
		if d.Reason == "" || d.Subject == "" || d.Deliveries != 1 || d.Worker == "" {
			t.Errorf("dead letter without its story: %+v", d)
		}
		if err := Redrive(context.Background(), conn.JS, d); err != nil {
			t.Fatal(err)
		}
	}
	startWorker(t, conn.JS, st, testConfig, nil)
	waitFor(t, 20*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	checkStored(t, st, corpus, 0, realCoder(t))
	if left := deadLetters(t, conn.JS); len(left) != 3 {
		t.Errorf("%d dead letters after the redrive, want the 3 that are truly bad", len(left))
	}
}
