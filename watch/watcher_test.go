package watch

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
)

// scenarioEvents mixes the rules' cases over a year and a half: a
// pre-offensive sequence, an alliance, a ceasefire that breaks, talks.
func scenarioEvents() []vigil.Event {
	var evs []vigil.Event
	evs = append(evs, history("AZE", "ARM", 0, 300)...)
	evs = append(evs, seedSequence(d(100))...)
	evs = append(evs,
		mk(d(120), "RUS", "PRK", "057", "Russia and North Korea signed a comprehensive strategic partnership treaty."),
		mk(d(200), "RUSMIL", "PRKMIL", "062", "Russian forces integrated North Korean personnel into a battalion."),
		mk(d(300), "ARM", "AZE", "0871", "Armenia and Azerbaijan declared a ceasefire."),
		mk(d(310), "AZE", "ARM", "194", "Azerbaijani artillery shelled Armenian positions."),
		mk(d(320), "AZE", "ARM", "046", "Negotiators met in Geneva."),
		mk(d(321), "ARM", "AZE", "0841", "Armenia released prisoners of war to Azerbaijan."),
	)
	slices.SortStableFunc(evs, func(a, b vigil.Event) int {
		if a.Date < b.Date {
			return -1
		} else if a.Date > b.Date {
			return 1
		}
		return 0
	})
	return evs
}

func TestReplayIsDeterministic(t *testing.T) {
	run := func() (map[string]*vigil.Warning, map[string][]vigil.WarningChange) {
		w, sink := newWatcher(t, true)
		if _, err := w.Replay(context.Background(), sliceSource(scenarioEvents()), "", "", nil); err != nil {
			t.Fatal(err)
		}
		return sink.warnings, sink.history
	}
	w1, h1 := run()
	w2, h2 := run()
	if len(w1) < 3 {
		t.Fatalf("scenario raised %d warnings, want at least 3: %v", len(w1), w1)
	}
	for id, a := range w1 {
		b := w2[id]
		if b == nil {
			t.Errorf("warning %s (%s) missing on the second run", id, a.Rule)
			continue
		}
		a.Updated, b.Updated = time.Time{}, time.Time{}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("warning %s differs between runs:\n%s\n%s", id, ja, jb)
		}
		ha, _ := json.Marshal(h1[id])
		hb, _ := json.Marshal(h2[id])
		if string(ha) != string(hb) {
			t.Errorf("history of %s differs:\n%s\n%s", id, ha, hb)
		}
	}
	// The scenario's expected warnings are there.
	rules := map[string]bool{}
	for _, w := range w1 {
		rules[w.Rule+" "+w.Source+"→"+w.Target] = true
	}
	for _, want := range []string{"pre-offensive-posture PRK→KOR", "alliance-activation PRK→RUS", "ceasefire-breakdown AZE→ARM"} {
		if !rules[want] {
			t.Errorf("no %s warning; have %v", want, rules)
		}
	}
	// The ceasefire the fighting broke is no de-escalation: the warning is
	// lowered by the talks and the release of prisoners after it, once both
	// are seen.
	for id, w := range w1 {
		if w.Rule != "ceasefire-breakdown" {
			continue
		}
		var lowered []string
		for _, h := range h1[id] {
			if h.Change == "lowered" {
				lowered = append(lowered, h.Date)
			}
		}
		if !slices.Equal(lowered, []string{d(321)}) {
			t.Errorf("ceasefire-breakdown lowered on %v, want [%s]", lowered, d(321))
		}
	}
}

func TestObserveMatchesReplay(t *testing.T) {
	// Feeding the events article by article gives the warnings a replay
	// gives.
	evs := scenarioEvents()
	wr, sinkR := newWatcher(t, true)
	if _, err := wr.Replay(context.Background(), sliceSource(evs), "", "", nil); err != nil {
		t.Fatal(err)
	}
	wo, sinkO := newWatcher(t, true)
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].Date == evs[i].Date {
			j++
		}
		observe(t, wo, evs[i:j]...)
		i = j
	}
	for id, a := range sinkR.warnings {
		b := sinkO.warnings[id]
		if b == nil || a.Level != b.Level || a.Score != b.Score || len(a.Steps) != len(b.Steps) {
			t.Errorf("warning %s (%s): replay %+v, observe %+v", id, a.Rule, a, b)
		}
	}
	if len(sinkR.warnings) != len(sinkO.warnings) {
		t.Errorf("replay saved %d warnings, observe %d", len(sinkR.warnings), len(sinkO.warnings))
	}
}

func TestWarmAndOnStored(t *testing.T) {
	evs := seedSequence(d(0))
	stored := sliceSource(evs[:3]) // sever, claim, accuse: stored before
	w, sink := newWatcher(t, true)
	st, err := w.Warm(context.Background(), stored, d(0))
	if err != nil || st.Events != 3 {
		t.Fatalf("warm: %+v %v", st, err)
	}
	if sink.saves != 0 {
		t.Errorf("warm-up saved %d warnings; it must not write", sink.saves)
	}
	// The next article completes the sequence: judged with its history.
	w.OnStored(context.Background(), &vigil.Article{ID: "next"}, evs[3:])
	got := sink.warnings
	var pre *vigil.Warning
	for _, x := range got {
		if x.Rule == "pre-offensive-posture" {
			pre = x
		}
	}
	if pre == nil || pre.Level != "alert" || len(pre.Steps) != 6 {
		t.Errorf("after OnStored: %v", got)
	}
	if _, err := w.Warm(context.Background(), stored, "someday"); err == nil {
		t.Errorf("Warm accepted a bad date")
	}
}

// TestObserveArticlePlans: a report of a plan dated a year ahead counts
// on the day it is published, and does not age the warnings of today.
func TestObserveArticlePlans(t *testing.T) {
	w, sink := newWatcher(t, false)
	pub, _ := time.Parse(vigil.DateLayout, d(0))
	evs := seedSequence(d(0))
	if _, err := w.ObserveArticle(context.Background(), &vigil.Article{ID: "a", Published: pub}, evs[:4]); err != nil {
		t.Fatal(err)
	}
	plan := mk(d(365), "PRKMIL", "", "152", "The army will be on full alert for next year's anniversary.")
	if _, err := w.ObserveArticle(context.Background(), &vigil.Article{ID: "b", Published: pub}, []vigil.Event{plan}); err != nil {
		t.Fatal(err)
	}
	if plan.Date != d(365) {
		t.Errorf("the caller's event was changed: %s", plan.Date)
	}
	if st := w.Stats(); st.Last != d(0) {
		t.Errorf("the watcher's clock is %s after a plan for %s; want the publication date %s", st.Last, d(365), d(0))
	}
	pre := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR")
	if pre == nil || pre.Level != "alert" || len(pre.Steps) != 5 {
		t.Fatalf("warnings %s; want the pre-offensive alert, with the plan's alert as its fifth step", describe(w.Warnings()))
	}
	for _, x := range sink.warnings {
		for _, h := range sink.history[x.ID] {
			if h.Change == "decayed" {
				t.Errorf("%s decayed (%s) on a plan's date", x.Rule, h.Date)
			}
		}
	}
}

func TestTreatyStatusFromEvents(t *testing.T) {
	w, sink := newWatcher(t, true)
	changed := observe(t, w,
		mk("2025-12-20", "AUS", "PNG", "057", "The Pukpuk treaty between Australia and Papua New Guinea entered into force."),
		mk("2025-12-20", "CHN", "PNG", "112", "China accused Papua New Guinea of provocations."))
	if len(sink.treaty) != 1 || sink.treaty[0].Treaty != "aus-png-2025" || sink.treaty[0].Status != "in_force" || sink.treaty[0].EventID == "" {
		t.Fatalf("treaty status saved: %+v", sink.treaty)
	}
	if st, _ := w.Register().StatusOn("aus-png-2025", "2025-12-21"); !st.InForce {
		t.Errorf("register not updated: %+v", st)
	}
	_ = changed
}

func TestFlaggedAndUndated(t *testing.T) {
	w, _ := newWatcher(t, false)
	neg := mk(d(0), "PRK", "KOR", "191", "North Korea did not blow up the roads.")
	neg.Negated = true
	bad := mk(d(0), "PRK", "KOR", "138", "x")
	bad.Date = "2024-13-45"
	old := mk(d(0), "USA", "PRK", "190", "The US started the war on June 25, 1950.")
	old.Date = "1950-06-25"
	observe(t, w, neg, bad, old, seedSequence(d(0))[2])
	st := w.Stats()
	if st.Flagged != 1 || st.Undated != 1 || st.Historical != 1 || st.Used != 1 || st.Events != 4 {
		t.Errorf("stats %+v", st)
	}
}
