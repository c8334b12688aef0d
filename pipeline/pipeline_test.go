package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/text"
)

// site serves ../ingest/testdata/site (our own fixtures) from a real
// loopback HTTP server, plus hostile endpoints under /bad/, and counts the
// requests per path.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newSite(t *testing.T) *site {
	s := &site{hits: map[string]int{}}
	files := http.FileServer(http.Dir(filepath.Join("..", "ingest", "testdata", "site")))
	mux := http.NewServeMux()
	mux.Handle("/", files)
	mux.HandleFunc("/bad/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>filler</p>\n"), 4096)
		for n := 0; n < 100<<20; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/bad/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 100; i++ {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	})
	mux.HandleFunc("/bad/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/bad/loop", http.StatusFound) })
	mux.HandleFunc("/bad/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n%binary\n"))
	})
	mux.HandleFunc("/bad/photo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // lies: the bytes are a PNG
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	mux.HandleFunc("/bad/invalid-utf8", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>Geneva – talks " + strings.Repeat("\xff\xfe\xfd\xfc ", 200) + "</p></body></html>"))
	})
	mux.HandleFunc("/bad/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>unclosed`))
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.hits {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// wordCoder is a stand-in Coder that emits one event per article naming
// Northland, from the sentence naming it; the real coder is tested in its
// own package.
type wordCoder struct{}

func (wordCoder) Code(a *vigil.Article) []vigil.Event {
	i := strings.Index(a.Text, "Northland")
	if i < 0 {
		return nil
	}
	for _, se := range text.Split(a.Text, text.Options{Web: a.Web, Title: a.Title, Site: a.Source}).Sentences {
		if se.Start <= i && i < se.End {
			return []vigil.Event{{Article: a.ID, Date: a.Date(), Source: "NTH", Target: "STH", Code: "190", Root: "19", Quad: 4,
				Sentence: se.Text, Offsets: [2]int{se.Start, se.End}, Pattern: "test"}}
		}
	}
	return nil
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newPipeline(st store.Store, allowPrivate bool) *Pipeline {
	return &Pipeline{
		Store: st,
		Fetcher: ingest.NewFetcher(ingest.FetchOptions{AllowPrivate: allowPrivate, HostDelay: -1, MaxSize: 1 << 20,
			Timeout: 700 * time.Millisecond, HeaderTimeout: 500 * time.Millisecond}),
		Coder:   wordCoder{},
		Workers: 2,
	}
}

// ingestURLs polls each URL (feed or page) and runs what it yields.
func ingestURLs(t *testing.T, p *Pipeline, urls ...string) (results []Result, polls []Poll, pollErrs []error) {
	t.Helper()
	ctx := context.Background()
	work := make(chan Source, 4)
	done := make(chan struct{})
	go func() {
		p.Run(ctx, work, func(r Result) { results = append(results, r) })
		close(done)
	}()
	for _, u := range urls {
		poll, err := p.Poll(ctx, u, 0)
		polls = append(polls, poll)
		pollErrs = append(pollErrs, err)
		results = append(results, poll.Known...) // only this goroutine touches results before done... see below
		for _, s := range poll.Sources {
			work <- s
		}
	}
	close(work)
	<-done
	return
}

func TestFeedsEndToEnd(t *testing.T) {
	srv := newSite(t)
	st := openStore(t)
	p := newPipeline(st, true)
	// One worker: a feed's items are then committed in its order, and of
	// two copies of a story the first listed is the one stored.
	p.Workers = 1
	ctx := context.Background()

	feeds := []string{srv.URL + "/feeds/rss20.xml", srv.URL + "/feeds/atom.xml", srv.URL + "/feeds/feed.json"}
	var results []Result
	for _, f := range feeds { // one feed at a time: the order of duplicates is then known
		rs, polls, errs := ingestURLs(t, p, f)
		if errs[0] != nil || !polls[0].Feed {
			t.Fatalf("%s: %v (feed %v)", f, errs[0], polls[0].Feed)
		}
		results = append(results, rs...)
	}
	byTitle := map[string]Result{}
	for _, r := range results {
		title := ""
		if r.Source.Item != nil {
			title = r.Source.Item.Title
		}
		byTitle[title] = r
	}
	for _, tc := range []struct {
		title, status, dupOf string
	}{
		{"Northland shells border posts after talks collapse", StatusNew, ""},
		{"Southland recalls its ambassador", StatusNew, ""},
		{"Coast Wire: Artillery fire hits Southland posts", StatusDuplicate, "near"},
		{"Northland closes its airspace to Southland flights", StatusFallback, ""},
		{"Mediators propose new round of talks", StatusNew, ""},
		{"Shelling on the border", StatusDuplicate, "url"},
		{"Observers arrive in the border region", StatusNew, ""},
	} {
		r, ok := byTitle[tc.title]
		if !ok {
			t.Errorf("%q: no result", tc.title)
			continue
		}
		if r.Status != tc.status || r.DuplicateOf != tc.dupOf {
			t.Errorf("%q: status %s (%s), want %s (%s); error %s", tc.title, r.Status, r.DuplicateOf, tc.status, tc.dupOf, r.Error)
		}
	}
	if len(results) != 7 {
		t.Errorf("%d results, want 7", len(results))
	}
	if n := srv.count("/news/2024/10/15/border.html"); n != 1 {
		t.Errorf("the border page was fetched %d times, want once (the Atom item's URL is already known)", n)
	}

	// The border article keeps every place it was seen: its page, the
	// syndicated copy and the Atom item.
	border := byTitle["Northland shells border posts after talks collapse"].Article
	a, err := st.Article(ctx, border)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Web || a.Date() != "2024-10-15" || a.Title != "Northland shells border posts after talks collapse" || a.Source != "Harbor Times" {
		t.Errorf("border article: date %s title %q source %q", a.Date(), a.Title, a.Source)
	}
	if a.CanonicalURL != srv.URL+"/world/2024/10/15/northland-shells-border-posts" {
		t.Errorf("canonical URL %q", a.CanonicalURL)
	}
	var urls []string
	for _, s := range a.Sources {
		urls = append(urls, s.URL)
	}
	if len(a.Sources) != 3 {
		t.Errorf("border article has %d sources, want 3: %q", len(a.Sources), urls)
	}
	// Its events are stored once and count every source.
	page, err := st.Events(ctx, store.EventFilter{Article: border})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Sources != 3 {
		t.Errorf("border events: %+v", page.Items)
	}
	// The article view has every sentence of the page, not only the one
	// with an event.
	d, err := st.ArticleDetail(ctx, border)
	if err != nil {
		t.Fatal(err)
	}
	withEvents, sentences := 0, text.Split(a.Text, text.Options{Web: true, Title: a.Title, Site: a.Source}).Sentences
	for _, se := range d.Sentences {
		if len(se.Events) > 0 {
			withEvents++
		}
	}
	if len(d.Sentences) != len(sentences) || len(sentences) < 3 || withEvents != 1 {
		t.Errorf("article view: %d sentences (%d with events), want the page's %d", len(d.Sentences), withEvents, len(sentences))
	}

	// The observers page has no date: the feed item's date is used.
	obs, err := st.Article(ctx, byTitle["Observers arrive in the border region"].Article)
	if err != nil || obs.Date() != "2024-10-23" {
		t.Errorf("observers article date %v %v", obs, err)
	}
	// The missing page's item text was stored, and the page queued for retry.
	fb, err := st.Article(ctx, byTitle["Northland closes its airspace to Southland flights"].Article)
	if err != nil || !strings.Contains(fb.Text, "closed its airspace") {
		t.Errorf("fallback article %+v %v", fb, err)
	}
	due, err := st.DueRetries(ctx, time.Now().Add(24*time.Hour), 10)
	if err != nil || len(due) != 1 || !strings.HasSuffix(due[0].URL, "/news/missing.html") || due[0].Fallback != fb.ID {
		t.Errorf("retries %+v %v", due, err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// A second run: every feed answers 304, no page is fetched, nothing stored.
	before := srv.count("/news/") + srv.count("/wire/")
	for _, f := range feeds {
		rs, polls, errs := ingestURLs(t, p, f)
		if errs[0] != nil || !polls[0].NotModified || len(rs) != 0 {
			t.Errorf("second run of %s: err %v, not modified %v, %d results", f, errs[0], polls[0].NotModified, len(rs))
		}
	}
	if after := srv.count("/news/") + srv.count("/wire/"); after != before {
		t.Errorf("second run fetched %d pages", after-before)
	}
	stats2, _ := st.Stats(ctx)
	if stats2.Articles != stats.Articles || stats2.Events != stats.Events {
		t.Errorf("second run changed the store: %+v → %+v", stats, stats2)
	}

	// A restart that lost the validators (feed state without ETag) refetches
	// the feed but stores nothing twice: its items are marked seen.
	fsState, _ := st.Feed(ctx, feeds[0])
	fsState.ETag, fsState.LastModified = "", ""
	st.SaveFeed(ctx, *fsState)
	rs, _, errs := ingestURLs(t, p, feeds[0])
	if errs[0] != nil || len(rs) != 0 {
		t.Errorf("refetch without validators: %v, %d results: %+v", errs[0], len(rs), rs)
	}
}

func TestBadInputsDoNotStopTheBatch(t *testing.T) {
	srv := newSite(t)
	st := openStore(t)
	p := newPipeline(st, true)
	for _, tc := range []struct {
		path string
		want error
	}{
		{"/bad/huge", ingest.ErrTooLarge},
		{"/bad/slow", ingest.ErrFetchTimeout},
		{"/bad/loop", ingest.ErrTooManyHops},
		{"/bad/report.pdf", ingest.ErrBinary},
		{"/bad/photo", ingest.ErrBinary},
		{"/bad/invalid-utf8", ingest.ErrEncoding},
		{"/bad/feed.xml", ingest.ErrFeed},
		{"/feeds/broken.xml", ingest.ErrFeed},
		{"/news/ambassador.html", nil},
	} {
		rs, _, errs := ingestURLs(t, p, srv.URL+tc.path)
		err := errs[0]
		if err == nil && len(rs) == 1 {
			err = rs[0].Err
		}
		if tc.want == nil {
			if err != nil || len(rs) != 1 || rs[0].Status != StatusNew {
				t.Errorf("%s: %v %+v", tc.path, err, rs)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.path, err, tc.want)
		}
	}
	// The SSRF guard: without --allow-private neither the loopback server
	// nor the metadata address is fetched.
	guarded := newPipeline(st, false)
	for _, u := range []string{srv.URL + "/news/talks.html", "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/"} {
		before := srv.count("/")
		_, _, errs := ingestURLs(t, guarded, u)
		if !errors.Is(errs[0], ingest.ErrBlockedAddress) {
			t.Errorf("%s: err %v, want ErrBlockedAddress", u, errs[0])
		}
		if srv.count("/") != before {
			t.Errorf("%s: the server was reached", u)
		}
	}
}

func TestRetryQueue(t *testing.T) {
	srv := newSite(t)
	st := openStore(t)
	p := newPipeline(st, true)
	p.RetryBackoff = time.Minute
	ctx := context.Background()
	rs, _, _ := ingestURLs(t, p, srv.URL+"/feeds/rss20.xml")
	if len(rs) != 4 {
		t.Fatalf("%d results", len(rs))
	}
	now := time.Now()
	p.Now = func() time.Time { return now.Add(2 * time.Minute) }
	f := &Follower{Pipeline: p, Feeds: []FeedConfig{{URL: srv.URL + "/feeds/rss20.xml", Interval: time.Hour}}}
	var got []Result
	var mu sync.Mutex
	f.OnResult = func(r Result) { mu.Lock(); got = append(got, r); mu.Unlock() }
	if err := f.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	// The feed is unchanged (304); the retry fetched the still-missing page
	// and rescheduled it with a doubled delay.
	if len(got) != 1 || got[0].Status != StatusFailed {
		t.Fatalf("results %+v", got)
	}
	due, _ := st.DueRetries(ctx, now.Add(24*time.Hour), 10)
	if len(due) != 1 || due[0].Attempts != 2 || due[0].NextTry.Before(now.Add(3*time.Minute)) {
		t.Errorf("retry after a second failure: %+v", due)
	}
}

func TestLoadFeedsAndBackoff(t *testing.T) {
	dir := t.TempDir()
	n := 0
	write := func(s string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("f%d.yaml", n))
		if err := writeFile(p, s); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fs, err := LoadFeeds(write("feeds:\n  - url: https://a.example/rss\n    interval: 1h\n    tags: [world]\n  - url: https://b.example/atom\n"))
	if err != nil || len(fs) != 2 || fs[0].Interval != time.Hour || fs[1].Interval != DefaultInterval || fs[0].Tags[0] != "world" {
		t.Fatalf("%+v %v", fs, err)
	}
	for _, bad := range []string{
		"feeds: []\n",
		"feeds:\n  - url: ftp://a.example/x\n",
		"feeds:\n  - url: https://a.example/x\n    interval: 10s\n",
		"feeds:\n  - url: https://a.example/x\n    interval: soon\n",
		"feeds:\n  - url: https://a.example/x\n  - url: https://a.example/x\n",
		"feeds: [\n",
		"feeds:\n  - url: https://a.example/x\n    intervall: 5m\n", // a misspelt key is not ignored
		"feed:\n  - url: https://a.example/x\n",
	} {
		if _, err := LoadFeeds(write(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := LoadFeeds(write("feeds:\n  - url: https://a.example/x\n    intervall: 5m\n")); err == nil || !strings.Contains(err.Error(), `line 3: unknown key "intervall"`) {
		t.Errorf("misspelt key: %v, want it named with its line", err)
	}
	for _, tc := range []struct {
		errs int
		want time.Duration
	}{{1, 15 * time.Minute}, {2, 30 * time.Minute}, {3, time.Hour}, {10, MaxBackoff}} {
		if got := Backoff(15*time.Minute, tc.errs, 0); got != tc.want {
			t.Errorf("Backoff(15m, %d) = %v, want %v", tc.errs, got, tc.want)
		}
	}
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o644) }

// TestMessagesRoundTripJSON: the stage messages survive JSON, so a
// transport (NATS JetStream) can carry them between processes.
func TestMessagesRoundTripJSON(t *testing.T) {
	it := ingest.FeedItem{Key: "k1", Title: "T", Link: "https://a.example/x", Published: time.Date(2024, 10, 15, 6, 30, 0, 0, time.UTC)}
	src := Source{Kind: KindItem, URL: it.Link, Feed: "https://a.example/rss", FeedTitle: "A", Item: &it,
		Retry: &store.Retry{URL: it.Link, Attempts: 2, NextTry: time.Date(2024, 10, 16, 0, 0, 0, 0, time.UTC)}}
	doc := Document{Source: src, URL: it.Link, ContentType: "text/html", Body: []byte("<p>x\xff</p>"), Fetched: it.Published}
	c := Coded{Source: src, Article: &vigil.Article{ID: "id", Text: "x", Web: true, Published: it.Published}, SimHash: 1<<63 | 5,
		Events: []vigil.Event{{Article: "id", Code: "190", Offsets: [2]int{0, 1}}}, Fallback: true, FetchError: "e"}
	for _, v := range []any{&src, &doc, &c} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		if err := json.Unmarshal(b, back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v, back) {
			t.Errorf("%T does not survive JSON:\n %+v\n %+v", v, v, back)
		}
	}
}

func TestSentenceSpans(t *testing.T) {
	const txt = "One. Two three. Four."
	sents := text.Split(txt, text.Options{}).Sentences
	if len(sents) != 3 {
		t.Fatalf("split %d sentences", len(sents))
	}
	for _, tc := range []struct {
		name   string
		events [][2]int
		want   [][2]int
	}{
		{"no events", nil, [][2]int{{0, 4}, {5, 15}, {16, 21}}},
		{"an event's sentence is one of them", [][2]int{{5, 15}}, [][2]int{{0, 4}, {5, 15}, {16, 21}}},
		// The coder read "Two three. Four." as one sentence: the splitter's
		// pieces of it would show that text twice.
		{"an event's sentence spans two", [][2]int{{5, 21}}, [][2]int{{0, 4}}},
	} {
		var evs []vigil.Event
		for _, o := range tc.events {
			evs = append(evs, vigil.Event{Offsets: o})
		}
		var got [][2]int
		for _, s := range sentenceSpans(sents, evs) {
			got = append(got, [2]int{s.Start, s.End})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A page whose URL the store knows only from imported GDELT events (an
// article without text) is fetched and stored, not taken for a copy.
func TestURLOnlyArticleIsNoDuplicate(t *testing.T) {
	srv := newSite(t)
	st := openStore(t)
	p := newPipeline(st, true)
	ctx := context.Background()
	u := srv.URL + "/news/ambassador.html"
	if _, err := st.Write(ctx, store.Entry{Article: &vigil.Article{ID: "gdelt-stub", URL: u}}); err != nil {
		t.Fatal(err)
	}
	rs, _, errs := ingestURLs(t, p, u)
	if errs[0] != nil || len(rs) != 1 || rs[0].Status != StatusNew {
		t.Fatalf("page at a URL-only article's URL: %v %+v", errs[0], rs)
	}
	if id, err := st.ArticleByURL(ctx, u); err != nil || id != rs[0].Article {
		t.Errorf("ArticleByURL: %q %v, want the page %q", id, err, rs[0].Article)
	}
}

// A feed item whose page could not be had is stored from its own title
// and description; when the retry queue fetches the page at last, the
// page replaces that stand-in: its events, not both, are counted, and the
// places the story was seen stay with it.
func TestPageReplacesItsStandIn(t *testing.T) {
	var ready atomic.Bool
	mux := http.NewServeMux()
	var base string
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Times</title><link>%[1]s/</link>
<item><title>Northland closes its airspace</title><link>%[1]s/late.html</link><guid isPermaLink="false">late-1</guid>
<pubDate>Thu, 17 Oct 2024 08:00:00 GMT</pubDate><description>Northland closed its airspace to Southland flights.</description></item>
</channel></rss>`, base)
	})
	mux.HandleFunc("/late.html", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Northland closes its airspace</title>
<meta property="article:published_time" content="2024-10-17T08:00:00Z"></head><body><article>
<h1>Northland closes its airspace</h1>
<p>Northland closed its airspace to all flights from Southland on Thursday, the civil aviation authority said.</p>
<p>The closure will last until further notice, the authority said in a statement published in the capital.</p>
<p>Southland's transport ministry called the decision unjustified and said it would seek talks with its neighbour.</p>
</article></body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	st := openStore(t)
	p := newPipeline(st, true)
	p.RetryBackoff = time.Minute
	ctx := context.Background()
	rs, _, _ := ingestURLs(t, p, srv.URL+"/feed.xml")
	if len(rs) != 1 || rs[0].Status != StatusFallback || rs[0].Events != 1 {
		t.Fatalf("first poll: %+v", rs)
	}
	standIn := rs[0].Article

	ready.Store(true)
	now := time.Now()
	p.Now = func() time.Time { return now.Add(2 * time.Minute) }
	f := &Follower{Pipeline: p, Feeds: []FeedConfig{{URL: srv.URL + "/feed.xml", Interval: time.Hour}}}
	var got []Result
	var mu sync.Mutex
	f.OnResult = func(r Result) { mu.Lock(); got = append(got, r); mu.Unlock() }
	if err := f.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Status != StatusNew || got[0].Article == standIn || got[0].Events != 1 {
		t.Fatalf("retry: %+v", got)
	}
	page := got[0].Article
	if _, err := st.Article(ctx, standIn); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the stand-in is still stored: %v", err)
	}
	a, err := st.Article(ctx, page)
	if err != nil || !strings.Contains(a.Text, "transport ministry") || len(a.Sources) != 1 || a.Sources[0].Feed != srv.URL+"/feed.xml" {
		t.Errorf("page article: %+v %v", a, err)
	}
	stats, err := st.Stats(ctx)
	if err != nil || stats.Articles != 1 || stats.Events != 1 {
		t.Errorf("stats: %+v %v, want the page and its one event", stats, err)
	}
	days, err := st.DyadSeries(ctx, store.SeriesQuery{Dyad: store.Dyad{A: "NTH", B: "STH"}})
	if err != nil || len(days) != 1 || days[0].Count != 1 {
		t.Errorf("series: %+v %v, want the event counted once", days, err)
	}
	if due, _ := st.DueRetries(ctx, now.Add(24*time.Hour), 10); len(due) != 0 {
		t.Errorf("retries left: %+v", due)
	}
}

// CommitBatch gives what Commit gives one article after another: copies
// in the batch, by text, URL or near text, are sources of the first.
func TestCommitBatchIsCommitInOrder(t *testing.T) {
	ctx := context.Background()
	story := "Northland's artillery shelled three border posts of Southland on Monday, hours after talks in Geneva collapsed, the Southland defence ministry said. " +
		"The ministry said the shelling began at dawn and lasted for two hours. Two soldiers were wounded, according to a statement released in the capital. " +
		"Southland's president accused Northland of a deliberate provocation and threatened to respond with force if the attacks continued. " +
		"The United Nations called on both sides to show restraint and to return to the negotiating table in Geneva."
	near := story + "\n\nDistributed by Coast Wire." // a footer: no part of the fingerprint
	other := "Southland recalled its ambassador from Northland on Wednesday, the foreign ministry said, after days of shelling along the border posts."
	coded := func(text, url, feedKey string) Coded {
		a := &vigil.Article{Text: text, URL: url, CanonicalURL: url, Published: time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC)}
		a.ID = vigil.ArticleID(text)
		a.Sources = []vigil.ArticleSource{{URL: url, Feed: "https://feed.example/rss"}}
		src := Source{Kind: KindItem, URL: url, Feed: "https://feed.example/rss", Item: &ingest.FeedItem{Key: feedKey, Link: url}}
		return (&Pipeline{Coder: wordCoder{}}).Code(src, Document{Source: src}, a)
	}
	batch := []Coded{
		coded(story, "https://a.example/1", "k1"),
		coded(story, "https://b.example/1", "k2"), // same text
		coded(other, "https://a.example/1", "k3"), // same URL
		coded(near, "https://c.example/1", "k4"),  // near copy
		coded(other, "https://d.example/2", "k5"), // same text as the third, which was no article
	}
	want := []struct{ status, dupOf string }{{StatusNew, ""}, {StatusDuplicate, "text"}, {StatusDuplicate, "url"},
		{StatusDuplicate, "near"}, {StatusNew, ""}}
	one, many := openStore(t), openStore(t)
	p1, pn := &Pipeline{Store: one}, &Pipeline{Store: many}
	var single []Result
	for _, c := range batch {
		single = append(single, p1.Commit(ctx, c))
	}
	batched := pn.CommitBatch(ctx, batch)
	for i, w := range want {
		for _, r := range []Result{single[i], batched[i]} {
			if r.Status != w.status || r.DuplicateOf != w.dupOf {
				t.Errorf("article %d: %s (%s) %s, want %s (%s)", i, r.Status, r.DuplicateOf, r.Error, w.status, w.dupOf)
			}
		}
	}
	s1, _ := one.Stats(ctx)
	s2, _ := many.Stats(ctx)
	s1.Bytes, s2.Bytes = 0, 0
	if s1 != s2 || s2.Articles != 2 {
		t.Errorf("stores differ:\n one at a time %+v\n batched       %+v", s1, s2)
	}
	a, err := many.Article(ctx, vigil.ArticleID(story))
	if err != nil || len(a.Sources) != 3 {
		t.Errorf("the story's sources: %+v %v, want its own, the copy's and the near copy's", a, err)
	}
	for _, k := range []string{"k1", "k2", "k3", "k4", "k5"} {
		if seen, _ := many.Seen(ctx, "https://feed.example/rss", []string{k}); !seen[k] {
			t.Errorf("item %s not marked seen", k)
		}
	}
}

// The follower stores the feeds file's tags: what its feeds bring can be
// filtered by them.
func TestFollowerTags(t *testing.T) {
	srv := newSite(t)
	st := openStore(t)
	p := newPipeline(st, true)
	ctx := context.Background()
	feed := srv.URL + "/feeds/rss20.xml"
	f := &Follower{Pipeline: p, Feeds: []FeedConfig{{URL: feed, Interval: time.Hour, Tags: []string{"world", "border"}}}}
	if err := f.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	fs, err := st.Feed(ctx, feed)
	if err != nil || !reflect.DeepEqual(fs.Tags, []string{"border", "world"}) {
		t.Fatalf("feed state: %+v %v", fs, err)
	}
	evs, err := st.Events(ctx, store.EventFilter{Tag: "border"})
	if err != nil || len(evs.Items) == 0 {
		t.Errorf("events tagged border: %+v %v", evs.Items, err)
	}
	arts, err := st.Articles(ctx, store.ArticleFilter{Tag: "world"})
	if err != nil || len(arts.Items) != 3 {
		t.Errorf("articles tagged world: %d %v, want the feed's 3", len(arts.Items), err)
	}
	if none, _ := st.Articles(ctx, store.ArticleFilter{Tag: "sport"}); len(none.Items) != 0 {
		t.Errorf("articles tagged sport: %d", len(none.Items))
	}
}

// TestOnStage: every stage of a page's way into the store is timed once
// per article, so a server's /metrics can show stage latencies; a file is
// not fetched over the network.
func TestOnStage(t *testing.T) {
	s := newSite(t)
	p := newPipeline(openStore(t), true)
	p.Workers = 1
	var mu sync.Mutex
	seen := map[string]int{}
	p.OnStage = func(stage string, d time.Duration) {
		if d < 0 {
			t.Errorf("stage %s took %v", stage, d)
		}
		mu.Lock()
		seen[stage]++
		mu.Unlock()
	}
	ingestURLs(t, p, s.URL+"/news/talks.html", s.URL+"/news/observers.html")
	file := filepath.Join(t.TempDir(), "a.txt")
	if err := writeFile(file, "Northland shelled Southland's border posts on Monday."); err != nil {
		t.Fatal(err)
	}
	if r := p.Process(context.Background(), Source{Kind: KindFile, Path: file}); r.Status != StatusNew {
		t.Fatalf("file: %+v", r)
	}
	want := map[string]int{"fetch": 2, "extract": 3, "code": 3, "store": 3}
	for stage, n := range want {
		if seen[stage] != n {
			t.Errorf("stage %q observed %d times, want %d (all: %v)", stage, seen[stage], n, seen)
		}
	}
}

// TestPlainTextPageTitle: text saved from a web page keeps its headline
// line as the stored article's title; plain text that is no page has none.
func TestPlainTextPageTitle(t *testing.T) {
	for _, tc := range []struct {
		name, text, title string
	}{
		{"page", "Border posts shelled overnight\n\nBorder posts shelled overnight\n\nNorthland shelled Southland's border posts on Monday, officials said.\n\nRead more: Southland recalls its envoy\n", "Border posts shelled overnight"},
		{"plain", "Northland shelled Southland's border posts on Monday, officials said.\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			p := newPipeline(st, false)
			file := filepath.Join(t.TempDir(), "a.txt")
			if err := writeFile(file, tc.text); err != nil {
				t.Fatal(err)
			}
			r := p.Process(context.Background(), Source{Kind: KindFile, Path: file})
			if r.Status != StatusNew || r.Events != 1 {
				t.Fatalf("%+v", r)
			}
			d, err := st.Article(context.Background(), r.Article)
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tc.title {
				t.Errorf("title %q, want %q", d.Title, tc.title)
			}
		})
	}
}
