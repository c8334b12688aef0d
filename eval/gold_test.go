package eval

import (
	"strings"
	"testing"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/internal/shared"
)

func TestReadGold(t *testing.T) {
	in := `{"id": "g-1", "date": "2024-10-15", "text": "North Korea blew up two roads.", "note": "notes are allowed", "events": [{"source": "PRKMIL", "target": "KOR", "code": "191", "alt": ["1712"]}]}

{"id": "g-2", "date": "2024-06-19", "text": "Putin visited Pyongyang.", "events": [{"source": "RUSGOV", "target": "PRK", "code": "042"}, {"source": "PRKGOV", "target": "RUSGOV", "code": "043", "optional": true}]}` + "\r\n" +
		`{"id": "g-3", "text": "Markets rose.", "events": []}`
	recs, err := ReadGold(strings.NewReader(in), "t.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	if r := recs[0]; r.ID != "g-1" || r.Events[0].Alt[0] != "1712" || r.Published() != time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC) {
		t.Errorf("record 1: %+v", r)
	}
	if a := recs[0].Article(); a.ID != "g-1" || a.Text != recs[0].Text || a.Date() != "2024-10-15" {
		t.Errorf("article %+v", a)
	}
	if !recs[1].Events[1].Optional || recs[1].Events[0].Optional {
		t.Errorf("optional flags: %+v", recs[1].Events)
	}
	if recs[2].Events == nil || len(recs[2].Events) != 0 || !recs[2].Published().IsZero() {
		t.Errorf("empty record: %+v", recs[2])
	}
}

func TestReadGoldErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not json", `{"id": "a", `, "t.jsonl:1: not a JSON record"},
		{"no id", `{"text": "x", "events": []}`, `t.jsonl:1: record has no "id"`},
		{"no events", `{"id": "a", "text": "x"}`, `record a has no "events"`},
		{"null events", `{"id": "a", "text": "x", "events": null}`, `record a has no "events"`},
		{"bad date", `{"id": "a", "date": "15/10/2024", "events": []}`, "not YYYY-MM-DD"},
		{"duplicate id", "{\"id\": \"a\", \"events\": []}\n\n{\"id\": \"a\", \"events\": []}", `t.jsonl:3: id "a" already used on line 1`},
		{"bad code", `{"id": "a", "events": [{"source": "PRK", "target": "KOR", "code": "2113"}]}`, `record a, event 1: code "2113" is not a CAMEO code`},
		{"five digits", `{"id": "a", "events": [{"source": "PRK", "target": "KOR", "code": "19111"}]}`, `code "19111"`},
		{"bad alt", `{"id": "a", "events": [{"source": "PRK", "target": "KOR", "code": "191", "alt": ["19x"]}]}`, `code "19x"`},
		{"misspelt field", `{"id": "a", "events": [{"source": "PRK", "target": "KOR", "code": "191", "optinal": true}]}`, `unknown field "optinal"`},
		{"no source", `{"id": "a", "events": [{"target": "KOR", "code": "191"}]}`, "source"},
		{"short target", `{"id": "a", "events": [{"source": "PRK", "target": "K", "code": "191"}]}`, "target"},
		{"code as number", `{"id": "a", "events": [{"source": "PRK", "target": "KOR", "code": 191}]}`, "event 1"},
	} {
		_, err := ReadGold(strings.NewReader(tc.in), "t.jsonl")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestReadGoldLongLine(t *testing.T) {
	long := `{"id": "a", "text": "` + strings.Repeat("word ", 100_000) + `", "events": []}`
	recs, err := ReadGold(strings.NewReader(long), "t.jsonl")
	if err != nil || len(recs) != 1 || len(recs[0].Text) != 500_000 {
		t.Fatalf("long line: %v", err)
	}
}

// TestSharedGoldFiles reads the project's gold files: they must parse, and
// scoring them against themselves must be perfect.
func TestSharedGoldFiles(t *testing.T) {
	for _, name := range []string{"eval/dev.jsonl", "eval/seed.jsonl"} {
		recs, err := ReadGoldFile(shared.Path(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var s Scorer
		for _, r := range recs {
			// Predict exactly the required gold events (codes as written).
			var preds []vigil.Event
			for _, g := range r.Events {
				if !g.Optional {
					preds = append(preds, vigil.Event{Source: g.Source, Target: g.Target, Code: g.Code})
				}
			}
			s.Add(r, preds)
		}
		rep := s.Report()
		if rep.Root.FN != 0 || rep.Root.FP != 0 || rep.Strict.FN != 0 || rep.Strict.FP != 0 || rep.Root.TP == 0 {
			t.Errorf("%s scored against itself: root %+v strict %+v misses %+v", name, rep.Root, rep.Strict, rep.StrictMisses)
		}
		t.Logf("%s: %d records, %d required events at root level", name, rep.Records, rep.Root.TP)
	}
}

// FuzzReadGold: any input either fails with an error or gives records
// that satisfy what scoring relies on, and scoring them never panics.
func FuzzReadGold(f *testing.F) {
	f.Add(`{"id": "a", "date": "2024-10-15", "text": "x", "events": [{"source": "PRK", "target": "", "code": "191", "alt": ["1712"], "optional": true}]}`)
	f.Add(`{"id": "a", "events": []}` + "\n\n" + `{"id": "b", "events": [{"source": "IGOUNO", "target": "PRK", "code": "163"}]}`)
	f.Add("{\"id\": \"\xff\", \"events\": []}")
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := ReadGold(strings.NewReader(in), "f.jsonl")
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, r := range recs {
			if r.ID == "" || ids[r.ID] || r.Events == nil {
				t.Fatalf("accepted bad record %+v", r)
			}
			ids[r.ID] = true
		}
		preds := make([][]vigil.Event, len(recs))
		for i, r := range recs {
			for _, g := range r.Events {
				preds[i] = append(preds[i], vigil.Event{Source: g.Source, Target: g.Target, Code: g.Code})
			}
		}
		rep := Evaluate(recs, preds)
		if rep.Root.FP != 0 || rep.Strict.FP != 0 {
			t.Fatalf("gold events predicted verbatim gave false positives: %+v", rep)
		}
	})
}
