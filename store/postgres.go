package store

import (
	"context"
	"errors"
	"fmt"
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
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open PostgreSQL store: %w", err)
	}
	return s, nil
}

const stagingTables = `
CREATE TEMP TABLE IF NOT EXISTS stage_articles (
	id text, url text, canonical_url text, source text, title text, published text, lang text, text text,
	simhash bigint, sh0 int, sh1 int, sh2 int, sh3 int, stored text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_sources (
	article text, url text, source text, outlet text, feed text, title text, fetched text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_sentences (
	article text, start_off int, end_off int, text text) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_events (
	id text, article text, date text, source text, source_name text, target text, target_name text,
	source_country text, target_country text, code text, root text, quad smallint, goldstein double precision,
	plover text, mode text, flags smallint, confidence double precision, location text,
	sent_start int, sent_end int, pattern text, evidence text, sources int,
	ord serial) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_items (feed text, key text, seen text) ON COMMIT DELETE ROWS;`

var eventColumns = []string{"id", "article", "date", "source", "source_name", "target", "target_name",
	"source_country", "target_country", "code", "root", "quad", "goldstein", "plover", "mode", "flags",
	"confidence", "location", "sent_start", "sent_end", "pattern", "evidence", "sources"}

// writePostgres COPYs the batch into the connection's staging tables and
// moves it into the real ones with INSERT ... ON CONFLICT DO NOTHING
// (events in the caller's order: ord counts the COPY's rows). Deadlocks
// and serialization failures, possible when many workers write at once,
// are retried.
func (s *db) writePostgres(ctx context.Context, b *batch) (WriteResult, error) {
	var res WriteResult
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		res, err = s.writePostgresOnce(ctx, b)
		var pe *pgconn.PgError
		if err == nil || !errors.As(err, &pe) || (pe.Code != "40P01" && pe.Code != "40001") {
			return res, err
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(time.Duration(10*(attempt+1)) * time.Millisecond):
		}
	}
	return res, err
}

func (s *db) writePostgresOnce(ctx context.Context, b *batch) (WriteResult, error) {
	var res WriteResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if len(b.articles) > 0 {
			rows := make([][]any, len(b.articles))
			for i, r := range b.articles {
				a, bd := r.a, r.bands()
				rows[i] = []any{a.ID, a.URL, a.CanonicalURL, a.Source, a.Title, articleTime(a.Published), a.Lang, a.Text,
					int64(r.simhash), bd[0], bd[1], bd[2], bd[3], r.stored}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stage_articles"}, []string{"id", "url", "canonical_url", "source", "title",
				"published", "lang", "text", "simhash", "sh0", "sh1", "sh2", "sh3", "stored"}, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copying articles: %w", err)
			}
			tag, err := tx.Exec(ctx, `INSERT INTO articles (id, url, canonical_url, source, title, published, lang, text, simhash, sh0, sh1, sh2, sh3, stored)
				SELECT id, url, canonical_url, source, title, published, lang, text, simhash, sh0, sh1, sh2, sh3, stored
				FROM stage_articles ORDER BY id ON CONFLICT (id) DO NOTHING`)
			if err != nil {
				return fmt.Errorf("inserting articles: %w", err)
			}
			res.Articles = int(tag.RowsAffected())
		}
		if len(b.sources) > 0 {
			rows := make([][]any, len(b.sources))
			for i, r := range b.sources {
				rows[i] = []any{r.article, r.src.URL, r.src.Source, r.outlet, r.src.Feed, r.src.Title, articleTime(r.src.Fetched)}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stage_sources"}, []string{"article", "url", "source", "outlet", "feed", "title", "fetched"},
				pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copying sources: %w", err)
			}
			// Count each new source on its article in the same statement.
			err := tx.QueryRow(ctx, `WITH ins AS (
					INSERT INTO article_sources (article, url, source, outlet, feed, title, fetched)
					SELECT article, url, source, outlet, feed, title, fetched FROM stage_sources ORDER BY article, url
					ON CONFLICT DO NOTHING RETURNING article),
				counted AS (SELECT article, COUNT(*) AS n FROM ins GROUP BY article),
				upd AS (UPDATE articles a SET nsources = a.nsources + counted.n FROM counted WHERE a.id = counted.article)
				SELECT COALESCE(SUM(n), 0)::int FROM counted`).Scan(&res.Sources)
			if err != nil {
				return fmt.Errorf("inserting sources: %w", err)
			}
		}
		if len(b.sentences) > 0 {
			rows := make([][]any, len(b.sentences))
			for i, r := range b.sentences {
				rows[i] = []any{r.article, r.start, r.end, r.text}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stage_sentences"}, []string{"article", "start_off", "end_off", "text"},
				pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copying sentences: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sentences (article, start_off, end_off, text)
				SELECT article, start_off, end_off, text FROM stage_sentences ORDER BY article, start_off, end_off
				ON CONFLICT DO NOTHING`); err != nil {
				return fmt.Errorf("inserting sentences: %w", err)
			}
		}
		if len(b.events) > 0 {
			rows := make([][]any, len(b.events))
			for i := range b.events {
				r := &b.events[i]
				args := r.args()
				if !r.evidence.Valid {
					args[21] = nil
				} else {
					args[21] = r.evidence.String
				}
				rows[i] = args
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stage_events"}, eventColumns, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copying events: %w", err)
			}
			cols := strings.Join(eventColumns, ", ")
			tag, err := tx.Exec(ctx, `INSERT INTO events (`+cols+`) SELECT `+cols+` FROM stage_events ORDER BY ord ON CONFLICT (id) DO NOTHING`)
			if err != nil {
				return fmt.Errorf("inserting events: %w", err)
			}
			res.Events = int(tag.RowsAffected())
		}
		if len(b.items) > 0 {
			now := stamp(time.Now())
			rows := make([][]any, len(b.items))
			for i, it := range b.items {
				rows[i] = []any{it.Feed, it.Key, now}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stage_items"}, []string{"feed", "key", "seen"}, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copying feed items: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO feed_items (feed, key, seen) SELECT feed, key, seen FROM stage_items
				ORDER BY feed, key ON CONFLICT DO NOTHING`); err != nil {
				return fmt.Errorf("inserting feed items: %w", err)
			}
		}
		return nil
	})
	return res, err
}
