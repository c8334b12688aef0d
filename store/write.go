package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
)

// batch is the rows one Write inserts, checked and completed (IDs, country
// columns, sentences of events) once for both backends.
type batch struct {
	articles  []articleRow
	sources   []sourceRow
	sentences []sentenceRow
	events    []eventRow
	items     []FeedItem
}

type articleRow struct {
	entry    int // index of the Entry it came from
	a        *vigil.Article
	simhash  uint64
	stored   string
	spans    string // Entry.Sentences, encoded (encodeSpans)
	nsources int    // distinct source URLs in the batch: the count when it is new
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (r *articleRow) bands() [4]int64 { return simhashBands(r.simhash) }

// simhashBands splits a fingerprint into its four 16-bit bands.
func simhashBands(h uint64) [4]int64 {
	return [4]int64{int64(h & 0xffff), int64(h >> 16 & 0xffff), int64(h >> 32 & 0xffff), int64(h >> 48 & 0xffff)}
}

type sourceRow struct {
	entry   int
	article string
	src     vigil.ArticleSource
	outlet  string
}

type sentenceRow struct {
	article    string
	start, end int
	text       string
}

type eventRow struct {
	entry            int
	e                *vigil.Event
	srcCtry, tgtCtry string
	reported         string // the article's publication date when the event is dated after it (a plan), else ""
	flags            int
	evidence         sql.NullString
}

const (
	flagNegated      = 1
	flagHypothetical = 2
)

// prepare checks the entries and turns them into rows. It never changes
// the caller's entries.
func prepare(entries []Entry) (*batch, error) {
	b := &batch{}
	now := stamp(time.Now())
	for i := range entries {
		en := &entries[i]
		articleID, published := "", ""
		if en.DuplicateOf != "" {
			// A copy of a stored article: only where it was seen.
			if en.Article == nil {
				return nil, fmt.Errorf("entry %d: a duplicate of %s needs the article whose sources to add", i, en.DuplicateOf)
			}
			a := en.Article
			for _, src := range a.Sources {
				b.sources = append(b.sources, sourceRow{entry: i, article: en.DuplicateOf, src: src, outlet: outlet(src.Source, src.URL)})
			}
			if en.Item != nil {
				if en.Item.Feed == "" || en.Item.Key == "" {
					return nil, fmt.Errorf("entry %d: feed item needs both feed and key", i)
				}
				b.items = append(b.items, *en.Item)
			}
			continue
		}
		if a := en.Article; a != nil {
			if a.Text == "" && a.ID == "" {
				return nil, fmt.Errorf("entry %d: article has neither text nor ID", i)
			}
			if a.ID == "" {
				ac := *a
				ac.ID = vigil.ArticleID(a.Text)
				a = &ac
			}
			articleID, published = a.ID, a.Date()
			spans, err := encodeSpans(en.Sentences, len(a.Text))
			if err != nil {
				return nil, fmt.Errorf("article %s: %w", a.ID, err)
			}
			b.articles = append(b.articles, articleRow{entry: i, a: a, simhash: en.SimHash, stored: now, spans: spans})
			// An article known by URL only (no text, as GDELT imports
			// write) is no sighting of the story by an outlet: its events
			// keep the number of sources they came with.
			// The sources given first: the article's own URL is one more
			// only when none of them is at that URL (they say more: the
			// feed, the item's title).
			for _, src := range a.Sources {
				b.sources = append(b.sources, sourceRow{entry: i, article: a.ID, src: src, outlet: outlet(src.Source, src.URL)})
			}
			if (a.URL != "" || a.Source != "") && a.Text != "" && !slices.ContainsFunc(a.Sources, func(s vigil.ArticleSource) bool { return s.URL == a.URL }) {
				b.sources = append(b.sources, sourceRow{entry: i, article: a.ID,
					src:    vigil.ArticleSource{URL: a.URL, Source: a.Source, Title: a.Title},
					outlet: outlet(a.Source, a.URL)})
			}
		}
		for j := range en.Events {
			e := en.Events[j] // a copy: IDs are filled in below
			if e.Article == "" {
				e.Article = articleID
			}
			if e.Code == "" {
				return nil, fmt.Errorf("entry %d event %d: no CAMEO code", i, j)
			}
			if !validDate(e.Date) {
				return nil, fmt.Errorf("entry %d event %d: date %q is not YYYY-MM-DD", i, j, e.Date)
			}
			if e.Offsets[1] < e.Offsets[0] || e.Offsets[0] < 0 {
				return nil, fmt.Errorf("entry %d event %d: sentence offsets %v are not a span", i, j, e.Offsets)
			}
			if e.ID == "" {
				e.ID = vigil.EventID(e.Article, e.Offsets[0], e.Source, e.Target, e.Code)
			}
			if e.Root == "" && len(e.Code) >= 2 {
				e.Root = e.Code[:2]
			}
			if e.Sources <= 0 {
				e.Sources = 1
			}
			r := eventRow{entry: i, e: &e, srcCtry: e.SourceCountry(), tgtCtry: e.TargetCountry()}
			if published != "" && e.Article == articleID && e.Date > published {
				r.reported = published
			}
			if e.Negated {
				r.flags |= flagNegated
			}
			if e.Hypothetical {
				r.flags |= flagHypothetical
			}
			if len(e.Evidence) > 0 {
				j, err := json.Marshal(e.Evidence)
				if err != nil {
					return nil, fmt.Errorf("event %s: evidence: %w", e.ID, err)
				}
				r.evidence = sql.NullString{String: string(j), Valid: true}
			}
			b.events = append(b.events, r)
			if e.Sentence != "" {
				b.sentences = append(b.sentences, sentenceRow{article: e.Article, start: e.Offsets[0], end: e.Offsets[1], text: e.Sentence})
			}
		}
		if en.Item != nil {
			if en.Item.Feed == "" || en.Item.Key == "" {
				return nil, fmt.Errorf("entry %d: feed item needs both feed and key", i)
			}
			b.items = append(b.items, *en.Item)
		}
	}
	// Articles go in key order, so concurrent PostgreSQL writers of the
	// same articles lock them in the same order. Events keep the caller's
	// order (the order of the text), which becomes their arrival order;
	// writers of the same article code it in the same order anyway, and a
	// rare deadlock between others is retried.
	sort.SliceStable(b.articles, func(i, j int) bool { return b.articles[i].a.ID < b.articles[j].a.ID })
	// A new article starts with the count of its sources, so that storing
	// it never needs an UPDATE of the row just written.
	urls := map[string]map[string]bool{}
	for _, r := range b.sources {
		if urls[r.article] == nil {
			urls[r.article] = map[string]bool{}
		}
		urls[r.article][r.src.URL] = true
	}
	for i := range b.articles {
		b.articles[i].nsources = len(urls[b.articles[i].a.ID])
	}
	return b, nil
}

// encodeSpans writes sentences as "start-end" byte spans separated by
// spaces, in order of the text, checking each lies within the text.
func encodeSpans(ss []Sentence, textLen int) (string, error) {
	if len(ss) == 0 {
		return "", nil
	}
	spans := make([][2]int, 0, len(ss))
	for _, s := range ss {
		if s.Start < 0 || s.End < s.Start || s.End > textLen {
			return "", fmt.Errorf("sentence [%d,%d) is not a span of the %d-byte text", s.Start, s.End, textLen)
		}
		spans = append(spans, [2]int{s.Start, s.End})
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i][0] != spans[j][0] {
			return spans[i][0] < spans[j][0]
		}
		return spans[i][1] < spans[j][1]
	})
	buf := make([]byte, 0, len(spans)*10)
	for i, sp := range spans {
		if i > 0 {
			if sp == spans[i-1] {
				continue
			}
			buf = append(buf, ' ')
		}
		buf = strconv.AppendInt(buf, int64(sp[0]), 10)
		buf = append(buf, '-')
		buf = strconv.AppendInt(buf, int64(sp[1]), 10)
	}
	return string(buf), nil
}

// decodeSpans reads what encodeSpans wrote; spans outside a text of
// textLen bytes, or unreadable, are left out.
func decodeSpans(s string, textLen int) [][2]int {
	var out [][2]int
	for _, f := range strings.Fields(s) {
		a, b, ok := strings.Cut(f, "-")
		if !ok {
			continue
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || start < 0 || end < start || end > textLen {
			continue
		}
		out = append(out, [2]int{start, end})
	}
	return out
}

func (s *db) Write(ctx context.Context, entries ...Entry) (WriteResult, error) {
	each, err := s.WriteBatch(ctx, entries...)
	var res WriteResult
	for _, r := range each {
		res.Articles += r.Articles
		res.Sources += r.Sources
		res.Events += r.Events
	}
	return res, err
}

func (s *db) WriteBatch(ctx context.Context, entries ...Entry) ([]WriteResult, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	b, err := prepare(entries)
	if err != nil {
		return nil, fmt.Errorf("store write: %w", err)
	}
	var ins inserted
	if s.pg() {
		ins, err = s.writePostgres(ctx, b)
	} else {
		ins, err = s.writeSQLite(ctx, b)
	}
	if err != nil {
		return nil, fmt.Errorf("store write (%d entries): %w", len(entries), err)
	}
	return ins.attribute(b, len(entries)), nil
}

// inserted is what a write added, by key.
type inserted struct {
	articles map[string]bool
	sources  map[[2]string]bool // article, URL
	events   map[[2]string]bool // article, event ID
}

func newInserted() inserted {
	return inserted{articles: map[string]bool{}, sources: map[[2]string]bool{}, events: map[[2]string]bool{}}
}

// attribute credits each thing added to the first entry that carried it.
func (ins inserted) attribute(b *batch, n int) []WriteResult {
	out := make([]WriteResult, n)
	for _, r := range b.articles {
		if ins.articles[r.a.ID] {
			out[r.entry].Articles++
			delete(ins.articles, r.a.ID)
		}
	}
	for _, r := range b.sources {
		k := [2]string{r.article, r.src.URL}
		if ins.sources[k] {
			out[r.entry].Sources++
			delete(ins.sources, k)
		}
	}
	for _, r := range b.events {
		k := [2]string{r.e.Article, r.e.ID}
		if ins.events[k] {
			out[r.entry].Events++
			delete(ins.events, k)
		}
	}
	return out
}

// writeSQLite inserts the batch with prepared statements in one
// transaction on the writer connection.
func (s *db) writeSQLite(ctx context.Context, b *batch) (inserted, error) {
	ins := newInserted()
	err := s.inTx(ctx, func(tx *sql.Tx) error { return s.writeSQLiteTx(ctx, tx, b, ins) })
	return ins, err
}

// writeSQLiteTx inserts the batch in tx, noting what it added in ins.
func (s *db) writeSQLiteTx(ctx context.Context, tx *sql.Tx, b *batch, ins inserted) error {
	fresh := map[string]bool{} // articles this write inserted, sources counted
	if len(b.articles) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO articles
			(id, url, canonical_url, source, title, published, lang, text, simhash, sh0, sh1, sh2, sh3, stored,
			 web, byline, spans, nsources)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range b.articles {
			a, bd := r.a, r.bands()
			n, err := execCount(ctx, st, a.ID, a.URL, a.CanonicalURL, a.Source, a.Title, articleTime(a.Published), a.Lang, a.Text,
				int64(r.simhash), bd[0], bd[1], bd[2], bd[3], r.stored, boolInt(a.Web), a.Byline, r.spans, r.nsources)
			if err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
			if n > 0 {
				fresh[a.ID] = true
				ins.articles[a.ID] = true
			}
		}
	}
	if len(b.sources) > 0 {
		added, err := s.insertSources(ctx, tx, b.sources, fresh)
		if err != nil {
			return err
		}
		for _, k := range added {
			ins.sources[k] = true
		}
	}
	if len(b.sentences) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO sentences (article, start_off, end_off, text) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range b.sentences {
			if _, err := st.ExecContext(ctx, r.article, r.start, r.end, r.text); err != nil {
				return fmt.Errorf("sentence of %s at %d: %w", r.article, r.start, err)
			}
		}
	}
	if len(b.events) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO events
			(id, article, date, source, source_name, target, target_name, source_country, target_country,
			 code, root, quad, goldstein, plover, mode, flags, confidence, location, sent_start, sent_end,
			 pattern, evidence, sources, reported)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article, id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		var days dyadTotals
		for _, r := range b.events {
			n, err := execCount(ctx, st, r.args()...)
			if err != nil {
				return fmt.Errorf("event %s: %w", r.e.ID, err)
			}
			if n > 0 {
				days.add(&r)
				ins.events[[2]string{r.e.Article, r.e.ID}] = true
			}
		}
		if err := days.writeSQLite(ctx, tx); err != nil {
			return err
		}
	}
	return s.markSeen(ctx, tx, b.items)
}

// counts reports whether the event enters the dyad series: not negated
// or hypothetical, dated, with a target.
func (r *eventRow) counts() bool {
	return r.flags == 0 && r.e.Date != "" && r.tgtCtry != ""
}

// dyadTotals sums the new events of a write per dyad and day, to add to
// dyad_days and dyads (SQLite; PostgreSQL sums them in SQL).
type dyadTotals struct {
	days  map[dyadDay]*dayTotal
	order []dyadDay
}

type dyadDay struct{ src, tgt, date string }

type dayTotal struct {
	events    int
	quad      [5]int // by quad class; 0 unknown
	goldstein float64
}

func (d *dyadTotals) add(r *eventRow) {
	if !r.counts() {
		return
	}
	if d.days == nil {
		d.days = map[dyadDay]*dayTotal{}
	}
	k := dyadDay{r.srcCtry, r.tgtCtry, r.e.Date}
	t := d.days[k]
	if t == nil {
		t = &dayTotal{}
		d.days[k] = t
		d.order = append(d.order, k)
	}
	t.events++
	if q := r.e.Quad; q >= 1 && q <= 4 {
		t.quad[q]++
	}
	t.goldstein += r.e.Goldstein
}

func (d *dyadTotals) writeSQLite(ctx context.Context, tx *sql.Tx) error {
	if len(d.order) == 0 {
		return nil
	}
	day, err := tx.PrepareContext(ctx, `INSERT INTO dyad_days (source_country, target_country, date, events, q1, q2, q3, q4, goldstein)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_country, target_country, date) DO UPDATE SET
		events = events + excluded.events, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3,
		q4 = q4 + excluded.q4, goldstein = goldstein + excluded.goldstein`)
	if err != nil {
		return err
	}
	defer day.Close()
	dyad, err := tx.PrepareContext(ctx, `INSERT INTO dyads (source_country, target_country, events, goldstein, first, last)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_country, target_country) DO UPDATE SET
		events = events + excluded.events, goldstein = goldstein + excluded.goldstein,
		first = MIN(first, excluded.first), last = MAX(last, excluded.last)`)
	if err != nil {
		return err
	}
	defer dyad.Close()
	for _, k := range d.order {
		t := d.days[k]
		if _, err := day.ExecContext(ctx, k.src, k.tgt, k.date, t.events, t.quad[1], t.quad[2], t.quad[3], t.quad[4], t.goldstein); err != nil {
			return fmt.Errorf("dyad totals: %w", err)
		}
		if _, err := dyad.ExecContext(ctx, k.src, k.tgt, t.events, t.goldstein, k.date, k.date); err != nil {
			return fmt.Errorf("dyad totals: %w", err)
		}
	}
	return nil
}

func (r *eventRow) args() []any {
	e := r.e
	return []any{e.ID, e.Article, e.Date, e.Source, e.SourceName, e.Target, e.TargetName, r.srcCtry, r.tgtCtry,
		e.Code, e.Root, e.Quad, e.Goldstein, e.PLOVER, e.Mode, r.flags, e.Confidence, e.Location,
		e.Offsets[0], e.Offsets[1], e.Pattern, r.evidence, e.Sources, r.reported}
}

// insertSources adds sources and counts each new one on its article,
// except on articles in fresh (inserted by the same write with their count).
// Shared by both backends (PostgreSQL's bulk path has its own).
func (s *db) insertSources(ctx context.Context, tx *sql.Tx, rows []sourceRow, fresh map[string]bool) ([][2]string, error) {
	ins, err := tx.PrepareContext(ctx, s.q(`INSERT INTO article_sources (article, url, source, outlet, feed, title, fetched)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`))
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	added := map[string]int{}
	var order []string
	var keys [][2]string
	for _, r := range rows {
		n, err := execCount(ctx, ins, r.article, r.src.URL, r.src.Source, r.outlet, r.src.Feed, r.src.Title, articleTime(r.src.Fetched))
		if err != nil {
			return nil, fmt.Errorf("source %q of %s: %w", r.src.URL, r.article, err)
		}
		if n > 0 {
			if added[r.article] == 0 {
				order = append(order, r.article)
			}
			added[r.article] += n
			keys = append(keys, [2]string{r.article, r.src.URL})
		}
	}
	for _, id := range order {
		if fresh[id] {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE articles SET nsources = nsources + ? WHERE id = ?`), added[id], id); err != nil {
			return nil, fmt.Errorf("counting sources of %s: %w", id, err)
		}
	}
	return keys, nil
}

func (s *db) markSeen(ctx context.Context, tx *sql.Tx, items []FeedItem) error {
	if len(items) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, s.q(`INSERT INTO feed_items (feed, key, seen) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`))
	if err != nil {
		return err
	}
	defer st.Close()
	now := stamp(time.Now())
	for _, it := range items {
		if _, err := st.ExecContext(ctx, it.Feed, it.Key, now); err != nil {
			return fmt.Errorf("marking %s item %q seen: %w", it.Feed, it.Key, err)
		}
	}
	return nil
}

func execCount(ctx context.Context, st *sql.Stmt, args ...any) (int, error) {
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (s *db) AddSource(ctx context.Context, articleID string, src vigil.ArticleSource) (bool, error) {
	var added int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		lock := `SELECT id FROM articles WHERE id = ?`
		if s.pg() {
			lock += ` FOR UPDATE`
		}
		var id string
		if err := tx.QueryRowContext(ctx, s.q(lock), articleID).Scan(&id); err == sql.ErrNoRows {
			return notFound("article", articleID)
		} else if err != nil {
			return err
		}
		keys, err := s.insertSources(ctx, tx, []sourceRow{{article: articleID, src: src, outlet: outlet(src.Source, src.URL)}}, nil)
		added = len(keys)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("add source to article: %w", err)
	}
	return added > 0, nil
}
