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
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// countingStore counts Write calls and refuses entries whose article
// title is "refuse", as a database refuses bad data: the whole call fails.
type countingStore struct {
	store.Store
	calls atomic.Int64
}

func (c *countingStore) Write(ctx context.Context, es ...store.Entry) (store.WriteResult, error) {
	c.calls.Add(1)
	for _, e := range es {
		if e.Article != nil && e.Article.Title == "refuse" {
			return store.WriteResult{}, fmt.Errorf("inserting articles: %w", &pgconn.PgError{Code: "22021", Message: "invalid byte sequence"})
		}
	}
	return c.Store.Write(ctx, es...)
}

// TestGroupWriter: concurrent writes share transactions, each returns
// after its own entries are committed with its own counts, and a refused
// entry fails alone.
func TestGroupWriter(t *testing.T) {
	cs := &countingStore{Store: storetest.SQLite(t)}
	g := newGroupWriter(context.Background(), cs, 16, 20*time.Millisecond, nil)
	corpus := testCorpus(40)
	corpus[7].Title = "refuse"
	var wg sync.WaitGroup
	results := make([]store.WriteResult, len(corpus))
	errs := make([]error, len(corpus))
	for i, a := range corpus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := vigil.Event{Article: a.ID, Source: "PRK", Target: "KOR", Code: "112", Date: "2024-01-01", Sentence: "x", Offsets: [2]int{0, 1}}
			results[i], errs[i] = g.Write(context.Background(), store.Entry{Article: a, Events: []vigil.Event{ev}})
		}()
	}
	wg.Wait()
	g.close()
	for i, a := range corpus {
		if i == 7 {
			if errs[i] == nil || classify(errs[i]) != badData {
				t.Errorf("the refused article: error %v, want the database's refusal", errs[i])
			}
			continue
		}
		if errs[i] != nil {
			t.Errorf("%s: %v", a.Title, errs[i])
			continue
		}
		if results[i].Articles != 1 || results[i].Events != 1 {
			t.Errorf("%s: result %+v, want its own article and event", a.Title, results[i])
		}
		if _, err := cs.Article(context.Background(), a.ID); err != nil {
			t.Errorf("%s not stored when its Write returned: %v", a.Title, err)
		}
	}
	if n := cs.calls.Load(); n >= int64(len(corpus)) {
		t.Errorf("%d writes for %d concurrent articles: nothing was grouped", n, len(corpus))
	} else {
		t.Logf("%d concurrent articles in %d database writes (one bad batch written again one by one)", len(corpus), n)
	}
}

// TestGroupWriterGoesWhenAllWait: a write does not linger when every
// input in hand is already waiting in the batch — a worker that is not
// saturated (one feed item) commits at once, whatever the linger.
func TestGroupWriterGoesWhenAllWait(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inHand func() int
		want   time.Duration // the write returns sooner than this, or later
		sooner bool
	}{
		{"all in hand waiting", func() int { return 1 }, time.Second, true},
		{"others still coding", func() int { return 5 }, time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := &countingStore{Store: storetest.SQLite(t)}
			g := newGroupWriter(context.Background(), cs, 64, 2*time.Second, tc.inHand)
			defer g.close()
			start := time.Now()
			if _, err := g.Write(context.Background(), store.Entry{Article: testCorpus(1)[0]}); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); (took < tc.want) != tc.sooner {
				t.Errorf("the write took %s; want it %s than %s", took, map[bool]string{true: "sooner", false: "later"}[tc.sooner], tc.want)
			}
		})
	}
}
