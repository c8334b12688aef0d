// Package phrase matches short word lists against sentences, the way
// indicator rules and the treaty register name words: "border",
// "entered into force", "ratif*".
//
// A phrase is one or more words. It matches a sentence when its words appear
// consecutively as whole words, ignoring case and punctuation. A word ending
// in * matches any word that starts with what precedes the star ("ratif*"
// matches "ratified" and "ratification"). Contractions are opened before
// matching ("hasn't" reads "has not"), so a negation list can say "not".
package phrase

import (
	"fmt"
	"strings"
	"unicode"
)

// Set is a compiled list of phrases. The zero Set matches nothing.
type Set struct {
	phrases [][]word
	src     []string
}

type word struct {
	text   string
	prefix bool
}

// Compile parses phrases. It fails on an empty phrase, a star anywhere but at
// the end of a word, or a lone star.
func Compile(phrases []string) (*Set, error) {
	s := &Set{}
	for _, p := range phrases {
		toks := strings.Fields(strings.ToLower(p))
		if len(toks) == 0 {
			return nil, fmt.Errorf("empty phrase")
		}
		var ws []word
		for _, t := range toks {
			w := word{text: t}
			if strings.HasSuffix(t, "*") {
				w = word{text: strings.TrimSuffix(t, "*"), prefix: true}
			}
			if strings.Contains(w.text, "*") || w.text == "" {
				return nil, fmt.Errorf("phrase %q: a * may only end a word and must follow at least one letter", p)
			}
			// Match what Tokens produces: a phrase word with inner
			// punctuation ("42(7)") becomes several words.
			sub := Tokens(w.text)
			if len(sub) == 0 {
				return nil, fmt.Errorf("phrase %q has no letters or digits", p)
			}
			for i, st := range sub {
				ws = append(ws, word{text: st, prefix: w.prefix && i == len(sub)-1})
			}
		}
		s.phrases = append(s.phrases, ws)
		s.src = append(s.src, p)
	}
	return s, nil
}

// MustCompile is Compile for phrase lists written in Go; it panics on error.
func MustCompile(phrases ...string) *Set {
	s, err := Compile(phrases)
	if err != nil {
		panic(err)
	}
	return s
}

// Len is the number of phrases in the set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.phrases)
}

// Phrases returns the phrases as written.
func (s *Set) Phrases() []string {
	if s == nil {
		return nil
	}
	return s.src
}

// Match is where a phrase was found: tokens[Start:End], and which phrase.
type Match struct {
	Start, End int
	Phrase     string
}

// Find returns every occurrence of every phrase in tokens (as made by
// Tokens), in order of position.
func (s *Set) Find(tokens []string) []Match {
	if s.Len() == 0 {
		return nil
	}
	var out []Match
	for i := range tokens {
		for pi, p := range s.phrases {
			if matchAt(tokens, i, p) {
				out = append(out, Match{Start: i, End: i + len(p), Phrase: s.src[pi]})
			}
		}
	}
	return out
}

// In reports whether any phrase occurs in tokens.
func (s *Set) In(tokens []string) bool {
	if s.Len() == 0 {
		return false
	}
	for i := range tokens {
		for _, p := range s.phrases {
			if matchAt(tokens, i, p) {
				return true
			}
		}
	}
	return false
}

// Before reports whether a phrase of s ends within window tokens before
// position pos (tokens[pos-window:pos]). Used for negation: "has not yet
// entered into force".
func (s *Set) Before(tokens []string, pos, window int) bool {
	if s.Len() == 0 {
		return false
	}
	lo := max(pos-window, 0)
	for i := lo; i < pos; i++ {
		for _, p := range s.phrases {
			if i+len(p) <= pos && matchAt(tokens, i, p) {
				return true
			}
		}
	}
	return false
}

func matchAt(tokens []string, i int, p []word) bool {
	if i+len(p) > len(tokens) {
		return false
	}
	for j, w := range p {
		t := tokens[i+j]
		if w.prefix {
			if !strings.HasPrefix(t, w.text) {
				return false
			}
		} else if t != w.text {
			return false
		}
	}
	return true
}

// Tokens splits a sentence into lower-case words of letters and digits.
// "n't" is read as a separate "not"; apostrophes inside words are dropped
// ("Korea's" gives "korea", "s").
func Tokens(s string) []string {
	s = contractions.Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

var contractions = strings.NewReplacer("n't", " not", "n’t", " not", "cannot", "can not")
