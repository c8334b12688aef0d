package ingest

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/markusmobius/go-trafilatura"
	"github.com/vigil-ews/vigil/internal/shared"
	"golang.org/x/net/html"
)

// trafilaturaEngine is the candidate measured against readability.
var trafilaturaEngine = engine{"trafilatura", func(doc *html.Node, base *nurl.URL) mainTextResult {
	// ContentText glues a heading to the next paragraph; walking
	// ContentNode keeps one paragraph per block.
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL:     base,
		ExcludeComments: true,
		EnableFallback:  true,
		HtmlDateMode:    trafilatura.Disabled, // dates come from readMeta
	})
	if err != nil || res == nil || res.ContentNode == nil {
		return mainTextResult{}
	}
	return mainTextResult{
		text:   nodeText(res.ContentNode),
		title:  strings.TrimSpace(res.Metadata.Title),
		byline: strings.TrimSpace(res.Metadata.Author),
		site:   strings.TrimSpace(res.Metadata.Sitename),
	}
}}

// corpusPage is one page of ../shared/corpus/html with its expected text.
type corpusPage struct {
	name     string
	source   []byte
	expected string
}

// loadCorpus reads the pages that come with an expected text: Mozilla
// Readability's test pages (expected.html) and newspaper3k's (text/*.txt).
// The scrapinghub pages have no expected text and are used for speed only.
func loadCorpus(tb testing.TB) []corpusPage {
	root := shared.Path(tb, "corpus/html")
	var pages []corpusPage
	dirs, _ := filepath.Glob(filepath.Join(root, "readability", "*", "source.html"))
	for _, src := range dirs {
		dir := filepath.Dir(src)
		b, err := os.ReadFile(src)
		if err != nil {
			tb.Fatal(err)
		}
		exp, err := os.ReadFile(filepath.Join(dir, "expected.html"))
		if err != nil {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(exp))
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, corpusPage{"readability/" + filepath.Base(dir), b, nodeText(doc)})
	}
	htmls, _ := filepath.Glob(filepath.Join(root, "newspaper3k", "html", "*.html"))
	for _, src := range htmls {
		base := strings.TrimSuffix(filepath.Base(src), ".html")
		exp, err := os.ReadFile(filepath.Join(root, "newspaper3k", "text", base+".txt"))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, corpusPage{"newspaper3k/" + base, b, string(exp)})
	}
	if len(pages) == 0 {
		tb.Skip("no corpus pages with expected text")
	}
	return pages
}

// words splits text into lower-case word tokens for scoring: punctuation and
// layout differences between extractors are not what is measured.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// tokenF1 is the token-level F1 of got against want, counting tokens as a
// multiset (the measure of the article-extraction benchmarks).
func tokenF1(got, want string) (p, r, f float64) {
	g, w := words(got), words(want)
	if len(g) == 0 || len(w) == 0 {
		return 0, 0, 0
	}
	bag := map[string]int{}
	for _, t := range w {
		bag[t]++
	}
	common := 0
	for _, t := range g {
		if bag[t] > 0 {
			bag[t]--
			common++
		}
	}
	p, r = float64(common)/float64(len(g)), float64(common)/float64(len(w))
	if common == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

func extractWith(e engine, b []byte) string {
	s, err := decodeHTML(b, "")
	if err != nil {
		return ""
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	return e.extract(doc, nil).text
}

// TestExtractionF1 measures both candidate engines on the shared corpus and
// guards the chosen one against regressions. Run with -v to see per-page scores.
func TestExtractionF1(t *testing.T) {
	pages := loadCorpus(t)
	scores := map[string]float64{}
	for _, e := range []engine{readabilityEngine, trafilaturaEngine} {
		var sum, sumRdb, sumNp float64
		var nRdb, nNp int
		for _, pg := range pages {
			p, r, f := tokenF1(extractWith(e, pg.source), pg.expected)
			t.Logf("%-12s %-40s P %.3f R %.3f F1 %.3f", e.name, pg.name, p, r, f)
			sum += f
			if strings.HasPrefix(pg.name, "readability/") {
				sumRdb += f
				nRdb++
			} else {
				sumNp += f
				nNp++
			}
		}
		scores[e.name] = sum / float64(len(pages))
		t.Logf("%s: mean F1 %.3f over %d pages (readability set %.3f over %d, newspaper3k set %.3f over %d)",
			e.name, scores[e.name], len(pages), sumRdb/float64(max(nRdb, 1)), nRdb, sumNp/float64(max(nNp, 1)), nNp)
	}
	if got := scores[defaultEngine.name]; got < 0.85 {
		t.Errorf("default engine %s: mean F1 %.3f, below the 0.85 floor", defaultEngine.name, got)
	}
}

// BenchmarkExtract reports pages/s of the full ExtractHTML path (decode,
// parse, metadata, main text, language) and of each engine alone.
func BenchmarkExtract(b *testing.B) {
	root := shared.Path(b, "corpus/html")
	var pages [][]byte
	for _, pat := range []string{"readability/*/source.html", "newspaper3k/html/*.html", "scrapinghub-conflict/*.html"} {
		files, _ := filepath.Glob(filepath.Join(root, pat))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			pages = append(pages, data)
		}
	}
	run := func(b *testing.B, f func([]byte)) {
		var bytes int64
		for _, p := range pages {
			bytes += int64(len(p))
		}
		b.SetBytes(bytes / int64(len(pages)))
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			f(pages[i%len(pages)])
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	}
	b.Run("ExtractHTML", func(b *testing.B) {
		run(b, func(p []byte) { ExtractHTML(p, "", "") })
	})
	for _, e := range []engine{readabilityEngine, trafilaturaEngine} {
		b.Run(fmt.Sprintf("engine=%s", e.name), func(b *testing.B) {
			run(b, func(p []byte) { extractWith(e, p) })
		})
	}
}
