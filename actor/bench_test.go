package actor

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/vigil-ews/vigil/internal/shared"
	"github.com/vigil-ews/vigil/text"
)

// benchCorpus returns about 1 MB of KCNA stories from the shared corpus.
func benchCorpus(b *testing.B) []string {
	b.Helper()
	f, err := os.Open(shared.Path(b, "corpus/kcna-stories/kcna_en_2011-03.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var docs []string
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && n < 1<<20 {
		var s struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, s.Text)
		n += len(s.Text)
	}
	return docs
}

// BenchmarkLoad measures loading the whole embedded knowledge base.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolve measures the resolver alone on pre-tokenised text: one
// context per article, Resolve per sentence (here: per paragraph line).
func BenchmarkResolve(b *testing.B) {
	kb := loadKB(b)
	docs := benchCorpus(b)
	toks := make([][]text.Token, len(docs))
	size := 0
	for i, d := range docs {
		toks[i] = Tokens(d)
		size += len(d)
	}
	date := time.Date(2011, 3, 1, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, d := range docs {
			ctx := kb.NewContext(date, d)
			kb.Resolve(ctx, toks[i])
		}
	}
}

// BenchmarkResolveNoScan is BenchmarkResolve without the per-article
// context scan, to show what the scan costs.
func BenchmarkResolveNoScan(b *testing.B) {
	kb := loadKB(b)
	docs := benchCorpus(b)
	toks := make([][]text.Token, len(docs))
	size := 0
	for i, d := range docs {
		toks[i] = Tokens(d)
		size += len(d)
	}
	date := time.Date(2011, 3, 1, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i := range docs {
			ctx := kb.NewContext(date, "")
			kb.Resolve(ctx, toks[i])
		}
	}
}

// BenchmarkAnalyzeResolve measures text.Analyze (sentences, tokens,
// tags) followed by resolving every sentence: the coder's path.
func BenchmarkAnalyzeResolve(b *testing.B) {
	kb := loadKB(b)
	docs := benchCorpus(b)
	docs = docs[:len(docs)/8] // the tagger is the slow part: keep the run short
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	date := time.Date(2011, 3, 1, 0, 0, 0, 0, time.UTC)
	text.Analyze("warm up the tagger.", text.Options{})
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, d := range docs {
			doc := text.Analyze(d, text.Options{ProperNames: kb.ProperName})
			ctx := kb.NewContext(date, d)
			for _, s := range doc.Sentences {
				kb.Resolve(ctx, s.Tokens)
			}
		}
	}
}
