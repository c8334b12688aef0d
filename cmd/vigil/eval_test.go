package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-ews/vigil/internal/shared"
)

const goldFixture = `{"id": "t-1", "date": "2024-10-15", "text": "North Korea blew up sections of two roads linking it to South Korea on Tuesday.", "events": [{"source": "PRKMIL", "target": "KOR", "code": "191", "alt": ["1712"]}]}
{"id": "t-2", "date": "2024-06-19", "text": "Putin and Kim Jong Un signed a treaty in Pyongyang on Wednesday.", "events": [{"source": "RUSGOV", "target": "PRKGOV", "code": "057"}, {"source": "PRKGOV", "target": "RUSGOV", "code": "057"}, {"source": "PRKGOV", "target": "RUSGOV", "code": "043", "optional": true}]}
{"id": "t-3", "date": "2024-10-01", "text": "Stock markets in Seoul rose on Tuesday.", "events": []}
`

// evalJSON is the shape `vigil eval --json` promises.
type evalJSON struct {
	Records int `json:"records"`
	Root    *struct {
		TP, FP, FN            int
		Precision, Recall, F1 float64
	} `json:"root"`
	Strict *struct {
		TP, FP, FN int
	} `json:"strict"`
	Misses         []map[string]any `json:"misses"`
	FalsePositives []map[string]any `json:"false_positives"`
}

func TestEvalJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"gold.jsonl": goldFixture})
	code, out, errs := runVigil(t, "", "eval", filepath.Join(dir, "gold.jsonl"), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r evalJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if r.Records != 3 || r.Root == nil || r.Strict == nil || r.Misses == nil || r.FalsePositives == nil {
		t.Fatalf("report lacks fields: %s", out)
	}
	// Three required events, whatever the coder finds: each is a TP or a miss.
	if r.Root.TP+r.Root.FN != 3 || r.Strict.TP+r.Strict.FN != 3 || len(r.Misses) != r.Root.FN || len(r.FalsePositives) != r.Root.FP {
		t.Errorf("counts do not add up: %s", out)
	}
	for _, m := range r.Misses {
		if m["id"] == "" || m["text"] == "" || m["key"] == "" {
			t.Errorf("miss without id, key or text: %v", m)
		}
	}
	for _, f := range r.FalsePositives {
		if f["id"] == "" || f["sentence"] == "" {
			t.Errorf("false positive without id or sentence: %v", f)
		}
	}
}

func TestEvalText(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"gold.jsonl": goldFixture})
	code, out, errs := runVigil(t, "", "eval", filepath.Join(dir, "gold.jsonl"), "--strict")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"3 records from", "level", "precision", "\nroot ", "\nstrict ", "Misses, root level", "False positives, root level", "Misses, strict level"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runVigil(t, "", "eval", "--summary", filepath.Join(dir, "gold.jsonl"))
	if code != 0 || strings.Contains(out, "Misses") || !strings.Contains(out, "strict") {
		t.Errorf("--summary: exit %d\n%s", code, out)
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"gold.jsonl":  goldFixture,
		"again.jsonl": `{"id": "t-2", "text": "x", "events": []}` + "\n",
		"bad.jsonl":   `{"id": "b-1", "text": "x", "events": [{"source": "PRK", "target": "KOR", "code": "2500"}]}` + "\n",
	})
	for _, tc := range []struct {
		args []string
		exit int
		want string
	}{
		{[]string{"eval"}, 2, "give at least one gold file"},
		{[]string{"eval", filepath.Join(dir, "missing.jsonl")}, 1, "missing.jsonl"},
		{[]string{"eval", filepath.Join(dir, "bad.jsonl")}, 1, `bad.jsonl:1: record b-1, event 1: code "2500"`},
		{[]string{"eval", filepath.Join(dir, "gold.jsonl"), filepath.Join(dir, "again.jsonl")}, 1, `"t-2" is in both`},
	} {
		code, _, errs := runVigil(t, "", tc.args...)
		if code != tc.exit || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.exit, tc.want)
		}
	}
}

// TestEvalDev runs the project's gold file end to end.
func TestEvalDev(t *testing.T) {
	dev := shared.Path(t, "eval/dev.jsonl")
	code, out, errs := runVigil(t, "", "eval", "--json", dev)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r evalJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Records != 50 || r.Root.TP+r.Root.FN != 57 {
		t.Errorf("dev.jsonl: %d records, %d required events; want 50 and 57", r.Records, r.Root.TP+r.Root.FN)
	}
	t.Logf("dev.jsonl: root P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", r.Root.Precision, r.Root.Recall, r.Root.F1, r.Root.TP, r.Root.FP, r.Root.FN)
}
