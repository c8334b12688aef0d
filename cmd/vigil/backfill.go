package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/queue"
	"golang.org/x/term"
)

// backfillSummary is the outcome of a backfill; its JSON form is the
// --json output.
type backfillSummary struct {
	queue.BackfillStats
	Seconds   float64       `json:"seconds"`
	PerSecond float64       `json:"per_second"` // inputs queued (with --wait: finished) per second
	Dead      int           `json:"dead"`       // with --wait: inputs the workers moved to vigil.dead meanwhile
	Errors    []sourceError `json:"errors"`
}

func init() {
	var (
		qf      *queueFlags
		jsonl   bool
		maxSize int64
		wait    bool
		asJSON  bool
		dead    bool
		redrive bool
	)
	register(&command{
		Name:  "backfill",
		Args:  "--nats URL [--jsonl] [--wait] [--json] PATH... | --dead | --redrive",
		Short: "enqueue an archive (files, directories, JSON Lines) for the workers over NATS",
		Long: `Puts an archive on the NATS JetStream work queue for 'vigil worker' processes to
extract, code and store. Each PATH is a file or a directory (read recursively,
hidden files skipped). A file is sent as it is and the workers read it as
'vigil ingest' would (text, Markdown, saved HTML); a .jsonl or .ndjson file (or
any file with --jsonl) holds one article a line, {"id","date","title","url",
"text"}, as 'vigil code --jsonl' reads, and each line is sent as an article.
A line that is not an article is reported here and skipped.

Nothing is held in memory but the publishes awaiting acknowledgement: when the
queue is full (the workers are behind) the backfill waits, then goes on.
Publishing again is harmless: a repeat within two minutes is dropped by
JetStream, and an article already stored is recognised by its text and not
coded again.

--wait then follows the workers until the queue is empty and reports the
inputs they moved to the dead-letter subject vigil.dead meanwhile.
--dead lists the dead letters (time, input, reason); --redrive sends them back
to the workers, as they were, once the cause is fixed.

Progress goes to standard error; the summary to standard output (--json: one
object). The exit status is 1 when an input could not be sent or, with --wait,
went to vigil.dead.

Examples:
  vigil backfill --nats nats://nats:4222 ../shared/corpus/kcna-stories
  vigil backfill --nats nats://nats:4222 --wait --json archive/2011/ extra.jsonl
  vigil backfill --nats nats://nats:4222 --dead
  vigil backfill --nats nats://nats:4222 --redrive`,
		Flags: func(fs *flag.FlagSet) {
			qf = addQueueFlags(fs)
			fs.BoolVar(&jsonl, "jsonl", false, "read every file as JSON Lines of articles")
			fs.Int64Var(&maxSize, "max-size", ingest.DefaultMaxSize, "largest file (or JSON line) to send, in `bytes`")
			fs.BoolVar(&wait, "wait", false, "wait until the workers have emptied the queue")
			fs.BoolVar(&asJSON, "json", false, "print the summary (or the dead letters, one a line) as JSON")
			fs.BoolVar(&dead, "dead", false, "list the dead letters instead of enqueueing")
			fs.BoolVar(&redrive, "redrive", false, "send every dead letter back to the workers")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			url, err := qf.target(e)
			if err != nil {
				return err
			}
			switch {
			case dead && redrive:
				return usagef("give --dead (list) or --redrive (send back), not both")
			case (dead || redrive) && len(args) > 0:
				return usagef("--dead and --redrive take no PATH")
			case !dead && !redrive && len(args) == 0:
				return usagef("name at least one file or directory to enqueue")
			}
			log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
			conn, err := queue.Connect(ctx, url, queue.ConnectOptions{Name: "vigil backfill", Credentials: qf.creds, Log: log})
			if err != nil {
				return err
			}
			defer conn.Close()
			if err := queue.Setup(ctx, conn.JS, qf.config()); err != nil {
				return err
			}
			switch {
			case dead:
				return listDead(ctx, e, conn, asJSON)
			case redrive:
				n := 0
				err := queue.DeadLetters(ctx, conn.JS, func(d queue.DeadLetter) error {
					if err := queue.Redrive(ctx, conn.JS, d); err != nil {
						return err
					}
					n++
					return nil
				})
				fmt.Fprintf(e.Stdout, "%d dead letters sent back to the workers\n", n)
				return err
			}
			return runBackfill(ctx, e, conn, args, queue.BackfillOptions{JSONL: jsonl, MaxSize: maxSize}, wait, asJSON)
		},
	})
}

func runBackfill(ctx context.Context, e *env, conn *queue.Conn, paths []string, opt queue.BackfillOptions, wait, asJSON bool) error {
	sum := backfillSummary{Errors: []sourceError{}}
	deadBefore := deadCount(ctx, conn)
	pr := newLineProgress(e.Stderr)
	start := time.Now()
	opt.OnError = func(name string, err error) {
		sum.Errors = append(sum.Errors, sourceError{Source: name, Error: err.Error()})
		pr.printf("%s: %v", name, err)
	}
	opt.OnProgress = func(s queue.BackfillStats) {
		pr.status(fmt.Sprintf("backfill: %d queued, %d repeats, %d failed (%.0f/s)",
			s.Queued, s.Duplicates, s.Failed, float64(s.Queued)/time.Since(start).Seconds()))
	}
	opt.OnWait = func(full bool) {
		if full {
			pr.printf("the work queue is full: waiting for the workers")
		}
	}
	st, err := queue.Backfill(ctx, conn.JS, paths, opt)
	sum.BackfillStats = st
	if err != nil {
		pr.done()
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("stopped after queueing %d inputs; run again to send the rest (repeats are harmless)", st.Queued)
		}
		return err
	}
	if wait {
		if err := waitDrained(ctx, conn, pr); err != nil {
			pr.done()
			return err
		}
		if d := deadCount(ctx, conn) - deadBefore; d > 0 {
			sum.Dead = d
		}
	}
	pr.done()
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.PerSecond = float64(st.Queued) / sum.Seconds
	}
	if asJSON {
		enc := json.NewEncoder(e.Stdout)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.Stdout, "%d files: %d inputs queued, %d repeats dropped, %d failed, in %.1fs (%.0f/s)\n",
			st.Files, st.Queued, st.Duplicates, st.Failed, sum.Seconds, sum.PerSecond)
		if wait {
			fmt.Fprintf(e.Stdout, "the workers are done; %d inputs went to vigil.dead ('vigil backfill --dead' says why)\n", sum.Dead)
		}
	}
	switch {
	case st.Failed > 0:
		return fmt.Errorf("%d inputs were not sent (see above)", st.Failed)
	case sum.Dead > 0:
		return fmt.Errorf("%d inputs went to vigil.dead: 'vigil backfill --dead' lists them", sum.Dead)
	}
	return nil
}

// waitDrained follows the queue until every input is taken and finished.
func waitDrained(ctx context.Context, conn *queue.Conn, pr *lineProgress) error {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		s, err := queue.ReadStats(ctx, conn.JS)
		if err == nil {
			q, _ := s.Stream(queue.StreamDocs)
			c, _ := s.Consumer(queue.StreamDocs, queue.ConsumerWorkers)
			if q.Messages == 0 {
				return nil
			}
			idle := ""
			if c.Waiting == 0 && c.AckPending == 0 {
				idle = " (no worker is pulling: start 'vigil worker')"
			}
			pr.status(fmt.Sprintf("waiting for the workers: %d inputs left, %d in hand%s", q.Messages, c.AckPending, idle))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stopped waiting; the inputs stay queued for the workers")
		case <-t.C:
		}
	}
}

func deadCount(ctx context.Context, conn *queue.Conn) int {
	s, err := queue.ReadStats(ctx, conn.JS)
	if err != nil {
		return 0
	}
	d, _ := s.Stream(queue.StreamDead)
	return int(d.Messages)
}

func listDead(ctx context.Context, e *env, conn *queue.Conn, asJSON bool) error {
	n := 0
	enc := json.NewEncoder(e.Stdout)
	err := queue.DeadLetters(ctx, conn.JS, func(d queue.DeadLetter) error {
		n++
		if asJSON {
			return enc.Encode(d)
		}
		_, err := fmt.Fprintf(e.Stdout, "%s  %s  %s\n", d.Time.UTC().Format(time.RFC3339), d.Name, d.Reason)
		return err
	})
	if err == nil && n == 0 && !asJSON {
		fmt.Fprintln(e.Stdout, "no dead letters")
	}
	return err
}

// lineProgress shows one status line, rewritten in place on a terminal
// and printed at most every 10 seconds elsewhere; messages go above it.
type lineProgress struct {
	w     io.Writer
	tty   bool
	last  time.Time
	shown string
}

func newLineProgress(w io.Writer) *lineProgress {
	p := &lineProgress{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *lineProgress) status(s string) {
	now := time.Now()
	if p.tty {
		if now.Sub(p.last) < 100*time.Millisecond {
			return
		}
		fmt.Fprintf(p.w, "\r\033[K%s", s)
		p.shown, p.last = s, now
		return
	}
	if now.Sub(p.last) >= 10*time.Second {
		fmt.Fprintln(p.w, s)
		p.last = now
	}
}

func (p *lineProgress) printf(format string, args ...any) {
	if p.tty && p.shown != "" {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, format+"\n", args...)
	if p.tty && p.shown != "" {
		fmt.Fprint(p.w, p.shown)
	}
}

func (p *lineProgress) done() {
	if p.tty && p.shown != "" {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = ""
	}
}
