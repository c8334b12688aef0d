package watch

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
)

// The life of a warning: created or updated from rule results (apply),
// lowered by de-escalation (lower), decayed as the clock advances
// (advance), every change recorded (record) and saved (flush).

// warnKey identifies an active warning.
type warnKey struct {
	rule string
	s, t sid
}

// warnState is an active warning and what the watcher needs to update it.
type warnState struct {
	key      warnKey
	w        vigil.Warning
	rule     *Rule
	level    Level
	base     float64 // score at baseDay; decays from there
	baseDay  day
	first    day
	last     day
	counted  int // distinct steps at the last recorded change
	steps    [][]*rec
	seen     map[string]bool // event IDs already counted
	lowered  map[string]bool // de-escalation event IDs already applied
	lowerDay day             // day of the last lowering (0: never)
	ended    bool
	seq      int // changes so far, for deterministic change times
}

// scoreAt is the warning's score on day d: its base, held for the rule's
// Hold days after baseDay, then halving every HalfLife days.
func (ws *warnState) scoreAt(d day) float64 {
	start := ws.baseDay + day(ws.rule.Hold)
	if d <= start {
		return ws.base
	}
	return ws.base * math.Pow(0.5, float64(d-start)/float64(ws.rule.HalfLife))
}

func (w *Watcher) apply(res *result, d day) { w.applyWith(res, d, "") }

// applyWith turns a rule result into a new or updated warning. A result
// only counts if it brings evidence the warning has not counted yet: the
// same events seen again on a later day change nothing.
func (w *Watcher) applyWith(res *result, d day, reason string) {
	key := warnKey{res.rule.Name, res.s, res.t}
	ws := w.warns[key]
	evs := res.evidence()
	fresh := 0
	for _, e := range evs {
		if ws == nil || !ws.seen[e.id] {
			fresh++
		}
	}
	if ws != nil && fresh == 0 {
		return
	}
	first, last := evs[0].day, evs[0].day
	for _, e := range evs {
		first, last = min(first, e.day), max(last, e.day)
	}
	if reason == "" {
		reason = stepsReason(res)
	}
	if ws == nil {
		ws = &warnState{key: key, rule: res.rule, first: first, last: last, seen: map[string]bool{}, lowered: map[string]bool{}, steps: make([][]*rec, len(res.rule.Steps))}
		sn, tn := w.names[res.s], w.names[res.t]
		ws.w = vigil.Warning{
			ID:     warningID(res.rule.Name, sn, tn, first),
			Source: sn, Target: tn, Rule: res.rule.Name,
		}
		w.warns[key] = ws
		ws.base, ws.baseDay = res.score, max(d, last)
		ws.level = LevelOf(res.score)
		ws.merge(res)
		ws.counted = res.count
		w.record(ws, "new", d, reason)
		w.stats.New++
		return
	}
	cur := ws.scoreAt(d)
	ws.merge(res)
	ws.first, ws.last = min(ws.first, first), max(ws.last, last)
	score := max(cur, res.score)
	ws.base, ws.baseDay = score, max(d, ws.baseDay)
	lv := LevelOf(score)
	switch {
	case lv > ws.level:
		ws.level = lv
		ws.counted = res.count
		w.record(ws, "raised", d, reason)
		w.stats.Raised++
	case res.count != ws.counted || math.Abs(score-ws.w.Score) >= 0.1:
		ws.counted = res.count
		w.record(ws, "updated", d, reason)
	default:
		// More evidence for what the warning already says: keep it, no
		// history entry.
		w.refresh(ws)
		ws.w.AsOf = d.String()
		w.changed[ws] = true
	}
}

// lower applies a de-escalation result to the pair's warnings.
func (w *Watcher) lower(res *result, d day) {
	evs := res.evidence()
	var keys []warnKey
	for _, r := range append(slices.Clone(w.rules.list), w.escRule) {
		if r.Effect != Raise || len(res.rule.Applies) > 0 && !slices.Contains(res.rule.Applies, r.Name) {
			continue
		}
		for _, k := range []warnKey{{r.Name, res.s, res.t}, {r.Name, res.t, res.s}} {
			if _, ok := w.warns[k]; ok && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		ws := w.warns[k]
		// Only de-escalation after the warning's latest evidence counts: a
		// ceasefire that the fighting then broke does not lower the
		// warning about the breakdown.
		after := 0
		for i, e := range res.chosen {
			ok := e != nil && e.day > ws.last
			for _, x := range res.supporting[i] {
				ok = ok || x.day > ws.last
			}
			if ok {
				after++
			}
		}
		if after < res.rule.MinSteps() {
			continue
		}
		fresh := false
		for _, e := range evs {
			if !ws.lowered[e.id] {
				fresh = true
			}
		}
		// One lowering per de-escalation window: a run of talks and
		// truce reports is one de-escalation, not one per report.
		if !fresh || ws.ended || (ws.lowerDay != 0 && d < ws.lowerDay+day(res.rule.Window)) {
			continue
		}
		ws.lowerDay = d
		for _, e := range evs {
			ws.lowered[e.id] = true
		}
		cur := ws.scoreAt(d)
		score := max(cur-float64(res.rule.Lowers), 0)
		ws.base, ws.baseDay = score, max(d, ws.baseDay)
		ws.level = LevelOf(score)
		reason := res.rule.Name + ": " + stepsReason(res)
		if ws.level == Ended {
			ws.ended = true
		}
		w.record(ws, "lowered", d, reason)
		w.stats.Lowered++
	}
}

// advance lets warnings decay to day d: a warning whose score fell to a
// lower level records it; below watch it ends.
func (w *Watcher) advance(d day) {
	// The order does not matter: each warning's history is its own, and
	// flush sorts what it saves.
	for _, ws := range w.warns {
		if ws.ended {
			continue
		}
		// Record each level the score fell through, on the day it did.
		for ws.level > Ended && LevelOf(ws.scoreAt(d)) < ws.level {
			threshold := float64(ws.level)
			cross := ws.baseDay + day(ws.rule.Hold) + day(math.Ceil(float64(ws.rule.HalfLife)*math.Log2(ws.base/threshold)))
			cross = min(max(cross, ws.baseDay), d)
			ws.level--
			if ws.level == Ended {
				ws.ended = true
			}
			w.record(ws, "decayed", cross, fmt.Sprintf("no new evidence since %s", ws.last))
			ws.w.Score = floor2(ws.scoreAt(cross))
			ws.w.History[len(ws.w.History)-1].Score = ws.w.Score
			w.stats.Decayed++
		}
	}
}

// record appends a change to the warning's history and marks it for
// saving. Change times are the evidence day plus the change's sequence
// number in seconds: deterministic, so a replay writes the same history.
func (w *Watcher) record(ws *warnState, change string, d day, reason string) {
	w.refresh(ws)
	ws.w.AsOf = d.String()
	ws.w.History = append(ws.w.History, vigil.WarningChange{
		At:     d.time().Add(time.Duration(ws.seq) * time.Second),
		Date:   d.String(),
		Change: change,
		Level:  ws.w.Level,
		Score:  ws.w.Score,
		Reason: reason,
	})
	ws.seq++
	w.changed[ws] = true
}

// refresh brings the public warning up to date with the state.
func (w *Watcher) refresh(ws *warnState) {
	ws.w.Level = ws.level.String()
	ws.w.Score = floor2(ws.base)
	ws.w.First, ws.w.Last = ws.first.String(), ws.last.String()
	ws.w.Steps = ws.w.Steps[:0]
	for i, evs := range ws.steps {
		if len(evs) == 0 {
			continue
		}
		st := vigil.WarningStep{Name: ws.rule.Steps[i].Name}
		for _, e := range evs {
			st.Events = append(st.Events, vigil.EventRef{ID: e.id, Date: e.day.String(), Code: e.code, Sentence: e.sentence, Article: e.article})
		}
		ws.w.Steps = append(ws.w.Steps, st)
	}
	if w.reg != nil {
		ex := w.reg.Exposure(ws.w.Source, ws.w.Target, ws.w.Last, alliance.ExposureOptions{})
		ws.w.Exposure = &ex
	}
}

// merge adds a result's events to the warning's steps: the most recent
// maxStepEvents per step.
func (ws *warnState) merge(res *result) {
	for i := range res.chosen {
		var add []*rec
		if res.chosen[i] != nil {
			add = append(add, res.chosen[i])
		}
		add = append(add, res.supporting[i]...)
		for _, e := range add {
			ws.seen[e.id] = true
			// A joint action is two events (A→B, B→A) from one sentence:
			// cite the sentence once.
			if !slices.ContainsFunc(ws.steps[i], func(x *rec) bool {
				return x.id == e.id || x.article == e.article && x.sentence == e.sentence && x.code == e.code
			}) {
				ws.steps[i] = append(ws.steps[i], e)
			}
		}
		slices.SortStableFunc(ws.steps[i], func(a, b *rec) int { return cmp.Or(cmp.Compare(b.day, a.day), cmp.Compare(a.id, b.id)) })
		if len(ws.steps[i]) > maxStepEvents {
			ws.steps[i] = ws.steps[i][:maxStepEvents]
		}
	}
}

func (ws *warnState) snapshot() vigil.Warning {
	c := ws.w
	c.Steps = slices.Clone(ws.w.Steps)
	c.History = slices.Clone(ws.w.History)
	return c
}

// flush saves and returns the warnings changed since the last flush, and
// forgets ended ones.
func (w *Watcher) flush(ctx context.Context) ([]vigil.Warning, error) {
	if w.sink != nil {
		for _, s := range w.treaties {
			if _, err := w.sink.SaveTreatyStatus(ctx, s); err != nil {
				return nil, err
			}
		}
	}
	w.treaties = w.treaties[:0]
	if len(w.changed) == 0 {
		return nil, nil
	}
	out := make([]vigil.Warning, 0, len(w.changed))
	now := w.now()
	for ws := range w.changed {
		ws.w.Updated = now
		out = append(out, ws.snapshot())
	}
	slices.SortFunc(out, func(a, b vigil.Warning) int { return strings.Compare(a.ID, b.ID) })
	if w.sink != nil {
		for i := range out {
			if err := w.sink.SaveWarning(ctx, &out[i]); err != nil {
				return nil, err
			}
		}
	}
	for ws := range w.changed {
		if ws.ended {
			delete(w.warns, ws.key)
		} else if w.sink != nil && len(ws.w.History) > 64 {
			// Saved: the store keeps the full history; keep memory flat.
			ws.w.History = slices.Clone(ws.w.History[len(ws.w.History)-16:])
		}
	}
	clear(w.changed)
	return out, nil
}

// warningID is stable across replays: the rule, the dyad and the first
// day of evidence name one episode.
func warningID(rule, s, t string, first day) string {
	h := sha256.Sum256([]byte(rule + "\x00" + s + "\x00" + t + "\x00" + first.String()))
	return hex.EncodeToString(h[:8])
}

// stepsReason says which steps a result saw, for the history.
func stepsReason(res *result) string {
	var parts []string
	for i, e := range res.chosen {
		if e != nil {
			parts = append(parts, fmt.Sprintf("%s (%s %s)", res.rule.Steps[i].Name, e.code, e.day))
		}
	}
	return fmt.Sprintf("%d of %d steps: %s", res.count, len(res.rule.Steps), strings.Join(parts, "; "))
}
