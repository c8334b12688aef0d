package server

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	// A cheap read proves the store answers without counting millions of rows.
	if _, err := s.cfg.Store.Warnings(r.Context(), store.WarningFilter{Limit: 1}); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error(), "version": s.cfg.Version})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		s.storeError(w, r, "stats", err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		s.apiError(w, http.StatusBadRequest, "article id must be the hexadecimal content hash shown in events' 'article' field")
		return
	}
	a, err := s.cfg.Store.ArticleDetail(r.Context(), id)
	if err != nil {
		s.storeError(w, r, "article "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.ArticleFilter{Tag: strings.TrimSpace(q.Get("tag")), Cursor: q.Get("cursor")}
	var err error
	if f.Since, f.Until, err = dateRange(q); err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	if f.Limit, err = intParam(q, "limit", 50, 1, 1000); err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	p, err := s.cfg.Store.Articles(r.Context(), f)
	if err != nil {
		s.storeError(w, r, "articles", err)
		return
	}
	if p.Items == nil {
		p.Items = []store.ArticleSummary{}
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	f, err := eventFilter(r.URL.Query())
	if err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	p, err := s.cfg.Store.Events(r.Context(), f)
	if err != nil {
		s.storeError(w, r, "events", err)
		return
	}
	if p.Items == nil {
		p.Items = []vigil.Event{}
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiDyads(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	dq := store.DyadQuery{Countries: q.Get("countries") != "false"}
	var err error
	if dq.Since, dq.Until, err = dateRange(q); err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	if dq.Limit, err = intParam(q, "limit", 100, 1, 1000); err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	d, err := s.cfg.Store.Dyads(r.Context(), dq)
	if err != nil {
		s.storeError(w, r, "dyads", err)
		return
	}
	if d == nil {
		d = []store.DyadTotal{}
	}
	writeJSON(w, http.StatusOK, d)
}

// Series is the body of /api/dyads/{a}/{b}/series.
type Series struct {
	A        string          `json:"a"`
	B        string          `json:"b"`
	Directed bool            `json:"directed"`
	Since    string          `json:"since"`
	Until    string          `json:"until"`
	Days     []store.DayStat `json:"days"`
	// Escalation is the watch layer's escalation score per day, when the
	// server has the indices.
	Escalation []Point `json:"escalation,omitempty"`
}

func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	a, b := strings.ToUpper(r.PathValue("a")), strings.ToUpper(r.PathValue("b"))
	if !validActor(a) || !validActor(b) {
		s.apiError(w, http.StatusBadRequest, "dyad sides must be actor or country codes such as PRK or KORMIL")
		return
	}
	q := r.URL.Query()
	since, until, err := dateRange(q)
	if err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	directed := q.Get("directed") != "false"
	ser, err := s.series(r, a, b, directed, since, until)
	if err != nil {
		s.storeError(w, r, "series", err)
		return
	}
	writeJSON(w, http.StatusOK, ser)
}

// defaultSpan is the chart's span when no range is given: it ends at the
// dyad's latest event (not today, so an archive's dyads still show).
const defaultSpan = 120

func (s *Server) series(r *http.Request, a, b string, directed bool, since, until string) (*Series, error) {
	ctx := r.Context()
	d := store.Dyad{A: a, B: b, Directed: directed}
	if until == "" {
		// The date the dyad's news has reached: its latest event not dated
		// after its report (a plan for next year would leave the chart empty).
		last, err := watch.NewsDate(ctx, s.cfg.Store, store.EventFilter{Dyad: &d})
		if err != nil {
			return nil, err
		}
		until = cmp.Or(last, time.Now().UTC().Format(vigil.DateLayout))
	}
	if since == "" {
		t, _ := time.Parse(vigil.DateLayout, until)
		since = t.AddDate(0, 0, -defaultSpan).Format(vigil.DateLayout)
	}
	days, err := s.cfg.Store.DyadSeries(ctx, store.SeriesQuery{Dyad: d, Since: since, Until: until})
	if err != nil {
		return nil, err
	}
	if days == nil {
		days = []store.DayStat{}
	}
	ser := &Series{A: a, B: b, Directed: directed, Since: since, Until: until, Days: days}
	if s.cfg.Indices != nil {
		esc, err := s.cfg.Indices.Escalation(ctx, a, b, since, until)
		if err != nil {
			s.log.Warn("escalation series", "dyad", a+"-"+b, "err", err)
		} else {
			ser.Escalation = esc
		}
	}
	return ser, nil
}

func (s *Server) apiWarnings(w http.ResponseWriter, r *http.Request) {
	f, err := warningFilter(r.URL.Query())
	if err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	ws, err := s.cfg.Store.Warnings(r.Context(), f)
	if err != nil {
		s.storeError(w, r, "warnings", err)
		return
	}
	if ws == nil {
		ws = []vigil.Warning{}
	}
	writeJSON(w, http.StatusOK, ws)
}

func (s *Server) apiWarning(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	wr, err := s.cfg.Store.Warning(r.Context(), id)
	if err != nil {
		s.storeError(w, r, "warning "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, wr)
}

var errNoRegister = errors.New("no treaty register configured")

func (s *Server) apiTreaties(w http.ResponseWriter, r *http.Request) {
	date, err := dateParam(r.URL.Query(), "date")
	if err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	ts, err := s.treaties(r, date)
	if errors.Is(err, errNoRegister) {
		s.apiError(w, http.StatusNotImplemented, "this server has no treaty register")
		return
	}
	if err != nil {
		s.storeError(w, r, "treaties", err)
		return
	}
	writeJSON(w, http.StatusOK, ts)
}

func (s *Server) apiTreaty(w http.ResponseWriter, r *http.Request) {
	date, err := dateParam(r.URL.Query(), "date")
	if err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	ts, err := s.treaties(r, date)
	if errors.Is(err, errNoRegister) {
		s.apiError(w, http.StatusNotImplemented, "this server has no treaty register")
		return
	}
	if err != nil {
		s.storeError(w, r, "treaties", err)
		return
	}
	id := r.PathValue("id")
	for _, t := range ts {
		if t.ID == id {
			writeJSON(w, http.StatusOK, t)
			return
		}
	}
	s.apiError(w, http.StatusNotFound, "treaty "+id+" not found; GET /api/treaties lists them")
}

// treaties returns the register's treaties with the status changes the
// store learnt from events merged into each history.
func (s *Server) treaties(r *http.Request, date string) ([]Treaty, error) {
	if s.cfg.Alliances == nil {
		return nil, errNoRegister
	}
	ts, err := s.cfg.Alliances.Treaties(r.Context(), date)
	if err != nil {
		return nil, err
	}
	learnt, err := s.cfg.Store.TreatyStatuses(r.Context(), "")
	if err != nil {
		return nil, err
	}
	byTreaty := map[string][]vigil.TreatyStatus{}
	for _, st := range learnt {
		byTreaty[st.Treaty] = append(byTreaty[st.Treaty], st)
	}
	for i := range ts {
		ts[i].History = mergeHistory(ts[i].History, byTreaty[ts[i].ID])
		if ts[i].Parties == nil {
			ts[i].Parties = []string{}
		}
	}
	return ts, nil
}

// mergeHistory adds the entries of extra not already in h (same party,
// status and date) and sorts by date.
func mergeHistory(h, extra []vigil.TreatyStatus) []vigil.TreatyStatus {
	out := slices.Clone(h)
	for _, e := range extra {
		dup := slices.IndexFunc(out, func(x vigil.TreatyStatus) bool {
			return x.Party == e.Party && x.Status == e.Status && x.Date == e.Date
		})
		if dup < 0 {
			out = append(out, e)
		} else if out[dup].EventID == "" {
			out[dup].EventID, out[dup].Sentence = e.EventID, e.Sentence
		}
	}
	slices.SortStableFunc(out, func(a, b vigil.TreatyStatus) int { return strings.Compare(a.Date, b.Date) })
	if out == nil {
		out = []vigil.TreatyStatus{}
	}
	return out
}

func (s *Server) apiExposure(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a, b := strings.ToUpper(q.Get("a")), strings.ToUpper(q.Get("b"))
	if !validActor(a) || !validActor(b) {
		s.apiError(w, http.StatusBadRequest, "give the two sides as ?a=PRK&b=KOR (country codes)")
		return
	}
	if alliance.Country(a) == alliance.Country(b) {
		// As 'vigil exposure': a country does not fight itself.
		s.apiError(w, http.StatusBadRequest, fmt.Sprintf("a and b are the same country (%s): give two", alliance.Country(a)))
		return
	}
	date, err := dateParam(q, "date")
	if err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	if date == "" {
		date = time.Now().UTC().Format(vigil.DateLayout)
	}
	if s.cfg.Alliances == nil {
		s.apiError(w, http.StatusNotImplemented, "this server has no treaty register")
		return
	}
	ex, err := s.cfg.Alliances.Exposure(r.Context(), a, b, date)
	if err != nil {
		s.storeError(w, r, "exposure", err)
		return
	}
	if ex.Bound == nil {
		ex.Bound = []vigil.Obligation{}
	}
	writeJSON(w, http.StatusOK, ex)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sq := store.SearchQuery{Query: strings.TrimSpace(q.Get("q")), Cursor: q.Get("cursor")}
	if sq.Query == "" {
		s.apiError(w, http.StatusBadRequest, "give a query: /api/search?q=words")
		return
	}
	var err error
	if sq.Limit, err = intParam(q, "limit", 20, 1, 1000); err != nil {
		s.apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	p, err := s.cfg.Store.Search(r.Context(), sq)
	if err != nil {
		s.storeError(w, r, "search", err)
		return
	}
	if p.Items == nil {
		p.Items = []store.SearchHit{}
	}
	writeJSON(w, http.StatusOK, p)
}

// IngestRequest is the body of POST /api/ingest: a URL to fetch, or an
// article's text.
type IngestRequest struct {
	URL    string `json:"url,omitempty"`
	Text   string `json:"text,omitempty"`
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"` // publication date, YYYY-MM-DD
	Source string `json:"source,omitempty"`
}

func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Ingester == nil {
		s.apiError(w, http.StatusNotImplemented, "this server cannot ingest")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.apiError(w, http.StatusUnsupportedMediaType, "send a JSON body with Content-Type: application/json")
		return
	}
	var req IngestRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.apiError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over %d bytes: send long texts as a URL, or split them", mbe.Limit))
			return
		}
		s.apiError(w, http.StatusBadRequest, "body is not a valid ingest request: "+err.Error())
		return
	}
	var (
		res *IngestResult
		err error
	)
	switch {
	case req.URL != "" && req.Text != "":
		s.apiError(w, http.StatusBadRequest, "give either url or text, not both")
		return
	case req.URL != "":
		u, perr := url.Parse(req.URL)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			s.apiError(w, http.StatusBadRequest, "url must be an absolute http or https URL")
			return
		}
		res, err = s.cfg.Ingester.IngestURL(r.Context(), req.URL)
	case strings.TrimSpace(req.Text) != "":
		a := &vigil.Article{Text: req.Text, Title: req.Title, Source: req.Source}
		if req.Date != "" {
			t, perr := time.Parse(vigil.DateLayout, req.Date)
			if perr != nil {
				s.apiError(w, http.StatusBadRequest, "date must be YYYY-MM-DD")
				return
			}
			a.Published = t
		}
		a.ID = vigil.ArticleID(a.Text)
		res, err = s.cfg.Ingester.IngestArticle(r.Context(), a)
	default:
		s.apiError(w, http.StatusBadRequest, `give {"url": "https://..."} or {"text": "...", "date": "YYYY-MM-DD"}`)
		return
	}
	if err != nil {
		s.metrics.ingestResult("error")
		s.log.Warn("ingest", "err", err)
		s.apiError(w, http.StatusUnprocessableEntity, "ingest failed: "+err.Error())
		return
	}
	s.metrics.ingestResult("ok")
	if res.Articles == nil {
		res.Articles = []string{}
	}
	if res.Warnings == nil {
		res.Warnings = []string{}
	}
	s.Notify()
	status := http.StatusOK
	if res.New > 0 {
		status = http.StatusCreated
	}
	writeJSON(w, status, res)
}

// eventFilter reads the event filters of /api/events and /events.
func eventFilter(q url.Values) (store.EventFilter, error) {
	f := store.EventFilter{
		Actor:   strings.ToUpper(strings.TrimSpace(q.Get("actor"))),
		Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Text:    strings.TrimSpace(q.Get("q")),
		Article: strings.TrimSpace(q.Get("article")),
		Tag:     strings.TrimSpace(q.Get("tag")),
		Cursor:  q.Get("cursor"),
	}
	if f.Actor != "" && !validActor(f.Actor) {
		return f, fmt.Errorf("actor %q is not an actor code such as PRKMIL", f.Actor)
	}
	if f.Country != "" && !validCountry(f.Country) {
		return f, fmt.Errorf("country %q is not a three-letter code such as PRK", f.Country)
	}
	if f.Article != "" && !validID(f.Article) {
		return f, fmt.Errorf("article %q is not an article id", f.Article)
	}
	if d := strings.TrimSpace(q.Get("dyad")); d != "" {
		dy, err := parseDyad(d)
		if err != nil {
			return f, err
		}
		dy.Directed = q.Get("directed") == "true"
		f.Dyad = &dy
	}
	for _, c := range splitList(q.Get("code")) {
		if len(c) < 2 || len(c) > 4 || !digits(c) {
			return f, fmt.Errorf("code %q is not a CAMEO code (2–4 digits)", c)
		}
		f.Codes = append(f.Codes, c)
	}
	for _, c := range splitList(q.Get("root")) {
		if len(c) != 2 || !digits(c) {
			return f, fmt.Errorf("root %q is not a two-digit CAMEO root such as 19", c)
		}
		f.Roots = append(f.Roots, c)
	}
	for _, c := range splitList(q.Get("quad")) {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 || n > 4 {
			return f, fmt.Errorf("quad %q is not a quad class 1–4", c)
		}
		f.Quad = append(f.Quad, n)
	}
	var err error
	if f.Since, f.Until, err = dateRange(q); err != nil {
		return f, err
	}
	f.IncludeFlagged = q.Get("flagged") == "true"
	switch q.Get("order") {
	case "", "date_desc":
		f.Order = store.ByDateDesc
	case "date":
		f.Order = store.ByDate
	case "arrival":
		f.Order = store.ByArrival
	default:
		return f, fmt.Errorf("order %q: use date, date_desc or arrival", q.Get("order"))
	}
	if f.Limit, err = intParam(q, "limit", 100, 1, 10000); err != nil {
		return f, err
	}
	return f, nil
}

func warningFilter(q url.Values) (store.WarningFilter, error) {
	f := store.WarningFilter{
		Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Level:   strings.TrimSpace(q.Get("level")),
		Rule:    strings.TrimSpace(q.Get("rule")),
	}
	if f.Country != "" && !validCountry(f.Country) {
		return f, fmt.Errorf("country %q is not a three-letter code such as PRK", f.Country)
	}
	// An unknown level would match nothing and look like "no warnings":
	// say so instead, as 'vigil warnings --level' does.
	if f.Level != "" {
		if _, ok := watch.ParseLevel(f.Level); !ok {
			return f, fmt.Errorf("level %q: use watch, warning, alert or ended", f.Level)
		}
	}
	var err error
	if f.Since, err = dateParam(q, "since"); err != nil {
		return f, err
	}
	if f.Limit, err = intParam(q, "limit", 0, 0, 10000); err != nil {
		return f, err
	}
	return f, nil
}

// parseDyad reads "PRK-KOR" (also "PRK,KOR" or "PRK:KOR").
func parseDyad(s string) (store.Dyad, error) {
	s = strings.ToUpper(s)
	i := strings.IndexAny(s, "-,:>")
	if i < 0 {
		return store.Dyad{}, fmt.Errorf("dyad %q: write it as PRK-KOR", s)
	}
	a, b := s[:i], s[i+1:]
	if !validActor(a) || !validActor(b) {
		return store.Dyad{}, fmt.Errorf("dyad %q: both sides must be actor or country codes, as in PRK-KOR", s)
	}
	return store.Dyad{A: a, B: b}, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func dateParam(q url.Values, name string) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse(vigil.DateLayout, v); err != nil {
		return "", fmt.Errorf("%s %q is not a date YYYY-MM-DD", name, v)
	}
	return v, nil
}

func dateRange(q url.Values) (since, until string, err error) {
	if since, err = dateParam(q, "since"); err != nil {
		return
	}
	if until, err = dateParam(q, "until"); err != nil {
		return
	}
	if since != "" && until != "" && since > until {
		err = fmt.Errorf("since %s is after until %s", since, until)
	}
	return
}

func intParam(q url.Values, name string, def, min, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, fmt.Errorf("%s %q must be a whole number from %d to %d", name, v, min, max)
	}
	return n, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// validActor accepts CAMEO-style codes: 3 to 15 letters or digits.
func validActor(s string) bool {
	if len(s) < 3 || len(s) > 15 {
		return false
	}
	for _, c := range s {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func validCountry(s string) bool { return len(s) == 3 && validActor(s) }

// validID accepts the hexadecimal IDs Vigil makes (and a little more, for
// IDs of imported data), but nothing that could smuggle path or markup.
func validID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
