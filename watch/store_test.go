package watch

import (
	"context"
	"testing"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// TestWithStore runs the watch over a real store (SQLite, and PostgreSQL
// when VIGIL_TEST_DSN is set): events read back in date order, warnings
// and treaty status saved, and a second replay (a new watcher, as a second
// 'vigil watch --replay' would be) leaves the saved history unchanged.
func TestWithStore(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			st := b.Open(t)
			ctx := context.Background()
			evs := scenarioEvents()
			evs = append(evs, mk(d(320), "AUS", "PNG", "057", "The Pukpuk treaty between Australia and Papua New Guinea entered into force."))
			if _, err := st.Write(ctx, store.Entry{Events: evs}); err != nil {
				t.Fatal(err)
			}
			replay := func() []vigil.Warning {
				reg, err := alliance.Load("")
				if err != nil {
					t.Fatal(err)
				}
				sts, err := st.TreatyStatuses(ctx, "")
				if err != nil {
					t.Fatal(err)
				}
				reg.Merge(sts)
				w, err := New(Options{Register: reg, Sink: st})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := w.Replay(ctx, st, "", "", nil); err != nil {
					t.Fatal(err)
				}
				ws, err := st.Warnings(ctx, store.WarningFilter{})
				if err != nil {
					t.Fatal(err)
				}
				return ws
			}
			first := replay()
			second := replay()
			if len(first) < 3 || len(first) != len(second) {
				t.Fatalf("saved %d then %d warnings", len(first), len(second))
			}
			hist := map[string]int{}
			for _, w := range first {
				hist[w.ID] = len(w.History)
				if len(w.History) == 0 || w.History[0].Change != "new" {
					t.Errorf("%s %s: history %+v", w.Rule, w.ID, w.History)
				}
			}
			for _, w := range second {
				if hist[w.ID] != len(w.History) {
					t.Errorf("%s %s: %d changes after the first replay, %d after the second", w.Rule, w.ID, hist[w.ID], len(w.History))
				}
			}
			sts, err := st.TreatyStatuses(ctx, "aus-png-2025")
			if err != nil || len(sts) != 1 || sts[0].Status != alliance.InForce || sts[0].EventID == "" {
				t.Errorf("treaty status in the store: %+v %v", sts, err)
			}
			// The series the dashboard charts comes from the same store.
			pts, err := Series(ctx, st, SeriesQuery{A: "AZE", B: "ARM", Since: d(300)})
			if err != nil || len(pts) == 0 || pts[len(pts)-1].Date != d(321) {
				t.Errorf("series: %v %+v", err, pts)
			}
		})
	}
}
