package eval

import (
	"cmp"
	"slices"
	"strings"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
)

// Level is how exactly a prediction must agree with a gold event.
type Level int

const (
	// Root compares actor countries (first three characters of the actor
	// code) and CAMEO roots: PRKMIL→KOR 191 and PRK→KORGOV 195 agree.
	Root Level = iota
	// Strict compares full actor codes (role included) and full CAMEO codes.
	Strict
)

func (l Level) String() string {
	if l == Strict {
		return "strict"
	}
	return "root"
}

// Score is precision, recall and F1 at one level, summed over records.
type Score struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"` // TP/(TP+FP); 0 when nothing was predicted
	Recall    float64 `json:"recall"`    // TP/(TP+FN); 0 when nothing was required
	F1        float64 `json:"f1"`        // harmonic mean; 0 when both are 0
}

func (s *Score) finish() {
	s.Precision, s.Recall, s.F1 = 0, 0, 0
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// Miss is a required gold event no prediction matched.
type Miss struct {
	ID     string   `json:"id"` // record id
	Source string   `json:"source"`
	Target string   `json:"target"`
	Code   string   `json:"code"`
	Alt    []string `json:"alt,omitempty"`
	// Key is what was compared at the miss's level, e.g. "PRK→KOR 19|17"
	// (root) or "PRKMIL→KOR 191|1712|171" (strict); "*" is a gold target
	// that matches any.
	Key  string `json:"key"`
	Text string `json:"text"` // the record's text
}

// FalsePositive is a prediction that matched no gold event.
type FalsePositive struct {
	ID       string `json:"id"` // record id
	Source   string `json:"source"`
	Target   string `json:"target"`
	Code     string `json:"code"`
	Key      string `json:"key"` // as in Miss; "-" is an empty predicted target
	Sentence string `json:"sentence"`
	Offsets  [2]int `json:"offsets"`
	Pattern  string `json:"pattern,omitempty"`
}

// Report is the outcome of scoring predictions against gold records. Its
// JSON form is the output of `vigil eval --json`.
type Report struct {
	Records int   `json:"records"`
	Root    Score `json:"root"`
	Strict  Score `json:"strict"`
	// Misses and FalsePositives are those of the root level; the strict
	// level's, which include events right at root level but wrong in role
	// or sub-code, follow.
	Misses               []Miss          `json:"misses"`
	FalsePositives       []FalsePositive `json:"false_positives"`
	StrictMisses         []Miss          `json:"strict_misses"`
	StrictFalsePositives []FalsePositive `json:"strict_false_positives"`
	// Flagged counts negated or hypothetical predictions, which are left
	// out of scoring (CODING.md convention 3).
	Flagged int `json:"flagged"`
}

// Scorer accumulates a Report record by record, so a caller can code and
// score a long gold file without holding every prediction. The zero value
// is ready to use; it is not safe for concurrent use.
type Scorer struct {
	r Report
}

// Add scores the predictions made for one record.
func (s *Scorer) Add(rec Record, predicted []vigil.Event) {
	s.r.Records++
	kept := make([]vigil.Event, 0, len(predicted))
	for i := range predicted {
		if predicted[i].Flagged() {
			s.r.Flagged++
			continue
		}
		kept = append(kept, predicted[i])
	}
	for _, lvl := range []Level{Root, Strict} {
		sc, misses, fps := &s.r.Root, &s.r.Misses, &s.r.FalsePositives
		if lvl == Strict {
			sc, misses, fps = &s.r.Strict, &s.r.StrictMisses, &s.r.StrictFalsePositives
		}
		res := match(rec, kept, lvl)
		sc.TP += res.tp
		sc.FN += len(res.misses)
		sc.FP += len(res.fps)
		*misses = append(*misses, res.misses...)
		*fps = append(*fps, res.fps...)
	}
}

// Report returns the scores so far. Lists are never nil, so the JSON form
// always has them.
func (s *Scorer) Report() Report {
	r := s.r
	r.Root.finish()
	r.Strict.finish()
	r.Misses = nonNil(slices.Clone(r.Misses))
	r.FalsePositives = nonNil(slices.Clone(r.FalsePositives))
	r.StrictMisses = nonNil(slices.Clone(r.StrictMisses))
	r.StrictFalsePositives = nonNil(slices.Clone(r.StrictFalsePositives))
	return r
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Evaluate scores predicted[i] against gold[i] for every record, as
// CODING.md ("Scoring") defines:
//
//   - Per record and level, gold events and predictions are reduced to
//     unique keys: (source country, target country, root) at Root level,
//     (source, target, code) with full codes at Strict level. Negated and
//     hypothetical predictions are left out.
//   - A gold event accepts its code and its alternatives: at Root level
//     any prediction whose root is the root of Code or of an Alt; at Strict
//     level any prediction whose code is exactly Code or an Alt (and whose
//     actor codes equal the gold's, role included). A gold target "" accepts
//     any predicted target, at both levels.
//   - Gold keys are unique by (source, target, accepted codes); when a
//     required and an optional gold event reduce to one key it is required.
//   - Each gold key is matched to at most one prediction key and back, by a
//     matching that first maximises matched required gold events, then
//     matched optional ones. The counts do not depend on the order of
//     predictions or gold events.
//   - TP: predictions matched to required gold; FN: required gold left
//     unmatched; FP: predictions matched to nothing. A prediction matched to
//     an optional event is neither.
//
// Evaluate panics if the two slices differ in length.
func Evaluate(gold []Record, predicted [][]vigil.Event) Report {
	if len(gold) != len(predicted) {
		panic("eval.Evaluate: gold and predicted differ in length")
	}
	var s Scorer
	for i := range gold {
		s.Add(gold[i], predicted[i])
	}
	return s.Report()
}

// goldKey is one unique gold event at a level.
type goldKey struct {
	src, tgt string   // country or full actor code; tgt "" matches any
	codes    []string // accepted roots or codes, sorted, unique
	optional bool
	ev       GoldEvent // the first gold event with this key, for reports
}

// predKey is one unique prediction at a level.
type predKey struct {
	src, tgt, code string
	ev             *vigil.Event // the first prediction with this key
}

type matchResult struct {
	tp     int
	misses []Miss
	fps    []FalsePositive
}

func match(rec Record, predicted []vigil.Event, lvl Level) matchResult {
	golds := goldKeys(rec.Events, lvl)
	preds := predKeys(predicted, lvl)

	// adj[g] lists the predictions gold key g accepts.
	adj := make([][]int, len(golds))
	for g := range golds {
		for p := range preds {
			if accepts(&golds[g], &preds[p]) {
				adj[g] = append(adj[g], p)
			}
		}
	}
	// Kuhn's augmenting paths, required gold first. An augmenting path
	// never unmatches a gold vertex, and the sets of gold vertices a
	// matching can cover form a matroid, so taking gold vertices greedily
	// (required before optional) yields a matching with the most required
	// vertices and, among those, the most optional ones — whatever the
	// order within each group. Keys are sorted, so which events are listed
	// as misses is deterministic too.
	matchP := make([]int, len(preds)) // prediction → gold, -1 when free
	for i := range matchP {
		matchP[i] = -1
	}
	seen := make([]bool, len(preds))
	var augment func(g int) bool
	augment = func(g int) bool {
		for _, p := range adj[g] {
			if seen[p] {
				continue
			}
			seen[p] = true
			if matchP[p] < 0 || augment(matchP[p]) {
				matchP[p] = g
				return true
			}
		}
		return false
	}
	matchedG := make([]bool, len(golds))
	for g := range golds {
		clear(seen)
		if augment(g) {
			matchedG[g] = true
		}
	}

	var res matchResult
	for g := range golds {
		switch {
		case golds[g].optional:
		case matchedG[g]:
			res.tp++
		default:
			ev := golds[g].ev
			res.misses = append(res.misses, Miss{
				ID: rec.ID, Source: ev.Source, Target: ev.Target, Code: ev.Code, Alt: ev.Alt,
				Key: keyString(golds[g].src, orAny(golds[g].tgt), strings.Join(golds[g].codes, "|")), Text: rec.Text,
			})
		}
	}
	for p := range preds {
		if matchP[p] >= 0 {
			continue
		}
		ev := preds[p].ev
		res.fps = append(res.fps, FalsePositive{
			ID: rec.ID, Source: ev.Source, Target: ev.Target, Code: ev.Code,
			Key:      keyString(preds[p].src, orNone(preds[p].tgt), preds[p].code),
			Sentence: ev.Sentence, Offsets: ev.Offsets, Pattern: ev.Pattern,
		})
	}
	return res
}

func accepts(g *goldKey, p *predKey) bool {
	if g.src != p.src || (g.tgt != "" && g.tgt != p.tgt) {
		return false
	}
	_, found := slices.BinarySearch(g.codes, p.code)
	return found
}

// goldKeys reduces gold events to unique keys at lvl, required before
// optional, each group sorted.
func goldKeys(events []GoldEvent, lvl Level) []goldKey {
	var keys []goldKey
	index := map[string]int{}
	for _, ev := range events {
		k := goldKey{src: actorAt(ev.Source, lvl), tgt: actorAt(ev.Target, lvl), optional: ev.Optional, ev: ev}
		for _, c := range append([]string{ev.Code}, ev.Alt...) {
			if lvl == Root {
				c = cameo.Root(c)
			}
			k.codes = append(k.codes, c)
		}
		slices.Sort(k.codes)
		k.codes = slices.Compact(k.codes)
		id := k.src + "\x00" + k.tgt + "\x00" + strings.Join(k.codes, "|")
		if i, dup := index[id]; dup {
			// One key: required if any of its events is.
			keys[i].optional = keys[i].optional && k.optional
			if !ev.Optional && keys[i].ev.Optional {
				keys[i].ev = ev
			}
			continue
		}
		index[id] = len(keys)
		keys = append(keys, k)
	}
	slices.SortStableFunc(keys, func(a, b goldKey) int {
		if a.optional != b.optional {
			if a.optional {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.tgt, b.tgt), slices.Compare(a.codes, b.codes))
	})
	return keys
}

// predKeys reduces predictions to unique keys at lvl, sorted; each keeps
// the first prediction (in coder order) that has it.
func predKeys(events []vigil.Event, lvl Level) []predKey {
	var keys []predKey
	index := map[[3]string]bool{}
	for i := range events {
		ev := &events[i]
		code := ev.Code
		if lvl == Root {
			code = cameo.Root(code)
		}
		k := predKey{src: actorAt(ev.Source, lvl), tgt: actorAt(ev.Target, lvl), code: code, ev: ev}
		id := [3]string{k.src, k.tgt, k.code}
		if index[id] {
			continue
		}
		index[id] = true
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b predKey) int {
		return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.tgt, b.tgt), cmp.Compare(a.code, b.code))
	})
	return keys
}

// actorAt is the part of an actor code compared at lvl: the country (first
// three characters) at Root level, the whole code at Strict level.
func actorAt(code string, lvl Level) string {
	if lvl == Root && len(code) > 3 {
		return code[:3]
	}
	return code
}

func keyString(src, tgt, code string) string { return src + "→" + tgt + " " + code }

func orAny(tgt string) string {
	if tgt == "" {
		return "*"
	}
	return tgt
}

func orNone(tgt string) string {
	if tgt == "" {
		return "-"
	}
	return tgt
}
