package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

func (s *db) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Backend: s.backend}
	var err error
	if st.Schema, err = s.schemaVersion(ctx); err != nil {
		return st, err
	}
	var first, last sql.NullString
	counts := []struct {
		q    string
		dest []any
	}{
		{`SELECT COUNT(*) FROM articles`, []any{&st.Articles}},
		{`SELECT COUNT(*) FROM articles WHERE text = ''`, []any{&st.URLOnly}},
		{`SELECT COUNT(DISTINCT outlet) FROM article_sources WHERE outlet <> ''`, []any{&st.Sources}},
		{`SELECT COUNT(*) FROM sentences`, []any{&st.Sentences}},
		{`SELECT COUNT(*) FROM events`, []any{&st.Events}},
		{`SELECT COUNT(*) FROM events WHERE flags <> 0`, []any{&st.Flagged}},
		{`SELECT MIN(date), MAX(date) FROM events WHERE date <> ''`, []any{&first, &last}},
		{`SELECT COUNT(*) FROM feeds`, []any{&st.Feeds}},
		{`SELECT COUNT(*) FROM warnings`, []any{&st.Warnings}},
	}
	for _, c := range counts {
		if err := s.r.QueryRowContext(ctx, c.q).Scan(c.dest...); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	st.Articles -= st.URLOnly
	st.First, st.Last = first.String, last.String
	st.Bytes, err = s.size(ctx)
	return st, err
}

// size is the space the store takes on disk.
func (s *db) size(ctx context.Context) (int64, error) {
	var n int64
	if s.pg() {
		err := s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint
			FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
			WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'm')`).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("stats: size: %w", err)
		}
		return n, nil
	}
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(s.path + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n, nil
}
