package text

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// checkDocument verifies the invariants of an analysed document: every
// offset inside the text, sentences and tokens in order and never
// overlapping, texts equal to the bytes they point at, debris disjoint
// from the body.
func checkDocument(t *testing.T, src string, d *Document) {
	t.Helper()
	if d.Text != src {
		t.Fatalf("Document.Text differs from the input")
	}
	prev := 0
	for i, s := range d.Sentences {
		if s.Start < prev || s.End <= s.Start || s.End > len(src) {
			t.Fatalf("sentence %d has bad offsets [%d,%d) after %d (len %d)", i, s.Start, s.End, prev, len(src))
		}
		if s.Text != src[s.Start:s.End] {
			t.Fatalf("sentence %d: Text %q != src[%d:%d]", i, s.Text, s.Start, s.End)
		}
		if len(s.Tokens) == 0 || s.Tokens[0].Start != s.Start || s.Tokens[len(s.Tokens)-1].End != s.End {
			t.Fatalf("sentence %d %q: tokens do not span it", i, s.Text)
		}
		if i > 0 && s.Para < d.Sentences[i-1].Para {
			t.Fatalf("sentence %d: paragraph %d after %d", i, s.Para, d.Sentences[i-1].Para)
		}
		checkTokens(t, src, s.Tokens)
		for _, tk := range s.Tokens {
			if tk.Tag == "" {
				t.Fatalf("sentence %d: token %q untagged", i, tk.Text)
			}
		}
		prev = s.End
	}
	prev = 0
	for i, x := range d.Debris {
		if x.Start < prev || x.End <= x.Start || x.End > len(src) || src[x.Start:x.End] != x.Text || x.Kind == "" {
			t.Fatalf("debris %d bad: %+v", i, x)
		}
		for _, s := range d.Sentences {
			if s.Start < x.End && x.Start < s.End {
				t.Fatalf("sentence %q overlaps debris %q", s.Text, x.Text)
			}
		}
		prev = x.End
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, c := range splitCases {
		f.Add(c.in, false, false)
	}
	files, _ := filepath.Glob("testdata/web/*.txt")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), true, true)
	}
	f.Add("Korea&#8217;s &amp; \xff\xfe &#x; &#99999999; &nbsp;&nbsp; U.S.-\n\n“", true, false)
	f.Add("...\n.\n'\"\n(\n1.\n• \n&", false, true)
	f.Fuzz(func(t *testing.T, src string, web, proper bool) {
		opts := Options{Web: web, Title: "Border Tensions Rise", Site: "Northern Watch"}
		if proper {
			opts.ProperNames = testProperNames
		}
		checkDocument(t, src, Analyze(src, opts))
	})
}

// TestInvariantsOnCorpus checks the document invariants on real text: the
// shared KCNA stories and the seed article (skipped when absent).
func TestInvariantsOnCorpus(t *testing.T) {
	for _, s := range kcnaStories(t, 300) {
		checkDocument(t, s, Analyze(s, Options{ProperNames: testProperNames}))
		checkDocument(t, s, Analyze(s, Options{Web: true}))
	}
}

// TestConcurrentAnalyze runs Analyze from several goroutines (run it with
// -race): the tagger and the rule tables are shared, read-only.
func TestConcurrentAnalyze(t *testing.T) {
	inputs := make([]string, 0, len(splitCases))
	want := make([]int, 0, len(splitCases))
	for _, c := range splitCases {
		inputs = append(inputs, c.in)
		want = append(want, len(Analyze(c.in, Options{Web: true, ProperNames: testProperNames}).Sentences))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range inputs {
				i := (k + g) % len(inputs)
				d := Analyze(inputs[i], Options{Web: true, ProperNames: testProperNames})
				if len(d.Sentences) != want[i] {
					errs <- fmt.Sprintf("goroutine %d: %q gave %d sentences, want %d", g, inputs[i], len(d.Sentences), want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
