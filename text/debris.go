package text

import (
	_ "embed"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed debris.txt
var debrisData string

type debrisRule struct {
	kind    string
	re      *regexp.Regexp
	heading bool // marks the teaser lines that follow it too
	// A cheap test before the regular expression (third column of
	// debris.txt): the lower-cased line must contain one of needs, or end
	// with one of ends, and be at most maxLen bytes long.
	needs, ends []string
	maxLen      int
	// first holds the ASCII bytes a match can start with, computed from
	// the expression; anyFirst when it cannot tell (non-ASCII, optional
	// start). Most body lines fail here without running the expression.
	first    [128]bool
	anyFirst bool
}

// canStart reports whether a match can start with the line's first byte.
func (r *debrisRule) canStart(line string) bool {
	return r.anyFirst || line == "" || line[0] >= 0x80 || r.first[line[0]]
}

// firstBytes computes which ASCII bytes can begin a match of re (a
// non-ASCII start is always let through by canStart). It returns all (no
// constraint) when any character may begin a match.
func firstBytes(re *syntax.Regexp, set *[128]bool) (all, nullable bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return false, true
	case syntax.OpNoMatch:
		return false, false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return false, true
		}
		r := re.Rune[0]
		if r >= 0x80 {
			return false, false // canStart lets every non-ASCII start through
		}
		set[r] = true
		if re.Flags&syntax.FoldCase != 0 {
			set[unicode.SimpleFold(r)&0x7F] = true
			if u := unicode.ToUpper(r); u < 0x80 {
				set[u] = true
			}
			if l := unicode.ToLower(r); l < 0x80 {
				set[l] = true
			}
		}
		return false, false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], min(re.Rune[i+1], 0x7F)
			for c := lo; c <= hi; c++ {
				set[c] = true
			}
		}
		return false, false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true, false
	case syntax.OpCapture:
		return firstBytes(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		all, _ := firstBytes(re.Sub[0], set)
		return all, true
	case syntax.OpPlus:
		return firstBytes(re.Sub[0], set)
	case syntax.OpRepeat:
		all, nullable := firstBytes(re.Sub[0], set)
		return all, nullable || re.Min == 0
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			all, nullable := firstBytes(sub, set)
			if all {
				return true, false
			}
			if !nullable {
				return false, false
			}
		}
		return false, true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			all, n := firstBytes(sub, set)
			if all {
				return true, false
			}
			nullable = nullable || n
		}
		return false, nullable
	}
	return true, false
}

// prefilter reports whether the rule can match the line at all.
func (r *debrisRule) prefilter(lowerLine string) bool {
	if r.maxLen > 0 && len(lowerLine) > r.maxLen {
		return false
	}
	if len(r.needs) == 0 && len(r.ends) == 0 {
		return true
	}
	for _, n := range r.needs {
		if strings.Contains(lowerLine, n) {
			return true
		}
	}
	if len(r.ends) > 0 {
		tail := strings.TrimRight(lowerLine, ").\"' ")
		for _, e := range r.ends {
			if strings.HasSuffix(tail, e) {
				return true
			}
		}
	}
	return false
}

var debrisRules, keepRules = mustDebrisRules(debrisData)

func mustDebrisRules(data string) (rules, keep []debrisRule) {
	rules, keep, err := parseDebrisRules(data)
	if err != nil {
		panic(err) // the embedded file is part of the source code
	}
	return rules, keep
}

func parseDebrisRules(data string) (rules, keep []debrisRule, err error) {
	for n, line := range strings.Split(data, "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		kind, expr := cols[0], ""
		if len(cols) > 1 {
			expr = strings.TrimSpace(cols[1])
		}
		if len(cols) > 3 || kind == "" || expr == "" {
			return nil, nil, fmt.Errorf("text: debris.txt line %d: want KIND<tab>REGEXP[<tab>PREFILTER]", n+1)
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, nil, fmt.Errorf("text: debris.txt line %d: %w", n+1, err)
		}
		r := debrisRule{kind: kind, re: re}
		if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
			all, nullable := firstBytes(tree.Simplify(), &r.first)
			r.anyFirst = all || nullable
		} else {
			r.anyFirst = true
		}
		if len(cols) == 3 {
			if err := r.parsePrefilter(cols[2]); err != nil {
				return nil, nil, fmt.Errorf("text: debris.txt line %d: %w", n+1, err)
			}
		}
		if k, ok := strings.CutSuffix(kind, "+"); ok {
			r.kind, r.heading = k, true
		}
		if r.kind == "keep" {
			keep = append(keep, r)
		} else {
			rules = append(rules, r)
		}
	}
	return rules, keep, nil
}

// parsePrefilter reads "needs:a|b ends:c|d maxlen:60" (any of the three).
func (r *debrisRule) parsePrefilter(spec string) error {
	for _, f := range strings.Fields(spec) {
		key, val, ok := strings.Cut(f, ":")
		if !ok || val == "" {
			return fmt.Errorf("prefilter %q: want needs:a|b, ends:a|b or maxlen:N", f)
		}
		words := strings.Split(strings.ReplaceAll(val, "_", " "), "|")
		switch key {
		case "needs":
			r.needs = append(r.needs, words...)
		case "ends":
			r.ends = append(r.ends, words...)
		case "maxlen":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return fmt.Errorf("prefilter %q: maxlen wants a positive number", f)
			}
			r.maxLen = n
		default:
			return fmt.Errorf("prefilter %q: unknown key %q (needs, ends, maxlen)", f, key)
		}
	}
	return nil
}

// maxDebrisLine is the longest line that can be debris: a teaser headline
// or a caption, never a paragraph. It also spares the rules the long lines
// of the body.
const maxDebrisLine = 250

// foldLine normalises a line for the debris rules: entities decoded, curly
// quotes straight, dashes ASCII, runs of spaces one space.
func foldLine(s string) string {
	s = normalize(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// titleKey folds a title-like line for comparison: case, quotes, spacing
// and a final full stop do not matter.
func titleKey(s string) string {
	k := strings.ToLower(foldLine(s))
	return strings.TrimRight(k, ". ")
}

// matchDebris returns the kind of debris line s is, or "".
func matchDebris(folded string) (kind string, heading bool) {
	if folded == "" || len(folded) > maxDebrisLine {
		return "", false
	}
	low := strings.ToLower(folded)
	for i := range keepRules {
		if r := &keepRules[i]; r.canStart(folded) && r.prefilter(low) && r.re.MatchString(folded) {
			return "", false
		}
	}
	for i := range debrisRules {
		if r := &debrisRules[i]; r.canStart(folded) && r.prefilter(low) && r.re.MatchString(folded) {
			return r.kind, r.heading
		}
	}
	return "", false
}

// headlineLike reports whether a folded line reads like a headline: short,
// several words, no full stop at the end.
func headlineLike(folded string) bool {
	if len(folded) > 250 || strings.IndexByte(folded, ' ') < 0 {
		return false
	}
	t := strings.TrimRight(folded, `"')]`)
	return t != "" && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, ":") && !strings.HasSuffix(t, ";") && !strings.HasSuffix(t, ",")
}

// siteTail reports whether rest (what follows a title on a caption line)
// is a separator and a short name: ", Defense Express", " | Reuters".
func siteTail(rest, siteKey string) bool {
	rest = strings.TrimSpace(rest)
	sep := false
	for _, p := range []string{",", "|", "--", "-", ":", "/", "·", "•"} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			rest, sep = strings.TrimSpace(r), true
			break
		}
	}
	if !sep || rest == "" {
		return false
	}
	if siteKey != "" && strings.TrimRight(rest, ". ") == siteKey {
		return true
	}
	return utf8.RuneCountInString(rest) <= 60 && len(strings.Fields(rest)) <= 6 && !strings.ContainsAny(rest, ".!?") || strings.HasSuffix(rest, ".com")
}

// titleKeys returns the keys a known title may appear under: as given,
// and without a trailing " | Site" or " - Site" that HTML titles carry.
func titleKeys(title, site string) []string {
	k := titleKey(title)
	if k == "" {
		return nil
	}
	keys := []string{k}
	siteKey := titleKey(site)
	for _, sep := range []string{" | ", " - ", " -- ", " :: ", " · ", " — "} {
		if i := strings.LastIndex(k, sep); i > 0 {
			tail := k[i+len(sep):]
			if tail == siteKey || len(strings.Fields(tail)) <= 4 {
				keys = append(keys, strings.TrimSpace(k[:i]))
			}
		}
	}
	return keys
}

// removeDebris classifies the blocks of a web text, records debris and the
// title in doc and returns the body blocks.
func removeDebris(src string, bs []block, opts Options, doc *Document) []block {
	body := bs[:0:0]
	keys := titleKeys(opts.Title, opts.Site)
	siteKey := titleKey(opts.Site)
	titleFound := false
	seenContent := false
	teaserKind := "" // set after a "Related"/"Read more" heading
	bylineKey := strings.TrimPrefix(titleKey(opts.Byline), "by ")
	// Headline-like lines printed three times or more (gallery captions,
	// "Weather threatens holiday plans" under every slide) are page
	// furniture.
	folds := make([]string, len(bs))
	counts := map[string]int{}
	for i, b := range bs {
		folds[i] = foldLine(src[b.start:b.end])
		if headlineLike(folds[i]) || len(folds[i]) < 60 {
			counts[strings.ToLower(folds[i])]++
		}
	}
	for i, b := range bs {
		text := src[b.start:b.end]
		folded := folds[i]
		kind, heading := b.debris, b.heading
		if !b.checked {
			kind, heading = matchDebris(folded)
		}
		if kind == "" && teaserKind != "" {
			if headlineLike(folded) {
				kind = teaserKind
			} else {
				teaserKind = ""
			}
		}
		if kind == "" {
			kind = titleDebris(folded, &keys, siteKey, titleFound, seenContent)
			if kind == "title" {
				titleFound = true
				doc.Title = stripSite(strings.TrimSpace(text), siteKey)
			}
		}
		if kind == "" && bylineKey != "" {
			if k := strings.TrimPrefix(titleKey(folded), "by "); k == bylineKey {
				kind = "byline" // the page's author line, as its metadata names it
			}
		}
		if kind == "" && counts[strings.ToLower(folded)] >= 3 {
			kind = "repeated"
		}
		if kind == "" {
			seenContent = true
			teaserKind = ""
			body = append(body, b)
			continue
		}
		if heading {
			teaserKind = kind
		}
		doc.Debris = append(doc.Debris, Debris{Start: b.start, End: b.end, Kind: kind, Text: text})
	}
	return body
}

// stripSite removes a trailing " - Site" or " | Site" from a title line.
func stripSite(title, siteKey string) string {
	if siteKey == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if i := strings.LastIndex(title, sep); i > 0 && titleKey(title[i+len(sep):]) == siteKey {
			return strings.TrimSpace(title[:i])
		}
	}
	return title
}

// titleDebris recognises the title line, its repetitions and captions that
// repeat it followed by a site name. keys holds the known title keys; the
// first headline-like line of the text becomes the title when none is
// known.
func titleDebris(folded string, keys *[]string, siteKey string, titleFound, seenContent bool) string {
	k := strings.ToLower(strings.TrimRight(folded, ". "))
	if siteKey != "" && k == siteKey {
		return "site"
	}
	if len(*keys) == 0 {
		if !seenContent && headlineLike(folded) {
			*keys = []string{k}
			return "title"
		}
		return ""
	}
	for _, tk := range *keys {
		if k == tk {
			if !titleFound {
				// Remember the form the page prints, for later repeats.
				*keys = append(*keys, k)
				return "title"
			}
			return "repeated-title"
		}
		if rest, ok := strings.CutPrefix(k, tk); ok && siteTail(rest, siteKey) {
			return "caption"
		}
	}
	return ""
}
