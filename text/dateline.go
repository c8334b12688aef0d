package text

import (
	"regexp"
	"strings"
)

// A dateline opens a wire story: "SEOUL, June 17 --", "SEOUL, June 17
// (Reuters) -", "Pyongyang, August 22 (KCNA) --", "WASHINGTON (AP) —",
// "KYIV, Ukraine, Oct. 5 (Reuters) -", "(CNN) —". It names where and when
// the reporter filed, not an actor, so it is kept out of the first
// sentence: a dateline city is not the antecedent of "it" or "the
// country", and "SEOUL" there is not the South Korean government acting.
//
// The expression reads: a place (one to four words in capitals, or one to
// three in title case), an optional region (", Ukraine", ", D.C."), an
// optional date (", June 17", ", Oct. 5, 2024", ", 17 June"), an optional
// agency in parentheses, then a dash. Which of these a dateline needs is
// decided in datelineEnd.
var datelineRE = regexp.MustCompile(`^` +
	`(?:(?P<caps>[A-Z][A-Z'’.\-]*[A-Z.](?: [A-Z][A-Z'’.\-]*[A-Z.]){0,3})|(?P<title>[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){0,2}))` +
	`(?:, [A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,2})?` +
	`(?P<date>, (?:` + monthRE + `\.? \d{1,2}|\d{1,2} ` + monthRE + `\.?)(?:,? \d{4})?)?` +
	`(?P<agency> ?\([A-Z][A-Za-z.&'’\-]*(?: [A-Z][A-Za-z.&'’\-]*){0,3}\))?` +
	`(?: ?(?:--|—|–|―) ?| - )`)

// agencyOnlyRE is a dateline that is only the agency: "(CNN) —".
var agencyOnlyRE = regexp.MustCompile(`^\([A-Z][A-Za-z.&\-]{1,20}\)(?: ?(?:--|—|–|―) ?| - )`)

const monthRE = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

// notPlaces are words in capitals that open a line with a dash without
// being a dateline ("BREAKING —", "UPDATE -").
var notPlaces = map[string]bool{"BREAKING": true, "UPDATE": true, "UPDATED": true, "EXCLUSIVE": true, "ANALYSIS": true,
	"OPINION": true, "WATCH": true, "LIVE": true, "VIDEO": true, "PHOTOS": true, "CORRECTED": true, "CORRECTION": true,
	"URGENT": true, "FLASH": true, "ALERT": true, "NEWS": true, "EDITORIAL": true, "FACTBOX": true, "EXPLAINER": true,
	"INTERVIEW": true, "COMMENTARY": true, "REVIEW": true, "NOTE": true, "WARNING": true}

// datelineEnd returns the end of a dateline opening src[start:end] and
// where the sentence after it starts, or (start, start) when there is
// none. A place in capitals with only a dash ("BEIRUT —") counts only at
// the start of an article (first is true); a place in title case needs a
// date or an agency ("Pyongyang, August 22 (KCNA) --"), since "Moscow -
// " could be a heading.
func datelineEnd(src string, start, end int, first bool) (dlEnd, next int) {
	lim := min(end, start+160)
	s := src[start:lim]
	if m := agencyOnlyRE.FindStringIndex(s); m != nil {
		return start + trimDash(s[:m[1]]), skipSpace(src, start+m[1], end)
	}
	m := datelineRE.FindStringSubmatchIndex(s)
	if m == nil {
		return start, start
	}
	group := func(name string) string {
		i := datelineRE.SubexpIndex(name)
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	caps, date, agency := group("caps"), group("date"), group("agency")
	switch {
	case date != "" || agency != "":
	case caps != "" && first:
		if notPlaces[strings.Fields(caps)[0]] {
			return start, start
		}
	default:
		return start, start
	}
	next = skipSpace(src, start+m[1], end)
	// The story must follow: a capital letter, a digit or a quote, not the
	// rest of a line in capitals ("ISRAEL — HAMAS WAR: ...").
	if next >= end {
		return start, start
	}
	rest := src[next:min(end, next+24)]
	r, _ := decodeAt(rest, 0)
	if !isUpper(r) && !isDigit(rest[0]) && r != '"' && r != '“' && r != '\'' && r != '‘' {
		return start, start
	}
	if caps != "" && date == "" && agency == "" && isAllUpper(firstWords(rest, 2)) {
		return start, start
	}
	return start + trimDash(s[:m[1]]), next
}

// trimDash returns the length of d without trailing spaces.
func trimDash(d string) int { return len(strings.TrimRight(d, " ")) }

func skipSpace(src string, i, end int) int {
	for i < end {
		r, n := decodeAt(src, i)
		if !isSpace(r) {
			break
		}
		i += n
	}
	return i
}

// firstWords returns the first n space-separated words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}
