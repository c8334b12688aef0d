package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// The suite runs every test against both backends: the same behaviour is
// the contract, not an aspiration.
func TestStore(t *testing.T) {
	suite := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"WriteIsIdempotent", testWriteIsIdempotent},
		{"Sources", testSources},
		{"ArticleByURL", testArticleByURL},
		{"NearDuplicates", testNearDuplicates},
		{"ArticleDetail", testArticleDetail},
		{"ArticleForRecoding", testArticleForRecoding},
		{"URLOnlyArticles", testURLOnlyArticles},
		{"ByReported", testByReported},
		{"Articles", testArticles},
		{"FeedTags", testFeedTags},
		{"WriteBatch", testWriteBatch},
		{"ReplaceArticle", testReplaceArticle},
		{"Duplicates", testDuplicates},
		{"EventFilters", testEventFilters},
		{"Pagination", testPagination},
		{"ArrivalPolling", testArrivalPolling},
		{"EachEvent", testEachEvent},
		{"DyadSeries", testDyadSeries},
		{"Dyads", testDyads},
		{"SeriesMatchEvents", testSeriesMatchEvents},
		{"Search", testSearch},
		{"Feeds", testFeeds},
		{"Retries", testRetries},
		{"Warnings", testWarnings},
		{"TreatyStatus", testTreatyStatus},
		{"WarningLog", testWarningLog},
		{"Cursors", testCursors},
		{"Stats", testStats},
		{"BadInput", testBadInput},
		{"ConcurrentWriters", testConcurrentWriters},
	}
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			for _, tc := range suite {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, b.Open(t)) })
			}
		})
	}
}

var ctx = context.Background()

// ev builds an event coded from sentence, which must occur in text.
func ev(text, sentence, src, tgt, code, date string, quad int, gold float64) vigil.Event {
	i := strings.Index(text, sentence)
	if i < 0 {
		panic("sentence not in text: " + sentence)
	}
	return vigil.Event{
		Date: date, Source: src, SourceName: src + " name", Target: tgt, TargetName: tgt + " name",
		Code: code, Root: code[:2], Quad: quad, Goldstein: gold, PLOVER: "P", Mode: "m", Confidence: 0.9,
		Sentence: sentence, Offsets: [2]int{i, i + len(sentence)}, Pattern: "pattern " + code,
	}
}

// sentencesOf returns the given sentences of text with their offsets
// (the store does not split text: the pipeline gives it sentences).
func sentencesOf(text string, sentences ...string) []store.Sentence {
	var out []store.Sentence
	for _, se := range sentences {
		i := strings.Index(text, se)
		if i < 0 {
			panic("sentence not in text: " + se)
		}
		out = append(out, store.Sentence{Start: i, End: i + len(se), Text: se})
	}
	return out
}

const (
	text1 = "North Korea blew up roads to the South. Seoul accused Pyongyang of provocation. The U.S. condemned the move."
	text2 = "Russia ratified the treaty with North Korea. North Korea did not attack the South."
	text3 = "Talks about fisheries were held in Geneva on Tuesday."
)

// fixture is a small store: two coded articles, one without events, and
// events imported without an article.
func fixture() []store.Entry {
	a1 := &vigil.Article{ID: vigil.ArticleID(text1), URL: "https://news.example/a1?utm_source=x", CanonicalURL: "https://news.example/a1",
		Source: "Example News", Title: "North Korea blows up roads", Published: time.Date(2024, 10, 15, 9, 0, 0, 0, time.FixedZone("KST", 9*3600)),
		Lang: "en", Text: text1}
	a2 := &vigil.Article{ID: vigil.ArticleID(text2), URL: "https://wire.example/treaty", Source: "Wire", Title: "Treaty ratified",
		Published: time.Date(2024, 11, 9, 0, 0, 0, 0, time.UTC), Lang: "en", Text: text2}
	a3 := &vigil.Article{ID: vigil.ArticleID(text3), Title: "Fisheries talks", Text: text3}
	neg := ev(text2, "North Korea did not attack the South.", "PRK", "KOR", "190", "2024-11-09", 4, -10)
	neg.Negated = true
	return []store.Entry{
		{Article: a1, SimHash: 0xFFFF_0000_1234_5678, Sentences: sentencesOf(text1, "North Korea blew up roads to the South.", "Seoul accused Pyongyang of provocation.", "The U.S. condemned the move."), Events: []vigil.Event{
			ev(text1, "North Korea blew up roads to the South.", "PRKMIL", "KOR", "191", "2024-10-15", 4, -9.5),
			ev(text1, "Seoul accused Pyongyang of provocation.", "KORGOV", "PRKGOV", "112", "2024-10-15", 3, -2),
			ev(text1, "The U.S. condemned the move.", "USAGOV", "PRK", "111", "2024-10-16", 3, -2),
		}},
		{Article: a2, Sentences: sentencesOf(text2, "Russia ratified the treaty with North Korea.", "North Korea did not attack the South."), Events: []vigil.Event{
			ev(text2, "Russia ratified the treaty with North Korea.", "RUSLEG", "PRKGOV", "057", "2024-11-09", 1, 8),
			neg,
		}},
		{Article: a3},
		{Events: []vigil.Event{{Article: "gdelt:1", Date: "2024-10-20", Source: "KOR", Target: "PRK", Code: "0871",
			Root: "08", Quad: 2, Goldstein: 9, Sources: 4}}},
	}
}

func mustWrite(t *testing.T, s store.Store, entries ...store.Entry) store.WriteResult {
	t.Helper()
	res, err := s.Write(ctx, entries...)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return res
}

func ids(evs []vigil.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Code + ":" + e.Source + ">" + e.Target
	}
	return out
}

func testWriteIsIdempotent(t *testing.T, s store.Store) {
	res := mustWrite(t, s, fixture()...)
	if want := (store.WriteResult{Articles: 3, Sources: 2, Events: 6}); res != want {
		t.Errorf("first write: %+v, want %+v", res, want)
	}
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Again, all at once and one entry at a time: nothing new.
	if res := mustWrite(t, s, fixture()...); res != (store.WriteResult{}) {
		t.Errorf("second write added %+v", res)
	}
	for _, e := range fixture() {
		if res := mustWrite(t, s, e); res != (store.WriteResult{}) {
			t.Errorf("rewriting one entry added %+v", res)
		}
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before.Bytes, after.Bytes = 0, 0
	if before != after {
		t.Errorf("stats changed by rewriting:\n before %+v\n after  %+v", before, after)
	}
	// Event IDs are the contract's: re-coding gives the same IDs.
	p, err := s.Events(ctx, store.EventFilter{Article: vigil.ArticleID(text1)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Items {
		if want := vigil.EventID(e.Article, e.Offsets[0], e.Source, e.Target, e.Code); e.ID != want {
			t.Errorf("event %s: ID %s, want vigil.EventID %s", e.Code, e.ID, want)
		}
	}
}

func testSources(t *testing.T, s store.Store) {
	entries := fixture()
	mustWrite(t, s, entries...)
	id := entries[0].Article.ID
	sourcesOf := func() int {
		t.Helper()
		p, err := s.Events(ctx, store.EventFilter{Article: id})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("events of %s: %v %v", id, p.Items, err)
		}
		for _, e := range p.Items[1:] {
			if e.Sources != p.Items[0].Sources {
				t.Errorf("events of one article count different sources: %d and %d", e.Sources, p.Items[0].Sources)
			}
		}
		return p.Items[0].Sources
	}
	if n := sourcesOf(); n != 1 {
		t.Errorf("one source: events count %d", n)
	}
	// The same text syndicated elsewhere: one more source, no new events.
	syn := *entries[0].Article
	syn.URL, syn.Source, syn.CanonicalURL = "https://mirror.example/story", "Mirror", ""
	syn.Sources = []vigil.ArticleSource{{URL: "https://mirror.example/story", Source: "Mirror", Feed: "https://mirror.example/rss",
		Fetched: time.Date(2024, 10, 15, 12, 0, 0, 0, time.UTC)}}
	res := mustWrite(t, s, store.Entry{Article: &syn, Events: entries[0].Events})
	if res != (store.WriteResult{Sources: 1}) {
		t.Errorf("syndicated copy: %+v, want one new source only", res)
	}
	if n := sourcesOf(); n != 2 {
		t.Errorf("two sources: events count %d", n)
	}
	added, err := s.AddSource(ctx, id, vigil.ArticleSource{URL: "https://third.example/x", Source: "Third"})
	if err != nil || !added {
		t.Fatalf("AddSource: %v %v", added, err)
	}
	added, err = s.AddSource(ctx, id, vigil.ArticleSource{URL: "https://third.example/x", Source: "Third"})
	if err != nil || added {
		t.Errorf("AddSource again: added=%v err=%v, want false, nil", added, err)
	}
	if n := sourcesOf(); n != 3 {
		t.Errorf("three sources: events count %d", n)
	}
	if _, err := s.AddSource(ctx, "no-such-article", vigil.ArticleSource{URL: "https://x.example"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddSource to a missing article: %v, want ErrNotFound", err)
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, src := range a.Sources {
		urls = append(urls, src.URL)
	}
	sort.Strings(urls)
	want := []string{"https://mirror.example/story", "https://news.example/a1?utm_source=x", "https://third.example/x"}
	if !reflect.DeepEqual(urls, want) {
		t.Errorf("sources %q, want %q", urls, want)
	}
	// Imported events keep the number of sources they came with.
	p, err := s.Events(ctx, store.EventFilter{Article: "gdelt:1"})
	if err != nil || len(p.Items) != 1 || p.Items[0].Sources != 4 {
		t.Errorf("imported event: %+v %v, want 4 sources", p.Items, err)
	}
}

func testArticleByURL(t *testing.T, s store.Store) {
	entries := fixture()
	mustWrite(t, s, entries...)
	s.AddSource(ctx, entries[1].Article.ID, vigil.ArticleSource{URL: "https://copy.example/t"})
	for _, tc := range []struct{ url, want string }{
		{"https://news.example/a1?utm_source=x", entries[0].Article.ID},
		{"https://news.example/a1", entries[0].Article.ID},
		{"https://wire.example/treaty", entries[1].Article.ID},
		{"https://copy.example/t", entries[1].Article.ID},
		{"https://nowhere.example/", ""},
	} {
		got, err := s.ArticleByURL(ctx, tc.url)
		if tc.want == "" {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: %q %v, want ErrNotFound", tc.url, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.url, got, err, tc.want)
		}
	}
	urls, err := s.ArticleURLs(ctx, []string{entries[0].Article.ID, entries[1].Article.ID, entries[2].Article.ID, "missing"})
	want := map[string]string{entries[0].Article.ID: "https://news.example/a1", entries[1].Article.ID: "https://wire.example/treaty"}
	if err != nil || !reflect.DeepEqual(urls, want) {
		t.Errorf("ArticleURLs: %v %v, want %v (canonical first, none for articles without)", urls, err, want)
	}
}

func testNearDuplicates(t *testing.T, s store.Store) {
	base := uint64(0xA5A5_0F0F_3C3C_9999)
	var entries []store.Entry
	// Articles at distance 0..5 from base, the flipped bits spread over
	// different bands, and one far away.
	flips := map[string]uint64{
		"d0": 0, "d1": 1 << 3, "d2": 1<<3 | 1<<20, "d3": 1<<3 | 1<<20 | 1<<40, "d4": 1<<3 | 1<<20 | 1<<40 | 1<<60,
		"d5": 1<<3 | 1<<4 | 1<<20 | 1<<40 | 1<<60, "far": 0xFFFF_FFFF_0000_0000,
	}
	for name, f := range flips {
		entries = append(entries, store.Entry{Article: &vigil.Article{Text: "text " + name}, SimHash: base ^ f})
	}
	entries = append(entries, store.Entry{Article: &vigil.Article{Text: "no fingerprint"}})
	mustWrite(t, s, entries...)
	got, err := s.NearDuplicates(ctx, base, 3)
	if err != nil {
		t.Fatal(err)
	}
	var dists []int
	for _, nd := range got {
		dists = append(dists, nd.Distance)
		a, err := s.Article(ctx, nd.ID)
		if err != nil || base^nd.SimHash != flips[strings.TrimPrefix(a.Text, "text ")] {
			t.Errorf("candidate %s: simhash %x, article %v %v", nd.ID, nd.SimHash, a, err)
		}
	}
	if !reflect.DeepEqual(dists, []int{0, 1, 2, 3}) {
		t.Errorf("distances %v, want [0 1 2 3] nearest first", dists)
	}
	if _, err := s.NearDuplicates(ctx, base, 4); err == nil {
		t.Error("distance 4: no error, but four bands cannot find it reliably")
	}
	if got, err := s.NearDuplicates(ctx, 0, 3); err != nil || len(got) != 0 {
		t.Errorf("zero fingerprint: %v %v, want nothing", got, err)
	}
}

func testArticleDetail(t *testing.T, s store.Store) {
	entries := fixture()
	mustWrite(t, s, entries...)
	d, err := s.ArticleDetail(ctx, entries[0].Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "North Korea blows up roads" || d.Text != text1 || d.Lang != "en" {
		t.Errorf("article fields: %+v", d.Article)
	}
	// The publisher's offset survives: the day stays the publisher's.
	if !d.Published.Equal(entries[0].Article.Published) || d.Date() != "2024-10-15" {
		t.Errorf("published %v (%s), want %v", d.Published, d.Date(), entries[0].Article.Published)
	}
	if len(d.Sentences) != 3 {
		t.Fatalf("%d sentences, want 3: %+v", len(d.Sentences), d.Sentences)
	}
	for i, se := range d.Sentences {
		if text1[se.Start:se.End] != se.Text {
			t.Errorf("sentence %d: text %q but offsets point at %q", i, se.Text, text1[se.Start:se.End])
		}
		if len(se.Events) != 1 || se.Events[0].Sentence != se.Text {
			t.Errorf("sentence %d: events %+v", i, se.Events)
		}
	}
	if d.Sentences[0].Events[0].Code != "191" || d.Sentences[2].Events[0].Code != "111" {
		t.Errorf("events attached to the wrong sentences: %v", d.Sentences)
	}
	// The negated event is shown, flagged, in its sentence.
	d2, err := s.ArticleDetail(ctx, entries[1].Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d2.Sentences) != 2 || len(d2.Sentences[1].Events) != 1 || !d2.Sentences[1].Events[0].Negated {
		t.Errorf("negated event in article view: %+v", d2.Sentences)
	}
	// An article without events has its text and no sentences it was not given.
	d3, err := s.ArticleDetail(ctx, entries[2].Article.ID)
	if err != nil || d3.Text != text3 || len(d3.Sentences) != 0 {
		t.Errorf("article without events: %+v %v", d3, err)
	}
	if _, err := s.ArticleDetail(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing article: %v, want ErrNotFound", err)
	}
	// Events round-trip every field of the contract.
	want := entries[0].Events[1]
	want.ID = vigil.EventID(entries[0].Article.ID, want.Offsets[0], want.Source, want.Target, want.Code)
	want.Article, want.Sources = entries[0].Article.ID, 1
	want.Evidence = []vigil.Evidence{{Sentence: "More.", Offsets: [2]int{1, 6}, Pattern: "p"}}
	want.Location = "Panmunjom"
	e := want
	e.ID, e.Sources = "", 0
	text := "A" + text1
	art := &vigil.Article{Text: text}
	e.Article = ""
	e.Offsets = [2]int{want.Offsets[0] + 1, want.Offsets[1] + 1}
	mustWrite(t, s, store.Entry{Article: art, Events: []vigil.Event{e}})
	p, err := s.Events(ctx, store.EventFilter{Article: vigil.ArticleID(text)})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("round trip: %v %v", p.Items, err)
	}
	want.ID = vigil.EventID(vigil.ArticleID(text), e.Offsets[0], e.Source, e.Target, e.Code)
	want.Article, want.Offsets = vigil.ArticleID(text), e.Offsets
	if !reflect.DeepEqual(p.Items[0], want) {
		t.Errorf("round trip:\n got  %+v\n want %+v", p.Items[0], want)
	}
}

func testEventFilters(t *testing.T, s store.Store) {
	mustWrite(t, s, fixture()...)
	for _, tc := range []struct {
		name string
		f    store.EventFilter
		want []string // in date order
	}{
		{"all unflagged", store.EventFilter{}, []string{"191:PRKMIL>KOR", "112:KORGOV>PRKGOV", "111:USAGOV>PRK", "0871:KOR>PRK", "057:RUSLEG>PRKGOV"}},
		{"with flagged", store.EventFilter{IncludeFlagged: true, Since: "2024-11-01"}, []string{"057:RUSLEG>PRKGOV", "190:PRK>KOR"}},
		{"actor exact", store.EventFilter{Actor: "PRKGOV"}, []string{"112:KORGOV>PRKGOV", "057:RUSLEG>PRKGOV"}},
		{"actor is not a prefix", store.EventFilter{Actor: "PRK"}, []string{"111:USAGOV>PRK", "0871:KOR>PRK"}},
		{"country", store.EventFilter{Country: "USA"}, []string{"111:USAGOV>PRK"}},
		{"directed dyad", store.EventFilter{Dyad: &store.Dyad{A: "PRK", B: "KOR", Directed: true}}, []string{"191:PRKMIL>KOR"}},
		{"undirected dyad", store.EventFilter{Dyad: &store.Dyad{A: "PRK", B: "KOR"}}, []string{"191:PRKMIL>KOR", "112:KORGOV>PRKGOV", "0871:KOR>PRK"}},
		{"actor dyad", store.EventFilter{Dyad: &store.Dyad{A: "KORGOV", B: "PRK"}}, []string{"112:KORGOV>PRKGOV"}},
		{"codes", store.EventFilter{Codes: []string{"111", "112"}}, []string{"112:KORGOV>PRKGOV", "111:USAGOV>PRK"}},
		{"root", store.EventFilter{Roots: []string{"19"}, IncludeFlagged: true}, []string{"191:PRKMIL>KOR", "190:PRK>KOR"}},
		{"quad", store.EventFilter{Quad: []int{1, 2}}, []string{"0871:KOR>PRK", "057:RUSLEG>PRKGOV"}},
		{"date range", store.EventFilter{Since: "2024-10-16", Until: "2024-10-20"}, []string{"111:USAGOV>PRK", "0871:KOR>PRK"}},
		{"text", store.EventFilter{Text: "provocation"}, []string{"112:KORGOV>PRKGOV"}},
		{"text stemmed", store.EventFilter{Text: "accuse"}, []string{"112:KORGOV>PRKGOV"}},
		{"text with dots", store.EventFilter{Text: "U.S. condemned"}, []string{"111:USAGOV>PRK"}},
		{"text phrase", store.EventFilter{Text: `"blew up roads"`}, []string{"191:PRKMIL>KOR"}},
		{"text prefix", store.EventFilter{Text: "ratif*"}, []string{"057:RUSLEG>PRKGOV"}},
		{"text no match", store.EventFilter{Text: "ceasefire"}, []string{}},
		{"article", store.EventFilter{Article: vigil.ArticleID(text2), IncludeFlagged: true}, []string{"057:RUSLEG>PRKGOV", "190:PRK>KOR"}},
		{"combined", store.EventFilter{Country: "PRK", Roots: []string{"11"}, Until: "2024-10-15"}, []string{"112:KORGOV>PRKGOV"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := s.Events(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(p.Items); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
			if p.Next != "" {
				t.Errorf("one page, but Next = %q", p.Next)
			}
		})
	}
}

// manyEvents returns n events over days from 2024-01-01, several per day,
// between a few dyads, in articles of perArticle events.
func manyEvents(n, perArticle int) []store.Entry {
	var entries []store.Entry
	dyads := [][2]string{{"PRKMIL", "KORMIL"}, {"KORGOV", "PRKGOV"}, {"RUSGOV", "UKRGOV"}, {"USAGOV", "CHNGOV"}}
	codes := []struct {
		code string
		quad int
		g    float64
	}{{"191", 4, -9.5}, {"112", 3, -2}, {"042", 1, 1.9}, {"0871", 2, 9}, {"138", 3, -7}}
	for i := 0; i < n; i += perArticle {
		var sb strings.Builder
		var evs []vigil.Event
		for j := i; j < min(n, i+perArticle); j++ {
			start := sb.Len()
			fmt.Fprintf(&sb, "Sentence number %d of the synthetic corpus. ", j)
			d, c := dyads[j%len(dyads)], codes[j%len(codes)]
			evs = append(evs, vigil.Event{
				Date:   time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, j/7).Format(vigil.DateLayout),
				Source: d[0], Target: d[1], Code: c.code, Root: c.code[:2], Quad: c.quad, Goldstein: c.g,
				Sentence: strings.TrimSpace(sb.String()[start:]), Offsets: [2]int{start, sb.Len() - 1}, Hypothetical: j%10 == 9,
			})
		}
		entries = append(entries, store.Entry{Article: &vigil.Article{Text: sb.String(), Title: fmt.Sprintf("article %d", i)}, Events: evs})
	}
	return entries
}

func testPagination(t *testing.T, s store.Store) {
	mustWrite(t, s, manyEvents(95, 10)...)
	for _, order := range []store.Order{store.ByDate, store.ByDateDesc, store.ByArrival} {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			all, err := s.Events(ctx, store.EventFilter{Order: order, Limit: 1000, IncludeFlagged: true})
			if err != nil || len(all.Items) != 95 {
				t.Fatalf("all: %d events, %v", len(all.Items), err)
			}
			for i := 1; i < len(all.Items); i++ {
				a, b := all.Items[i-1].Date, all.Items[i].Date
				if (order == store.ByDate && a > b) || (order == store.ByDateDesc && a < b) {
					t.Fatalf("out of order at %d: %s then %s", i, a, b)
				}
			}
			var got []vigil.Event
			f := store.EventFilter{Order: order, Limit: 7, IncludeFlagged: true}
			for pages := 0; ; pages++ {
				if pages > 20 {
					t.Fatal("pagination does not end")
				}
				p, err := s.Events(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, p.Items...)
				if len(p.Items) == 0 || (order != store.ByArrival && p.Next == "") {
					break
				}
				f.Cursor = p.Next
			}
			if !reflect.DeepEqual(got, all.Items) {
				t.Errorf("pages of 7 give %d events, not the same as one page of %d", len(got), len(all.Items))
			}
		})
	}
	// A cursor stays valid while events arrive: the next page neither
	// repeats nor skips what was there.
	f := store.EventFilter{Limit: 10}
	p1, err := s.Events(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, store.Entry{Events: []vigil.Event{{Article: "late", Date: "2023-06-01", Source: "FRA", Target: "DEU", Code: "042", Quad: 1},
		{Article: "late", Date: "2030-01-01", Source: "FRA", Target: "DEU", Code: "043", Quad: 1}}})
	f.Cursor, f.Limit = p1.Next, 1000
	p2, err := s.Events(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	// 95 events of which 9 hypothetical: 86 listed, 10 on the first page,
	// then 76 and the new one dated after the cursor (not the one before).
	if len(p2.Items) != 77 || p2.Items[len(p2.Items)-1].Date != "2030-01-01" {
		t.Errorf("after new events: %d more, want 77 (the rest and the later one)", len(p2.Items))
	}
	for _, e := range p2.Items {
		for _, e1 := range p1.Items {
			if e.ID == e1.ID {
				t.Errorf("event %s repeated on the next page", e.ID)
			}
		}
	}
	for _, bad := range []string{"garbage", base64.RawURLEncoding.EncodeToString([]byte("d|15 Oct|5")), p1.Next + "x"} {
		if _, err := s.Events(ctx, store.EventFilter{Cursor: bad}); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", bad, err)
		}
	}
	// A cursor of one order is refused by another.
	if _, err := s.Events(ctx, store.EventFilter{Cursor: p1.Next, Order: store.ByDateDesc}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("ByDate cursor used ByDateDesc: %v, want ErrBadCursor", err)
	}
	// Filters on either side of an event (read as two merged index scans)
	// page the same way, and list an event matching on both sides once.
	mustWrite(t, s, store.Entry{Events: []vigil.Event{
		{Article: "self", Date: "2024-01-03", Source: "KORGOV", Target: "KORGOV", Code: "010", Quad: 1},
		{Article: "self", Date: "2024-01-04", Source: "PRKMIL", Target: "PRKGOV", Code: "010", Quad: 1}}})
	for _, f := range []store.EventFilter{
		{Dyad: &store.Dyad{A: "PRK", B: "KOR"}}, {Actor: "KORGOV"}, {Country: "PRK"},
		{Country: "KOR", Dyad: &store.Dyad{A: "KOR", B: "PRK"}, Actor: "KORGOV"},
	} {
		for _, order := range []store.Order{store.ByDate, store.ByDateDesc} {
			f.Order, f.Limit, f.Cursor = order, 1000, ""
			all, err := s.Events(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, e := range all.Items {
				if seen[e.ID] {
					t.Errorf("%+v: event %s listed twice", f, e.ID)
				}
				seen[e.ID] = true
			}
			var paged []vigil.Event
			f.Limit = 4
			for range 100 {
				p, err := s.Events(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				paged = append(paged, p.Items...)
				if p.Next == "" {
					break
				}
				f.Cursor = p.Next
			}
			if len(all.Items) == 0 || !reflect.DeepEqual(ids(paged), ids(all.Items)) {
				t.Errorf("%+v: %d events in pages of 4, %d in one page", f, len(paged), len(all.Items))
			}
		}
	}
	if p, _ := s.Events(ctx, store.EventFilter{Actor: "KORGOV", Since: "2024-01-03", Until: "2024-01-03"}); len(p.Items) != 2 {
		t.Errorf("KORGOV on 2024-01-03: %v, want its event with KORGOV on both sides once and one other", ids(p.Items))
	}
}

func testArrivalPolling(t *testing.T, s store.Store) {
	mustWrite(t, s, fixture()...)
	cur, err := s.ArrivalCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Events(ctx, store.EventFilter{Order: store.ByArrival, Cursor: cur})
	if err != nil || len(p.Items) != 0 || p.Next == "" {
		t.Fatalf("nothing new yet: %v next=%q %v", ids(p.Items), p.Next, err)
	}
	more := manyEvents(12, 4)
	mustWrite(t, s, more[0])
	mustWrite(t, s, more[1:]...)
	var got []vigil.Event
	f := store.EventFilter{Order: store.ByArrival, Cursor: p.Next, Limit: 5, IncludeFlagged: true}
	for range 5 {
		p, err = s.Events(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Items...)
		if p.Next == "" {
			t.Fatal("ByArrival page without Next")
		}
		f.Cursor = p.Next
	}
	if len(got) != 12 {
		t.Fatalf("polled %d new events, want 12", len(got))
	}
	// The first batch arrived first.
	first := map[string]bool{}
	for _, e := range more[0].Events {
		first[vigil.EventID(vigil.ArticleID(more[0].Article.Text), e.Offsets[0], e.Source, e.Target, e.Code)] = true
	}
	for i, e := range got[:4] {
		if !first[e.ID] {
			t.Errorf("event %d polled (%s) is not from the first write", i, e.ID)
		}
	}
	// From the start, everything.
	p, err = s.Events(ctx, store.EventFilter{Order: store.ByArrival, IncludeFlagged: true, Limit: 1000})
	if err != nil || len(p.Items) != 6+12 {
		t.Errorf("from the start: %d events, %v", len(p.Items), err)
	}
}

func testEachEvent(t *testing.T, s store.Store) {
	const n = 4500 // more than one internal chunk
	mustWrite(t, s, manyEvents(n, 50)...)
	var dates []string
	err := s.EachEvent(ctx, store.EventFilter{IncludeFlagged: true}, func(e *vigil.Event) error {
		dates = append(dates, e.Date)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dates) != n || !slices.IsSorted(dates) {
		t.Errorf("EachEvent: %d events (sorted %v), want %d in date order", len(dates), slices.IsSorted(dates), n)
	}
	// fn may use the store while iterating (the watch saves warnings).
	count := 0
	err = s.EachEvent(ctx, store.EventFilter{Since: "2024-03-01", Until: "2024-03-31"}, func(e *vigil.Event) error {
		count++
		if count%500 == 1 {
			_, err := s.SaveTreatyStatus(ctx, vigil.TreatyStatus{Treaty: "t", Status: "signed", Date: e.Date})
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range dates {
		if d >= "2024-03-01" && d <= "2024-03-31" {
			want++
		}
	}
	want -= want / 10 // about a tenth are hypothetical and left out
	if count < want-10 || count > want+10 {
		t.Errorf("March: %d events, want about %d", count, want)
	}
	stop := errors.New("stop")
	count = 0
	err = s.EachEvent(ctx, store.EventFilter{}, func(*vigil.Event) error {
		count++
		if count == 3 {
			return stop
		}
		return nil
	})
	if err != stop || count != 3 {
		t.Errorf("stopping: err %v after %d events, want stop after 3", err, count)
	}
	count = 0
	if err := s.EachEvent(ctx, store.EventFilter{Limit: 2100}, func(*vigil.Event) error { count++; return nil }); err != nil || count != 2100 {
		t.Errorf("limit 2100: %d events, %v", count, err)
	}
}

func testDyadSeries(t *testing.T, s store.Store) {
	mustWrite(t, s, fixture()...)
	for _, tc := range []struct {
		name string
		q    store.SeriesQuery
		want []store.DayStat
	}{
		{"directed", store.SeriesQuery{Dyad: store.Dyad{A: "PRK", B: "KOR", Directed: true}},
			[]store.DayStat{{Date: "2024-10-15", Count: 1, Quad: [4]int{0, 0, 0, 1}, Goldstein: -9.5}}},
		{"undirected", store.SeriesQuery{Dyad: store.Dyad{A: "PRK", B: "KOR"}}, []store.DayStat{
			{Date: "2024-10-15", Count: 2, Quad: [4]int{0, 0, 1, 1}, Goldstein: -11.5},
			{Date: "2024-10-20", Count: 1, Quad: [4]int{0, 1, 0, 0}, Goldstein: 9},
		}},
		{"range", store.SeriesQuery{Dyad: store.Dyad{A: "KOR", B: "PRK"}, Since: "2024-10-16"}, []store.DayStat{
			{Date: "2024-10-20", Count: 1, Quad: [4]int{0, 1, 0, 0}, Goldstein: 9},
		}},
		{"actor side", store.SeriesQuery{Dyad: store.Dyad{A: "RUSLEG", B: "PRK", Directed: true}}, []store.DayStat{
			{Date: "2024-11-09", Count: 1, Quad: [4]int{1, 0, 0, 0}, Goldstein: 8},
		}},
		{"flagged left out", store.SeriesQuery{Dyad: store.Dyad{A: "PRK", B: "KOR", Directed: true}, Since: "2024-11-01"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.DyadSeries(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
	if got := (store.DayStat{Count: 2, Goldstein: -11.5}).Mean(); got != -5.75 {
		t.Errorf("Mean = %v", got)
	}
	if _, err := s.DyadSeries(ctx, store.SeriesQuery{Dyad: store.Dyad{A: "PRK"}}); err == nil {
		t.Error("a dyad with one side: no error")
	}
}

func testDyads(t *testing.T, s store.Store) {
	mustWrite(t, s, fixture()...)
	got, err := s.Dyads(ctx, store.DyadQuery{Countries: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.DyadTotal{
		{Source: "KOR", Target: "PRK", Events: 2, Goldstein: 7, First: "2024-10-15", Last: "2024-10-20"},
		{Source: "PRK", Target: "KOR", Events: 1, Goldstein: -9.5, First: "2024-10-15", Last: "2024-10-15"},
		{Source: "RUS", Target: "PRK", Events: 1, Goldstein: 8, First: "2024-11-09", Last: "2024-11-09"},
		{Source: "USA", Target: "PRK", Events: 1, Goldstein: -2, First: "2024-10-16", Last: "2024-10-16"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	got, err = s.Dyads(ctx, store.DyadQuery{Since: "2024-10-16", Limit: 1})
	if err != nil || len(got) != 1 || got[0].Source != "KOR" || got[0].Target != "PRK" {
		t.Errorf("actors since 2024-10-16, limit 1: %+v %v", got, err)
	}
}

func testSearch(t *testing.T, s store.Store) {
	mustWrite(t, s, fixture()...)
	for _, tc := range []struct {
		q    string
		want []string // titles, best first
	}{
		{"roads", []string{"North Korea blows up roads"}},
		{"north korea", []string{"North Korea blows up roads", "Treaty ratified"}},
		{"treaty korea", []string{"Treaty ratified"}},
		{`"did not attack"`, []string{"Treaty ratified"}},
		{"U.S.", []string{"North Korea blows up roads"}},
		{"fisheri*", []string{"Fisheries talks"}},
		{"submarine", []string{}},
		{`roads "unclosed phrase`, []string{}},
		{"PRK-KOR (AND) OR NOT", []string{}},
	} {
		p, err := s.Search(ctx, store.SearchQuery{Query: tc.q})
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		var titles []string = []string{}
		for _, h := range p.Items {
			titles = append(titles, h.Title)
		}
		if tc.q == "north korea" {
			sort.Strings(titles) // both match about as well
		}
		if !reflect.DeepEqual(titles, tc.want) {
			t.Errorf("%q: %q, want %q", tc.q, titles, tc.want)
		}
	}
	p, err := s.Search(ctx, store.SearchQuery{Query: "provocation"})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("provocation: %+v %v", p, err)
	}
	h := p.Items[0]
	if !strings.Contains(h.Snippet, store.MatchStart+"provocation"+store.MatchEnd) || h.URL != "https://news.example/a1?utm_source=x" || h.Source != "Example News" || h.Score <= 0 {
		t.Errorf("hit %+v: want the match marked in the snippet, URL, source, a positive score", h)
	}
	// Paging.
	var entries []store.Entry
	for i := range 25 {
		entries = append(entries, store.Entry{Article: &vigil.Article{Title: fmt.Sprint("drill ", i), Text: fmt.Sprintf("Artillery drill number %d near the border.", i)}})
	}
	mustWrite(t, s, entries...)
	seen := map[string]bool{}
	q := store.SearchQuery{Query: "artillery drill", Limit: 10}
	for pages := 0; pages < 5; pages++ {
		p, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range p.Items {
			if seen[h.ID] {
				t.Errorf("hit %s on two pages", h.ID)
			}
			seen[h.ID] = true
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	if len(seen) != 25 {
		t.Errorf("paged search found %d articles, want 25", len(seen))
	}
	if _, err := s.Search(ctx, store.SearchQuery{Query: " ... "}); err == nil {
		t.Error("a query without words: no error")
	}
}

func testFeeds(t *testing.T, s store.Store) {
	const feed = "https://news.example/rss"
	if _, err := s.Feed(ctx, feed); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown feed: %v, want ErrNotFound", err)
	}
	now := time.Date(2024, 10, 15, 8, 0, 0, 123, time.UTC)
	st := store.FeedState{URL: feed, Title: "News", ETag: `W/"abc"`, LastModified: "Tue, 15 Oct 2024 07:59:00 GMT",
		LastFetch: now, NextFetch: now.Add(15 * time.Minute), Errors: 2, Backoff: 4 * time.Minute, LastError: "timeout"}
	if err := s.SaveFeed(ctx, st); err != nil {
		t.Fatal(err)
	}
	st2 := store.FeedState{URL: "https://other.example/atom", NextFetch: now.Add(time.Minute)}
	if err := s.SaveFeed(ctx, st2); err != nil {
		t.Fatal(err)
	}
	got, err := s.Feed(ctx, feed)
	if err != nil || !reflect.DeepEqual(*got, st) {
		t.Errorf("feed round trip:\n got  %+v %v\n want %+v", got, err, st)
	}
	st.Errors, st.ETag = 0, `"def"`
	if err := s.SaveFeed(ctx, st); err != nil {
		t.Fatal(err)
	}
	all, err := s.Feeds(ctx)
	if err != nil || len(all) != 2 || all[0].URL != st2.URL || all[1].ETag != `"def"` || all[1].Errors != 0 {
		t.Errorf("feeds, soonest first: %+v %v", all, err)
	}
	// Seen items: marked alone, or with the article in one transaction.
	if err := s.MarkSeen(ctx, store.FeedItem{Feed: feed, Key: "guid-1"}, store.FeedItem{Feed: feed, Key: "guid-1"}); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, store.Entry{Article: &vigil.Article{Text: "An item."}, Item: &store.FeedItem{Feed: feed, Key: "guid-2"}})
	keys := []string{"guid-1", "guid-2", "guid-3"}
	for i := range 600 { // more than one query's worth
		keys = append(keys, fmt.Sprint("other-", i))
	}
	seen, err := s.Seen(ctx, feed, keys)
	if err != nil || !reflect.DeepEqual(seen, map[string]bool{"guid-1": true, "guid-2": true}) {
		t.Errorf("seen: %v %v", seen, err)
	}
	if seen, _ := s.Seen(ctx, "https://other.example/atom", []string{"guid-1"}); len(seen) != 0 {
		t.Errorf("items are per feed: %v", seen)
	}
}

func testRetries(t *testing.T, s store.Store) {
	now := time.Date(2024, 10, 15, 8, 0, 0, 0, time.UTC)
	for i, r := range []store.Retry{
		{URL: "https://a.example/1", Feed: "f", Attempts: 1, NextTry: now.Add(-time.Hour), LastError: "503", Fallback: "art1"},
		{URL: "https://a.example/2", Attempts: 2, NextTry: now.Add(time.Hour)},
		{URL: "https://a.example/3", Attempts: 1, NextTry: now.Add(-2 * time.Hour)},
	} {
		if err := s.QueueRetry(ctx, r); err != nil {
			t.Fatalf("retry %d: %v", i, err)
		}
	}
	due, err := s.DueRetries(ctx, now, 10)
	if err != nil || len(due) != 2 || due[0].URL != "https://a.example/3" || due[1].Fallback != "art1" || !due[1].NextTry.Equal(now.Add(-time.Hour)) {
		t.Errorf("due: %+v %v", due, err)
	}
	// Requeued later: no longer due.
	if err := s.QueueRetry(ctx, store.Retry{URL: "https://a.example/3", Attempts: 2, NextTry: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.DropRetry(ctx, "https://a.example/1"); err != nil {
		t.Fatal(err)
	}
	if due, err := s.DueRetries(ctx, now, 10); err != nil || len(due) != 0 {
		t.Errorf("after requeue and drop: %+v %v", due, err)
	}
	if due, err := s.DueRetries(ctx, now.Add(2*time.Hour), 1); err != nil || len(due) != 1 || due[0].Attempts != 2 {
		t.Errorf("later, limit 1: %+v %v", due, err)
	}
}

func testWarnings(t *testing.T, s store.Store) {
	t0 := time.Date(2024, 10, 15, 10, 0, 0, 0, time.UTC)
	w := &vigil.Warning{ID: "w1", Source: "PRK", Target: "KOR", Level: "watch", Rule: "pre-offensive-posture", Score: 2,
		First: "2024-10-09", Last: "2024-10-14",
		Steps: []vigil.WarningStep{{Name: "sever links", Events: []vigil.EventRef{{ID: "e1", Date: "2024-10-15", Code: "191", Sentence: "North Korea blew up roads."}}}},
		Exposure: &vigil.Exposure{Date: "2024-10-15", A: "PRK", B: "KOR", Bound: []vigil.Obligation{{State: "RUS", Joins: "PRK", Treaty: "rus-prk-2024", Article: "4",
			Obligation: "defense", Status: "signed", Conditions: []string{"armed attack"}}}},
		Updated: t0,
		History: []vigil.WarningChange{{At: t0, Date: "2024-10-14", Change: "new", Level: "watch", Score: 2, Reason: "3 steps"}}}
	if err := s.SaveWarning(ctx, w); err != nil {
		t.Fatal(err)
	}
	got, err := s.Warning(ctx, "w1")
	if err != nil || !reflect.DeepEqual(got, w) {
		t.Fatalf("round trip:\n got  %+v %v\n want %+v", got, err, w)
	}
	// Raised: the caller may send only the new change; history keeps both.
	w2 := *w
	w2.Level, w2.Score, w2.Last, w2.Updated = "warning", 4, "2024-10-15", t0.Add(time.Hour)
	w2.History = []vigil.WarningChange{{At: t0.Add(time.Hour), Date: "2024-10-15", Change: "raised", Level: "warning", Score: 4}}
	if err := s.SaveWarning(ctx, &w2); err != nil {
		t.Fatal(err)
	}
	// Saved again with the full history: nothing doubles.
	w2.History = append(w.History, w2.History...)
	if err := s.SaveWarning(ctx, &w2); err != nil {
		t.Fatal(err)
	}
	got, err = s.Warning(ctx, "w1")
	if err != nil || got.Level != "warning" || len(got.History) != 2 || got.History[1].Change != "raised" {
		t.Errorf("after raising: %+v %v", got, err)
	}
	other := &vigil.Warning{ID: "w2", Source: "RUS", Target: "UKR", Level: "alert", Rule: "escalation", First: "2024-01-01", Last: "2024-02-01", Updated: t0.Add(-time.Hour)}
	if err := s.SaveWarning(ctx, other); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    store.WarningFilter
		want []string
	}{
		{store.WarningFilter{}, []string{"w1", "w2"}},
		{store.WarningFilter{Since: "2024-10-01"}, []string{"w1"}},
		{store.WarningFilter{Country: "UKR"}, []string{"w2"}},
		{store.WarningFilter{Level: "warning"}, []string{"w1"}},
		{store.WarningFilter{Rule: "escalation"}, []string{"w2"}},
		{store.WarningFilter{UpdatedAfter: t0}, []string{"w1"}},
		{store.WarningFilter{Limit: 1}, []string{"w1"}},
	} {
		ws, err := s.Warnings(ctx, tc.f)
		var got []string
		for _, w := range ws {
			got = append(got, w.ID)
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%+v: %v %v, want %v", tc.f, got, err, tc.want)
		}
	}
	if _, err := s.Warning(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing warning: %v", err)
	}
}

func testTreatyStatus(t *testing.T, s store.Store) {
	entries := []vigil.TreatyStatus{
		{Treaty: "rus-prk-2024", Status: "in_force", Date: "2024-12-04"},
		{Treaty: "rus-prk-2024", Status: "signed", Date: "2024-06-19"},
		{Treaty: "rus-prk-2024", Party: "RUS", Status: "ratified", Date: "2024-11-09", EventID: "e9", Sentence: "Russia ratified the treaty."},
		{Treaty: "nato", Party: "SWE", Status: "ratified", Date: "2024-03-07"},
	}
	for _, e := range entries {
		if added, err := s.SaveTreatyStatus(ctx, e); err != nil || !added {
			t.Fatalf("%+v: %v %v", e, added, err)
		}
	}
	if added, err := s.SaveTreatyStatus(ctx, entries[2]); err != nil || added {
		t.Errorf("saving again: added=%v %v", added, err)
	}
	got, err := s.TreatyStatuses(ctx, "rus-prk-2024")
	if err != nil {
		t.Fatal(err)
	}
	want := []vigil.TreatyStatus{entries[1], entries[2], entries[0]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history:\n got  %+v\n want %+v", got, want)
	}
	if all, err := s.TreatyStatuses(ctx, ""); err != nil || len(all) != 4 || all[0].Treaty != "nato" {
		t.Errorf("all treaties: %+v %v", all, err)
	}
	if _, err := s.SaveTreatyStatus(ctx, vigil.TreatyStatus{Treaty: "x", Status: "signed", Date: "June 2024"}); err == nil {
		t.Error("a bad date: no error")
	}
}

func testStats(t *testing.T, s store.Store) {
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 0 || st.Events != 0 || st.Schema < 1 {
		t.Fatalf("empty store: %+v %v", st, err)
	}
	mustWrite(t, s, fixture()...)
	s.SaveFeed(ctx, store.FeedState{URL: "https://news.example/rss"})
	s.AddSource(ctx, vigil.ArticleID(text1), vigil.ArticleSource{URL: "https://www.Mirror.example/x"})
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Outlets: Example News, Wire, mirror.example.
	if st.Articles != 3 || st.Events != 6 || st.Flagged != 1 || st.Sources != 3 || st.Sentences != 5 || st.Feeds != 1 ||
		st.First != "2024-10-15" || st.Last != "2024-11-09" || st.Bytes <= 0 {
		t.Errorf("stats %+v", st)
	}
}

func testBadInput(t *testing.T, s store.Store) {
	good := fixture()[0]
	for _, tc := range []struct {
		name string
		e    store.Entry
	}{
		{"bad date", store.Entry{Events: []vigil.Event{{Article: "x", Date: "15/10/2024", Code: "191"}}}},
		{"no code", store.Entry{Events: []vigil.Event{{Article: "x", Date: "2024-10-15"}}}},
		{"bad offsets", store.Entry{Events: []vigil.Event{{Article: "x", Code: "191", Offsets: [2]int{9, 3}}}}},
		{"empty article", store.Entry{Article: &vigil.Article{}}},
		{"half a feed item", store.Entry{Article: &vigil.Article{Text: "x"}, Item: &store.FeedItem{Key: "k"}}},
	} {
		// A bad entry fails the whole batch, which then stores nothing.
		if _, err := s.Write(ctx, good, tc.e); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if st, _ := s.Stats(ctx); st.Articles != 0 || st.Events != 0 {
		t.Errorf("failed writes stored %+v", st)
	}
	for _, f := range []store.EventFilter{{Since: "yesterday"}, {Quad: []int{5}}, {Text: "--"}, {Order: 9}} {
		if _, err := s.Events(ctx, f); err == nil {
			t.Errorf("filter %+v: no error", f)
		}
	}
}

// Several writers storing overlapping batches at once (ingest workers):
// no errors, nothing twice.
func testConcurrentWriters(t *testing.T, s store.Store) {
	entries := manyEvents(400, 5) // 80 articles
	const writers = 4
	// A poller follows the arrival order meanwhile: it must get every
	// event exactly once, however the writers' commits interleave.
	start, err := s.ArrivalCursor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	polled := map[string]int{}
	cur := start
	poll := func() int {
		p, err := s.Events(ctx, store.EventFilter{Order: store.ByArrival, Cursor: cur, IncludeFlagged: true, Limit: 50})
		if err != nil {
			t.Error(err)
			return 0
		}
		for _, e := range p.Items {
			polled[e.ID]++
		}
		cur = p.Next
		return len(p.Items)
	}
	stopPoll, pollDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(pollDone)
		for {
			select {
			case <-stopPoll:
				return
			default:
				poll()
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	total := make(chan store.WriteResult, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sum store.WriteResult
			// Each writer writes everything, in its own order and batches.
			order := slices.Clone(entries)
			if w%2 == 1 {
				slices.Reverse(order)
			}
			for i := 0; i < len(order); i += 3 + w {
				res, err := s.Write(ctx, order[i:min(len(order), i+3+w)]...)
				if err != nil {
					errs <- err
					return
				}
				sum.Articles += res.Articles
				sum.Events += res.Events
			}
			total <- sum
		}()
	}
	wg.Wait()
	close(stopPoll)
	<-pollDone
	for poll() > 0 {
	}
	close(errs)
	close(total)
	for err := range errs {
		t.Error(err)
	}
	twice := 0
	for _, n := range polled {
		if n > 1 {
			twice++
		}
	}
	if len(polled) != 400 || twice > 0 {
		t.Errorf("the poller got %d distinct events (%d more than once), want 400 once each", len(polled), twice)
	}
	var sum store.WriteResult
	for r := range total {
		sum.Articles += r.Articles
		sum.Events += r.Events
	}
	if sum.Articles != 80 || sum.Events != 400 {
		t.Errorf("writers together added %d articles and %d events, want 80 and 400 (each once)", sum.Articles, sum.Events)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 80 || st.Events != 400 {
		t.Errorf("stored %+v %v", st, err)
	}
}

// The daily totals kept at write time agree with the events they count,
// after rewrites, concurrent writers and flagged events.
func testSeriesMatchEvents(t *testing.T, s store.Store) {
	sy := newSynth(3)
	var entries []store.Entry
	for i := range 300 {
		entries = append(entries, sy.entry(i, 1+i%12, i%2 == 0))
	}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * 50; i < len(entries); i += 20 { // overlapping ranges
				if _, err := s.Write(ctx, entries[i:min(i+20, len(entries))]...); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	mustWrite(t, s, entries...) // everything again: nothing may count twice
	type key struct{ src, tgt, date string }
	want := map[key]*store.DayStat{}
	err := s.EachEvent(ctx, store.EventFilter{}, func(e *vigil.Event) error {
		if e.Target == "" || e.Date == "" {
			return nil
		}
		k := key{e.SourceCountry(), e.TargetCountry(), e.Date}
		d := want[k]
		if d == nil {
			d = &store.DayStat{Date: e.Date}
			want[k] = d
		}
		d.Count++
		d.Quad[e.Quad-1]++
		d.Goldstein += e.Goldstein
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dyads, err := s.Dyads(ctx, store.DyadQuery{Countries: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range dyads {
		total += d.Events
	}
	// All-time totals (kept per dyad) and a range covering everything
	// (summed from the days) agree.
	ranged, err := s.Dyads(ctx, store.DyadQuery{Countries: true, Limit: 1000, Since: "1900-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ranged) != len(dyads) {
		t.Fatalf("%d dyads all time, %d over a range covering all", len(dyads), len(ranged))
	}
	for i := range dyads {
		a, b := dyads[i], ranged[i]
		if a.Source != b.Source || a.Target != b.Target || a.Events != b.Events || a.First != b.First || a.Last != b.Last || math.Abs(a.Goldstein-b.Goldstein) > 1e-6 {
			t.Errorf("dyad %d: all time %+v, range %+v", i, a, b)
		}
	}
	if len(want) == 0 || total == 0 {
		t.Fatal("no dyads")
	}
	for _, d := range dyads[:min(8, len(dyads))] {
		series, err := s.DyadSeries(ctx, store.SeriesQuery{Dyad: store.Dyad{A: d.Source, B: d.Target, Directed: true}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, day := range series {
			w := want[key{d.Source, d.Target, day.Date}]
			if w == nil || w.Count != day.Count || w.Quad != day.Quad || math.Abs(w.Goldstein-day.Goldstein) > 1e-9 {
				t.Errorf("%s>%s %s: series %+v, events give %+v", d.Source, d.Target, day.Date, day, w)
			}
			n += day.Count
		}
		if n != d.Events {
			t.Errorf("%s>%s: series counts %d events, Dyads %d", d.Source, d.Target, n, d.Events)
		}
	}
	// The actor-level listing adds up to the country totals.
	actors, err := s.Dyads(ctx, store.DyadQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, a := range actors {
		sum += a.Events
	}
	if sum != total {
		t.Errorf("actor dyads count %d events, country dyads %d", sum, total)
	}
}

// What the coder needs to read a stored article again as it read it at
// ingestion (Web, Byline) survives, and every sentence given is shown by
// the article view, with or without events.
func testArticleForRecoding(t *testing.T, s store.Store) {
	const text = "By Jane Doe\nNorth Korea blew up roads. Seoul protested. Talks went on."
	a := &vigil.Article{Text: text, Title: "Roads", URL: "https://news.example/r", Web: true, Byline: "Jane Doe"}
	mustWrite(t, s, store.Entry{Article: a,
		Sentences: sentencesOf(text, "North Korea blew up roads.", "Seoul protested.", "Talks went on."),
		Events:    []vigil.Event{ev(text, "Seoul protested.", "KOR", "PRK", "111", "2024-10-15", 3, -2)}})
	got, err := s.Article(ctx, vigil.ArticleID(text))
	if err != nil || !got.Web || got.Byline != "Jane Doe" {
		t.Fatalf("article: %+v %v, want Web and Byline kept", got, err)
	}
	d, err := s.ArticleDetail(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, se := range d.Sentences {
		texts = append(texts, fmt.Sprintf("%s(%d)", se.Text, len(se.Events)))
	}
	want := []string{"North Korea blew up roads.(0)", "Seoul protested.(1)", "Talks went on.(0)"}
	if !reflect.DeepEqual(texts, want) || !d.Web {
		t.Errorf("article view: %q, want %q", texts, want)
	}
	// Spans outside the text are refused, not stored.
	bad := store.Entry{Article: &vigil.Article{Text: "Short."}, Sentences: []store.Sentence{{Start: 0, End: 60}}}
	if _, err := s.Write(ctx, bad); err == nil {
		t.Error("a sentence beyond the text was accepted")
	}
}

// Events imported from GDELT name pages by URL only: the store keeps
// those as articles without text, which do not count as articles, leave
// their events' own source counts alone, and give way to the page itself
// when it is ingested.
func testURLOnlyArticles(t *testing.T, s store.Store) {
	const url = "https://wire.example/story"
	stub := &vigil.Article{ID: "gdelt-stub-1", URL: url}
	mustWrite(t, s, store.Entry{Article: stub, Events: []vigil.Event{{ID: "gdelt-1", Date: "2024-10-20", Source: "KOR", Target: "PRK",
		Code: "0871", Quad: 2, Goldstein: 9, Sources: 7, Pattern: "gdelt"}}})
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 0 || st.URLOnly != 1 || st.Events != 1 || st.Sources != 0 {
		t.Fatalf("stats with a URL-only article: %+v %v", st, err)
	}
	if id, err := s.ArticleByURL(ctx, url); err != nil || id != stub.ID {
		t.Errorf("ArticleByURL: %q %v, want the URL-only article", id, err)
	}
	urls, err := s.ArticleURLs(ctx, []string{stub.ID})
	if err != nil || urls[stub.ID] != url {
		t.Errorf("ArticleURLs: %v %v", urls, err)
	}
	p, err := s.Events(ctx, store.EventFilter{})
	if err != nil || len(p.Items) != 1 || p.Items[0].Sources != 7 || p.Items[0].Article != stub.ID {
		t.Fatalf("imported event: %+v %v, want GDELT's 7 sources kept", p.Items, err)
	}
	// The page itself, read later, is the article of its URL.
	page := &vigil.Article{Text: "The two Koreas exchanged aid.", URL: url, Source: "Wire"}
	mustWrite(t, s, store.Entry{Article: page})
	if id, err := s.ArticleByURL(ctx, url); err != nil || id != vigil.ArticleID(page.Text) {
		t.Errorf("ArticleByURL after the page was read: %q %v, want the page", id, err)
	}
	if st, _ := s.Stats(ctx); st.Articles != 1 || st.URLOnly != 1 {
		t.Errorf("stats: %+v", st)
	}
}

// WriteBatch credits what it stored to the entry that brought it; a copy
// (DuplicateOf) adds only its sources, to the article it copies, even one
// stored by the same call.
func testWriteBatch(t *testing.T, s store.Store) {
	entries := fixture()
	first := entries[0]
	copyOf := store.Entry{Article: &vigil.Article{Text: "A syndicated copy.", Sources: []vigil.ArticleSource{{URL: "https://mirror.example/a1", Source: "Mirror"}}},
		DuplicateOf: first.Article.ID, Item: &store.FeedItem{Feed: "https://mirror.example/rss", Key: "a1"}}
	batch := append(entries, copyOf, first) // and the first again: nothing more
	got, err := s.WriteBatch(ctx, batch...)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.WriteResult{{Articles: 1, Sources: 1, Events: 3}, {Articles: 1, Sources: 1, Events: 2}, {Articles: 1},
		{Events: 1}, {Sources: 1}, {}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WriteBatch:\n got  %+v\n want %+v", got, want)
	}
	a, err := s.Article(ctx, first.Article.ID)
	if err != nil || len(a.Sources) != 2 {
		t.Fatalf("the copied article: %+v %v, want 2 sources", a, err)
	}
	if _, err := s.Article(ctx, vigil.ArticleID("A syndicated copy.")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the copy's text was stored: %v", err)
	}
	p, err := s.Events(ctx, store.EventFilter{Article: first.Article.ID})
	if err != nil || len(p.Items) != 3 || p.Items[0].Sources != 2 {
		t.Errorf("events of the copied article: %+v %v, want 3 counting 2 sources", p.Items, err)
	}
	if seen, _ := s.Seen(ctx, "https://mirror.example/rss", []string{"a1"}); !seen["a1"] {
		t.Error("the copy's feed item was not marked seen")
	}
	// Later, a copy of a stored article counts one more source.
	more := store.Entry{Article: &vigil.Article{Sources: []vigil.ArticleSource{{URL: "https://third.example/a1"}}}, DuplicateOf: first.Article.ID}
	if got, err := s.WriteBatch(ctx, more); err != nil || !reflect.DeepEqual(got, []store.WriteResult{{Sources: 1}}) {
		t.Errorf("a later copy: %+v %v", got, err)
	}
	if p, _ := s.Events(ctx, store.EventFilter{Article: first.Article.ID}); len(p.Items) == 0 || p.Items[0].Sources != 3 {
		t.Errorf("events after a third source: %+v", p.Items)
	}
}

func testDuplicates(t *testing.T, s store.Store) {
	entries := fixture()
	mustWrite(t, s, entries...)
	mustWrite(t, s, store.Entry{Article: &vigil.Article{ID: "url-only", URL: "https://only.example/x"}})
	a1 := entries[0].Article
	qs := []store.DupQuery{
		{ID: a1.ID},                                                                      // the same text
		{ID: "new1", URLs: []string{"", a1.URL}},                                         // a URL it was seen at
		{ID: "new2", URLs: []string{a1.CanonicalURL}},                                    // its canonical URL
		{ID: "new3", SimHash: entries[0].SimHash ^ 0b101},                                // 2 bits away
		{ID: "new4", SimHash: entries[0].SimHash ^ 0b1111},                               // 4 bits: too far
		{ID: "new5", URLs: []string{"https://only.example/x"}},                           // an article without text is no copy
		{ID: "new6", URLs: []string{a1.URL}, SimHash: entries[0].SimHash, Except: a1.ID}, // a stand-in being replaced
		{ID: "new7"},
	}
	got, err := s.Duplicates(ctx, qs)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Duplicate{{ID: a1.ID, How: "text"}, {ID: a1.ID, How: "url"}, {ID: a1.ID, How: "url"}, {ID: a1.ID, How: "near"},
		{}, {}, {}, {}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Duplicates:\n got  %+v\n want %+v", got, want)
	}
	// Many at once: more than one statement's worth.
	many := make([]store.DupQuery, 450)
	for i := range many {
		many[i] = store.DupQuery{ID: fmt.Sprint("x", i), URLs: []string{fmt.Sprint("https://x.example/", i)}, SimHash: uint64(i + 1)}
	}
	many[449].ID = a1.ID
	got, err = s.Duplicates(ctx, many)
	if err != nil || len(got) != 450 || got[449] != (store.Duplicate{ID: a1.ID, How: "text"}) || got[0] != (store.Duplicate{}) {
		t.Errorf("450 queries: %d answers, last %+v, %v", len(got), got[len(got)-1], err)
	}
}

// A feed item's page, fetched at last, replaces the stand-in stored from
// the item's title and description: the stand-in's events leave the store
// and the dyad totals, the page's come in, the places it was seen stay.
func testReplaceArticle(t *testing.T, s store.Store) {
	const link = "https://news.example/airspace"
	standText := "Northland closes its airspace. Northland shelled the border posts."
	stand := &vigil.Article{Text: standText, URL: link, Title: "Airspace closed",
		Sources: []vigil.ArticleSource{{URL: link, Feed: "https://news.example/rss", Title: "Airspace closed"},
			{URL: "https://agg.example/item/9", Feed: "https://agg.example/rss"}}}
	mustWrite(t, s, store.Entry{Article: stand, Events: []vigil.Event{
		ev(standText, "Northland shelled the border posts.", "PRKMIL", "KOR", "195", "2024-10-15", 4, -10),
		ev(standText, "Northland closes its airspace.", "PRK", "KOR", "1721", "2024-10-15", 4, -7),
	}})
	pageText := "Northland closes its airspace to Southland flights. Northland shelled the border posts. Southland protested."
	page := &vigil.Article{Text: pageText, URL: link, Title: "Airspace closed", Web: true,
		Sources: []vigil.ArticleSource{{URL: link, Source: "News"}}}
	res, err := s.ReplaceArticle(ctx, vigil.ArticleID(standText), store.Entry{Article: page,
		Sentences: sentencesOf(pageText, "Northland closes its airspace to Southland flights.", "Northland shelled the border posts.", "Southland protested."),
		Events: []vigil.Event{
			ev(pageText, "Northland shelled the border posts.", "PRKMIL", "KOR", "195", "2024-10-15", 4, -10),
			ev(pageText, "Southland protested.", "KOR", "PRK", "111", "2024-10-15", 3, -2),
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 1 || res.Events != 2 {
		t.Errorf("replace added %+v, want the page and its 2 events", res)
	}
	if _, err := s.Article(ctx, vigil.ArticleID(standText)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the stand-in is still stored: %v", err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Articles != 1 || st.Events != 2 {
		t.Errorf("stats after replacing: %+v %v", st, err)
	}
	// Counted once: the series and the dyad totals hold the page's events.
	days, err := s.DyadSeries(ctx, store.SeriesQuery{Dyad: store.Dyad{A: "PRK", B: "KOR"}})
	if err != nil || len(days) != 1 || days[0].Count != 2 || days[0].Goldstein != -12 || days[0].Quad != [4]int{0, 0, 1, 1} {
		t.Errorf("series after replacing: %+v %v", days, err)
	}
	dyads, err := s.Dyads(ctx, store.DyadQuery{Countries: true})
	if err != nil || len(dyads) != 2 {
		t.Errorf("dyads after replacing: %+v %v", dyads, err)
	}
	for _, d := range dyads {
		if d.Events != 1 {
			t.Errorf("dyad %s→%s: %d events, want 1", d.Source, d.Target, d.Events)
		}
	}
	// The places it was seen: its page (the stand-in's feed item had the
	// same link) and the aggregator's item.
	a, err := s.Article(ctx, vigil.ArticleID(pageText))
	if err != nil || len(a.Sources) != 2 {
		t.Fatalf("page article: %+v %v, want 2 sources", a, err)
	}
	if id, err := s.ArticleByURL(ctx, link); err != nil || id != a.ID {
		t.Errorf("ArticleByURL: %s %v", id, err)
	}
	p, err := s.Events(ctx, store.EventFilter{Article: a.ID})
	if err != nil || len(p.Items) != 2 || p.Items[0].Sources != 2 {
		t.Errorf("page events: %+v %v, want 2 counting 2 sources", p.Items, err)
	}
	if hits, err := s.Search(ctx, store.SearchQuery{Query: "protested"}); err != nil || len(hits.Items) != 1 {
		t.Errorf("search finds the page: %+v %v", hits, err)
	}
	// Replacing what is not stored is writing.
	other := "Talks resumed in Geneva."
	res, err = s.ReplaceArticle(ctx, "not-stored", store.Entry{Article: &vigil.Article{Text: other}})
	if err != nil || res.Articles != 1 {
		t.Errorf("replacing an article not stored: %+v %v", res, err)
	}
}

// ByReported lists events by the date the news had reached when it
// reported them: a plan (an event dated after its article) on its
// article's publication date.
func testByReported(t *testing.T, s store.Store) {
	const text = "Drills were held. Exercises will run from November 5. Talks are set for October 20. Seoul protested."
	a := &vigil.Article{Text: text, Published: time.Date(2024, 10, 15, 22, 0, 0, 0, time.FixedZone("KST", 9*3600))}
	const text2 = "Pyongyang answered."
	a2 := &vigil.Article{Text: text2, Published: time.Date(2024, 10, 16, 0, 0, 0, 0, time.UTC)}
	mustWrite(t, s,
		store.Entry{Article: a, Events: []vigil.Event{
			ev(text, "Drills were held.", "PRKMIL", "KOR", "152", "2024-10-14", 4, -7.2),
			ev(text, "Exercises will run from November 5.", "PRKMIL", "KOR", "154", "2024-11-05", 4, -7.2),
			ev(text, "Talks are set for October 20.", "PRK", "KOR", "036", "2024-10-20", 1, 4),
			ev(text, "Seoul protested.", "KOR", "PRK", "111", "2024-10-15", 3, -2),
		}},
		store.Entry{Article: a2, Events: []vigil.Event{ev(text2, "Pyongyang answered.", "PRK", "KOR", "111", "2024-10-16", 3, -2)}},
		store.Entry{Events: []vigil.Event{{Article: "gdelt:x", Date: "2024-10-15", Source: "USA", Target: "PRK", Code: "111", Quad: 3}}},
	)
	list := func(f store.EventFilter) []string {
		t.Helper()
		var out []string
		err := s.EachEvent(ctx, f, func(e *vigil.Event) error {
			out = append(out, e.Date+"/"+e.Reported+" "+e.Code)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := list(store.EventFilter{Order: store.ByReported})
	want := []string{"2024-10-14/2024-10-15 152", "2024-11-05/2024-10-15 154", "2024-10-20/2024-10-15 036",
		"2024-10-15/2024-10-15 111", "2024-10-15/ 111", "2024-10-16/2024-10-16 111"}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("ByReported:\n got  %q\n want %q", all, want)
	}
	// The bounds are on the date counted: the plans of October 15 are
	// not after October 15, whatever their own dates.
	if got := list(store.EventFilter{Order: store.ByReported, Since: "2024-10-16"}); !reflect.DeepEqual(got, want[5:]) {
		t.Errorf("ByReported since 2024-10-16: %q, want %q", got, want[5:])
	}
	if got := list(store.EventFilter{Order: store.ByReported, Until: "2024-10-15", Dyad: &store.Dyad{A: "PRK", B: "KOR"}}); len(got) != 4 {
		t.Errorf("ByReported until 2024-10-15, PRK-KOR: %q, want 4 events", got)
	}
	// Pages of two give the same.
	var paged []string
	f := store.EventFilter{Order: store.ByReported, Limit: 2}
	for range 10 {
		p, err := s.Events(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			paged = append(paged, e.Date+"/"+e.Reported+" "+e.Code)
		}
		if p.Next == "" {
			break
		}
		f.Cursor = p.Next
	}
	if !reflect.DeepEqual(paged, want) {
		t.Errorf("ByReported in pages of 2:\n got  %q\n want %q", paged, want)
	}
	// The daily series stay on the events' own dates.
	days, err := s.DyadSeries(ctx, store.SeriesQuery{Dyad: store.Dyad{A: "PRK", B: "KOR", Directed: true}})
	if err != nil || len(days) != 4 || days[len(days)-1].Date != "2024-11-05" {
		t.Errorf("series: %+v %v", days, err)
	}
}

// The warning log holds every change once, in the order stored, however
// often a history is saved again, and can be followed from any position.
func testWarningLog(t *testing.T, s store.Store) {
	end, err := s.WarningLogEnd(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC)
	chg := func(at int, kind, level string) vigil.WarningChange {
		return vigil.WarningChange{At: t0.Add(time.Duration(at) * time.Hour), Date: "2024-10-15", Change: kind, Level: level, Score: float64(at)}
	}
	w := &vigil.Warning{ID: "w1", Source: "PRK", Target: "KOR", Level: "watch", History: []vigil.WarningChange{chg(1, "new", "watch")}}
	save := func(w *vigil.Warning) {
		t.Helper()
		if err := s.SaveWarning(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	save(w)
	w.History = append(w.History, chg(2, "raised", "alert"))
	save(w) // the whole history again: one change is new
	save(&vigil.Warning{ID: "w2", Source: "RUS", Target: "UKR", History: []vigil.WarningChange{chg(0, "new", "warning")}})
	save(w) // nothing new
	read := func(after string, limit int) ([]string, string) {
		t.Helper()
		p, err := s.WarningLog(ctx, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, lc := range p.Items {
			out = append(out, lc.Warning+" "+lc.Change.Change+" "+lc.Change.Level)
		}
		if p.Next == "" {
			t.Fatal("warning log page without Next")
		}
		return out, p.Next
	}
	want := []string{"w1 new watch", "w1 raised alert", "w2 new warning"}
	if got, _ := read("", 0); !reflect.DeepEqual(got, want) {
		t.Errorf("the log from the start: %q, want %q", got, want)
	}
	got, next := read(end, 2)
	if !reflect.DeepEqual(got, want[:2]) {
		t.Errorf("first page: %q", got)
	}
	got, next = read(next, 2)
	if !reflect.DeepEqual(got, want[2:]) {
		t.Errorf("second page: %q", got)
	}
	if got, again := read(next, 2); len(got) != 0 || again != next {
		t.Errorf("at the end: %q, next %q → %q", got, next, again)
	}
	if e, _ := s.WarningLogEnd(ctx); e != next {
		t.Errorf("WarningLogEnd %q, want %q", e, next)
	}
	lc, _ := s.WarningLog(ctx, "", 1)
	if len(lc.Items) != 1 || !lc.Items[0].Change.At.Equal(t0.Add(time.Hour)) || lc.Items[0].Change.Score != 1 {
		t.Errorf("logged change: %+v", lc.Items)
	}
	if _, err := s.WarningLog(ctx, "garbage", 1); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("bad position: %v", err)
	}
}

func testCursors(t *testing.T, s store.Store) {
	if pos, err := s.Cursor(ctx, "webhooks"); err != nil || pos != "" {
		t.Fatalf("unsaved cursor: %q %v", pos, err)
	}
	// The first to claim wins; a claim from a stale position loses.
	if ok, err := s.SwapCursor(ctx, "webhooks", "", "p1"); !ok || err != nil {
		t.Errorf("first claim: %v %v", ok, err)
	}
	if ok, err := s.SwapCursor(ctx, "webhooks", "", "p1b"); ok || err != nil {
		t.Errorf("second first claim: %v %v, want refused", ok, err)
	}
	if ok, err := s.SwapCursor(ctx, "webhooks", "p1", "p2"); !ok || err != nil {
		t.Errorf("claim from p1: %v %v", ok, err)
	}
	if ok, err := s.SwapCursor(ctx, "webhooks", "p1", "p3"); ok || err != nil {
		t.Errorf("stale claim: %v %v, want refused", ok, err)
	}
	if err := s.SaveCursor(ctx, "other", "x"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"webhooks": "p2", "other": "x"} {
		if pos, err := s.Cursor(ctx, name); err != nil || pos != want {
			t.Errorf("cursor %s: %q %v, want %q", name, pos, err, want)
		}
	}
}

// Articles lists articles newest first, in stable pages, by date and tag.
func testArticles(t *testing.T, s store.Store) {
	mustWrite(t, s, fixture()...) // 2024-10-15 (KST), 2024-11-09, undated
	mustWrite(t, s, store.Entry{Article: &vigil.Article{ID: "gdelt-url", URL: "https://only.example/x"}})
	for i := range 5 {
		mustWrite(t, s, store.Entry{Article: &vigil.Article{Text: fmt.Sprintf("Brief %d.", i), Title: fmt.Sprint("Brief ", i),
			Published: time.Date(2024, 10, 20, 12, 0, 0, 0, time.UTC)}})
	}
	list := func(f store.ArticleFilter) []string {
		t.Helper()
		var out []string
		for range 20 {
			p, err := s.Articles(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Items {
				out = append(out, a.Title)
			}
			if p.Next == "" {
				return out
			}
			f.Cursor = p.Next
		}
		t.Fatal("paging does not end")
		return nil
	}
	all := list(store.ArticleFilter{Limit: 100})
	if len(all) != 9 || all[0] != "Treaty ratified" || all[6] != "North Korea blows up roads" {
		t.Fatalf("all articles: %q", all)
	}
	if paged := list(store.ArticleFilter{Limit: 2}); !reflect.DeepEqual(paged, all) {
		t.Errorf("in pages of 2: %q, want %q", paged, all)
	}
	// The publisher's day counts: 09:00 KST on October 15.
	if got := list(store.ArticleFilter{Since: "2024-10-15", Until: "2024-10-15"}); !reflect.DeepEqual(got, []string{"North Korea blows up roads"}) {
		t.Errorf("October 15: %q", got)
	}
	if got := list(store.ArticleFilter{Since: "2024-10-16"}); len(got) != 6 {
		t.Errorf("since October 16: %q", got)
	}
	p, err := s.Articles(ctx, store.ArticleFilter{Limit: 1})
	if err != nil || len(p.Items) != 1 {
		t.Fatal(p, err)
	}
	if a := p.Items[0]; a.ID != vigil.ArticleID(text2) || a.Events != 2 || a.Sources != 1 || a.URL != "https://wire.example/treaty" || a.Published.IsZero() {
		t.Errorf("summary: %+v", a)
	}
	if _, err := s.Articles(ctx, store.ArticleFilter{Cursor: "bogus"}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("bad cursor: %v", err)
	}
}

// Feed tags follow the feeds file; an article seen in a tagged feed
// carries the tag, for events and articles alike.
func testFeedTags(t *testing.T, s store.Store) {
	const korea, world = "https://news.example/korea.rss", "https://news.example/world.rss"
	entries := fixture()
	entries[0].Article.Sources = []vigil.ArticleSource{{URL: "https://news.example/a1", Feed: korea}}
	entries[1].Article.Sources = []vigil.ArticleSource{{URL: "https://wire.example/treaty", Feed: world}}
	mustWrite(t, s, entries...)
	if err := s.SaveFeed(ctx, store.FeedState{URL: korea}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFeedTags(ctx, korea, []string{"korea", "asia"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFeedTags(ctx, world, []string{"world", "asia"}); err != nil {
		t.Fatal(err)
	}
	count := func(tag string) (events, articles int) {
		t.Helper()
		p, err := s.Events(ctx, store.EventFilter{Tag: tag, IncludeFlagged: true})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Articles(ctx, store.ArticleFilter{Tag: tag})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items), len(a.Items)
	}
	for tag, want := range map[string][2]int{"korea": {3, 1}, "world": {2, 1}, "asia": {5, 2}, "sport": {0, 0}} {
		if e, a := count(tag); e != want[0] || a != want[1] {
			t.Errorf("tag %s: %d events and %d articles, want %v", tag, e, a, want)
		}
	}
	// The feeds file changed: the tags follow, polling state stays.
	if err := s.SaveFeedTags(ctx, korea, []string{"peninsula"}); err != nil {
		t.Fatal(err)
	}
	if e, _ := count("korea"); e != 0 {
		t.Errorf("tag korea after its removal: %d events", e)
	}
	if err := s.SaveFeed(ctx, store.FeedState{URL: korea, ETag: "x"}); err != nil {
		t.Fatal(err)
	}
	f, err := s.Feed(ctx, korea)
	if err != nil || !reflect.DeepEqual(f.Tags, []string{"peninsula"}) || f.ETag != "x" {
		t.Errorf("feed state: %+v %v", f, err)
	}
}
