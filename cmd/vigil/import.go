package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest/gdelt"
	"github.com/vigil-ews/vigil/store"
)

// importSummary is the --json output of 'vigil import gdelt'.
type importSummary struct {
	Files    int            `json:"files"`
	Rows     int            `json:"rows"`
	Events   int            `json:"events"` // rows read as events
	New      int            `json:"new"`    // events the store did not hold
	Bad      int            `json:"bad"`
	Warnings int            `json:"warnings"` // warnings the watch created or changed
	FirstBad []gdelt.BadRow `json:"first_bad"`
	Failed   []sourceError  `json:"failed_files"`
}

func init() {
	var (
		sf    *storeFlags
		wf    *liveWatchFlags
		jsonO bool
	)
	register(&command{
		Name:  "import",
		Args:  "gdelt [--db FILE|--dsn URL] [--json] FILE...",
		Short: "import existing event data (GDELT 2.0 event exports) into the store",
		Long: `'vigil import gdelt' reads GDELT 2.0 event export files — 61 tab-separated
columns a row, named like 20241015120000.export.CSV, plain or zipped — and stores
each row as an already-coded event, so 'vigil watch', 'vigil events' and the
dashboard run on GDELT data.

Each row becomes an event with Actor1Code/Actor2Code as source/target, EventCode
as code, GDELT's root, quad class and Goldstein value, SQLDATE as date,
ActionGeo_FullName as location and NumSources as its source count. GDELT gives no
sentence: the sentence is empty and the pattern "gdelt". Each SOURCEURL is
stored as an article known by its URL only (no text; 'vigil stats' counts these
as url_only), whose ID is derived from the URL, so 'vigil article ID' names the
page and 'vigil export --format gdelt' gives SOURCEURL back; ingesting the page
itself later stores its text as an article of its own. The event ID is
"gdelt-" + GLOBALEVENTID, so importing a file twice stores nothing twice.

The watch runs on the events as they are stored, in batches, as with 'vigil
ingest'. Each run first replays the stored events of the last 480 days to warm
it up, so a backfill in many runs is quicker with --no-watch on each and one
'vigil watch --replay' at the end.

Malformed rows (wrong column count, bad date, unknown CAMEO code) are skipped,
counted and reported with their line numbers; they do not stop the import.

Examples:
  vigil import gdelt 20241015120000.export.CSV.zip
  vigil import gdelt --json gdelt/*.export.CSV
  vigil import gdelt --no-watch 2024*.export.CSV.zip && vigil watch --replay`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			wf = addLiveWatchFlags(fs)
			fs.BoolVar(&jsonO, "json", false, "print the summary as one JSON object")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) == 0 || args[0] != "gdelt" {
				return usagef("say what to import: 'vigil import gdelt FILE...' (GDELT 2.0 event exports are the one format so far)")
			}
			files := args[1:]
			if len(files) == 0 {
				return usagef("give at least one GDELT event export file (.CSV or .zip)")
			}
			st, err := sf.open(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			sum := importSummary{FirstBad: []gdelt.BadRow{}, Failed: []sourceError{}}
			log := slog.New(slog.NewTextHandler(e.Stderr, nil))
			w, err := wf.start(ctx, st, log)
			if err != nil {
				return err
			}
			var batch *watchBatch
			if w != nil {
				batch = newWatchBatch(w)
			}
			prog := newRunProgress(e.Stderr, "events", -1)
			for _, path := range files {
				if ctx.Err() != nil {
					break
				}
				fs, err := importGDELT(ctx, st, batch, path, prog)
				sum.Files++
				sum.Rows += fs.Rows
				sum.Events += fs.Events
				sum.New += fs.New
				sum.Bad += fs.Bad
				for _, b := range fs.First {
					if len(sum.FirstBad) < 10 {
						sum.FirstBad = append(sum.FirstBad, b)
					}
				}
				if err != nil {
					prog.clearLine()
					fmt.Fprintf(e.Stderr, "vigil import: %s\n", withSource(err.Error(), path))
					sum.Failed = append(sum.Failed, sourceError{path, err.Error()})
				}
			}
			prog.finish()
			if batch != nil {
				if err := batch.flush(ctx); err != nil {
					return fmt.Errorf("watching the imported events: %w (they are stored; run 'vigil watch' to catch up)", err)
				}
				sum.Warnings = batch.changedCount()
			}
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("interrupted: %w (imported batches stay stored; run again to finish: nothing is stored twice)", err)
			}
			if jsonO {
				enc := json.NewEncoder(e.Stdout)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(sum); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(e.Stdout, "%d files, %d rows: %d events (%d new), %d malformed rows skipped",
					sum.Files, sum.Rows, sum.Events, sum.New, sum.Bad)
				if sum.Warnings > 0 {
					fmt.Fprintf(e.Stdout, "; %d warnings new or changed ('vigil warnings' lists them)", sum.Warnings)
				}
				fmt.Fprintln(e.Stdout)
				for _, b := range sum.FirstBad {
					fmt.Fprintf(e.Stdout, "  %s line %d: %s\n", b.File, b.Line, b.Reason)
				}
				if sum.Bad > len(sum.FirstBad) {
					fmt.Fprintf(e.Stdout, "  ... and %d more malformed rows\n", sum.Bad-len(sum.FirstBad))
				}
			}
			if len(sum.Failed) > 0 {
				return fmt.Errorf("%d of %d files could not be read (errors above)", len(sum.Failed), sum.Files)
			}
			return nil
		},
	})
}

type fileImport struct {
	gdelt.Stats
	New int
}

// importBatch is how many events go into one store transaction.
const importBatch = 1000

// importGDELT stores the events of one export file in batches; with a
// watch batch, the stored events are handed to the watch.
func importGDELT(ctx context.Context, st store.Store, batch *watchBatch, path string, prog *runProgress) (fileImport, error) {
	var out fileImport
	if fi, err := os.Stat(path); err != nil {
		return out, err
	} else if fi.IsDir() {
		return out, fmt.Errorf("%s is a directory: give the export files (e.g. %s/*.export.CSV)", path, path)
	}
	events := make([]vigil.Event, 0, importBatch)
	urls := make([]string, 0, importBatch)
	flush := func() error {
		if len(events) == 0 {
			return nil
		}
		res, err := st.Write(ctx, gdeltEntries(events, urls)...)
		if err != nil {
			return fmt.Errorf("storing events: %w", err)
		}
		out.New += res.Events
		if batch != nil {
			if err := batch.add(ctx, events); err != nil {
				return fmt.Errorf("watching the stored events: %w (they are stored; run 'vigil watch' to catch up)", err)
			}
		}
		prog.add(len(events))
		events, urls = events[:0], urls[:0]
		return nil
	}
	stats, err := gdelt.ReadFile(path, func(r gdelt.Row) error {
		events = append(events, r.Event)
		urls = append(urls, r.SourceURL)
		if len(events) == importBatch {
			return flush()
		}
		return ctx.Err()
	})
	out.Stats = stats
	if err == nil {
		err = flush()
	}
	return out, err
}

// gdeltEntries groups imported events by the page GDELT coded them from:
// each page becomes an article known by its URL only (its ID and URL, no
// text), so that 'vigil article', ArticleByURL and the export's SOURCEURL
// find the page. Events without a URL are stored alone.
func gdeltEntries(events []vigil.Event, urls []string) []store.Entry {
	var out []store.Entry
	byURL := map[string]int{}
	bare := -1
	for i := range events {
		u := strings.TrimSpace(urls[i])
		if u == "" {
			if bare < 0 {
				bare = len(out)
				out = append(out, store.Entry{})
			}
			out[bare].Events = append(out[bare].Events, events[i])
			continue
		}
		k, ok := byURL[u]
		if !ok {
			k = len(out)
			byURL[u] = k
			out = append(out, store.Entry{Article: &vigil.Article{ID: gdelt.ArticleID(u), URL: u}})
		}
		out[k].Events = append(out[k].Events, events[i])
	}
	return out
}
