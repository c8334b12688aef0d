package queue

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/vigil-ews/vigil/coder"
	"github.com/vigil-ews/vigil/internal/shared"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// The multi-process tests run workers as real OS processes: this test
// binary, re-executed with envWorker set, runs RunWorker — the code of
// `vigil worker` — instead of the tests.
const envWorker = "VIGIL_QUEUE_TEST_WORKER"

type workerConfig struct {
	NATS        string        `json:"nats"`
	Store       string        `json:"store"`
	Concurrency int           `json:"concurrency"`
	AckWait     time.Duration `json:"ack_wait"`
	MaxDeliver  int           `json:"max_deliver"`
	Outcomes    string        `json:"outcomes"` // file to append Outcome JSON lines to
}

func TestMain(m *testing.M) {
	if cfg := os.Getenv(envWorker); cfg != "" {
		os.Exit(workerMain(cfg))
	}
	os.Exit(m.Run())
}

// workerMain is the worker process: `vigil worker` with the test's flags.
func workerMain(cfgJSON string) int {
	var c workerConfig
	if err := json.Unmarshal([]byte(cfgJSON), &c); err != nil {
		fmt.Fprintln(os.Stderr, "worker config:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cd, err := coder.New(coder.Options{})
	if err != nil {
		log.Error("coder", "error", err)
		return 1
	}
	var mu sync.Mutex
	var out *os.File
	if c.Outcomes != "" {
		if out, err = os.OpenFile(c.Outcomes, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err != nil {
			log.Error("outcomes", "error", err)
			return 1
		}
		defer out.Close()
	}
	err = RunWorker(ctx, WorkerOptions{
		NATS: c.NATS, Store: c.Store, Coder: cd, Concurrency: c.Concurrency, Log: log,
		Config: Config{AckWait: c.AckWait, MaxDeliver: c.MaxDeliver},
		OnOutcome: func(o Outcome) {
			if out == nil {
				return
			}
			b, _ := json.Marshal(o)
			mu.Lock()
			out.Write(append(b, '\n')) // unbuffered: a SIGKILL loses no finished line
			mu.Unlock()
		},
	})
	if err != nil {
		log.Error("worker", "error", err)
		return 1
	}
	return 0
}

// workerProc is one worker process.
type workerProc struct {
	cmd    *exec.Cmd
	stderr *os.File
	done   chan error
}

// startWorkers starts n worker processes and waits until each pulls work.
func startWorkers(t testing.TB, n int, c workerConfig, env ...string) []*workerProc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var procs []*workerProc
	for i := range n {
		cfg, _ := json.Marshal(c)
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(append(os.Environ(), envWorker+"="+string(cfg)), env...)
		errf, err := os.Create(filepath.Join(dir, fmt.Sprintf("worker-%d.log", i)))
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = errf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		p := &workerProc{cmd: cmd, stderr: errf, done: make(chan error, 1)}
		go func() { p.done <- cmd.Wait() }()
		procs = append(procs, p)
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				cmd.Process.Kill()
				<-p.done
			}
			if t.Failed() {
				b, _ := os.ReadFile(errf.Name())
				t.Logf("worker %d log:\n%s", i, tail(string(b), 40))
			}
			errf.Close()
		})
	}
	for i, p := range procs {
		waitFor(t, 60*time.Second, fmt.Sprintf("worker %d to be ready", i), func() bool {
			b, _ := os.ReadFile(p.stderr.Name())
			return bytes.Contains(b, []byte("worker ready"))
		})
	}
	return procs
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stop sends SIGTERM and expects a clean exit (the drain) within timeout.
func (p *workerProc) stop(t testing.TB, timeout time.Duration) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("worker %d exited with %v after SIGTERM, want status 0", p.cmd.Process.Pid, err)
		}
	case <-time.After(timeout):
		t.Errorf("worker %d did not drain within %s of SIGTERM", p.cmd.Process.Pid, timeout)
	}
}

// TestWorkersSurviveSIGKILL is the scale-out contract: three worker
// processes code an archive into one PostgreSQL store; one is killed with
// SIGKILL mid-run. Every article ends up stored exactly once with all its
// events, each is announced once on vigil.events, the dead-letter stream
// holds exactly the inputs that are truly bad, and the survivors drain
// and exit 0 on SIGTERM.
func TestWorkersSurviveSIGKILL(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn) // creates the schema before the workers race for it
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := Config{AckWait: 2 * time.Second, MaxDeliver: 3}
	conn, url := startQueue(t, cfg)
	corpus := testCorpus(1200)
	dir := writeArchive(t, corpus, badInputs)
	outcomes := filepath.Join(t.TempDir(), "outcomes.jsonl")
	procs := startWorkers(t, 3, workerConfig{NATS: url, Store: dsn, Concurrency: 2,
		AckWait: cfg.AckWait, MaxDeliver: cfg.MaxDeliver, Outcomes: outcomes})

	stats, err := Backfill(ctx, conn.JS, []string{dir}, BackfillOptions{})
	if err != nil || stats.Queued != len(corpus)+len(badInputs) {
		t.Fatalf("backfill: %+v, %v", stats, err)
	}
	garbage := publishGarbage(t, conn.JS)

	// Kill one worker with a quarter of the archive stored.
	waitFor(t, 120*time.Second, "a quarter of the archive stored", func() bool {
		s, err := st.Stats(ctx)
		return err == nil && s.Articles >= len(corpus)/4
	})
	victim := procs[1]
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-victim.done
	killedAt, _ := st.Stats(ctx)
	t.Logf("killed worker %d with %d of %d articles stored", victim.cmd.Process.Pid, killedAt.Articles, len(corpus))

	waitFor(t, 180*time.Second, "the queue to empty", func() bool { return queueEmpty(t, conn.JS) })
	procs[0].stop(t, 30*time.Second)
	procs[2].stop(t, 30*time.Second)

	checkStored(t, st, corpus, 0, realCoder(t))

	var deadNames []string
	for _, d := range deadLetters(t, conn.JS) {
		deadNames = append(deadNames, filepath.Base(d.Name))
	}
	wantDead := append([]string{"blob.png", "empty.html"}, garbage...)
	if !sameSet(deadNames, wantDead) {
		t.Errorf("dead letters %q, want exactly the bad inputs %q", deadNames, wantDead)
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

	// The kill must have caught the victim with inputs in hand: the
	// survivors then took them on a later delivery.
	f, err := os.Open(outcomes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	redelivered := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var o Outcome
		if json.Unmarshal(sc.Bytes(), &o) == nil && o.Deliveries > 1 {
			redelivered++
		}
	}
	if redelivered == 0 {
		t.Errorf("no input was redelivered: the SIGKILL did not interrupt work in hand")
	}
	t.Logf("%d inputs redelivered after the SIGKILL", redelivered)
}

// BenchmarkBackfillKCNA backfills the KCNA stories (../shared/corpus,
// 20,305 articles) into PostgreSQL with 1 and then 2 worker processes,
// each given one core's worth (GOMAXPROCS=1), and reports articles/s and
// the ratio. Run it with:
//
//	VIGIL_TEST_DSN=postgres://... go test ./queue -run '^$' -bench BackfillKCNA -benchtime 1x
//
// VIGIL_BENCH_LIMIT=N backfills only the first N stories.
func BenchmarkBackfillKCNA(b *testing.B) {
	kcna := shared.Path(b, "corpus/kcna-stories")
	var inputs []string
	var limit int
	fmt.Sscan(os.Getenv("VIGIL_BENCH_LIMIT"), &limit)
	if limit > 0 {
		inputs = []string{limitedArchive(b, kcna, limit)}
	} else {
		inputs = []string{kcna}
	}
	rates := map[int]float64{}
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			for range b.N {
				rates[n] = backfillOnce(b, inputs, n)
			}
			b.ReportMetric(rates[n], "articles/s")
		})
	}
	if rates[1] > 0 && rates[2] > 0 {
		b.Logf("1 worker: %.1f articles/s; 2 workers: %.1f articles/s; ratio %.2f×", rates[1], rates[2], rates[2]/rates[1])
	}
}

// limitedArchive writes the first n lines of the archive's files.
func limitedArchive(b testing.TB, dir string, n int) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	var out bytes.Buffer
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() && n > 0 {
			out.Write(sc.Bytes())
			out.WriteByte('\n')
			n--
		}
		fh.Close()
	}
	p := filepath.Join(b.TempDir(), "kcna.jsonl")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// backfillOnce runs one backfill with n worker processes into a fresh
// store and queue, and returns the articles per second from the start
// of the backfill until the queue is empty.
func backfillOnce(b *testing.B, inputs []string, n int) float64 {
	b.StopTimer()
	dsn := storetest.PostgresDSN(b)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cfg := Config{}
	conn, url := startQueue(b, cfg)
	// The workers' database sessions carry a name of their own, so the
	// PostgreSQL backends that serve them can be told from other clients'.
	app := fmt.Sprintf("vigil-bench-%d", time.Now().UnixNano())
	procs := startWorkers(b, n, workerConfig{NATS: url, Store: dsn + "&application_name=" + app}, "GOMAXPROCS=1")
	b.StartTimer()
	busy0, total0 := cpuTimes()
	pg0, self0 := backendCPU(b, app), selfCPU()
	start := time.Now()
	bs, err := Backfill(ctx, conn.JS, inputs, BackfillOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for !queueEmpty(b, conn.JS) {
		time.Sleep(100 * time.Millisecond)
	}
	elapsed := time.Since(start)
	busy1, total1 := cpuTimes()
	pg, self := backendCPU(b, app)-pg0, selfCPU()-self0
	b.StopTimer()
	var workerCPU time.Duration
	for _, p := range procs {
		p.stop(b, 30*time.Second)
		if ps := p.cmd.ProcessState; ps != nil {
			workerCPU += ps.UserTime() + ps.SystemTime()
		}
		logb, _ := os.ReadFile(p.stderr.Name())
		for l := range strings.Lines(string(logb)) {
			if strings.Contains(l, "msg=drained") {
				b.Logf("   worker %d %s", p.cmd.Process.Pid, strings.TrimSpace(l[strings.Index(l, "msg="):]))
			}
		}
	}
	s, _ := st.Stats(ctx)
	rate := float64(bs.Queued) / elapsed.Seconds()
	b.Logf("%d worker(s): %d inputs (%d articles, %d events stored) in %s: %.1f articles/s",
		n, bs.Queued, s.Articles, s.Events, elapsed.Round(time.Millisecond), rate)
	if total1 > total0 {
		cores := float64(runtime.NumCPU())
		per := func(d time.Duration) float64 { return 1000 * d.Seconds() / float64(bs.Queued) }
		w, p, q := workerCPU.Seconds()/elapsed.Seconds(), pg.Seconds()/elapsed.Seconds(), self.Seconds()/elapsed.Seconds()
		b.Logf("   machine busy %.0f%% of %d cores: workers %.2f cores (%.2f ms an article), their PostgreSQL sessions %.2f (%.2f ms), NATS server and backfill %.2f (%.2f ms), other programs %.2f",
			100*float64(busy1-busy0)/float64(total1-total0), int(cores), w, per(workerCPU), p, per(pg), q, per(self),
			cores*float64(busy1-busy0)/float64(total1-total0)-w-p-q)
		// On an idle machine of this many cores, n workers of one core
		// each could do at most n/W articles a second, and all of it
		// together at most cores/(W+P+N).
		W, P, N := per(workerCPU), per(pg), per(self)
		b.Logf("   ceiling on an idle %d-core machine at these costs: %.0f articles/s", int(cores), 1000*min(float64(n)/W, cores/(W+P+N)))
	}
	return rate
}

// cpuTimes reads the machine's busy and total CPU time (jiffies) from
// /proc/stat; zeros where there is none.
func cpuTimes() (busy, total uint64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	for i, v := range f[1:] {
		var n uint64
		fmt.Sscan(v, &n)
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total
}

// pidCPU is the CPU time a process (its /proc directory) used so far.
func pidCPU(dir string) time.Duration {
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command: utime and stime are the
	// 12th and 13th.
	_, rest, ok := strings.Cut(string(stat), ") ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	var u, s uint64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &s)
	return time.Duration(u+s) * time.Second / 100 // USER_HZ
}

// selfCPU is the CPU time this process used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU sums the CPU time of the PostgreSQL backends serving the
// sessions named app (application_name), from /proc; 0 when PostgreSQL
// runs elsewhere.
func backendCPU(tb testing.TB, app string) time.Duration {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, os.Getenv(storetest.EnvDSN))
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", app)
	if err != nil {
		tb.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		tb.Fatal(err)
	}
	var total time.Duration
	for _, pid := range pids {
		total += pidCPU(fmt.Sprintf("/proc/%d", pid))
	}
	return total
}
