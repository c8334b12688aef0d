package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ReplaceArticle stores e in place of the stored article old, in one
// transaction (see Writer). The removal is written once for both backends
// against txn, a small interface over database/sql's and pgx's
// transactions.
func (s *db) ReplaceArticle(ctx context.Context, old string, e Entry) (WriteResult, error) {
	if old == "" {
		return WriteResult{}, fmt.Errorf("replace article: no article to replace")
	}
	b, err := prepare([]Entry{e})
	if err != nil {
		return WriteResult{}, fmt.Errorf("replace article %s: %w", old, err)
	}
	target := e.DuplicateOf
	if target == "" && len(b.articles) > 0 {
		target = b.articles[0].a.ID
	}
	if target == "" {
		return WriteResult{}, fmt.Errorf("replace article %s: the entry has no article to put in its place", old)
	}
	ins := newInserted()
	if s.pg() {
		err = pgx.BeginFunc(ctx, s.pool, func(ptx pgx.Tx) error {
			// It inserts events: a writer of the events table first.
			if err := lockForArrival(ctx, ptx, "events"); err != nil {
				return err
			}
			t := pgTx{ptx}
			exists, err := s.removeArticle(ctx, t, old, target)
			if err != nil {
				return err
			}
			var ak articleKeys
			var ek eventKeys
			if err := copyRows(ctx, ptx, pgRowsOf(b), &ak, &ek); err != nil {
				return err
			}
			ak.into(&ins)
			ek.into(&ins)
			if !exists {
				return nil
			}
			return s.moveSources(ctx, t, old, target)
		})
	} else {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			t := sqlTx{tx}
			exists, err := s.removeArticle(ctx, t, old, target)
			if err != nil {
				return err
			}
			if err := s.writeSQLiteTx(ctx, tx, b, ins); err != nil {
				return err
			}
			if !exists {
				return nil
			}
			return s.moveSources(ctx, t, old, target)
		})
	}
	if err != nil {
		return WriteResult{}, fmt.Errorf("replace article %s by %s: %w", old, target, err)
	}
	return ins.attribute(b, 1)[0], nil
}

// txn is what removeArticle and moveSources need of a transaction.
type txn interface {
	exec(ctx context.Context, query string, args ...any) error
	query(ctx context.Context, query string, args ...any) (rowScanner, error)
}

type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) exec(ctx context.Context, q string, args ...any) error {
	_, err := t.tx.ExecContext(ctx, q, args...)
	return err
}

func (t sqlTx) query(ctx context.Context, q string, args ...any) (rowScanner, error) {
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

type pgTx struct{ tx pgx.Tx }

func (t pgTx) exec(ctx context.Context, q string, args ...any) error {
	_, err := t.tx.Exec(ctx, q, args...)
	return err
}

func (t pgTx) query(ctx context.Context, q string, args ...any) (rowScanner, error) {
	return t.tx.Query(ctx, q, args...)
}

// removeArticle takes the article old out of the store, except its
// sources (moveSources moves them to target once target is written): its
// events, their share of the dyad totals, its sentences, its row. It
// reports whether there was such an article. Replacing an article by
// itself removes nothing.
func (s *db) removeArticle(ctx context.Context, t txn, old, target string) (bool, error) {
	lock := `SELECT id FROM articles WHERE id = ?`
	if s.pg() {
		lock += ` FOR UPDATE`
	}
	rows, err := t.query(ctx, s.q(lock), old)
	if err != nil {
		return false, err
	}
	exists := rows.Next()
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if !exists || old == target {
		return false, nil
	}
	// The totals of the events that counted (eventRow.counts), per dyad
	// and day, come off dyad_days and dyads.
	rows, err = t.query(ctx, s.q(`SELECT source_country, target_country, date, COUNT(*),
			SUM(CASE WHEN quad = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN quad = 2 THEN 1 ELSE 0 END),
			SUM(CASE WHEN quad = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN quad = 4 THEN 1 ELSE 0 END), SUM(goldstein)
		FROM events WHERE article = ? AND flags = 0 AND date <> '' AND target_country <> ''
		GROUP BY source_country, target_country, date ORDER BY 1, 2, 3`), old)
	if err != nil {
		return false, err
	}
	type day struct {
		dyadDay
		t dayTotal
	}
	var days []day
	for rows.Next() {
		var d day
		if err := rows.Scan(&d.src, &d.tgt, &d.date, &d.t.events, &d.t.quad[1], &d.t.quad[2], &d.t.quad[3], &d.t.quad[4], &d.t.goldstein); err != nil {
			rows.Close()
			return false, err
		}
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	dyads := map[[2]string]*dayTotal{}
	var order [][2]string
	for _, d := range days {
		if err := t.exec(ctx, s.q(`UPDATE dyad_days SET events = events - ?, q1 = q1 - ?, q2 = q2 - ?, q3 = q3 - ?, q4 = q4 - ?,
				goldstein = goldstein - ? WHERE source_country = ? AND target_country = ? AND date = ?`),
			d.t.events, d.t.quad[1], d.t.quad[2], d.t.quad[3], d.t.quad[4], d.t.goldstein, d.src, d.tgt, d.date); err != nil {
			return false, fmt.Errorf("dyad totals: %w", err)
		}
		if err := t.exec(ctx, s.q(`DELETE FROM dyad_days WHERE source_country = ? AND target_country = ? AND date = ? AND events <= 0`),
			d.src, d.tgt, d.date); err != nil {
			return false, fmt.Errorf("dyad totals: %w", err)
		}
		k := [2]string{d.src, d.tgt}
		if dyads[k] == nil {
			dyads[k] = &dayTotal{}
			order = append(order, k)
		}
		dyads[k].events += d.t.events
		dyads[k].goldstein += d.t.goldstein
	}
	for _, k := range order {
		tot := dyads[k]
		// first and last: the days that are left.
		if err := t.exec(ctx, s.q(`UPDATE dyads SET events = events - ?, goldstein = goldstein - ?,
				first = COALESCE((SELECT MIN(date) FROM dyad_days WHERE source_country = ? AND target_country = ?), first),
				last = COALESCE((SELECT MAX(date) FROM dyad_days WHERE source_country = ? AND target_country = ?), last)
				WHERE source_country = ? AND target_country = ?`),
			tot.events, tot.goldstein, k[0], k[1], k[0], k[1], k[0], k[1]); err != nil {
			return false, fmt.Errorf("dyad totals: %w", err)
		}
		if err := t.exec(ctx, s.q(`DELETE FROM dyads WHERE source_country = ? AND target_country = ? AND events <= 0`), k[0], k[1]); err != nil {
			return false, fmt.Errorf("dyad totals: %w", err)
		}
	}
	for _, q := range []string{`DELETE FROM events WHERE article = ?`, `DELETE FROM sentences WHERE article = ?`} {
		if err := t.exec(ctx, s.q(q), old); err != nil {
			return false, err
		}
	}
	return true, nil
}

// moveSources makes the sources of old sources of target (those target
// does not have already), counts them, and deletes old's row.
func (s *db) moveSources(ctx context.Context, t txn, old, target string) error {
	rows, err := t.query(ctx, s.q(`SELECT id FROM articles WHERE id = ?`), target)
	if err != nil {
		return err
	}
	found := rows.Next()
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("article %s: %w (it was to take the place of %s)", target, ErrNotFound, old)
	}
	for _, q := range []string{
		`INSERT INTO article_sources (article, url, source, outlet, feed, title, fetched)
			SELECT ?, url, source, outlet, feed, title, fetched FROM article_sources WHERE article = ? ON CONFLICT DO NOTHING`,
		`DELETE FROM article_sources WHERE article = ?`,
	} {
		args := []any{target, old}
		if q[0] == 'D' {
			args = []any{old}
		}
		if err := t.exec(ctx, s.q(q), args...); err != nil {
			return fmt.Errorf("moving sources: %w", err)
		}
	}
	if err := t.exec(ctx, s.q(`UPDATE articles SET nsources = (SELECT COUNT(*) FROM article_sources WHERE article = ?) WHERE id = ?`),
		target, target); err != nil {
		return fmt.Errorf("counting sources: %w", err)
	}
	if err := t.exec(ctx, s.q(`DELETE FROM articles WHERE id = ?`), old); err != nil {
		return fmt.Errorf("deleting article: %w", err)
	}
	return nil
}
