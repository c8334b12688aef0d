package main

import (
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
	"sort"
	"strings"
	"sync"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/coder"
	"github.com/vigil-ews/vigil/ingest"
)

func init() {
	var (
		asJSON  bool
		workers int
		limit   int
		maxSize int64
		kf      *knowledgeFlags
	)
	register(&command{
		Name:  "bench",
		Args:  "[--json] [--workers N] [--limit N] PATH...",
		Short: "measure how fast the coder reads a corpus",
		Long: `Bench codes a corpus and reports throughput: articles, sentences and
megabytes per second, events found, and the time spent in each stage
(text analysis, actor resolution, coding). Nothing is stored or printed but
the report.

PATH is a file or a directory (read recursively, in name order). Files
ending in .jsonl or .ndjson hold one article per line, {"id", "date",
"title", "text"}; other files (.txt, .md) are one article each. The corpus
is streamed: memory holds only the articles in flight, not the corpus.

Articles are coded by --workers goroutines (default GOMAXPROCS). To see how
the rate grows with cores, run it with GOMAXPROCS set:

  GOMAXPROCS=1 vigil bench ../shared/corpus/kcna-stories/kcna_en_2011-01.jsonl
  GOMAXPROCS=2 vigil bench ../shared/corpus/kcna-stories/kcna_en_2011-01.jsonl
  vigil bench --json --limit 500 ../shared/corpus/kcna-stories

The --json report is one object with articles, sentences, bytes, events,
seconds, articles_per_sec, sentences_per_sec, mb_per_sec, gomaxprocs,
workers, stage_seconds {analyze, resolve, code}, cpu_seconds and
sentences_per_cpu_sec. Stage times are summed over workers, so with several
workers they exceed the wall time. On a busy machine the wall-clock rates
drop; the rate per CPU-second does not.

For reference, PETRARCH2 reports 1,261 sentences/s for coding alone, with
the parses given; vigil bench times the whole pipeline from raw text.`,
		Flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print the report as one JSON object")
			fs.IntVar(&workers, "workers", 0, "coding goroutines (0: GOMAXPROCS)")
			fs.IntVar(&limit, "limit", 0, "stop after this many articles (0: all)")
			fs.Int64Var(&maxSize, "max-size", 16<<20, "skip articles longer than this many `bytes`")
			kf = addKnowledgeFlags(fs)
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) == 0 {
				return usagef("name at least one corpus file or directory")
			}
			if workers < 0 || limit < 0 {
				return usagef("--workers and --limit must not be negative")
			}
			if workers == 0 {
				workers = runtime.GOMAXPROCS(0)
			}
			c, err := kf.coder()
			if err != nil {
				return err
			}
			// load the tagger model and dictionaries before the clock starts
			c.Code(&vigil.Article{Text: "Seoul summoned the Russian ambassador on Monday."})
			rep, err := runBench(ctx, c, args, workers, limit, maxSize, e.Stderr)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			rep.print(e.Stdout)
			return nil
		},
	})
}

// benchReport is the result of vigil bench (its --json form).
type benchReport struct {
	Articles        int         `json:"articles"`
	Sentences       int         `json:"sentences"`
	Bytes           int64       `json:"bytes"`
	Events          int         `json:"events"`
	Skipped         int         `json:"skipped"`
	Seconds         float64     `json:"seconds"`
	ArticlesPerSec  float64     `json:"articles_per_sec"`
	SentencesPerSec float64     `json:"sentences_per_sec"`
	MBPerSec        float64     `json:"mb_per_sec"`
	GOMAXPROCS      int         `json:"gomaxprocs"`
	Workers         int         `json:"workers"`
	Stages          benchStages `json:"stage_seconds"`
	PeakHeapMB      float64     `json:"peak_heap_mb"`
	// CPUSeconds is the CPU time the process used while coding;
	// SentencesPerCPUSec is the rate per CPU-second, which other load on a
	// shared machine does not distort (0 where not measured).
	CPUSeconds         float64      `json:"cpu_seconds"`
	SentencesPerCPUSec float64      `json:"sentences_per_cpu_sec"`
	Baseline           benchCompare `json:"baseline"`
}

type benchStages struct {
	Analyze float64 `json:"analyze"`
	Resolve float64 `json:"resolve"`
	Code    float64 `json:"code"`
}

// benchCompare sets the result against PETRARCH2's published rate.
type benchCompare struct {
	Name            string  `json:"name"`
	SentencesPerSec float64 `json:"sentences_per_sec"`
	Ratio           float64 `json:"ratio"`
}

// petrarch2Rate is PETRARCH2's published coding rate (parses given).
const petrarch2Rate = 1261

func (r *benchReport) print(w io.Writer) {
	fmt.Fprintf(w, "articles     %d (%d skipped)\n", r.Articles, r.Skipped)
	fmt.Fprintf(w, "sentences    %d\n", r.Sentences)
	fmt.Fprintf(w, "bytes        %d\n", r.Bytes)
	fmt.Fprintf(w, "events       %d\n", r.Events)
	fmt.Fprintf(w, "wall time    %.2fs (GOMAXPROCS=%d, %d workers, peak heap %.0f MB)\n", r.Seconds, r.GOMAXPROCS, r.Workers, r.PeakHeapMB)
	fmt.Fprintf(w, "throughput   %.0f articles/s, %.0f sentences/s, %.2f MB/s\n", r.ArticlesPerSec, r.SentencesPerSec, r.MBPerSec)
	if r.CPUSeconds > 0 {
		fmt.Fprintf(w, "cpu          %.2fs, %.0f sentences per CPU-second (unaffected by other load)\n", r.CPUSeconds, r.SentencesPerCPUSec)
	}
	total := r.Stages.Analyze + r.Stages.Resolve + r.Stages.Code
	pct := func(x float64) float64 {
		if total == 0 {
			return 0
		}
		return 100 * x / total
	}
	fmt.Fprintf(w, "stages       analyze %.2fs (%.0f%%), resolve %.2fs (%.0f%%), code %.2fs (%.0f%%)\n",
		r.Stages.Analyze, pct(r.Stages.Analyze), r.Stages.Resolve, pct(r.Stages.Resolve), r.Stages.Code, pct(r.Stages.Code))
	fmt.Fprintf(w, "vs %s  %.1f× its %.0f sentences/s (its parses given; this from raw text)\n", r.Baseline.Name, r.Baseline.Ratio, r.Baseline.SentencesPerSec)
}

// runBench streams the corpus through workers coders and measures them.
func runBench(ctx context.Context, c *coder.Coder, paths []string, workers, limit int, maxSize int64, stderr io.Writer) (*benchReport, error) {
	files, err := benchFiles(paths)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	arts := make(chan *vigil.Article, 2*workers)
	type result struct {
		st     coder.Stages
		events int
		bytes  int64
	}
	results := make(chan result, 2*workers)
	rep := &benchReport{GOMAXPROCS: runtime.GOMAXPROCS(0), Workers: workers}

	var readErr error
	go func() {
		defer close(arts)
		n := 0
		for _, f := range files {
			err := benchRead(ctx, f, maxSize, func(a *vigil.Article) bool {
				if limit > 0 && n >= limit {
					return false
				}
				n++
				select {
				case arts <- a:
					return true
				case <-ctx.Done():
					return false
				}
			}, &rep.Skipped)
			if err != nil {
				readErr = err
				return
			}
			if limit > 0 && n >= limit || ctx.Err() != nil {
				return
			}
		}
	}()

	var peak uint64
	var wg sync.WaitGroup
	cpu0, cpuOK := processCPU()
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range arts {
				evs, st := c.CodeTimed(a, true)
				results <- result{st: st, events: len(evs), bytes: int64(len(a.Text))}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	var stages coder.Stages
	var ms runtime.MemStats
	for r := range results {
		rep.Articles++
		rep.Events += r.events
		rep.Bytes += r.bytes
		stages.Add(r.st)
		if rep.Articles%200 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	elapsed := time.Since(start)
	if cpu1, ok := processCPU(); ok && cpuOK {
		rep.CPUSeconds = (cpu1 - cpu0).Seconds()
	}
	if readErr != nil {
		return nil, readErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("interrupted after %d articles: %w", rep.Articles, err)
	}
	if rep.Articles == 0 {
		return nil, fmt.Errorf("no articles found in %s; bench reads .jsonl files of {\"text\": ...} lines and text files", strings.Join(paths, ", "))
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapAlloc)
	rep.Sentences = stages.Sentences
	rep.Seconds = elapsed.Seconds()
	rep.ArticlesPerSec = float64(rep.Articles) / rep.Seconds
	rep.SentencesPerSec = float64(rep.Sentences) / rep.Seconds
	rep.MBPerSec = float64(rep.Bytes) / (1 << 20) / rep.Seconds
	rep.Stages = benchStages{Analyze: stages.Analyze.Seconds(), Resolve: stages.Resolve.Seconds(), Code: stages.Code.Seconds()}
	rep.PeakHeapMB = float64(peak) / (1 << 20)
	if rep.CPUSeconds > 0 {
		rep.SentencesPerCPUSec = float64(rep.Sentences) / rep.CPUSeconds
	}
	rep.Baseline = benchCompare{Name: "PETRARCH2", SentencesPerSec: petrarch2Rate, Ratio: rep.SentencesPerSec / petrarch2Rate}
	return rep, nil
}

// benchFiles expands directories into their files, in name order.
func benchFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(path)); ext == ".jsonl" || ext == ".ndjson" || ext == ".txt" || ext == ".md" || ext == ".text" {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// benchRead streams the articles of one file to yield, which returns
// false to stop. Bad lines are counted in skipped, not fatal.
func benchRead(ctx context.Context, path string, maxSize int64, yield func(*vigil.Article) bool, skipped *int) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	if !isJSONLName(path) {
		b, err := io.ReadAll(io.LimitReader(f, maxSize+1))
		if err != nil {
			return fmt.Errorf("corpus %s: %w", path, err)
		}
		if int64(len(b)) > maxSize {
			*skipped++
			return nil
		}
		yield(&vigil.Article{ID: vigil.ArticleID(string(b)), Text: string(b)})
		return nil
	}
	var readErr error
	stop := errors.New("stop")
	// It ends with ctx's error or stop, neither a fault of the corpus.
	_ = ingest.EachRecordLine(ctx, f, path, maxSize, func(_ string, line []byte) error {
		if len(line) == 0 {
			return nil
		}
		a, perr := ingest.ParseRecord(line)
		if perr != nil {
			*skipped++
			return nil
		}
		if a.Title == "NA" {
			a.Title = ""
		}
		if !yield(a) {
			return stop
		}
		return nil
	}, func(_ string, err error) {
		if errors.Is(err, ingest.ErrTooLarge) {
			*skipped++
		} else {
			readErr = fmt.Errorf("corpus %s: %w", path, err)
		}
	})
	return readErr
}
