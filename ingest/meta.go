package ingest

import (
	"encoding/json"
	nurl "net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page says about itself outside its main text.
type pageMeta struct {
	title, site, byline, description, lang, canonical string
	ogTitle, ldTitle                                  string
	published                                         time.Time
	dateFrom                                          string
}

// dateMetaKeys are <meta> names, properties and itemprops that carry the
// publication date, in order of trust. Modification dates are never used:
// a correction does not move the events of the story.
var dateMetaKeys = []string{
	"article:published_time", "og:article:published_time", "og:published_time",
	"datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
	"article.published", "parsely-pub-date", "sailthru.date", "dc.date.issued",
	"dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "dc.date.created",
	"citation_publication_date", "original-publish-date", "date", "article_date_original",
	"cxenseparse:recs:publishtime", "published_time", "release_date",
}

// readMeta collects title, site, byline, language, canonical URL and
// publication date from <head> meta tags, itemprops, <time pubdate> and
// JSON-LD. It does not change doc.
func readMeta(doc *html.Node, base *nurl.URL) pageMeta {
	metas := map[string]string{}
	var m pageMeta
	var ldDate, ldTitle, ldSite, ldAuthor, ldLang string
	var titleTag, timePub string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if l := attr(n, "lang"); l != "" {
					m.lang = l
				}
			case atom.Title:
				if titleTag == "" && n.FirstChild != nil {
					titleTag = n.FirstChild.Data
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				if v := strings.TrimSpace(attr(n, "content")); key != "" && v != "" {
					if _, seen := metas[key]; !seen {
						metas[key] = v
					}
				}
				if strings.EqualFold(attr(n, "http-equiv"), "content-language") && m.lang == "" {
					m.lang = attr(n, "content")
				}
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				if rel == "canonical" && m.canonical == "" {
					m.canonical = resolve(base, attr(n, "href"))
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					var v any
					if json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
						ld := findLDArticle(v, 0)
						if ld != nil {
							ldDate = firstNonEmpty(ldDate, ldString(ld["datePublished"]), ldString(ld["dateCreated"]))
							ldTitle = firstNonEmpty(ldTitle, ldString(ld["headline"]), ldString(ld["name"]))
							ldSite = firstNonEmpty(ldSite, ldName(ld["publisher"]))
							ldAuthor = firstNonEmpty(ldAuthor, ldName(ld["author"]))
							ldLang = firstNonEmpty(ldLang, ldString(ld["inLanguage"]))
						}
					}
				}
				return
			case atom.Time:
				if timePub == "" && (hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished")) {
					timePub = attr(n, "datetime")
				}
			default:
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
					if v := firstNonEmpty(attr(n, "content"), attr(n, "datetime")); v != "" {
						if _, seen := metas["datepublished"]; !seen {
							metas["datepublished"] = v
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	if t, ok := ParseDate(metas["article:published_time"]); ok {
		m.published, m.dateFrom = t, "meta"
	} else if t, ok := ParseDate(ldDate); ok {
		m.published, m.dateFrom = t, "json-ld"
	} else {
		for _, k := range dateMetaKeys {
			if t, ok := ParseDate(metas[k]); ok {
				m.published, m.dateFrom = t, "meta"
				break
			}
		}
		if m.published.IsZero() {
			if t, ok := ParseDate(timePub); ok {
				m.published, m.dateFrom = t, "meta"
			}
		}
	}
	m.ogTitle = strings.TrimSpace(firstNonEmpty(metas["og:title"], metas["twitter:title"]))
	m.ldTitle = strings.TrimSpace(ldTitle)
	m.title = strings.TrimSpace(titleTag)
	m.site = strings.TrimSpace(firstNonEmpty(metas["og:site_name"], ldSite, metas["application-name"]))
	m.byline = strings.TrimSpace(firstNonEmpty(metas["author"], ldAuthor, metas["article:author"], metas["byl"]))
	if strings.HasPrefix(m.byline, "http") { // article:author is often a profile URL
		m.byline = ""
	}
	m.description = strings.TrimSpace(firstNonEmpty(metas["description"], metas["og:description"]))
	if m.lang == "" {
		m.lang = firstNonEmpty(ldLang, metas["og:locale"], metas["language"])
	}
	if m.canonical == "" && metas["og:url"] != "" {
		m.canonical = resolve(base, metas["og:url"])
	}
	return m
}

// findLDArticle finds the JSON-LD object describing the article: a node whose
// @type names an article or posting, searched through arrays and @graph.
func findLDArticle(v any, depth int) map[string]any {
	if depth > 6 {
		return nil
	}
	switch x := v.(type) {
	case []any:
		var fallback map[string]any
		for _, e := range x {
			if o := findLDArticle(e, depth+1); o != nil {
				if isLDArticle(o) {
					return o
				}
				if fallback == nil {
					fallback = o
				}
			}
		}
		return fallback
	case map[string]any:
		if isLDArticle(x) {
			return x
		}
		if g, ok := x["@graph"]; ok {
			if o := findLDArticle(g, depth+1); o != nil {
				return o
			}
		}
		if mainEntity, ok := x["mainEntity"]; ok {
			if o := findLDArticle(mainEntity, depth+1); o != nil && isLDArticle(o) {
				return o
			}
		}
		if _, ok := x["datePublished"]; ok {
			return x
		}
	}
	return nil
}

func isLDArticle(o map[string]any) bool {
	for _, t := range ldStrings(o["@type"]) {
		if strings.Contains(t, "Article") || strings.Contains(t, "Posting") || t == "Report" {
			return true
		}
	}
	return false
}

func ldStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func ldString(v any) string {
	if s := ldStrings(v); len(s) > 0 {
		return strings.TrimSpace(s[0])
	}
	return ""
}

// ldName reads the name of a JSON-LD person or organisation (or a list of them).
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return ldString(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// resolve makes ref absolute against base; with no base it returns ref when
// already absolute and "" otherwise.
func resolve(base *nurl.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := nurl.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}
