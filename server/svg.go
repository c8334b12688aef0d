package server

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/store"
)

// The charts are SVG drawn here rather than by a charting library: they
// are small, need no script (so they render under the CSP and without
// network), take their colours from the stylesheet through classes, carry
// <title> tooltips for every mark, and come out byte-for-byte the same for
// the same data, which the tests rely on.

// svgWriter accumulates SVG markup; text goes through esc.
type svgWriter struct{ strings.Builder }

func (w *svgWriter) f(format string, a ...any) { fmt.Fprintf(&w.Builder, format, a...) }

func esc(s string) string { return html.EscapeString(s) }

// num prints a coordinate with at most two decimals.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// dayRange lists every day from since to until inclusive.
func dayRange(since, until string) []string {
	a, err1 := time.Parse(vigil.DateLayout, since)
	b, err2 := time.Parse(vigil.DateLayout, until)
	if err1 != nil || err2 != nil || b.Before(a) {
		return nil
	}
	var out []string
	for d := a; !d.After(b) && len(out) < 3700; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(vigil.DateLayout))
	}
	return out
}

// niceMax rounds v up to 1, 2 or 5 times a power of ten, for axis ticks.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// quadLabels name the stacked classes of the chart.
var quadLabels = [4]string{"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}

// dyadChart draws a dyad's series: daily events stacked by quad class on
// top, and below it the escalation score when known, else the daily
// Goldstein sum (conflict below the zero line).
func dyadChart(ser *Series, title string) template.HTML {
	days := dayRange(ser.Since, ser.Until)
	byDay := map[string]store.DayStat{}
	for _, d := range ser.Days {
		byDay[d.Date] = d
	}
	const (
		W, H         = 800.0, 330.0
		left, right  = 44.0, 12.0
		top1, h1     = 28.0, 170.0
		top2, h2     = 228.0, 72.0
		axisLabelPad = 4.0
	)
	plotW := W - left - right
	n := len(days)
	var w svgWriter
	w.f(`<svg class="chart" viewBox="0 0 %s %s" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">`, num(W), num(H))
	w.f(`<title id="chart-title">%s</title>`, esc(title))
	if n == 0 {
		w.f(`<text x="%s" y="%s" class="empty">no events in this range</text></svg>`, num(W/2), num(H/2))
		return template.HTML(w.String())
	}
	maxCount := 0.0
	for _, d := range ser.Days {
		maxCount = math.Max(maxCount, float64(d.Count))
	}
	ymax := niceMax(maxCount)
	bw := plotW / float64(n)
	// Panel 1: grid, axis, stacked bars.
	w.f(`<text x="%s" y="16" class="panel-title">events per day</text>`, num(left))
	for i := 0; i <= 4; i++ {
		v := ymax * float64(i) / 4
		y := top1 + h1 - h1*v/ymax
		w.f(`<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(left), num(W-right), num(y), num(y))
		if v == math.Trunc(v) {
			w.f(`<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, num(left-axisLabelPad), num(y+4), num(v))
		}
	}
	w.f(`<g class="bars">`)
	for i, day := range days {
		d, ok := byDay[day]
		if !ok || d.Count == 0 {
			continue
		}
		x := left + float64(i)*bw
		y := top1 + h1
		tip := fmt.Sprintf("%s: %d events", day, d.Count)
		for q := 0; q < 4; q++ {
			if d.Quad[q] > 0 {
				tip += fmt.Sprintf(", %d %s", d.Quad[q], quadLabels[q])
			}
		}
		tip += fmt.Sprintf("; Goldstein %s", num(d.Goldstein))
		w.f(`<g class="day"><title>%s</title>`, esc(tip))
		for q := 0; q < 4; q++ {
			if d.Quad[q] == 0 {
				continue
			}
			h := h1 * float64(d.Quad[q]) / ymax
			y -= h
			w.f(`<rect class="q%d" x="%s" y="%s" width="%s" height="%s"/>`, q+1, num(x+bw*0.1), num(y), num(math.Max(bw*0.8, 1)), num(h))
		}
		w.f(`</g>`)
	}
	w.f(`</g>`)
	// Panel 2: escalation (or Goldstein) as a line around a zero axis.
	values := make([]float64, n)
	label := "Goldstein sum per day"
	if len(ser.Escalation) > 0 {
		label = "escalation score"
		byD := map[string]float64{}
		for _, p := range ser.Escalation {
			byD[p.Date] = p.Value
		}
		for i, day := range days {
			values[i] = byD[day]
		}
	} else {
		for i, day := range days {
			values[i] = byDay[day].Goldstein
		}
	}
	vmax := 0.0
	for _, v := range values {
		vmax = math.Max(vmax, math.Abs(v))
	}
	vmax = niceMax(vmax)
	zero := top2 + h2/2
	w.f(`<text x="%s" y="%s" class="panel-title">%s</text>`, num(left), num(top2-8), esc(label))
	w.f(`<line class="axis" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(left), num(W-right), num(zero), num(zero))
	w.f(`<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, num(left-axisLabelPad), num(top2+4), num(vmax))
	w.f(`<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, num(left-axisLabelPad), num(top2+h2+4), num(-vmax))
	var path strings.Builder
	for i, v := range values {
		x := left + (float64(i)+0.5)*bw
		y := zero - (h2/2)*v/vmax
		if i == 0 {
			fmt.Fprintf(&path, "M%s %s", num(x), num(y))
		} else {
			fmt.Fprintf(&path, "L%s %s", num(x), num(y))
		}
	}
	w.f(`<path class="line" d="%s"/>`, path.String())
	for i, v := range values {
		if byDay[days[i]].Count == 0 {
			continue // dots mark days with events; the line shows the rest
		}
		x := left + (float64(i)+0.5)*bw
		y := zero - (h2/2)*v/vmax
		w.f(`<circle class="dot" cx="%s" cy="%s" r="2.5"><title>%s: %s</title></circle>`, num(x), num(y), days[i], num(v))
	}
	// X axis: month ticks (or the ends for short ranges).
	w.f(`<g class="xaxis">`)
	for i, day := range days {
		if i == 0 || strings.HasSuffix(day, "-01") {
			x := left + float64(i)*bw
			w.f(`<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(x), num(x), num(top1), num(top2+h2))
			w.f(`<text class="tick" x="%s" y="%s">%s</text>`, num(x+2), num(H-10), esc(monthLabel(day)))
		}
	}
	w.f(`</g>`)
	// Legend.
	// Legend, right-aligned, each entry as wide as its label (about 7 px
	// a character at 11 px).
	lx := W - right
	for q := 3; q >= 0; q-- {
		lx -= 14 + 7.2*float64(len(quadLabels[q])) + 10
	}
	for q := 0; q < 4; q++ {
		w.f(`<rect class="q%d" x="%s" y="6" width="10" height="10"/><text class="legend" x="%s" y="15">%s</text>`, q+1, num(lx), num(lx+14), quadLabels[q])
		lx += 14 + 7.2*float64(len(quadLabels[q])) + 10
	}
	w.f(`</svg>`)
	return template.HTML(w.String())
}

func monthLabel(day string) string {
	t, err := time.Parse(vigil.DateLayout, day)
	if err != nil {
		return day
	}
	if t.Day() == 1 {
		return t.Format("Jan 2006")
	}
	return t.Format("2 Jan 2006")
}

// sparkline draws conflict events (quads 3 and 4) per day as small bars,
// for the warning cards.
func sparkline(ser *Series) template.HTML {
	days := dayRange(ser.Since, ser.Until)
	if len(days) == 0 {
		return ""
	}
	byDay := map[string]store.DayStat{}
	maxv := 0
	for _, d := range ser.Days {
		byDay[d.Date] = d
		maxv = max(maxv, d.Quad[2]+d.Quad[3])
	}
	if maxv == 0 {
		return "" // no conflict in the span: an empty axis says nothing
	}
	const W, H = 240.0, 40.0
	bw := W / float64(len(days))
	var w svgWriter
	w.f(`<svg class="spark" viewBox="0 0 %s %s" role="img" xmlns="http://www.w3.org/2000/svg"><title>conflict events per day, %s to %s</title>`, num(W), num(H), ser.Since, ser.Until)
	w.f(`<line class="axis" x1="0" x2="%s" y1="%s" y2="%s"/>`, num(W), num(H-0.5), num(H-0.5))
	for i, day := range days {
		d := byDay[day]
		c := d.Quad[2] + d.Quad[3]
		if c == 0 {
			continue
		}
		h := (H - 2) * float64(c) / float64(maxv)
		w.f(`<rect class="q4" x="%s" y="%s" width="%s" height="%s"><title>%s: %d</title></rect>`, num(float64(i)*bw), num(H-h), num(math.Max(bw*0.9, 1)), num(h), day, c)
	}
	w.f(`</svg>`)
	return template.HTML(w.String())
}

// codeName is "191 Impose blockade, restrict movement" style text.
func codeName(code string) string {
	if c, ok := cameo.Lookup(code); ok {
		return c.Name
	}
	return ""
}
