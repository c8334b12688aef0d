package text

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// decodeAt returns the character at s[i:] and the number of bytes it spans.
//
// Plain text copied from web pages still carries HTML entities ("&amp;",
// "Korea&#8217;s", "&nbsp;"), so an entity counts as one character here: the
// tokenizer and the splitter see the apostrophe in "Korea&#8217;s" and the
// space in "&nbsp;" while every offset keeps pointing into the original
// bytes. Invalid UTF-8 yields utf8.RuneError with size 1, so no input can
// stall or panic a scanner built on this.
func decodeAt(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if c == '&' {
			if r, n := entityAt(s, i); n > 0 {
				return r, n
			}
		}
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// entityAt decodes an HTML character reference ("&amp;", "&#8217;",
// "&#x2014;") starting at s[i] == '&'. It returns size 0 when there is none.
// Only references closed by ';' count: "AT&T" and "R&D" stay text.
func entityAt(s string, i int) (rune, int) {
	const maxLen = 12 // "&thetasym;" is among the longest names in use
	j := i + 1
	if j < len(s) && s[j] == '#' {
		j++
		hex := j < len(s) && (s[j] == 'x' || s[j] == 'X')
		if hex {
			j++
		}
		k := j
		for k < len(s) && k-i < maxLen && (isDigit(s[k]) || hex && isHexLetter(s[k])) {
			k++
		}
		if k == j || k >= len(s) || s[k] != ';' {
			return 0, 0
		}
		j = k
	} else {
		k := j
		for k < len(s) && k-i < maxLen && isASCIIAlnum(s[k]) {
			k++
		}
		if k == j || k >= len(s) || s[k] != ';' {
			return 0, 0
		}
		j = k
	}
	ref := s[i : j+1]
	dec := html.UnescapeString(ref)
	if dec == ref {
		return 0, 0 // unknown name
	}
	r, n := utf8.DecodeRuneInString(dec)
	if n != len(dec) {
		return 0, 0 // the few references that expand to two characters stay text
	}
	return r, len(ref)
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isHexLetter(c byte) bool  { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isASCIIAlnum(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isSpace reports whether r separates words. Non-breaking and thin spaces
// are spaces; so are the zero-width characters and the byte-order mark news
// CMSs leave behind, and control characters.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0xA0, 0x85:
		return true
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	if r < 0x20 || r == 0x7F {
		return true
	}
	return r > 0xFF && unicode.IsSpace(r)
}

// isNewline reports whether r ends a line.
func isNewline(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// isWordRune reports whether r belongs inside a word. Invalid bytes count as
// word characters so that garbage stays inside one token instead of
// fragmenting the sentence around it.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	// A soft hyphen (U+00AD) is invisible and belongs inside the word it
	// may break ("inter\u00adnational"); Norm drops it.
	return r == utf8.RuneError || r == 0xAD || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'A' && r <= 'Z'
	}
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z'
	}
	return unicode.IsLower(r)
}

func isDigitRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9'
	}
	return unicode.IsDigit(r)
}

// Character classes of punctuation that matter to splitting and tagging.
func isApostrophe(r rune) bool { return r == '\'' || r == 0x2019 || r == 0x2018 || r == 0x2032 }
func isHyphen(r rune) bool     { return r == '-' || r == 0x2010 || r == 0x2011 }
func isDoubleQuote(r rune) bool {
	switch r {
	case '"', 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033, 0x301D, 0x301E:
		return true
	}
	return false
}

// isCloser reports whether r may follow a sentence-final mark and still
// belong to the sentence: closing quotes and brackets.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', 0x201D, 0x2019, 0x00BB, 0x203A, 0x201C:
		return true
	}
	return false
}

// isOpener reports whether r opens a quotation or bracket.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '{', 0x201C, 0x2018, 0x00AB, 0x2039, 0x201E:
		return true
	}
	return false
}

// normRune maps the typographic characters news sites print to the ASCII
// forms downstream matchers expect. ok is false when r maps to itself.
func normRune(r rune) (string, bool) {
	switch r {
	case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x0060, 0x00B4:
		return "'", true
	case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033, 0x301D, 0x301E:
		return `"`, true
	case 0x2039:
		return "'", true
	case 0x203A:
		return "'", true
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63, 0xFF0D:
		return "-", true
	case 0x2014, 0x2015, 0x2E3A, 0xFE58:
		return "--", true
	case 0x2026:
		return "...", true
	case 0x00A0, 0x2007, 0x202F, 0x2009:
		return " ", true
	case 0xAD:
		return "", true // soft hyphen
	case 0xFB01:
		return "fi", true
	case 0xFB02:
		return "fl", true
	case utf8.RuneError:
		return "\uFFFD", true
	}
	return "", false
}

// normalize returns the normalised form of the original bytes s: entities
// decoded, curly quotes straight, en dashes "-", em dashes "--", ellipsis
// "...". It returns s itself (no allocation) when nothing changes, which is
// the common case.
func normalize(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c == '&' || c == '`' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	changed := false
	for i := 0; i < len(s); {
		r, n := decodeAt(s, i)
		if n > 1 && s[i] == '&' {
			changed = true
		}
		if m, ok := normRune(r); ok {
			b.WriteString(m)
			changed = true
		} else if n == 1 && r == utf8.RuneError {
			b.WriteRune(utf8.RuneError)
			changed = true
		} else if s[i] == '&' && n > 1 {
			b.WriteRune(r)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if !changed {
		return s
	}
	return b.String()
}

// lower returns strings.ToLower(s) without allocating when s has no upper
// case ASCII letter and is plain ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
