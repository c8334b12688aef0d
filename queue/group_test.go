package queue

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// countingStore counts the transactions that write articles and refuses
// entries whose article title is "refuse", as a database refuses bad
// data: the whole call fails.
type countingStore struct {
	store.Store
	calls atomic.Int64
}

func (c *countingStore) WriteBatch(ctx context.Context, es ...store.Entry) ([]store.WriteResult, error) {
	c.calls.Add(1)
	for _, e := range es {
		if e.Article != nil && e.Article.Title == "refuse" {
			return nil, fmt.Errorf("inserting articles: %w", &pgconn.PgError{Code: "22021", Message: "invalid byte sequence"})
		}
	}
	return c.Store.WriteBatch(ctx, es...)
}

// groupCommit is a worker's group commit over st.
func groupCommit(st store.Store, linger time.Duration, goNow func(int) bool) *batcher[pipeline.Coded, pipeline.Result] {
	p := &pipeline.Pipeline{Store: st}
	return newBatcher(context.Background(), 16, linger, goNow, p.CommitBatch)
}

// TestGroupCommit: concurrent commits share transactions, each returns
// after its own article is committed with its own counts, a refused
// article fails alone, and two copies of one story committed together
// are stored once.
func TestGroupCommit(t *testing.T) {
	cs := &countingStore{Store: storetest.SQLite(t)}
	g := groupCommit(cs, 20*time.Millisecond, nil)
	corpus := testCorpus(40)
	corpus[7].Title = "refuse"
	copyOf3 := *corpus[3]
	coded := func(a *vigil.Article) pipeline.Coded {
		ev := vigil.Event{Article: a.ID, Source: "PRK", Target: "KOR", Code: "112", Date: "2024-01-01", Sentence: "x", Offsets: [2]int{0, 1}}
		return pipeline.Coded{Source: pipeline.Source{Kind: pipeline.KindFile, Path: a.Title}, Article: a, Events: []vigil.Event{ev}}
	}
	inputs := append(corpus, &copyOf3)
	var wg sync.WaitGroup
	results := make([]pipeline.Result, len(inputs))
	for i, a := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = g.Do(context.Background(), coded(a)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	g.close()
	statuses := map[string]int{}
	for i, a := range inputs {
		r := results[i]
		statuses[r.Status]++
		switch {
		case i == 7:
			if r.Status != pipeline.StatusFailed || classify(r.Err) != badData {
				t.Errorf("the refused article: %s %v, want the database's refusal", r.Status, r.Err)
			}
		case r.Status == pipeline.StatusNew:
			if r.Events != 1 {
				t.Errorf("%s: %d events, want its own one", a.Title, r.Events)
			}
			if _, err := cs.Article(context.Background(), a.ID); err != nil {
				t.Errorf("%s not stored when its commit returned: %v", a.Title, err)
			}
		}
	}
	if statuses[pipeline.StatusNew] != 39 || statuses[pipeline.StatusDuplicate] != 1 {
		t.Errorf("statuses %v; want 39 new, 1 duplicate (the copy), 1 failed", statuses)
	}
	if n := cs.calls.Load(); n >= int64(len(inputs)) {
		t.Errorf("%d transactions for %d concurrent commits: nothing was grouped", n, len(inputs))
	} else {
		t.Logf("%d concurrent commits in %d transactions (one bad batch committed again one by one)", len(inputs), n)
	}
}

// TestGroupCommitGoesWhenAllWait: a commit does not linger when every
// input in hand is already waiting in the batch — a worker that is not
// saturated (one feed item) commits at once, whatever the linger.
func TestGroupCommitGoesWhenAllWait(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inHand int
		sooner bool // than a second; the linger is two
	}{
		{"all in hand waiting", 1, true},
		{"others still coding", 5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := groupCommit(storetest.SQLite(t), 2*time.Second, func(n int) bool { return n >= tc.inHand })
			defer g.close()
			start := time.Now()
			a := testCorpus(1)[0]
			r, err := g.Do(context.Background(), pipeline.Coded{Source: pipeline.Source{Kind: pipeline.KindFile, Path: "a"}, Article: a})
			if err != nil || r.Status != pipeline.StatusNew {
				t.Fatalf("commit: %+v, %v", r, err)
			}
			if took := time.Since(start); (took < time.Second) != tc.sooner {
				t.Errorf("the commit took %s; want it %s than a second", took, map[bool]string{true: "sooner", false: "later"}[tc.sooner])
			}
		})
	}
}

// TestBatcherAbandon: a call whose context ends before its batch is taken
// returns the context's error and is left out of the batch.
func TestBatcherAbandon(t *testing.T) {
	var got [][]int
	var mu sync.Mutex
	b := newBatcher(context.Background(), 10, 300*time.Millisecond, nil, func(_ context.Context, qs []int) []int {
		mu.Lock()
		got = append(got, qs)
		mu.Unlock()
		return qs
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := b.Do(ctx, 1); done <- err }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("abandoned call: %v, want context.Canceled", err)
	}
	if r, err := b.Do(context.Background(), 2); err != nil || r != 2 {
		t.Errorf("next call: %d, %v", r, err)
	}
	b.close()
	if fmt.Sprint(got) != "[[2]]" {
		t.Errorf("batches %v, want [[2]]: the abandoned call left out", got)
	}
}
