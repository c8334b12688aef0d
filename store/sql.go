package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// db is the one Store implementation: both backends speak SQL through
// database/sql with the same tables, and most queries are shared. Where the
// dialects differ (bulk writes, full-text search, arrival cursors, size on
// disk) the methods branch on pool, which is set for PostgreSQL only.
type db struct {
	backend string  // "sqlite" or "postgres"
	r       *sql.DB // reads
	w       *sql.DB // writes: SQLite's single writer connection; the same pool as r on PostgreSQL
	// pool is PostgreSQL's native pool, for COPY (nil on SQLite).
	pool *pgxpool.Pool
	path string // SQLite file
}

func (s *db) pg() bool { return s.pool != nil }

// q adapts a query written with ? placeholders to the backend: PostgreSQL
// numbers them ($1, $2...). Queries never contain a literal '?'.
func (s *db) q(query string) string {
	if !s.pg() {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func (s *db) Close() error {
	var errs []error
	if !s.pg() && s.w != nil {
		// Keeps the planner's statistics current (cheap: SQLite samples
		// and only re-analyses what changed), as SQLite advises on close.
		if _, err := s.w.Exec("PRAGMA optimize"); err != nil {
			errs = append(errs, fmt.Errorf("PRAGMA optimize: %w", err))
		}
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil && s.w != s.r {
		errs = append(errs, s.w.Close())
	}
	if s.pool != nil {
		s.pool.Close()
	}
	return errors.Join(errs...)
}

// inTx runs fn in a write transaction, committing when fn returns nil.
func (s *db) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Times. Article times keep their offset so the publication day stays the
// publisher's; bookkeeping times are UTC with fixed width so they sort as
// text on both backends.
const stampLayout = "2006-01-02T15:04:05.000000000Z"

func articleTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(stampLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// validDate reports whether d is "" or a real YYYY-MM-DD date.
func validDate(d string) bool {
	if d == "" {
		return true
	}
	if len(d) != len("2006-01-02") {
		return false
	}
	_, err := time.Parse("2006-01-02", d)
	return err == nil
}

// outlet names the place an article was seen for counting outlets: the
// source's name, or the host of its URL.
func outlet(name, rawURL string) string {
	if name = strings.TrimSpace(name); name != "" {
		return name
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func notFound(what, id string) error {
	return fmt.Errorf("%s %q: %w", what, id, ErrNotFound)
}
