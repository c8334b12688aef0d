package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/vigil-ews/vigil"
)

func (s *db) SaveWarning(ctx context.Context, w *vigil.Warning) error {
	if w == nil || w.ID == "" {
		return fmt.Errorf("save warning: no ID")
	}
	updated := w.Updated
	if updated.IsZero() {
		updated = time.Now()
	}
	// The row keeps the warning without its history, which lives in
	// warning_changes where changes are only ever added.
	doc := *w
	doc.History = nil
	doc.Updated = time.Time{}
	js, err := json.Marshal(&doc)
	if err != nil {
		return fmt.Errorf("save warning %s: %w", w.ID, err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if s.pg() && len(w.History) > 0 {
			// A writer of the log before it writes anything (arrival.go).
			if _, err := tx.ExecContext(ctx, `LOCK TABLE warning_log IN ROW EXCLUSIVE MODE`); err != nil {
				return fmt.Errorf("locking warning_log for writing: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO warnings (id, source, target, level, rule, score, first, last, updated, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET source = excluded.source, target = excluded.target, level = excluded.level,
				rule = excluded.rule, score = excluded.score, first = excluded.first, last = excluded.last,
				updated = excluded.updated, doc = excluded.doc`),
			w.ID, w.Source, w.Target, w.Level, w.Rule, w.Score, w.First, w.Last, stamp(updated), string(js))
		if err != nil {
			return err
		}
		if len(w.History) == 0 {
			return nil
		}
		st, err := tx.PrepareContext(ctx, s.q(`INSERT INTO warning_changes (warning, at, change, level, score, date, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`))
		if err != nil {
			return err
		}
		defer st.Close()
		// Each change new to the history goes to the log too, once.
		logged, err := tx.PrepareContext(ctx, s.q(`INSERT INTO warning_log (warning, at, change, level, score, date, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer logged.Close()
		for _, c := range w.History {
			at := c.At
			if at.IsZero() {
				at = updated
			}
			args := []any{w.ID, stamp(at), c.Change, c.Level, c.Score, c.Date, c.Reason}
			n, err := execCount(ctx, st, args...)
			if err != nil {
				return err
			}
			if n > 0 {
				if _, err := logged.ExecContext(ctx, args...); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save warning %s: %w", w.ID, err)
	}
	return nil
}

func (s *db) Warning(ctx context.Context, id string) (*vigil.Warning, error) {
	ws, err := s.warnings(ctx, ` WHERE id = ?`, []any{id}, 0)
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, notFound("warning", id)
	}
	return &ws[0], nil
}

func (s *db) Warnings(ctx context.Context, f WarningFilter) ([]vigil.Warning, error) {
	w := &where{}
	if f.Since != "" {
		if !validDate(f.Since) {
			return nil, fmt.Errorf("warnings: date %q: want YYYY-MM-DD", f.Since)
		}
		w.add("last >= ?", f.Since)
	}
	if !f.UpdatedAfter.IsZero() {
		w.add("updated > ?", stamp(f.UpdatedAfter))
	}
	if f.Country != "" {
		w.add("(source = ? OR target = ? OR substr(source, 1, 3) = ? OR substr(target, 1, 3) = ?)", f.Country, f.Country, f.Country, f.Country)
	}
	if f.Level != "" {
		w.add("level = ?", f.Level)
	}
	if f.Rule != "" {
		w.add("rule = ?", f.Rule)
	}
	return s.warnings(ctx, w.String(), w.args, f.Limit)
}

func (s *db) warnings(ctx context.Context, cond string, args []any, limit int) ([]vigil.Warning, error) {
	q := `SELECT id, updated, doc FROM warnings` + cond + ` ORDER BY updated DESC, id`
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rows, err := s.r.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("warnings: %w", err)
	}
	out := []vigil.Warning{}
	index := map[string]int{}
	for rows.Next() {
		var id, updated, doc string
		if err := rows.Scan(&id, &updated, &doc); err != nil {
			rows.Close()
			return nil, fmt.Errorf("warnings: %w", err)
		}
		var w vigil.Warning
		if err := json.Unmarshal([]byte(doc), &w); err != nil {
			rows.Close()
			return nil, fmt.Errorf("warning %s: %w", id, err)
		}
		w.ID, w.Updated = id, parseTime(updated)
		index[id] = len(out)
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("warnings: %w", err)
	}
	// Histories, a chunk of warnings per query.
	for i := 0; i < len(out); i += seenChunk {
		ids := make([]any, 0, seenChunk)
		for _, w := range out[i:min(i+seenChunk, len(out))] {
			ids = append(ids, w.ID)
		}
		rows, err := s.r.QueryContext(ctx, s.q(`SELECT warning, at, change, level, score, date, reason FROM warning_changes
			WHERE warning IN (`+placeholders(len(ids))+`) ORDER BY warning, at, change`), ids...)
		if err != nil {
			return nil, fmt.Errorf("warning history: %w", err)
		}
		for rows.Next() {
			var id, at string
			var c vigil.WarningChange
			if err := rows.Scan(&id, &at, &c.Change, &c.Level, &c.Score, &c.Date, &c.Reason); err != nil {
				rows.Close()
				return nil, fmt.Errorf("warning history: %w", err)
			}
			c.At = parseTime(at)
			w := &out[index[id]]
			w.History = append(w.History, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("warning history: %w", err)
		}
	}
	return out, nil
}

func (s *db) SaveTreatyStatus(ctx context.Context, t vigil.TreatyStatus) (bool, error) {
	if t.Treaty == "" || t.Status == "" {
		return false, fmt.Errorf("save treaty status: treaty and status are required")
	}
	if !validDate(t.Date) {
		return false, fmt.Errorf("save treaty status of %s: date %q: want YYYY-MM-DD", t.Treaty, t.Date)
	}
	res, err := s.w.ExecContext(ctx, s.q(`INSERT INTO treaty_status (treaty, party, status, date, event_id, sentence)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`), t.Treaty, t.Party, t.Status, t.Date, t.EventID, t.Sentence)
	if err != nil {
		return false, fmt.Errorf("save treaty status of %s: %w", t.Treaty, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *db) TreatyStatuses(ctx context.Context, treaty string) ([]vigil.TreatyStatus, error) {
	q := `SELECT treaty, party, status, date, event_id, sentence FROM treaty_status`
	var args []any
	if treaty != "" {
		q += ` WHERE treaty = ?`
		args = append(args, treaty)
	}
	q += ` ORDER BY treaty, date, seq`
	rows, err := s.r.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("treaty status: %w", err)
	}
	defer rows.Close()
	var out []vigil.TreatyStatus
	for rows.Next() {
		var t vigil.TreatyStatus
		if err := rows.Scan(&t.Treaty, &t.Party, &t.Status, &t.Date, &t.EventID, &t.Sentence); err != nil {
			return nil, fmt.Errorf("treaty status: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// logPage is how many log entries WarningLog returns at most.
const logPage = 1000

func (s *db) WarningLog(ctx context.Context, after string, limit int) (Page[LoggedChange], error) {
	if limit <= 0 || limit > logPage {
		limit = logPage
	}
	var c cursor
	if after != "" {
		var err error
		if c, err = parseCursor(after, 'l'); err != nil {
			return Page[LoggedChange]{}, fmt.Errorf("warning log: %w", err)
		}
	}
	c.kind = 'l'
	w := &where{}
	order := "seq"
	if s.pg() {
		horizon, err := s.arrivalHorizon(ctx, "warning_log")
		if err != nil {
			return Page[LoggedChange]{}, fmt.Errorf("warning log: %w", err)
		}
		order = "tx, seq"
		w.add("tx < ?::xid8", horizon)
		if c.tx != "" {
			w.add("(tx, seq) > (?::xid8, ?)", c.tx, c.seq)
		}
	} else if c.seq > 0 {
		w.add("seq > ?", c.seq)
	}
	tx := "''"
	if s.pg() {
		tx = "tx::text"
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+tx+`, seq, warning, at, change, level, score, date, reason FROM warning_log`+
		w.String()+` ORDER BY `+order+` LIMIT `+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return Page[LoggedChange]{}, fmt.Errorf("warning log: %w", err)
	}
	defer rows.Close()
	p := Page[LoggedChange]{Items: []LoggedChange{}}
	for rows.Next() {
		var lc LoggedChange
		var at string
		if err := rows.Scan(&c.tx, &c.seq, &lc.Warning, &at, &lc.Change.Change, &lc.Change.Level, &lc.Change.Score, &lc.Change.Date, &lc.Change.Reason); err != nil {
			return Page[LoggedChange]{}, fmt.Errorf("warning log: %w", err)
		}
		lc.Change.At = parseTime(at)
		p.Items = append(p.Items, lc)
	}
	if err := rows.Err(); err != nil {
		return Page[LoggedChange]{}, fmt.Errorf("warning log: %w", err)
	}
	p.Next = c.String()
	return p, nil
}

func (s *db) WarningLogEnd(ctx context.Context) (string, error) {
	c := cursor{kind: 'l'}
	q := `SELECT '', seq FROM warning_log ORDER BY seq DESC LIMIT 1`
	var args []any
	if s.pg() {
		horizon, err := s.arrivalHorizon(ctx, "warning_log")
		if err != nil {
			return "", fmt.Errorf("end of the warning log: %w", err)
		}
		q, args = `SELECT tx::text, seq FROM warning_log WHERE tx < $1::xid8 ORDER BY tx DESC, seq DESC LIMIT 1`, []any{horizon}
	}
	if err := s.r.QueryRowContext(ctx, q, args...).Scan(&c.tx, &c.seq); err != nil && err != sql.ErrNoRows {
		return "", fmt.Errorf("end of the warning log: %w", err)
	}
	return c.String(), nil
}

func (s *db) Cursor(ctx context.Context, name string) (string, error) {
	var pos string
	err := s.r.QueryRowContext(ctx, s.q(`SELECT position FROM cursors WHERE name = ?`), name).Scan(&pos)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("cursor %q: %w", name, err)
	}
	return pos, nil
}

func (s *db) SaveCursor(ctx context.Context, name, pos string) error {
	if name == "" {
		return fmt.Errorf("save cursor: no name")
	}
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO cursors (name, position, updated) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated = excluded.updated`), name, pos, stamp(time.Now()))
	if err != nil {
		return fmt.Errorf("save cursor %q: %w", name, err)
	}
	return nil
}

func (s *db) SwapCursor(ctx context.Context, name, old, pos string) (bool, error) {
	if name == "" {
		return false, fmt.Errorf("swap cursor: no name")
	}
	var res sql.Result
	var err error
	if old == "" {
		res, err = s.w.ExecContext(ctx, s.q(`INSERT INTO cursors (name, position, updated) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`),
			name, pos, stamp(time.Now()))
	} else {
		res, err = s.w.ExecContext(ctx, s.q(`UPDATE cursors SET position = ?, updated = ? WHERE name = ? AND position = ?`),
			pos, stamp(time.Now()), name, old)
	}
	if err != nil {
		return false, fmt.Errorf("swap cursor %q: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
