package ingest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/data"
	"github.com/vigil-ews/vigil/internal/shared"
)

func TestReadFile(t *testing.T) {
	for _, tc := range []struct {
		file      string
		opt       FileOptions
		title     string
		date      string // "" when the article must be undated
		lang      string
		web       bool
		source    string
		byline    string
		contains  []string
		forbidden []string
	}{
		{
			file:     "files/plain.txt",
			lang:     "en",
			contains: []string{"Northland recalled its ambassador", "protest against\nthe shelling"},
		},
		{
			file: "files/plain.txt", opt: FileOptions{Date: time.Date(2024, 10, 16, 0, 0, 0, 0, time.UTC)},
			date: "2024-10-16", lang: "en",
		},
		{
			file: "files/front.md", title: "Talks resume in Geneva", date: "2024-10-20", lang: "en", source: "Harbor Times", byline: "Lena Brandt",
			contains:  []string{"Envoys of Northland and Southland met in Geneva on Sunday. They agreed", "\n\nNorthland proposed a ceasefire line.\n\nSouthland asked"},
			forbidden: []string{"**", "](", "photo", "title:", "# Talks"},
		},
		{
			// --date wins over front matter.
			file: "files/front.md", opt: FileOptions{Date: time.Date(2024, 10, 21, 0, 0, 0, 0, time.UTC)},
			title: "Talks resume in Geneva", date: "2024-10-21", lang: "en", source: "Harbor Times", byline: "Lena Brandt",
		},
		{
			file: "files/heading.md", title: "Ceasefire holds for a third day", lang: "en",
			contains: []string{"The ceasefire between"}, forbidden: []string{"#"},
		},
		{
			file: "files/latin1.txt", lang: "fr",
			contains: []string{"Le ministère des affaires étrangères a condamné", "à Genève"},
		},
		{
			file: "site/news/2024/10/15/border.html", title: "Northland shells border posts after talks collapse",
			date: "2024-10-15", lang: "en", web: true, source: "Harbor Times", byline: "Ana Pereira",
			contains: []string{
				"Northland's artillery shelled three border posts",
				"two hours. Two soldiers",
				"Read more: Southland recalls", // debris is kept for the coder to recognise
				"new date had been set for another round.",
			},
			forbidden: []string{"Football results", "window.ads", "All rights reserved", "Privacy", ".nav{"},
		},
		{
			file: "files/undated.html", title: "Observers arrive", lang: "en", web: true,
			contains: []string{"Observers from the United Nations arrived"},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			// Make the file look brand new: its mtime must never become the date.
			now := time.Now()
			if err := os.Chtimes(path, now, now); err != nil {
				t.Fatal(err)
			}
			a, err := ReadFile(path, tc.opt)
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if a.Title != tc.title {
				t.Errorf("title %q, want %q", a.Title, tc.title)
			}
			if a.Date() != tc.date {
				t.Errorf("date %q, want %q", a.Date(), tc.date)
			}
			if a.Lang != tc.lang {
				t.Errorf("lang %q, want %q", a.Lang, tc.lang)
			}
			if a.Web != tc.web {
				t.Errorf("web %v, want %v", a.Web, tc.web)
			}
			if a.Source != tc.source {
				t.Errorf("source %q, want %q", a.Source, tc.source)
			}
			if a.Byline != tc.byline {
				t.Errorf("byline %q, want %q", a.Byline, tc.byline)
			}
			if a.ID != vigil.ArticleID(a.Text) || a.ID == "" {
				t.Errorf("ID %q is not the hash of the text", a.ID)
			}
			for _, s := range tc.contains {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, a.Text)
				}
			}
			for _, s := range tc.forbidden {
				if strings.Contains(a.Text, s) {
					t.Errorf("text holds %q:\n%s", s, a.Text)
				}
			}
			if a.Title != "" && strings.HasPrefix(a.Text, a.Title) {
				t.Errorf("text repeats the title at its start:\n%s", a.Text)
			}
		})
	}
}

func TestReadArticleHTMLParagraphs(t *testing.T) {
	a, err := ReadFile("testdata/site/news/2024/10/15/border.html", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(a.Text, "\n\n")
	if len(paras) < 5 {
		t.Fatalf("want paragraphs separated by blank lines, got %d:\n%s", len(paras), a.Text)
	}
	for _, p := range paras {
		if strings.TrimSpace(p) != p || p == "" {
			t.Errorf("paragraph %q has stray white space", p)
		}
	}
	if a.CanonicalURL != "" {
		t.Errorf("canonical %q resolved without a base URL", a.CanonicalURL)
	}
	a, err = ReadFile("testdata/site/news/2024/10/15/border.html", FileOptions{URL: "https://harbor.example/x"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://harbor.example/world/2024/10/15/northland-shells-border-posts?utm_source=rss"; a.CanonicalURL != want {
		t.Errorf("canonical %q, want %q", a.CanonicalURL, want)
	}
	if a.URL != "https://harbor.example/x" {
		t.Errorf("URL %q", a.URL)
	}
}

func TestReadArticleBadInput(t *testing.T) {
	mostlyGood := strings.Repeat("Northland shelled the border – again. ", 40) + "\xff" + strings.Repeat(" Southland protested.", 10)
	for _, tc := range []struct {
		name    string
		content string
		opt     FileOptions
		want    error  // nil: must succeed
		text    string // with want nil: the text must contain this
	}{
		{name: "report.pdf", content: "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", want: ErrBinary},
		{name: "photo.txt", content: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", want: ErrBinary},
		{name: "photo.jpg", content: "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", want: ErrBinary},
		{name: "tool.txt", content: "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00", want: ErrBinary, text: "looks like a Linux or Unix executable (ELF)"},
		{name: "nul.txt", content: strings.Repeat("text ", 200) + "\x00" + "more", want: ErrBinary},
		{name: "big.txt", content: strings.Repeat("a", 2000), opt: FileOptions{MaxSize: 1000}, want: ErrTooLarge},
		{name: "empty.txt", content: " \n\t\n", want: ErrEmpty},
		{name: "frontonly.md", content: "---\ntitle: x\n---\n", want: ErrEmpty},
		{name: "mixed.txt", content: strings.Repeat("Geneva – talks ", 20) + strings.Repeat("\xff\xfe\xfd ", 50), want: ErrEncoding},
		{name: "repair.txt", content: mostlyGood, text: "again. \uFFFD Southland"},
		{name: "crlf.txt", content: "One line.\r\n\r\nTwo line.\r\n", text: "One line.\n\nTwo line."},
		{name: "utf16.txt", content: "\xff\xfeA\x00b\x00c\x00", text: "Abc"},
		{name: "bom.txt", content: "\xef\xbb\xbfHello world.", text: "Hello world."},
		{name: "page", content: "<!DOCTYPE html><html><body><p>" + strings.Repeat("Northland shelled the border posts of Southland. ", 20) + "</p></body></html>", text: "Northland shelled"},
		{name: "scripts.html", content: "<html><body><script>var x=1;</script></body></html>", want: ErrEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ReadArticle(strings.NewReader(tc.content), tc.name, tc.opt)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("err %v, want %v", err, tc.want)
				}
				if !strings.Contains(err.Error(), tc.name) {
					t.Errorf("error %q does not name the input", err)
				}
				if !strings.Contains(err.Error(), tc.text) {
					t.Errorf("error %q does not say %q", err, tc.text)
				}
				return
			}
			if err != nil {
				t.Fatalf("err %v", err)
			}
			if !strings.Contains(a.Text, tc.text) {
				t.Errorf("text %q lacks %q", a.Text, tc.text)
			}
		})
	}
}

func TestReadFileTooLargeBeforeReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path, FileOptions{MaxSize: 100})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "huge.txt") {
		t.Fatalf("err %v", err)
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Northland protested.")
	write("sub/b.md", "# B\n\nSouthland replied.")
	write("sub/c.pdf", "%PDF-1.4 binary")
	write(".hidden/d.txt", "never read")
	write(".e.txt", "never read")
	var got []string
	err := ReadDir(dir, FileOptions{}, func(path string, a *vigil.Article, err error) error {
		rel, _ := filepath.Rel(dir, path)
		if err != nil {
			got = append(got, rel+":error")
			return nil
		}
		got = append(got, rel+":"+a.Text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.txt:Northland protested.", "sub/b.md:Southland replied.", "sub/c.pdf:error"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLooksLikePageText(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Talks resume.\n\nRead more: Other story\n\nMore text.", true},
		{"A long enough title for a page\n\nBody text.\n\nA long enough title for a page\n", true},
		{"Plain report.\n\nSecond paragraph.", false},
		{"Short\nShort\n", false}, // a repeated short line is not a page title
		{"Body.\nAlso read: another", true},
		{"Tensions on the Peninsula are growing\n\n1085\nTensions on the Peninsula are growing\n\nBody.", true},
		{"He said he would read more: books.", false}, // a marker only counts at the start of a line
	} {
		if got := LooksLikePageText(tc.text); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.text, got, tc.want)
		}
	}
	seed := shared.Path(t, "seed/korea-tensions-defense-express.txt")
	a, err := ReadFile(seed, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Web {
		t.Errorf("%s: copied page text not marked Web", seed)
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2024-10-15T08:30:00+02:00", "2024-10-15"},
		{"2024-10-15T23:30:00Z", "2024-10-15"},
		{"2024-10-15", "2024-10-15"},
		{"Tue, 15 Oct 2024 08:30:00 GMT", "2024-10-15"},
		{"Tue, 15 Oct 2024 08:30:00 +0000", "2024-10-15"},
		{"October 15, 2024", "2024-10-15"},
		{"15 October 2024", "2024-10-15"},
		{"20241015", "2024-10-15"},
		{"2024-10-15 08:30:00", "2024-10-15"},
		{"yesterday", ""},
		{"0001-01-01", ""},
		{"", ""},
	} {
		got := ""
		if d, ok := ParseDate(tc.in); ok {
			got = d.Format(vigil.DateLayout)
		}
		if got != tc.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.org/world/2024/10/15/slug", "2024-10-15"},
		{"https://example.org/2024-10-15-slug.html", "2024-10-15"},
		{"https://example.org/news/20241015/slug", "2024-10-15"},
		{"https://example.org/2024/02/31/slug", ""},
		{"https://example.org/item/123456789", ""},
		{"https://2024.example.org/", ""},
	} {
		got := ""
		if d, ok := DateFromURL(tc.in); ok {
			got = d.Format(vigil.DateLayout)
		}
		if got != tc.want {
			t.Errorf("DateFromURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDetectLangLongText: long English text is English, wherever an
// article starts (the detector used to lose confidence on long samples and
// the language was left empty).
func TestDetectLangLongText(t *testing.T) {
	files, err := fs.Glob(data.FS, "demo/articles/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("demo corpus: %v", err)
	}
	var sb strings.Builder
	for _, f := range files {
		b, err := fs.ReadFile(data.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(b)
		sb.WriteString("\n\n")
	}
	text := sb.String()
	checked := 0
	for off := 0; off+6000 < len(text); off += 250 {
		for !utf8.RuneStart(text[off]) {
			off++
		}
		if got := detectLang(text[off:off+6000], ""); got != "en" {
			t.Errorf("6,000 bytes of English from offset %d: language %q, want en", off, got)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d windows checked", checked)
	}
}
