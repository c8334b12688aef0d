package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	nurl "net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrFeed reports a feed that cannot be parsed.
var ErrFeed = errors.New("not a readable feed")

// Feed is a parsed RSS (0.9x, 1.0, 2.0), Atom or JSON Feed document.
type Feed struct {
	URL   string `json:"url"` // where it was read from
	Title string `json:"title,omitempty"`
	Link  string `json:"link,omitempty"` // the site's home page
	Items []FeedItem
}

// FeedItem is one entry of a feed, with links made absolute and HTML
// descriptions turned into text.
type FeedItem struct {
	// Key identifies the item within its feed across fetches: its GUID,
	// else its canonical link, else a hash of title and description.
	Key         string    `json:"key"`
	Title       string    `json:"title,omitempty"`
	Link        string    `json:"link,omitempty"`
	Description string    `json:"description,omitempty"` // plain text
	Content     string    `json:"content,omitempty"`     // plain text of the full content, when the feed carries it
	Published   time.Time `json:"published,omitzero"`    // zero when the item has no date
	Author      string    `json:"author,omitempty"`
	Categories  []string  `json:"categories,omitempty"`
}

var xmlEncodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=`)

// ParseFeed parses a feed document. feedURL (may be empty) resolves
// relative links. Feeds in a declared encoding are decoded; a feed in a
// legacy encoding with no declaration (ISO-8859-1 served without
// <?xml encoding?>) is repaired as text would be.
func ParseFeed(b []byte, feedURL string) (*Feed, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrFeed)
	}
	if !utf8.Valid(b) && !xmlEncodingDecl.Match(b[:min(len(b), 200)]) {
		s, err := toUTF8(b)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrFeed, err)
		}
		b = []byte(s)
	}
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: only white space", ErrFeed)
	}
	if trimmed[0] == '{' && !bytes.Contains(trimmed[:min(len(trimmed), 4096)], []byte("jsonfeed.org")) {
		return nil, fmt.Errorf("%w: JSON without a jsonfeed.org version", ErrFeed)
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("%w: neither RSS, Atom nor JSON Feed", ErrFeed)
		}
		return nil, fmt.Errorf("%w: %v", ErrFeed, err)
	}
	f := &Feed{URL: feedURL, Title: cleanText(parsed.Title)}
	base, _ := nurl.Parse(feedURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	f.Link = resolve(base, parsed.Link)
	if base == nil && f.Link != "" {
		base, _ = nurl.Parse(f.Link) // relative item links against the site
	} else if base == nil && parsed.FeedLink != "" {
		base, _ = nurl.Parse(parsed.FeedLink)
	}
	if base != nil && !base.IsAbs() {
		base = nil
	}
	seen := map[string]bool{}
	for _, it := range parsed.Items {
		if it == nil {
			continue
		}
		item := FeedItem{
			Title:       cleanText(it.Title),
			Description: htmlText(it.Description),
			Content:     htmlText(it.Content),
			Categories:  it.Categories,
		}
		item.Link = resolve(base, it.Link)
		if item.Link == "" {
			for _, l := range it.Links {
				if item.Link = resolve(base, l); item.Link != "" {
					break
				}
			}
		}
		if item.Link == "" && isPermalink(it.GUID) {
			item.Link = it.GUID
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			// Atom's updated is the only date some feeds give; better
			// than none for an item seen when it appears.
			item.Published = *it.UpdatedParsed
		case it.DublinCoreExt != nil && len(it.DublinCoreExt.Date) > 0:
			if t, ok := ParseDate(it.DublinCoreExt.Date[0]); ok {
				item.Published = t
			}
		}
		if item.Published.Year() < 1800 || item.Published.Year() > 2200 {
			item.Published = time.Time{}
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = it.Authors[0].Name
		}
		item.Key = itemKey(it.GUID, item)
		if item.Key == "" || seen[item.Key] {
			continue // empty, or repeated within the feed
		}
		seen[item.Key] = true
		f.Items = append(f.Items, item)
	}
	return f, nil
}

func isPermalink(guid string) bool {
	u, err := nurl.Parse(guid)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// itemKey names an item stably: GUID, else canonical link, else a hash of
// its title and description. Items with none of them are dropped.
func itemKey(guid string, it FeedItem) string {
	if g := strings.TrimSpace(guid); g != "" {
		return g
	}
	if it.Link != "" {
		return CanonicalURL(it.Link)
	}
	if it.Title == "" && it.Description == "" {
		return ""
	}
	h := sha256.Sum256([]byte(it.Title + "\x00" + it.Description))
	return "sha256:" + hex.EncodeToString(h[:12])
}

// cleanText collapses white space and decodes entities left in plain fields.
func cleanText(s string) string {
	if strings.ContainsAny(s, "<&") {
		return htmlText(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// htmlText renders an HTML fragment (a feed description) as plain text with
// paragraphs separated by blank lines.
func htmlText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return strings.Join(strings.Fields(s), " ")
	}
	w := &textWriter{}
	for _, n := range nodes {
		w.walk(n)
	}
	w.flush()
	return strings.Join(w.paras, "\n\n")
}
