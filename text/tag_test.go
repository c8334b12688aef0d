package text

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"
)

// taggedSentence is one hand-tagged sentence of testdata/tagged-*.txt.
type taggedSentence struct {
	raw   string
	words []string
	tags  [][]string // acceptable tags of each word
}

func readTagged(t testing.TB, path string) []taggedSentence {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []taggedSentence
	var raw string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "":
			continue
		case raw == "":
			raw = line
			continue
		}
		s := taggedSentence{raw: raw}
		for _, wt := range strings.Fields(line) {
			i := strings.LastIndexByte(wt, '/')
			if i <= 0 {
				t.Fatalf("%s:%d: %q is not word/TAG", path, n, wt)
			}
			s.words = append(s.words, wt[:i])
			s.tags = append(s.tags, strings.Split(wt[i+1:], "|"))
		}
		out = append(out, s)
		raw = ""
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// testProperNames stands in for the actor dictionary.
func testProperNames(s string) (string, bool) {
	p, ok := testProper[s]
	return p, ok
}

var testProper = map[string]string{
	"russia":             "Russia",
	"russian":            "Russian",
	"russian federation": "Russian Federation",
	"dprk":               "DPRK",
}

func accepts(tags []string, tag string) bool {
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}

// accuracy scores a tagging function on a hand-tagged set; tag returns the
// words and tags it produced for a raw sentence.
func accuracy(t *testing.T, set []taggedSentence, tag func(raw string) (words, tags []string), logErrors bool) float64 {
	t.Helper()
	right, total := 0, 0
	for _, s := range set {
		words, tags := tag(s.raw)
		total += len(s.words)
		// Align by words; a tokenisation difference costs the gold tokens
		// it covers.
		j := 0
		for i, w := range s.words {
			k := j
			for k < len(words) && k < j+3 && words[k] != w {
				k++
			}
			if k >= len(words) || words[k] != w {
				if logErrors {
					t.Errorf("%q: token %q missing from %q", s.raw, w, words)
				}
				continue
			}
			j = k + 1
			if accepts(s.tags[i], tags[k]) {
				right++
			} else if logErrors {
				t.Logf("%-14s %-5s want %-8s in %q", w, tags[k], strings.Join(s.tags[i], "|"), s.raw)
			}
		}
	}
	return float64(right) / float64(total)
}

func ourTagging(raw string) (words, tags []string) {
	d := Analyze(raw, Options{ProperNames: testProperNames})
	for _, s := range d.Sentences {
		for _, tk := range s.Tokens {
			words = append(words, tk.Text)
			tags = append(tags, tk.Tag)
		}
	}
	return words, tags
}

// rawModelTagging runs prose's model through our engine with none of our
// adaptations: tokens as printed, no lexicon, no headline or quote forms.
func rawModelTagging(raw string) (words, tags []string) {
	d := Analyze(raw, Options{})
	tg := DefaultTagger()
	for _, s := range d.Sentences {
		forms := make([]string, len(s.Tokens))
		for i, tk := range s.Tokens {
			forms[i] = tk.Text
			words = append(words, tk.Text)
		}
		for _, c := range tg.tagForms(new(tagState), forms, nil, nil) {
			tags = append(tags, tg.classes[c])
		}
	}
	return words, tags
}

var proseModel = sync.OnceValue(func() *prose.Model { return prose.ModelFromData("vigil-test") })

// proseTagging is the prose/v2 pipeline as a user would run it: one shared
// model, tokenizer and tagger, no segmentation or entity extraction.
func proseTagging(raw string) (words, tags []string) {
	doc, err := prose.NewDocument(raw, prose.UsingModel(proseModel()), prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return nil, nil
	}
	for _, tk := range doc.Tokens() {
		words = append(words, tk.Text)
		tags = append(tags, tk.Tag)
	}
	return words, tags
}

// TestTaggerAccuracy measures the tagger on hand-tagged news sentences and
// compares it with prose/v2. The numbers are recorded in doc.go.
func TestTaggerAccuracy(t *testing.T) {
	for _, c := range []struct {
		file string
		min  float64 // our tagger must reach this
	}{
		{"testdata/tagged-dev.txt", 0.97},
		{"testdata/tagged-test.txt", 0.95},
	} {
		set := readTagged(t, c.file)
		if len(set) < 30 {
			t.Fatalf("%s: %d sentences, want at least 30", c.file, len(set))
		}
		ours := accuracy(t, set, ourTagging, true)
		raw := accuracy(t, set, rawModelTagging, false)
		pr := accuracy(t, set, proseTagging, false)
		t.Logf("%s (%d sentences): ours %.3f, prose model raw %.3f, prose/v2 pipeline %.3f", c.file, len(set), ours, raw, pr)
		if ours < c.min {
			t.Errorf("%s: accuracy %.3f, want ≥ %.3f", c.file, ours, c.min)
		}
		if ours < pr {
			t.Errorf("%s: accuracy %.3f below prose/v2's %.3f", c.file, ours, pr)
		}
	}
}
