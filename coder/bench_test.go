package coder

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/internal/shared"
	"github.com/vigil-ews/vigil/text"
)

// kcnaArticles reads up to n stories of one month of the KCNA corpus.
func kcnaArticles(tb testing.TB, n int) []*vigil.Article {
	tb.Helper()
	path := shared.Path(tb, "corpus/kcna-stories/kcna_en_2011-01.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("KCNA corpus: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []*vigil.Article
	for sc.Scan() && len(out) < n {
		var r struct{ Date, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		d, _ := time.Parse("2006-01-02", r.Date)
		out = append(out, &vigil.Article{Text: r.Text, Published: d})
	}
	return out
}

// BenchmarkCodeKCNA measures the whole pipeline (analysis, actors, coding)
// per article; BenchmarkCodeOnlyKCNA the coder's own stage on analysed text.
func BenchmarkCodeKCNA(b *testing.B) {
	c := newTestCoder(b)
	arts := kcnaArticles(b, 200)
	b.ReportAllocs()
	sents := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, st := c.CodeTimed(arts[i%len(arts)], false)
		sents += st.Sentences
	}
	b.ReportMetric(float64(sents)/b.Elapsed().Seconds(), "sentences/s")
}

func BenchmarkCodeOnlyKCNA(b *testing.B) {
	c := newTestCoder(b)
	arts := kcnaArticles(b, 200)
	docs := make([]*text.Document, len(arts))
	sents := 0
	for i, a := range arts {
		docs[i] = text.Analyze(a.Text, text.Options{ProperNames: c.kb.ProperName})
		sents += len(docs[i].Sentences)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		k := i % len(arts)
		c.CodeDocument(arts[k], docs[k])
		n += len(docs[k].Sentences)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}
