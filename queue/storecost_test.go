package queue

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/internal/shared"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// BenchmarkStoreCommit measures the store's share of a worker's work
// without NATS: the KCNA stories, coded beforehand, go through a worker's
// commit path (the check before coding, Pipeline.Commit's duplicate checks,
// group commit) into a fresh PostgreSQL schema, and it reports the CPU the
// database backends spent per article, read from /proc — a cost that does
// not depend on how busy the machine is, unlike wall time.
//
//	VIGIL_TEST_DSN=postgres://... go test ./queue -run '^$' -bench StoreCommit -benchtime 1x
//
// VIGIL_BENCH_LIMIT=N takes the first N stories (4,000 by default).
// VIGIL_STORECOST_CONC sets how many articles are in hand at once (32, a
// worker's default), which bounds the group commits. VIGIL_STORECOST_SQL, when set, is run on the schema first: a way to
// weigh a schema change (an index dropped, a column made virtual) before
// making it.
func BenchmarkStoreCommit(b *testing.B) {
	kcna := shared.Path(b, "corpus/kcna-stories")
	limit := 4000
	fmt.Sscan(os.Getenv("VIGIL_BENCH_LIMIT"), &limit)
	coded := codeKCNA(b, kcna, limit)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dsn := storetest.PostgresDSN(b)
		app := fmt.Sprintf("vigil-storecost-%d", time.Now().UnixNano())
		ctx := context.Background()
		st, err := store.Open(ctx, dsn+"&application_name="+app)
		if err != nil {
			b.Fatal(err)
		}
		if q := os.Getenv("VIGIL_STORECOST_SQL"); q != "" {
			c, err := pgx.Connect(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.Exec(ctx, q); err != nil {
				b.Fatalf("VIGIL_STORECOST_SQL: %v", err)
			}
			c.Close(ctx)
		}
		pg0, self0 := backendCPU(b, app), selfCPU()
		start := time.Now()
		b.StartTimer()
		conc := 32
		fmt.Sscan(os.Getenv("VIGIL_STORECOST_CONC"), &conc)
		commitAll(b, st, coded, conc)
		b.StopTimer()
		elapsed := time.Since(start)
		pg, self := backendCPU(b, app)-pg0, selfCPU()-self0
		s, _ := st.Stats(ctx)
		st.Close()
		// Lookups that scan whole tables make the cost grow with the store.
		scans := tableScans(b, dsn)
		per := func(d time.Duration) float64 { return 1000 * d.Seconds() / float64(len(coded)) }
		b.Logf("%d articles (%d stored, %d events) in %s: PostgreSQL %.3f ms CPU an article, this process %.3f ms; %s",
			len(coded), s.Articles, s.Events, elapsed.Round(time.Millisecond), per(pg), per(self), scans)
		b.ReportMetric(per(pg), "pg-ms/article")
	}
}

// codeKCNA reads and codes the first n KCNA stories, as a worker would.
func codeKCNA(tb testing.TB, dir string, n int) []pipeline.Coded {
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	p := &pipeline.Pipeline{Coder: realCoder(tb)}
	var arts []*vigil.Article
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		br := bufio.NewReaderSize(fh, 1<<16)
		for len(arts) < n {
			l, err := ingest.ReadRecordLine(br, 1<<20)
			if len(l) > 0 {
				if a, perr := ingest.ParseRecord(l); perr == nil {
					asProvenance(a)
					completeArticle(a)
					arts = append(arts, a)
				}
			}
			if err != nil {
				break
			}
		}
		fh.Close()
		if len(arts) >= n {
			break
		}
	}
	out := make([]pipeline.Coded, len(arts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := arts[i]
				out[i] = p.Code(pipeline.Source{Kind: pipeline.KindFile, Path: "kcna"}, pipeline.Document{}, a)
			}
		}()
	}
	for i := range arts {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// commitAll runs the coded articles through a worker's commit path with
// conc of them in hand at once: the batched check for articles stored
// already, then the group commit.
func commitAll(tb testing.TB, st store.Store, coded []pipeline.Coded, conc int) {
	ctx := context.Background()
	w := &Worker{Pipeline: &pipeline.Pipeline{Store: st}}
	w.stats.inFlight.Store(int64(conc))
	stop := w.startBatchers(ctx, 64, 50*time.Millisecond)
	defer stop()
	next := make(chan pipeline.Coded)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				if stored, err := w.checks.Do(ctx, c.Article.ID); err == nil && stored { // Worker.prepare's check
					continue
				}
				if r := w.commitOne(ctx, c); r.Status == pipeline.StatusFailed {
					mu.Lock()
					failed = r.Err
					mu.Unlock()
				}
			}
		}()
	}
	for _, c := range coded {
		next <- c
	}
	close(next)
	wg.Wait()
	if failed != nil {
		tb.Fatal(failed)
	}
}

// tableScans says how many rows sequential scans read and how many rows
// were updated, per table of the store at dsn.
func tableScans(tb testing.TB, dsn string) string {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT relname, seq_tup_read, n_tup_upd FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND (seq_tup_read > 0 OR n_tup_upd > 0) ORDER BY relname`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		var read, upd int64
		if err := rows.Scan(&name, &read, &upd); err != nil {
			tb.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s: %d rows seq-scanned, %d updated", name, read, upd))
	}
	return strings.Join(out, "; ")
}
