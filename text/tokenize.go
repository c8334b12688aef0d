package text

import (
	"strings"
	"unicode/utf8"
)

// Tokenize splits src[start:end] into tokens and appends them to toks.
// Offsets are byte offsets into src; Norm and Lower are filled, Tag is not
// (see Tagger). It never panics, whatever the bytes; start and end are
// clamped to src.
//
// The rules follow the Penn Treebank conventions the tagger was trained
// on, adapted to news text:
//   - possessives and contractions split: "Korea's" → "Korea" "'s",
//     "don't" → "do" "n't", "Koreas'" → "Koreas" "'";
//   - hyphenated words stay whole: "test-fired", "short-range", "U.S.-led";
//   - numbers stay whole: "1.2", "10,000", "3:30", "24/7"; "$" and "%" split;
//   - abbreviations keep their full stop: "U.S.", "a.m.", "Gen.", "No." before
//     a number, initials "J." and "J.R.R.";
//   - runs of the same mark are one token: "...", "--", "?!";
//   - HTML entities are part of the characters they encode: "Korea&#8217;s"
//     is "Korea" + "&#8217;s" whose Norm is "'s";
//   - URLs, e-mail addresses, #hashtags and @handles stay whole.
func Tokenize(src string, start, end int, toks []Token) []Token {
	start, end = clamp(start, len(src)), clamp(end, len(src))
	i := start
	for i < end {
		r, n := decodeAt(src, i)
		if i+n > end {
			n = end - i
		}
		if isSpace(r) {
			i += n
			continue
		}
		if j := urlEnd(src, i, end); j > i {
			toks = appendToken(toks, src, i, j)
			i = j
			continue
		}
		if isWordRune(r) || (r == '#' || r == '@') && i+n < end && isWordRuneAt(src, i+n, end) {
			j, c := wordEnd(src, i, end)
			toks = appendToken(toks, src, i, j)
			if c > j {
				toks = appendToken(toks, src, j, c)
				j = c
			}
			i = j
			continue
		}
		// Punctuation: a run of the same mark is one token.
		j := i + n
		switch {
		case r == '.' || r == '-' || r == '?' || r == '!' || r == '*' || r == '=' || r == '_':
			for j < end {
				r2, n2 := decodeAt(src, j)
				if !(r2 == r || (r == '?' || r == '!') && (r2 == '?' || r2 == '!')) || j+n2 > end {
					break
				}
				j += n2
			}
		case r == '`' || r == '\'':
			// `` and '' are the quotes of text typed on typewriter keyboards.
			if j < end && src[j] == byte(r) {
				j++
			}
		}
		toks = appendToken(toks, src, i, j)
		i = j
	}
	return toks
}

func clamp(i, n int) int {
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}

func appendToken(toks []Token, src string, i, j int) []Token {
	t := src[i:j]
	norm := normalize(t)
	if norm == "" {
		return toks // only invisible characters (soft hyphens)
	}
	return append(toks, Token{Text: t, Norm: norm, Lower: lower(norm), Start: i, End: j})
}

func isWordRuneAt(src string, i, end int) bool {
	if i >= end {
		return false
	}
	r, n := decodeAt(src, i)
	return i+n <= end && isWordRune(r)
}

// runeAt decodes the character at i, or returns -1 at or past end.
func runeAt(src string, i, end int) (rune, int) {
	if i >= end {
		return -1, 0
	}
	r, n := decodeAt(src, i)
	if i+n > end {
		return -1, 0
	}
	return r, n
}

// wordEnd scans the word that starts at i and returns its end j. When the
// word ends in a contraction ("'s", "n't", "'ll"...), c > j and src[j:c] is
// the contraction, a token of its own; otherwise c == j.
func wordEnd(src string, i, end int) (j, c int) {
	k := i
	_, n := decodeAt(src, k)
	k += n
	segStart := i // start of the current dot-separated segment
	hasAt := false
	prev, _ := decodeAt(src, i)
	for k < end {
		r, n := runeAt(src, k, end)
		if r < 0 {
			break
		}
		if isWordRune(r) {
			prev = r
			k += n
			continue
		}
		r2, n2 := runeAt(src, k+n, end)
		switch {
		case isHyphen(r) && isWordRune(r2):
			// test-fired, short-range, U.S.-led; a dash between words
			// ("troops - and tanks") has spaces and never gets here.
			segStart = k + n
		case r == '.' && isDigitRune(prev) && isDigitRune(r2):
			// 3.5, $1.2 billion
		case r == '.' && hasAt && isWordRune(r2):
			// user@example.org
		case r == '.' && isLetter(r2) && k-segStart >= 2 && domainAt(src, k+n, end):
			// rt.com, PanARMENIAN.Net, SyndiGate.info: a site's name
		case r == '.' && isLetter(r2) && initialSegment(src, segStart, k) && initialSegmentAt(src, k+n, end):
			// U.S, a.m, J.R.R, EE.UU: initials joined by full stops
			segStart = k + n
		case r == ',' && isDigitRune(prev) && threeDigits(src, k+n, end):
			// 10,000
		case r == ':' && isDigitRune(prev) && isDigitRune(r2):
			// 3:30
		case r == '/' && isWordRune(prev) && isWordRune(r2):
			// 24/7, and/or
		case r == '_' && isWordRune(prev) && isWordRune(r2):
			// @kcna_watch
		case r == '@' && isWordRune(r2) && !hasAt:
			hasAt = true
		case r == '&' && n == 1 && isUpper(prev) && isUpper(r2):
			// AT&T, S&P
		case isApostrophe(r) && isLetter(r2):
			if cEnd, ok := contraction(src, k, n, end); ok {
				if cEnd == k+n+1 && (src[k+n] == 't' || src[k+n] == 'T') {
					// "n't" takes the n from the word: do|n't, ca|n't.
					if p := k - 1; p > i && (src[p] == 'n' || src[p] == 'N') {
						return p, cEnd
					}
				} else if k > i {
					return k, cEnd
				}
			}
			// O'Brien, Ma'arib: an apostrophe inside a name.
		default:
			j := attachStop(src, i, k, end)
			return j, j
		}
		k += n + n2
		prev = r2
	}
	j = attachStop(src, i, k, end)
	return j, j
}

// attachStop decides whether the full stop at src[k] belongs to the word
// src[i:k] (an abbreviation) and returns the word's end. An abbreviation
// followed by a hyphenated part ("U.S.-led") continues the word.
func attachStop(src string, i, k, end int) int {
	if k >= end || src[k] != '.' || k+1 < end && src[k+1] == '.' {
		return k
	}
	w := src[i:k]
	last := w // "anti-U.S": the initials follow the last hyphen
	if h := strings.LastIndexAny(w, "-\u2010\u2011"); h >= 0 {
		_, n := utf8.DecodeRuneInString(w[h:])
		last = w[h+n:]
	}
	attach := false
	switch {
	case isInitials(last):
		attach = true
	default:
		switch abbrevs[w] {
		case abbrevTitle, abbrevOther:
			attach = true
		case abbrevNum:
			attach = nextNonSpaceIsNumber(src, k+1, end)
		}
	}
	if !attach {
		return k
	}
	k++
	if r, n := runeAt(src, k, end); isHyphen(r) && isWordRuneAt(src, k+n, end) {
		j, c := wordEnd(src, k+n, end)
		if c == j {
			return j
		}
		return k // a contraction after "U.S.-x" is too rare to handle
	}
	return k
}

// isInitials reports whether w is one upper-case letter ("J") or initials
// joined by full stops ("U.S", "a.m", "J.R.R", "EE.UU").
func isInitials(w string) bool {
	if w == "" {
		return false
	}
	segs := 0
	for a := 0; a <= len(w); {
		b := strings.IndexByte(w[a:], '.')
		if b < 0 {
			b = len(w)
		} else {
			b += a
		}
		if !initialSegment(w, a, b) {
			return false
		}
		segs++
		a = b + 1
	}
	if segs == 1 {
		r, n := decodeAt(w, 0)
		return n == len(w) && isUpper(r)
	}
	return true
}

// domainAt reports whether a top-level domain that names news sites
// starts at p and ends the word: "com", "net", "org", "info"... Two-letter
// country domains count only in lower case ("yonhap.co.kr", not "...in
// Seoul.In" with a space missing).
func domainAt(src string, p, end int) bool {
	q := p
	for q < end && q-p < 5 && (src[q] >= 'a' && src[q] <= 'z' || src[q] >= 'A' && src[q] <= 'Z') {
		q++
	}
	if q < end {
		if r, _ := decodeAt(src, q); isWordRune(r) || r == '-' {
			return false
		}
	}
	tld := src[p:q]
	if len(tld) == 2 {
		return topDomains[tld]
	}
	return topDomains[strings.ToLower(tld)]
}

var topDomains = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "gov": true, "edu": true, "mil": true,
	"int": true, "news": true, "biz": true, "io": true, "co": true, "uk": true, "ru": true,
	"cn": true, "kp": true, "kr": true, "jp": true, "de": true, "fr": true, "ua": true, "tv": true,
	"us": true, "eu": true, "il": true, "ir": true, "in": true, "tw": true, "am": true, "az": true,
}

// initialSegment reports whether src[a:b] can be one part of a run of
// initials: a single letter, or two capitals ("EE" of "EE.UU.").
func initialSegment(src string, a, b int) bool {
	if a >= b {
		return false
	}
	r, n := decodeAt(src, a)
	if !isLetter(r) {
		return false
	}
	if a+n == b {
		return true
	}
	r2, n2 := decodeAt(src, a+n)
	return a+n+n2 == b && isUpper(r) && isUpper(r2)
}

// initialSegmentAt reports whether an initial segment starting at p is
// followed by a full stop.
func initialSegmentAt(src string, p, end int) bool {
	q := p
	for q < end && q-p <= 8 {
		r, n := decodeAt(src, q)
		if !isLetter(r) {
			break
		}
		q += n
	}
	return q < end && src[q] == '.' && initialSegment(src, p, q)
}

func threeDigits(src string, k, end int) bool {
	if k+3 > end {
		return false
	}
	for j := k; j < k+3; j++ {
		if !isDigit(src[j]) {
			return false
		}
	}
	return k+3 == end || !isDigit(src[k+3])
}

func nextNonSpaceIsNumber(src string, k, end int) bool {
	for k < end {
		r, n := decodeAt(src, k)
		if !isSpace(r) {
			return isDigitRune(r) || r == '#'
		}
		k += n
	}
	return false
}

// contraction reports whether the apostrophe at src[k] (n bytes) starts a
// clitic that is a token of its own: 's 're 've 'll 'd 'm, or the t of n't.
// It returns the clitic's end.
func contraction(src string, k, n, end int) (int, bool) {
	j := k + n
	for j < end && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
		j++
	}
	if j < end {
		if r, _ := decodeAt(src, j); isWordRune(r) {
			return 0, false
		}
	}
	switch strings.ToLower(src[k+n : j]) {
	case "s", "re", "ve", "ll", "d", "m", "t":
		return j, true
	}
	return 0, false
}

// urlEnd returns the end of a URL starting at i, or i when there is none.
func urlEnd(src string, i, end int) int {
	rest := src[i:end]
	p := 0
	switch {
	case hasPrefixFold(rest, "https://"):
		p = 8
	case hasPrefixFold(rest, "http://"):
		p = 7
	case hasPrefixFold(rest, "www."):
		p = 4
	default:
		return i
	}
	j := i + p
	for j < end {
		r, n := decodeAt(src, j)
		if isSpace(r) || j+n > end {
			break
		}
		j += n
	}
	// Trailing punctuation belongs to the sentence, not the URL.
	for j > i+p && strings.IndexByte(`.,;:!?)]}"'`, src[j-1]) >= 0 {
		j--
	}
	if j <= i+p {
		return i
	}
	return j
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
