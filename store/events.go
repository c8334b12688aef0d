package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-ews/vigil"
)

const (
	defaultPage = 100
	maxPage     = 10000
	// eachChunk is how many events EachEvent reads per query: memory stays
	// bounded and no read transaction stays open while fn runs.
	eachChunk = 2000
)

// eventSelect reads an event with its sentence (stored once, in sentences)
// and its number of sources (counted on its article when the store holds
// it with sources, as given otherwise: events of an article known by URL
// only, as GDELT imports write, keep GDELT's count).
//
// The last two columns are the article's publication date (Event.Reported)
// and the date the watch counts the event on (its own, or for a plan the
// date it was reported): ByReported lists by it (column countedColumn).
const eventSelect = `SELECT e.seq, %s, e.id, e.article, e.date, e.source, e.source_name, e.target, e.target_name,
	e.code, e.root, e.quad, e.goldstein, e.plover, e.mode, e.flags, e.confidence, e.location,
	COALESCE(s.text, ''), e.sent_start, e.sent_end, e.pattern, e.evidence,
	CASE WHEN a.nsources IS NULL OR a.nsources < 1 THEN e.sources ELSE a.nsources END,
	COALESCE(substr(a.published, 1, 10), ''),
	CASE WHEN e.reported <> '' THEN e.reported ELSE e.date END AS counted
FROM events e
LEFT JOIN sentences s ON s.article = e.article AND s.start_off = e.sent_start AND s.end_off = e.sent_end
LEFT JOIN articles a ON a.id = e.article`

func (s *db) eventSelect() string {
	if s.pg() {
		return fmt.Sprintf(eventSelect, "e.tx::text")
	}
	return fmt.Sprintf(eventSelect, "''")
}

// countedColumn is the position of eventSelect's counted date.
const countedColumn = "26"

// scannedEvent is an event and its keyset position.
type scannedEvent struct {
	vigil.Event
	seq     int64
	tx      string
	counted string // the date the watch counts it on (ByReported)
}

func scanEvent(rows *sql.Rows, se *scannedEvent) error {
	var flags int
	var evidence sql.NullString
	e := &se.Event
	*e = vigil.Event{}
	if err := rows.Scan(&se.seq, &se.tx, &e.ID, &e.Article, &e.Date, &e.Source, &e.SourceName, &e.Target, &e.TargetName,
		&e.Code, &e.Root, &e.Quad, &e.Goldstein, &e.PLOVER, &e.Mode, &flags, &e.Confidence, &e.Location,
		&e.Sentence, &e.Offsets[0], &e.Offsets[1], &e.Pattern, &evidence, &e.Sources, &e.Reported, &se.counted); err != nil {
		return fmt.Errorf("reading event: %w", err)
	}
	e.Negated = flags&flagNegated != 0
	e.Hypothetical = flags&flagHypothetical != 0
	if evidence.Valid && evidence.String != "" {
		if err := json.Unmarshal([]byte(evidence.String), &e.Evidence); err != nil {
			return fmt.Errorf("event %s: reading evidence: %w", e.ID, err)
		}
	}
	return nil
}

// where collects SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// cond is one SQL condition and its arguments.
type cond struct {
	sql  string
	args []any
}

func (w *where) addCond(c cond) { w.add(c.sql, c.args...) }

func (w *where) clone() *where {
	return &where{conds: append([]string(nil), w.conds...), args: append([]any(nil), w.args...)}
}

// either is a condition that holds on one side or the other of an event:
// an actor or country as source or target, a dyad in either direction.
type either struct{ first, second cond }

func (e either) or() cond {
	return cond{"(" + e.first.sql + " OR " + e.second.sql + ")", append(append([]any(nil), e.first.args...), e.second.args...)}
}

// secondOnly is second without the events first already matched, for
// listing the two as a UNION ALL without duplicates.
func (e either) secondOnly() cond {
	return cond{e.second.sql + " AND NOT (" + e.first.sql + ")", append(append([]any(nil), e.second.args...), e.first.args...)}
}

// sideCond matches one side of a dyad: a country (3 characters) or an
// exact actor code. col is "source" or "target". An actor code says its
// country too, so that its events are read through the country's index
// (there is none on actor codes: it would cost every write for queries
// that read at most a few times more rows through the country's).
func sideCond(col, side string) cond {
	if len(side) == 3 {
		return cond{"e." + col + "_country = ?", []any{side}}
	}
	if len(side) > 3 {
		return cond{"(e." + col + "_country = ? AND e." + col + " = ?)", []any{side[:3], side}}
	}
	return cond{"e." + col + " = ?", []any{side}}
}

// actorCond matches an exact actor code on one side, through its
// country's index (see sideCond).
func actorCond(col, actor string) cond {
	if len(actor) >= 3 {
		return cond{"(e." + col + "_country = ? AND e." + col + " = ?)", []any{actor[:3], actor}}
	}
	return cond{"e." + col + " = ?", []any{actor}}
}

// dirCond matches events from src to tgt (either may be "": any).
func dirCond(src, tgt string) cond {
	var c cond
	var parts []string
	for _, sc := range []struct{ col, side string }{{"source", src}, {"target", tgt}} {
		if sc.side != "" {
			x := sideCond(sc.col, sc.side)
			parts = append(parts, x.sql)
			c.args = append(c.args, x.args...)
		}
	}
	c.sql = "(" + strings.Join(parts, " AND ") + ")"
	return c
}

// filterWhere turns an EventFilter (without cursor and order) into SQL:
// the conditions all events must meet, and at most one either-side
// condition kept apart (the dyad's, the actor's or the country's), which
// an ordered listing reads as two index scans merged instead of an OR that
// the engines answer by sorting every match.
func (s *db) filterWhere(f *EventFilter) (*where, *either, error) {
	w := &where{}
	var split *either
	useEither := func(e either) {
		if split == nil {
			split = &e
			return
		}
		w.addCond(e.or())
	}
	if !f.IncludeFlagged {
		w.add("e.flags = 0")
	}
	if d := f.Dyad; d != nil && (d.A != "" || d.B != "") {
		if d.Directed || d.A == d.B {
			w.addCond(dirCond(d.A, d.B))
		} else {
			useEither(either{dirCond(d.A, d.B), dirCond(d.B, d.A)})
		}
	}
	if f.Actor != "" {
		useEither(either{actorCond("source", f.Actor), actorCond("target", f.Actor)})
	}
	if f.Country != "" {
		useEither(either{cond{"e.source_country = ?", []any{f.Country}}, cond{"e.target_country = ?", []any{f.Country}}})
	}
	if len(f.Codes) > 0 {
		w.add("e.code IN ("+placeholders(len(f.Codes))+")", anys(f.Codes)...)
	}
	if len(f.Roots) > 0 {
		w.add("e.root IN ("+placeholders(len(f.Roots))+")", anys(f.Roots)...)
	}
	if len(f.Quad) > 0 {
		for _, q := range f.Quad {
			if q < 1 || q > 4 {
				return nil, nil, fmt.Errorf("quad class %d: must be 1 to 4", q)
			}
		}
		w.add("e.quad IN ("+placeholders(len(f.Quad))+")", anys(f.Quad)...)
	}
	for _, d := range []string{f.Since, f.Until} {
		if !validDate(d) {
			return nil, nil, fmt.Errorf("date %q: want YYYY-MM-DD", d)
		}
	}
	if f.Order != ByReported { // which date is bounded depends on the side (eventQuery)
		dateBounds(w, "e.date", f)
	}
	if f.Article != "" {
		w.add("e.article = ?", f.Article)
	}
	if f.Tag != "" {
		w.add("e.article IN ("+taggedArticles+")", f.Tag)
	}
	if f.Text != "" {
		terms := parseQuery(f.Text)
		if len(terms) == 0 {
			return nil, nil, fmt.Errorf("text filter %q has no words to search for", f.Text)
		}
		if s.pg() {
			// The articles that hold all the words (their search vector,
			// one per article), then the sentences of their events that
			// do: vectors of those sentences only, made as they are read.
			expr, args := tsQuery(terms)
			w.add("e.article IN (SELECT x.id FROM articles x WHERE x.tsv @@ ("+expr+"))", args...)
			w.add("to_tsvector('english', left(s.text, 100000)) @@ ("+expr+")", args...)
		} else {
			w.add("s.rid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)", ftsQuery(terms))
		}
	}
	return w, split, nil
}

// dateBounds bounds col to f's Since and Until.
func dateBounds(w *where, col string, f *EventFilter) {
	if f.Since != "" {
		w.add(col+" >= ?", f.Since)
	}
	if f.Until != "" {
		w.add(col+" <= ?", f.Until)
	}
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// eventQuery builds the query of one page of f starting after c. horizon
// is the arrival horizon (PostgreSQL, ByArrival only; see arrivalHorizon).
func (s *db) eventQuery(f *EventFilter, c *cursor, limit int, horizon string) (string, []any, error) {
	w, split, err := s.filterWhere(f)
	if err != nil {
		return "", nil, err
	}
	var order string
	switch f.Order {
	case ByDate:
		order = "e.date, e.seq"
		if c != nil {
			w.add("(e.date, e.seq) > (?, ?)", c.date, c.seq)
		}
	case ByDateDesc:
		order = "e.date DESC, e.seq DESC"
		if c != nil {
			w.add("(e.date, e.seq) < (?, ?)", c.date, c.seq)
		}
	case ByArrival:
		if s.pg() {
			// Only transactions older than every running one: none of them
			// can still commit behind the cursor.
			order = "e.tx, e.seq"
			w.add("e.tx < ?::xid8", horizon)
			if c != nil && c.tx != "" {
				w.add("(e.tx, e.seq) > (?::xid8, ?)", c.tx, c.seq)
			}
		} else {
			// One writer at a time: sequence order is commit order.
			order = "e.seq"
			if c != nil {
				w.add("e.seq > ?", c.seq)
			}
		}
	case ByReported:
		return s.reportedQuery(f, w, split, c, limit)
	default:
		return "", nil, fmt.Errorf("unknown event order %d", f.Order)
	}
	lim := ""
	if limit > 0 {
		lim = " LIMIT " + strconv.Itoa(limit)
	}
	if split != nil && f.Order != ByArrival {
		// Two ordered index scans, merged: (date, seq) is column 5, 1. Each
		// side is limited on its own, or PostgreSQL 15 sorts every match of
		// both sides (it plans a top-level UNION without Merge Append) and
		// takes seconds for the first page of a busy dyad instead of one
		// millisecond.
		w1, w2 := w.clone(), w.clone()
		w1.addCond(split.first)
		w2.addCond(split.secondOnly())
		outer := "5, 1"
		if f.Order == ByDateDesc {
			outer = "5 DESC, 1 DESC"
		}
		b1 := s.eventSelect() + w1.String()
		b2 := s.eventSelect() + w2.String()
		if limit > 0 {
			b1 = "SELECT * FROM (" + b1 + " ORDER BY " + order + lim + ") b1"
			b2 = "SELECT * FROM (" + b2 + " ORDER BY " + order + lim + ") b2"
		}
		q := b1 + " UNION ALL " + b2 + " ORDER BY " + outer + lim
		return s.q(q), append(w1.args, w2.args...), nil
	}
	if split != nil {
		w.addCond(split.or())
	}
	return s.q(s.eventSelect() + w.String() + " ORDER BY " + order + lim), w.args, nil
}

// reportedQuery builds a page of events by the date the watch counts them
// on: two ordered scans merged, the events counted on their own date
// (through the date index) and the plans, counted on the date they were
// reported (through their small index).
func (s *db) reportedQuery(f *EventFilter, w *where, split *either, c *cursor, limit int) (string, []any, error) {
	if split != nil {
		w.addCond(split.or())
	}
	own, plans := w.clone(), w.clone()
	own.add("e.reported = ''")
	dateBounds(own, "e.date", f)
	plans.add("e.reported <> ''")
	dateBounds(plans, "e.reported", f)
	if c != nil {
		own.add("(e.date, e.seq) > (?, ?)", c.date, c.seq)
		plans.add("(e.reported, e.seq) > (?, ?)", c.date, c.seq)
	}
	lim := ""
	if limit > 0 {
		lim = " LIMIT " + strconv.Itoa(limit)
	}
	q := "SELECT * FROM (" + s.eventSelect() + own.String() + " ORDER BY e.date, e.seq" + lim + ") o UNION ALL " +
		"SELECT * FROM (" + s.eventSelect() + plans.String() + " ORDER BY e.reported, e.seq" + lim + ") p ORDER BY " + countedColumn + ", 1" + lim
	return s.q(q), append(own.args, plans.args...), nil
}

func orderKind(o Order) byte {
	switch o {
	case ByDateDesc:
		return 'D'
	case ByArrival:
		return 'a'
	case ByReported:
		return 'r'
	}
	return 'd'
}

func positionOf(o Order, se *scannedEvent) cursor {
	date := se.Date
	if o == ByReported {
		date = se.counted
	}
	return cursor{kind: orderKind(o), date: date, seq: se.seq, tx: se.tx}
}

// page reads up to limit events after c.
func (s *db) page(ctx context.Context, f *EventFilter, c *cursor, limit int, fn func(se *scannedEvent) error) (n int, err error) {
	var horizon string
	if f.Order == ByArrival && s.pg() {
		if horizon, err = s.arrivalHorizon(ctx, "events"); err != nil {
			return 0, err
		}
	}
	q, args, err := s.eventQuery(f, c, limit, horizon)
	if err != nil {
		return 0, err
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("querying events: %w", err)
	}
	defer rows.Close()
	var se scannedEvent
	for rows.Next() {
		if err := scanEvent(rows, &se); err != nil {
			return n, err
		}
		n++
		if err := fn(&se); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("querying events: %w", err)
	}
	return n, nil
}

func (s *db) startCursor(f *EventFilter) (*cursor, error) {
	if f.Cursor == "" {
		return nil, nil
	}
	c, err := parseCursor(f.Cursor, orderKind(f.Order))
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func (s *db) Events(ctx context.Context, f EventFilter) (Page[vigil.Event], error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultPage
	}
	limit = min(limit, maxPage)
	c, err := s.startCursor(&f)
	if err != nil {
		return Page[vigil.Event]{}, fmt.Errorf("events: %w", err)
	}
	var p Page[vigil.Event]
	p.Items = []vigil.Event{}
	var last cursor
	_, err = s.page(ctx, &f, c, limit+1, func(se *scannedEvent) error {
		if len(p.Items) == limit {
			p.Next = last.String()
			return nil
		}
		p.Items = append(p.Items, se.Event)
		last = positionOf(f.Order, se)
		return nil
	})
	if err != nil {
		return Page[vigil.Event]{}, fmt.Errorf("events: %w", err)
	}
	if f.Order == ByArrival {
		switch {
		case len(p.Items) > 0:
			p.Next = last.String()
		case c != nil:
			p.Next = c.String()
		default:
			p.Next = cursor{kind: 'a'}.String()
		}
	}
	return p, nil
}

func (s *db) EachEvent(ctx context.Context, f EventFilter, fn func(e *vigil.Event) error) error {
	c, err := s.startCursor(&f)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	left := f.Limit // 0: all
	for {
		chunk := eachChunk
		if f.Limit > 0 {
			chunk = min(chunk, left)
		}
		// Read a chunk, then call fn outside the query, so fn may use the
		// store (even write to it) without holding a read transaction.
		buf := make([]scannedEvent, 0, chunk)
		_, err := s.page(ctx, &f, c, chunk, func(se *scannedEvent) error {
			buf = append(buf, *se)
			return nil
		})
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		for i := range buf {
			if err := fn(&buf[i].Event); err != nil {
				return err
			}
		}
		if len(buf) < chunk {
			return nil
		}
		pos := positionOf(f.Order, &buf[len(buf)-1])
		c = &pos
		if f.Limit > 0 {
			left -= len(buf)
			if left <= 0 {
				return nil
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

func (s *db) ArrivalCursor(ctx context.Context) (string, error) {
	c := cursor{kind: 'a'}
	q := `SELECT '', seq FROM events ORDER BY seq DESC LIMIT 1`
	var args []any
	if s.pg() {
		horizon, err := s.arrivalHorizon(ctx, "events")
		if err != nil {
			return "", fmt.Errorf("arrival cursor: %w", err)
		}
		q, args = `SELECT tx::text, seq FROM events WHERE tx < $1::xid8 ORDER BY tx DESC, seq DESC LIMIT 1`, []any{horizon}
	}
	err := s.r.QueryRowContext(ctx, q, args...).Scan(&c.tx, &c.seq)
	if err != nil && err != sql.ErrNoRows {
		return "", fmt.Errorf("arrival cursor: %w", err)
	}
	return c.String(), nil
}

func (s *db) DyadSeries(ctx context.Context, q SeriesQuery) ([]DayStat, error) {
	if q.Dyad.A == "" || q.Dyad.B == "" {
		return nil, fmt.Errorf("dyad series: name both sides of the dyad")
	}
	for _, d := range []string{q.Since, q.Until} {
		if !validDate(d) {
			return nil, fmt.Errorf("dyad series: date %q: want YYYY-MM-DD", d)
		}
	}
	// Country dyads read the daily totals kept at write time, one row per
	// day and direction; a side that is an actor code needs the events
	// themselves. One range scan per direction, merged here: an OR or a
	// GROUP BY over a UNION would make the engines scan or sort more.
	countries := len(q.Dyad.A) == 3 && len(q.Dyad.B) == 3
	dir := func(a, b string) (string, []any) {
		w := &where{}
		if countries {
			w.add("source_country = ?", a)
			w.add("target_country = ?", b)
		} else {
			w.add("e.flags = 0")
			w.addCond(sideCond("source", a))
			w.addCond(sideCond("target", b))
			w.add("e.date <> ''")
		}
		if q.Since != "" {
			w.add("date >= ?", q.Since)
		}
		if q.Until != "" {
			w.add("date <= ?", q.Until)
		}
		if countries {
			return "SELECT date, events, q1, q2, q3, q4, goldstein FROM dyad_days" + w.String() + " ORDER BY date", w.args
		}
		return `SELECT e.date, COUNT(*), SUM(CASE WHEN e.quad = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN e.quad = 2 THEN 1 ELSE 0 END),
			SUM(CASE WHEN e.quad = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN e.quad = 4 THEN 1 ELSE 0 END), SUM(e.goldstein)
			FROM events e` + w.String() + " GROUP BY e.date ORDER BY e.date", w.args
	}
	byDate := map[string]*DayStat{}
	read := func(query string, args []any) error {
		rows, err := s.r.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d DayStat
			if err := rows.Scan(&d.Date, &d.Count, &d.Quad[0], &d.Quad[1], &d.Quad[2], &d.Quad[3], &d.Goldstein); err != nil {
				return err
			}
			if t := byDate[d.Date]; t != nil {
				t.Count += d.Count
				t.Goldstein += d.Goldstein
				for i := range t.Quad {
					t.Quad[i] += d.Quad[i]
				}
			} else {
				byDate[d.Date] = &d
			}
		}
		return rows.Err()
	}
	if err := read(dir(q.Dyad.A, q.Dyad.B)); err != nil {
		return nil, fmt.Errorf("dyad series %s-%s: %w", q.Dyad.A, q.Dyad.B, err)
	}
	if !q.Dyad.Directed && q.Dyad.A != q.Dyad.B {
		if err := read(dir(q.Dyad.B, q.Dyad.A)); err != nil {
			return nil, fmt.Errorf("dyad series %s-%s: %w", q.Dyad.B, q.Dyad.A, err)
		}
	}
	out := make([]DayStat, 0, len(byDate))
	for _, d := range byDate {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func (s *db) Dyads(ctx context.Context, q DyadQuery) ([]DyadTotal, error) {
	for _, d := range []string{q.Since, q.Until} {
		if !validDate(d) {
			return nil, fmt.Errorf("dyads: date %q: want YYYY-MM-DD", d)
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultPage
	}
	w := &where{}
	var query string
	if q.Countries && q.Since == "" && q.Until == "" {
		// All time: the running totals, one row per dyad.
		query = fmt.Sprintf(`SELECT source_country, target_country, events, goldstein, first, last
			FROM dyads ORDER BY 3 DESC, 1, 2 LIMIT %d`, limit)
	} else if q.Countries {
		// A date range: the daily totals, one row per dyad and day.
		if q.Since != "" {
			w.add("date >= ?", q.Since)
		}
		if q.Until != "" {
			w.add("date <= ?", q.Until)
		}
		query = fmt.Sprintf(`SELECT source_country, target_country, CAST(SUM(events) AS BIGINT), SUM(goldstein), MIN(date), MAX(date)
			FROM dyad_days%s GROUP BY source_country, target_country ORDER BY 3 DESC, 1, 2 LIMIT %d`, w.String(), limit)
	} else {
		// The same events as the totals count: not flagged, dated, with a target.
		w.add("e.flags = 0")
		w.add("e.target_country <> ''")
		w.add("e.date <> ''")
		if q.Since != "" {
			w.add("e.date >= ?", q.Since)
		}
		if q.Until != "" {
			w.add("e.date <= ?", q.Until)
		}
		query = fmt.Sprintf(`SELECT e.source, e.target, COUNT(*), SUM(e.goldstein), MIN(e.date), MAX(e.date) FROM events e%s
			GROUP BY e.source, e.target ORDER BY 3 DESC, 1, 2 LIMIT %d`, w.String(), limit)
	}
	rows, err := s.r.QueryContext(ctx, s.q(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("dyads: %w", err)
	}
	defer rows.Close()
	var out []DyadTotal
	for rows.Next() {
		var d DyadTotal
		if err := rows.Scan(&d.Source, &d.Target, &d.Events, &d.Goldstein, &d.First, &d.Last); err != nil {
			return nil, fmt.Errorf("dyads: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
