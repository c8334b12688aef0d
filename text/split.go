package text

import "unicode/utf8"

// A block is one logical line of the text: a paragraph, a headline, a
// bullet item, a caption. Lines of a hard-wrapped paragraph are joined into
// one block; every block starts a new sentence.
type block struct {
	start, end int  // trimmed: first and past-last non-space byte
	lines      int  // physical lines joined into this block
	blankAfter bool // a blank line (or the end of the text) follows
	// debris is the kind of page debris the block's single line is, when
	// blocks was given a debris classifier; heading marks a teaser heading.
	debris  string
	heading bool
	checked bool // debris and heading are set
}

// line is one physical line, trimmed.
type line struct {
	start, end  int
	blankBefore bool
}

// splitLines returns the non-blank lines of src, trimmed, each noting
// whether a blank line precedes it.
func splitLines(src string) []line {
	var out []line
	blank := true
	ls := 0
	flush := func(le int) {
		s, e := trimSpace(src, ls, le)
		if s < e {
			out = append(out, line{start: s, end: e, blankBefore: blank})
			blank = false
		} else {
			blank = true
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n' || c == '\r' || c == '\v' || c == '\f':
			flush(i)
			i++
			if c == '\r' && i < len(src) && src[i] == '\n' {
				i++
			}
			ls = i
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(src[i:])
			if isNewline(r) {
				flush(i)
				ls = i + n
			}
			i += n
		default:
			i++
		}
	}
	flush(len(src))
	return out
}

// trimSpace returns the bounds of src[a:b] without leading and trailing
// spaces (entities such as "&nbsp;" included).
func trimSpace(src string, a, b int) (int, int) {
	for a < b {
		r, n := decodeAt(src, a)
		if a+n > b || !isSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := lastRune(src, a, b)
		if !isSpace(r) {
			break
		}
		b -= n
	}
	return a, b
}

// lastRune decodes the last character of src[a:b], entities included.
func lastRune(src string, a, b int) (rune, int) {
	if b <= a {
		return -1, 0
	}
	if src[b-1] == ';' {
		// Possibly an entity: look back for its '&'.
		for k := b - 2; k >= a && k >= b-12; k-- {
			if src[k] == '&' {
				if r, n := entityAt(src, k); n == b-k {
					return r, n
				}
				break
			}
		}
	}
	r, n := utf8.DecodeLastRuneInString(src[a:b])
	return r, n
}

// bulletEnd returns the offset after a list marker ("• ", "- ", "* ",
// "1. ", "2) ") at the start of a line, or start when there is none.
func bulletEnd(src string, start, end int) int {
	r, n := decodeAt(src, start)
	j := start + n
	switch r {
	case 0x2022, 0x00B7, 0x25AA, 0x25CF, 0x25E6, 0x2023, 0x2219, 0x25A0, 0x25A1, 0x25BA, 0x25B8, 0x2043, '*', '-', 0x2013, 0x2014, '>':
	default:
		if !isDigit(src[start]) {
			return start
		}
		j = start
		for j < end && j-start < 2 && isDigit(src[j]) {
			j++
		}
		if j >= end || src[j] != '.' && src[j] != ')' {
			return start
		}
		j++
	}
	if j >= end {
		return start
	}
	r2, n2 := decodeAt(src, j)
	if !isSpace(r2) {
		return start
	}
	for j < end {
		r2, n2 = decodeAt(src, j)
		if !isSpace(r2) {
			break
		}
		j += n2
	}
	if j >= end {
		return start
	}
	return j
}

// endsSentence reports whether the line src[a:b] ends with a sentence-final
// mark, possibly followed by closing quotes or brackets, or with a colon.
func endsSentence(src string, a, b int) bool {
	for b > a {
		r, n := lastRune(src, a, b)
		switch {
		case r == '.' || r == '!' || r == '?' || r == 0x2026 || r == ':':
			return true
		case isCloser(r):
			b -= n
			continue
		}
		return false
	}
	return false
}

// firstWord returns the first word of src[a:b] (skipping opening quotes and
// brackets).
func firstWord(src string, a, b int) string {
	for a < b {
		r, n := decodeAt(src, a)
		if isWordRune(r) {
			break
		}
		if !isOpener(r) {
			return ""
		}
		a += n
	}
	j := a
	for j < b {
		r, n := decodeAt(src, j)
		if !isWordRune(r) && !isHyphen(r) {
			break
		}
		j += n
	}
	return src[a:j]
}

// blocks groups the lines of src into logical lines. A line continues the
// previous one when there is no blank line between them, the previous line
// does not end a sentence and either the new line starts in lower case (a
// broken paragraph, as in KCNA stories) or the whole text is hard-wrapped.
// Everything else (headlines, bullet items, captions, KCNA's one-line
// paragraphs) is a block of its own. A line that debris classifies as page
// debris is never joined to its neighbours.
func blocks(src string, proper func(string) (string, bool), debris func(line string) (kind string, heading bool)) []block {
	lines := splitLines(src)
	wrapped := isHardWrapped(src, lines)
	var out []block
	prevAlone := false
	for i, l := range lines {
		kind, heading := "", false
		if debris != nil {
			kind, heading = debris(src[l.start:l.end])
		}
		isAlone := kind != ""
		if i > 0 && !l.blankBefore && len(out) > 0 && !isAlone && !prevAlone {
			prev := &out[len(out)-1]
			if continues(src, prev.start, prev.end, l.start, l.end, wrapped, proper) {
				prev.end = l.end
				prev.lines++
				prev.checked = false // the joined block is classified again
				continue
			}
		}
		prevAlone = isAlone
		if len(out) > 0 {
			out[len(out)-1].blankAfter = l.blankBefore
		}
		out = append(out, block{start: l.start, end: l.end, lines: 1, debris: kind, heading: heading, checked: debris != nil})
	}
	if len(out) > 0 {
		out[len(out)-1].blankAfter = true
	}
	return out
}

func continues(src string, ps, pe, s, e int, wrapped bool, proper func(string) (string, bool)) bool {
	if bulletEnd(src, s, e) != s {
		return false
	}
	if r, _ := lastRune(src, ps, pe); isHyphen(r) && pe-ps > 1 {
		if r2, _ := lastRune(src, ps, pe-1); isLetter(r2) {
			return true // "inter-" + "Korean"
		}
	}
	switch r, _ := decodeAt(src, s); r {
	case '.', '?', '!', ',', ';', ')', ']', 0x201D, 0x2019, 0x2026:
		// A line that starts with closing punctuation ends the line
		// before it: "...the leader said\n." as scrapers leave it.
		return true
	}
	if endsSentence(src, ps, pe) {
		return false
	}
	w := firstWord(src, s, e)
	if w == "" {
		return wrapped
	}
	r, _ := decodeAt(w, 0)
	if isLower(r) {
		if proper != nil {
			if _, ok := proper(lower(normalize(w))); ok {
				return wrapped
			}
		}
		return true
	}
	return wrapped
}

// isHardWrapped reports whether the text's lines were broken at a fixed
// width (e-mail, wire copy): then a line that does not end a sentence
// continues on the next line even when that starts with a capital. The
// sign is many long lines, close to the longest, that stop mid-sentence,
// with the sentence often going on in lower case on the next line. Short
// lines without a full stop (headlines, captions, bylines) are no sign.
func isHardWrapped(src string, lines []line) bool {
	if len(lines) < 4 {
		return false
	}
	width := 0
	for _, l := range lines {
		n := utf8.RuneCountInString(src[l.start:l.end])
		if n > 100 {
			return false // paragraphs on one line: not wrapped
		}
		width = max(width, n)
	}
	long := max(40, width*6/10)
	mid, open, lowerNext := 0, 0, 0
	for i := 0; i+1 < len(lines); i++ {
		l, next := lines[i], lines[i+1]
		if next.blankBefore {
			continue
		}
		mid++
		if utf8.RuneCountInString(src[l.start:l.end]) >= long && !endsSentence(src, l.start, l.end) {
			open++
			if r, _ := decodeAt(src, next.start); isLower(r) || isDigitRune(r) {
				lowerNext++
			}
		}
	}
	return open >= 3 && open*2 >= mid && lowerNext*3 >= open
}

// sentenceBounds splits the tokens of one block into sentences and returns
// the end index (exclusive) of each sentence in toks.
func sentenceBounds(toks []Token, proper func(string) (string, bool), ends []int) []int {
	n := len(toks)
	for k := 0; k < n; k++ {
		kind := boundaryKind(&toks[k])
		if kind == noBoundary {
			continue
		}
		m := k + 1
		// Closing quotes and brackets stay with the sentence they close,
		// and so does a full stop glued after them: (...!").
		for m < n && (isClosingToken(toks, m) || toks[m].Start == toks[m-1].End && boundaryKind(&toks[m]) == fullStop) {
			m++
		}
		if m >= n {
			break
		}
		if splitsBefore(toks, m, kind, proper) {
			ends = append(ends, m)
			k = m - 1
		}
	}
	return append(ends, n)
}

type boundary uint8

const (
	noBoundary boundary = iota
	fullStop            // "." "?" "!"
	ellipsis            // "..." "…"
	abbrevStop          // "U.S." "Inc." "a.m." "J.": may end a sentence
)

func boundaryKind(t *Token) boundary {
	switch t.Norm {
	case ".", "?", "!":
		return fullStop
	case "...":
		return ellipsis
	}
	if len(t.Norm) > 1 {
		switch c := t.Norm[len(t.Norm)-1]; c {
		case '.':
			w := t.Norm[:len(t.Norm)-1]
			if allByte(w, '.') {
				return ellipsis
			}
			if isInitials(w) || abbrevs[w] == abbrevOther {
				return abbrevStop
			}
		case '?', '!':
			if allQE(t.Norm) {
				return fullStop
			}
		}
	}
	return noBoundary
}

func allByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			return false
		}
	}
	return true
}

func allQE(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '?' && s[i] != '!' {
			return false
		}
	}
	return true
}

// isClosingToken reports whether toks[m] closes a quotation or bracket
// opened earlier: ")", "]", "”", or a straight quote glued to the token
// before it.
func isClosingToken(toks []Token, m int) bool {
	switch toks[m].Text {
	case ")", "]", "}", "\u201D", "\u2019", "\u00BB", "&rdquo;", "&rsquo;", "&#8221;", "&#8217;", "''":
		return true
	case `"`, "'", "&quot;", "&#39;", "&#34;", "\u201C":
		return toks[m].Start == toks[m-1].End
	}
	return false
}

// splitsBefore decides whether a sentence ends before toks[m], given the
// kind of mark that ended the text before it.
func splitsBefore(toks []Token, m int, kind boundary, proper func(string) (string, bool)) bool {
	next := &toks[m]
	switch next.Norm {
	case ",":
		// "...on April 10. , Present there were..." is a paragraph break
		// lost by the scraper (KCNA has hundreds); the comma is dropped.
		return kind == fullStop && toks[m-1].Norm == "." && m+1 < len(toks) && startsUpper(toks[m+1].Norm)
	case ";", ":", ")", "]", "-", "--", "%":
		return false
	}
	// Look through opening quotes and brackets at the first word.
	quoted := false
	w := m
	for w < len(toks) && w < m+3 && isOpenerToken(&toks[w]) {
		quoted = true
		w++
	}
	if w >= len(toks) {
		return kind != abbrevStop
	}
	r, _ := decodeAt(toks[w].Norm, 0)
	upper := isUpper(r)
	if isLower(r) && proper != nil {
		if _, ok := proper(toks[w].Lower); ok {
			upper = true // "... with Ukraine. russia has ..."
		}
	}
	switch kind {
	case fullStop:
		return !isLower(r) || upper
	case ellipsis:
		return upper
	case abbrevStop:
		if !upper {
			return false
		}
		return quoted || starters[toks[w].Lower]
	}
	return false
}

func isOpenerToken(t *Token) bool {
	switch t.Norm {
	case `"`, "'", "(", "[", "{", "``", "`":
		return true
	}
	return false
}
