package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestPagesRender loads every page and checks what it must show.
func TestPagesRender(t *testing.T) {
	f := newFixture(t)
	ev := f.events["191"]
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"North Korea → South Korea", "pre-offensive-posture", "<mark>North Korea blew up sections", `href="/articles/` + f.roads + `#e-` + ev.ID + `"`, "Who is bound to join?", "treaties as of 2024-10-15", `class="spark"`}},
		{"/dyad/PRK-KOR", 200, []string{`<svg class="chart"`, "North Korea → South Korea", "Exposure on 2024-10-15", "blew up sections"}},
		{"/dyad/PRK-KOR?since=2024-10-01&until=2024-10-31", 200, []string{`class="day"`}},
		{"/dyad/nonsense", 400, []string{"write it as PRK-KOR"}},
		{"/events", 200, []string{`data-live="1"`, "blew up sections"}},
		{"/events?dyad=PRK-KOR&root=19", 200, []string{"blew up sections", `value="19" selected`}},
		{"/events?quad=9", 400, []string{"quad"}},
		{"/alliances", 200, []string{`<svg class="graph"`, "Russia–DPRK Comprehensive Strategic Partnership", `class="edge s-in_force"`}},
		{"/alliances?date=2024-10-15", 200, []string{`class="edge s-signed"`, "not in force"}},
		{"/articles/" + f.roads, 200, []string{`id="e-` + ev.ID + `"`, "<mark", "Roads blown up", `href="https://news.example/roads"`}},
		{"/articles/0123456789abcdef", 404, []string{"not found"}},
		{"/articles", 200, []string{`href="/articles/` + f.roads + `"`, "Roads blown up", "2024-10-15", "2 events", `aria-current="page">Articles`}},
		{"/articles?since=2024-10-14&tag=sport", 200, []string{"No article matches"}},
		{"/articles?until=never", 400, []string{"until"}},
		{"/search?q=roads", 200, []string{"<mark>roads</mark>", "/articles/" + f.roads}},
		{"/static/style.css", 200, []string{"--mark"}},
		{"/static/app.js", 200, []string{"EventSource"}},
		{"/static/nope.js", 404, nil},
		{"/nowhere", 404, nil},
	} {
		resp, body := f.get(t, tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, resp.StatusCode, tc.status)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: page lacks %q", tc.path, w)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", tc.path)
		}
	}
}

// TestNewsTextRendersInert: an article whose title, source, URL, text and
// event sentence carry script, event handlers and javascript: links shows
// them as text on every page; nothing executable reaches the markup.
func TestNewsTextRendersInert(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/articles/" + f.hostile, "/articles", "/events", "/events?country=RUS", "/dyad/RUS-UKR", "/search?q=officials"} {
		resp, body := f.get(t, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		doc, err := html.Parse(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" {
					var src string
					for _, a := range n.Attr {
						if a.Key == "src" {
							src = a.Val
						}
					}
					if src != "/static/app.js" || n.FirstChild != nil {
						t.Errorf("%s: a script element other than ours: src=%q", path, src)
					}
				}
				if n.Data == "img" {
					t.Errorf("%s: an <img> element from news text", path)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: event handler attribute %s=%q", path, a.Key, a.Val)
					}
					if (a.Key == "href" || a.Key == "src") && regexp.MustCompile(`(?i)^\s*(javascript|data|vbscript):`).MatchString(a.Val) {
						t.Errorf("%s: %s=%q", path, a.Key, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		// The hostile text is still shown, as text.
		if path == "/articles/"+f.hostile {
			for _, w := range []string{"&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;", "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Hostile", "&lt;b&gt;Evil&lt;/b&gt;", "onerror=alert"} {
				if !strings.Contains(body, w) {
					t.Errorf("article page does not show %q as text", w)
				}
			}
			if strings.Contains(body, `alert("url")`) || strings.Contains(body, "original</a>") {
				t.Error("the javascript: article URL became a link")
			}
		}
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://news.example/a?b=1": "https://news.example/a?b=1",
		"http://x.example":           "http://x.example",
		"javascript:alert(1)":        "",
		" JavaScript:alert(1)":       "",
		"data:text/html,<b>":         "",
		"/relative":                  "",
		"//host.example/x":           "",
		"mailto:a@b.example":         "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
