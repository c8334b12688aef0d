package ingest

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	vigil "github.com/vigil-ews/vigil"
)

// Format is the kind of a file's content.
type Format string

const (
	FormatAuto     Format = ""         // decide from the name, then the content
	FormatText     Format = "text"     // plain text, paragraphs separated by blank lines
	FormatMarkdown Format = "markdown" // Markdown, optionally with YAML front matter
	FormatHTML     Format = "html"     // a saved web page
)

// FileOptions says how to read a file or stream into an article.
type FileOptions struct {
	// Date, when set (--date), is the publication date; it wins over front
	// matter and page metadata.
	Date time.Time
	// MaxSize caps the bytes read (DefaultMaxSize when 0).
	MaxSize int64
	// Format forces a format; FormatAuto decides from the extension, then
	// from the content.
	Format Format
	// URL is where the content came from, if known: it resolves relative
	// links, gives a date when the path holds one, and becomes Article.URL.
	URL string
	// ContentType is the HTTP Content-Type the content was served with, if any.
	ContentType string
}

// ReadFile reads one file into an article (see ReadArticle). Errors name
// the file.
func ReadFile(path string, opt FileOptions) (*vigil.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory: read it with ReadDir (or give its files)", path)
	}
	max := opt.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	if st.Mode().IsRegular() && st.Size() > max {
		return nil, fmt.Errorf("%s: %w of %d bytes: it has %d (raise it with --max-size)", path, ErrTooLarge, max, st.Size())
	}
	return ReadArticle(f, path, opt)
}

// ReadArticle reads plain text, Markdown or a saved HTML page from r into an
// article. name (a file name, "-" or a URL) chooses the format by extension
// when opt.Format is FormatAuto, and names the input in errors.
//
// The article's Text is the body: for HTML the extracted main text with
// paragraphs separated by blank lines, for Markdown the text without markup
// and front matter. The title is kept apart in Title. The publication date
// comes from opt.Date, else front matter (date:), else page metadata or
// the URL, else the article is undated: a file's modification time or
// today's date is never used. Web is set for HTML, and for plain text that
// LooksLikePageText, so the coder applies page-debris rules.
//
// Inputs that are not text (NUL bytes, PDF, images, archives), over
// opt.MaxSize, or whose encoding cannot be repaired fail with an error
// wrapping ErrBinary, ErrTooLarge or ErrEncoding.
func ReadArticle(r io.Reader, name string, opt FileOptions) (*vigil.Article, error) {
	b, err := readCapped(r, opt.MaxSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a, err := articleFromBytes(b, name, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

func articleFromBytes(b []byte, name string, opt FileOptions) (*vigil.Article, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%w: the input is empty", ErrEmpty)
	}
	if err := checkText(b); err != nil {
		return nil, err
	}
	format := opt.Format
	if format == FormatAuto {
		format = detectFormat(name, opt.ContentType, b)
	}
	a := &vigil.Article{URL: opt.URL}
	switch format {
	case FormatHTML:
		p, err := ExtractHTML(b, opt.URL, opt.ContentType)
		if err != nil {
			return nil, err
		}
		a.Title, a.Text, a.Source, a.Lang = p.Title, p.Text, p.Site, p.Lang
		a.Published = p.Published
		a.CanonicalURL = p.URL
		a.Byline = p.Byline
		a.Web = true
	case FormatText, FormatMarkdown:
		s, err := toUTF8(b)
		if err != nil {
			return nil, err
		}
		s = normalizeNewlines(s)
		fm, body := splitFrontMatter(s)
		if format == FormatMarkdown {
			var h1 string
			body, h1 = markdownText(body)
			if fm.title == "" {
				fm.title = h1
			}
		}
		a.Text = strings.TrimSpace(body)
		a.Title = fm.title
		a.Source = fm.source
		a.Byline = fm.byline
		if a.URL == "" {
			a.URL = fm.url
		}
		a.Published = fm.date
		if a.Published.IsZero() && a.URL != "" {
			if t, ok := DateFromURL(a.URL); ok {
				a.Published = t
			}
		}
		a.Lang = detectLang(a.Text, fm.lang)
		a.Web = LooksLikePageText(a.Text)
	default:
		return nil, fmt.Errorf("unknown format %q (want text, markdown or html)", format)
	}
	if !opt.Date.IsZero() {
		a.Published = opt.Date
	}
	if strings.TrimSpace(a.Text) == "" {
		return nil, fmt.Errorf("%w: nothing but markup or front matter", ErrEmpty)
	}
	a.ID = vigil.ArticleID(a.Text)
	return a, nil
}

// detectFormat decides a file's format from its name, its content type, then
// its first bytes.
func detectFormat(name, contentType string, b []byte) Format {
	switch strings.ToLower(filepath.Ext(stripQuery(name))) {
	case ".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx":
		return FormatHTML
	case ".md", ".markdown", ".mdown", ".mkd":
		return FormatMarkdown
	case ".txt", ".text":
		return FormatText
	}
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "html"):
		return FormatHTML
	case strings.Contains(ct, "markdown"):
		return FormatMarkdown
	case strings.HasPrefix(ct, "text/plain"):
		return FormatText
	}
	if looksLikeHTML(b) {
		return FormatHTML
	}
	return FormatText
}

func stripQuery(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 && strings.Contains(name, "://") {
		return name[:i]
	}
	return name
}

// looksLikeHTML sniffs the start of b for an HTML document.
func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 1024)])
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<?xml version=\"1.0\"?>\n<!doctype html"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return bytes.Contains(head, []byte("<html")) && bytes.Contains(head, []byte("</"))
}

func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// ReadDir reads every regular file under root (recursively, in lexical
// order, skipping hidden files and folders) and calls fn with each file's
// article or error. A file that fails does not stop the walk; fn returning
// an error does.
func ReadDir(root string, opt FileOptions, fn func(path string, a *vigil.Article, err error) error) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fn(path, nil, err)
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		a, err := ReadFile(path, opt)
		return fn(path, a, err)
	})
}

// pageMarkers open lines that only web pages print: teasers for other
// stories. Plain text holding one was copied from a page.
var pageMarkers = []string{"read more:", "also read:", "read also:", "related:", "see also:", "related articles", "more on this"}

// LooksLikePageText reports whether plain text looks copied from a web
// page, so page-debris rules should apply (CODING.md convention 7): a line
// starting with a teaser marker ("Read more:"), or its first line repeated
// later (a title repeated by the page template).
func LooksLikePageText(text string) bool {
	first := ""
	seen := 0
	for line := range strings.Lines(text) {
		l := strings.TrimSpace(line)
		if l == "" {
			continue
		}
		low := strings.ToLower(l)
		for _, m := range pageMarkers {
			if strings.HasPrefix(low, m) {
				return true
			}
		}
		seen++
		if seen == 1 {
			first = l
		} else if l == first && len(first) > 20 {
			return true
		}
	}
	return false
}
