package actor

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-ews/vigil/text"
)

// A unit is what the matcher compares: a run of letters and digits, or one
// punctuation character. Tokens are cut into units so that a dictionary entry
// matches however the tokenizer split the text: "Korea's" and "Korea" + "'s",
// "Pakistani-administered" and "Pakistani" "-" "administered", "d'Ivoire" and
// "d" "'" "Ivoire" all become the same units. Dictionary names are cut the
// same way when the knowledge base loads.
type unit struct {
	key        string // folded: lower case, diacritics removed ("erdogan", "cote"); "" for words no rule knows
	first      *node  // the trie's child for key at the root, nil if none
	start, end int    // byte span in the original text
	tok        int    // index of the token the unit came from
	tag        string // part-of-speech tag of that token ("" when untagged)
	glued      bool   // no space between this unit and the previous one
	shape      shape
}

// shape records what the matcher's case rules need to know about a unit.
type shape uint8

const (
	shapeWord  shape = 1 << iota // starts with a letter or digit
	shapeUpper                   // first letter upper case ("Turkey", "TURKEY", "U")
	shapeCaps                    // at least one letter and no lower-case letter ("US", "NATO")
	shapeLower                   // no upper-case letter
)

func (s shape) word() bool  { return s&shapeWord != 0 }
func (s shape) upper() bool { return s&shapeUpper != 0 }
func (s shape) caps() bool  { return s&shapeCaps != 0 }

// unitsOf appends the units of toks to dst and returns it. key maps a word
// to its dictionary key (fold, or the KB's allocation-free lookup).
func unitsOf(dst []unit, toks []text.Token, key keyFunc) []unit {
	prevEnd := -1
	for i := range toks {
		t := &toks[i]
		norm := t.Norm
		if norm == "" {
			norm = t.Text
		}
		glued := t.Start == prevEnd
		prevEnd = t.End
		n0 := len(dst)
		dst = cutUnits(dst, norm, i, t.Tag, key)
		// Map unit offsets (into norm) back to the original text. Most
		// tokens are byte-identical to their normal form; when an entity or
		// a curly quote was normalised, units keep the token's edges.
		same := len(t.Text) == len(norm)
		for k := n0; k < len(dst); k++ {
			u := &dst[k]
			a, b := u.start, u.end
			switch {
			case same:
				u.start, u.end = t.Start+a, t.Start+b
			case a == 0 && strings.HasPrefix(t.Text, norm[:b]):
				u.start, u.end = t.Start, t.Start+b
			case b == len(norm) && strings.HasSuffix(t.Text, norm[a:]):
				u.start, u.end = t.End-(len(norm)-a), t.End
			default:
				u.start, u.end = t.Start, t.End
			}
			if k == n0 {
				u.glued = glued
			}
		}
	}
	return dst
}

// cutUnits appends the units of s (offsets relative to s) to dst.
func cutUnits(dst []unit, s string, tok int, tag string, key keyFunc) []unit {
	i, prevEnd := 0, -1
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII fast path: most of the text.
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
				i++
				continue
			}
			if asciiWord[c] {
				start := i
				var sh shape = shapeWord | shapeLower
				hasUpper, hasLower := false, false
				if c >= 'A' && c <= 'Z' {
					sh |= shapeUpper
				}
				for i < len(s) && s[i] < utf8.RuneSelf && asciiWord[s[i]] {
					b := s[i]
					hasUpper = hasUpper || b >= 'A' && b <= 'Z'
					hasLower = hasLower || b >= 'a' && b <= 'z'
					i++
				}
				if i < len(s) && s[i] >= utf8.RuneSelf {
					if r, _ := utf8.DecodeRuneInString(s[i:]); isWordRune(r) {
						i = start // a word with non-ASCII letters: the general path below
						goto general
					}
				}
				if hasUpper {
					sh &^= shapeLower
					if !hasLower {
						sh |= shapeCaps
					}
				}
				k, first := key(s[start:i])
				dst = append(dst, unit{key: k, first: first, start: start, end: i, tok: tok, tag: tag, glued: start == prevEnd, shape: sh})
				prevEnd = i
				continue
			}
		}
	general:
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpaceRune(r) {
			i += n
			continue
		}
		start := i
		if !isWordRune(r) {
			i += n
			dst = append(dst, unit{key: foldPunct(s[start:i]), start: start, end: i, tok: tok, tag: tag, glued: start == prevEnd})
			prevEnd = i
			continue
		}
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				break
			}
			i += n
		}
		w := s[start:i]
		k, first := key(w)
		dst = append(dst, unit{key: k, first: first, start: start, end: i, tok: tok, tag: tag, glued: start == prevEnd, shape: shapeOf(w)})
		prevEnd = i
	}
	return dst
}

// keyFunc maps a word to its dictionary key and its trie node at the root.
type keyFunc func(w string) (string, *node)

// foldKey is the keyFunc of dictionary names at load time.
func foldKey(w string) (string, *node) { return fold(w), nil }

var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isSpaceRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u00ad'
}

func shapeOf(w string) shape {
	s := shapeWord
	first := true
	hasUpper, hasLower := false, false
	for _, r := range w {
		up, lo := unicode.IsUpper(r), unicode.IsLower(r)
		if first && unicode.IsLetter(r) {
			if up {
				s |= shapeUpper
			}
			first = false
		}
		hasUpper = hasUpper || up
		hasLower = hasLower || lo
	}
	if hasUpper && !hasLower {
		s |= shapeCaps
	}
	if !hasUpper {
		s |= shapeLower
	}
	return s
}

// foldPunct maps typographic punctuation to its ASCII form so "’" and "'",
// "–" and "-" are one key.
func foldPunct(p string) string {
	switch p {
	case "’", "‘", "ʼ", "`", "´":
		return "'"
	case "‐", "‑", "‒", "–", "—", "−":
		return "-"
	case "“", "”", "„":
		return `"`
	}
	return p
}

// fold returns w in lower case with diacritics removed. ASCII words, nearly
// all of English news, are lowered without allocating when already lower.
func fold(w string) string {
	ascii, lower := true, true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return w
		}
		return strings.ToLower(w)
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if unicode.Is(unicode.Mn, r) {
			continue // combining accent of a decomposed letter
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldTable maps accented Latin letters to their base letters, so that
// "Erdoğan", "Côte d'Ivoire" and "Zelenskyy" spelled with or without
// accents reach the same dictionary entry.
var foldTable = func() map[rune]string {
	m := map[rune]string{}
	for _, g := range []struct{ base, letters string }{
		{"a", "àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ"},
		{"ae", "æÆ"},
		{"c", "çćĉċčÇĆĈĊČ"},
		{"d", "ďđðĎĐÐ"},
		{"e", "èéêëēĕėęěẹẻẽếềểễệÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆə"},
		{"g", "ĝğġģǧĜĞĠĢǦ"},
		{"h", "ĥħḥĤĦḤ"},
		{"i", "ìíîïĩīĭįıǐịỉÌÍÎÏĨĪĬĮİǏỊỈ"},
		{"j", "ĵĴ"},
		{"k", "ķĶ"},
		{"l", "ĺļľŀłĹĻĽĿŁ"},
		{"n", "ñńņňŉÑŃŅŇ"},
		{"o", "òóôõöøōŏőǒọỏốồổỗộớờởỡợơÒÓÔÕÖØŌŎŐǑỌỎỐỒỔỖỘỚỜỞỠỢƠ"},
		{"oe", "œŒ"},
		{"r", "ŕŗřŔŖŘ"},
		{"s", "śŝşšșṣŚŜŞŠȘṢ"},
		{"ss", "ß"},
		{"t", "ţťŧțṭŢŤŦȚṬ"},
		{"th", "þÞ"},
		{"u", "ùúûüũūŭůűųǔụủứừửữựưÙÚÛÜŨŪŬŮŰŲǓỤỦỨỪỬỮỰƯ"},
		{"w", "ŵŴ"},
		{"y", "ýÿŷỳỵỷỹÝŸŶỲỴỶỸ"},
		{"z", "źżžŹŻŽ"},
	} {
		for _, r := range g.letters {
			m[r] = g.base
		}
	}
	return m
}()

// Tokens cuts s into plain tokens (runs of letters and digits, and single
// punctuation marks) with byte offsets and no part-of-speech tags. It is the
// tokenizer of last resort for dictionary names, context scans and tools
// that do not need the text package's full analysis.
func Tokens(s string) []text.Token {
	var toks []text.Token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpaceRune(r) {
			i += n
			continue
		}
		start := i
		if isWordRune(r) {
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				if !isWordRune(r) {
					break
				}
				i += n
			}
		} else {
			i += n
		}
		w := s[start:i]
		norm := foldPunct(w)
		toks = append(toks, text.Token{Text: w, Norm: norm, Lower: strings.ToLower(norm), Start: start, End: i})
	}
	return toks
}
