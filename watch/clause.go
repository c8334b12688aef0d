package watch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/watch/phrase"
)

// A rule's words qualify the action of the event, so they are read in the
// event's own clause, not anywhere in its sentence. In "North Korea warned
// it would retaliate against South Korea if another drone is found over its
// territory", "territory" belongs to the condition, not to the threat: it
// must not make the threat a territorial claim.
//
// The sentence is cut into clauses before the words that open another
// clause (if, unless, when, while, because, after, which, who...; and, but,
// as, since after a comma), at ; : ( ) and dashes, and at the comma that
// ends a clause opened by such a word ("After talks failed, ..."). Complement clauses
// ("said that it would seal the border") stay with their verb: what was
// said is the action. The event's clause is the one holding its anchor,
// the first word of the dictionary pattern that coded it (Event.Pattern
// "verbs/x.yaml:36 cut off" → "cut"), found as the word itself or an
// inflection of it ("sealed", "retaliated"). When the anchor cannot be
// found (an irregular form such as "blew", or an event without a pattern,
// as imported from GDELT), the words are read in every clause but
// conditions (if, unless, whenever, in case): a condition never says what
// was done.

// opensClause lists the words that begin a new clause wherever they stand,
// and conditional the ones of them that begin a condition.
var (
	opensClause = map[string]bool{
		"if": true, "unless": true, "whenever": true, "when": true, "while": true, "whereas": true,
		"because": true, "although": true, "though": true, "after": true, "before": true, "until": true,
		"which": true, "who": true, "whom": true, "whose": true, "where": true,
	}
	// opensClauseAfterComma begin a clause only after a comma: "and" and
	// "as" join words too ("roads and railways", "as well as").
	opensClauseAfterComma = map[string]bool{"and": true, "but": true, "as": true, "since": true, "so": true, "or": true}
	conditional           = map[string]bool{"if": true, "unless": true, "whenever": true}
)

// clauses cuts a sentence into clauses (see above) and returns them in
// order, each as its lower-case words (phrase.Tokens).
func clauses(sentence string) [][]string {
	var out [][]string
	start := 0
	cut := func(end int) {
		if toks := phrase.Tokens(sentence[start:end]); len(toks) > 0 {
			out = append(out, toks)
		}
		start = end
	}
	// sub is set while the clause being read was opened by a subordinator
	// ("After talks failed, ..."): its comma ends it.
	afterComma, sub, first := false, false, true
	for i := 0; i < len(sentence); {
		r, size := utf8.DecodeRuneInString(sentence[i:])
		switch {
		case r == ';' || r == ':' || r == '(' || r == ')' || r == '—' || r == '–':
			cut(i)
			start = i + size
			i += size
			afterComma, sub, first = false, false, true
			continue
		case r == ',':
			if sub {
				cut(i)
				start = i + size
				sub, first = false, true
			}
			afterComma = true
			i += size
			continue
		case unicode.IsLetter(r):
			j := i
			for j < len(sentence) {
				r2, s2 := utf8.DecodeRuneInString(sentence[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			// "in case" opens a condition too.
			w := strings.ToLower(sentence[i:j])
			if w == "in" && strings.HasPrefix(strings.ToLower(sentence[j:]), " case ") {
				w = "if"
			}
			if !first && (opensClause[w] || afterComma && opensClauseAfterComma[w]) {
				cut(i)
				first = true
			}
			if first {
				sub, first = opensClause[w], false
			}
			afterComma = false
			i = j
			continue
		case !unicode.IsSpace(r):
			afterComma = false
		}
		i += size
	}
	cut(len(sentence))
	return out
}

// anchorOf returns the first word of the pattern that coded the event
// ("verbs/16-17-sanction-coerce.yaml:36 cut off" → "cut"), or "".
func anchorOf(pattern string) string {
	refs, lemma, ok := strings.Cut(pattern, " ")
	if !ok || !strings.Contains(refs, ":") {
		return ""
	}
	if f := phrase.Tokens(lemma); len(f) > 0 {
		return f[0]
	}
	return ""
}

// inflects reports whether the word tok is the lemma or an inflection of
// it: "seal" → sealed, sealing; "retaliate" → retaliated; "cut" → cuts.
func inflects(tok, lemma string) bool {
	if tok == lemma {
		return true
	}
	if len(lemma) < 3 {
		return false
	}
	stem := strings.TrimSuffix(lemma, "e")
	if strings.HasSuffix(stem, "y") && len(stem) > 3 {
		stem = stem[:len(stem)-1] + "i" // deny → denied, denies
	}
	rest, ok := strings.CutPrefix(tok, stem)
	if !ok {
		return false
	}
	switch rest {
	case "s", "es", "ed", "d", "ing":
		return true
	}
	// A doubled final consonant: cut → cutting, plan → planned.
	last := stem[len(stem)-1:]
	return rest == last+"ed" || rest == last+"ing"
}

// clauseTokens returns the words a rule's word filter reads for the event:
// those of its own clause, or of every clause but conditions when its
// clause cannot be told (see above).
func clauseTokens(e *vigil.Event) []string {
	cs := clauses(e.Sentence)
	if len(cs) <= 1 {
		if len(cs) == 0 {
			return nil
		}
		return cs[0]
	}
	if a := anchorOf(e.Pattern); a != "" {
		for _, c := range cs {
			for _, t := range c {
				if inflects(t, a) {
					return c
				}
			}
		}
	}
	var out []string
	for _, c := range cs {
		if !conditional[c[0]] && !(c[0] == "in" && len(c) > 1 && c[1] == "case") {
			out = append(out, c...)
		}
	}
	return out
}
