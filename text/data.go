package text

import (
	_ "embed"
	"fmt"
	"strings"
)

// The splitter's knowledge is data: abbrev.txt and starters.txt are
// embedded, readable lists that can be extended without touching code.

//go:embed abbrev.txt
var abbrevData string

//go:embed starters.txt
var startersData string

// abbrevKind says how an abbreviation behaves before a full stop.
type abbrevKind uint8

const (
	notAbbrev   abbrevKind = iota
	abbrevTitle            // precedes a name: never ends a sentence
	abbrevNum              // precedes a number: "No. 4"
	abbrevOther            // may end a sentence
)

var (
	abbrevs  = map[string]abbrevKind{}
	starters = map[string]bool{}
)

func init() {
	if err := parseAbbrevs(abbrevData, abbrevs); err != nil {
		panic(err) // the embedded file is part of the source code
	}
	for _, line := range strings.Split(startersData, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			starters[w] = true
		}
	}
}

func parseAbbrevs(data string, into map[string]abbrevKind) error {
	kind := notAbbrev
	for n, line := range strings.Split(data, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			switch line {
			case "[title]":
				kind = abbrevTitle
			case "[number]":
				kind = abbrevNum
			case "[other]":
				kind = abbrevOther
			default:
				return fmt.Errorf("abbrev.txt line %d: unknown section %s (want [title], [number] or [other])", n+1, line)
			}
			continue
		}
		if kind == notAbbrev {
			return fmt.Errorf("abbrev.txt line %d: words before the first [section]", n+1)
		}
		for _, w := range strings.Fields(line) {
			into[w] = kind
			if up := strings.ToUpper(w); up != w {
				if _, ok := into[up]; !ok {
					into[up] = kind
				}
			}
		}
	}
	return nil
}
