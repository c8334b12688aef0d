package watch

import (
	"slices"
	"sort"
	"strings"

	"github.com/vigil-ews/vigil"
)

// rec is what the watcher keeps of an event that can show a rule step:
// small, and without pointers into the caller's event.
type rec struct {
	id, article string
	day         day
	keep        day // days the rules it can show need it (their longest window)
	srcC, tgtC  sid // sides (see sideOf); tgtC noSide when untargeted
	code        string
	sentence    string
	// clauses lists the rule clauses the event fits regardless of the dyad
	// (action, roles, countries, words); by and toward are checked against
	// each dyad when a rule is evaluated.
	clauses []clauseHit
	// named lists the other sides an untargeted event's sentence names
	// (Options.Names); it counts for no dyad with a side it does not name.
	named []sid
}

type clauseHit struct {
	rule, step, clause uint8
}

// untargeted reports whether the event names no other side.
func (r *rec) untargeted() bool { return r.tgtC == noSide }

// sideOf returns the dyad side of an actor code: its country, or for an
// international organisation the whole code (IGOUNO and IGOWSTNAT are
// different sides).
func sideOf(code string) string {
	if strings.HasPrefix(code, "IGO") {
		return code
	}
	if len(code) < 3 {
		return code
	}
	return code[:3]
}

// hasRole reports whether the actor code carries the role: CODING.md codes
// are country + role ("PRKMIL"); some coders chain roles ("PRKGOVMIL").
func hasRole(code string, roles []string) bool {
	if strings.HasPrefix(code, "IGO") || len(code) <= 3 {
		return false
	}
	rest := code[3:]
	for len(rest) >= 3 {
		if slices.Contains(roles, rest[:3]) {
			return true
		}
		rest = rest[3:]
	}
	return false
}

// staticMatch reports whether the clause's dyad-independent filters fit the
// event. words gives the words of the event's own clause, which Words must
// find (see clause.go); sentence the words of its whole sentence, which
// Without must not: a sentence about a trade treaty is not about arms,
// whichever clause says "trade". Both are computed on demand.
func (c *Clause) staticMatch(e *vigil.Event, srcC, tgtC string, words, sentence func() []string) bool {
	if !c.actionMatch(e) {
		return false
	}
	if len(c.SourceRoles) > 0 && !hasRole(e.Source, c.SourceRoles) {
		return false
	}
	if len(c.TargetRoles) > 0 && !hasRole(e.Target, c.TargetRoles) {
		return false
	}
	if len(c.SourceCountries) > 0 && !slices.Contains(c.SourceCountries, srcC) {
		return false
	}
	if len(c.TargetCountries) > 0 && !slices.Contains(c.TargetCountries, tgtC) {
		return false
	}
	// Untargeted events can only show toward:none/any clauses, targeted
	// ones only counterpart/any: decided here, once.
	if tgtC == "" && c.Toward == TowardCounterpart {
		return false
	}
	if tgtC != "" && c.Toward == TowardNone {
		return false
	}
	if c.Words.Len() > 0 && !c.Words.In(words()) {
		return false
	}
	if c.Without.Len() > 0 && c.Without.In(sentence()) {
		return false
	}
	return true
}

func (c *Clause) actionMatch(e *vigil.Event) bool {
	any := false
	if len(c.Codes) > 0 {
		any = true
		for _, p := range c.Codes {
			if strings.HasPrefix(e.Code, p) {
				return true
			}
		}
	}
	if len(c.Roots) > 0 {
		any = true
		root := e.Root
		if root == "" && len(e.Code) >= 2 {
			root = e.Code[:2]
		}
		if slices.Contains(c.Roots, root) {
			return true
		}
	}
	if len(c.PLOVER) > 0 {
		any = true
		if slices.Contains(c.PLOVER, e.PLOVER) {
			return true
		}
	}
	if len(c.Quad) > 0 {
		any = true
		if slices.Contains(c.Quad, e.Quad) {
			return true
		}
	}
	return !any
}

// dyadMatch reports whether an event that statically matched clause c
// shows it for the dyad s→t (or, undirected, for the pair).
func (c *Clause) dyadMatch(r *rec, s, t sid, undirected bool) bool {
	by := c.By
	if undirected {
		by = ByEither
	}
	var other sid
	switch {
	case r.srcC == s && (by == BySource || by == ByEither):
		other = t
	case r.srcC == t && (by == ByTarget || by == ByEither):
		other = s
	default:
		return false
	}
	if r.untargeted() {
		return c.Toward != TowardCounterpart // tie checked by the caller
	}
	return r.tgtC == other && c.Toward != TowardNone
}

// result is a rule evaluated for a dyad on a day.
type result struct {
	rule       *Rule
	s, t       sid
	count      int // distinct steps seen
	level      Level
	score      float64
	chosen     []*rec   // per step: the event assigned to it, or nil
	supporting [][]*rec // per step: other events in the window showing it
}

// evidence lists every event of the result.
func (res *result) evidence() []*rec {
	var out []*rec
	for i := range res.chosen {
		if res.chosen[i] != nil {
			out = append(out, res.chosen[i])
		}
		out = append(out, res.supporting[i]...)
	}
	return out
}

// maxCandidates caps the events considered per step: the most recent ones.
const maxCandidates = 6

// evaluate runs a rule for the dyad s→t over the window ending on day at.
// cands are the events that may show its steps (the dyad's, the reverse
// dyad's and the two sides' untargeted events); tied reports whether an
// untargeted event may be attributed to this dyad.
//
// expect, when not nil, gives each step's expected count in the window on
// the dyad's record: a step seen no more than r.Surprise × expected times
// does not count (see surprise.go).
func evaluate(ri int, r *Rule, s, t sid, at day, cands []*rec, tied func(*rec) bool, expect func(step int) float64) *result {
	from := at - day(r.Window) + 1
	per := make([][]*rec, len(r.Steps))
	for _, e := range cands {
		if e.day < from || e.day > at {
			continue
		}
		for _, h := range e.clauses {
			if int(h.rule) != ri {
				continue
			}
			st := int(h.step)
			if n := len(per[st]); n > 0 && per[st][n-1] == e {
				continue // another clause of the same step
			}
			if !r.Steps[st].Clauses[h.clause].dyadMatch(e, s, t, r.Undirected) {
				continue
			}
			if e.untargeted() && !tied(e) {
				continue
			}
			per[st] = append(per[st], e)
		}
	}
	for i := range per {
		if expect != nil && len(per[i]) > 0 && float64(len(per[i])) <= r.Surprise*expect(i) {
			per[i] = nil // usual for this dyad: not an indicator
			continue
		}
		// Most recent first; keep a few.
		sort.SliceStable(per[i], func(a, b int) bool {
			if per[i][a].day != per[i][b].day {
				return per[i][a].day > per[i][b].day
			}
			return per[i][a].id < per[i][b].id
		})
		if len(per[i]) > maxCandidates {
			per[i] = per[i][:maxCandidates]
		}
	}
	var chosen []*rec
	if r.Ordered {
		chosen = assignOrdered(r, per)
	} else {
		chosen = assignUnordered(r, per)
	}
	if chosen == nil {
		return nil
	}
	// A rule never holds on untargeted events alone: at least MinDirect
	// (default 1) of the steps seen must be shown by an event between the
	// two sides themselves, whichever event the matching chose for them.
	count, direct := 0, 0
	for i, e := range chosen {
		if e == nil {
			continue
		}
		count++
		if slices.ContainsFunc(per[i], func(x *rec) bool { return !x.untargeted() }) {
			direct++
		}
	}
	if count < r.MinSteps() || direct < max(r.MinDirect, 1) {
		return nil
	}
	res := &result{rule: r, s: s, t: t, count: count, chosen: chosen, supporting: make([][]*rec, len(r.Steps))}
	res.level, res.score = r.scoreOf(count)
	used := map[*rec]bool{}
	for _, e := range chosen {
		used[e] = true
	}
	for i, evs := range per {
		for _, e := range evs {
			if !used[e] && len(res.supporting[i]) < 3 {
				res.supporting[i] = append(res.supporting[i], e)
				used[e] = true
			}
		}
	}
	return res
}

// scoreOf maps a number of distinct steps to a level and a score within
// it: a rule at level L seen with k steps scores L plus the fraction of the
// way to the next rung (or to all steps).
func (r *Rule) scoreOf(k int) (Level, float64) {
	i := 0
	for j, l := range r.Levels {
		if k >= l.Steps {
			i = j
		}
	}
	lv := r.Levels[i]
	next := len(r.Steps) + 1
	if i+1 < len(r.Levels) {
		next = r.Levels[i+1].Steps
	}
	frac := float64(k-lv.Steps) / float64(next-lv.Steps)
	return lv.Level, float64(lv.Level) + min(frac, 0.99)
}

// assignUnordered picks one distinct event per step so that as many steps
// as possible are shown (a maximum bipartite matching, Kuhn's algorithm;
// required steps are matched first, so they stay matched). It returns nil
// when a required step cannot be shown.
func assignUnordered(r *Rule, per [][]*rec) []*rec {
	owner := map[*rec]int{}
	chosen := make([]*rec, len(per))
	var try func(st int, seen map[*rec]bool) bool
	try = func(st int, seen map[*rec]bool) bool {
		for _, e := range per[st] {
			if seen[e] {
				continue
			}
			seen[e] = true
			o, taken := owner[e]
			if !taken || try(o, seen) {
				owner[e] = st
				chosen[st] = e
				return true
			}
		}
		return false
	}
	order := make([]int, 0, len(per))
	for i, s := range r.Steps {
		if s.Required {
			order = append(order, i)
		}
	}
	for i, s := range r.Steps {
		if !s.Required {
			order = append(order, i)
		}
	}
	for _, st := range order {
		if !try(st, map[*rec]bool{}) && r.Steps[st].Required {
			return nil
		}
	}
	return chosen
}

// assignOrdered picks events for steps in the listed order with
// non-decreasing dates (same day in any order), maximising the steps shown
// and including every required one. Dynamic programming over steps: best[c]
// is the way to show c steps so far that ends earliest.
func assignOrdered(r *Rule, per [][]*rec) []*rec {
	type state struct {
		ok     bool
		last   day
		chosen []*rec
	}
	n := len(per)
	best := make([]state, n+1)
	best[0] = state{ok: true, last: -1 << 30, chosen: make([]*rec, n)}
	for st := 0; st < n; st++ {
		next := make([]state, n+1)
		if !r.Steps[st].Required {
			copy(next, best) // skipping the step
		}
		for c := 0; c < n; c++ {
			if !best[c].ok {
				continue
			}
			// The earliest event not before best[c].last, not already used.
			var pick *rec
			for _, e := range per[st] {
				if e.day < best[c].last || slices.Contains(best[c].chosen, e) {
					continue
				}
				if pick == nil || e.day < pick.day || e.day == pick.day && e.id < pick.id {
					pick = e
				}
			}
			if pick == nil {
				continue
			}
			if !next[c+1].ok || pick.day < next[c+1].last {
				ch := slices.Clone(best[c].chosen)
				ch[st] = pick
				next[c+1] = state{ok: true, last: pick.day, chosen: ch}
			}
		}
		best = next
	}
	for c := n; c >= 1; c-- {
		if best[c].ok {
			return best[c].chosen
		}
	}
	return nil
}

// lazy returns f's result, computed on the first call only.
func lazy(f func() []string) func() []string {
	var toks []string
	done := false
	return func() []string {
		if !done {
			toks, done = f(), true
		}
		return toks
	}
}
