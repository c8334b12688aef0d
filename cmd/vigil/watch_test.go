package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/store"
)

func TestExposureCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	for _, tc := range []struct {
		date     string
		rusForce bool
	}{{"2024-10-15", false}, {"2024-12-05", true}} {
		code, out, errs := runVigil(t, "", "exposure", "PRK", "KOR", "--date", tc.date, "--json", "--db", db)
		if code != 0 {
			t.Fatalf("exposure: exit %d: %s", code, errs)
		}
		var ex vigil.Exposure
		if err := json.Unmarshal([]byte(out), &ex); err != nil {
			t.Fatalf("exposure --json: %v\n%s", err, out)
		}
		if ex.Date != tc.date || ex.A != "PRK" || ex.B != "KOR" {
			t.Errorf("header: %+v", ex)
		}
		found := map[string]vigil.Obligation{}
		for _, o := range ex.Bound {
			found[o.State+">"+o.Joins] = o
		}
		rus, chn, usa := found["RUS>PRK"], found["CHN>PRK"], found["USA>KOR"]
		if rus.Article != "4" || rus.InForce != tc.rusForce || !strings.Contains(rus.Treaty, "2024") || rus.Obligation != "defense" {
			t.Errorf("%s: Russia %+v", tc.date, rus)
		}
		if !tc.rusForce && rus.Status != "signed" {
			t.Errorf("%s: Russia status %q, want signed", tc.date, rus.Status)
		}
		if !chn.InForce || !strings.Contains(chn.Treaty, "1961") || !usa.InForce || !strings.Contains(usa.Treaty, "1953") {
			t.Errorf("%s: China %+v, United States %+v", tc.date, chn, usa)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("exposure created a database at %s", db)
	}
	code, out, _ := runVigil(t, "", "exposure", "prk", "KORMIL", "--date", "2024-10-15", "--db", db)
	if code != 0 || !strings.Contains(out, "signed, NOT in force") || !strings.Contains(out, "Bound to join KOR") {
		t.Errorf("text exposure: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"exposure", "PRK"}, {"exposure", "PRK", "PRK"}, {"exposure", "PRK", "KOR", "--date", "15/10/2024"}, {"exposure", "North Korea", "KOR"}, {"exposure", "PRK", "KOE"}, {"exposure", "XXX", "YYY"}} {
		if code, _, _ := runVigil(t, "", append(args, "--db", db)...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// offset places each test event's sentence at its own position in its
// article, as the coder does.
var offset int

func ev(date, src, tgt, code, sentence string) vigil.Event {
	e := vigil.Event{Article: "test-" + date, Date: date, Source: src, Target: tgt, Code: code, Sentence: sentence, Confidence: 1}
	cameo.Fill(&e)
	e.Offsets = [2]int{offset, offset + len(sentence)}
	offset += len(sentence) + 1
	e.ID = vigil.EventID(e.Article, e.Offsets[0], src, tgt, code)
	return e
}

func TestWatchWarningsTreaties(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vigil.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	evs := []vigil.Event{
		ev("2024-10-15", "PRK", "KOR", "191", "North Korea blew up roads and rail links to South Korea."),
		ev("2024-10-15", "PRK", "KOR", "112", "Pyongyang accused Seoul of flying drones into its airspace."),
		ev("2024-10-15", "PRK", "KOR", "138", "The North threatened catastrophic consequences."),
		ev("2024-10-15", "PRKMIL", "", "152", "Artillery units near the border were put on alert."),
		ev("2024-10-15", "PRKGOV", "PRKMIL", "040", "Kim Jong Un convened a meeting on defence and security with his generals."),
		ev("2025-12-20", "AUS", "PNG", "057", "The Pukpuk treaty between Australia and Papua New Guinea entered into force."),
	}
	if _, err := st.Write(ctx, store.Entry{Events: evs}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	for range 2 { // twice: the second run must change nothing
		code, out, errs := runVigil(t, "", "watch", "--replay", "--db", db)
		if code != 0 || !strings.Contains(out, "Watched all events to 2025-12-20: 6 events") {
			t.Fatalf("watch: exit %d\n%s\n%s", code, out, errs)
		}
	}
	code, out, errs := runVigil(t, "", "warnings", "--all", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("warnings: exit %d: %s", code, errs)
	}
	var ws []vigil.Warning
	if err := json.Unmarshal([]byte(out), &ws); err != nil {
		t.Fatalf("warnings --json: %v\n%s", err, out)
	}
	var pre *vigil.Warning
	for i := range ws {
		if ws[i].Rule == "pre-offensive-posture" && ws[i].Source == "PRK" && ws[i].Target == "KOR" {
			pre = &ws[i]
		}
	}
	if pre == nil {
		t.Fatalf("no PRK→KOR pre-offensive-posture warning in %s", out)
	}
	if len(pre.Steps) < 4 || pre.Exposure == nil || len(pre.Exposure.Bound) != 3 || pre.First != "2024-10-15" {
		t.Errorf("warning: %d steps, exposure %+v, first %s", len(pre.Steps), pre.Exposure, pre.First)
	}
	for _, s := range pre.Steps {
		if len(s.Events) == 0 || s.Events[0].Sentence == "" {
			t.Errorf("step %q has no sentence", s.Name)
		}
	}
	// The replay ran to 2025-12-20, so the 2024 warning decayed and ended;
	// its history says so, once, despite two runs.
	var changes []string
	for _, h := range pre.History {
		changes = append(changes, h.Change+":"+h.Level)
	}
	if got := strings.Join(changes, " "); got != "new:alert decayed:warning decayed:watch decayed:ended" {
		t.Errorf("history %q", got)
	}
	// Without --all the ended warning is not listed.
	if _, out, _ := runVigil(t, "", "warnings", "--db", db); strings.Contains(out, "pre-offensive-posture") {
		t.Errorf("ended warning listed without --all:\n%s", out)
	}
	// As of 2024-10-15 it is an alert.
	if code, out, _ := runVigil(t, "", "watch", "--until", "2024-10-20", "--db", db, "--json"); code != 0 || !strings.Contains(out, `"level": "alert"`) {
		t.Errorf("watch --until: exit %d\n%s", code, out)
	}
	code, out, _ = runVigil(t, "", "warnings", "--db", db, "--country", "KOR")
	if code != 0 || !strings.Contains(out, "ALERT") || !strings.Contains(out, "blew up roads") || !strings.Contains(out, "convened a meeting") || !strings.Contains(out, "RUS joins PRK") {
		t.Errorf("warnings text: exit %d\n%s", code, out)
	}

	// The treaty event was saved and shows in the register and exposure.
	code, out, _ = runVigil(t, "", "treaties", "aus-png-2025", "--date", "2025-12-21", "--db", db)
	if code != 0 || !strings.Contains(out, "Status on 2025-12-21: in force") || !strings.Contains(out, "from event") {
		t.Errorf("treaties: exit %d\n%s", code, out)
	}
	code, out, _ = runVigil(t, "", "exposure", "CHN", "PNG", "--date", "2025-12-21", "--json", "--db", db)
	if code != 0 || !strings.Contains(out, `"state": "AUS"`) || !strings.Contains(out, `"in_force": true`) {
		t.Errorf("exposure after the event: exit %d\n%s", code, out)
	}

	// The dyad series.
	code, out, _ = runVigil(t, "", "watch", "--dyad", "PRK-KOR", "--json", "--db", db)
	var pts []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &pts) != nil || len(pts) != 1 || pts[0]["count"].(float64) != 3 {
		t.Errorf("watch --dyad: exit %d\n%s", code, out)
	}
	if code, _, _ := runVigil(t, "", "watch", "--fill", "--db", db); code != 2 {
		t.Errorf("--fill without --dyad: exit %d, want 2", code)
	}
	if code, _, errs := runVigil(t, "", "warnings", "--db", filepath.Join(t.TempDir(), "missing.db")); code != 1 || !strings.Contains(errs, "no database") {
		t.Errorf("missing database: exit %d: %s", code, errs)
	}
}

// TestLiveWatchUsesUserRulesAndTreaties: the commands that run the watch as
// they store (ingest here; demo through the same code as serve) honour
// --rules and --treaties as 'vigil watch' does: a rule of one's own fires,
// and a treaty of one's own is in the warnings' exposure.
func TestLiveWatchUsesUserRulesAndTreaties(t *testing.T) {
	dir := t.TempDir()
	rules, treaties := filepath.Join(dir, "rules"), filepath.Join(dir, "treaties")
	os.Mkdir(rules, 0o755)
	os.Mkdir(treaties, 0o755)
	os.WriteFile(filepath.Join(rules, "threats.yaml"), []byte(`rules:
  - name: audit-threats
    title: Threats of force
    level: watch
    min_steps: 1
    window: 7d
    steps:
      - name: threaten force
        match:
          - codes: ["138"]
`), 0o644)
	os.WriteFile(filepath.Join(treaties, "pact.yaml"), []byte(`treaties:
  - id: kor-jpn-test
    name: A pact of our own
    short: Test pact (2020)
    parties:
      - state: KOR
      - state: JPN
    signed: 2020-01-01
    articles:
      - no: "1"
        obligation: defense
        summary: each defends the other
    status:
      - {date: 2020-01-01, status: signed}
      - {date: 2020-02-01, status: in_force}
`), 0o644)
	story := filepath.Join(dir, "story.txt")
	os.WriteFile(story, []byte(koreaFirst), 0o644)

	bound := func(w vigil.Warning, treaty string) bool {
		if w.Exposure == nil {
			return false
		}
		for _, b := range w.Exposure.Bound {
			if b.Treaty == treaty {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"ingest", []string{"ingest", "--date", "2024-10-13", story}},
		{"demo", []string{"demo", "--no-serve"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "vigil.db")
			args := append(slices.Clone(tc.args), "--rules", rules, "--treaties", treaties)
			if tc.name == "demo" {
				args = append(args, "--keep", db)
			} else {
				args = append(args, "--db", db)
			}
			if code, _, errs := runVigil(t, "", args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
			code, out, errs := runVigil(t, "", "warnings", "--db", db, "--json", "--country", "PRK", "--all")
			if code != 0 {
				t.Fatalf("warnings: exit %d: %s", code, errs)
			}
			var ws []vigil.Warning
			if err := json.Unmarshal([]byte(out), &ws); err != nil {
				t.Fatal(err)
			}
			own, pact := false, false
			for _, w := range ws {
				own = own || (w.Rule == "audit-threats" && w.Source == "PRK" && w.Target == "KOR")
				pact = pact || (w.Target == "KOR" && bound(w, "Test pact (2020)"))
			}
			if !own {
				t.Errorf("the rule of our own did not fire: %d warnings", len(ws))
			}
			if !pact {
				t.Errorf("no PRK→KOR warning's exposure names the treaty of our own")
			}
		})
	}
}
