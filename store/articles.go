package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/vigil-ews/vigil"
)

func (s *db) Article(ctx context.Context, id string) (*vigil.Article, error) {
	a, _, err := s.article(ctx, id)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// article reads an article, its sources and its sentence spans.
func (s *db) article(ctx context.Context, id string) (*vigil.Article, string, error) {
	a := &vigil.Article{}
	var published, spans string
	var web int
	err := s.r.QueryRowContext(ctx, s.q(`SELECT id, url, canonical_url, source, title, published, lang, text, web, byline, spans
		FROM articles WHERE id = ?`), id).
		Scan(&a.ID, &a.URL, &a.CanonicalURL, &a.Source, &a.Title, &published, &a.Lang, &a.Text, &web, &a.Byline, &spans)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound("article", id)
	}
	if err != nil {
		return nil, "", fmt.Errorf("article %s: %w", id, err)
	}
	a.Published = parseTime(published)
	a.Web = web != 0
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT url, source, feed, title, fetched FROM article_sources WHERE article = ? ORDER BY fetched, url`), id)
	if err != nil {
		return nil, "", fmt.Errorf("sources of article %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var src vigil.ArticleSource
		var fetched string
		if err := rows.Scan(&src.URL, &src.Source, &src.Feed, &src.Title, &fetched); err != nil {
			return nil, "", fmt.Errorf("sources of article %s: %w", id, err)
		}
		src.Fetched = parseTime(fetched)
		a.Sources = append(a.Sources, src)
	}
	return a, spans, rows.Err()
}

func (s *db) ArticleDetail(ctx context.Context, id string) (*ArticleDetail, error) {
	a, spans, err := s.article(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &ArticleDetail{Article: *a, Sentences: []SentenceEvents{}}
	index := map[[2]int]int{}
	addSentence := func(start, end int, text string) int {
		if i, ok := index[[2]int{start, end}]; ok {
			return i
		}
		index[[2]int{start, end}] = len(d.Sentences)
		d.Sentences = append(d.Sentences, SentenceEvents{Sentence: Sentence{Start: start, End: end, Text: text}, Events: []vigil.Event{}})
		return len(d.Sentences) - 1
	}
	// Every sentence of the text (the spans given when it was stored),
	// then the stored rows: the sentences of events, and those a store of
	// schema 1 kept as rows.
	for _, sp := range decodeSpans(spans, len(a.Text)) {
		addSentence(sp[0], sp[1], a.Text[sp[0]:sp[1]])
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT start_off, end_off, text FROM sentences WHERE article = ? ORDER BY start_off, end_off`), id)
	if err != nil {
		return nil, fmt.Errorf("sentences of article %s: %w", id, err)
	}
	for rows.Next() {
		var start, end int
		var text string
		if err := rows.Scan(&start, &end, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sentences of article %s: %w", id, err)
		}
		addSentence(start, end, text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sentences of article %s: %w", id, err)
	}
	// Flagged events too: the article view shows what was read and how.
	err = s.EachEvent(ctx, EventFilter{Article: id, IncludeFlagged: true}, func(e *vigil.Event) error {
		key := e.Offsets
		i, ok := index[key]
		if !ok {
			// An event without a stored sentence (coded from a span the
			// caller did not give): show the span of the text it points at.
			text := e.Sentence
			if text == "" && key[0] <= key[1] && key[1] <= len(a.Text) {
				text = a.Text[key[0]:key[1]]
			}
			i = addSentence(key[0], key[1], text)
		}
		d.Sentences[i].Events = append(d.Sentences[i].Events, *e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events of article %s: %w", id, err)
	}
	sort.SliceStable(d.Sentences, func(i, j int) bool {
		if d.Sentences[i].Start != d.Sentences[j].Start {
			return d.Sentences[i].Start < d.Sentences[j].Start
		}
		return d.Sentences[i].End < d.Sentences[j].End
	})
	return d, nil
}

func (s *db) ArticleByURL(ctx context.Context, url string) (string, error) {
	if url == "" {
		return "", fmt.Errorf("article by URL: empty URL")
	}
	// The most recently stored when a page changed text (and so ID) over time.
	var id string
	// An article with text before one known by URL only (a GDELT import's).
	err := s.r.QueryRowContext(ctx, s.q(`SELECT a.id FROM articles a WHERE a.id IN (
			SELECT id FROM articles WHERE url = ?
			UNION SELECT id FROM articles WHERE canonical_url = ?
			UNION SELECT article FROM article_sources WHERE url = ?)
		ORDER BY CASE WHEN a.text = '' THEN 1 ELSE 0 END, a.stored DESC, a.id LIMIT 1`), url, url, url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("article with URL", url)
	}
	if err != nil {
		return "", fmt.Errorf("article by URL %s: %w", url, err)
	}
	return id, nil
}

func (s *db) NearDuplicates(ctx context.Context, simhash uint64, maxDistance int) ([]NearDuplicate, error) {
	if maxDistance < 0 || maxDistance > MaxSimHashDistance {
		return nil, fmt.Errorf("near duplicates: distance %d: the band index finds at most %d", maxDistance, MaxSimHashDistance)
	}
	if simhash == 0 {
		return nil, nil
	}
	b := simhashBands(simhash)
	args := []any{b[0], b[1], b[2], b[3]}
	if s.pg() {
		// Planned for each call, not once per connection: a plan cached
		// while the table was small (a new store) reads the whole table
		// until the next ANALYZE, a millisecond a call after a few
		// thousand articles instead of a few microseconds.
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT id, simhash FROM articles
		WHERE simhash <> 0 AND (sh0 = ? OR sh1 = ? OR sh2 = ? OR sh3 = ?)`), args...)
	if err != nil {
		return nil, fmt.Errorf("near duplicates: %w", err)
	}
	defer rows.Close()
	var out []NearDuplicate
	for rows.Next() {
		var nd NearDuplicate
		var h int64
		if err := rows.Scan(&nd.ID, &h); err != nil {
			return nil, fmt.Errorf("near duplicates: %w", err)
		}
		nd.SimHash = uint64(h)
		nd.Distance = bits.OnesCount64(nd.SimHash ^ simhash)
		if nd.Distance <= maxDistance {
			out = append(out, nd)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("near duplicates: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (s *db) ArticleURLs(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), seenChunk)
		chunk := ids[:n]
		ids = ids[n:]
		rows, err := s.r.QueryContext(ctx, s.q(`SELECT id, CASE WHEN canonical_url <> '' THEN canonical_url ELSE url END
			FROM articles WHERE id IN (`+placeholders(len(chunk))+`)`), anys(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("article URLs: %w", err)
		}
		for rows.Next() {
			var id, u string
			if err := rows.Scan(&id, &u); err != nil {
				rows.Close()
				return nil, fmt.Errorf("article URLs: %w", err)
			}
			if u != "" {
				out[id] = u
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("article URLs: %w", err)
		}
	}
	return out, nil
}

// dupChunk bounds the queries one Duplicates statement answers (SQLite
// takes at most 32,766 parameters; each query brings up to seven).
const dupChunk = 200

func (s *db) Duplicates(ctx context.Context, qs []DupQuery) ([]Duplicate, error) {
	out := make([]Duplicate, len(qs))
	for i := 0; i < len(qs); i += dupChunk {
		if err := s.duplicates(ctx, qs[i:min(i+dupChunk, len(qs))], out[i:]); err != nil {
			return nil, fmt.Errorf("duplicates: %w", err)
		}
	}
	return out, nil
}

// duplicates answers qs in one statement: the IDs stored, the articles
// with text at the URLs, and the articles sharing a SimHash band.
func (s *db) duplicates(ctx context.Context, qs []DupQuery, out []Duplicate) error {
	var ids, urls []any
	var bands [4][]any
	for _, q := range qs {
		if q.ID != "" {
			ids = append(ids, q.ID)
		}
		for _, u := range q.URLs {
			if u != "" {
				urls = append(urls, u)
			}
		}
		if q.SimHash != 0 {
			b := simhashBands(q.SimHash)
			for k := range bands {
				bands[k] = append(bands[k], b[k])
			}
		}
	}
	var parts []string
	var args []any
	if len(ids) > 0 {
		parts = append(parts, `SELECT 'text', id, id, 0, '' FROM articles WHERE id IN (`+placeholders(len(ids))+`)`)
		args = append(args, ids...)
	}
	if len(urls) > 0 {
		in := placeholders(len(urls))
		// As ArticleByURL: articles with text only, the latest stored first.
		parts = append(parts, `SELECT 'url', m.u, a.id, 0, a.stored FROM (
				SELECT url AS u, id FROM articles WHERE url IN (`+in+`) AND url <> ''
				UNION SELECT canonical_url, id FROM articles WHERE canonical_url IN (`+in+`) AND canonical_url <> ''
				UNION SELECT url, article FROM article_sources WHERE url IN (`+in+`) AND url <> '') m
			JOIN articles a ON a.id = m.id WHERE a.text <> ''`)
		args = append(append(append(args, urls...), urls...), urls...)
	}
	if len(bands[0]) > 0 {
		in := placeholders(len(bands[0]))
		parts = append(parts, `SELECT 'near', '', id, simhash, '' FROM articles WHERE simhash <> 0
			AND (sh0 IN (`+in+`) OR sh1 IN (`+in+`) OR sh2 IN (`+in+`) OR sh3 IN (`+in+`))`)
		for k := range bands {
			args = append(args, bands[k]...)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	if s.pg() {
		// Planned per call, as NearDuplicates (a plan cached on a young
		// store scans whole tables).
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	rows, err := s.r.QueryContext(ctx, s.q(strings.Join(parts, " UNION ALL ")), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[string]bool{}
	type urlHit struct{ id, stored string }
	byURL := map[string]urlHit{}
	var near []NearDuplicate
	for rows.Next() {
		var kind, key, id, stored string
		var h int64
		if err := rows.Scan(&kind, &key, &id, &h, &stored); err != nil {
			return err
		}
		switch kind {
		case "text":
			byID[id] = true
		case "url":
			if cur, ok := byURL[key]; !ok || stored > cur.stored || (stored == cur.stored && id < cur.id) {
				byURL[key] = urlHit{id, stored}
			}
		case "near":
			near = append(near, NearDuplicate{ID: id, SimHash: uint64(h)})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, q := range qs {
		switch {
		case q.ID != "" && byID[q.ID] && q.ID != q.Except:
			out[i] = Duplicate{ID: q.ID, How: "text"}
			continue
		}
		found := false
		for _, u := range q.URLs {
			if hit, ok := byURL[u]; ok && u != "" && hit.id != q.Except {
				out[i] = Duplicate{ID: hit.id, How: "url"}
				found = true
				break
			}
		}
		if found || q.SimHash == 0 {
			continue
		}
		best := NearDuplicate{Distance: MaxSimHashDistance + 1}
		for _, n := range near {
			if n.ID == q.Except {
				continue
			}
			d := bits.OnesCount64(n.SimHash ^ q.SimHash)
			if d < best.Distance || (d == best.Distance && n.ID < best.ID) {
				best = NearDuplicate{ID: n.ID, Distance: d}
			}
		}
		if best.ID != "" {
			out[i] = Duplicate{ID: best.ID, How: "near"}
		}
	}
	return nil
}

// taggedArticles selects the IDs of the articles seen in a feed with the
// tag given as its one argument.
const taggedArticles = `SELECT ts.article FROM article_sources ts JOIN feed_tags tt ON tt.feed = ts.feed WHERE tt.tag = ? AND ts.feed <> ''`

const (
	defaultArticles = 50
	maxArticles     = 1000
)

func (s *db) Articles(ctx context.Context, f ArticleFilter) (Page[ArticleSummary], error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultArticles
	}
	limit = min(limit, maxArticles)
	// Publication times sort as text, byte by byte (their own index on
	// PostgreSQL, whatever the database's collation).
	pub := "a.published"
	if s.pg() {
		pub = `a.published COLLATE "C"`
	}
	w := &where{}
	for _, d := range []string{f.Since, f.Until} {
		if !validDate(d) {
			return Page[ArticleSummary]{}, fmt.Errorf("articles: date %q: want YYYY-MM-DD", d)
		}
	}
	if f.Since != "" {
		w.add(pub+" >= ?", f.Since)
	}
	if f.Until != "" {
		next, _ := time.Parse("2006-01-02", f.Until)
		w.add(pub+" < ?", next.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	if f.Tag != "" {
		w.add("a.id IN ("+taggedArticles+")", f.Tag)
	}
	if f.Cursor != "" {
		c, err := parseCursor(f.Cursor, 'p')
		if err != nil {
			return Page[ArticleSummary]{}, fmt.Errorf("articles: %w", err)
		}
		w.add("("+pub+", a.id) < (?, ?)", c.date, c.tx)
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT a.id, CASE WHEN a.canonical_url <> '' THEN a.canonical_url ELSE a.url END,
			a.title, a.source, a.published, a.lang, a.nsources, (SELECT COUNT(*) FROM events e WHERE e.article = a.id),
			CASE WHEN a.text = '' THEN 1 ELSE 0 END
		FROM articles a`+w.String()+` ORDER BY `+pub+` DESC, a.id DESC LIMIT `+strconv.Itoa(limit+1)), w.args...)
	if err != nil {
		return Page[ArticleSummary]{}, fmt.Errorf("articles: %w", err)
	}
	defer rows.Close()
	p := Page[ArticleSummary]{Items: []ArticleSummary{}}
	var last cursor
	for rows.Next() {
		var a ArticleSummary
		var published string
		var stub int
		if err := rows.Scan(&a.ID, &a.URL, &a.Title, &a.Source, &published, &a.Lang, &a.Sources, &a.Events, &stub); err != nil {
			return Page[ArticleSummary]{}, fmt.Errorf("articles: %w", err)
		}
		if len(p.Items) == limit {
			p.Next = last.String()
			break
		}
		a.Published, a.URLOnly = parseTime(published), stub == 1
		p.Items = append(p.Items, a)
		last = cursor{kind: 'p', date: published, tx: a.ID}
	}
	if err := rows.Err(); err != nil {
		return Page[ArticleSummary]{}, fmt.Errorf("articles: %w", err)
	}
	return p, nil
}
