package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func addSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
}

// FuzzParseFeed: any bytes give a feed or an error, never a panic, and a
// parsed feed holds only valid UTF-8 and absolute http(s) links.
func FuzzParseFeed(f *testing.F) {
	addSeeds(f, "testdata/site/feeds/*")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"/a"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		feed, err := ParseFeed(b, "http://feeds.example/x.xml")
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			for _, s := range []string{it.Title, it.Description, it.Content, it.Key} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in item: %q", s)
				}
			}
			if it.Key == "" {
				t.Fatalf("item without key: %+v", it)
			}
			if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("link %q is not absolute http(s)", it.Link)
			}
		}
	})
}

// FuzzExtractHTML: any bytes give a page or an error, never a panic; the
// text is valid UTF-8, paragraphs are separated by exactly one blank line
// and carry no stray white space.
func FuzzExtractHTML(f *testing.F) {
	addSeeds(f, "testdata/site/news/*.html")
	addSeeds(f, "testdata/site/news/*/*/*/*.html")
	addSeeds(f, "testdata/site/wire/*.html")
	addSeeds(f, "testdata/files/*.html")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ExtractHTML(b, "http://site.example/a/b", "")
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatalf("invalid UTF-8")
		}
		if strings.Contains(p.Text, "\n\n\n") {
			t.Fatalf("more than one blank line between paragraphs: %q", p.Text)
		}
		for _, para := range strings.Split(p.Text, "\n\n") {
			if para != strings.TrimSpace(para) {
				t.Fatalf("paragraph with stray white space: %q", para)
			}
		}
		if p.URL != "" && !strings.HasPrefix(p.URL, "http") {
			t.Fatalf("canonical URL %q", p.URL)
		}
	})
}

// FuzzReadArticle: files of any content are read or refused with an error.
func FuzzReadArticle(f *testing.F) {
	addSeeds(f, "testdata/files/*")
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, name := range []string{"a.txt", "a.md", "a.html"} {
			a, err := ReadArticle(strings.NewReader(string(b)), name, FileOptions{MaxSize: 1 << 16})
			if err != nil {
				continue
			}
			if !utf8.ValidString(a.Text) || strings.TrimSpace(a.Text) == "" || a.ID == "" {
				t.Fatalf("%s: bad article %+v", name, a)
			}
		}
	})
}
