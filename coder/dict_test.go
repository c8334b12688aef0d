package coder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
)

func TestLexiconLoads(t *testing.T) {
	lx, err := loadLexicon("")
	if err != nil {
		t.Fatal(err)
	}
	if lx.nEntries < 500 {
		t.Errorf("only %d lemmas", lx.nEntries)
	}
	// Every CAMEO root is reachable from some pattern.
	roots := map[string]bool{}
	for _, idx := range []map[string]*entry{lx.byVerb, lx.byNoun} {
		for _, e := range idx {
			for _, p := range e.pats {
				if p.code != "" {
					roots[cameo.Root(p.code)] = true
				}
			}
		}
	}
	for r := 1; r <= 20; r++ {
		root := string([]byte{byte('0' + r/10), byte('0' + r%10)})
		if !roots[root] {
			t.Errorf("no pattern codes root %s", root)
		}
	}
}

func TestVerbForms(t *testing.T) {
	irr := &irregular{verbs: map[string][2]string{"blow": {"blew", "blown"}}, double: map[string]bool{"commit": true}}
	for _, tc := range []struct {
		lemma string
		want  []string
	}{
		{"blow", []string{"blow", "blows", "blew", "blown", "blowing"}},
		{"attack", []string{"attack", "attacks", "attacked", "attacking"}},
		{"test-fire", []string{"test-fire", "test-fires", "test-fired", "test-firing"}},
		{"ban", []string{"ban", "bans", "banned", "banning"}},
		{"visit", []string{"visit", "visits", "visited", "visiting"}},
		{"commit", []string{"commit", "commits", "committed", "committing"}},
		{"deny", []string{"deny", "denies", "denied", "denying"}},
		{"cancel", []string{"cancel", "cancels", "canceled", "cancelled", "canceling", "cancelling"}},
		{"veto", []string{"veto", "vetoes", "vetoed", "vetoing"}},
		{"seize", []string{"seize", "seizes", "seized", "seizing"}},
		{"tie", []string{"tie", "ties", "tied", "tying"}},
	} {
		got := irr.verbForms(tc.lemma)
		for _, w := range tc.want {
			found := false
			for _, g := range got {
				if g == w {
					found = true
				}
			}
			if !found {
				t.Errorf("verbForms(%q) = %v, missing %q", tc.lemma, got, w)
			}
		}
	}
	if got := irr.nounForms("air strike"); len(got) != 2 || got[1] != "air strikes" {
		t.Errorf("nounForms(air strike) = %v", got)
	}
	if got := irr.nounForms("talks"); len(got) != 1 {
		t.Errorf("nounForms(talks) = %v, want it alone", got)
	}
}

func TestUserVerbsDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// a user pattern: "torch" an embassy is destroying property (1712)
	write("mine.yaml", `verbs:
  - verb: [defenestrate]
    code: "182"
    target: [object]
`)
	c, err := New(Options{VerbsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	evs := c.Code(&vigil.Article{Text: "Georgian police defenestrated a Russian diplomat.", Published: day("2024-01-01")})
	if len(evs) != 1 || evs[0].Code != "182" || !strings.Contains(evs[0].Pattern, "mine.yaml") {
		t.Errorf("user verb not used: %+v", evs)
	}
	for _, tc := range []struct{ body, want string }{
		{"verbs:\n  - verb: [zap]\n    code: \"999\"\n", "not a CAMEO code"},
		{"verbs:\n  - verb: [zap]\n    code: \"190\"\n    target: [sideways]\n", "unknown slot"},
		{"verbs:\n  - verb: [zap]\n    when:\n      - object: [$nonesuch]\n        code: \"190\"\n", "unknown noun class"},
		{"verbz:\n  - verb: [zap]\n", "unknown section"},
		{"verbs:\n  - verb: [zap]\n    kind: sideways\n    code: \"190\"\n", "unknown kind"},
		{"verbs: [\n", "yaml"},
	} {
		write("mine.yaml", tc.body)
		_, err := New(Options{VerbsDir: dir})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "mine.yaml") {
			t.Errorf("%q: error %v, want one naming mine.yaml and saying %q", tc.body, err, tc.want)
		}
	}
	if _, err := New(Options{VerbsDir: filepath.Join(dir, "absent")}); err == nil {
		t.Error("a missing verbs directory was accepted")
	}
}
