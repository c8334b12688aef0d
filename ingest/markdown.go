package ingest

import (
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// frontMatter is what a YAML header (--- ... ---) may say about an article.
type frontMatter struct {
	title, source, url, lang string
	byline                   string // author: or byline:
	date                     time.Time
}

// splitFrontMatter separates a leading YAML front matter block from the
// body. Text without one, or whose block is not YAML, is returned whole.
func splitFrontMatter(s string) (frontMatter, string) {
	var fm frontMatter
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return fm, s
	}
	end := -1
	for _, sep := range []string{"\n---\n", "\n...\n"} {
		if i := strings.Index(rest, sep); i >= 0 && (end < 0 || i < end) {
			end = i
		}
	}
	var block, body string
	switch {
	case end >= 0:
		block, body = rest[:end], rest[end+5:]
	case strings.HasSuffix(rest, "\n---") || strings.HasSuffix(rest, "\n..."):
		block, body = rest[:len(rest)-4], ""
	default:
		return fm, s
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(block), &m); err != nil || m == nil {
		return fm, s // a horizontal rule, not front matter
	}
	get := func(keys ...string) any {
		for _, k := range keys {
			for mk, v := range m {
				if strings.EqualFold(mk, k) && v != nil {
					return v
				}
			}
		}
		return nil
	}
	str := func(keys ...string) string {
		switch v := get(keys...).(type) {
		case string:
			return strings.TrimSpace(v)
		case time.Time:
			return v.Format(time.RFC3339)
		}
		return ""
	}
	fm.title = str("title", "headline")
	fm.source = str("source", "site", "publisher")
	fm.url = str("url", "link", "source_url")
	fm.lang = str("lang", "language")
	fm.byline = str("byline", "author")
	switch v := get("date", "published", "pubdate", "publishdate", "published_at").(type) {
	case time.Time:
		fm.date = v
	case string:
		if t, ok := ParseDate(v); ok {
			fm.date = t
		}
	}
	return fm, body
}

var (
	mdImage     = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdRefLink   = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdLinkDef   = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s+\S+`)
	mdAutoLink  = regexp.MustCompile(`<(https?://[^>]+)>`)
	mdStrong    = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmph      = regexp.MustCompile(`(^|[\s(])[*_](\S(?:[^*_]*?\S)?)[*_]([\s).,;:!?]|$)`)
	mdCode      = regexp.MustCompile("`([^`]+)`")
	mdList      = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s+`)
	mdHeading   = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdRule      = regexp.MustCompile(`^\s{0,3}([-*_])(\s*[-*_]){2,}\s*$`)
	mdSetextH1  = regexp.MustCompile(`^\s{0,3}=+\s*$`)
	mdSetextH2  = regexp.MustCompile(`^\s{0,3}-+\s*$`)
	mdHTMLTag   = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdQuoteMark = regexp.MustCompile(`^\s{0,3}>\s?`)
)

// markdownText turns Markdown into plain text: markup removed, one paragraph
// per block separated by blank lines, hard-wrapped lines of a paragraph
// joined. The first level-1 heading, when it opens the document, is returned
// as the title and left out of the text.
func markdownText(s string) (text, title string) {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	lines := strings.Split(s, "\n")
	inFence := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		trim := strings.TrimSpace(l)
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			flush()
			inFence = !inFence
			continue
		}
		if inFence {
			if trim != "" {
				paras = append(paras, trim)
			}
			continue
		}
		if trim == "" || mdRule.MatchString(l) && len(cur) == 0 {
			flush()
			continue
		}
		if mdLinkDef.MatchString(l) {
			continue
		}
		// Setext headings: a line underlined with === or ---.
		if i+1 < len(lines) && len(cur) == 0 && (mdSetextH1.MatchString(lines[i+1]) || mdSetextH2.MatchString(lines[i+1])) && strings.TrimSpace(lines[i+1]) != "" {
			h := inlineMarkdown(trim)
			if mdSetextH1.MatchString(lines[i+1]) && title == "" && len(paras) == 0 {
				title = h
			} else {
				paras = append(paras, h)
			}
			i++
			continue
		}
		if m := mdHeading.FindStringSubmatch(l); m != nil {
			flush()
			h := inlineMarkdown(m[2])
			if m[1] == "#" && title == "" && len(paras) == 0 {
				title = h
			} else if h != "" {
				paras = append(paras, h)
			}
			continue
		}
		for mdQuoteMark.MatchString(l) {
			l = mdQuoteMark.ReplaceAllString(l, "")
		}
		if mdList.MatchString(l) {
			flush() // each list item is its own paragraph
			l = mdList.ReplaceAllString(l, "")
		}
		if t := inlineMarkdown(strings.TrimSpace(l)); t != "" {
			cur = append(cur, t)
		}
	}
	flush()
	return strings.Join(paras, "\n\n"), title
}

// inlineMarkdown removes inline markup: images, links (keeping their text),
// emphasis, code spans and stray HTML tags.
func inlineMarkdown(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = mdAutoLink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdStrong.ReplaceAllString(s, "$2")
	s = mdEmph.ReplaceAllString(s, "$1$2$3")
	s = mdHTMLTag.ReplaceAllString(s, "")
	s = strings.TrimRight(s, " \\") // hard line break markers
	return strings.Join(strings.Fields(s), " ")
}
