package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
)

func init() {
	var (
		date    dateFlag
		format  string
		jsonl   bool
		web     bool
		maxSize int64
		workers int
		quiet   bool
		k       *knowledgeFlags
	)
	register(&command{
		Name:  "code",
		Args:  "[--date D] [--format jsonl|tsv] [--jsonl] [FILE|DIR|-]...",
		Short: "code news text into events: who did what to whom, from which sentence",
		Long: `Code reads news text and prints one event per line: who (source actor)
did what (CAMEO code, with its PLOVER type, Goldstein value and quad class)
to whom (target actor), when, and from which sentence (with its byte offsets
in the article text and the pattern that matched). Negated and hypothetical
events are printed with "negated" or "hypothetical" set; tools that count
events leave them out.

Inputs are files, directories and "-" for standard input (the default when
no input is given):

  - plain text (.txt), Markdown (.md, with optional front matter giving the
    date and title) and saved web pages (.html, .htm: the main text is
    extracted and page debris such as "Read more:" teasers, bylines and
    captions is never coded). Plain text that looks like a copied page
    (lines such as "Read more: ...") is read as page text too; --web forces it.
  - directories, read recursively in name order: .txt .text .md .markdown
    .html .htm .xhtml .jsonl .ndjson files (hidden files and other extensions
    are skipped).
  - JSON Lines of articles, one per line: {"id", "date", "text"} plus
    optional "title" and "url", as in the gold files and the KCNA corpus.
    Files named .jsonl or .ndjson are read this way; --jsonl reads every
    input (standard input included) this way. Each event's "article" is the
    line's id (the content hash of the text when the line has none).

The publication date resolves relative dates ("on Monday") and dates
events the text gives no date for. It comes from the input (front matter,
page metadata, the "date" of a JSON line); --date gives one to inputs that
have none. Undated articles still code, with undated events.

An input that cannot be read (missing, binary, not valid text, larger
than --max-size, a bad JSON line) is reported on standard error with its
name, and the other inputs go on; the exit status is then 1. Articles are
coded in parallel and printed in input order: the same input gives the
same output, byte for byte.

Output (--format):
  jsonl  one JSON object per event (the default): article, date, source,
         source_name, target, target_name, code, root, quad, goldstein,
         plover, mode, negated, hypothetical, confidence, sentence,
         offsets [start, end), pattern
  tsv    a header line, then one line per event with the main fields
         (tabs and newlines inside the sentence become spaces)

Examples:
  vigil code article.txt
  vigil code --date 2024-10-15 saved-page.html
  echo "North Korea blew up roads linking it to the South." | vigil code --date 2024-10-15
  vigil code --format tsv news/ > events.tsv
  vigil code ../shared/corpus/kcna-stories/kcna_en_2011-01.jsonl | jq -r .code | sort | uniq -c
  cat stories.jsonl | vigil code --jsonl -`,
		Flags: func(fs *flag.FlagSet) {
			date = dateFlag{} // fs.Var keeps the old value: reset it for each run
			fs.Var(&date, "date", "publication date `YYYY-MM-DD` for inputs that carry none")
			fs.StringVar(&format, "format", "jsonl", "output format: jsonl or tsv")
			fs.BoolVar(&jsonl, "jsonl", false, `read every input as JSON Lines of articles {"id","date","text"}`)
			fs.BoolVar(&web, "web", false, "treat plain text as text copied from a web page (page debris is not coded)")
			fs.Int64Var(&maxSize, "max-size", ingest.DefaultMaxSize, "largest input file (or JSON line) in `bytes`")
			fs.IntVar(&workers, "workers", workersDefault(), "articles coded at once")
			fs.BoolVar(&quiet, "q", false, "do not print the summary line on standard error")
			k = addKnowledgeFlags(fs)
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if format != "jsonl" && format != "tsv" {
				return usagef("--format %q: want jsonl or tsv", format)
			}
			if maxSize <= 0 {
				return usagef("--max-size must be a positive number of bytes")
			}
			if workers < 1 {
				return usagef("--workers must be at least 1")
			}
			if len(args) == 0 {
				args = []string{"-"}
			}
			stdins := 0
			for _, a := range args {
				if a == "-" {
					stdins++
				}
			}
			if stdins > 1 {
				return usagef(`"-" (standard input) given %d times; give it once`, stdins)
			}
			c, err := k.coder()
			if err != nil {
				return err
			}
			r := &codeRun{
				env: e, code: c.Code, date: date.t, forceJSONL: jsonl, web: web,
				maxSize: maxSize, workers: workers, quiet: quiet,
			}
			return r.run(ctx, args, newEventWriter(e.Stdout, format))
		},
	})
}

// workersDefault is how many articles are coded at once by default: one
// per core Go may use.
func workersDefault() int { return runtime.GOMAXPROCS(0) }

// dateFlag is a YYYY-MM-DD flag value.
type dateFlag struct{ t time.Time }

func (d *dateFlag) String() string {
	if d == nil || d.t.IsZero() {
		return ""
	}
	return d.t.Format(vigil.DateLayout)
}

func (d *dateFlag) Set(s string) error {
	t, err := time.Parse(vigil.DateLayout, s)
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	d.t = t
	return nil
}

// codeRun codes a list of inputs with a bounded pool of workers and prints
// the events in input order.
type codeRun struct {
	env        *env
	code       func(*vigil.Article) []vigil.Event // (*coder.Coder).Code
	date       time.Time                          // for undated inputs
	forceJSONL bool
	web        bool
	maxSize    int64
	workers    int
	quiet      bool
}

// codeJob is one unit of work, numbered in input order: a file to read and
// code, an article already read (a JSON line), or an input error to report.
type codeJob struct {
	seq  int
	name string // file name, or "file:line" for a JSON line
	path string // read this file (with ingest) when set; "-" is standard input
	art  *vigil.Article
	err  error
}

type codeResult struct {
	seq    int
	name   string
	events []vigil.Event
	err    error
	coded  bool // an article was coded (false for input errors)
}

// textExts are the extensions read from directories.
var textExts = map[string]bool{
	".txt": true, ".text": true, ".md": true, ".markdown": true,
	".html": true, ".htm": true, ".xhtml": true, ".jsonl": true, ".ndjson": true,
}

func isJSONLName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".jsonl" || ext == ".ndjson"
}

func (r *codeRun) run(ctx context.Context, inputs []string, w eventWriter) error {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// At most `window` jobs are between the producer and the printer: this
	// bounds the reorder buffer and keeps memory flat on a large corpus.
	window := 4 * r.workers
	slots := make(chan struct{}, window)
	jobs := make(chan codeJob, r.workers)
	results := make(chan codeResult, r.workers)

	var skipped int
	go func() {
		defer close(jobs)
		p := producer{ctx: ctx, run: r, jobs: jobs, slots: slots}
		for _, in := range inputs {
			if !p.input(in) {
				return
			}
		}
		skipped = p.skipped
	}()

	var wg sync.WaitGroup
	for range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := r.work(j)
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var articles, events, failed int
	prog := newProgress(r.env.Stderr, r.quiet)
	pending := map[int]codeResult{}
	next := 0
	var werr error
	for res := range results {
		pending[res.seq] = res
		for {
			cur, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if werr != nil {
				continue
			}
			if cur.err != nil {
				failed++
				prog.clear()
				fmt.Fprintf(r.env.Stderr, "vigil code: %v\n", cur.err)
				continue
			}
			if cur.coded {
				articles++
				prog.update(articles, events)
			}
			for i := range cur.events {
				if err := w.write(&cur.events[i]); err != nil {
					werr = fmt.Errorf("writing events: %w", err)
					cancel() // stop reading and coding; drain what is in flight
					break
				}
				events++
			}
		}
	}
	prog.clear()
	if werr == nil {
		werr = w.flush()
	}
	if werr != nil {
		return werr
	}
	// Only an interrupt cancels ctx now (a write error returned above).
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted after %d articles: %w", articles, ctx.Err())
	}
	if !r.quiet {
		el := time.Since(start)
		rate := ""
		if s := el.Seconds(); s > 0.5 {
			rate = fmt.Sprintf(", %.0f articles/s", float64(articles)/s)
		}
		extra := ""
		if skipped > 0 {
			extra = fmt.Sprintf("; %d files with other extensions skipped", skipped)
		}
		fmt.Fprintf(r.env.Stderr, "vigil code: %d articles, %d events in %s%s%s\n",
			articles, events, el.Round(time.Millisecond), rate, extra)
	}
	if failed > 0 {
		return fmt.Errorf("%d input(s) could not be read (reported above); the others were coded", failed)
	}
	return nil
}

// work reads (if needed) and codes one job.
func (r *codeRun) work(j codeJob) codeResult {
	res := codeResult{seq: j.seq, name: j.name}
	if j.err != nil {
		res.err = j.err
		return res
	}
	a := j.art
	if a == nil {
		var err error
		if a, err = r.readFile(j.path); err != nil {
			res.err = err
			return res
		}
	}
	if a.Published.IsZero() {
		a.Published = r.date
	}
	if !a.Web && (r.web || ingest.LooksLikePageText(a.Text)) {
		a.Web = true
	}
	res.events = r.code(a)
	for i := range res.events {
		if res.events[i].Article == "" {
			res.events[i].Article = a.ID
		}
	}
	res.coded = true
	return res
}

func (r *codeRun) readFile(path string) (*vigil.Article, error) {
	opt := ingest.FileOptions{MaxSize: r.maxSize}
	if path == "-" {
		a, err := ingest.ReadArticle(r.env.Stdin, "standard input", opt)
		return a, err
	}
	return ingest.ReadFile(path, opt)
}

// producer turns inputs into numbered jobs.
type producer struct {
	ctx     context.Context
	run     *codeRun
	jobs    chan<- codeJob
	slots   chan struct{}
	seq     int
	skipped int
}

// send queues a job, waiting for room in the window. It reports false when
// the run was cancelled.
func (p *producer) send(j codeJob) bool {
	select {
	case p.slots <- struct{}{}:
	case <-p.ctx.Done():
		return false
	}
	j.seq = p.seq
	p.seq++
	select {
	case p.jobs <- j:
		return true
	case <-p.ctx.Done():
		return false
	}
}

func (p *producer) input(in string) bool {
	if in == "-" {
		if p.run.forceJSONL {
			return p.jsonl(p.run.env.Stdin, "standard input")
		}
		return p.send(codeJob{name: "standard input", path: "-"})
	}
	st, err := os.Stat(in)
	if err != nil {
		return p.send(codeJob{name: in, err: err})
	}
	if !st.IsDir() {
		return p.file(in)
	}
	walkErr := filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if !p.send(codeJob{name: path, err: err}) {
				return p.ctx.Err()
			}
			return nil
		}
		if path != in && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if !textExts[strings.ToLower(filepath.Ext(path))] {
			p.skipped++
			return nil
		}
		if !p.file(path) {
			return p.ctx.Err()
		}
		return nil
	})
	return walkErr == nil
}

// file queues one file: a JSON Lines file is read here, line by line, so a
// large corpus streams; any other file is read by a worker.
func (p *producer) file(path string) bool {
	if p.run.forceJSONL || isJSONLName(path) {
		f, err := os.Open(path)
		if err != nil {
			return p.send(codeJob{name: path, err: err})
		}
		defer f.Close()
		return p.jsonl(f, path)
	}
	return p.send(codeJob{name: path, path: path})
}

// maxLineErrors is how many bad lines of one JSON Lines input are reported
// one by one; the rest are counted.
const maxLineErrors = 20

// jsonl reads JSON Lines articles from r and queues one job per line.
func (p *producer) jsonl(r io.Reader, name string) bool {
	br := bufio.NewReaderSize(r, 256<<10)
	head, _ := br.Peek(8 << 10)
	if err := sniffBinary(head); err != nil {
		return p.send(codeJob{name: name, err: fmt.Errorf("%s: %w", name, err)})
	}
	bad, readFailed := 0, false
	lineError := func(ln string, err error) {
		if bad++; bad <= maxLineErrors {
			p.send(codeJob{name: name, err: fmt.Errorf("%s: %w", ln, err)})
		}
	}
	// A send fails only when the run is cancelled, which ends the reading.
	err := ingest.EachRecordLine(p.ctx, br, name, p.run.maxSize, func(ln string, b []byte) error {
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		if a, perr := ingest.ParseRecord(b); perr != nil {
			lineError(ln, perr)
		} else {
			p.send(codeJob{name: ln, art: a})
		}
		return nil
	}, func(ln string, err error) {
		if errors.Is(err, ingest.ErrTooLarge) {
			lineError(ln, err)
			return
		}
		readFailed = true
		p.send(codeJob{name: name, err: fmt.Errorf("%s: %w", ln, err)})
	})
	if err != nil || p.ctx.Err() != nil {
		return false
	}
	if readFailed {
		return true
	}
	if bad > maxLineErrors {
		return p.send(codeJob{name: name, err: fmt.Errorf("%s: %d more bad lines not shown (%d in all)", name, bad-maxLineErrors, bad)})
	}
	return true
}

// sniffBinary fails with ingest.ErrBinary when the start of a JSON Lines
// input holds a NUL byte: a binary file misnamed .jsonl would otherwise
// give one error per "line".
func sniffBinary(head []byte) error {
	if bytes.HasPrefix(head, []byte{0xFE, 0xFF}) || bytes.HasPrefix(head, []byte{0xFF, 0xFE}) {
		return fmt.Errorf("%w: UTF-16 JSON Lines; convert the file to UTF-8", ingest.ErrEncoding)
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at offset %d", ingest.ErrBinary, i)
	}
	return nil
}

// progress shows a running count on a terminal's standard error, at most
// once a second; it is silent when standard error is a file or a pipe
// (the summary line then says it all).
type progress struct {
	w     io.Writer
	on    bool
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, last: time.Now()}
	if f, ok := w.(*os.File); ok && !quiet {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) update(articles, events int) {
	if !p.on || time.Since(p.last) < time.Second {
		return
	}
	p.last = time.Now()
	p.shown = true
	fmt.Fprintf(p.w, "\rvigil code: %d articles, %d events so far...", articles, events)
}

// clear erases the progress line before other output.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// eventWriter prints events in one output format.
type eventWriter interface {
	write(ev *vigil.Event) error
	flush() error
}

func newEventWriter(w io.Writer, format string) eventWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	if format == "tsv" {
		return &tsvWriter{w: bw}
	}
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{w: bw, enc: enc}
}

type jsonlWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func (j *jsonlWriter) write(ev *vigil.Event) error { return j.enc.Encode(ev) }
func (j *jsonlWriter) flush() error                { return j.w.Flush() }

// tsvColumns are the columns of --format tsv.
var tsvColumns = []string{
	"article", "date", "source", "source_name", "target", "target_name", "code", "root",
	"quad", "goldstein", "plover", "mode", "negated", "hypothetical", "confidence",
	"start", "end", "pattern", "sentence",
}

type tsvWriter struct {
	w      *bufio.Writer
	header bool
}

func (t *tsvWriter) writeHeader() error {
	if t.header {
		return nil
	}
	t.header = true
	_, err := t.w.WriteString(strings.Join(tsvColumns, "\t") + "\n")
	return err
}

func (t *tsvWriter) write(ev *vigil.Event) error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	f := []string{
		ev.Article, ev.Date, ev.Source, ev.SourceName, ev.Target, ev.TargetName, ev.Code, ev.Root,
		strconv.Itoa(ev.Quad), strconv.FormatFloat(ev.Goldstein, 'f', -1, 64), ev.PLOVER, ev.Mode,
		strconv.FormatBool(ev.Negated), strconv.FormatBool(ev.Hypothetical),
		strconv.FormatFloat(ev.Confidence, 'f', -1, 64),
		strconv.Itoa(ev.Offsets[0]), strconv.Itoa(ev.Offsets[1]), ev.Pattern, ev.Sentence,
	}
	for i := range f {
		f[i] = tsvField(f[i])
	}
	_, err := t.w.WriteString(strings.Join(f, "\t") + "\n")
	return err
}

// flush writes the header even when no event was coded, so a TSV consumer
// always sees the columns.
func (t *tsvWriter) flush() error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	return t.w.Flush()
}

// tsvField keeps a value on one TSV cell: tabs and line breaks become spaces.
func tsvField(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}
