package ingest

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"strings"
	"time"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Page is what ExtractHTML finds in a web page.
type Page struct {
	Title string
	// Text is the main text: one paragraph per block, paragraphs separated
	// by a blank line. Page debris inside the main text (teasers, captions,
	// bylines) is kept: the text package recognises it (text.Options.Web),
	// so offsets stay true to what the page printed.
	Text        string
	Site        string // og:site_name or the publisher's name
	Byline      string
	Description string
	Lang        string // ISO 639-1: detected from the text, else the page's lang attribute
	// URL is the page's own idea of its address (<link rel=canonical>, og:url),
	// resolved against the URL it was fetched from.
	URL       string
	Published time.Time // zero when the page gives no date
	// DateFrom says where Published came from: "meta", "json-ld", "url" or "".
	DateFrom string
}

// ExtractHTML extracts the main text and metadata of an HTML page. pageURL
// (may be empty) resolves relative links and is a last source of the date.
// The bytes may be in any encoding the page declares (BOM, <meta charset>,
// or the Content-Type header passed as contentType); undeclared legacy
// encodings are repaired as in toUTF8.
func ExtractHTML(content []byte, pageURL, contentType string) (*Page, error) {
	s, err := decodeHTML(content, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, fmt.Errorf("parsing HTML: %w", err)
	}
	var base *nurl.URL
	if pageURL != "" {
		if u, err := nurl.Parse(pageURL); err == nil && u.IsAbs() {
			base = u
		}
	}
	p := &Page{}
	m := readMeta(doc, base)
	p.Site, p.Byline, p.Description, p.URL = m.site, m.byline, m.description, m.canonical
	p.Published, p.DateFrom = m.published, m.dateFrom

	mt := defaultEngine.extract(doc, base)
	p.Text = mt.text
	p.Byline = firstNonEmpty(p.Byline, mt.byline)
	p.Site = firstNonEmpty(p.Site, mt.site)
	// og:title is the headline as the publisher wants it shared: cleaner than
	// <title> (which carries the site name) and than JSON-LD's headline
	// (often shortened for search engines).
	p.Title = firstNonEmpty(m.ogTitle, m.ldTitle, mt.title, m.title)
	p.Title = strings.Join(strings.Fields(p.Title), " ")
	p.Text = dropLeadingTitle(p.Text, p.Title)
	if p.Published.IsZero() {
		u := p.URL
		if u == "" {
			u = pageURL
		}
		if t, ok := DateFromURL(u); ok {
			p.Published, p.DateFrom = t, "url"
		}
	}
	p.Lang = detectLang(p.Text, m.lang)
	if strings.TrimSpace(p.Text) == "" {
		return p, fmt.Errorf("%w: the page has no main text that could be extracted", ErrEmpty)
	}
	return p, nil
}

// decodeHTML returns the page as UTF-8. A BOM, the Content-Type header or a
// <meta charset> decide when present; otherwise the bytes are repaired as
// plain text would be.
func decodeHTML(b []byte, contentType string) (string, error) {
	if len(b) > 0 {
		if enc, name, certain := charset.DetermineEncoding(b, contentType); certain && name != "utf-8" {
			out, err := enc.NewDecoder().Bytes(b)
			if err != nil {
				return "", fmt.Errorf("decoding %s page: %w", name, err)
			}
			return string(out), nil
		}
	}
	return toUTF8(b)
}

// dropLeadingTitle removes the first paragraph when it repeats the title:
// the title is kept apart, in Article.Title.
func dropLeadingTitle(text, title string) string {
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if strings.EqualFold(strings.Join(strings.Fields(first), " "), title) {
		return rest
	}
	return text
}

// langSample is how much of a text the language is guessed from. whatlanggo
// is sure of a language from a paragraph or two, but on longer samples its
// confidence can turn negative (4,000 bytes of plain English from the
// demo corpus, three English pages of ../shared/corpus/html): the guess is
// then "unreliable" and the language was lost. 2,000 bytes is reliable on
// all of them, and half the work.
const langSample = 2000

func detectLang(text, declared string) string {
	sample := text
	if len(sample) > langSample {
		sample = sample[:langSample]
		for len(sample) > 0 && !isRuneStart(sample[len(sample)-1]) {
			sample = sample[:len(sample)-1]
		}
	}
	if strings.TrimSpace(sample) != "" {
		info := whatlanggo.Detect(sample)
		if info.IsReliable() {
			if code := info.Lang.Iso6391(); code != "" {
				return code
			}
		}
	}
	declared = strings.ToLower(strings.TrimSpace(declared))
	if i := strings.IndexAny(declared, "-_"); i >= 0 {
		declared = declared[:i]
	}
	if len(declared) == 2 {
		return declared
	}
	return ""
}

func isRuneStart(b byte) bool { return b < 0x80 || b >= 0xC0 }

// skipTags never hold article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Head: true,
	atom.Input: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
}

// blockTags end a paragraph before and after them.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Main: true, atom.Aside: true,
	atom.Nav: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Thead: true,
	atom.Tbody: true, atom.Tfoot: true, atom.Caption: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Form: true, atom.Fieldset: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Body: true,
	atom.Html: true, atom.Center: true, atom.Picture: true,
}

// nodeText renders the text of n with one paragraph per block element,
// paragraphs separated by a blank line, white space inside a paragraph
// collapsed and <br> kept as a line break.
func nodeText(n *html.Node) string {
	w := &textWriter{}
	w.walk(n)
	w.flush()
	return strings.Join(w.paras, "\n\n")
}

type textWriter struct {
	paras []string
	cur   bytes.Buffer
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipTags[n.DataAtom] {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			w.cur.WriteByte('\n')
			return
		case atom.Td, atom.Th:
			w.cur.WriteByte(' ')
		case atom.Img:
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

func (w *textWriter) flush() {
	if w.cur.Len() == 0 {
		return
	}
	var lines []string
	for _, l := range strings.Split(w.cur.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	w.cur.Reset()
	if len(lines) > 0 {
		w.paras = append(w.paras, strings.Join(lines, "\n"))
	}
}
