package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestActorsLookup(t *testing.T) {
	code, out, errs := runVigil(t, "", "actors", "lookup", "Russian Defence Minister Andrei Belousov met Chinese Defence Minister Dong Jun in Beijing.", "--date", "2024-10-14", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ms []struct {
		Text, Code, Name, Kind, Rule string
		Start, End                   int
	}
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatalf("output is not a JSON list: %v\n%s", err, out)
	}
	want := []struct{ text, code string }{
		{"Russian Defence Minister Andrei Belousov", "RUSMIL"},
		{"Chinese Defence Minister Dong Jun", "CHNMIL"},
		{"Beijing", "CHNGOV"},
	}
	if len(ms) != len(want) {
		t.Fatalf("got %d mentions, want %d: %s", len(ms), len(want), out)
	}
	for i, w := range want {
		if ms[i].Text != w.text || ms[i].Code != w.code || ms[i].Rule == "" {
			t.Errorf("mention %d = %+v, want %s %s", i, ms[i], w.text, w.code)
		}
		if ms[i].End-ms[i].Start != len(w.text) {
			t.Errorf("mention %d: span %d-%d does not cover %q", i, ms[i].Start, ms[i].End, w.text)
		}
	}

	// The date picks the office holder; the text output names the rule.
	for _, tc := range []struct{ date, code string }{{"2023-01-01", "RUSMIL"}, {"2024-06-01", "RUSGOV"}} {
		code, out, errs := runVigil(t, "", "actors", "lookup", "Sergei Shoigu said", "--date", tc.date)
		if code != 0 || !strings.Contains(out, tc.code) || !strings.Contains(out, "person") {
			t.Errorf("%s: exit %d, out %q, err %q; want %s", tc.date, code, out, errs, tc.code)
		}
	}

	// Standard input, and look-alikes that must not resolve.
	code, out, _ = runVigil(t, "Michael Jordan bought china plates.", "actors", "lookup", "-")
	if code != 0 || !strings.Contains(out, "no actors found") {
		t.Errorf("look-alikes: exit %d, out %q", code, out)
	}

	if code, _, errs := runVigil(t, "", "actors", "lookup", "x", "--date", "15/10/2024"); code != 2 || !strings.Contains(errs, "YYYY-MM-DD") {
		t.Errorf("bad date: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runVigil(t, "", "actors"); code != 2 {
		t.Errorf("no subcommand: exit %d, want 2", code)
	}
	if code, _, _ := runVigil(t, "", "actors", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", code)
	}
}

func TestActorsUserDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "countries.tsv"), []byte("ATL\tAtlantis\t-\tAtlantean\tPoseidonia\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runVigil(t, "", "actors", "lookup", "Atlantean troops entered Poseidonia", "--actors", dir)
	if code != 0 || !strings.Contains(out, "ATLMIL") || !strings.Contains(out, "ATLGOV") {
		t.Errorf("user dir: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs = runVigil(t, "", "actors", "check", dir)
	if code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("check: exit %d, out %q, err %q", code, out, errs)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "people.yaml"), []byte("- name: X\n  offices: [XXXGOV 2020-99-01.. x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runVigil(t, "", "actors", "check", bad)
	if code != 1 || !strings.Contains(errs, "people.yaml:1") {
		t.Errorf("check of a bad dir: exit %d, stderr %q; want 1 and file:line", code, errs)
	}
}

// TestActorsLookupPlaces checks the JSON form of places: kind "place",
// the country's code (none for a sea) and the place's name; a capital
// keeps its government code and reports its place.
func TestActorsLookupPlaces(t *testing.T) {
	code, out, errs := runVigil(t, "", "actors", "lookup", "Kyiv said drones hit Odessa and ships in the Red Sea.", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var ms []struct{ Text, Code, Kind, Place string }
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatalf("output is not a JSON list: %v\n%s", err, out)
	}
	want := []struct{ text, code, kind, place string }{
		{"Kyiv", "UKRGOV", "metonym", "Kyiv"},
		{"Odessa", "UKR", "place", "Odesa"},
		{"the Red Sea", "", "place", "Red Sea"},
	}
	if len(ms) != len(want) {
		t.Fatalf("got %d mentions, want %d: %s", len(ms), len(want), out)
	}
	for i, w := range want {
		if ms[i].Text != w.text || ms[i].Code != w.code || ms[i].Kind != w.kind || ms[i].Place != w.place {
			t.Errorf("mention %d = %+v, want %+v", i, ms[i], w)
		}
	}
	if strings.Contains(out, `"place": ""`) {
		t.Errorf("empty place printed: %s", out)
	}
}
