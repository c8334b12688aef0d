package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// OpenPostgres opens the PostgreSQL store at dsn, a postgres:// URL.
// The tables live in the connection's current schema (set search_path in
// the URL, e.g. ?search_path=vigil, to keep several stores in one
// database). Several processes may open and write the same store at once.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	s, err := openPostgres(ctx, dsn, latestVersion("postgres"))
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openPostgres opens the store with its schema at version (tests of
// migrations open older ones).
func openPostgres(ctx context.Context, dsn string, version int) (*db, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL store: %w", err)
	}
	// Staging tables for COPY, one set per connection; ON COMMIT DELETE
	// ROWS empties them at the end of every write.
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		_, err := c.Exec(ctx, stagingTables)
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL store: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open PostgreSQL store at %s:%d/%s: %w (is the server running, and the URL right?)",
			cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	sdb := stdlib.OpenDBFromPool(pool)
	s := &db{backend: "postgres", r: sdb, w: sdb, pool: pool}
	if err := s.migrateTo(ctx, version); err != nil {
		s.Close()
		return nil, fmt.Errorf("open PostgreSQL store: %w", err)
	}
	return s, nil
}

const stagingTables = `
CREATE TEMP TABLE IF NOT EXISTS stage_articles (
	id text, url text, canonical_url text, source text, title text, published text, lang text, text text,
	simhash bigint, sh0 int, sh1 int, sh2 int, sh3 int, stored text,
	web int, byline text, spans text, nsources int) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_sources (
	article text, url text, source text, outlet text, feed text, title text, fetched text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_sentences (
	article text, start_off int, end_off int, text text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_events (
	id text, article text, date text, source text, source_name text, target text, target_name text,
	source_country text, target_country text, code text, root text, quad smallint, goldstein double precision,
	plover text, mode text, flags smallint, confidence double precision, location text,
	sent_start int, sent_end int, pattern text, evidence text, sources int, reported text,
	ord serial) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_items (feed text, key text, seen text) ON COMMIT DELETE ROWS;`

// pgCol is a column of a bulk write and its PostgreSQL type (of the
// array it travels in when the write is small).
type pgCol struct{ name, typ string }

var (
	articleCols = []pgCol{{"id", "text"}, {"url", "text"}, {"canonical_url", "text"}, {"source", "text"}, {"title", "text"},
		{"published", "text"}, {"lang", "text"}, {"text", "text"}, {"simhash", "bigint"}, {"sh0", "bigint"}, {"sh1", "bigint"},
		{"sh2", "bigint"}, {"sh3", "bigint"}, {"stored", "text"}, {"web", "bigint"}, {"byline", "text"}, {"spans", "text"},
		{"nsources", "bigint"}}
	sourceCols   = []pgCol{{"article", "text"}, {"url", "text"}, {"source", "text"}, {"outlet", "text"}, {"feed", "text"}, {"title", "text"}, {"fetched", "text"}}
	sentenceCols = []pgCol{{"article", "text"}, {"start_off", "bigint"}, {"end_off", "bigint"}, {"text", "text"}}
	eventCols    = []pgCol{{"id", "text"}, {"article", "text"}, {"date", "text"}, {"source", "text"}, {"source_name", "text"},
		{"target", "text"}, {"target_name", "text"}, {"source_country", "text"}, {"target_country", "text"}, {"code", "text"},
		{"root", "text"}, {"quad", "bigint"}, {"goldstein", "float8"}, {"plover", "text"}, {"mode", "text"}, {"flags", "bigint"},
		{"confidence", "float8"}, {"location", "text"}, {"sent_start", "bigint"}, {"sent_end", "bigint"}, {"pattern", "text"},
		{"evidence", "text"}, {"sources", "bigint"}, {"reported", "text"}}
	itemCols = []pgCol{{"feed", "text"}, {"key", "text"}, {"seen", "text"}}
)

func colNames(cols []pgCol) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// copyThreshold is the number of rows from which a write goes through
// COPY. Below it, one round trip of INSERT ... SELECT FROM unnest(arrays)
// is faster than COPY into staging tables (measured: several times, for
// one article).
const copyThreshold = 500

// pgRows is a batch as rows per table, in COPY order.
type pgRows struct {
	articles, sources, sentences, events, items [][]any
}

func (r *pgRows) count() int {
	return len(r.articles) + len(r.sources) + len(r.sentences) + len(r.events) + len(r.items)
}

func pgRowsOf(b *batch) *pgRows {
	r := &pgRows{}
	for _, a := range b.articles {
		bd := a.bands()
		r.articles = append(r.articles, []any{a.a.ID, a.a.URL, a.a.CanonicalURL, a.a.Source, a.a.Title, articleTime(a.a.Published),
			a.a.Lang, a.a.Text, int64(a.simhash), bd[0], bd[1], bd[2], bd[3], a.stored, boolInt(a.a.Web), a.a.Byline, a.spans,
			int64(a.nsources)})
	}
	for _, x := range b.sources {
		r.sources = append(r.sources, []any{x.article, x.src.URL, x.src.Source, x.outlet, x.src.Feed, x.src.Title, articleTime(x.src.Fetched)})
	}
	for _, x := range b.sentences {
		r.sentences = append(r.sentences, []any{x.article, int64(x.start), int64(x.end), x.text})
	}
	for i := range b.events {
		e := &b.events[i]
		var evidence any
		if e.evidence.Valid {
			evidence = e.evidence.String
		}
		ev := e.e
		r.events = append(r.events, []any{ev.ID, ev.Article, ev.Date, ev.Source, ev.SourceName, ev.Target, ev.TargetName,
			e.srcCtry, e.tgtCtry, ev.Code, ev.Root, int64(ev.Quad), ev.Goldstein, ev.PLOVER, ev.Mode, int64(e.flags),
			ev.Confidence, ev.Location, int64(ev.Offsets[0]), int64(ev.Offsets[1]), ev.Pattern, evidence, int64(ev.Sources),
			e.reported})
	}
	now := stamp(time.Now())
	for _, it := range b.items {
		r.items = append(r.items, []any{it.Feed, it.Key, now})
	}
	return r
}

// writePostgres stores the batch in one transaction: small batches in one
// round trip (a pipeline of INSERT ... SELECT FROM unnest(arrays), which
// PostgreSQL runs as one implicit transaction), large ones by COPY into
// the connection's staging tables and INSERT ... SELECT from them. Either
// way every insert is ON CONFLICT DO NOTHING; articles go in key order and
// events in the caller's. Deadlocks and serialization failures, possible
// when many workers write at once, are retried.
func (s *db) writePostgres(ctx context.Context, b *batch) (inserted, error) {
	rows := pgRowsOf(b)
	var ins inserted
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		ins = newInserted()
		if rows.count() >= copyThreshold {
			err = s.writeCopy(ctx, rows, &ins)
		} else {
			err = s.writeArrays(ctx, rows, &ins)
		}
		var pe *pgconn.PgError
		if err == nil || !errors.As(err, &pe) || (pe.Code != "40P01" && pe.Code != "40001") {
			return ins, err
		}
		select {
		case <-ctx.Done():
			return ins, ctx.Err()
		case <-time.After(time.Duration(10*(attempt+1)) * time.Millisecond):
		}
	}
	return ins, err
}

// The keys the insert statements return: what they added.
type (
	articleKeys struct{ ids, srcArticles, srcURLs []string }
	eventKeys   struct{ articles, ids []string }
)

func (k *articleKeys) into(ins *inserted) {
	for _, id := range k.ids {
		ins.articles[id] = true
	}
	for i := range k.srcArticles {
		if i < len(k.srcURLs) {
			ins.sources[[2]string{k.srcArticles[i], k.srcURLs[i]}] = true
		}
	}
}

func (k *eventKeys) into(ins *inserted) {
	for i := range k.articles {
		if i < len(k.ids) {
			ins.events[[2]string{k.articles[i], k.ids[i]}] = true
		}
	}
}

// The statements that move rows from src (a staging table, or unnest of
// arrays WITH ORDINALITY AS u(columns..., ord)) into the tables.

// tsvSQL is an article's search vector: the title weighs more than the
// body, and the text is cut so that a huge article cannot exceed
// tsvector's 1 MB limit. Written by the insert (no generated column: an
// UPDATE of the row would compute it again).
const tsvSQL = `setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', left(text, 200000)), 'B')`

// insertArticlesSQL inserts articles and their sources in one statement.
// New articles come with the count of their sources (articleRow.nsources);
// a new source of an article stored before counts one more on it. It
// returns the IDs of the new articles and the articles and URLs of the new
// sources.
func insertArticlesSQL(articles, sources string) string {
	acols := strings.Join(colNames(articleCols), ", ")
	scols := strings.Join(colNames(sourceCols), ", ")
	return `WITH a AS (
			INSERT INTO articles (` + acols + `, tsv) SELECT ` + acols + `, ` + tsvSQL + ` FROM ` + articles + ` ORDER BY id
			ON CONFLICT (id) DO NOTHING RETURNING id),
		s AS (
			INSERT INTO article_sources (` + scols + `) SELECT ` + scols + ` FROM ` + sources + ` ORDER BY article, url
			ON CONFLICT DO NOTHING RETURNING article, url),
		counted AS (SELECT article, COUNT(*) AS n FROM s WHERE article NOT IN (SELECT id FROM a) GROUP BY article),
		upd AS (UPDATE articles x SET nsources = x.nsources + counted.n FROM counted WHERE x.id = counted.article)
		SELECT (SELECT array_agg(id) FROM a), (SELECT array_agg(article) FROM s), (SELECT array_agg(url) FROM s)`
}

func insertSentencesSQL(src string) string {
	cols := strings.Join(colNames(sentenceCols), ", ")
	return `INSERT INTO sentences (` + cols + `) SELECT ` + cols + ` FROM ` + src + ` ORDER BY article, start_off, end_off ON CONFLICT DO NOTHING`
}

// The events that were new add to their dyad's daily totals (see
// eventRow.counts), in key order so that concurrent writers lock the
// same rows in the same order. It returns the articles and IDs of the new
// events.
func insertEventsSQL(src string) string {
	cols := strings.Join(colNames(eventCols), ", ")
	return `WITH ins AS (
			INSERT INTO events (` + cols + `) SELECT ` + cols + ` FROM ` + src + ` ORDER BY ord
			ON CONFLICT (article, id) DO NOTHING
			RETURNING article, id, source_country, target_country, date, quad, goldstein, flags),
		days AS (SELECT source_country, target_country, date, COUNT(*) AS n,
				COUNT(*) FILTER (WHERE quad = 1) AS q1, COUNT(*) FILTER (WHERE quad = 2) AS q2,
				COUNT(*) FILTER (WHERE quad = 3) AS q3, COUNT(*) FILTER (WHERE quad = 4) AS q4, SUM(goldstein) AS g
			FROM ins WHERE flags = 0 AND date <> '' AND target_country <> '' GROUP BY 1, 2, 3),
		up AS (INSERT INTO dyad_days (source_country, target_country, date, events, q1, q2, q3, q4, goldstein)
			SELECT source_country, target_country, date, n, q1, q2, q3, q4, g FROM days ORDER BY 1, 2, 3
			ON CONFLICT (source_country, target_country, date) DO UPDATE SET
			events = dyad_days.events + excluded.events, q1 = dyad_days.q1 + excluded.q1, q2 = dyad_days.q2 + excluded.q2,
			q3 = dyad_days.q3 + excluded.q3, q4 = dyad_days.q4 + excluded.q4, goldstein = dyad_days.goldstein + excluded.goldstein),
		upd AS (INSERT INTO dyads (source_country, target_country, events, goldstein, first, last)
			SELECT source_country, target_country, SUM(n), SUM(g), MIN(date), MAX(date) FROM days GROUP BY 1, 2 ORDER BY 1, 2
			ON CONFLICT (source_country, target_country) DO UPDATE SET
			events = dyads.events + excluded.events, goldstein = dyads.goldstein + excluded.goldstein,
			first = LEAST(dyads.first, excluded.first), last = GREATEST(dyads.last, excluded.last))
		SELECT array_agg(article), array_agg(id) FROM ins`
}

func insertItemsSQL(src string) string {
	cols := strings.Join(colNames(itemCols), ", ")
	return `INSERT INTO feed_items (` + cols + `) SELECT ` + cols + ` FROM ` + src + ` ORDER BY feed, key ON CONFLICT DO NOTHING`
}

// unnestSrc returns "unnest($1::text[], ...) WITH ORDINALITY AS u(...)"
// and the column arrays of rows; parameters are numbered after first.
func unnestSrc(cols []pgCol, rows [][]any, first int) (string, []any) {
	alias := "u" + strconv.Itoa(first)
	var casts, names []string
	args := make([]any, len(cols))
	for j, c := range cols {
		casts = append(casts, "$"+strconv.Itoa(first+j+1)+"::"+c.typ+"[]")
		names = append(names, c.name)
		switch c.typ {
		case "text":
			a := make([]*string, len(rows))
			for i, r := range rows {
				if v, ok := r[j].(string); ok {
					a[i] = &v
				}
			}
			args[j] = a
		case "bigint":
			a := make([]int64, len(rows))
			for i, r := range rows {
				a[i] = r[j].(int64)
			}
			args[j] = a
		case "float8":
			a := make([]float64, len(rows))
			for i, r := range rows {
				a[i] = r[j].(float64)
			}
			args[j] = a
		default:
			panic("store: no array type for " + c.typ)
		}
	}
	return "unnest(" + strings.Join(casts, ", ") + ") WITH ORDINALITY AS " + alias + "(" + strings.Join(names, ", ") + ", ord)", args
}

// writeArrays sends the whole write as one pipelined batch.
func (s *db) writeArrays(ctx context.Context, r *pgRows, ins *inserted) error {
	bt := &pgx.Batch{}
	var ak articleKeys
	var ek eventKeys
	type step struct {
		what string
		scan []any // what the statement returns, or nil: it returns nothing
	}
	var steps []step
	// Events first: the statement locks the events table before the
	// transaction writes anything and gets its ID, as arrival polling
	// requires (lockForArrival). A LOCK TABLE would say so more plainly,
	// but PostgreSQL refuses it in the implicit transaction of a pipeline.
	if len(r.events) > 0 {
		src, args := unnestSrc(eventCols, r.events, 0)
		bt.Queue(insertEventsSQL(src), args...)
		steps = append(steps, step{"events", []any{&ek.articles, &ek.ids}})
	}
	if len(r.articles) > 0 || len(r.sources) > 0 {
		asrc, aargs := unnestSrc(articleCols, r.articles, 0)
		ssrc, sargs := unnestSrc(sourceCols, r.sources, len(articleCols))
		bt.Queue(insertArticlesSQL(asrc, ssrc), append(aargs, sargs...)...)
		steps = append(steps, step{"articles", []any{&ak.ids, &ak.srcArticles, &ak.srcURLs}})
	}
	for _, x := range []struct {
		what string
		cols []pgCol
		rows [][]any
		sql  func(string) string
	}{{"sentences", sentenceCols, r.sentences, insertSentencesSQL}, {"feed items", itemCols, r.items, insertItemsSQL}} {
		if len(x.rows) > 0 {
			src, args := unnestSrc(x.cols, x.rows, 0)
			bt.Queue(x.sql(src), args...)
			steps = append(steps, step{x.what, nil})
		}
	}
	br := s.pool.SendBatch(ctx, bt)
	for _, st := range steps {
		var err error
		if st.scan != nil {
			err = br.QueryRow().Scan(st.scan...)
		} else {
			_, err = br.Exec()
		}
		if err != nil {
			br.Close()
			return fmt.Errorf("inserting %s: %w", st.what, err)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	ak.into(ins)
	ek.into(ins)
	return nil
}

// writeCopy COPYs the rows into the connection's staging tables and moves
// them into the real ones, in one transaction.
func (s *db) writeCopy(ctx context.Context, r *pgRows, ins *inserted) error {
	var ak articleKeys
	var ek eventKeys
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if len(r.events) > 0 {
			if err := lockForArrival(ctx, tx, "events"); err != nil {
				return err
			}
		}
		return copyRows(ctx, tx, r, &ak, &ek)
	})
	if err != nil {
		return err
	}
	ak.into(ins)
	ek.into(ins)
	return nil
}

// copyRows writes r through the staging tables in tx.
func copyRows(ctx context.Context, tx pgx.Tx, r *pgRows, ak *articleKeys, ek *eventKeys) error {
	stage := func(table string, cols []pgCol, rows [][]any) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, colNames(cols), pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("copying into %s: %w", table, err)
		}
		return nil
	}
	if len(r.articles) > 0 || len(r.sources) > 0 {
		if err := stage("stage_articles", articleCols, r.articles); err != nil {
			return err
		}
		if err := stage("stage_sources", sourceCols, r.sources); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, insertArticlesSQL("stage_articles", "stage_sources")).Scan(&ak.ids, &ak.srcArticles, &ak.srcURLs); err != nil {
			return fmt.Errorf("inserting articles: %w", err)
		}
	}
	if len(r.sentences) > 0 {
		if err := stage("stage_sentences", sentenceCols, r.sentences); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, insertSentencesSQL("stage_sentences")); err != nil {
			return fmt.Errorf("inserting sentences: %w", err)
		}
	}
	if len(r.events) > 0 {
		if err := stage("stage_events", eventCols, r.events); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, insertEventsSQL("stage_events")).Scan(&ek.articles, &ek.ids); err != nil {
			return fmt.Errorf("inserting events: %w", err)
		}
	}
	if len(r.items) > 0 {
		if err := stage("stage_items", itemCols, r.items); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, insertItemsSQL("stage_items")); err != nil {
			return fmt.Errorf("inserting feed items: %w", err)
		}
	}
	return nil
}
