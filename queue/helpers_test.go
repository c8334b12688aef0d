package queue

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/coder"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/queue/natstest"
	"github.com/vigil-ews/vigil/store"
)

// testConfig keeps redeliveries quick in tests.
var testConfig = Config{AckWait: 3 * time.Second, MaxDeliver: 3}

// startQueue runs an in-process NATS server, connects and sets the
// streams up with cfg.
func startQueue(t testing.TB, cfg Config) (*Conn, string) {
	t.Helper()
	url := natstest.Start(t).ClientURL()
	conn, err := Connect(context.Background(), url, ConnectOptions{Name: "vigil test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Close)
	if err := Setup(context.Background(), conn.JS, cfg); err != nil {
		t.Fatal(err)
	}
	return conn, url
}

var (
	testCoderOnce sync.Once
	testCoder     *coder.Coder
	testCoderErr  error
)

// realCoder returns the embedded-knowledge coder, built once per test binary.
func realCoder(t testing.TB) *coder.Coder {
	t.Helper()
	testCoderOnce.Do(func() { testCoder, testCoderErr = coder.New(coder.Options{}) })
	if testCoderErr != nil {
		t.Fatalf("loading the coder: %v", testCoderErr)
	}
	return testCoder
}

// startWorker runs an in-process worker until the test ends (or the
// returned stop is called, which drains it and waits).
func startWorker(t testing.TB, js jetstream.JetStream, st store.Store, cfg Config, onOutcome func(Outcome)) (stop func()) {
	t.Helper()
	w := &Worker{JS: js, Pipeline: &pipeline.Pipeline{Store: st, Coder: realCoder(t)}, Config: cfg,
		Concurrency: 4, PollWait: 200 * time.Millisecond, OnOutcome: onOutcome, Log: quietLog(t)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// queueEmpty reports whether every input was taken and acknowledged.
func queueEmpty(t testing.TB, js jetstream.JetStream) bool {
	t.Helper()
	// One stream info request (ReadStats makes nine): benchmarks poll
	// this while measuring the NATS server's CPU.
	s, err := js.Stream(context.Background(), StreamDocs)
	if err != nil {
		t.Fatal(err)
	}
	return s.CachedInfo().State.Msgs == 0
}

// deadLetter is one message of VIGIL_DEAD.
type deadLetter struct {
	Name, Reason, Subject string
	Deliveries            string
	Data                  []byte
}

// readStream returns every message of a stream, oldest first.
func readStream(t testing.TB, js jetstream.JetStream, stream string) []jetstream.RawStreamMsg {
	t.Helper()
	ctx := context.Background()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *m)
	}
	return out
}

func deadLetters(t testing.TB, js jetstream.JetStream) []deadLetter {
	var out []deadLetter
	for _, m := range readStream(t, js, StreamDead) {
		out = append(out, deadLetter{Name: m.Header.Get(HeaderName), Reason: m.Header.Get(HeaderReason),
			Subject: m.Header.Get(HeaderSubject), Deliveries: m.Header.Get(HeaderDeliveries), Data: m.Data})
	}
	return out
}

// notices returns the Stored notices on vigil.events.
func notices(t testing.TB, js jetstream.JetStream) []Stored {
	var out []Stored
	for _, m := range readStream(t, js, StreamEvents) {
		b, err := payload(m.Data, m.Header)
		if err != nil {
			t.Fatal(err)
		}
		var s Stored
		if err := jsonUnmarshalStrict(b, &s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Test corpus: news-like articles written from templates, every one
// distinct (no two within SimHash near-duplicate distance), so a correct
// run stores each exactly once. Written by us for the tests.
var (
	countries = []string{"North Korea", "South Korea", "Russia", "China", "Japan", "the United States",
		"Ukraine", "Iran", "Israel", "Turkey", "India", "Pakistan", "France", "Germany", "Britain", "Poland"}
	sentenceTemplates = []string{
		"%[1]s accused %[2]s of sending %[3]d drones across the border on Tuesday.",
		"%[1]s threatened %[2]s with catastrophic consequences after a naval clash near the disputed islands.",
		"The foreign minister of %[1]s met his counterpart from %[2]s in Geneva to discuss %[3]d detained sailors.",
		"%[1]s condemned the missile launch by %[2]s as a grave provocation.",
		"%[1]s fired %[3]d artillery shells toward positions held by %[2]s.",
		"%[1]s and %[2]s signed an agreement on trade and energy worth %[3]d million dollars.",
		"%[1]s agreed to send %[3]d tonnes of food aid to %[2]s.",
		"%[1]s expelled %[3]d diplomats of %[2]s over spying allegations.",
		"%[1]s praised %[2]s for its help after the floods that displaced %[3]d families.",
		"%[1]s demanded that %[2]s withdraw its %[3]d troops from the frontier.",
		"%[1]s put its artillery units on high alert along the border with %[2]s.",
		"Police in %[1]s arrested %[3]d citizens of %[2]s suspected of sabotage.",
		"%[1]s imposed sanctions on %[3]d companies from %[2]s.",
		"The president of %[1]s visited %[2]s for talks on a treaty of mutual assistance.",
		"%[1]s rejected the demand by %[2]s for compensation of %[3]d million dollars.",
		"%[1]s warned %[2]s that it would respond to any incursion with force.",
	}
)

// testArticle is one article of the corpus.
func testArticle(seed uint64) *vigil.Article {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	paras := 2 + r.IntN(3)
	for p := range paras {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for s := range 2 + r.IntN(3) {
			if s > 0 {
				b.WriteString(" ")
			}
			a := countries[r.IntN(len(countries))]
			c := countries[r.IntN(len(countries))]
			for c == a {
				c = countries[r.IntN(len(countries))]
			}
			fmt.Fprintf(&b, sentenceTemplates[r.IntN(len(sentenceTemplates))], a, c, 2+r.IntN(4000))
		}
	}
	text := b.String()
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(seed%300))
	return &vigil.Article{ID: vigil.ArticleID(text), Title: fmt.Sprintf("Dispatch %d", seed), Text: text,
		URL: fmt.Sprintf("https://news.example/dispatch/%d", seed), Published: day}
}

// testCorpus returns n distinct articles.
func testCorpus(n int) []*vigil.Article {
	var out []*vigil.Article
	var hashes []uint64
	ids := map[string]bool{}
	for seed := uint64(1); len(out) < n; seed++ {
		a := testArticle(seed)
		h, words := ingest.SimHash(a.Text)
		if ids[a.ID] {
			continue
		}
		near := false
		if words >= ingest.SimHashMinWords {
			for _, o := range hashes {
				if bits.OnesCount64(h^o) <= store.MaxSimHashDistance+1 {
					near = true
					break
				}
			}
		}
		if near {
			continue
		}
		ids[a.ID] = true
		if words >= ingest.SimHashMinWords {
			hashes = append(hashes, h)
		}
		out = append(out, a)
	}
	return out
}

// checkStored verifies that every article is stored exactly once with all
// the events the coder gives it, and that the store holds nothing else
// but extra articles.
func checkStored(t testing.TB, st store.Store, corpus []*vigil.Article, extra int, c pipeline.Coder) {
	t.Helper()
	ctx := context.Background()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantEvents := 0
	missing := 0
	for _, a := range corpus {
		if _, err := st.Article(ctx, a.ID); err != nil {
			missing++
			if missing <= 5 {
				t.Errorf("article %s (%s) not stored: %v", a.ID, a.Title, err)
			}
			continue
		}
		want := map[string]bool{}
		for _, e := range c.Code(a) {
			id := e.ID
			if id == "" {
				id = vigil.EventID(a.ID, e.Offsets[0], e.Source, e.Target, e.Code)
			}
			want[id] = true
		}
		wantEvents += len(want)
		page, err := st.Events(ctx, store.EventFilter{Article: a.ID, IncludeFlagged: true, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range page.Items {
			got = append(got, e.ID)
		}
		slices.Sort(got)
		wantIDs := make([]string, 0, len(want))
		for id := range want {
			wantIDs = append(wantIDs, id)
		}
		slices.Sort(wantIDs)
		if !slices.Equal(got, wantIDs) {
			t.Errorf("article %s: stored events %v, the coder gives %v", a.ID, got, wantIDs)
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d articles not stored", missing, len(corpus))
	}
	if stats.Articles != len(corpus)+extra {
		t.Errorf("store holds %d articles, want exactly %d", stats.Articles, len(corpus)+extra)
	}
	if extra == 0 && stats.Events != wantEvents {
		t.Errorf("store holds %d events, want exactly %d", stats.Events, wantEvents)
	}
}
