package server

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// svgElements parses an SVG document and counts its elements by
// "name.class"; it fails the test when the markup is not well-formed XML.
func svgElements(t *testing.T, svg string) map[string]int {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	out := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			key := se.Name.Local
			for _, a := range se.Attr {
				if a.Name.Local == "class" {
					key += "." + a.Value
				}
			}
			out[key]++
		}
	}
}

func TestDyadChart(t *testing.T) {
	ser := &Series{A: "PRK", B: "KOR", Since: "2024-10-01", Until: "2024-10-31", Days: []store.DayStat{
		{Date: "2024-10-09", Count: 1, Quad: [4]int{0, 0, 0, 1}, Goldstein: -9},
		{Date: "2024-10-11", Count: 2, Quad: [4]int{0, 0, 2, 0}, Goldstein: -8},
		{Date: "2024-10-15", Count: 3, Quad: [4]int{1, 0, 0, 2}, Goldstein: -16},
	}}
	for _, tc := range []struct {
		name string
		esc  []Point
		line string
	}{
		{"goldstein", nil, "Goldstein sum per day"},
		{"escalation", []Point{{"2024-10-09", 1.5}, {"2024-10-15", 3.2}}, "escalation score"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ser.Escalation = tc.esc
			svg := string(dyadChart(ser, `PRK → KOR <script>alert(1)</script>`))
			els := svgElements(t, svg)
			if els["rect.q4"] != 2+1 { // two days with material conflict, plus the legend swatch
				t.Errorf("rect.q4 = %d, want 3", els["rect.q4"])
			}
			if els["rect.q3"] != 1+1 || els["rect.q1"] != 1+1 {
				t.Errorf("rect.q3 = %d, rect.q1 = %d, want 2 each", els["rect.q3"], els["rect.q1"])
			}
			if els["g.day"] != 3 || els["path.line"] != 1 {
				t.Errorf("g.day = %d path.line = %d", els["g.day"], els["path.line"])
			}
			if strings.Contains(svg, "<script") {
				t.Error("title text reached the SVG unescaped")
			}
			if !strings.Contains(svg, tc.line) {
				t.Errorf("line panel is not labelled %q", tc.line)
			}
			// Bars stay inside the plot.
			for _, m := range regexp.MustCompile(`<rect class="q\d" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"`).FindAllStringSubmatch(svg, -1) {
				x, _ := strconv.ParseFloat(m[1], 64)
				y, _ := strconv.ParseFloat(m[2], 64)
				h, _ := strconv.ParseFloat(m[4], 64)
				if x < 0 || x > 800 || y < 0 || y+h > 330 {
					t.Errorf("bar out of bounds: %s", m[0])
				}
			}
			if again := string(dyadChart(ser, `PRK → KOR <script>alert(1)</script>`)); again != svg {
				t.Error("the same series drew a different chart")
			}
		})
	}
}

func TestDyadChartEmpty(t *testing.T) {
	svg := string(dyadChart(&Series{Since: "2024-10-02", Until: "2024-10-01"}, "empty"))
	svgElements(t, svg)
	if !strings.Contains(svg, "no events") {
		t.Error("an empty range does not say so")
	}
	svg = string(dyadChart(&Series{Since: "2024-01-01", Until: "2024-12-31"}, "no data"))
	if els := svgElements(t, svg); els["g.day"] != 0 {
		t.Errorf("days drawn without data: %d", els["g.day"])
	}
}

func TestSparkline(t *testing.T) {
	ser := &Series{Since: "2024-09-01", Until: "2024-10-15", Days: []store.DayStat{
		{Date: "2024-10-15", Count: 2, Quad: [4]int{0, 0, 1, 1}},
		{Date: "2024-10-01", Count: 1, Quad: [4]int{1, 0, 0, 0}}, // cooperation: not drawn
	}}
	els := svgElements(t, string(sparkline(ser)))
	if els["rect.q4"] != 1 {
		t.Errorf("sparkline bars = %d, want 1", els["rect.q4"])
	}
	// Cooperation only: no sparkline rather than an empty axis.
	ser.Days = ser.Days[1:]
	if got := sparkline(ser); got != "" {
		t.Errorf("sparkline of a span without conflict: %s", got)
	}
}

func TestAllianceGraph(t *testing.T) {
	ts := []Treaty{
		{ID: "rus-prk-2024", Name: "Russia–DPRK Comprehensive Strategic Partnership", Parties: []string{"RUS", "PRK"}, Status: "signed"},
		{ID: "chn-prk-1961", Name: "Sino-North Korean Treaty", Parties: []string{"CHN", "PRK"}, Status: "in_force", InForce: true},
		{ID: "usa-kor-1953", Name: "US–ROK Mutual Defense Treaty", Parties: []string{"USA", "KOR"}, Status: "in_force", InForce: true},
		{ID: "anzus", Name: "ANZUS <Treaty>", Parties: []string{"AUS", "NZL", "USA"}, Status: "suspended"},
	}
	names := func(c string) string { return map[string]string{"PRK": "North Korea", "KOR": "South Korea"}[c] }
	svg := string(allianceGraph(ts, map[string]bool{"PRK": true, "KOR": true}, names))
	els := svgElements(t, svg)
	if els["circle"] != 7 { // RUS PRK CHN USA KOR AUS NZL
		t.Errorf("state circles = %d, want 7", els["circle"])
	}
	if els["g.state hot"] != 2 {
		t.Errorf("hot states = %d, want 2", els["g.state hot"])
	}
	if els["g.hub"] != 1 {
		t.Errorf("hubs = %d, want 1 (ANZUS)", els["g.hub"])
	}
	if els["line.edge s-signed"] != 1 || els["line.edge s-in_force"] != 2 || els["line.edge s-suspended"] != 3 {
		t.Errorf("edges by status: %v", els)
	}
	if strings.Contains(svg, "<Treaty>") {
		t.Error("treaty name not escaped")
	}
	if again := string(allianceGraph(ts, map[string]bool{"PRK": true, "KOR": true}, names)); again != svg {
		t.Error("layout is not deterministic")
	}
	// Nodes are inside the drawing and apart from each other.
	nodes, edges := buildGraph(ts, nil, names)
	layout(nodes, edges)
	for i, a := range nodes {
		if a.x < 0 || a.x > graphW || a.y < 0 || a.y > graphH {
			t.Errorf("%s outside the drawing: %v,%v", a.id, a.x, a.y)
		}
		for _, b := range nodes[i+1:] {
			if d := math.Hypot(a.x-b.x, a.y-b.y); d < 30 {
				t.Errorf("%s and %s overlap (%.1f apart)", a.id, b.id, d)
			}
		}
	}
}

func TestParagraphsMarkSentences(t *testing.T) {
	text := "Title line\n\nNorth Korea blew up roads. Seoul protested.\n\nA quiet paragraph."
	start := strings.Index(text, "North")
	end := strings.Index(text, " Seoul")
	a := &store.ArticleDetail{Article: vigil.Article{ID: "a1", Text: text}, Sentences: []store.SentenceEvents{
		{Sentence: store.Sentence{Start: start, End: end, Text: text[start:end]}, Events: []vigil.Event{{ID: "e1", Code: "191"}}},
		{Sentence: store.Sentence{Start: end + 1, End: end + 17, Text: text[end+1 : end+17]}},
		{Sentence: store.Sentence{Start: 5, End: 9999}}, // bad offsets: ignored
	}}
	ps := paragraphs(a)
	if len(ps) != 3 {
		t.Fatalf("%d paragraphs, want 3: %+v", len(ps), ps)
	}
	var marked []string
	var all strings.Builder
	for _, p := range ps {
		for _, s := range p {
			all.WriteString(s.Text)
			if s.Mark {
				marked = append(marked, s.Text)
			}
		}
	}
	if len(marked) != 1 || marked[0] != "North Korea blew up roads." {
		t.Errorf("marked %q", marked)
	}
	if got := all.String(); got != strings.ReplaceAll(text, "\n\n", "") {
		t.Errorf("text lost or changed: %q", got)
	}
}

func TestSnippetSegments(t *testing.T) {
	segs := snippetSegments("the «roads» were «blown up» by <b>")
	var b strings.Builder
	for _, s := range segs {
		if s.Mark {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	if b.String() != "the [roads] were [blown up] by <b>" {
		t.Errorf("got %q", b.String())
	}
}

func TestDayRange(t *testing.T) {
	if n := len(dayRange("2024-02-27", "2024-03-01")); n != 4 { // leap year
		t.Errorf("%d days, want 4", n)
	}
	if dayRange("x", "2024-01-01") != nil || dayRange("2024-01-02", "2024-01-01") != nil {
		t.Error("bad ranges give days")
	}
	_ = time.Now
}
