package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/data"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/server"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

// demoDir is where the sample corpus lives in data.FS.
const demoDir = "demo/articles"

func init() {
	var (
		kf      *knowledgeFlags
		srvf    *serveFlags
		noServe bool
		keep    string
	)
	register(&command{
		Name:  "demo",
		Args:  "[--addr HOST:PORT] [--no-serve] [--keep FILE]",
		Short: "read the sample news, print the warnings, serve the dashboard",
		Long: `The first thing to run. Creates a fresh store in a temporary directory,
reads the sample corpus that ships in the binary — about thirty short reports
on real events of 2024, written by the Vigil authors (data/demo) — through the
same pipeline as 'vigil ingest' (articles → coder → store), runs the watch over
them, prints the warnings with the sentences behind them, and serves the
dashboard on 127.0.0.1:8080 (or the next free port), saying where.

The warning to look for is North Korea → South Korea: in October 2024 the
North said it would seal the border, accused Seoul of flying drones over
Pyongyang, threatened it, put artillery on alert, convened its military chiefs
and blew up the roads — while Russia moved to ratify a treaty that binds it to
the North's defence.

Examples:
  vigil demo                        print the warnings and serve the dashboard
  vigil demo --no-serve             print the warnings and exit (for scripts)
  vigil demo --addr 127.0.0.1:9000  serve on another port
  vigil demo --keep demo.db         keep the store, to explore with 'vigil events --db demo.db'`,
		Flags: func(fs *flag.FlagSet) {
			kf = addKnowledgeFlags(fs)
			srvf = addServeFlags(fs, "127.0.0.1:8080")
			fs.BoolVar(&noServe, "no-serve", false, "print the warnings and exit without serving")
			fs.StringVar(&keep, "keep", "", "write the demo store to `FILE` (a new file) instead of a temporary one")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("demo takes no arguments")
			}
			return runDemo(ctx, e, kf, srvf, noServe, keep, nil)
		},
	})
}

// runDemo does the demo's work; ready, when not nil, receives the
// dashboard's URL once it listens (the browser test waits on it).
func runDemo(ctx context.Context, e *env, kf *knowledgeFlags, srvf *serveFlags, noServe bool, keep string, ready chan<- string) error {
	start := time.Now()
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dbPath := keep
	if dbPath == "" {
		dir, err := os.MkdirTemp("", "vigil-demo-")
		if err != nil {
			return fmt.Errorf("creating the demo's temporary directory: %w", err)
		}
		defer os.RemoveAll(dir)
		dbPath = filepath.Join(dir, "demo.db")
	} else if _, err := os.Stat(dbPath); err == nil {
		return usagef("--keep %s exists: the demo writes a fresh store; pick a new file name", dbPath)
	}
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	cd, err := kf.coder()
	if err != nil {
		return err
	}
	p := &pipeline.Pipeline{Store: st, Coder: cd, Log: log}
	n, failed, first, last, err := ingestDemo(ctx, p)
	if err != nil {
		return err
	}
	// The watch runs after the whole corpus is in, over the events in date
	// order, as 'vigil watch --replay' would: the same warnings every time.
	// It stops at the last article's date: the demo shows the news as it
	// stood then, and an event misdated after it (a date resolved into the
	// future) cannot make every warning look long over.
	s, err := newServed(e, st, srvf, p, log)
	if err != nil {
		return err
	}
	if _, err := s.watcher.Replay(ctx, st, "", last, nil); err != nil {
		return fmt.Errorf("running the watch: %w", err)
	}
	if _, err := s.watcher.AdvanceTo(ctx, last); err != nil {
		return fmt.Errorf("running the watch: %w", err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	ws, err := st.Warnings(ctx, store.WarningFilter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Vigil demo: read %d articles of %s to %s (%d failed), coded %d events and found %d warnings in %s.\n",
		n, first, last, failed, stats.Events, len(ws), time.Since(start).Round(10*time.Millisecond))
	fmt.Fprintf(e.Stdout, "Each warning shows the highest level it reached, how it rose and fell, and where it stood on %s.\n\n", last)
	printWarnings(e.Stdout, ws, countryNames(log), s.ruleTitle, last)
	if keep != "" {
		fmt.Fprintf(e.Stdout, "The store is kept in %s.\n", keep)
	}
	if noServe {
		return nil
	}
	ln, err := server.Listen(ctx, srvf.addr, true)
	if err != nil {
		return err
	}
	if err := srvf.refuseOpenWithoutToken(e, ln); err != nil {
		return err
	}
	url := dashboardURL(ln.Addr())
	fmt.Fprintf(e.Stdout, "\nDashboard: %s   (Ctrl-C to stop)\n", url)
	if ready != nil {
		ready <- url
	}
	return s.srv.Serve(ctx, ln)
}

// ingestDemo reads every embedded article through the pipeline and
// returns the dates of the first and last (from the file names,
// DATE-slug.md, which a test holds to the articles' own dates).
func ingestDemo(ctx context.Context, p *pipeline.Pipeline) (n, failed int, first, last string, err error) {
	names, err := fs.Glob(data.FS, demoDir+"/*.md")
	if err != nil || len(names) == 0 {
		return 0, 0, "", "", fmt.Errorf("the demo corpus is missing from the binary (data/%s): %v", demoDir, err)
	}
	slices.Sort(names)
	for _, name := range names {
		d := path.Base(name)
		d = d[:min(len(d), len(vigil.DateLayout))]
		if _, err := time.Parse(vigil.DateLayout, d); err != nil {
			return 0, 0, "", "", fmt.Errorf("demo article %s: its name must start with its date (YYYY-MM-DD-slug.md)", name)
		}
		if first == "" || d < first {
			first = d
		}
		last = max(last, d)
	}
	in := make(chan pipeline.Source)
	go func() {
		defer close(in)
		for _, name := range names {
			b, err := fs.ReadFile(data.FS, name)
			if err != nil {
				continue
			}
			select {
			case in <- pipeline.Source{Kind: pipeline.KindFile, Path: "data/" + name, Body: b}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var firstErr string
	p.Run(ctx, in, func(r pipeline.Result) {
		n++
		if r.Status == pipeline.StatusFailed {
			failed++
			if firstErr == "" {
				firstErr = r.Error
			}
		}
	})
	if ctx.Err() != nil {
		return n, failed, first, last, ctx.Err()
	}
	if failed == n {
		return n, failed, first, last, fmt.Errorf("no demo article could be read: %s", firstErr)
	}
	return n, failed, first, last, nil
}

// peak is the highest level a warning reached and the first day it did.
func peak(w *vigil.Warning) (watch.Level, string) {
	best, on := watch.Ended, ""
	for _, h := range w.History {
		if l, ok := watch.ParseLevel(h.Level); ok && l > best {
			best, on = l, h.Date
		}
	}
	if best == watch.Ended {
		if l, ok := watch.ParseLevel(w.Level); ok {
			best = l
		}
	}
	return best, on
}

// course tells how a warning's level went, one entry per change of
// level: "warning 2024-10-11 → alert 2024-10-15 → warning 2024-11-17".
func course(w *vigil.Warning) string {
	var parts []string
	prev := ""
	for _, h := range w.History {
		if h.Level == prev {
			continue
		}
		prev = h.Level
		parts = append(parts, h.Level+" "+h.Date)
	}
	return strings.Join(parts, " → ")
}

// printWarnings prints warnings for a newcomer: strongest first by the
// level they reached, each with its rule, how it rose and fell, where it
// stood on asOf, the steps with their evidence sentences, and who is bound
// to join either side.
func printWarnings(w io.Writer, ws []vigil.Warning, names func(string) string, title func(string) string, asOf string) {
	name := func(c string) string {
		if names != nil {
			if n := names(c); n != "" {
				return n + " (" + c + ")"
			}
		}
		return c
	}
	if len(ws) == 0 {
		fmt.Fprintln(w, "No warnings.")
		return
	}
	ws = slices.Clone(ws)
	slices.SortStableFunc(ws, func(a, b vigil.Warning) int {
		pa, _ := peak(&a)
		pb, _ := peak(&b)
		return cmp.Or(cmp.Compare(pb, pa), cmp.Compare(len(b.Steps), len(a.Steps)), cmp.Compare(b.Score, a.Score), strings.Compare(a.ID, b.ID))
	})
	for _, wr := range ws {
		top, on := peak(&wr)
		fmt.Fprintf(w, "%s  %s → %s: %s\n", strings.ToUpper(top.String()), name(wr.Source), name(wr.Target), cmp.Or(title(wr.Rule), wr.Rule))
		when := ""
		if on != "" {
			when = " on " + on
		}
		now := wr.Level
		if wr.Level == watch.Ended.String() {
			now = "ended, for want of new evidence"
		}
		fmt.Fprintf(w, "  %s%s; evidence %s … %s; %s; on %s: %s.\n", top, when, wr.First, wr.Last, course(&wr), asOf, now)
		for i, st := range wr.Steps {
			fmt.Fprintf(w, "  %d. %s\n", i+1, st.Name)
			for _, ev := range st.Events {
				label := ev.Code
				if c, ok := cameo.Lookup(ev.Code); ok {
					label += " " + c.Name
				}
				fmt.Fprintf(w, "     %s  %s\n        %q\n", ev.Date, label, ev.Sentence)
			}
		}
		printBound(w, wr.Exposure, "  Who is bound to join, on %s (the latest evidence):\n", name)
		fmt.Fprintln(w)
	}
}
