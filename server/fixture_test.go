package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
	"github.com/vigil-ews/vigil/store"
)

// The fixture is a real SQLite store holding articles and events written
// by hand (no coder involved, so the server's tests do not move when the
// coder improves), a warning citing them, and the embedded treaty register.

const (
	roadsText = "North Korea blew up sections of two roads linking it to South Korea on Tuesday.\n\n" +
		"South Korea's military fired warning shots in response. Seoul condemned the demolition."
	droneText = "North Korea accused South Korea of flying drones over Pyongyang."
	// hostile is news text that tries to run script in the dashboard.
	hostileText = "Officials said <script>alert('text')</script> nothing.\n\n" +
		`Click <a href="javascript:alert('link')">here</a> or <img src=x onerror=alert('img')> now. ` +
		"Russia warned Ukraine <script>alert('mark')</script> again."
	hostileTitle = `<script>alert("title")</script> Hostile`
	hostileURL   = `javascript:alert("url")`
)

type fixture struct {
	st       store.Store
	srv      *Server
	ts       *httptest.Server
	roads    string // article IDs
	drone    string
	hostile  string
	events   map[string]vigil.Event // by code
	warning  vigil.Warning
	token    string
	register *alliance.Register
}

func event(article, text, sentence, src, tgt, code, date string) vigil.Event {
	start := strings.Index(text, sentence)
	if start < 0 {
		panic("sentence not in text: " + sentence)
	}
	ev := vigil.Event{Article: article, Date: date, Source: src, Target: tgt, Code: code, Sentence: sentence,
		Offsets: [2]int{start, start + len(sentence)}, Pattern: "fixture", Confidence: 0.9}
	cameo.Fill(&ev)
	ev.ID = vigil.EventID(article, start, src, tgt, code)
	return ev
}

func sentences(text string, evs ...vigil.Event) []store.Sentence {
	var out []store.Sentence
	for _, e := range evs {
		out = append(out, store.Sentence{Start: e.Offsets[0], End: e.Offsets[1], Text: e.Sentence})
	}
	return out
}

func openTestStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newFixture(t *testing.T, mutate ...func(*Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: openTestStore(t), events: map[string]vigil.Event{}, token: "test-token"}
	day := func(s string) time.Time { d, _ := time.Parse(vigil.DateLayout, s); return d }

	roads := &vigil.Article{Text: roadsText, Title: "Roads blown up", Source: "Vigil test desk", Published: day("2024-10-15"), URL: "https://news.example/roads"}
	roads.ID = vigil.ArticleID(roads.Text)
	drone := &vigil.Article{Text: droneText, Title: "Drones", Source: "Vigil test desk", Published: day("2024-10-11")}
	drone.ID = vigil.ArticleID(drone.Text)
	hostile := &vigil.Article{Text: hostileText, Title: hostileTitle, Source: "<b>Evil</b>", Published: day("2024-10-12"), URL: hostileURL}
	hostile.ID = vigil.ArticleID(hostile.Text)
	f.roads, f.drone, f.hostile = roads.ID, drone.ID, hostile.ID

	e191 := event(roads.ID, roadsText, "North Korea blew up sections of two roads linking it to South Korea on Tuesday.", "PRKMIL", "KOR", "191", "2024-10-15")
	e111 := event(roads.ID, roadsText, "Seoul condemned the demolition.", "KORGOV", "PRK", "111", "2024-10-15")
	e112 := event(drone.ID, droneText, droneText, "PRK", "KOR", "112", "2024-10-11")
	eHostile := event(hostile.ID, hostileText, "Russia warned Ukraine <script>alert('mark')</script> again.", "RUS", "UKR", "130", "2024-10-12")
	for _, e := range []vigil.Event{e191, e111, e112, eHostile} {
		f.events[e.Code] = e
	}
	_, err := f.st.Write(ctx,
		store.Entry{Article: roads, Sentences: sentences(roadsText, e191, e111), Events: []vigil.Event{e191, e111}},
		store.Entry{Article: drone, Sentences: sentences(droneText, e112), Events: []vigil.Event{e112}},
		store.Entry{Article: hostile, Sentences: sentences(hostileText, eHostile), Events: []vigil.Event{eHostile}},
	)
	if err != nil {
		t.Fatal(err)
	}

	reg, err := alliance.Load("")
	if err != nil {
		t.Fatal(err)
	}
	f.register = reg
	ex := reg.Exposure("PRK", "KOR", "2024-10-15", alliance.ExposureOptions{})
	ref := func(e vigil.Event) vigil.EventRef {
		return vigil.EventRef{ID: e.ID, Date: e.Date, Code: e.Code, Sentence: e.Sentence, Article: e.Article}
	}
	f.warning = vigil.Warning{ID: "w-prk-kor", Source: "PRK", Target: "KOR", Level: "high", Rule: "pre-offensive-posture", Score: 4.2,
		First: "2024-10-11", Last: "2024-10-15",
		Steps: []vigil.WarningStep{
			{Name: "accuse the adversary", Events: []vigil.EventRef{ref(e112)}},
			{Name: "sever transport links", Events: []vigil.EventRef{ref(e191)}},
		},
		Exposure: &ex,
		Updated:  time.Date(2024, 10, 15, 13, 0, 0, 0, time.UTC),
		History:  []vigil.WarningChange{{At: time.Date(2024, 10, 15, 13, 0, 0, 0, time.UTC), Date: "2024-10-15", Change: "new", Level: "high", Score: 4.2}},
	}
	if err := f.st.SaveWarning(ctx, &f.warning); err != nil {
		t.Fatal(err)
	}

	p := &pipeline.Pipeline{Store: f.st, Fetcher: ingest.NewFetcher(ingest.FetchOptions{}), Log: testLogger(t)}
	cfg := Config{
		Store: f.st, Alliances: RegisterAlliances(reg, f.st), Token: f.token, PollInterval: 20 * time.Millisecond,
		Ingester: &PipelineIngester{Pipeline: p},
		Names:    func(c string) string { return map[string]string{"PRK": "North Korea", "KOR": "South Korea"}[c] },
		Logger:   testLogger(t), Version: "test",
	}
	for _, m := range mutate {
		m(&cfg)
	}
	f.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	return f
}

func (f *fixture) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	return f.do(t, "GET", path, "", header...)
}

func (f *fixture) do(t *testing.T, method, path, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}
