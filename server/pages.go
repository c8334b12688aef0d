package server

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

//go:embed web
var webFS embed.FS

// pages holds the parsed templates and the static files.
type pages struct {
	s      *Server
	tmpl   map[string]*template.Template
	static fs.FS
	etag   map[string]string
}

var pageNames = []string{"warnings", "dyad", "events", "articles", "alliances", "article", "search", "error"}

func newPages(s *Server) (*pages, error) {
	funcs := template.FuncMap{
		"name":         s.name,
		"codeName":     codeName,
		"quadName":     func(q int) string { return quadLabels[max(0, min(q-1, 3))] },
		"status":       statusLabel,
		"statusCls":    statusClass,
		"fmtScore":     func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
		"fmtTime":      func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"dyadPath":     func(a, b string) string { return "/dyad/" + country(a) + "-" + country(b) },
		"eventLink":    eventLink,
		"safeURL":      safeURL,
		"levelClass":   levelClass,
		"join":         strings.Join,
		"exposureRows": exposureRows,
		"list4": func() map[int]string {
			return map[int]string{1: quadLabels[0], 2: quadLabels[1], 3: quadLabels[2], 4: quadLabels[3]}
		},
	}
	p := &pages{s: s, tmpl: map[string]*template.Template{}, etag: map[string]string{}}
	for _, n := range pageNames {
		t, err := template.New(n).Funcs(funcs).ParseFS(webFS, "web/layout.html", "web/partials.html", "web/"+n+".html")
		if err != nil {
			return nil, fmt.Errorf("server: parsing template %s: %w", n, err)
		}
		p.tmpl[n] = t
	}
	st, err := fs.Sub(webFS, "web/static")
	if err != nil {
		return nil, err
	}
	p.static = st
	return p, nil
}

// name returns a state's name for display ("North Korea"), or the code.
func (s *Server) name(code string) string {
	if s.cfg.Names != nil {
		if n := s.cfg.Names(code); n != "" {
			return n
		}
	}
	return code
}

func country(code string) string {
	if len(code) > 3 {
		return code[:3]
	}
	return code
}

// eventLink points at an event's sentence in its article page.
func eventLink(article, event string) string {
	if article == "" {
		return ""
	}
	u := "/articles/" + url.PathEscape(article)
	if event != "" {
		u += "#e-" + url.PathEscape(event)
	}
	return u
}

// safeURL keeps http(s) links and drops everything else (javascript:,
// data:, relative paths that would point into the dashboard). html/template
// would neutralise a javascript: URL too; this makes the link disappear
// instead of pointing at "#ZgotmplZ".
func safeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func levelClass(level string) string {
	switch strings.ToLower(level) {
	case "alert", "warning", "watch", "ended", "critical", "high", "low":
		return "lvl-" + strings.ToLower(level)
	}
	return "lvl-other"
}

type layoutData struct {
	Title   string
	Nav     string
	Version string
	Query   string
}

func (p *pages) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := p.tmpl[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		p.s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorPage struct {
	layoutData
	Status  int
	Message string
}

func (p *pages) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p.render(w, r, status, "error", errorPage{layoutData: p.s.layout(msg, ""), Status: status, Message: msg})
}

func (s *Server) layout(title, nav string) layoutData {
	return layoutData{Title: title, Nav: nav, Version: s.cfg.Version}
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, what string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.pages.fail(w, r, http.StatusNotFound, what+" not found")
	case errors.Is(err, errBadRequest), errors.Is(err, store.ErrBadCursor):
		s.pages.fail(w, r, http.StatusBadRequest, err.Error())
	default:
		s.log.Error("page", "what", what, "err", err)
		s.pages.fail(w, r, http.StatusInternalServerError, "reading "+what+" failed: "+err.Error())
	}
}

// --- warnings (the home page) ---

type warningView struct {
	vigil.Warning
	Title string // the rule's title ("Pre-offensive posture"), else its name
	// Peak is the highest level the warning reached, when above its
	// current level, and PeakOn the news date it first did.
	Peak, PeakOn string
	Spark        template.HTML
	SparkSpan    string
	// DyadURL opens the dyad's chart on the warning's episode.
	DyadURL string
	Steps   []stepView
}

type stepView struct {
	Name   string
	Events []vigil.EventRef // shown
	More   []vigil.EventRef // behind a "more reports" fold
}

// shownPerStep is how many reports of a step a warning shows at once.
const shownPerStep = 2

// peakOf returns the highest level in a warning's history and the first
// date it was reached.
func peakOf(w *vigil.Warning) (string, string) {
	level, on := w.Level, ""
	for _, h := range w.History {
		if levelRank(h.Level) > levelRank(level) {
			level, on = h.Level, h.Date
		}
	}
	return level, on
}

type warningsPage struct {
	layoutData
	Warnings []warningView
	Stats    store.Stats
	NewsDate string // the date the news has reached (watch.NewsDate)
	Dyads    []store.DyadTotal
}

func (s *Server) pageWarnings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ws, err := s.cfg.Store.Warnings(ctx, store.WarningFilter{})
	if err != nil {
		s.pageError(w, r, "warnings", err)
		return
	}
	// Warnings first by level, then by the highest level they reached,
	// then by how many steps and score: what needs reading comes first.
	slices.SortStableFunc(ws, func(a, b vigil.Warning) int {
		pa, _ := peakOf(&a)
		pb, _ := peakOf(&b)
		return cmp.Or(cmp.Compare(levelRank(b.Level), levelRank(a.Level)), cmp.Compare(levelRank(pb), levelRank(pa)),
			cmp.Compare(len(b.Steps), len(a.Steps)), cmp.Compare(b.Score, a.Score), strings.Compare(a.ID, b.ID))
	})
	data := warningsPage{layoutData: s.layout("Warnings", "warnings")}
	for _, wr := range ws {
		v := s.warningLine(wr)
		for _, st := range wr.Steps {
			sv := stepView{Name: st.Name, Events: st.Events}
			if len(sv.Events) > shownPerStep {
				sv.Events, sv.More = st.Events[:shownPerStep], st.Events[shownPerStep:]
			}
			v.Steps = append(v.Steps, sv)
		}
		// The sparkline shows the episode in its setting: two months
		// before the first evidence to a month after the last.
		since, until := addDays(wr.First, -60), addDays(wr.Last, 30)
		v.DyadURL = "/dyad/" + country(wr.Source) + "-" + country(wr.Target)
		if since != "" && until != "" {
			v.DyadURL += "?since=" + since + "&until=" + until
			if ser, err := s.series(r, wr.Source, wr.Target, true, since, until); err == nil {
				if v.Spark = sparkline(ser); v.Spark != "" {
					v.SparkSpan = since + " – " + until
				}
			}
		}
		data.Warnings = append(data.Warnings, v)
	}
	if data.Stats, err = s.cfg.Store.Stats(ctx); err != nil {
		s.pageError(w, r, "stats", err)
		return
	}
	if data.NewsDate, err = watch.NewsDate(ctx, s.cfg.Store, store.EventFilter{}); err != nil {
		s.pageError(w, r, "stats", err)
		return
	}
	if data.Dyads, err = s.cfg.Store.Dyads(ctx, store.DyadQuery{Countries: true, Limit: 12}); err != nil {
		s.pageError(w, r, "dyads", err)
		return
	}
	s.pages.render(w, r, http.StatusOK, "warnings", data)
}

// warningLine is a warning as a one-line summary shows it: its rule's
// title and the highest level it reached.
func (s *Server) warningLine(wr vigil.Warning) warningView {
	v := warningView{Warning: wr, Title: wr.Rule}
	if s.cfg.RuleTitle != nil {
		v.Title = cmp.Or(s.cfg.RuleTitle(wr.Rule), wr.Rule)
	}
	if peak, on := peakOf(&wr); peak != wr.Level {
		v.Peak, v.PeakOn = peak, on
	}
	return v
}

// addDays returns date (YYYY-MM-DD) moved by n days, or "" when date is
// not one.
func addDays(date string, n int) string {
	t, err := time.Parse(vigil.DateLayout, date)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format(vigil.DateLayout)
}

// exposureRow is one line of an exposure table: the states bound by one
// article of one treaty to join one side (the members of a multilateral
// treaty share a line instead of filling a page).
type exposureRow struct {
	States                                     []string
	Joins, Treaty, Article, Obligation, Status string
	InForce                                    bool
	Conditions                                 []string
}

func exposureRows(bound []vigil.Obligation) []exposureRow {
	var out []exposureRow
	for _, o := range bound {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if p.Joins == o.Joins && p.Treaty == o.Treaty && p.Article == o.Article && p.Status == o.Status && p.InForce == o.InForce {
				p.States = append(p.States, o.State)
				continue
			}
		}
		out = append(out, exposureRow{States: []string{o.State}, Joins: o.Joins, Treaty: o.Treaty, Article: o.Article,
			Obligation: o.Obligation, Status: o.Status, InForce: o.InForce, Conditions: o.Conditions})
	}
	return out
}

// levelRank orders warning levels from the watch layer's vocabulary;
// unknown levels sort last.
func levelRank(l string) int {
	// The watch package's ladder: watch < warning < alert; ended last.
	switch strings.ToLower(l) {
	case "alert", "critical", "high":
		return 4
	case "warning", "elevated":
		return 3
	case "watch", "low":
		return 2
	case "ended":
		return 0
	}
	return 1
}

// --- dyad ---

type dyadPage struct {
	layoutData
	A, B     string
	Since    string
	Until    string
	Chart    template.HTML
	Series   *Series
	Events   []vigil.Event
	Warnings []warningView
	Exposure *vigil.Exposure
}

func (s *Server) pageDyad(w http.ResponseWriter, r *http.Request) {
	d, err := parseDyad(r.PathValue("pair"))
	if err != nil {
		s.pages.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	since, until, err := dateRange(q)
	if err != nil {
		s.pages.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	ser, err := s.series(r, d.A, d.B, true, since, until)
	if err != nil {
		s.pageError(w, r, "series", err)
		return
	}
	data := dyadPage{layoutData: s.layout(s.name(d.A)+" → "+s.name(d.B), "dyad"), A: d.A, B: d.B, Since: ser.Since, Until: ser.Until, Series: ser}
	data.Chart = dyadChart(ser, fmt.Sprintf("%s → %s, %s to %s", s.name(d.A), s.name(d.B), ser.Since, ser.Until))
	both := store.Dyad{A: d.A, B: d.B}
	p, err := s.cfg.Store.Events(r.Context(), store.EventFilter{Dyad: &both, Since: ser.Since, Until: ser.Until, Order: store.ByDateDesc, Limit: 200})
	if err != nil {
		s.pageError(w, r, "events", err)
		return
	}
	data.Events = p.Items
	ws, err := s.cfg.Store.Warnings(r.Context(), store.WarningFilter{Country: country(d.A)})
	if err != nil {
		s.pageError(w, r, "warnings", err)
		return
	}
	for _, wr := range ws {
		if (country(wr.Source) == country(d.A) && country(wr.Target) == country(d.B)) || (country(wr.Source) == country(d.B) && country(wr.Target) == country(d.A)) {
			data.Warnings = append(data.Warnings, s.warningLine(wr))
		}
	}
	if s.cfg.Alliances != nil {
		if ex, err := s.cfg.Alliances.Exposure(r.Context(), country(d.A), country(d.B), ser.Until); err == nil {
			data.Exposure = ex
		} else {
			s.log.Warn("exposure", "err", err)
		}
	}
	s.pages.render(w, r, http.StatusOK, "dyad", data)
}

// --- events ---

type eventsPage struct {
	layoutData
	F       map[string]string
	Roots   []string
	Events  []vigil.Event
	Next    string
	Error   string
	Live    bool // no filter and first page: new events are prepended live
	Filters bool
}

var filterKeys = []string{"dyad", "country", "actor", "root", "quad", "since", "until", "q", "article", "tag"}

func (s *Server) pageEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := eventsPage{layoutData: s.layout("Events", "events"), F: map[string]string{}}
	for i := 1; i <= 20; i++ {
		data.Roots = append(data.Roots, fmt.Sprintf("%02d", i))
	}
	for _, k := range filterKeys {
		data.F[k] = q.Get(k)
		if q.Get(k) != "" {
			data.Filters = true
		}
	}
	f, err := eventFilter(q)
	if err != nil {
		data.Error = err.Error()
		s.pages.render(w, r, http.StatusBadRequest, "events", data)
		return
	}
	f.Limit = 100
	p, err := s.cfg.Store.Events(r.Context(), f)
	if err != nil {
		s.pageError(w, r, "events", err)
		return
	}
	data.Events = p.Items
	data.Live = !data.Filters && q.Get("cursor") == ""
	if p.Next != "" {
		nq := url.Values{}
		for _, k := range filterKeys {
			if v := q.Get(k); v != "" {
				nq.Set(k, v)
			}
		}
		nq.Set("cursor", p.Next)
		data.Next = "/events?" + nq.Encode()
	}
	s.pages.render(w, r, http.StatusOK, "events", data)
}

// --- articles ---

type articlesPage struct {
	layoutData
	F        map[string]string
	Filters  bool
	Error    string
	Articles []store.ArticleSummary
	Next     string
}

var articleFilterKeys = []string{"since", "until", "tag"}

func (s *Server) pageArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := articlesPage{layoutData: s.layout("Articles", "articles"), F: map[string]string{}}
	nq := url.Values{}
	for _, k := range articleFilterKeys {
		data.F[k] = q.Get(k)
		if v := q.Get(k); v != "" {
			data.Filters = true
			nq.Set(k, v)
		}
	}
	f := store.ArticleFilter{Tag: strings.TrimSpace(q.Get("tag")), Limit: 50, Cursor: q.Get("cursor")}
	var err error
	if f.Since, f.Until, err = dateRange(q); err != nil {
		data.Error = err.Error()
		s.pages.render(w, r, http.StatusBadRequest, "articles", data)
		return
	}
	p, err := s.cfg.Store.Articles(r.Context(), f)
	if err != nil {
		s.pageError(w, r, "articles", err)
		return
	}
	data.Articles = p.Items
	if p.Next != "" {
		nq.Set("cursor", p.Next)
		data.Next = "/articles?" + nq.Encode()
	}
	s.pages.render(w, r, http.StatusOK, "articles", data)
}

// --- alliances ---

type alliancesPage struct {
	layoutData
	Date     string
	Graph    template.HTML
	Treaties []Treaty
	Missing  bool
}

func (s *Server) pageAlliances(w http.ResponseWriter, r *http.Request) {
	date, err := dateParam(r.URL.Query(), "date")
	if err != nil {
		s.pages.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	data := alliancesPage{layoutData: s.layout("Alliances", "alliances"), Date: date}
	ts, err := s.treaties(r, date)
	if errors.Is(err, errNoRegister) {
		data.Missing = true
		s.pages.render(w, r, http.StatusOK, "alliances", data)
		return
	}
	if err != nil {
		s.pageError(w, r, "treaties", err)
		return
	}
	hot := map[string]bool{}
	if ws, err := s.cfg.Store.Warnings(r.Context(), store.WarningFilter{}); err == nil {
		for _, wr := range ws {
			hot[country(wr.Source)], hot[country(wr.Target)] = true, true
		}
	}
	slices.SortFunc(ts, func(a, b Treaty) int {
		return cmp.Or(cmp.Compare(b.Signed, a.Signed), strings.Compare(a.Name, b.Name))
	})
	data.Treaties = ts
	data.Graph = allianceGraph(ts, hot, s.name)
	s.pages.render(w, r, http.StatusOK, "alliances", data)
}

// --- article ---

type articlePage struct {
	layoutData
	Article    *store.ArticleDetail
	URL        string
	Paragraphs [][]segment
	Events     []vigil.Event
}

// segment is a run of article text: plain, or a sentence with events.
type segment struct {
	Text  string
	Start int
	// Sentence is set for a sentence of the article (anchor #s{Start});
	// Mark when it has events (highlighted, anchors #e-{event ID}).
	Sentence bool
	Mark     bool
	Events   []vigil.Event
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		s.pages.fail(w, r, http.StatusBadRequest, "not an article id")
		return
	}
	a, err := s.cfg.Store.ArticleDetail(r.Context(), id)
	if err != nil {
		s.pageError(w, r, "article "+id, err)
		return
	}
	title := a.Title
	if title == "" {
		title = "Article " + id
	}
	data := articlePage{layoutData: s.layout(title, "article"), Article: a, URL: safeURL(a.URL)}
	data.Paragraphs = paragraphs(a)
	for _, se := range a.Sentences {
		data.Events = append(data.Events, se.Events...)
	}
	s.pages.render(w, r, http.StatusOK, "article", data)
}

// paragraphs cuts the article text into paragraphs (blank-line separated)
// of segments, marking the sentences that have events. Offsets are bytes
// into a.Text; sentences that do not fit the text are skipped, not trusted.
func paragraphs(a *store.ArticleDetail) [][]segment {
	text := a.Text
	sents := slices.Clone(a.Sentences)
	slices.SortFunc(sents, func(x, y store.SentenceEvents) int { return cmp.Compare(x.Start, y.Start) })
	var segs []segment
	pos := 0
	for _, se := range sents {
		if se.Start < pos || se.End > len(text) || se.Start >= se.End {
			continue
		}
		if se.Start > pos {
			segs = append(segs, segment{Text: text[pos:se.Start], Start: pos})
		}
		segs = append(segs, segment{Text: text[se.Start:se.End], Start: se.Start, Sentence: true, Mark: len(se.Events) > 0, Events: se.Events})
		pos = se.End
	}
	if pos < len(text) {
		segs = append(segs, segment{Text: text[pos:], Start: pos})
	}
	// Split the text between marked sentences at blank lines.
	var out [][]segment
	var cur []segment
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, sg := range segs {
		if sg.Mark || (sg.Sentence && !strings.Contains(sg.Text, "\n\n")) {
			cur = append(cur, sg)
			continue
		}
		off := sg.Start
		for i, part := range strings.Split(sg.Text, "\n\n") {
			if i > 0 {
				flush()
			}
			if strings.TrimSpace(part) != "" || (part != "" && len(cur) > 0) {
				cur = append(cur, segment{Text: part, Start: off})
			}
			off += len(part) + 2
		}
	}
	flush()
	return out
}

// --- search ---

type searchPage struct {
	layoutData
	Query string
	Hits  []searchHitView
	Next  string
}

type searchHitView struct {
	store.SearchHit
	Snippet []segment // Mark = a match
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := searchPage{layoutData: s.layout("Search", "search"), Query: q}
	data.layoutData.Query = q
	if q != "" {
		p, err := s.cfg.Store.Search(r.Context(), store.SearchQuery{Query: q, Limit: 50, Cursor: r.URL.Query().Get("cursor")})
		if err != nil {
			s.pageError(w, r, "search", err)
			return
		}
		for _, h := range p.Items {
			data.Hits = append(data.Hits, searchHitView{SearchHit: h, Snippet: snippetSegments(h.Snippet)})
		}
		if p.Next != "" {
			data.Next = "/search?" + url.Values{"q": {q}, "cursor": {p.Next}}.Encode()
		}
	}
	s.pages.render(w, r, http.StatusOK, "search", data)
}

// snippetSegments splits a store snippet at its «match» markers; the
// template escapes each part and wraps matches in <mark>.
func snippetSegments(s string) []segment {
	var out []segment
	for s != "" {
		i := strings.Index(s, store.MatchStart)
		if i < 0 {
			out = append(out, segment{Text: s})
			break
		}
		if i > 0 {
			out = append(out, segment{Text: s[:i]})
		}
		s = s[i+len(store.MatchStart):]
		j := strings.Index(s, store.MatchEnd)
		if j < 0 {
			out = append(out, segment{Text: s, Mark: true})
			break
		}
		out = append(out, segment{Text: s[:j], Mark: true})
		s = s[j+len(store.MatchEnd):]
	}
	return out
}

// --- static files ---

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(r.PathValue("file"))
	b, err := fs.ReadFile(s.pages.static, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	// The files are in the binary: they change only with the version.
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(b)
}
