package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/internal/shared"
)

func TestParseFeed(t *testing.T) {
	type item struct{ key, title, link, date string }
	for _, tc := range []struct {
		file  string
		url   string
		title string
		items []item
	}{
		{"rss20.xml", "http://harbor.example/feeds/rss20.xml", "Harbor Times – World", []item{
			{"ht-1001", "Northland shells border posts after talks collapse", "http://harbor.example/news/2024/10/15/border.html?utm_source=rss&utm_medium=feed", "2024-10-15"},
			{"ht-1002", "Southland recalls its ambassador", "http://harbor.example/news/ambassador.html", "2024-10-16"},
			{"ht-1003", "Coast Wire: Artillery fire hits Southland posts", "http://harbor.example/wire/northland-shells.html", "2024-10-15"},
			{"ht-1004", "Northland closes its airspace to Southland flights", "http://harbor.example/news/missing.html", ""},
		}},
		{"atom.xml", "http://harbor.example/feeds/atom.xml", "Harbor Times – Diplomacy", []item{
			{"urn:uuid:talks-2024-10-18", "Mediators propose new round of talks", "http://harbor.example/news/talks.html", "2024-10-18"},
			{"urn:uuid:border-2024-10-15", "Shelling on the border", "http://harbor.example/news/2024/10/15/border.html?utm_campaign=x#comments", "2024-10-15"},
		}},
		{"feed.json", "http://harbor.example/feeds/feed.json", "Harbor Times – JSON", []item{
			{"json-observers", "Observers arrive in the border region", "http://harbor.example/news/observers.html", "2024-10-23"},
		}},
		{"rss10.rdf", "", "Harbor Times RDF", []item{
			{"http://harbor.example/news/ambassador.html", "Southland recalls its ambassador", "http://harbor.example/news/ambassador.html", "2024-10-16"},
		}},
		{"rss091.xml", "", "Harbor Times 0.91", []item{
			{"http://harbor.example/news/talks.html", "Mediators propose new round of talks", "http://harbor.example/news/talks.html", ""},
		}},
		{"latin1.xml", "", "Jornal da Fronteira", []item{
			{"http://jornal.example/noticia/1", "Ministro das Relações Exteriores condena bombardeio", "http://jornal.example/noticia/1", "2024-10-15"},
		}},
		{"latin1-declared.xml", "", "Jornal declarado", []item{
			{"http://jornal.example/noticia/2", "Negociações em Genebra", "http://jornal.example/noticia/2", ""},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata/site/feeds", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := ParseFeed(b, tc.url)
			if err != nil {
				t.Fatalf("ParseFeed: %v", err)
			}
			if f.Title != tc.title {
				t.Errorf("title %q, want %q", f.Title, tc.title)
			}
			if len(f.Items) != len(tc.items) {
				t.Fatalf("%d items, want %d: %+v", len(f.Items), len(tc.items), f.Items)
			}
			for i, want := range tc.items {
				got := f.Items[i]
				date := ""
				if !got.Published.IsZero() {
					date = got.Published.Format(vigil.DateLayout)
				}
				if g := (item{got.Key, got.Title, got.Link, date}); g != want {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, g, want)
				}
			}
		})
	}
	b, _ := os.ReadFile("testdata/site/feeds/rss20.xml")
	f, _ := ParseFeed(b, "http://harbor.example/feeds/rss20.xml")
	if d := f.Items[3].Description; d != "Northland closed its airspace to all flights from Southland on Thursday, the civil aviation authority said.\n\nThe closure will last until further notice." {
		t.Errorf("description as text: %q", d)
	}
}

func TestParseFeedErrors(t *testing.T) {
	broken, _ := os.ReadFile("testdata/site/feeds/broken.xml")
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"broken", broken},
		{"empty", nil},
		{"html", []byte("<!DOCTYPE html><html><body>not a feed</body></html>")},
		{"json", []byte(`{"a": 1}`)},
		{"invalid utf-8 mix", []byte("<rss version=\"2.0\"><channel><title>é\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7</title></channel></rss>")},
	} {
		if _, err := ParseFeed(tc.b, ""); !errors.Is(err, ErrFeed) {
			t.Errorf("%s: err %v, want ErrFeed", tc.name, err)
		}
	}
}

// TestParseFeedCorpus parses the real feeds of ../shared/corpus/feeds.
func TestParseFeedCorpus(t *testing.T) {
	root := shared.Path(t, "corpus/feeds")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".rss") || strings.HasSuffix(p, ".atom")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no feeds in the corpus")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ParseFeed(b, "")
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, it := range f.Items {
			if !strings.Contains(it.Title+it.Description, "\uFFFD") && strings.ContainsAny(it.Title, "Ã") {
				t.Errorf("%s: mis-decoded title %q", p, it.Title)
			}
		}
		if len(f.Items) == 0 {
			t.Errorf("%s: no items", p)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"HTTPS://Example.ORG:443/a/b/?utm_source=rss&utm_medium=x&id=7#frag", "https://example.org/a/b?id=7"},
		{"https://example.org/a?b=2&a=1&fbclid=xyz&gclid=1", "https://example.org/a?a=1&b=2"},
		{"https://amp.example.org/story/amp/", "https://example.org/story"},
		{"https://example.org/amp/s/story", "https://example.org/s/story"},
		{"https://example.org/story.amp.html", "https://example.org/story.html"},
		{"https://example.org/story?amp", "https://example.org/story"},
		{"https://example.org/story?amp=1&outputType=amp", "https://example.org/story"},
		{"http://example.org:80/", "http://example.org/"},
		{"http://example.org:8080/x", "http://example.org:8080/x"},
		{"https://user:pw@example.org/x", "https://example.org/x"},
		{"not a url", "not a url"},
	} {
		if got := CanonicalURL(tc.in); got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSimHash(t *testing.T) {
	read := func(p string) string {
		a, err := ReadFile(p, FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return a.Text
	}
	orig := read("testdata/site/news/2024/10/15/border.html")
	synd := read("testdata/site/wire/northland-shells.html")
	other := read("testdata/site/news/ambassador.html")
	talks := read("testdata/site/news/talks.html")
	h1, n1 := SimHash(orig)
	h2, _ := SimHash(synd)
	h3, _ := SimHash(other)
	h4, _ := SimHash(talks)
	if n1 < SimHashMinWords {
		t.Fatalf("fixture too short: %d words", n1)
	}
	if d := Hamming(h1, h2); d > 3 {
		t.Errorf("syndicated copy at distance %d, want ≤ 3", d)
	}
	for _, h := range []uint64{h3, h4} {
		if d := Hamming(h1, h); d <= 10 {
			t.Errorf("different story at distance %d, want > 10", d)
		}
	}
	if a, _ := SimHash("x y z"); a == 0 {
		t.Errorf("short text has no fingerprint")
	}
}
