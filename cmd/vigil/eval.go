package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"unicode/utf8"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/eval"
	"github.com/vigil-ews/vigil/ingest"
)

func init() {
	var (
		asJSON  bool
		strict  bool
		summary bool
		k       *knowledgeFlags
	)
	register(&command{
		Name:  "eval",
		Args:  "[--json] [--strict] [--summary] GOLD.jsonl...",
		Short: "score the coder against hand-coded gold files",
		Long: `Eval codes the text of every record of the gold files (with the record's
date as publication date), compares the events with the gold events as
../shared/eval/CODING.md defines it, and prints precision, recall and F1,
then every miss and false positive with its record id and sentence, so
you can see why.

Two levels are scored:
  root    (source country, target country, CAMEO root): PRKMIL→KOR 191
          and PRK→KORGOV 195 agree. A gold event's "alt" codes count by
          their roots.
  strict  full actor codes (role included) and full CAMEO codes; a
          prediction must name the gold code or one of its "alt" codes
          exactly.
At both levels a gold target "" matches any target, "optional" gold events
are neither required nor penalised, duplicates count once, and negated or
hypothetical predictions are left out. The misses and false positives
listed are the root level's; --strict lists the strict level's too.

A miss is printed with the key that was compared ("*": any target; "17|19":
either root) and the gold event as written; a false positive with the
event coded, the pattern that matched and its sentence.

--json prints one object:
  {"records":N,
   "root":{"tp":..,"fp":..,"fn":..,"precision":..,"recall":..,"f1":..},
   "strict":{...},
   "misses":[{"id","source","target","code","alt","key","text"}...],
   "false_positives":[{"id","source","target","code","key","sentence","offsets","pattern"}...],
   "strict_misses":[...], "strict_false_positives":[...],
   "flagged":N}

Eval exits 0 whatever the score; 1 only when a gold file cannot be read.

Examples:
  vigil eval ../shared/eval/dev.jsonl
  vigil eval --summary ../shared/eval/*.jsonl
  vigil eval --json ../shared/eval/dev.jsonl | jq .root.f1
  vigil eval --verbs my-verbs/ --strict ../shared/eval/dev.jsonl`,
		Flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print the report as one JSON object")
			fs.BoolVar(&strict, "strict", false, "also list the strict level's misses and false positives")
			fs.BoolVar(&summary, "summary", false, "print only the scores")
			k = addKnowledgeFlags(fs)
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) == 0 {
				return usagef("give at least one gold file, e.g. vigil eval ../shared/eval/dev.jsonl")
			}
			var recs []eval.Record
			from := map[string]string{}
			for _, path := range args {
				rs, err := eval.ReadGoldFile(path)
				if err != nil {
					return fmt.Errorf("reading gold file: %w", err)
				}
				for _, r := range rs {
					if prev, dup := from[r.ID]; dup {
						return fmt.Errorf("record id %q is in both %s and %s: ids must be unique across the gold files", r.ID, prev, path)
					}
					from[r.ID] = path
				}
				recs = append(recs, rs...)
			}
			c, err := k.coder()
			if err != nil {
				return err
			}
			preds, err := codeRecords(ctx, recs, c.Code)
			if err != nil {
				return err
			}
			rep := eval.Evaluate(recs, preds)
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			return printEvalReport(e.Stdout, rep, args, strict, summary)
		},
	})
}

// codeRecords codes every record's text in parallel (one coder shared by
// the workers: it is safe for concurrent use) and returns the events in
// record order.
func codeRecords(ctx context.Context, recs []eval.Record, code func(*vigil.Article) []vigil.Event) ([][]vigil.Event, error) {
	preds := make([][]vigil.Event, len(recs))
	idx := make(chan int)
	var wg sync.WaitGroup
	for range min(len(recs), max(1, workersDefault())) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				a := recs[i].Article()
				// A whole article copied from a page (the seed record) is
				// read as page text, as vigil code reads it.
				a.Web = ingest.LooksLikePageText(a.Text)
				preds[i] = code(a)
			}
		}()
	}
	var err error
feed:
	for i := range recs {
		select {
		case idx <- i:
		case <-ctx.Done():
			err = fmt.Errorf("interrupted after %d of %d records: %w", i, len(recs), ctx.Err())
			break feed
		}
	}
	close(idx)
	wg.Wait()
	return preds, err
}

func printEvalReport(w io.Writer, r eval.Report, files []string, strict, summary bool) error {
	fmt.Fprintf(w, "%d records from %s\n\n", r.Records, strings.Join(files, ", "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "level\tprecision\trecall\tF1\tTP\tFP\tFN")
	for _, l := range []struct {
		name string
		s    eval.Score
	}{{"root", r.Root}, {"strict", r.Strict}} {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n", l.name, l.s.Precision, l.s.Recall, l.s.F1, l.s.TP, l.s.FP, l.s.FN)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Flagged > 0 {
		fmt.Fprintf(w, "(%d negated or hypothetical predictions not scored)\n", r.Flagged)
	}
	if summary {
		return nil
	}
	printMisses(w, "root", r.Misses)
	printFalsePositives(w, "root", r.FalsePositives)
	if strict {
		printMisses(w, "strict", r.StrictMisses)
		printFalsePositives(w, "strict", r.StrictFalsePositives)
	}
	return nil
}

func printMisses(w io.Writer, level string, ms []eval.Miss) {
	fmt.Fprintf(w, "\nMisses, %s level (%d):\n", level, len(ms))
	for _, m := range ms {
		alt := ""
		if len(m.Alt) > 0 {
			alt = " alt " + strings.Join(m.Alt, ",")
		}
		fmt.Fprintf(w, "  %-10s %-24s gold %s→%s %s%s\n", m.ID, m.Key, m.Source, orDash(m.Target), m.Code, alt)
		fmt.Fprintf(w, "  %-10s %s\n", "", clip(m.Text, 200))
	}
}

func printFalsePositives(w io.Writer, level string, fps []eval.FalsePositive) {
	fmt.Fprintf(w, "\nFalse positives, %s level (%d):\n", level, len(fps))
	for _, f := range fps {
		pat := ""
		if f.Pattern != "" {
			pat = "  by " + clip(f.Pattern, 60)
		}
		fmt.Fprintf(w, "  %-10s %-24s coded %s→%s %s%s\n", f.ID, f.Key, f.Source, orDash(f.Target), f.Code, pat)
		fmt.Fprintf(w, "  %-10s %s\n", "", clip(f.Sentence, 200))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip puts s on one line and cuts it to n runes.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
