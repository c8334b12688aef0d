package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// The crash test re-executes the test binary as a writer process: with
// envCrashTarget set, TestMain writes the crash corpus there and exits.
const (
	envCrashTarget = "VIGIL_STORE_CRASH_TARGET"
	crashArticles  = 2000
	crashFeed      = "https://crash.example/rss"
)

func TestMain(m *testing.M) {
	if target := os.Getenv(envCrashTarget); target != "" {
		if err := crashWriter(target); err != nil {
			fmt.Fprintln(os.Stderr, "crash writer:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashEntry is article i of the crash corpus: 1 to 9 events, one per
// sentence, the count written in the title so a reader can check that an
// article is complete; and a feed item marked seen with it.
func crashEntry(i int) store.Entry {
	k := 1 + i%9
	var sb strings.Builder
	var evs []vigil.Event
	for j := range k {
		start := sb.Len()
		fmt.Fprintf(&sb, "Article %d reports action %d of the escalation. ", i, j)
		evs = append(evs, vigil.Event{Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365).Format(vigil.DateLayout),
			Source: "PRKMIL", Target: "KORMIL", Code: []string{"191", "112", "138", "150"}[j%4], Quad: 4, Goldstein: -9,
			Sentence: strings.TrimSpace(sb.String()[start:]), Offsets: [2]int{start, sb.Len() - 1}})
	}
	return store.Entry{
		Article: &vigil.Article{Text: sb.String(), Title: "expect " + strconv.Itoa(k), URL: fmt.Sprintf("https://crash.example/%d", i)},
		Events:  evs,
		Item:    &store.FeedItem{Feed: crashFeed, Key: strconv.Itoa(i)},
	}
}

// crashWriter writes the whole crash corpus in batches of 1 to 7 articles
// (and now and then 60)
// and prints what it added as JSON.
func crashWriter(target string) error {
	ctx := context.Background()
	s, err := store.Open(ctx, target)
	if err != nil {
		return err
	}
	defer s.Close()
	var total store.WriteResult
	for i := 0; i < crashArticles; {
		n := 1 + i%7
		if i%300 == 0 {
			n = 60 // large enough for PostgreSQL's COPY path
		}
		n = min(n, crashArticles-i)
		var batch []store.Entry
		for j := i; j < i+n; j++ {
			batch = append(batch, crashEntry(j))
		}
		res, err := s.Write(ctx, batch...)
		if err != nil {
			return err
		}
		total.Articles += res.Articles
		total.Events += res.Events
		i += n
	}
	return json.NewEncoder(os.Stdout).Encode(total)
}

// TestCrashMidIngest kills a writer with SIGKILL in the middle of a large
// ingest: the store must open, hold no half-written article (each stored
// article has all its events and its feed item, none a part), and a second
// run must complete the rest without writing anything twice.
func TestCrashMidIngest(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			target := b.Target(t)
			child := func() *exec.Cmd {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), envCrashTarget+"="+target)
				cmd.Stderr = os.Stderr
				return cmd
			}
			cmd := child()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Let it get going, then kill it without warning.
			deadline := time.Now().Add(60 * time.Second)
			for {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the writer stored nothing within a minute")
				}
				if n := storedArticles(t, target); n >= crashArticles/8 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			before := checkCrashStore(t, target, false)
			if before >= crashArticles {
				t.Fatalf("the writer finished (%d articles) before it was killed: nothing was tested", before)
			}
			t.Logf("killed after %d of %d articles", before, crashArticles)

			// Run again to the end: only the rest is added.
			cmd = child()
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			var res store.WriteResult
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("second run printed %q: %v", out, err)
			}
			if res.Articles != crashArticles-before {
				t.Errorf("second run added %d articles, want the %d missing", res.Articles, crashArticles-before)
			}
			checkCrashStore(t, target, true)
		})
	}
}

func storedArticles(t *testing.T, target string) int {
	if !store.IsPostgres(target) {
		if _, err := os.Stat(target); err != nil {
			return 0
		}
	}
	s, err := store.Open(context.Background(), target)
	if err != nil {
		return 0 // the writer may still be creating the schema
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		return 0
	}
	return st.Articles
}

// checkCrashStore checks every article of the corpus is stored whole or
// not at all, with its feed item exactly when stored, and returns how many
// are stored. complete: all must be.
func checkCrashStore(t *testing.T, target string, complete bool) int {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, target)
	if err != nil {
		t.Fatalf("the store does not open after the crash: %v", err)
	}
	defer s.Close()
	keys := make([]string, crashArticles)
	ids := make([]string, crashArticles)
	index := map[string]int{}
	for i := range keys {
		keys[i] = strconv.Itoa(i)
		ids[i] = vigil.ArticleID(crashEntry(i).Article.Text)
		index[ids[i]] = i
	}
	seen, err := s.Seen(ctx, crashFeed, keys)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.ArticleURLs(ctx, ids) // every stored article has a URL
	if err != nil {
		t.Fatal(err)
	}
	events := make([]int, crashArticles)
	err = s.EachEvent(ctx, store.EventFilter{IncludeFlagged: true}, func(e *vigil.Event) error {
		i, ok := index[e.Article]
		if !ok {
			return fmt.Errorf("event %s of unknown article %s", e.ID, e.Article)
		}
		events[i]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantEvents := 0
	for i, id := range ids {
		want := 1 + i%9
		if _, ok := stored[id]; !ok {
			if events[i] > 0 || seen[keys[i]] {
				t.Errorf("article %d absent but %d of its events (feed item seen %v) stored", i, events[i], seen[keys[i]])
			}
			if complete {
				t.Errorf("article %d missing after the second run", i)
			}
			continue
		}
		wantEvents += want
		if events[i] != want || !seen[keys[i]] {
			t.Errorf("article %d half-written: %d of %d events, feed item seen %v", i, events[i], want, seen[keys[i]])
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != len(stored) || st.Events != wantEvents {
		t.Errorf("store holds %d articles and %d events; the complete ones account for %d and %d (duplicates or strays)",
			st.Articles, st.Events, len(stored), wantEvents)
	}
	// Spot-check one stored article in full.
	for id := range stored {
		a, err := s.Article(ctx, id)
		if err != nil || a.Title != "expect "+strconv.Itoa(events[index[id]]) {
			t.Errorf("article %s: %+v %v", id, a, err)
		}
		break
	}
	return len(stored)
}
