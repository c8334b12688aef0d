package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// eventFilterFlags are the event filters shared by `vigil events` and
// `vigil export`.
type eventFilterFlags struct {
	dyad, actor, country, codes, roots, quads string
	since, until, text, article, tag          string
	directed, flagged, desc                   bool
}

func addEventFilterFlags(fs *flag.FlagSet) *eventFilterFlags {
	f := &eventFilterFlags{}
	fs.StringVar(&f.dyad, "dyad", "", "events between two sides, `A-B` in either direction (A>B: only A acting on B); a 3-letter side is a country, a longer one an actor code")
	fs.BoolVar(&f.directed, "directed", false, "with --dyad A-B: only A acting on B")
	fs.StringVar(&f.actor, "actor", "", "events whose source or target is exactly this actor `code` (PRKMIL)")
	fs.StringVar(&f.country, "country", "", "events with this `country` (PRK) on either side")
	fs.StringVar(&f.codes, "code", "", "CAMEO `codes`, comma-separated (191,1382)")
	fs.StringVar(&f.roots, "root", "", "CAMEO root `codes`, comma-separated (19 = fight)")
	fs.StringVar(&f.quads, "quad", "", "quad `classes`, comma-separated: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict")
	fs.StringVar(&f.since, "since", "", "events on or after `YYYY-MM-DD`")
	fs.StringVar(&f.until, "until", "", "events on or before `YYYY-MM-DD`")
	fs.StringVar(&f.text, "text", "", "events whose sentence has all these `words` (\"quoted phrase\", prefix*)")
	fs.StringVar(&f.article, "article", "", "events of one article `ID`")
	fs.StringVar(&f.tag, "tag", "", "events of articles seen in a feed with this `tag` (the tags of the feeds file)")
	fs.BoolVar(&f.flagged, "flagged", false, "include negated and hypothetical events (left out by default)")
	fs.BoolVar(&f.desc, "desc", false, "newest first")
	return f
}

func (f *eventFilterFlags) filter() (store.EventFilter, error) {
	ef := store.EventFilter{
		Actor: strings.ToUpper(f.actor), Country: strings.ToUpper(f.country),
		Since: f.since, Until: f.until, Text: f.text, Article: f.article, Tag: f.tag, IncludeFlagged: f.flagged,
	}
	if f.desc {
		ef.Order = store.ByDateDesc
	}
	for _, d := range []struct{ name, v string }{{"since", f.since}, {"until", f.until}} {
		if d.v != "" {
			if _, err := parseDayFlag(d.v); err != nil {
				return ef, usagef("--%s %q: want a date YYYY-MM-DD", d.name, d.v)
			}
		}
	}
	if f.dyad != "" {
		d, err := parseDyadFlag(f.dyad)
		if err != nil {
			return ef, err
		}
		d.Directed = d.Directed || f.directed
		ef.Dyad = &d
	} else if f.directed {
		return ef, usagef("--directed needs --dyad A-B")
	}
	ef.Codes = splitCommaList(f.codes)
	for _, c := range ef.Codes {
		if len(c) < 3 || len(c) > 4 || strings.Trim(c, "0123456789") != "" {
			return ef, usagef("--code %q: a CAMEO code has 3 or 4 digits (191, 1382)", c)
		}
	}
	ef.Roots = splitCommaList(f.roots)
	for i, r := range ef.Roots {
		if len(r) == 1 {
			r = "0" + r // "4" means root 04
		}
		if len(r) != 2 || strings.Trim(r, "0123456789") != "" {
			return ef, usagef("--root %q: a CAMEO root has 2 digits (01 to 20)", ef.Roots[i])
		}
		ef.Roots[i] = r
	}
	for _, q := range splitCommaList(f.quads) {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 4 {
			return ef, usagef("--quad %q: quad classes are 1 to 4", q)
		}
		ef.Quad = append(ef.Quad, n)
	}
	return ef, nil
}

func parseDyadFlag(s string) (store.Dyad, error) {
	sep, directed := "-", false
	if strings.Contains(s, ">") {
		sep, directed = ">", true
	}
	a, b, ok := strings.Cut(s, sep)
	a, b = strings.ToUpper(strings.TrimSpace(a)), strings.ToUpper(strings.TrimSpace(b))
	if !ok || len(a) < 3 || len(b) < 3 || strings.ContainsAny(a+b, "->") {
		return store.Dyad{}, usagef("--dyad %q: write two country or actor codes, PRK-KOR (either direction) or PRK>KOR (PRK acting on KOR)", s)
	}
	return store.Dyad{A: a, B: b, Directed: directed}, nil
}

func splitCommaList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseDayFlag(s string) (time.Time, error) {
	if len(s) != len(vigil.DateLayout) {
		return time.Time{}, fmt.Errorf("not YYYY-MM-DD")
	}
	return time.Parse(vigil.DateLayout, s)
}

func init() {
	var (
		sf     *storeFlags
		ff     *eventFilterFlags
		limit  int
		cursor string
		asJSON bool
	)
	register(&command{
		Name:  "events",
		Args:  "[--dyad A-B] [--since D] [--until D] [--root R] [filters] [--json]",
		Short: "list stored events, filtered by actor, dyad, code, date or words",
		Long: `Events lists the events in the store in date order (oldest first; --desc
for newest first), one per line: date, source → target, CAMEO code, quad
class, Goldstein value and the sentence it was coded from. Negated and
hypothetical events are left out unless --flagged is given.

Filters combine (all must hold); list flags take comma-separated values,
any of which may match. A dyad side of three letters is a country and
matches all its actors (PRK matches PRKMIL, PRKGOV); a longer one is an
exact actor code.

--limit caps the list (default 100; 0 lists everything). When more events
match, the command says so on standard error with the --cursor to pass to
get the next page; a cursor stays valid while new events arrive.

--json prints JSON Lines: one event per line in the 'vigil code' format
(id, article, date, source, source_name, target, target_name, code, root,
quad, goldstein, plover, mode, negated, hypothetical, confidence, sentence,
offsets, pattern, evidence, sources), ready for jq.

Examples:
  vigil events --dyad PRK-KOR --since 2024-10-01
  vigil events --dyad PRK>KOR --root 19 --json | jq -r .sentence
  vigil events --actor RUSMIL --quad 4 --desc --limit 20
  vigil events --text "artillery" --country KOR
  vigil events --tag korea --since 2024-10-01     events of the feeds tagged korea
  vigil events --limit 0 --json > all-events.jsonl`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			ff = addEventFilterFlags(fs)
			fs.IntVar(&limit, "limit", 100, "most events to list (`N`; 0 = all)")
			fs.StringVar(&cursor, "cursor", "", "continue a listing from this `cursor` (printed when more events match)")
			fs.BoolVar(&asJSON, "json", false, "print JSON Lines, one event per line")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("events takes no arguments, only flags (got %q)", args[0])
			}
			if limit < 0 {
				return usagef("--limit must be 0 (all) or more")
			}
			f, err := ff.filter()
			if err != nil {
				return err
			}
			f.Cursor = cursor
			s, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer s.Close()
			out := newEventPrinter(e.Stdout, asJSON)
			if limit == 0 {
				if err := s.EachEvent(ctx, f, out.print); err != nil {
					return cursorHint(err)
				}
				return out.flush()
			}
			f.Limit = limit
			p, err := s.Events(ctx, f)
			if err != nil {
				return cursorHint(err)
			}
			for i := range p.Items {
				if err := out.print(&p.Items[i]); err != nil {
					return err
				}
			}
			if err := out.flush(); err != nil {
				return err
			}
			if p.Next != "" {
				fmt.Fprintf(e.Stderr, "vigil events: more events match; next page: --cursor %s\n", p.Next)
			}
			return nil
		},
	})
}

func cursorHint(err error) error {
	if errors.Is(err, store.ErrBadCursor) {
		return usagef("--cursor: %v", err)
	}
	return err
}

// eventPrinter prints events as a table for people or JSON Lines.
type eventPrinter struct {
	json *json.Encoder
	tw   *tabwriter.Writer
	n    int
}

func newEventPrinter(w io.Writer, asJSON bool) *eventPrinter {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &eventPrinter{json: enc}
	}
	return &eventPrinter{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
}

func (p *eventPrinter) print(ev *vigil.Event) error {
	if p.json != nil {
		return p.json.Encode(ev)
	}
	if p.n == 0 {
		fmt.Fprintln(p.tw, "DATE\tSOURCE → TARGET\tCODE\tQ\tGOLD\tSENTENCE")
	}
	p.n++
	mark := ""
	switch {
	case ev.Negated:
		mark = " (negated)"
	case ev.Hypothetical:
		mark = " (hypothetical)"
	}
	target := ev.Target
	if target == "" {
		target = "—"
	}
	date := ev.Date
	if date == "" {
		date = "undated"
	}
	_, err := fmt.Fprintf(p.tw, "%s\t%s → %s\t%s%s\t%d\t%+.1f\t%s\n", date, ev.Source, target, ev.Code, mark, ev.Quad, ev.Goldstein,
		oneLineCut(ev.Sentence, 100))
	// Flush every so often so a long listing shows as it goes; columns
	// line up within each block.
	if p.n%500 == 0 {
		p.tw.Flush()
	}
	return err
}

func (p *eventPrinter) flush() error {
	if p.tw != nil {
		return p.tw.Flush()
	}
	return nil
}

// oneLineCut puts s on one line and cuts it to at most n characters.
func oneLineCut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
