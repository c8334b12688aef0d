package watch

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-ews/vigil"
)

func TestDefaultRules(t *testing.T) {
	rs, err := LoadRules("")
	if err != nil {
		t.Fatalf("default rules: %v", err)
	}
	for _, name := range []string{"pre-offensive-posture", "mobilisation", "alliance-activation", "ceasefire-breakdown", "de-escalation"} {
		r := rs.Rule(name)
		if r == nil {
			t.Errorf("no default rule %q", name)
			continue
		}
		if r.Description == "" || r.Window == 0 || len(r.Steps) < 2 {
			t.Errorf("rule %q is incomplete: %+v", name, r)
		}
	}
	if rs.Rule("de-escalation").Effect != Lower {
		t.Errorf("de-escalation does not lower")
	}
	pre := rs.Rule("pre-offensive-posture")
	if len(pre.Steps) != 6 || pre.MinSteps() != 3 || pre.Ordered {
		t.Errorf("pre-offensive-posture: %d steps, min %d, ordered %v", len(pre.Steps), pre.MinSteps(), pre.Ordered)
	}
}

func TestRuleErrors(t *testing.T) {
	const good = `rules:
  - name: r
    level: warning
    window: 30d
    min_steps: 1
    steps:
      - name: s
        codes: ["191"]
`
	if _, err := LoadRulesFS(fstest.MapFS{"r.yaml": {Data: []byte(good)}}, "dir"); err != nil {
		t.Fatalf("good rule: %v", err)
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unknown code", strings.Replace(good, `"191"`, `"1999"`, 1), "dir/r.yaml:8: unknown code 1999"},
		{"unknown key", strings.Replace(good, "window:", "windw:", 1), "dir/r.yaml:4: unknown key \"windw\""},
		{"no window", strings.Replace(good, "    window: 30d\n", "", 1), "dir/r.yaml:2: rule \"r\" has no window"},
		{"bad window", strings.Replace(good, "30d", "a month", 1), "dir/r.yaml:4: window \"a month\""},
		{"bad level", strings.Replace(good, "level: warning", "level: red", 1), "dir/r.yaml:3: level must be watch, warning or alert"},
		{"min_steps too big", strings.Replace(good, "min_steps: 1", "min_steps: 2", 1), "dir/r.yaml:5: min_steps must be between 1 and the number of steps"},
		{"min_direct above min_steps", strings.Replace(good, "min_steps: 1", "min_steps: 1\n    min_direct: 2", 1), "dir/r.yaml:6: min_direct must be between 1 and min_steps (1)"},
		{"bad root", strings.Replace(good, `codes: ["191"]`, `roots: ["21"]`, 1), "dir/r.yaml:8: unknown root 21"},
		{"bad plover", strings.Replace(good, `codes: ["191"]`, `plover: [ATTACK]`, 1), "dir/r.yaml:8: unknown PLOVER type ATTACK"},
		{"bad role", strings.Replace(good, `codes: ["191"]`, "codes: [\"191\"]\n        source_role: [ARMY]", 1), "dir/r.yaml:9: unknown role"},
		{"bad by", strings.Replace(good, `codes: ["191"]`, "codes: [\"191\"]\n        by: them", 1), "dir/r.yaml:9: by must be source, target or either"},
		{"no action", strings.Replace(good, `codes: ["191"]`, `words: [border]`, 1), "step \"s\": a clause needs an action"},
		{"bad star", strings.Replace(good, `codes: ["191"]`, "codes: [\"191\"]\n        words: [\"bo*rder\"]", 1), "dir/r.yaml:9: words:"},
		{"yaml syntax", "rules:\n  - name: [\n", "dir/r.yaml:"},
		{"lower with level", strings.Replace(good, "level: warning", "effect: lower\n    level: warning", 1), "level is only for rules that raise warnings"},
	} {
		_, err := LoadRulesFS(fstest.MapFS{"r.yaml": {Data: []byte(tc.src)}}, "dir")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	// A user directory overrides a default rule by name.
	dir := t.TempDir()
	writeFile(t, dir+"/mine.yaml", strings.Replace(good, "name: r", "name: mobilisation", 1))
	rs, err := LoadRules(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs.Rule("mobilisation"); r == nil || len(r.Steps) != 1 || !strings.HasSuffix(r.File, "mine.yaml") {
		t.Errorf("user rule did not replace the default: %+v", r)
	}
}

// scenario is a sequence of events and what the rules must conclude.
type scenario struct {
	name   string
	events []vigil.Event
	rule   string
	s, t   string
	level  string // "" = must not be active
	steps  int    // minimum steps cited (when level set)
}

func d(offset int) string {
	return day(19900 + offset).String() // 2024-06-27 + offset
}

func TestRulesFire(t *testing.T) {
	seed := seedSequence(d(0))
	only := func(idx ...int) []vigil.Event {
		var out []vigil.Event
		for _, i := range idx {
			out = append(out, seed[i])
		}
		return out
	}
	dated := func(e vigil.Event, date string) vigil.Event {
		e.Date = date
		e.Article += date
		e.ID = vigil.EventID(e.Article, 0, e.Source, e.Target, e.Code)
		return e
	}
	flood := []vigil.Event{}
	for i := range 40 {
		e := seed[0]
		e.Article = "copy" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		e.ID = vigil.EventID(e.Article, 0, e.Source, e.Target, e.Code)
		flood = append(flood, e)
	}
	hypothetical := seed[3]
	hypothetical.Hypothetical = true
	cases := []scenario{
		{name: "pre-offensive: the full sequence is an alert", events: seed, rule: "pre-offensive-posture", s: "PRK", t: "KOR", level: "alert", steps: 6},
		{name: "pre-offensive: three steps are a warning", events: only(0, 2, 3), rule: "pre-offensive-posture", s: "PRK", t: "KOR", level: "warning", steps: 3},
		{name: "pre-offensive: two steps are nothing", events: only(0, 3), rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		{name: "pre-offensive: no warning the other way", events: seed, rule: "pre-offensive-posture", s: "KOR", t: "PRK"},
		{name: "pre-offensive: untargeted steps alone never fire", events: []vigil.Event{seed[4], seed[5], mk(d(0), "PRKMIL", "", "154", "Troops were mobilised.")}, rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		{name: "pre-offensive: untargeted steps count once tied", events: only(2, 4, 5), rule: "pre-offensive-posture", s: "PRK", t: "KOR", level: "warning", steps: 3},
		{name: "pre-offensive: outside the 30-day window", events: []vigil.Event{dated(seed[0], d(0)), dated(seed[2], d(31)), dated(seed[3], d(62))}, rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		{name: "pre-offensive: inside the window", events: []vigil.Event{dated(seed[0], d(0)), dated(seed[2], d(14)), dated(seed[3], d(29))}, rule: "pre-offensive-posture", s: "PRK", t: "KOR", level: "warning", steps: 3},
		{name: "pre-offensive: a flood of one report is one step", events: append(flood, seed[3]), rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		{name: "pre-offensive: hypothetical threats do not count", events: []vigil.Event{seed[0], seed[2], hypothetical}, rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		{name: "pre-offensive: road words needed for property damage", events: []vigil.Event{
			mk(d(0), "PRK", "KOR", "1712", "The North destroyed a guard post."), seed[2], seed[3]}, rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		// A rule's words qualify the event's own clause, not a condition
		// beside it: this threat is not a territorial claim...
		{name: "pre-offensive: words of a condition do not qualify the action", events: []vigil.Event{
			seed[0], dated(mk(d(0), "PRK", "KOR", "138", "North Korea warned it would retaliate if another drone crossed the border it claims at sea."), d(1)),
			dated(seed[3], d(2))}, rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		// ...but this one is.
		{name: "pre-offensive: words of the action's clause do", events: []vigil.Event{
			seed[0], dated(mk(d(0), "PRK", "KOR", "138", "North Korea threatened to claim the waters south of the line, the agency said."), d(1)),
			dated(seed[3], d(2))}, rule: "pre-offensive-posture", s: "PRK", t: "KOR", level: "warning", steps: 3},
		// "claiming that" is a verb of saying, not a territorial claim.
		{name: "pre-offensive: a claim that is no territorial claim", events: []vigil.Event{
			seed[0], dated(mk(d(0), "PRK", "KOR", "010", "The agency said Seoul lied, claiming that it wanted talks."), d(1)),
			dated(seed[3], d(2))}, rule: "pre-offensive-posture", s: "PRK", t: "KOR"},
		{name: "pre-offensive: destroyed roads sever links", events: []vigil.Event{
			mk(d(0), "PRK", "KOR", "1712", "The North destroyed the roads to the South."), seed[2], seed[3]}, rule: "pre-offensive-posture", s: "PRK", t: "KOR", level: "warning", steps: 3},

		{name: "mobilisation fires", events: []vigil.Event{
			mk(d(0), "RUSMIL", "", "154", "Russia called up 300,000 reservists."),
			mk(d(3), "RUSMIL", "", "152", "Units in the west were put on high alert."),
			mk(d(5), "RUSMIL", "UKR", "150", "Russia massed troops near the border with Ukraine."),
			mk(d(6), "RUS", "UKR", "138", "Moscow threatened Kyiv with a military response."),
		}, rule: "mobilisation", s: "RUS", t: "UKR", level: "alert", steps: 4},
		{name: "mobilisation needs the mobilisation itself", events: []vigil.Event{
			mk(d(3), "RUSMIL", "", "152", "Units in the west were put on high alert."),
			mk(d(5), "RUSMIL", "UKR", "150", "Russia massed troops near the border with Ukraine."),
			mk(d(6), "RUS", "UKR", "138", "Moscow threatened Kyiv with a military response."),
		}, rule: "mobilisation", s: "RUS", t: "UKR"},
		{name: "mobilisation: two steps must be aimed at the other side", events: []vigil.Event{
			mk(d(0), "PRKMIL", "", "154", "North Korea called up reservists."),
			mk(d(1), "PRKMIL", "KOR", "152", "Artillery on the border with South Korea was put on alert."),
			mk(d(2), "PRKMIL", "", "152", "Units in the south were put on high alert."),
			mk(d(3), "PRK", "USA", "112", "Pyongyang blamed Washington for the tension."),
		}, rule: "mobilisation", s: "PRK", t: "USA"},
		{name: "mobilisation: two aimed steps suffice", events: []vigil.Event{
			mk(d(0), "PRKMIL", "", "154", "North Korea called up reservists."),
			mk(d(2), "PRKMIL", "", "152", "Units in the south were put on high alert."),
			mk(d(3), "PRK", "USA", "112", "Pyongyang blamed Washington for the tension."),
			mk(d(4), "PRK", "USA", "138", "Pyongyang threatened Washington with a military response."),
		}, rule: "mobilisation", s: "PRK", t: "USA", level: "alert", steps: 4},
		{name: "mobilisation: steps three weeks apart", events: []vigil.Event{
			mk(d(0), "RUSMIL", "", "154", "Russia called up 300,000 reservists."),
			mk(d(1), "RUS", "UKR", "112", "Moscow accused Kyiv of shelling."),
			mk(d(25), "RUSMIL", "", "152", "Units were put on high alert."),
			mk(d(50), "RUS", "UKR", "138", "Moscow threatened Kyiv with a military response."),
		}, rule: "mobilisation", s: "RUS", t: "UKR"},

		{name: "alliance activation: treaty and military cooperation", events: []vigil.Event{
			mk(d(0), "RUS", "PRK", "057", "Russia and North Korea signed a comprehensive strategic partnership treaty."),
			mk(d(0), "PRK", "RUS", "057", "Russia and North Korea signed a comprehensive strategic partnership treaty."),
			mk(d(110), "RUSMIL", "PRKMIL", "062", "Russian forces integrated North Korean personnel into a new battalion."),
		}, rule: "alliance-activation", s: "PRK", t: "RUS", level: "watch", steps: 2},
		{name: "alliance activation: with visits it is a warning", events: []vigil.Event{
			mk(d(0), "RUS", "PRK", "057", "Russia and North Korea signed a comprehensive strategic partnership treaty."),
			mk(d(50), "PRKMIL", "RUS", "042", "North Korea's defence minister visited Moscow."),
			mk(d(110), "RUSMIL", "PRKMIL", "062", "Russian forces integrated North Korean personnel into a new battalion."),
		}, rule: "alliance-activation", s: "PRK", t: "RUS", level: "warning", steps: 3},
		{name: "alliance activation needs the treaty", events: []vigil.Event{
			mk(d(50), "PRKMIL", "RUS", "042", "North Korea's defence minister visited Moscow."),
			mk(d(110), "RUSMIL", "PRKMIL", "062", "Russian forces integrated North Korean personnel into a new battalion."),
		}, rule: "alliance-activation", s: "PRK", t: "RUS"},
		{name: "alliance activation: a tourism agreement is no treaty", events: []vigil.Event{
			mk(d(0), "RUS", "PRK", "057", "Russia and North Korea signed an agreement on tourism."),
			mk(d(110), "RUSMIL", "PRKMIL", "062", "Russian forces integrated North Korean personnel into a new battalion."),
		}, rule: "alliance-activation", s: "PRK", t: "RUS"},

		{name: "ceasefire breakdown: truce then fighting", events: []vigil.Event{
			mk(d(0), "ARM", "AZE", "0871", "Armenia and Azerbaijan declared a ceasefire."),
			mk(d(0), "AZE", "ARM", "0871", "Armenia and Azerbaijan declared a ceasefire."),
			mk(d(9), "AZE", "ARM", "111", "Baku accused Yerevan of violating the truce."),
			mk(d(10), "AZE", "ARM", "194", "Azerbaijani artillery shelled Armenian positions."),
		}, rule: "ceasefire-breakdown", s: "AZE", t: "ARM", level: "alert", steps: 3},
		{name: "ceasefire breakdown: fighting before the truce is not a breakdown", events: []vigil.Event{
			mk(d(0), "AZE", "ARM", "194", "Azerbaijani artillery shelled Armenian positions."),
			mk(d(10), "ARM", "AZE", "0871", "Armenia and Azerbaijan declared a ceasefire."),
		}, rule: "ceasefire-breakdown", s: "AZE", t: "ARM"},
		{name: "ceasefire breakdown: a blockade is not fighting", events: []vigil.Event{
			mk(d(0), "ARM", "AZE", "0871", "Armenia and Azerbaijan declared a ceasefire."),
			mk(d(10), "AZE", "ARM", "191", "Azerbaijan blocked the Lachin road."),
		}, rule: "ceasefire-breakdown", s: "AZE", t: "ARM"},
	}
	for _, tc := range cases {
		w, _ := newWatcher(t, false)
		// Feed day by day, as articles arrive.
		byDate := map[string][]vigil.Event{}
		var dates []string
		for _, e := range tc.events {
			if _, ok := byDate[e.Date]; !ok {
				dates = append(dates, e.Date)
			}
			byDate[e.Date] = append(byDate[e.Date], e)
		}
		slices.Sort(dates)
		for _, dt := range dates {
			observe(t, w, byDate[dt]...)
		}
		got := byRule(w.Warnings(), tc.rule, tc.s, tc.t)
		switch {
		case tc.level == "" && got != nil:
			t.Errorf("%s: unexpected warning %s", tc.name, describe([]vigil.Warning{*got}))
		case tc.level != "" && got == nil:
			t.Errorf("%s: no %s warning %s→%s; have %s", tc.name, tc.rule, tc.s, tc.t, describe(w.Warnings()))
		case got != nil && (got.Level != tc.level || len(got.Steps) < tc.steps):
			t.Errorf("%s: got %s, want level %s with ≥%d steps", tc.name, describe([]vigil.Warning{*got}), tc.level, tc.steps)
		}
		if got != nil {
			for _, st := range got.Steps {
				for _, e := range st.Events {
					if e.Sentence == "" || e.ID == "" || e.Date == "" || e.Code == "" {
						t.Errorf("%s: step %q cites an incomplete event %+v", tc.name, st.Name, e)
					}
				}
			}
		}
	}
}

func TestDeEscalationAndDecay(t *testing.T) {
	w, sink := newWatcher(t, false)
	observe(t, w, seedSequence(d(0))...)
	pre := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR")
	if pre == nil || pre.Level != "alert" {
		t.Fatalf("no alert to start from: %s", describe(w.Warnings()))
	}
	// Talks alone do not lower it.
	observe(t, w, mk(d(2), "KOR", "PRK", "046", "The two Koreas held talks at Panmunjom."))
	if got := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR"); got.Level != "alert" {
		t.Errorf("talks alone lowered the warning to %s", got.Level)
	}
	// Talks and a ceasefire do, by one level.
	observe(t, w, mk(d(3), "PRK", "KOR", "0871", "The North agreed to a truce along the border."))
	got := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR")
	if got.Level != "warning" || got.History[len(got.History)-1].Change != "lowered" {
		t.Errorf("after talks and a ceasefire: %s, history %+v", describe([]vigil.Warning{*got}), got.History)
	}
	// More de-escalation within the same month does not lower again.
	observe(t, w, mk(d(4), "PRK", "KOR", "0871", "The North agreed to a truce along the border."))
	if got := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR"); got.Level != "warning" {
		t.Errorf("one de-escalation lowered twice: %s", got.Level)
	}
	// With no new evidence the warning decays and ends.
	if _, err := w.AdvanceTo(context.Background(), d(120)); err != nil {
		t.Fatal(err)
	}
	if got := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR"); got != nil {
		t.Errorf("still active after 120 quiet days: %s", describe([]vigil.Warning{*got}))
	}
	saved := sink.warnings[pre.ID]
	if saved == nil || saved.Level != "ended" {
		t.Fatalf("ended warning not saved: %+v", saved)
	}
	var changes []string
	for _, h := range sink.history[pre.ID] {
		changes = append(changes, h.Change+":"+h.Level)
	}
	want := []string{"new:alert", "lowered:warning", "decayed:watch", "decayed:ended"}
	if !slices.Equal(changes, want) {
		t.Errorf("history %q, want %q", changes, want)
	}
	// New evidence after the end opens a new episode with a new ID.
	observe(t, w, seedSequence(d(130))...)
	again := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR")
	if again == nil || again.ID == pre.ID || again.First != d(130) {
		t.Errorf("new episode: %+v (old ID %s)", again, pre.ID)
	}
}

func TestWarningGrowsWithEvidence(t *testing.T) {
	w, _ := newWatcher(t, false)
	seed := seedSequence(d(0))
	observe(t, w, seed[0], seed[2], seed[3])
	first := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR")
	if first == nil || first.Level != "warning" {
		t.Fatalf("start: %s", describe(w.Warnings()))
	}
	// Same events again (re-ingested article): nothing changes.
	if ch := observe(t, w, seed[0], seed[2], seed[3]); len(ch) != 0 {
		t.Errorf("duplicates changed %d warnings", len(ch))
	}
	seed[4].Date, seed[5].Date = d(5), d(5)
	observe(t, w, seed[4], seed[5])
	got := byRule(w.Warnings(), "pre-offensive-posture", "PRK", "KOR")
	if got.ID != first.ID || got.Level != "alert" || got.Last != d(5) || got.First != d(0) || len(got.Steps) != 5 {
		t.Errorf("after more evidence: %s first %s last %s", describe([]vigil.Warning{*got}), got.First, got.Last)
	}
	if h := got.History; len(h) != 2 || h[1].Change != "raised" || h[1].Date != d(5) {
		t.Errorf("history %+v", h)
	}
}

func TestSurprise(t *testing.T) {
	// A year of daily friction: accusations, threats and security meetings
	// are what this dyad always does.
	var routine []vigil.Event
	for i := 0; i < 400; i++ {
		routine = append(routine,
			mk(d(i), "USA", "CHN", "112", "Washington accused Beijing of provocation."),
			mk(d(i), "USAGOV", "USAMIL", "040", "The president met his military advisers on security."))
		if i%3 == 0 {
			routine = append(routine, mk(d(i), "USA", "CHN", "138", "The US warned of a military response."))
		}
	}
	w, _ := newWatcher(t, false)
	if _, err := w.Replay(context.Background(), sliceSource(routine), "", "", nil); err != nil {
		t.Fatal(err)
	}
	// Warnings may have fired in the first weeks, before there was a
	// baseline; by now the routine is routine.
	if _, err := w.AdvanceTo(context.Background(), d(400)); err != nil {
		t.Fatal(err)
	}
	if got := byRule(w.Warnings(), "pre-offensive-posture", "USA", "CHN"); got != nil && got.Last > d(60) {
		t.Errorf("routine friction kept a warning: %s last %s", describe([]vigil.Warning{*got}), got.Last)
	}
	// What this dyad never does counts at once.
	observe(t, w,
		mk(d(401), "USA", "CHN", "191", "The US closed its ports and border crossings to Chinese ships."),
		mk(d(401), "USAMIL", "", "154", "The Pentagon mobilised reserve units."),
		mk(d(401), "USA", "CHN", "1382", "Washington threatened to occupy the islands."))
	got := byRule(w.Warnings(), "pre-offensive-posture", "USA", "CHN")
	if got == nil || got.Last != d(401) {
		t.Fatalf("a real change did not warn: %s", describe(w.Warnings()))
	}
	for _, st := range got.Steps {
		if strings.Contains(st.Name, "accuse") || strings.Contains(st.Name, "meeting") {
			t.Errorf("routine step %q counted", st.Name)
		}
	}
	// The same with surprise off counts the routine steps too.
	rs, err := LoadRules("")
	if err != nil {
		t.Fatal(err)
	}
	rs.Rule("pre-offensive-posture").Surprise = 0
	w2, _ := New(Options{Rules: rs})
	w2.Replay(context.Background(), sliceSource(routine), "", "", nil)
	if got := byRule(w2.Warnings(), "pre-offensive-posture", "USA", "CHN"); got == nil {
		t.Errorf("with surprise 0 routine friction should fire")
	}
}

// With Options.Names, an untargeted event counts only for dyads whose
// counterpart its sentence names, or when it names no other side: the
// North's artillery on alert on the southern border is a step against the
// South, not against the United States it also threatened that week.
func TestUntargetedNamesItsCounterpart(t *testing.T) {
	names := func(sentence, _ string) []string {
		var out []string
		for name, code := range map[string]string{"North Korea": "PRK", "South Korea": "KOR", "United States": "USA"} {
			if strings.Contains(sentence, name) {
				out = append(out, code)
			}
		}
		return out
	}
	evs := []vigil.Event{
		mk(d(0), "PRK", "KOR", "112", "North Korea accused South Korea and the United States of provocations."),
		mk(d(0), "PRK", "USA", "112", "North Korea accused South Korea and the United States of provocations."),
		mk(d(1), "PRK", "KOR", "138", "North Korea threatened South Korea and the United States with force."),
		mk(d(1), "PRK", "USA", "138", "North Korea threatened South Korea and the United States with force."),
		mk(d(2), "PRKMIL", "", "152", "North Korea put its artillery on the border with South Korea on alert."),
	}
	for _, tc := range []struct {
		name     string
		names    func(string, string) []string
		kor, usa bool
	}{
		{"without names every tied dyad", nil, true, true},
		{"with names only the one named", names, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := New(Options{Sink: &memSink{}, Names: tc.names})
			if err != nil {
				t.Fatal(err)
			}
			ws := observe(t, w, evs...)
			if got := byRule(ws, "pre-offensive-posture", "PRK", "KOR") != nil; got != tc.kor {
				t.Errorf("PRK→KOR warning %v, want %v: %s", got, tc.kor, describe(ws))
			}
			if got := byRule(ws, "pre-offensive-posture", "PRK", "USA") != nil; got != tc.usa {
				t.Errorf("PRK→USA warning %v, want %v: %s", got, tc.usa, describe(ws))
			}
		})
	}
}

// An untargeted act reported in an article whose acts aim at one
// counterpart is no step against another: artillery put on alert in a
// story about the South's drones does not count toward a warning against
// the United States, though it still would from a story of its own.
func TestUntargetedStaysWithItsArticle(t *testing.T) {
	base := []vigil.Event{
		mk(d(0), "PRK", "USA", "112", "The North accused Washington of provocations."),
		mk(d(1), "PRK", "USA", "138", "It threatened Washington with force."),
	}
	drones := mk(d(2), "PRK", "KOR", "112", "The North accused the South of flying drones over its capital.")
	alert := mk(d(2), "PRKMIL", "", "152", "Artillery units were put on alert.")
	for _, tc := range []struct {
		name    string
		article string
		usa     bool
	}{
		{"in the drones story", drones.Article, false},
		{"in a story of its own", "alert-story", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := newWatcher(t, false)
			a := alert
			a.Article = tc.article
			ws := observe(t, w, append(slices.Clone(base), drones, a)...)
			if got := byRule(ws, "pre-offensive-posture", "PRK", "USA") != nil; got != tc.usa {
				t.Errorf("PRK→USA warning %v, want %v: %s", got, tc.usa, describe(ws))
			}
		})
	}
}
