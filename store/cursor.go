package store

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadCursor is returned (wrapped) when a cursor was not made by this
// listing: corrupted, or from another order or query.
var ErrBadCursor = errors.New("bad cursor: pass the Next of the previous page unchanged, or none to start over")

// A cursor is a keyset position, base64url-encoded so that callers treat it
// as opaque: "d|date|seq" (ByDate), "D|date|seq" (ByDateDesc),
// "r|date|seq" (ByReported; the date counted), "l|tx|seq" (the warning
// log; tx as for ByArrival), "p|published|id" (articles),
// "a|tx|seq" (ByArrival; tx is "" on SQLite, the PostgreSQL transaction
// ID otherwise), "o|offset" (search results).
type cursor struct {
	kind byte
	date string // ByDate, ByDateDesc
	tx   string // ByArrival on PostgreSQL
	seq  int64
	off  int // search
}

func (c cursor) String() string {
	var s string
	switch c.kind {
	case 'd', 'D', 'r':
		s = fmt.Sprintf("%c|%s|%d", c.kind, c.date, c.seq)
	case 'a', 'l':
		s = fmt.Sprintf("%c|%s|%d", c.kind, c.tx, c.seq)
	case 'o':
		s = fmt.Sprintf("o|%d", c.off)
	case 'p':
		s = fmt.Sprintf("p|%s|%s", c.date, c.tx)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func parseCursor(tok string, kind byte) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return cursor{}, ErrBadCursor
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) < 2 || len(parts[0]) != 1 || parts[0][0] != kind {
		return cursor{}, ErrBadCursor
	}
	c := cursor{kind: kind}
	switch kind {
	case 'd', 'D', 'a', 'r', 'l':
		if len(parts) != 3 {
			return cursor{}, ErrBadCursor
		}
		c.seq, err = strconv.ParseInt(parts[2], 10, 64)
		if err != nil || c.seq < 0 {
			return cursor{}, ErrBadCursor
		}
		if kind == 'a' || kind == 'l' {
			c.tx = parts[1]
			if c.tx != "" {
				if _, err := strconv.ParseUint(c.tx, 10, 64); err != nil {
					return cursor{}, ErrBadCursor
				}
			}
		} else {
			c.date = parts[1]
			if !validDate(c.date) {
				return cursor{}, ErrBadCursor
			}
		}
	case 'p':
		// The publication time ("" when undated) and the article ID.
		if len(parts) != 3 || parts[2] == "" {
			return cursor{}, ErrBadCursor
		}
		c.date, c.tx = parts[1], parts[2]
	case 'o':
		if len(parts) != 2 {
			return cursor{}, ErrBadCursor
		}
		c.off, err = strconv.Atoi(parts[1])
		if err != nil || c.off < 0 {
			return cursor{}, ErrBadCursor
		}
	}
	return c, nil
}
