package text

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jdkato/prose/v2"
	"github.com/vigil-ews/vigil/internal/shared"
)

// The benchmarks report sentences/s for split + tokenise + tag. Compare
// them within one run: go test -bench . -benchtime 2s ./text
//
// BenchmarkAnalyze            our text (testdata/bench-article.txt)
// BenchmarkAnalyzeWeb         the same with the page-debris rules
// BenchmarkAnalyzeParallel    the same on all cores (Analyze is concurrent)
// BenchmarkProse              prose/v2 on the same text, model shared
// BenchmarkProseTagOnly       prose/v2 tokenizer+tagger on our sentences
// BenchmarkAnalyzeKCNA        the KCNA stories of ../shared (skipped if absent)

func benchText(b *testing.B) string {
	src, err := os.ReadFile("testdata/bench-article.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(src)
}

func benchAnalyze(b *testing.B, src string, opts Options) {
	DefaultTagger() // load the model outside the timing
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	sents := 0
	cpu := cpuTime()
	for b.Loop() {
		sents += len(Analyze(src, opts).Sentences)
	}
	reportRates(b, sents, cpu)
}

// reportRates reports sentences per wall-clock second and per CPU second
// (the latter is what one core does, whatever else the machine runs).
func reportRates(b *testing.B, sents int, cpuStart float64) {
	b.ReportMetric(float64(sents)/b.Elapsed().Seconds(), "sentences/s")
	if cpu := cpuTime() - cpuStart; cpu > 0 && cpuStart > 0 {
		b.ReportMetric(float64(sents)/cpu, "sentences/cpu-s")
	}
}

func BenchmarkAnalyze(b *testing.B) {
	benchAnalyze(b, benchText(b), Options{})
}

func BenchmarkAnalyzeWeb(b *testing.B) {
	benchAnalyze(b, benchText(b), Options{Web: true, ProperNames: testProperNames})
}

func BenchmarkAnalyzeParallel(b *testing.B) {
	src := benchText(b)
	DefaultTagger()
	n := len(Analyze(src, Options{}).Sentences)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	cpu := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			Analyze(src, Options{})
		}
	})
	reportRates(b, n*b.N, cpu)
}

// BenchmarkProse is the baseline: prose/v2's own segmenter, tokenizer and
// tagger with one shared model (never NewDocument with a fresh model: that
// reloads it, 170-450 ms), entity extraction off.
func BenchmarkProse(b *testing.B) {
	src := benchText(b)
	m := proseModel()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	sents := 0
	cpu := cpuTime()
	for b.Loop() {
		doc, err := prose.NewDocument(src, prose.UsingModel(m), prose.WithExtraction(false))
		if err != nil {
			b.Fatal(err)
		}
		sents += len(doc.Sentences())
	}
	reportRates(b, sents, cpu)
}

// BenchmarkProseTagOnly gives prose/v2 our sentences one by one, so that
// only its tokenizer and tagger run (its Punkt segmenter is rebuilt for
// every document, which dominates BenchmarkProse).
func BenchmarkProseTagOnly(b *testing.B) {
	var sents []string
	for _, s := range Analyze(benchText(b), Options{}).Sentences {
		sents = append(sents, s.Text)
	}
	m := proseModel()
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		for _, s := range sents {
			if _, err := prose.NewDocument(s, prose.UsingModel(m), prose.WithSegmentation(false), prose.WithExtraction(false)); err != nil {
				b.Fatal(err)
			}
		}
		n += len(sents)
	}
	reportRates(b, n, cpu)
}

// BenchmarkTaggerLoad measures what the first Analyze of a process pays.
func BenchmarkTaggerLoad(b *testing.B) {
	cpu := cpuTime()
	for b.Loop() {
		if _, err := loadProseTagger(); err != nil {
			b.Fatal(err)
		}
	}
	if used := cpuTime() - cpu; used > 0 && cpu > 0 {
		b.ReportMetric(used/float64(b.N)*1e3, "cpu-ms/op")
	}
}

// kcnaStories reads up to n stories of the KCNA corpus (skips when absent).
func kcnaStories(tb testing.TB, n int) []string {
	tb.Helper()
	dir := shared.Path(tb, "corpus/kcna-stories")
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no KCNA stories in %s", dir)
	}
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() && len(out) < n {
			var rec struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				fh.Close()
				tb.Fatalf("%s: %v", f, err)
			}
			out = append(out, rec.Text)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		if len(out) >= n {
			break
		}
	}
	return out
}

func BenchmarkAnalyzeKCNA(b *testing.B) {
	b.Run("plain", func(b *testing.B) { benchKCNA(b, Options{}) })
	// With a ProperNames lookup as the actor package supplies it: every
	// lower-case word and phrase of up to four words is looked up.
	b.Run("proper-names", func(b *testing.B) { benchKCNA(b, Options{ProperNames: testProperNames}) })
}

func benchKCNA(b *testing.B, opts Options) {
	stories := kcnaStories(b, 1000)
	DefaultTagger()
	b.ReportAllocs()
	b.ResetTimer()
	sents, size := 0, 0
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		s := stories[i%len(stories)]
		i++
		sents += len(Analyze(s, opts).Sentences)
		size += len(s)
	}
	reportRates(b, sents, cpu)
	b.ReportMetric(float64(size)/b.Elapsed().Seconds()/1e6, "MB/s")
}

// BenchmarkTag measures the tagger alone on the sentences of our text.
func BenchmarkTag(b *testing.B) {
	doc := Analyze(benchText(b), Options{})
	tg := DefaultTagger()
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		for _, s := range doc.Sentences {
			tg.Tag(s.Tokens)
		}
		n += len(doc.Sentences)
	}
	reportRates(b, n, cpu)
}
