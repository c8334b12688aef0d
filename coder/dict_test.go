package coder

import (
	"testing"

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
