package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
)

func init() {
	var (
		sf     *storeFlags
		asJSON bool
	)
	register(&command{
		Name:  "stats",
		Args:  "[--json]",
		Short: "count what the store holds: articles, events, sources, dates",
		Long: `Stats counts what the store holds: articles, the distinct outlets they
were seen at (sources), their sentences, events (and how many of them are
negated or hypothetical), the first and last event dates, followed feeds,
warnings, the schema version and the size on disk.

--json prints one object:
  {"backend":"sqlite","schema":1,"articles":N,"events":M,"sources":K,
   "sentences":S,"flagged":F,"feeds":0,"warnings":0,"first":"2024-06-19",
   "last":"2024-12-05","bytes":1234567}

Examples:
  vigil stats
  vigil stats --json | jq .events
  vigil stats --dsn postgres://vigil@db/vigil`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			fs.BoolVar(&asJSON, "json", false, "print one JSON object")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("stats takes no arguments")
			}
			s, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := s.Stats(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.Stdout).Encode(st)
			}
			tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
			span := "none"
			if st.First != "" {
				span = st.First + " to " + st.Last
			}
			articles := fmt.Sprint(st.Articles)
			if st.URLOnly > 0 {
				articles += fmt.Sprintf(" (and %d known by URL only, from imported events)", st.URLOnly)
			}
			for _, row := range [][2]any{
				{"articles", articles}, {"sources", st.Sources}, {"sentences with events", st.Sentences},
				{"events", fmt.Sprintf("%d (%d negated or hypothetical)", st.Events, st.Flagged)},
				{"event dates", span}, {"feeds", st.Feeds}, {"warnings", st.Warnings},
				{"database", fmt.Sprintf("%s, schema %d, %s", st.Backend, st.Schema, humanBytes(st.Bytes))},
			} {
				fmt.Fprintf(tw, "%s\t%v\n", row[0], row[1])
			}
			return tw.Flush()
		},
	})
}

// humanBytes writes a size as people read it: 1.5 MB.
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
