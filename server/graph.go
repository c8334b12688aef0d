package server

import (
	"html/template"
	"math"
	"slices"
	"strings"
)

// The alliance graph: states are nodes, treaties are edges coloured by
// their status on the date shown. A treaty of more than two parties (NATO,
// CSTO) would be a clique of hundreds of edges, so it is drawn as a small
// square hub joined to each member instead. Positions come from a
// force-directed layout (Fruchterman–Reingold) computed here, from a
// deterministic start on a circle, so the same register always gives the
// same picture.

type gnode struct {
	id    string // state code, or "treaty:ID" for a hub
	label string
	hub   bool
	hot   bool // a side of an active warning
	x, y  float64
}

type gedge struct {
	a, b   int
	treaty Treaty
}

// graphSize is the drawing area of the alliance graph.
const graphW, graphH = 900.0, 640.0

// allianceGraph lays out and draws the treaties. hot marks states with
// active warnings.
func allianceGraph(ts []Treaty, hot map[string]bool, names func(string) string) template.HTML {
	nodes, edges := buildGraph(ts, hot, names)
	layout(nodes, edges)
	var w svgWriter
	w.f(`<svg class="graph" viewBox="0 0 %s %s" role="img" aria-labelledby="graph-title" xmlns="http://www.w3.org/2000/svg">`, num(graphW), num(graphH))
	w.f(`<title id="graph-title">Alliance graph: %d states, %d treaties</title>`, countStates(nodes), len(ts))
	if len(nodes) == 0 {
		w.f(`<text class="empty" x="%s" y="%s">no treaties in the register</text></svg>`, num(graphW/2), num(graphH/2))
		return template.HTML(w.String())
	}
	w.f(`<g class="edges">`)
	for _, e := range edges {
		a, b := nodes[e.a], nodes[e.b]
		w.f(`<line class="edge s-%s" x1="%s" y1="%s" x2="%s" y2="%s"><title>%s — %s</title></line>`,
			statusClass(e.treaty.Status), num(a.x), num(a.y), num(b.x), num(b.y), esc(e.treaty.Name), esc(statusLabel(e.treaty.Status)))
	}
	w.f(`</g><g class="nodes">`)
	for _, n := range nodes {
		if n.hub {
			w.f(`<g class="hub"><rect x="%s" y="%s" width="12" height="12"/><title>%s</title></g>`,
				num(n.x-6), num(n.y-6), esc(n.label))
			continue
		}
		cls := "state"
		if n.hot {
			cls += " hot"
		}
		w.f(`<a href="/events?country=%s"><g class="%s" data-state="%s"><circle cx="%s" cy="%s" r="15"/><text x="%s" y="%s" text-anchor="middle">%s</text><title>%s</title></g></a>`,
			esc(n.id), cls, esc(n.id), num(n.x), num(n.y), num(n.x), num(n.y+4), esc(n.id), esc(n.label))
	}
	// Treaty names last, over the circles, on a halo of the background.
	w.f(`</g><g class="hub-labels">`)
	for _, n := range nodes {
		if n.hub {
			w.f(`<text class="hub-label" x="%s" y="%s">%s</text>`, num(n.x+9), num(n.y-8), esc(shortName(n.label)))
		}
	}
	w.f(`</g></svg>`)
	return template.HTML(w.String())
}

func countStates(nodes []gnode) int {
	n := 0
	for _, x := range nodes {
		if !x.hub {
			n++
		}
	}
	return n
}

func shortName(s string) string {
	if len([]rune(s)) <= 22 {
		return s
	}
	return string([]rune(s)[:21]) + "…"
}

func buildGraph(ts []Treaty, hot map[string]bool, names func(string) string) ([]gnode, []gedge) {
	ts = slices.Clone(ts)
	slices.SortFunc(ts, func(a, b Treaty) int { return strings.Compare(a.ID, b.ID) })
	index := map[string]int{}
	var nodes []gnode
	node := func(id, label string, hub bool) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(nodes)
		nodes = append(nodes, gnode{id: id, label: label, hub: hub, hot: !hub && hot[id]})
		return len(nodes) - 1
	}
	var edges []gedge
	for _, t := range ts {
		parties := slices.Clone(t.Parties)
		slices.Sort(parties)
		parties = slices.Compact(parties)
		switch {
		case len(parties) == 2:
			a := node(parties[0], names(parties[0]), false)
			b := node(parties[1], names(parties[1]), false)
			edges = append(edges, gedge{a: a, b: b, treaty: t})
		case len(parties) > 2:
			h := node("treaty:"+t.ID, t.Name, true)
			for _, p := range parties {
				edges = append(edges, gedge{a: h, b: node(p, names(p), false), treaty: t})
			}
		}
	}
	return nodes, edges
}

// layout runs Fruchterman–Reingold for a fixed number of rounds from
// positions on a circle in node order: deterministic, and for the few
// dozen states of a treaty register it takes well under a millisecond per
// round.
func layout(nodes []gnode, edges []gedge) {
	n := len(nodes)
	if n == 0 {
		return
	}
	const margin = 40.0
	cx, cy := graphW/2, graphH/2
	for i := range nodes {
		a := 2 * math.Pi * float64(i) / float64(n)
		nodes[i].x = cx + (graphW/2-margin)*0.8*math.Cos(a)
		nodes[i].y = cy + (graphH/2-margin)*0.8*math.Sin(a)
	}
	if n == 1 {
		nodes[0].x, nodes[0].y = cx, cy
		return
	}
	area := (graphW - 2*margin) * (graphH - 2*margin)
	k := math.Sqrt(area/float64(n)) * 0.55
	temp := graphW / 8
	dx := make([]float64, n)
	dy := make([]float64, n)
	const rounds = 300
	for round := 0; round < rounds; round++ {
		clear(dx)
		clear(dy)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				ddx, ddy := nodes[i].x-nodes[j].x, nodes[i].y-nodes[j].y
				d := math.Max(math.Hypot(ddx, ddy), 0.01)
				f := k * k / d
				dx[i] += ddx / d * f
				dy[i] += ddy / d * f
				dx[j] -= ddx / d * f
				dy[j] -= ddy / d * f
			}
		}
		for _, e := range edges {
			ddx, ddy := nodes[e.a].x-nodes[e.b].x, nodes[e.a].y-nodes[e.b].y
			d := math.Max(math.Hypot(ddx, ddy), 0.01)
			f := d * d / k
			dx[e.a] -= ddx / d * f
			dy[e.a] -= ddy / d * f
			dx[e.b] += ddx / d * f
			dy[e.b] += ddy / d * f
		}
		// Gravity toward the centre keeps separate components (two-state
		// treaties) from drifting to the edges.
		for i := range nodes {
			dx[i] += (cx - nodes[i].x) * 0.6
			dy[i] += (cy - nodes[i].y) * 0.6
			d := math.Max(math.Hypot(dx[i], dy[i]), 0.01)
			step := math.Min(d, temp)
			nodes[i].x = math.Min(graphW-margin, math.Max(margin, nodes[i].x+dx[i]/d*step))
			nodes[i].y = math.Min(graphH-margin, math.Max(margin, nodes[i].y+dy[i]/d*step))
		}
		temp = math.Max(temp*0.98, 1)
	}
	separate(nodes, margin)
}

// separate pushes apart the nodes the layout left overlapping (members of
// one crowded treaty), so that every circle and its code stay legible.
func separate(nodes []gnode, margin float64) {
	const stateGap, hubGap = 34.0, 20.0 // circles of radius 15, hubs of 12
	for round := 0; round < 100; round++ {
		moved := false
		for i := range nodes {
			for j := i + 1; j < len(nodes); j++ {
				need := stateGap
				if nodes[i].hub || nodes[j].hub {
					need = hubGap
				}
				ddx, ddy := nodes[j].x-nodes[i].x, nodes[j].y-nodes[i].y
				d := math.Hypot(ddx, ddy)
				if d >= need {
					continue
				}
				if d < 0.01 { // on top of each other: part them along a fixed direction
					a := float64(i*7+j) * 2.399963
					ddx, ddy, d = math.Cos(a), math.Sin(a), 1
				}
				push := (need - d) / 2
				nodes[i].x -= ddx / d * push
				nodes[i].y -= ddy / d * push
				nodes[j].x += ddx / d * push
				nodes[j].y += ddy / d * push
				moved = true
			}
		}
		for i := range nodes {
			nodes[i].x = math.Min(graphW-margin, math.Max(margin, nodes[i].x))
			nodes[i].y = math.Min(graphH-margin, math.Max(margin, nodes[i].y))
		}
		if !moved {
			return
		}
	}
}

// statusClass maps a treaty status to a CSS class suffix.
func statusClass(s string) string {
	switch s {
	case "in_force", "ratified", "signed", "submitted", "suspended", "withdrawn", "expired":
		return s
	}
	return "unknown"
}

func statusLabel(s string) string {
	switch s {
	case "in_force":
		return "in force"
	case "":
		return "unknown"
	}
	return strings.ReplaceAll(s, "_", " ")
}
