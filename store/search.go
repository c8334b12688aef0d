package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"
)

// term is one part of a full-text query: a word or a quoted phrase; a
// word ending in * matches as a prefix.
type term struct {
	text   string
	prefix bool
}

// parseQuery splits what a user typed into words and "quoted phrases".
// Everything else is literal: users type "U.S." or "PRK-KOR" and expect
// them found, not a syntax error, so no operator of either engine's query
// language reaches it.
func parseQuery(q string) []term {
	var out []term
	add := func(s string, phrase bool) {
		t := term{text: strings.TrimSpace(s)}
		if !phrase && strings.HasSuffix(t.text, "*") {
			t.text = strings.TrimRight(t.text, "*")
			t.prefix = true
		}
		if strings.IndexFunc(t.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			return
		}
		if t.prefix && strings.IndexFunc(t.text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
			t.prefix = false // a prefix is one plain word
		}
		out = append(out, t)
	}
	for {
		q = strings.TrimSpace(q)
		if q == "" {
			return out
		}
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 {
				add(q[1:], true)
				return out
			}
			add(q[1:1+end], true)
			q = q[2+end:]
			continue
		}
		end := strings.IndexFunc(q, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			add(q, false)
			return out
		}
		add(q[:end], false)
		q = q[end:]
	}
}

// ftsQuery writes terms as an FTS5 query: each a quoted string (FTS5
// tokenizes it into a phrase), all required.
func ftsQuery(terms []term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
		if t.prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// tsQuery writes terms as a PostgreSQL tsquery expression and its
// arguments: phrases through phraseto_tsquery (which also parses single
// words safely), prefixes as word:*.
func tsQuery(terms []term) (string, []any) {
	parts := make([]string, len(terms))
	args := make([]any, len(terms))
	for i, t := range terms {
		if t.prefix {
			parts[i] = "to_tsquery('english', ?)"
			args[i] = t.text + ":*"
			continue
		}
		parts[i] = "phraseto_tsquery('english', ?)"
		args[i] = t.text
	}
	return strings.Join(parts, " && "), args
}

const (
	defaultSearch = 20
	maxSearch     = 1000
)

func (s *db) Search(ctx context.Context, sq SearchQuery) (Page[SearchHit], error) {
	terms := parseQuery(sq.Query)
	if len(terms) == 0 {
		return Page[SearchHit]{}, fmt.Errorf("search %q: no words to search for", sq.Query)
	}
	limit := sq.Limit
	if limit <= 0 {
		limit = defaultSearch
	}
	limit = min(limit, maxSearch)
	off := 0
	if sq.Cursor != "" {
		c, err := parseCursor(sq.Cursor, 'o')
		if err != nil {
			return Page[SearchHit]{}, fmt.Errorf("search: %w", err)
		}
		off = c.off
	}
	var query string
	var args []any
	if s.pg() {
		expr, targs := tsQuery(terms)
		// Headlines are costly: make them for the page's hits only.
		query = `WITH q AS (SELECT (` + expr + `) AS q),
			hits AS (SELECT a.id, a.title, a.url, a.source, a.published, a.text, ts_rank_cd(a.tsv, q.q) AS score
				FROM articles a, q WHERE a.tsv @@ q.q ORDER BY score DESC, a.id LIMIT ? OFFSET ?)
			SELECT id, title, url, source, published,
				ts_headline('english', left(text, 100000), q.q, 'StartSel=` + MatchStart + `, StopSel=` + MatchEnd + `, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'),
				score
			FROM hits, q ORDER BY score DESC, id`
		args = append(targs, limit+1, off)
	} else {
		// bm25 is lower-is-better; titles weigh 5 times the body.
		query = `SELECT a.id, a.title, a.url, a.source, a.published,
				snippet(articles_fts, -1, '` + MatchStart + `', '` + MatchEnd + `', '…', 24),
				-bm25(articles_fts, 5.0, 1.0) AS score
			FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid
			WHERE articles_fts MATCH ?
			ORDER BY score DESC, a.id LIMIT ? OFFSET ?`
		args = []any{ftsQuery(terms), limit + 1, off}
	}
	rows, err := s.r.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return Page[SearchHit]{}, fmt.Errorf("search %q: %w", sq.Query, err)
	}
	defer rows.Close()
	p := Page[SearchHit]{Items: []SearchHit{}}
	for rows.Next() {
		var h SearchHit
		var published string
		if err := rows.Scan(&h.ID, &h.Title, &h.URL, &h.Source, &published, &h.Snippet, &h.Score); err != nil {
			return Page[SearchHit]{}, fmt.Errorf("search %q: %w", sq.Query, err)
		}
		h.Published = parseTime(published)
		if len(p.Items) == limit {
			p.Next = cursor{kind: 'o', off: off + limit}.String()
			break
		}
		p.Items = append(p.Items, h)
	}
	if err := rows.Err(); err != nil {
		return Page[SearchHit]{}, fmt.Errorf("search %q: %w", sq.Query, err)
	}
	return p, nil
}
