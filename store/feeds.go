package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

const feedCols = `url, title, etag, last_modified, last_fetch, next_fetch, errors, backoff_ns, last_error`

func scanFeed(sc interface{ Scan(...any) error }) (FeedState, error) {
	var f FeedState
	var last, next string
	var backoff int64
	err := sc.Scan(&f.URL, &f.Title, &f.ETag, &f.LastModified, &last, &next, &f.Errors, &backoff, &f.LastError)
	f.LastFetch, f.NextFetch, f.Backoff = parseTime(last), parseTime(next), time.Duration(backoff)
	return f, err
}

func (s *db) Feed(ctx context.Context, url string) (*FeedState, error) {
	f, err := scanFeed(s.r.QueryRowContext(ctx, s.q(`SELECT `+feedCols+` FROM feeds WHERE url = ?`), url))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("feed", url)
	}
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", url, err)
	}
	tags, err := s.feedTags(ctx, url)
	if err != nil {
		return nil, err
	}
	f.Tags = tags[url]
	return &f, nil
}

func (s *db) Feeds(ctx context.Context) ([]FeedState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+feedCols+` FROM feeds ORDER BY next_fetch, url`)
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	defer rows.Close()
	var out []FeedState
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, fmt.Errorf("feeds: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	tags, err := s.feedTags(ctx, "")
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Tags = tags[out[i].URL]
	}
	return out, nil
}

// feedTags returns the tags of one feed, or of all ("").
func (s *db) feedTags(ctx context.Context, feed string) (map[string][]string, error) {
	q, args := `SELECT feed, tag FROM feed_tags ORDER BY feed, tag`, []any(nil)
	if feed != "" {
		q, args = s.q(`SELECT feed, tag FROM feed_tags WHERE feed = ? ORDER BY tag`), []any{feed}
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("feed tags: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var f, t string
		if err := rows.Scan(&f, &t); err != nil {
			return nil, fmt.Errorf("feed tags: %w", err)
		}
		out[f] = append(out[f], t)
	}
	return out, rows.Err()
}

func (s *db) SaveFeedTags(ctx context.Context, feed string, tags []string) error {
	if feed == "" {
		return fmt.Errorf("save feed tags: empty feed URL")
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM feed_tags WHERE feed = ?`), feed); err != nil {
			return err
		}
		for _, t := range tags {
			if t = strings.TrimSpace(t); t == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO feed_tags (feed, tag) VALUES (?, ?) ON CONFLICT DO NOTHING`), feed, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save tags of feed %s: %w", feed, err)
	}
	return nil
}

func (s *db) SaveFeed(ctx context.Context, f FeedState) error {
	if f.URL == "" {
		return fmt.Errorf("save feed: empty URL")
	}
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO feeds (`+feedCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET title = excluded.title, etag = excluded.etag,
			last_modified = excluded.last_modified, last_fetch = excluded.last_fetch,
			next_fetch = excluded.next_fetch, errors = excluded.errors,
			backoff_ns = excluded.backoff_ns, last_error = excluded.last_error`),
		f.URL, f.Title, f.ETag, f.LastModified, stamp(f.LastFetch), stamp(f.NextFetch), f.Errors, int64(f.Backoff), f.LastError)
	if err != nil {
		return fmt.Errorf("save feed %s: %w", f.URL, err)
	}
	return nil
}

// seenChunk keeps IN lists well under both engines' parameter limits.
const seenChunk = 500

func (s *db) Seen(ctx context.Context, feed string, keys []string) (map[string]bool, error) {
	seen := make(map[string]bool)
	for len(keys) > 0 {
		n := min(len(keys), seenChunk)
		chunk := keys[:n]
		keys = keys[n:]
		args := append([]any{feed}, anys(chunk)...)
		rows, err := s.r.QueryContext(ctx, s.q(`SELECT key FROM feed_items WHERE feed = ? AND key IN (`+placeholders(len(chunk))+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("seen items of %s: %w", feed, err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("seen items of %s: %w", feed, err)
			}
			seen[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("seen items of %s: %w", feed, err)
		}
	}
	return seen, nil
}

func (s *db) MarkSeen(ctx context.Context, items ...FeedItem) error {
	for _, it := range items {
		if it.Feed == "" || it.Key == "" {
			return fmt.Errorf("mark seen: feed item needs both feed and key")
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.markSeen(ctx, tx, items) })
}

func (s *db) QueueRetry(ctx context.Context, r Retry) error {
	if r.URL == "" {
		return fmt.Errorf("queue retry: empty URL")
	}
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO retries (url, feed, attempts, next_try, last_error, fallback) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET feed = excluded.feed, attempts = excluded.attempts,
			next_try = excluded.next_try, last_error = excluded.last_error, fallback = excluded.fallback`),
		r.URL, r.Feed, r.Attempts, stamp(r.NextTry), r.LastError, r.Fallback)
	if err != nil {
		return fmt.Errorf("queue retry of %s: %w", r.URL, err)
	}
	return nil
}

func (s *db) DueRetries(ctx context.Context, now time.Time, limit int) ([]Retry, error) {
	if limit <= 0 {
		limit = defaultPage
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT url, feed, attempts, next_try, last_error, fallback FROM retries
		WHERE next_try <= ? ORDER BY next_try, url LIMIT ?`), stamp(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due retries: %w", err)
	}
	defer rows.Close()
	var out []Retry
	for rows.Next() {
		var r Retry
		var next string
		if err := rows.Scan(&r.URL, &r.Feed, &r.Attempts, &next, &r.LastError, &r.Fallback); err != nil {
			return nil, fmt.Errorf("due retries: %w", err)
		}
		r.NextTry = parseTime(next)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *db) DropRetry(ctx context.Context, url string) error {
	if _, err := s.w.ExecContext(ctx, s.q(`DELETE FROM retries WHERE url = ?`), url); err != nil {
		return fmt.Errorf("drop retry of %s: %w", url, err)
	}
	return nil
}
