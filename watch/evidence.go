package watch

import "slices"

// The evidence the watcher keeps: per dyad and per side, for each rule, the
// events that can show its steps, within the rule's window.

// candidates appends to out the evidence rule ri may use for the dyad p
// (either direction) dated after oldest: both dyads' events and both sides'
// untargeted ones.
func (w *Watcher) candidates(out []*rec, p pair, ri int, oldest day) []*rec {
	if d := w.dyads[p]; d != nil {
		out = d.evs.since(out, ri, oldest)
	}
	if d := w.dyads[pair{p.t, p.s}]; d != nil {
		out = d.evs.since(out, ri, oldest)
	}
	if x := w.sideState(p.s); x != nil {
		out = x.evs.since(out, ri, oldest)
	}
	if x := w.sideState(p.t); x != nil {
		out = x.evs.since(out, ri, oldest)
	}
	return out
}

// evidence holds events by the rules they can show: byRule[i] lists rule
// i's events in date order, so a rule reads only its own window.
type evidence struct {
	byRule [][]*rec
}

func (v *evidence) add(r *rec, rules, limit int) {
	if v.byRule == nil {
		v.byRule = make([][]*rec, rules)
	}
	var seen uint64
	for _, h := range r.clauses {
		if bit := uint64(1) << h.rule; seen&bit == 0 {
			seen |= bit
			v.byRule[h.rule] = insert(v.byRule[h.rule], r, limit)
		}
	}
}

// since appends rule ri's events dated after oldest, newest first.
func (v *evidence) since(out []*rec, ri int, oldest day) []*rec {
	if v.byRule == nil {
		return out
	}
	evs := v.byRule[ri]
	for i := len(evs) - 1; i >= 0 && evs[i].day > oldest; i-- {
		out = append(out, evs[i])
	}
	return out
}

// prune drops events older than their rule's window.
func (v *evidence) prune(clock day, rules *Rules) {
	for ri, evs := range v.byRule {
		old := clock - day(rules.list[ri].Window)
		i := 0
		for i < len(evs) && evs[i].day <= old {
			i++
		}
		if i == 0 {
			continue
		}
		if i == len(evs) {
			v.byRule[ri] = nil
			continue
		}
		v.byRule[ri] = slices.Clone(evs[i:])
	}
}

func (v *evidence) empty() bool {
	for _, evs := range v.byRule {
		if len(evs) > 0 {
			return false
		}
	}
	return true
}

// tiedFn returns the test that attributes an untargeted event of side s or
// t to the dyad: the two sides must have had a targeted event between them
// (either direction) within the rule's window of it; the event's sentence
// must name the other side or no side at all (Options.Names); and when the
// event's article holds targeted events, one of them must involve the other
// side.
func (w *Watcher) tiedFn(s, t sid, window int) func(*rec) bool {
	return func(r *rec) bool {
		other := t
		if r.srcC == t {
			other = s
		}
		if len(r.named) > 0 && !slices.Contains(r.named, other) {
			return false
		}
		// An article whose acts aim at others ("put on alert" in a story
		// of drones over Pyongyang from the South) does not tie its
		// untargeted acts to a third state.
		if as := w.articles[r.article]; as != nil && !slices.Contains(as.sides, other) {
			return false
		}
		x := w.sideState(r.srcC)
		if x == nil {
			return false
		}
		last, ok := x.partners[other]
		return ok && last > r.day-day(window)
	}
}

// insert adds r to evs, kept in date order (events mostly arrive in order,
// so this is an append), dropping the oldest when full.
func insert(evs []*rec, r *rec, limit int) []*rec {
	if len(evs) >= limit {
		copy(evs, evs[1:])
		evs = evs[:len(evs)-1]
	}
	evs = append(evs, r)
	for i := len(evs) - 1; i > 0 && evs[i-1].day > evs[i].day; i-- {
		evs[i-1], evs[i] = evs[i], evs[i-1]
	}
	return evs
}
