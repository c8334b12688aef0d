package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/vigil-ews/vigil/store"
)

func init() {
	var (
		sf     *storeFlags
		asJSON bool
	)
	register(&command{
		Name:  "article",
		Args:  "ID|URL [--json]",
		Short: "show a stored article: its sources, sentences and the events of each",
		Long: `Article shows one stored article, found by its ID (the content hash
printed by 'vigil events', 'vigil search' and 'vigil code') or by a URL it
was seen at: title, date, the places it was published, then its sentences,
each followed by the events coded from it (negated and hypothetical ones
marked). This is where every event can be traced back to its words.

--json prints one object: the article's fields (id, url, canonical_url,
source, title, published, lang, text, sources) and "sentences", each with
start, end, text and "events" in the 'vigil code' format.

Examples:
  vigil article 3f2a9c0e5b7d41a6b8c9d0e1f2a3b4c5
  vigil article https://example.com/news/korea-roads
  vigil events --dyad PRK-KOR --json | jq -r .article | sort -u | head -1 | xargs vigil article`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			fs.BoolVar(&asJSON, "json", false, "print one JSON object")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("give one article ID or URL")
			}
			s, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer s.Close()
			id := args[0]
			if strings.Contains(id, "://") {
				if id, err = s.ArticleByURL(ctx, args[0]); err != nil {
					if errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("no stored article was seen at %s (try 'vigil search')", args[0])
					}
					return err
				}
			}
			d, err := s.ArticleDetail(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no article %s in the store (IDs are printed by 'vigil events' and 'vigil search')", id)
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(d)
			}
			w := e.Stdout
			title := d.Title
			if title == "" {
				title = "(untitled)"
			}
			fmt.Fprintf(w, "%s\n", title)
			date := d.Date()
			if date == "" {
				date = "undated"
			}
			meta := []string{date}
			if d.Source != "" {
				meta = append(meta, d.Source)
			}
			if d.Lang != "" {
				meta = append(meta, d.Lang)
			}
			fmt.Fprintf(w, "%s · id %s\n", strings.Join(meta, " · "), d.ID)
			for _, src := range d.Sources {
				line := src.URL
				if src.Source != "" && src.Source != d.Source {
					line = src.Source + " " + line
				}
				if strings.TrimSpace(line) != "" {
					fmt.Fprintf(w, "  seen at %s\n", strings.TrimSpace(line))
				}
			}
			if len(d.Sentences) == 0 {
				fmt.Fprintf(w, "\n%s\n", d.Text)
				return nil
			}
			fmt.Fprintln(w)
			for _, se := range d.Sentences {
				fmt.Fprintf(w, "[%d:%d] %s\n", se.Start, se.End, oneLineCut(se.Text, 400))
				for _, ev := range se.Events {
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
					fmt.Fprintf(w, "    → %s %s → %s %s%s  quad %d, %+.1f  [%s]\n", ev.Date, ev.Source, target, ev.Code, mark, ev.Quad, ev.Goldstein, ev.Pattern)
				}
			}
			return nil
		},
	})
}
