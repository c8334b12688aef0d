package text

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

//go:embed debris.txt
var debrisData string

type debrisRule struct {
	kind    string
	re      *regexp.Regexp
	heading bool // marks the teaser lines that follow it too
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
		kind, expr, ok := strings.Cut(line, "\t")
		if !ok || kind == "" || strings.TrimSpace(expr) == "" {
			return nil, nil, fmt.Errorf("text: debris.txt line %d: want KIND<tab>REGEXP", n+1)
		}
		re, err := regexp.Compile(strings.TrimSpace(expr))
		if err != nil {
			return nil, nil, fmt.Errorf("text: debris.txt line %d: %w", n+1, err)
		}
		r := debrisRule{kind: kind, re: re}
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
	for _, r := range keepRules {
		if r.re.MatchString(folded) {
			return "", false
		}
	}
	for _, r := range debrisRules {
		if r.re.MatchString(folded) {
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
	for _, b := range bs {
		text := src[b.start:b.end]
		folded := foldLine(text)
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
