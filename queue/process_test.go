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
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	natsserver "github.com/nats-io/nats-server/v2/server"
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
	MaxBatch    int           `json:"max_batch"`
	Linger      time.Duration `json:"linger"`
	AckWait     time.Duration `json:"ack_wait"`
	MaxDeliver  int           `json:"max_deliver"`
	Outcomes    string        `json:"outcomes"` // file to append Outcome JSON lines to
}

// envNATS makes the re-executed test binary a NATS server storing in the
// directory it names, so that a benchmark can measure the server's CPU
// apart from the backfill's.
const envNATS = "VIGIL_QUEUE_TEST_NATS"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(envWorker); cfg != "" {
		os.Exit(workerMain(cfg))
	}
	if dir := os.Getenv(envNATS); dir != "" {
		os.Exit(natsMain(dir))
	}
	os.Exit(m.Run())
}

// natsMain runs a NATS server with JetStream (as natstest does), prints
// its URL and serves until SIGTERM.
func natsMain(dir string) int {
	s, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: dir, NoSigs: true, NoLog: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "nats server:", err)
		return 1
	}
	if dir := os.Getenv("VIGIL_QUEUE_TEST_CPUPROFILE"); dir != "" {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("nats-%d.prof", os.Getpid())))
		if err == nil {
			defer f.Close()
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		fmt.Fprintln(os.Stderr, "nats server: not ready within 10s")
		return 1
	}
	fmt.Println(s.ClientURL())
	<-sig
	s.Shutdown()
	s.WaitForShutdown()
	return 0
}

// startNATSProcess runs a NATS server as a child process and returns its
// URL and process.
func startNATSProcess(tb testing.TB) (string, *os.Process) {
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), envNATS+"="+tb.TempDir())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		tb.Fatalf("the NATS server process did not start: %v", err)
	}
	return strings.TrimSpace(line), cmd.Process
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
	// VIGIL_QUEUE_TEST_CPUPROFILE=DIR: each worker writes its CPU profile
	// there (DIR/worker-PID.prof), to see where a worker's time goes.
	if dir := os.Getenv("VIGIL_QUEUE_TEST_CPUPROFILE"); dir != "" {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("worker-%d.prof", os.Getpid())))
		if err != nil {
			log.Error("cpu profile", "error", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Error("cpu profile", "error", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
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
		NATS: c.NATS, Store: c.Store, Coder: cd, Concurrency: c.Concurrency, MaxBatch: c.MaxBatch, Linger: c.Linger, Log: log,
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
//
// Wall-clock rates depend on whatever else the machine runs, so it also
// reports where the CPU went, per article, from /proc: the workers, their
// PostgreSQL sessions and PostgreSQL's own processes, the NATS server (a
// child process) and the backfill (this process). From those costs it
// derives the ratio an idle machine would give. VIGIL_QUEUE_TEST_CPUPROFILE=DIR
// has each worker and the NATS server write
// their CPU profiles there.
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
	runs := map[int]benchRun{}
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			for range b.N {
				runs[n] = backfillOnce(b, inputs, n)
			}
			b.ReportMetric(runs[n].rate(), "articles/s")
		})
	}
	r1, r2 := runs[1], runs[2]
	if r1.articles > 0 && r2.articles > 0 {
		cores := runtime.NumCPU()
		// Printed, not logged: a parent benchmark's log is not shown.
		fmt.Printf("BackfillKCNA: 1 worker %.1f articles/s; 2 workers %.1f articles/s; ratio %.2f× (wall clock, on a machine shared with whatever else ran)\n",
			r1.rate(), r2.rate(), r2.rate()/r1.rate())
		fmt.Printf("BackfillKCNA: at these CPU costs an idle %d-core machine does 1 worker %.0f articles/s, 2 workers %.0f; ratio %.2f×\n",
			cores, r1.ceiling(cores), r2.ceiling(cores), r2.ceiling(cores)/r1.ceiling(cores))
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
func backfillOnce(b *testing.B, inputs []string, n int) benchRun {
	b.StopTimer()
	dsn := storetest.PostgresDSN(b)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	// The NATS server runs in a process of its own, so that its CPU is
	// told from the backfill's (this process).
	url, natsProc := startNATSProcess(b)
	conn, err := Connect(ctx, url, ConnectOptions{Name: "vigil bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	if err := Setup(ctx, conn.JS, Config{}); err != nil {
		b.Fatal(err)
	}
	// The workers' database sessions carry a name of their own, so the
	// PostgreSQL backends that serve them can be told from other clients'.
	app := fmt.Sprintf("vigil-bench-%d", time.Now().UnixNano())
	wc := workerConfig{NATS: url, Store: dsn + "&application_name=" + app}
	// VIGIL_BENCH_WORKER='{"concurrency":64,"linger":50000000}' tries other worker settings.
	if j := os.Getenv("VIGIL_BENCH_WORKER"); j != "" {
		if err := json.Unmarshal([]byte(j), &wc); err != nil {
			b.Fatalf("VIGIL_BENCH_WORKER: %v", err)
		}
	}
	procs := startWorkers(b, n, wc, "GOMAXPROCS=1")
	workersCPU := func() (d time.Duration) {
		for _, p := range procs {
			d += pidCPU(fmt.Sprintf("/proc/%d", p.cmd.Process.Pid))
		}
		return d
	}
	natsDir := fmt.Sprintf("/proc/%d", natsProc.Pid)
	b.StartTimer()
	busy0, total0 := cpuTimes()
	w0, pg0, bg0, nats0, self0 := workersCPU(), backendCPU(b, app), pgBackgroundCPU(b), pidCPU(natsDir), selfCPU()
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
	r := benchRun{workers: n, articles: bs.Queued, elapsed: elapsed,
		worker: workersCPU() - w0, pg: backendCPU(b, app) - pg0, pgBackground: cpuSince(bg0, pgBackgroundCPU(b)),
		nats: pidCPU(natsDir) - nats0, backfill: selfCPU() - self0}
	if total1 > total0 {
		r.busy = float64(runtime.NumCPU()) * float64(busy1-busy0) / float64(total1-total0)
	}
	b.StopTimer()
	for _, p := range procs {
		p.stop(b, 30*time.Second)
		logb, _ := os.ReadFile(p.stderr.Name())
		for l := range strings.Lines(string(logb)) {
			if strings.Contains(l, "msg=drained") {
				b.Logf("   worker %d %s", p.cmd.Process.Pid, strings.TrimSpace(l[strings.Index(l, "msg="):]))
			}
		}
	}
	s, _ := st.Stats(ctx)
	b.Logf("%d worker(s): %d inputs (%d articles, %d events stored) in %s: %.1f articles/s",
		n, bs.Queued, s.Articles, s.Events, elapsed.Round(time.Millisecond), r.rate())
	b.Logf("   CPU an article (ms): %s", r.costs())
	b.Logf("   machine busy %.2f of %d cores: %s", r.busy, runtime.NumCPU(), r.cores())
	return r
}

// benchRun is one backfill's throughput and where its CPU went.
type benchRun struct {
	workers  int
	articles int
	elapsed  time.Duration
	busy     float64 // cores the whole machine kept busy
	// CPU of the workers, their PostgreSQL sessions, PostgreSQL's own
	// processes (WAL writer, checkpointer, autovacuum...), the NATS
	// server, and this process (backfill, and the benchmark's polling).
	worker, pg, pgBackground, nats, backfill time.Duration
}

func (r benchRun) rate() float64 { return float64(r.articles) / r.elapsed.Seconds() }

func (r benchRun) per(d time.Duration) float64 { return 1000 * d.Seconds() / float64(r.articles) }

// overhead is the CPU an article costs outside the workers.
func (r benchRun) overhead() time.Duration { return r.pg + r.pgBackground + r.nats + r.backfill }

func (r benchRun) costs() string {
	return fmt.Sprintf("workers %.3f | PostgreSQL sessions %.3f + own processes %.3f | NATS server %.3f | backfill %.3f | all but the workers %.3f",
		r.per(r.worker), r.per(r.pg), r.per(r.pgBackground), r.per(r.nats), r.per(r.backfill), r.per(r.overhead()))
}

func (r benchRun) cores() string {
	c := func(d time.Duration) float64 { return d.Seconds() / r.elapsed.Seconds() }
	return fmt.Sprintf("workers %.2f, PostgreSQL %.2f, NATS server %.2f, backfill %.2f, other programs %.2f",
		c(r.worker), c(r.pg+r.pgBackground), c(r.nats), c(r.backfill), r.busy-c(r.worker+r.overhead()))
}

// ceiling is the throughput these CPU costs allow on an idle machine of
// cores cores, each worker process using at most one: w workers do at
// most w/W articles a second, and everything together at most
// cores/(W+O).
func (r benchRun) ceiling(cores int) float64 {
	w, o := r.per(r.worker), r.per(r.overhead())
	return 1000 * min(float64(r.workers)/w, float64(cores)/(w+o))
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

// pgBackgroundCPU returns the CPU time so far of each of PostgreSQL's own
// processes (WAL writer, checkpointer, background writer, autovacuum),
// from /proc.
func pgBackgroundCPU(tb testing.TB) map[int32]time.Duration {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, os.Getenv(storetest.EnvDSN))
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE backend_type <> 'client backend'")
	if err != nil {
		tb.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		tb.Fatal(err)
	}
	out := map[int32]time.Duration{}
	for _, pid := range pids {
		out[pid] = pidCPU(fmt.Sprintf("/proc/%d", pid))
	}
	return out
}

// cpuSince is the CPU the processes of now used since before; one
// started meanwhile counts whole, one that ended is missed (an
// autovacuum worker that came and went within the run).
func cpuSince(before, now map[int32]time.Duration) (d time.Duration) {
	for pid, t := range now {
		d += t - before[pid]
	}
	return d
}
