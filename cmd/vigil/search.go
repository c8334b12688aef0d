package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/vigil-ews/vigil/store"
)

func init() {
	var (
		sf     *storeFlags
		limit  int
		cursor string
		asJSON bool
	)
	register(&command{
		Name:  "search",
		Args:  `"query" [--limit N] [--json]`,
		Short: "full-text search of stored articles, best matches first",
		Long: `Search finds stored articles whose title or text has all the words of
the query, best matches first (titles count more), and shows each with an
excerpt where the words are marked «like this». Words match their other
forms ("threaten" finds "threatened"); "a quoted phrase" must appear as
written; a word ending in * matches as a prefix (ratif* finds ratified,
ratification). Punctuation is literal: U.S. or PRK-KOR need no escaping.

To find events rather than articles, use 'vigil events --text'.

--json prints JSON Lines: one hit per line with id, title, url, source,
published, snippet and score (higher is better, comparable within one
query). When more hits remain, the --cursor of the next page is printed
on standard error.

Examples:
  vigil search "artillery alert"
  vigil search '"maritime border" Yellow Sea' --limit 5
  vigil search ratif* --json | jq -r .id | head -1 | xargs vigil article`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			fs.IntVar(&limit, "limit", 20, "most hits to show (`N`, at most 1000)")
			fs.StringVar(&cursor, "cursor", "", "continue from this `cursor` (printed when more hits remain)")
			fs.BoolVar(&asJSON, "json", false, "print JSON Lines, one hit per line")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) == 0 {
				return usagef(`give a query: vigil search "words to find"`)
			}
			if limit < 1 {
				return usagef("--limit must be at least 1")
			}
			q := strings.Join(args, " ")
			s, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer s.Close()
			p, err := s.Search(ctx, store.SearchQuery{Query: q, Limit: limit, Cursor: cursor})
			if err != nil {
				return cursorHint(err)
			}
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetEscapeHTML(false)
				for _, h := range p.Items {
					if err := enc.Encode(h); err != nil {
						return err
					}
				}
			} else {
				if len(p.Items) == 0 {
					fmt.Fprintf(e.Stderr, "vigil search: no article has all of: %s\n", q)
				}
				tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
				for _, h := range p.Items {
					date := "undated"
					if !h.Published.IsZero() {
						date = h.Published.Format("2006-01-02")
					}
					title := h.Title
					if title == "" {
						title = "(untitled)"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", date, oneLineCut(title, 80), h.ID)
					fmt.Fprintf(tw, "\t  %s\n", oneLineCut(h.Snippet, 160))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if p.Next != "" {
				fmt.Fprintf(e.Stderr, "vigil search: more hits; next page: --cursor %s\n", p.Next)
			}
			return nil
		},
	})
}
