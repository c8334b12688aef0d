package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

func init() {
	var (
		sf                  *storeFlags
		rf                  *registerFlags
		rulesDir            string
		since, until, dyad  string
		replay, asJSON      bool
		directed, fill, off bool
		quiet               bool
	)
	register(&command{
		Name:  "watch",
		Args:  "[--replay] [--since D] [--until D] [--rules DIR] [--treaties DIR] [--json] | --dyad A-B [--directed] [--fill]",
		Short: "run the indicator rules and escalation indices over stored events; save warnings",
		Long: `Runs the watch over the events in the store: the escalation index of every
dyad and the indicator rules (embedded defaults plus --rules DIR), raising,
updating, lowering and decaying warnings, and updating the treaty register
from events that sign, ratify or withdraw from treaties. Warnings and treaty
status changes are saved in the store ('vigil warnings', 'vigil exposure',
the dashboard read them). Running it again is safe: warnings have stable IDs
and their history is only appended to.

By default it re-reads the last 480 days up to the date the news has reached
(or --until): the latest stored event not dated after the article reporting it
(a plan for next month is not news of next month). That is enough to rebuild
every rule window and baseline, and it ends with the warnings as they stand on
that date. --replay goes through the whole history
(or from --since), so warnings that rose and decayed long ago are saved too.
It streams events in date order and keeps only a window of evidence per dyad:
memory stays flat however many events the store holds.

With --dyad A-B it prints the dyad's daily series instead: distinct events
by quad class, Goldstein sum and mean, share of material conflict, conflict
intensity and the escalation index (exponentially weighted level, baseline,
z-score); --directed counts only A acting on B, --fill adds quiet days.

Examples:
  vigil watch                              the warnings as of the latest news
  vigil watch --replay --rules ./my-rules  re-run history with extra rules
  vigil watch --until 2024-12-31           as things stood at the end of 2024
  vigil watch --dyad PRK-KOR --since 2024-09-01
  vigil watch --dyad RUS-UKR --directed --json`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			rf = addRegisterFlags(fs, sf)
			fs.StringVar(&rulesDir, "rules", "", "directory of extra indicator rule `files` (*.yaml); a rule with a default's name replaces it")
			fs.BoolVar(&replay, "replay", false, "go through the whole history (or from --since), not only the last 480 days")
			fs.StringVar(&since, "since", "", "start at events of `YYYY-MM-DD`")
			fs.StringVar(&until, "until", "", "stop after events of `YYYY-MM-DD` and report warnings as of that day")
			fs.StringVar(&dyad, "dyad", "", "print the daily series and escalation index of `A-B` instead")
			fs.BoolVar(&directed, "directed", false, "with --dyad: only A acting on B")
			fs.BoolVar(&fill, "fill", false, "with --dyad: include days without events")
			fs.BoolVar(&off, "no-escalation", false, "raise no warnings from the escalation index (rules only)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&quiet, "quiet", false, "no progress on standard error")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("watch takes no arguments (got %q)", args)
			}
			for _, d := range []struct{ name, v string }{{"since", since}, {"until", until}} {
				if d.v != "" {
					if _, err := parseDayFlag(d.v); err != nil {
						return usagef("--%s %q: want YYYY-MM-DD", d.name, d.v)
					}
				}
			}
			if dyad == "" && (directed || fill) {
				return usagef("--directed and --fill go with --dyad A-B")
			}
			st, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			if dyad != "" {
				dy, err := parseDyadFlag(dyad)
				if err != nil {
					return err
				}
				pts, err := watch.Series(ctx, st, watch.SeriesQuery{A: dy.A, B: dy.B, Directed: dy.Directed || directed, Since: since, Until: until, Fill: fill})
				if err != nil {
					return err
				}
				if asJSON {
					enc := json.NewEncoder(e.Stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(pts)
				}
				return printSeries(e.Stdout, pts)
			}

			rules, err := watch.LoadRules(rulesDir)
			if err != nil {
				return fmt.Errorf("loading indicator rules: %w", err)
			}
			reg, err := rf.load(ctx, e)
			if err != nil {
				return err
			}
			end := until
			if end == "" {
				if end, err = watch.NewsDate(ctx, st, store.EventFilter{}); err != nil {
					return err
				}
				if end == "" {
					return fmt.Errorf("the store holds no dated events: store some first (vigil ingest ..., vigil import gdelt ...)")
				}
			}
			start := since
			if start == "" && !replay {
				t, _ := time.Parse(vigil.DateLayout, end)
				start = t.AddDate(0, 0, -watch.Lookback).Format(vigil.DateLayout)
			}
			log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
			w, err := watch.New(watch.Options{Rules: rules, Register: reg, Sink: st, Logger: log, Names: sentenceNames(), Escalation: watch.EscalationConfig{Off: off}})
			if err != nil {
				return err
			}
			var progress func(watch.Stats)
			if !quiet && !asJSON {
				progress = func(s watch.Stats) {
					fmt.Fprintf(e.Stderr, "\rwatch: %d events, %s, %d active warnings   ", s.Events, s.Last, s.Active)
				}
			}
			rs, err := w.Replay(ctx, st, start, end, progress)
			if progress != nil && rs.Events >= 100_000 {
				fmt.Fprintln(e.Stderr)
			}
			if err != nil {
				return err
			}
			if _, err := w.AdvanceTo(ctx, end); err != nil {
				return err
			}
			final := w.Stats()
			final.Elapsed, final.EventsPerSec, final.HeapMax = rs.Elapsed, rs.EventsPerSec, rs.HeapMax
			active := w.Warnings()
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Since    string          `json:"since,omitempty"`
					Until    string          `json:"until"`
					Stats    watch.Stats     `json:"stats"`
					Warnings []vigil.Warning `json:"warnings"`
				}{start, end, final, active})
			}
			printWatchSummary(e.Stdout, start, end, final, active)
			return nil
		},
	})
}

func printWatchSummary(w io.Writer, since, until string, s watch.Stats, active []vigil.Warning) {
	span := "all events"
	if since != "" {
		span = "events from " + since
	}
	fmt.Fprintf(w, "Watched %s to %s: %d events (%d counted, %d duplicate reports, %d negated or hypothetical) over %d days, in %s (%.0f events/s).\n",
		span, until, s.Events, s.Used, s.Duplicates, s.Flagged, s.Days, s.Elapsed.Round(time.Millisecond), s.EventsPerSec)
	fmt.Fprintf(w, "Warnings: %d new, %d raised, %d lowered, %d decayed; %d active on %s. Treaty status changes from events: %d.\n",
		s.New, s.Raised, s.Lowered, s.Decayed, len(active), until, s.Treaty)
	if len(active) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LEVEL\tSCORE\tDYAD\tRULE\tFIRST\tLAST\tSTEPS\tID")
	for _, a := range active {
		fmt.Fprintf(tw, "%s\t%.2f\t%s→%s\t%s\t%s\t%s\t%d\t%s\n", strings.ToUpper(a.Level), a.Score, a.Source, a.Target, a.Rule, a.First, a.Last, len(a.Steps), a.ID)
	}
	tw.Flush()
	fmt.Fprintln(w, "\n'vigil warnings' shows each warning's evidence and exposure.")
}

func printSeries(w io.Writer, pts []watch.DayPoint) error {
	if len(pts) == 0 {
		fmt.Fprintln(w, "No events for this dyad in that period.")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DATE\tEVENTS\tVCOOP\tMCOOP\tVCONF\tMCONF\tGOLDSTEIN\tMEAN\tMATCONF%\tINTENSITY\tLEVEL\tBASELINE\tZ\t")
	for _, p := range pts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.2f\t%.0f\t%.1f\t%.2f\t%.2f\t%.2f\t\n",
			p.Date, p.Count, p.Quad[0], p.Quad[1], p.Quad[2], p.Quad[3], p.Goldstein, p.Mean, 100*p.MaterialConflict, p.Intensity, p.Level, p.Baseline, p.Escalation)
	}
	return tw.Flush()
}

// liveWatchFlags are the flags of the commands that run the watch as they
// store events (ingest, follow, import gdelt).
type liveWatchFlags struct {
	off      bool
	rules    string
	treaties string
}

func addLiveWatchFlags(fs *flag.FlagSet) *liveWatchFlags {
	f := &liveWatchFlags{}
	fs.BoolVar(&f.off, "no-watch", false, "store without running the watch (bulk loads: run 'vigil watch' once afterwards)")
	fs.StringVar(&f.rules, "rules", "", "directory of extra indicator rule `files` (*.yaml), as for 'vigil watch'")
	fs.StringVar(&f.treaties, "treaties", "", "directory of extra treaty `files` (*.yaml) for the warnings' exposure, as for 'vigil watch'")
	return f
}

// start returns the watch that judges events as they are stored, or nil
// with --no-watch.
func (f *liveWatchFlags) start(ctx context.Context, st store.Store, log *slog.Logger) (*watch.Watcher, error) {
	if f.off {
		return nil, nil
	}
	rules, err := watch.LoadRules(f.rules)
	if err != nil {
		return nil, fmt.Errorf("loading indicator rules: %w", err)
	}
	return liveWatch(ctx, st, rules, f.treaties, log)
}

// liveWatch builds the watch that runs as events are stored (vigil ingest,
// follow, import gdelt): the indicator rules (nil: the embedded
// defaults), the treaty register (embedded, plus treatiesDir when not "")
// with the status changes the store
// learnt from earlier news, and the store as the sink of warnings and
// treaty changes. It is warmed up on the stored events of the last
// watch.Lookback days before the latest one, so that what arrives next is
// judged against its history — rule windows, baselines, the warnings
// already raised, which then grow rather than start again — without
// saving anything twice.
func liveWatch(ctx context.Context, st store.Store, rules *watch.Rules, treatiesDir string, log *slog.Logger) (*watch.Watcher, error) {
	reg, err := alliance.Load(treatiesDir)
	if err != nil {
		return nil, fmt.Errorf("loading the treaty register: %w", err)
	}
	w, err := watch.New(watch.Options{Rules: rules, Register: reg, Sink: st, Logger: log, Names: sentenceNames()})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	ws, err := warmWatch(ctx, w, reg, st)
	if err != nil {
		return nil, fmt.Errorf("%w (store with --no-watch and run 'vigil watch' later)", err)
	}
	log.Debug("watch warmed up on stored events", "events", ws.Events, "since", ws.First, "until", ws.Last,
		"active_warnings", ws.Active, "took", time.Since(start).Round(time.Millisecond))
	return w, nil
}

// warmWatch readies w, whose register is reg, for the events about to be
// stored in st: the treaty status changes the store learnt from earlier
// news go into the register, and the stored events of the last
// watch.Lookback days before the latest one are replayed without saving
// (watch.Warm) — a cost bounded by that window, not by the store.
func warmWatch(ctx context.Context, w *watch.Watcher, reg *alliance.Register, st store.Store) (watch.Stats, error) {
	sts, err := st.TreatyStatuses(ctx, "")
	if err != nil {
		return watch.Stats{}, fmt.Errorf("reading treaty status from the store: %w", err)
	}
	reg.Merge(sts)
	last, err := watch.NewsDate(ctx, st, store.EventFilter{})
	if err != nil {
		return watch.Stats{}, err
	}
	if last == "" {
		return watch.Stats{}, nil // nothing dated stored: nothing to warm up on
	}
	ws, err := w.Warm(ctx, st, last)
	if err != nil {
		return ws, fmt.Errorf("warming up the watch on stored events: %w", err)
	}
	return ws, nil
}

// ruleTitles returns a function giving an indicator rule's title by its
// name ("pre-offensive-posture" → "Pre-offensive posture"), "" when unknown.
func ruleTitles(rules *watch.Rules) func(string) string {
	titles := map[string]string{watch.EscalationRule: "Escalation above the usual level"}
	for _, r := range rules.List() {
		titles[r.Name] = r.Title
	}
	return func(name string) string { return titles[name] }
}

// sentenceNames is the watch's Options.Names: the countries and
// international organisations a sentence names, read with the embedded
// actor dictionary as the coder reads them (dated offices by the event's
// date). The dictionary loads on first use, once per process.
func sentenceNames() func(sentence, date string) []string {
	return func(sentence, date string) []string {
		kb, err := actor.Default()
		if err != nil {
			return nil
		}
		day, _ := time.Parse(vigil.DateLayout, date)
		var out []string
		for _, m := range kb.ResolveText(sentence, day) {
			if m.Country != "" && !slices.Contains(out, m.Country) {
				out = append(out, m.Country)
			}
		}
		return out
	}
}
