package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/watch"
	"golang.org/x/term"
)

// fetchFlags are the flags of commands that read the web.
type fetchFlags struct {
	allowPrivate bool
	ignoreRobots bool
	maxSize      int64
	workers      int
}

func addFetchFlags(fs *flag.FlagSet) *fetchFlags {
	f := &fetchFlags{}
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow fetching from loopback, private and link-local addresses (refused by default: a feed must not make Vigil read internal services)")
	fs.BoolVar(&f.ignoreRobots, "ignore-robots", false, "do not read robots.txt (only for sites you run yourself)")
	fs.Int64Var(&f.maxSize, "max-size", ingest.DefaultMaxSize, "largest file, page or feed to read, in `bytes`")
	fs.IntVar(&f.workers, "workers", 0, "pages fetched, extracted and coded at once (default: number of CPUs)")
	return f
}

func (f *fetchFlags) fetcher() *ingest.Fetcher {
	return ingest.NewFetcher(ingest.FetchOptions{
		AllowPrivate: f.allowPrivate,
		IgnoreRobots: f.ignoreRobots,
		MaxSize:      f.maxSize,
		UserAgent:    ingest.UserAgent(version),
	})
}

type ingestOptions struct {
	store     *storeFlags
	knowledge *knowledgeFlags
	fetch     *fetchFlags
	watch     *liveWatchFlags
	date      string
	json      bool
}

func init() {
	o := &ingestOptions{}
	register(&command{
		Name:  "ingest",
		Args:  "[--date D] [--allow-private] [--db FILE|--dsn URL] [--max-size N] [--json] SOURCE...",
		Short: "read feeds, web pages and files into the store, coded and de-duplicated",
		Long: `Each SOURCE is one of:
  https://site/feed.xml   an RSS 0.9x/1.0/2.0, Atom or JSON feed: every item not
                          seen before is fetched, extracted, coded and stored;
                          the feed is fetched conditionally (ETag, Last-Modified),
                          so running again costs one request and stores nothing twice
  https://site/story      a web page (told from a feed by its content)
  FILE                    a text, Markdown (front matter date:/title:) or saved
                          HTML file; a feed file (.xml/.rss/.atom/.json) is read
                          as a feed; a .jsonl/.ndjson file is an archive of
                          articles, one JSON object a line: {"id","date","title",
                          "url","source","text"} (as 'vigil code --jsonl' reads)
  DIR                     every file under it (hidden ones skipped)
  -                       standard input
  @LIST                   a file naming one SOURCE a line (# starts a comment)

Articles are de-duplicated: the same text, the same canonical URL (utm_*,
fragments and AMP variants ignored) or a near-duplicate (a syndicated copy with
another headline or footer) adds a source to the stored article instead of a
copy, so its events are counted once. A feed item whose page cannot be fetched
is stored from the item's own title and description, and the page is retried by
'vigil follow'.

Publication dates come from --date, front matter, page metadata (meta tags,
JSON-LD), the URL or the feed item; otherwise the article is stored undated
(never the file's time or today).

Fetching is polite and guarded: robots.txt, at most 2 requests at a time and one
a second per host, timeouts, a size cap, at most 5 redirects, and no loopback,
private, link-local or cloud-metadata addresses without --allow-private.

The watch runs on what is stored: new events are judged against the stored
history of the last 480 days, in date order whatever the order of the sources
(as 'vigil watch' would), and the warnings they raise or grow are saved
('vigil warnings' lists them). Each run first replays the stored events of
those 480 days to warm the watch up: for a bulk load in many runs, --no-watch
skips that and the judging; run 'vigil watch' once afterwards.

It prints a summary (new, duplicate, failed articles; events; warnings changed)
and each failed source; the exit status is 1 when any source failed (the others
are stored).

Examples:
  vigil ingest https://example.org/world/rss.xml
  vigil ingest --date 2024-10-15 story.txt notes/
  curl -s https://example.org/story | vigil ingest -
  vigil ingest @sources.txt --json
  vigil ingest --db /data/vigil.db saved-pages/
  vigil ingest --no-watch archive/ && vigil watch`,
		Flags: func(fs *flag.FlagSet) {
			o.store = addStoreFlags(fs)
			o.knowledge = addKnowledgeFlags(fs)
			o.fetch = addFetchFlags(fs)
			o.watch = addLiveWatchFlags(fs)
			fs.StringVar(&o.date, "date", "", "publication date `YYYY-MM-DD` of every article (wins over dates found in the sources)")
			fs.BoolVar(&o.json, "json", false, "print the summary as one JSON object")
		},
		Run: func(ctx context.Context, e *env, args []string) error { return runIngest(ctx, e, o, args) },
	})
}

// ingestSummary is the outcome of a run; its JSON form is the --json output.
type ingestSummary struct {
	Sources    int `json:"sources"`
	New        int `json:"new"`
	Duplicates int `json:"duplicates"`
	Fallback   int `json:"fallback"` // stored from the feed item's text; page queued for retry
	Failed     int `json:"failed"`
	Events     int `json:"events"`
	Feeds      int `json:"feeds"`
	Unchanged  int `json:"unchanged_feeds"` // feeds that answered 304 Not Modified
	// Warnings counts the warnings the watch created or changed (raised,
	// updated, lowered) as the articles were stored.
	Warnings int           `json:"warnings"`
	Errors   []sourceError `json:"errors"`

	changed map[string]bool // IDs of the warnings counted in Warnings

	mu sync.Mutex
}

type sourceError struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

func (s *ingestSummary) add(r pipeline.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Sources++
	s.Events += r.Events
	switch r.Status {
	case pipeline.StatusNew:
		s.New++
	case pipeline.StatusDuplicate:
		s.Duplicates++
	case pipeline.StatusFallback:
		s.Fallback++
	default:
		s.Failed++
		s.Errors = append(s.Errors, sourceError{r.Source.Name(), r.Error})
	}
}

// watching returns the pipeline hook that runs w on each stored article's
// events and counts the warnings that changed. Watch errors are logged,
// not fatal: the articles are stored, and 'vigil watch' catches up.
func (s *ingestSummary) watching(w *watch.Watcher, log *slog.Logger) pipeline.Hook {
	return func(ctx context.Context, a *vigil.Article, events []vigil.Event) {
		ws, err := w.ObserveArticle(ctx, a, events)
		if err != nil {
			log.Error("watch: observing stored events failed; run 'vigil watch' to catch up", "article", a.ID, "err", err)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, x := range ws {
			if s.changed == nil {
				s.changed = map[string]bool{}
			}
			if !s.changed[x.ID] {
				s.changed[x.ID] = true
				s.Warnings++
			}
		}
	}
}

// watchBatch runs the watch over what one run stores, in date order:
// events are gathered as articles are stored and observed day by day
// (watch.ObserveInOrder) when the run ends, or whenever maxBatched events
// wait, so that the warnings do not depend on the order in which the
// sources were read (an archive newest first, a feed's latest item first)
// and equal those of a later 'vigil watch'. Events are taken as reported
// (watch.AsReported: a plan counts on its article's date).
type watchBatch struct {
	w       *watch.Watcher
	mu      sync.Mutex
	pending []vigil.Event
	changed map[string]bool
}

// maxBatched bounds the events a run holds for the watch (a few MB).
const maxBatched = 20000

func newWatchBatch(w *watch.Watcher) *watchBatch {
	return &watchBatch{w: w, changed: map[string]bool{}}
}

// hook is the pipeline's OnStored: it gathers the article's events.
func (b *watchBatch) hook(run context.Context, log *slog.Logger) pipeline.Hook {
	return func(ctx context.Context, a *vigil.Article, events []vigil.Event) {
		if err := b.add(run, watch.AsReported(a, events)); err != nil {
			log.Error("watch: observing stored events failed; run 'vigil watch' to catch up", "article", a.ID, "err", err)
		}
	}
}

// add gathers events, and observes what waits when there is enough.
func (b *watchBatch) add(ctx context.Context, events []vigil.Event) error {
	b.mu.Lock()
	b.pending = append(b.pending, events...)
	full := len(b.pending) >= maxBatched
	b.mu.Unlock()
	if full {
		return b.flush(ctx)
	}
	return nil
}

// flush observes the waiting events in date order.
func (b *watchBatch) flush(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 {
		return nil
	}
	ws, err := b.w.ObserveInOrder(ctx, b.pending)
	b.pending = b.pending[:0]
	for _, x := range ws {
		b.changed[x.ID] = true
	}
	return err
}

// changedCount is how many warnings the run created or changed.
func (b *watchBatch) changedCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.changed)
}

func (s *ingestSummary) fail(source string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Sources++
	s.Failed++
	s.Errors = append(s.Errors, sourceError{source, err.Error()})
}

func (s *ingestSummary) print(w io.Writer) {
	fmt.Fprintf(w, "%d sources: %d new articles, %d duplicates, %d failed", s.Sources, s.New, s.Duplicates, s.Failed)
	if s.Fallback > 0 {
		fmt.Fprintf(w, ", %d kept from feed text (page to retry)", s.Fallback)
	}
	fmt.Fprintf(w, "; %d events", s.Events)
	if s.Feeds > 0 {
		fmt.Fprintf(w, "; %d feeds (%d unchanged)", s.Feeds, s.Unchanged)
	}
	if s.Warnings > 0 {
		fmt.Fprintf(w, "; %d warnings new or changed ('vigil warnings' lists them)", s.Warnings)
	}
	fmt.Fprintln(w)
}

func (s *ingestSummary) writeJSON(w io.Writer) error {
	if s.Errors == nil {
		s.Errors = []sourceError{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

func runIngest(ctx context.Context, e *env, o *ingestOptions, args []string) error {
	if len(args) == 0 {
		return usagef("give at least one SOURCE: a feed or page URL, a file, a directory, - or @LIST")
	}
	var date time.Time
	if o.date != "" {
		d, err := time.Parse(vigil.DateLayout, o.date)
		if err != nil {
			return usagef("--date %q: want YYYY-MM-DD", o.date)
		}
		date = d
	}
	st, err := o.store.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	cd, err := o.knowledge.coder()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.Stderr, nil))
	p := &pipeline.Pipeline{
		Store:   st,
		Fetcher: o.fetch.fetcher(),
		Coder:   cd,
		File:    ingest.FileOptions{Date: date, MaxSize: o.fetch.maxSize},
		Workers: o.fetch.workers,
		Log:     log,
	}
	sum := &ingestSummary{}
	w, err := o.watch.start(ctx, st, log)
	if err != nil {
		return err
	}
	var batch *watchBatch
	if w != nil {
		batch = newWatchBatch(w)
		p.OnStored = batch.hook(ctx, log)
	}
	prog := newRunProgress(e.Stderr, "articles", -1)
	// report is called by the workers' results and by the expansion of the
	// arguments at the same time: one message at a time.
	var reportMu sync.Mutex
	report := func(source string, err error) {
		reportMu.Lock()
		defer reportMu.Unlock()
		prog.clearLine()
		fmt.Fprintf(e.Stderr, "vigil ingest: %s\n", withSource(err.Error(), source))
	}
	work := make(chan pipeline.Source, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run(ctx, work, func(r pipeline.Result) {
			sum.add(r)
			prog.add(1)
			if r.Status == pipeline.StatusFailed {
				report(r.Source.Name(), r.Err)
			}
		})
	}()
	x := &expander{p: p, e: e, sum: sum, work: work, report: report, maxSize: o.fetch.maxSize}
	for _, a := range args {
		if ctx.Err() != nil {
			break
		}
		x.expand(ctx, a, 0)
	}
	close(work)
	<-done
	prog.finish()
	if batch != nil {
		if err := batch.flush(ctx); err != nil {
			log.Error("watch: observing the stored events failed; run 'vigil watch' to catch up", "err", err)
		}
		sum.Warnings = batch.changedCount()
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w (what was stored stays stored; run again to continue)", err)
	}
	if o.json {
		if err := sum.writeJSON(e.Stdout); err != nil {
			return err
		}
	} else {
		sum.print(e.Stdout)
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d sources failed (errors above); %s", sum.Failed, sum.Sources, othersStored(sum.Failed, sum.Sources))
	}
	return nil
}

// othersStored ends the message of a run in which some sources failed.
func othersStored(failed, sources int) string {
	if failed >= sources {
		return "nothing was stored"
	}
	return "the others were stored"
}

// withSource prefixes msg with source unless it already names it.
func withSource(msg, source string) string {
	msg = strings.ReplaceAll(msg, "\n", " ")
	if source != "" && !strings.Contains(msg, source) {
		return source + ": " + msg
	}
	return msg
}

// expander turns command-line SOURCE arguments into pipeline sources.
type expander struct {
	p       *pipeline.Pipeline
	e       *env
	sum     *ingestSummary
	work    chan<- pipeline.Source
	report  func(string, error)
	maxSize int64
}

func (x *expander) fail(source string, err error) {
	x.sum.fail(source, err)
	x.report(source, err)
}

func (x *expander) send(ctx context.Context, s pipeline.Source) {
	select {
	case x.work <- s:
	case <-ctx.Done():
	}
}

// feedExts are the extensions of files that may hold a feed.
var feedExts = map[string]bool{".xml": true, ".rss": true, ".atom": true, ".rdf": true, ".json": true}

func (x *expander) expand(ctx context.Context, arg string, depth int) {
	switch {
	case arg == "-":
		b, err := io.ReadAll(io.LimitReader(x.e.Stdin, x.maxSize+1))
		if err == nil && int64(len(b)) > x.maxSize {
			err = fmt.Errorf("standard input is over the %d-byte cap (raise it with --max-size)", x.maxSize)
		}
		if err != nil {
			x.fail("-", err)
			return
		}
		x.send(ctx, pipeline.Source{Kind: pipeline.KindStdin, Body: b})
	case strings.HasPrefix(arg, "@"):
		if depth > 3 {
			x.fail(arg, fmt.Errorf("@ lists nested more than 3 deep"))
			return
		}
		x.expandList(ctx, arg[1:], depth)
	case strings.Contains(arg, "://"):
		x.expandURL(ctx, arg)
	default:
		st, err := os.Stat(arg)
		if err != nil {
			x.fail(arg, fmt.Errorf("no such file or directory, and not a URL (URLs start with https://)"))
			return
		}
		if st.IsDir() {
			filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					x.fail(path, err)
					return nil
				}
				if path != arg && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.Type().IsRegular() {
					x.expandFile(ctx, path)
				}
				return ctx.Err()
			})
			return
		}
		x.expandFile(ctx, arg)
	}
}

func (x *expander) expandList(ctx context.Context, path string, depth int) {
	f, err := os.Open(path)
	if err != nil {
		x.fail("@"+path, err)
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		x.expand(ctx, line, depth+1)
	}
	if err := sc.Err(); err != nil {
		x.fail("@"+path, err)
	}
}

func (x *expander) expandURL(ctx context.Context, url string) {
	poll, err := x.p.Poll(ctx, url, 0)
	if poll.Feed {
		x.sum.mu.Lock()
		x.sum.Feeds++
		if poll.NotModified {
			x.sum.Unchanged++
		}
		x.sum.mu.Unlock()
	}
	if err != nil {
		x.fail(url, err)
		return
	}
	for _, r := range poll.Known {
		x.sum.add(r)
	}
	for _, s := range poll.Sources {
		x.send(ctx, s)
	}
}

func (x *expander) expandFile(ctx context.Context, path string) {
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".jsonl" || ext == ".ndjson" {
		x.expandRecords(ctx, path)
		return
	}
	if feedExts[strings.ToLower(filepath.Ext(path))] {
		b, err := readHead(path, x.maxSize)
		if err != nil {
			x.fail(path, err)
			return
		}
		if ingest.IsFeed("", b) {
			poll, err := x.p.PollFile(ctx, path, b)
			x.sum.mu.Lock()
			x.sum.Feeds++
			x.sum.mu.Unlock()
			if err != nil {
				x.fail(path, err)
				return
			}
			for _, r := range poll.Known {
				x.sum.add(r)
			}
			for _, s := range poll.Sources {
				x.send(ctx, s)
			}
			return
		}
	}
	x.send(ctx, pipeline.Source{Kind: pipeline.KindFile, Path: path})
}

// expandRecords sends each line of a JSON Lines archive as a source of its
// own, streaming: the archive is never in memory, only the lines in flight.
// A line too long is reported and skipped; a line that is no article fails
// when it is extracted, naming the file and line.
func (x *expander) expandRecords(ctx context.Context, path string) {
	f, err := os.Open(path)
	if err != nil {
		x.fail(path, err)
		return
	}
	defer f.Close()
	ingest.EachRecordLine(ctx, f, path, x.maxSize, func(name string, l []byte) error {
		if len(bytes.TrimSpace(l)) > 0 {
			x.send(ctx, pipeline.Source{Kind: pipeline.KindRecord, Path: name, Body: bytes.Clone(l)})
		}
		return nil
	}, x.fail)
}

// readHead reads a whole file under the cap (feed files are parsed whole).
func readHead(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w of %d bytes (raise it with --max-size)", ingest.ErrTooLarge, max)
	}
	return b, nil
}

// runProgress shows how a long run advances: a bar (or, when the total is
// unknown, a counter) on a terminal, a log line every interval otherwise, so
// logs of unattended runs stay readable.
type runProgress struct {
	mu       sync.Mutex
	bar      *progressbar.ProgressBar
	log      *slog.Logger
	what     string
	done     int
	total    int
	every    time.Duration
	lastLine time.Time
	start    time.Time
}

// newRunProgress starts a runProgress display on w for total units of what (-1
// when unknown).
func newRunProgress(w io.Writer, what string, total int) *runProgress {
	p := &runProgress{what: what, total: total, every: 10 * time.Second, start: time.Now(), lastLine: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(what),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		return p
	}
	p.log = slog.New(slog.NewTextHandler(w, nil))
	return p
}

// addTotal grows the expected total (feeds reveal their items as they are read).
func (p *runProgress) addTotal(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total >= 0 {
		p.total += n
		if p.bar != nil {
			p.bar.AddMax(n)
		}
	}
}

// add counts n more units done.
func (p *runProgress) add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if p.bar != nil {
		p.bar.Add(n)
		return
	}
	if time.Since(p.lastLine) >= p.every {
		p.lastLine = time.Now()
		rate := float64(p.done) / time.Since(p.start).Seconds()
		if p.total > 0 {
			p.log.Info("progress", "done", p.done, "total", p.total, "what", p.what, "per_second", fmt.Sprintf("%.1f", rate))
		} else {
			p.log.Info("progress", "done", p.done, "what", p.what, "per_second", fmt.Sprintf("%.1f", rate))
		}
	}
}

// clearLine removes the bar before another line is printed, so messages
// and the bar do not interleave on one line.
func (p *runProgress) clearLine() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
}

func (p *runProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
	}
}
