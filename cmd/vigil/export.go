package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vigil-ews/vigil/store/export"
)

func init() {
	var (
		sf     *storeFlags
		ff     *eventFilterFlags
		format string
		output string
	)
	register(&command{
		Name:  "export",
		Args:  "--format jsonl|csv|gdelt [filters] [-o FILE]",
		Short: "write stored events out as JSON Lines, CSV or GDELT 2.0 rows",
		Long: `Export writes the stored events that match the filters (the same as
'vigil events'; all events by default, negated and hypothetical ones only
with --flagged) in date order, streaming: memory does not grow with the
store.

Formats (--format):
  jsonl  one event per line in the 'vigil code' format (the default)
  csv    a header line, then one row per event: the event's fields and its
         article's URL
  gdelt  GDELT 2.0 event export rows: 61 tab-separated columns in GDELT's
         order, no header, so tools written for GDELT read them. Columns
         Vigil has no value for (ethnicity, religion, tone, coordinates,
         DATEADDED) are empty; GLOBALEVENTID is numeric (GDELT's own for
         imported events), NumMentions counts the sentences reporting the
         event in its article, NumSources and NumArticles the places the
         article was published, ActionGeo_FullName is the event's location
         and SOURCEURL the article's URL.

-o FILE writes to FILE (replaced only when the export is complete);
otherwise standard output. The number of events written is reported on
standard error.

Examples:
  vigil export --format csv --dyad PRK-KOR -o prk-kor.csv
  vigil export --format gdelt --since 2024-10-01 > vigil.export.CSV
  vigil export --dsn postgres://vigil@db/vigil | gzip > events.jsonl.gz`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			ff = addEventFilterFlags(fs)
			fs.StringVar(&format, "format", "jsonl", "output `format`: jsonl, csv or gdelt")
			fs.StringVar(&output, "o", "", "write to `FILE` instead of standard output")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("export takes no arguments, only flags (got %q)", args[0])
			}
			if !slices.Contains(export.Formats, format) {
				return usagef("--format %q: want %s", format, strings.Join(export.Formats, ", "))
			}
			f, err := ff.filter()
			if err != nil {
				return err
			}
			s, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer s.Close()
			var w io.Writer = e.Stdout
			var tmp *os.File
			if output != "" {
				// Write next to the target and rename at the end, so a failed
				// export never leaves a half-written file under its name.
				tmp, err = os.CreateTemp(filepath.Dir(output), "."+filepath.Base(output)+".*")
				if err != nil {
					return fmt.Errorf("export: %w", err)
				}
				defer os.Remove(tmp.Name())
				defer tmp.Close()
				w = tmp
			}
			n, err := export.Run(ctx, s, f, format, w)
			if err != nil {
				return fmt.Errorf("export after %d events: %w", n, err)
			}
			if tmp != nil {
				if err := tmp.Close(); err != nil {
					return fmt.Errorf("export: %w", err)
				}
				if err := os.Rename(tmp.Name(), output); err != nil {
					return fmt.Errorf("export: %w", err)
				}
			}
			fmt.Fprintf(e.Stderr, "vigil export: %d events written as %s\n", n, format)
			return nil
		},
	})
}
