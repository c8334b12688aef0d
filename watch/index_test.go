package watch

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// sliceSource serves events from memory in date order, filtered like the
// store would (dates and dyad only): a second EventSource for tests.
type sliceSource []vigil.Event

func (s sliceSource) EachEvent(ctx context.Context, f store.EventFilter, fn func(e *vigil.Event) error) error {
	for i := range s {
		e := s[i]
		if f.Since != "" && e.Date < f.Since || f.Until != "" && e.Date > f.Until {
			continue
		}
		if dy := f.Dyad; dy != nil {
			sc, tc := sideOf(e.Source), sideOf(e.Target)
			fwd := sc == dy.A && tc == dy.B
			back := sc == dy.B && tc == dy.A
			if !fwd && !(back && !dy.Directed) {
				continue
			}
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func TestIndexMath(t *testing.T) {
	cfg := DefaultEscalation
	alpha := 1 - math.Pow(0.5, 1/float64(cfg.HalfLife))
	// A constant daily intensity for two years: the recent level equals the
	// baseline and z is about 0.
	var ix index
	for d := day(0); d < 730; d++ {
		ix.add(d, 3, alpha)
	}
	r := ix.read(729, sinceStart(0), cfg, alpha)
	if math.Abs(r.Level-3) > 0.01 || math.Abs(r.Baseline-3) > 0.01 || math.Abs(r.Z) > 0.01 || r.Days != 360 {
		t.Errorf("steady dyad: %+v", r)
	}
	// A burst after a quiet year stands out.
	var burst index
	for d := day(0); d < 400; d += 20 {
		burst.add(d, 2, alpha)
	}
	for d := day(400); d < 410; d++ {
		burst.add(d, 8, alpha)
	}
	if r := burst.read(409, sinceStart(0), cfg, alpha); r.Z < cfg.Threshold {
		t.Errorf("burst after a quiet year: z %.2f < %.1f (%+v)", r.Z, cfg.Threshold, r)
	}
	// One report on a dyad with no history does not.
	var single index
	single.add(100, 10, alpha)
	if r := single.read(100, sinceStart(100), cfg, alpha); r.Z >= 1 {
		t.Errorf("single report: z %.2f", r.Z)
	}
	// The level decays without events.
	if r1, r2 := burst.read(409, sinceStart(0), cfg, alpha), burst.read(409+day(cfg.HalfLife), sinceStart(0), cfg, alpha); math.Abs(r2.Level-r1.Level/2) > 0.01 {
		t.Errorf("half-life: %.3f then %.3f", r1.Level, r2.Level)
	}
}

// history builds a quiet year of low-level friction between two sides,
// amid the daily news of others (the watcher counts a day as quiet for a
// dyad only when it saw news at all that day).
func history(s, tg string, from, days int) []vigil.Event {
	var out []vigil.Event
	for i := 0; i < days; i++ {
		if i%9 == 0 {
			out = append(out, mk(d(from+i), s, tg, "111", fmt.Sprintf("%s criticised %s (%d).", s, tg, i)))
		}
		out = append(out, mk(d(from+i), "FRA", "DEU", "042", fmt.Sprintf("A French minister visited Berlin (%d).", i)))
	}
	return out
}

func TestEscalationWarning(t *testing.T) {
	burst := func(from int) []vigil.Event {
		var out []vigil.Event
		codes := []string{"190", "194", "195", "193", "1384", "195", "194", "190"}
		for i, c := range codes {
			out = append(out, mk(d(from+i), "AZE", "ARM", c, fmt.Sprintf("Azerbaijani forces attacked Armenian positions (%d).", i)))
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		events []vigil.Event
		want   bool
	}{
		{"burst after a quiet year", append(history("AZE", "ARM", 0, 400), burst(400)...), true},
		{"burst on a dyad with a violent baseline", append(steady("AZE", "ARM", 0, 400), burst(400)...), false},
		{"a quiet year alone", history("AZE", "ARM", 0, 400), false},
		{"a flood of reports of one attack", append(history("AZE", "ARM", 0, 400), flood(mk(d(400), "AZE", "ARM", "195", "Azerbaijani drones struck Armenian positions."), 60)...), false},
	} {
		w, _ := newWatcher(t, false)
		if _, err := w.Replay(context.Background(), sliceSource(tc.events), "", "", nil); err != nil {
			t.Fatal(err)
		}
		got := byRule(w.Warnings(), EscalationRule, "AZE", "ARM")
		if (got != nil) != tc.want {
			t.Errorf("%s: escalation warning %v, want %v (%s)", tc.name, got != nil, tc.want, describe(w.Warnings()))
		}
		if got != nil && (len(got.Steps) != 1 || len(got.Steps[0].Events) < 4 || got.History[0].Reason == "") {
			t.Errorf("%s: evidence %+v", tc.name, got.Steps)
		}
	}
}

// steady builds a year of daily fighting.
func steady(s, tg string, from, days int) []vigil.Event {
	var out []vigil.Event
	for i := 0; i < days; i++ {
		out = append(out, mk(d(from+i), s, tg, "194", fmt.Sprintf("Shelling continued (%d).", i)))
	}
	return out
}

// flood repeats one event as n outlets would report it.
func flood(e vigil.Event, n int) []vigil.Event {
	out := make([]vigil.Event, n)
	for i := range out {
		c := e
		c.Article = fmt.Sprintf("outlet-%d", i)
		c.ID = vigil.EventID(c.Article, 0, c.Source, c.Target, c.Code)
		out[i] = c
	}
	return out
}

func TestSeries(t *testing.T) {
	evs := append(history("AZE", "ARM", 0, 60), mk(d(61), "ARM", "AZE", "042", "Armenia's foreign minister visited Baku."))
	evs = append(evs, flood(mk(d(62), "AZE", "ARM", "195", "Drones struck."), 5)...)
	pts, err := Series(context.Background(), sliceSource(evs), SeriesQuery{A: "AZE", B: "ARM", Since: d(50)})
	if err != nil {
		t.Fatal(err)
	}
	last := pts[len(pts)-1]
	if last.Date != d(62) || last.Count != 1 || last.Quad[3] != 1 || last.MaterialConflict != 1 || last.Goldstein != -10 {
		t.Errorf("last day (duplicates once): %+v", last)
	}
	prev := pts[len(pts)-2]
	if prev.Date != d(61) || prev.Quad[0] != 1 || prev.Intensity != 0 {
		t.Errorf("cooperation day: %+v", prev)
	}
	if pts[0].Date < d(50) {
		t.Errorf("series starts %s before since %s", pts[0].Date, d(50))
	}
	// Directed: only AZE acting on ARM.
	pts, _ = Series(context.Background(), sliceSource(evs), SeriesQuery{A: "AZE", B: "ARM", Directed: true, Since: d(61)})
	if len(pts) != 1 || pts[0].Date != d(62) {
		t.Errorf("directed series: %+v", pts)
	}
	// Fill gives every day.
	pts, _ = Series(context.Background(), sliceSource(evs), SeriesQuery{A: "AZE", B: "ARM", Since: d(0), Fill: true})
	if len(pts) != 63 {
		t.Errorf("filled series has %d days, want 63", len(pts))
	}
	if _, err := Series(context.Background(), sliceSource(evs), SeriesQuery{A: "AZE", B: "ARM", Since: "yesterday"}); err == nil {
		t.Errorf("bad date accepted")
	}
}
