package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/coder"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/internal/shared"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// BenchmarkCommitKCNA measures what the Commit stage costs the database
// per article, as a worker of the distributed mode commits the KCNA
// stories (../shared/corpus): CommitBatch of several articles at once, as
// a worker's group commit makes them (batch=1 is Commit). The stories are coded once, before
// timing. It reports the CPU time of this test's PostgreSQL backends per
// article ("pg-ms/article"; read from /proc, so PostgreSQL must run on this
// machine) and of this process, and the same for SQLite (all in-process).
//
//	VIGIL_TEST_DSN=postgres://... go test ./pipeline -run '^$' -bench CommitKCNA -benchtime 1x
//
// VIGIL_BENCH_LIMIT=N commits the first N stories (default 2000).
func BenchmarkCommitKCNA(b *testing.B) {
	coded := codedKCNA(b)
	for _, be := range storetest.Backends() {
		for _, batch := range []int{1, 8, 64} {
			b.Run(fmt.Sprintf("%s/batch=%d", be.Name, batch), func(b *testing.B) {
				var pgCPU, selfCPU time.Duration
				var articles, events int
				var walBytes int64
				for b.Loop() {
					b.StopTimer()
					target := be.Target(b)
					app := ""
					if be.Name == "postgres" {
						app = fmt.Sprintf("vigil-bench-%d", time.Now().UnixNano())
						target += "&application_name=" + app
					}
					st, err := store.Open(context.Background(), target)
					if err != nil {
						b.Fatal(err)
					}
					var pc *pgCounters
					if app != "" {
						pc = newPGCounters(b, target)
					}
					b.StartTimer()
					pg0, self0 := backendCPU(b, app), processCPU()
					a, e := commitAll(b, st, coded, batch)
					if pc != nil {
						walBytes += pc.finish(b)
					}
					pgCPU += backendCPU(b, app) - pg0
					selfCPU += processCPU() - self0
					articles += a
					events += e
					b.StopTimer()
					st.Close()
					b.StartTimer()
				}
				per := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(articles) }
				if be.Name == "postgres" {
					b.ReportMetric(per(pgCPU), "pg-ms/article")
					if walBytes > 0 {
						b.ReportMetric(float64(walBytes)/float64(articles), "wal-B/article")
					}
				}
				b.ReportMetric(per(selfCPU), "self-ms/article")
				b.ReportMetric(float64(events)/float64(articles), "events/article")
			})
		}
	}
}

// commitAll commits the coded articles batch at a time, as a worker's
// group commit does, and returns the articles and events stored.
func commitAll(b *testing.B, st store.Store, coded []Coded, batch int) (articles, events int) {
	ctx := context.Background()
	p := &Pipeline{Store: st}
	for i := 0; i < len(coded); i += batch {
		for _, r := range p.CommitBatch(ctx, coded[i:min(i+batch, len(coded))]) {
			if r.Status == StatusFailed {
				b.Fatal(r.Error)
			}
			if r.Status == StatusNew {
				articles++
				events += r.Events
			}
		}
	}
	return articles, events
}

var kcnaOnce struct {
	sync.Once
	coded []Coded
	err   error
}

// codedKCNA codes the first VIGIL_BENCH_LIMIT KCNA stories, once per
// process.
func codedKCNA(b *testing.B) []Coded {
	dir := shared.Path(b, "corpus/kcna-stories")
	kcnaOnce.Do(func() {
		limit := 2000
		fmt.Sscan(os.Getenv("VIGIL_BENCH_LIMIT"), &limit)
		files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
		sort.Strings(files)
		c, err := coder.New(coder.Options{})
		if err != nil {
			kcnaOnce.err = err
			return
		}
		p := &Pipeline{Coder: c}
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				kcnaOnce.err = err
				return
			}
			br := bufio.NewReaderSize(fh, 1<<20)
			for len(kcnaOnce.coded) < limit {
				line, err := ingest.ReadRecordLine(br, 16<<20)
				if len(strings.TrimSpace(string(line))) > 0 {
					if a, perr := ingest.ParseRecord(line); perr == nil {
						// As vigil backfill sends them: the archive's URL
						// (one a day) is where the story was seen.
						a.Sources = []vigil.ArticleSource{{URL: a.URL, Source: a.Source, Title: a.Title}}
						a.URL = ""
						src := Source{Kind: KindFile, Path: f}
						kcnaOnce.coded = append(kcnaOnce.coded, p.Code(src, Document{Source: src}, a))
					}
				}
				if err != nil {
					break
				}
			}
			fh.Close()
			if len(kcnaOnce.coded) >= limit {
				break
			}
		}
	})
	if kcnaOnce.err != nil {
		b.Fatal(kcnaOnce.err)
	}
	return kcnaOnce.coded
}

// backendCPU is the CPU time used so far by the PostgreSQL backends
// serving connections named app ("" for none: SQLite).
func backendCPU(b *testing.B, app string) time.Duration {
	if app == "" {
		return 0
	}
	ctx := context.Background()
	c, err := pgx.Connect(ctx, os.Getenv(storetest.EnvDSN))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", app)
	if err != nil {
		b.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for _, pid := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// utime and stime are the 12th and 13th fields after the command.
		_, rest, _ := strings.Cut(string(stat), ") ")
		f := strings.Fields(rest)
		if len(f) < 13 {
			continue
		}
		var u, s uint64
		fmt.Sscan(f[11], &u)
		fmt.Sscan(f[12], &s)
		total += time.Duration(u+s) * time.Second / 100 // USER_HZ
	}
	return total
}

// processCPU is this process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pgCounters reads what pg_stat_statements knows of a run, when the
// extension is installed in the benchmark's database (it is optional).
type pgCounters struct {
	conn *pgx.Conn
	ok   bool
}

// newPGCounters connects to target (its backend counts as the test's:
// same application name) and resets the database's statement counters.
func newPGCounters(b *testing.B, target string) *pgCounters {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, target)
	if err != nil {
		b.Fatal(err)
	}
	pc := &pgCounters{conn: c}
	_, err = c.Exec(ctx, `SELECT public.pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`)
	pc.ok = err == nil
	return pc
}

// finish flushes the pending lists of the schema's GIN indexes, so that
// work PostgreSQL defers to whoever comes next is counted here, and
// returns the WAL bytes the run's statements wrote (0 when unknown). With
// VIGIL_BENCH_STATEMENTS=1 it logs the costliest statements.
func (pc *pgCounters) finish(b *testing.B) int64 {
	ctx := context.Background()
	defer pc.conn.Close(ctx)
	if _, err := pc.conn.Exec(ctx, `SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_am am ON am.oid = c.relam
		WHERE c.relnamespace = current_schema()::regnamespace AND am.amname = 'gin'`); err != nil {
		b.Fatal(err)
	}
	if !pc.ok {
		return 0
	}
	var wal int64
	const mine = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`
	if err := pc.conn.QueryRow(ctx, `SELECT COALESCE(SUM(wal_bytes), 0)::bigint FROM public.pg_stat_statements WHERE `+mine).Scan(&wal); err != nil {
		b.Fatal(err)
	}
	if os.Getenv("VIGIL_BENCH_STATEMENTS") == "1" {
		rows, err := pc.conn.Query(ctx, `SELECT calls, total_exec_time, wal_bytes::bigint, left(regexp_replace(query, '\s+', ' ', 'g'), 90)
			FROM public.pg_stat_statements WHERE `+mine+` ORDER BY total_exec_time DESC LIMIT 8`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var calls, wal int64
			var ms float64
			var q string
			if err := rows.Scan(&calls, &ms, &wal, &q); err != nil {
				b.Fatal(err)
			}
			b.Logf("%7d calls %8.1f ms %10d WAL bytes  %s", calls, ms, wal, q)
		}
		rows.Close()
	}
	return wal
}
