package text

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-ews/vigil/internal/shared"
)

// kcnaStories reads up to n stories of the KCNA corpus (skips when absent).
func kcnaStories(tb testing.TB, n int) []string {
	dir := shared.Path(tb, "corpus/kcna-stories")
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
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
				tb.Fatalf("%s: %v", f, err)
			}
			out = append(out, rec.Text)
		}
		fh.Close()
		if len(out) >= n {
			break
		}
	}
	return out
}

func BenchmarkAnalyzeKCNA(b *testing.B) {
	stories := kcnaStories(b, 500)
	DefaultTagger()
	b.ResetTimer()
	sents, bytes := 0, 0
	for i := 0; i < b.N; i++ {
		s := stories[i%len(stories)]
		d := Analyze(s, Options{})
		sents += len(d.Sentences)
		bytes += len(s)
	}
	b.ReportMetric(float64(sents)/b.Elapsed().Seconds(), "sentences/s")
	b.SetBytes(int64(bytes / b.N))
}
