package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	vigil "github.com/vigil-ews/vigil"
)

// pred builds a predicted event.
func pred(src, tgt, code string) vigil.Event {
	return vigil.Event{Source: src, Target: tgt, Code: code, Sentence: src + " did " + code + " to " + tgt}
}

// gold builds a required gold event.
func gold(src, tgt, code string, alt ...string) GoldEvent {
	return GoldEvent{Source: src, Target: tgt, Code: code, Alt: alt}
}

// opt builds an optional gold event.
func opt(src, tgt, code string, alt ...string) GoldEvent {
	g := gold(src, tgt, code, alt...)
	g.Optional = true
	return g
}

type counts struct{ tp, fp, fn int }

func TestScoreCases(t *testing.T) {
	for _, tc := range []struct {
		name         string
		gold         []GoldEvent
		pred         []vigil.Event
		root, strict counts
	}{
		{
			name: "exact",
			gold: []GoldEvent{gold("PRKMIL", "KOR", "191")},
			pred: []vigil.Event{pred("PRKMIL", "KOR", "191")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "role differs: root yes, strict no",
			gold: []GoldEvent{gold("PRK", "KOR", "191")},
			pred: []vigil.Event{pred("PRKMIL", "KORGOV", "191")},
			root: counts{1, 0, 0}, strict: counts{0, 1, 1},
		},
		{
			name: "same root, other code: root yes, strict no",
			gold: []GoldEvent{gold("PRK", "KOR", "191")},
			pred: []vigil.Event{pred("PRK", "KOR", "195")},
			root: counts{1, 0, 0}, strict: counts{0, 1, 1},
		},
		{
			name: "wrong root",
			gold: []GoldEvent{gold("PRK", "KOR", "112")},
			pred: []vigil.Event{pred("PRK", "KOR", "138")},
			root: counts{0, 1, 1}, strict: counts{0, 1, 1},
		},
		{
			name: "reversed direction is wrong",
			gold: []GoldEvent{gold("PRK", "KOR", "112")},
			pred: []vigil.Event{pred("KOR", "PRK", "112")},
			root: counts{0, 1, 1}, strict: counts{0, 1, 1},
		},
		{
			name: "alt root counts at root level",
			gold: []GoldEvent{gold("PRKMIL", "KOR", "191", "1712", "171")},
			pred: []vigil.Event{pred("PRKMIL", "KOR", "1711")},
			root: counts{1, 0, 0}, strict: counts{0, 1, 1},
		},
		{
			name: "alt code counts at strict level",
			gold: []GoldEvent{gold("PRKMIL", "KOR", "191", "1712", "171")},
			pred: []vigil.Event{pred("PRKMIL", "KOR", "1712")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "alt is one event: two predictions on code and alt give one TP, one FP",
			gold: []GoldEvent{gold("PRK", "KOR", "112", "111")},
			pred: []vigil.Event{pred("PRK", "KOR", "112"), pred("PRK", "KOR", "111")},
			// Both reduce to root 11: one key, one TP. At strict level
			// they are two keys for one gold event.
			root: counts{1, 0, 0}, strict: counts{1, 1, 0},
		},
		{
			name: "empty gold target matches any target",
			gold: []GoldEvent{gold("PRKMIL", "", "152", "154")},
			pred: []vigil.Event{pred("PRKMIL", "KOR", "154")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "empty gold target matches an empty predicted target",
			gold: []GoldEvent{gold("PRKMIL", "", "152")},
			pred: []vigil.Event{pred("PRKMIL", "", "152")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "empty predicted target does not match a named gold target",
			gold: []GoldEvent{gold("PRKMIL", "KOR", "152")},
			pred: []vigil.Event{pred("PRKMIL", "", "152")},
			root: counts{0, 1, 1}, strict: counts{0, 1, 1},
		},
		{
			name: "empty gold target still matches only one prediction",
			gold: []GoldEvent{gold("PRKMIL", "", "152")},
			pred: []vigil.Event{pred("PRKMIL", "KOR", "152"), pred("PRKMIL", "USA", "152")},
			root: counts{1, 1, 0}, strict: counts{1, 1, 0},
		},
		{
			name: "optional matched is neither TP nor FP",
			gold: []GoldEvent{gold("RUSGOV", "PRK", "042"), opt("PRKGOV", "RUSGOV", "043")},
			pred: []vigil.Event{pred("RUSGOV", "PRK", "042"), pred("PRKGOV", "RUSGOV", "043")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "optional missed is not a miss",
			gold: []GoldEvent{gold("RUSGOV", "PRK", "042"), opt("PRKGOV", "RUSGOV", "043")},
			pred: []vigil.Event{pred("RUSGOV", "PRK", "042")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "only optional gold, nothing predicted",
			gold: []GoldEvent{opt("KOR", "PRK", "112")},
			root: counts{0, 0, 0}, strict: counts{0, 0, 0},
		},
		{
			name: "a prediction both could take goes to the required event",
			// The optional event is listed first; the required one must
			// still win the only prediction.
			gold: []GoldEvent{opt("PRK", "", "138"), gold("PRK", "KOR", "138")},
			pred: []vigil.Event{pred("PRK", "KOR", "138")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "required first, then the most optional matches",
			// Required accepts both predictions, optional only 1384: the
			// best matching gives 138 to the required event and 1384 to the
			// optional one at strict level, so nothing is a false positive.
			gold: []GoldEvent{gold("PRK", "KOR", "138", "1384"), opt("PRK", "KOR", "1384")},
			pred: []vigil.Event{pred("PRK", "KOR", "1384"), pred("PRK", "KOR", "138")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "maximum matching, not first come first served",
			// Gold A (PRK→*) accepts both predictions, gold B (PRK→KOR)
			// only the KOR one. A greedy match of A to PRK→KOR would leave
			// B unmatched; the maximum matching matches both.
			gold: []GoldEvent{gold("PRK", "", "150"), gold("PRK", "KOR", "150")},
			pred: []vigil.Event{pred("PRK", "KOR", "150"), pred("PRK", "JPN", "150")},
			root: counts{2, 0, 0}, strict: counts{2, 0, 0},
		},
		{
			name: "maximum matching needs an augmenting path",
			// Gold PRK→* sorts first and would take PRK→JPN, the only
			// prediction gold PRK→JPN accepts; the matching must move it
			// to PRK→KOR.
			gold: []GoldEvent{gold("PRK", "", "150"), gold("PRK", "JPN", "150")},
			pred: []vigil.Event{pred("PRK", "KOR", "150"), pred("PRK", "JPN", "150")},
			root: counts{2, 0, 0}, strict: counts{2, 0, 0},
		},
		{
			name: "optional matches maximised after required ones",
			// At strict level the required event accepts 138 and 1384,
			// the optional one only 138: the required one must take 1384.
			gold: []GoldEvent{gold("PRK", "KOR", "1384", "138"), opt("PRK", "KOR", "138")},
			pred: []vigil.Event{pred("PRK", "KOR", "138"), pred("PRK", "KOR", "1384")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 0},
		},
		{
			name: "duplicate predictions count once",
			gold: []GoldEvent{gold("PRK", "KOR", "112")},
			pred: []vigil.Event{pred("PRK", "KOR", "112"), pred("PRK", "KOR", "112"), pred("PRKGOV", "KOR", "1121")},
			// Root: all three are (PRK, KOR, 11). Strict: PRK→KOR 112 once,
			// PRKGOV→KOR 1121 is another key and unmatched.
			root: counts{1, 0, 0}, strict: counts{1, 1, 0},
		},
		{
			name: "duplicate gold events count once",
			gold: []GoldEvent{gold("PRK", "KOR", "112"), gold("PRK", "KOR", "112")},
			root: counts{0, 0, 1}, strict: counts{0, 0, 1},
		},
		{
			name: "gold events with one root key reduce to one at root level",
			gold: []GoldEvent{gold("PRKMIL", "KOR", "191"), gold("PRK", "KORGOV", "195")},
			pred: []vigil.Event{pred("PRKMIL", "KOR", "191")},
			root: counts{1, 0, 0}, strict: counts{1, 0, 1},
		},
		{
			name: "required and optional with one key is required",
			gold: []GoldEvent{opt("PRK", "KOR", "112"), gold("PRK", "KOR", "112")},
			root: counts{0, 0, 1}, strict: counts{0, 0, 1},
		},
		{
			name: "joint action: both directions",
			gold: []GoldEvent{gold("RUSGOV", "PRKGOV", "057"), gold("PRKGOV", "RUSGOV", "057")},
			pred: []vigil.Event{pred("RUSGOV", "PRKGOV", "057")},
			root: counts{1, 0, 1}, strict: counts{1, 0, 1},
		},
		{
			name: "empty record: every prediction is a false positive",
			gold: []GoldEvent{},
			pred: []vigil.Event{pred("CHN", "TWN", "150"), pred("CHNMIL", "TWN", "152")},
			root: counts{0, 1, 0}, strict: counts{0, 2, 0},
		},
		{
			name: "empty record, nothing predicted",
			gold: []GoldEvent{},
			root: counts{0, 0, 0}, strict: counts{0, 0, 0},
		},
		{
			name: "international organisations compare by their first three letters at root level",
			gold: []GoldEvent{gold("IGOUNO", "PRK", "163")},
			pred: []vigil.Event{pred("IGOEUREEC", "PRK", "163")},
			root: counts{1, 0, 0}, strict: counts{0, 1, 1},
		},
		{
			name: "prediction with an unknown code never matches",
			gold: []GoldEvent{gold("PRK", "KOR", "191")},
			pred: []vigil.Event{pred("PRK", "KOR", "")},
			root: counts{0, 1, 1}, strict: counts{0, 1, 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := Record{ID: "r1", Text: "text", Events: tc.gold}
			check := func(r Report) {
				t.Helper()
				got := [2]counts{{r.Root.TP, r.Root.FP, r.Root.FN}, {r.Strict.TP, r.Strict.FP, r.Strict.FN}}
				if want := [2]counts{tc.root, tc.strict}; got != want {
					t.Errorf("root %+v strict %+v; want root %+v strict %+v", got[0], got[1], want[0], want[1])
				}
				if len(r.Misses) != r.Root.FN || len(r.FalsePositives) != r.Root.FP ||
					len(r.StrictMisses) != r.Strict.FN || len(r.StrictFalsePositives) != r.Strict.FP {
					t.Errorf("lists disagree with counts: %+v", r)
				}
			}
			base := Evaluate([]Record{rec}, [][]vigil.Event{tc.pred})
			check(base)
			// Order independence: every shuffle of predictions and gold
			// events gives the same counts and the same lists.
			rng := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			for range 20 {
				p := slices.Clone(tc.pred)
				g := slices.Clone(tc.gold)
				rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
				rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
				r := Evaluate([]Record{{ID: "r1", Text: "text", Events: g}}, [][]vigil.Event{p})
				check(r)
				if !slices.EqualFunc(r.Misses, base.Misses, func(a, b Miss) bool { return a.Key == b.Key }) ||
					!slices.EqualFunc(r.StrictMisses, base.StrictMisses, func(a, b Miss) bool { return a.Key == b.Key }) {
					t.Errorf("misses depend on order: %v vs %v", r.Misses, base.Misses)
				}
			}
		})
	}
}

func TestFlaggedPredictionsAreNotScored(t *testing.T) {
	neg := pred("PRK", "KOR", "190")
	neg.Negated = true
	hyp := pred("RUS", "PRK", "072")
	hyp.Hypothetical = true
	recs := []Record{{ID: "a", Events: []GoldEvent{}}}
	r := Evaluate(recs, [][]vigil.Event{{neg, hyp}})
	if r.Root.FP != 0 || r.Strict.FP != 0 || r.Flagged != 2 {
		t.Errorf("flagged predictions scored: %+v", r)
	}
	// A flagged prediction does not match a gold event either.
	recs = []Record{{ID: "b", Events: []GoldEvent{gold("PRK", "KOR", "190")}}}
	r = Evaluate(recs, [][]vigil.Event{{neg}})
	if r.Root.TP != 0 || r.Root.FN != 1 {
		t.Errorf("flagged prediction matched gold: %+v", r.Root)
	}
}

func TestSumsOverRecordsAndRatios(t *testing.T) {
	recs := []Record{
		{ID: "a", Text: "A", Events: []GoldEvent{gold("PRK", "KOR", "191"), gold("PRK", "KOR", "112")}},
		{ID: "b", Text: "B", Events: []GoldEvent{gold("RUS", "CHN", "042")}},
		{ID: "c", Text: "C", Events: []GoldEvent{}},
	}
	preds := [][]vigil.Event{
		{pred("PRK", "KOR", "191"), pred("PRK", "KOR", "138")}, // TP, FP; 112 missed
		{pred("RUS", "CHN", "042")},                            // TP
		{pred("CHN", "TWN", "150")},                            // FP
	}
	r := Evaluate(recs, preds)
	if r.Records != 3 {
		t.Errorf("records %d", r.Records)
	}
	want := Score{TP: 2, FP: 2, FN: 1, Precision: 0.5, Recall: 2.0 / 3, F1: 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0/3)}
	if r.Root.TP != want.TP || r.Root.FP != want.FP || r.Root.FN != want.FN ||
		!near(r.Root.Precision, want.Precision) || !near(r.Root.Recall, want.Recall) || !near(r.Root.F1, want.F1) {
		t.Errorf("root %+v, want %+v", r.Root, want)
	}
	if len(r.Misses) != 1 || r.Misses[0].ID != "a" || r.Misses[0].Code != "112" || r.Misses[0].Text != "A" || r.Misses[0].Key != "PRK→KOR 11" {
		t.Errorf("misses %+v", r.Misses)
	}
	ids := []string{}
	for _, fp := range r.FalsePositives {
		ids = append(ids, fp.ID+" "+fp.Key)
	}
	if !slices.Equal(ids, []string{"a PRK→KOR 13", "c CHN→TWN 15"}) {
		t.Errorf("false positives %q", ids)
	}
	if r.FalsePositives[1].Sentence == "" {
		t.Error("false positive lacks its sentence")
	}
}

func TestScoreRatiosWhenEmpty(t *testing.T) {
	r := Evaluate(nil, nil)
	if r.Root != (Score{}) || r.Misses == nil || r.FalsePositives == nil || r.StrictMisses == nil {
		t.Errorf("empty report %+v", r)
	}
	// Nothing predicted, something required: precision 0, recall 0.
	r = Evaluate([]Record{{ID: "a", Events: []GoldEvent{gold("PRK", "KOR", "191")}}}, [][]vigil.Event{nil})
	if r.Root.Precision != 0 || r.Root.Recall != 0 || r.Root.F1 != 0 || r.Root.FN != 1 {
		t.Errorf("nothing predicted: %+v", r.Root)
	}
	for _, f := range []float64{r.Root.Precision, r.Root.Recall, r.Root.F1} {
		if math.IsNaN(f) {
			t.Error("NaN in scores")
		}
	}
}

func TestMissKeys(t *testing.T) {
	recs := []Record{{ID: "dev-001", Text: "North Korea blew up roads.", Events: []GoldEvent{gold("PRKMIL", "", "191", "1712", "171")}}}
	r := Evaluate(recs, [][]vigil.Event{nil})
	if len(r.Misses) != 1 || r.Misses[0].Key != "PRK→* 17|19" {
		t.Errorf("root miss %+v", r.Misses)
	}
	if len(r.StrictMisses) != 1 || r.StrictMisses[0].Key != "PRKMIL→* 171|1712|191" || !slices.Equal(r.StrictMisses[0].Alt, []string{"1712", "171"}) {
		t.Errorf("strict miss %+v", r.StrictMisses)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func BenchmarkScore(b *testing.B) {
	rec := Record{ID: "r", Events: []GoldEvent{
		gold("PRK", "KOR", "191", "1712"), gold("PRK", "KOR", "112"), opt("KOR", "PRK", "111"),
		gold("RUS", "PRK", "057"), gold("PRK", "RUS", "057"), gold("PRKMIL", "", "152", "154"),
	}}
	preds := []vigil.Event{
		pred("PRKMIL", "KOR", "191"), pred("PRK", "KOR", "112"), pred("RUSGOV", "PRKGOV", "057"),
		pred("PRKMIL", "KOR", "152"), pred("CHN", "TWN", "150"), pred("PRK", "KOR", "112"),
	}
	for b.Loop() {
		var s Scorer
		s.Add(rec, preds)
	}
}

// TestMatchingIsOptimal compares the matching with brute force on random
// small records: no assignment of predictions to gold events matches more
// required events, or as many required and more optional ones.
func TestMatchingIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	actors := []string{"PRK", "PRKMIL", "KOR", "KORGOV", ""}
	codes := []string{"191", "195", "1712", "138", "1384", "112"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	for iter := range 3000 {
		var g []GoldEvent
		for range rng.IntN(5) {
			ev := GoldEvent{Source: pick(actors[:4]), Target: pick(actors), Code: pick(codes), Optional: rng.IntN(3) == 0}
			if rng.IntN(2) == 0 {
				ev.Alt = []string{pick(codes)}
			}
			g = append(g, ev)
		}
		var p []vigil.Event
		for range rng.IntN(6) {
			p = append(p, pred(pick(actors[:4]), pick(actors), pick(codes)))
		}
		for _, lvl := range []Level{Root, Strict} {
			res := match(Record{ID: "x", Events: g}, p, lvl)
			golds, preds := goldKeys(g, lvl), predKeys(p, lvl)
			bestReq, bestOpt := bruteForce(golds, preds)
			required := 0
			for _, k := range golds {
				if !k.optional {
					required++
				}
			}
			matchedOpt := len(preds) - len(res.fps) - res.tp
			if res.tp != bestReq || matchedOpt != bestOpt || res.tp+len(res.misses) != required {
				t.Fatalf("iteration %d, %s level: gold %+v pred %+v: matched %d required, %d optional; best %d, %d",
					iter, lvl, g, p, res.tp, matchedOpt, bestReq, bestOpt)
			}
		}
	}
}

// bruteForce tries every assignment of predictions to gold keys and returns
// the lexicographically best (required, optional) match counts.
func bruteForce(golds []goldKey, preds []predKey) (req, opt int) {
	used := make([]bool, len(golds))
	var rec func(p, r, o int)
	rec = func(p, r, o int) {
		if p == len(preds) {
			if r > req || (r == req && o > opt) {
				req, opt = r, o
			}
			return
		}
		rec(p+1, r, o) // prediction p unmatched
		for g := range golds {
			if used[g] || !accepts(&golds[g], &preds[p]) {
				continue
			}
			used[g] = true
			if golds[g].optional {
				rec(p+1, r, o+1)
			} else {
				rec(p+1, r+1, o)
			}
			used[g] = false
		}
	}
	rec(0, 0, 0)
	return req, opt
}
