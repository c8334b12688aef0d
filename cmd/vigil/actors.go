package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vigil-ews/vigil/actor"
)

type actorsFlags struct {
	date   string
	json   bool
	actors string
}

var actorsOpts actorsFlags

func init() {
	register(&command{
		Name:  "actors",
		Args:  `lookup "TEXT"|- [--date D] [--json] [--actors DIR] | check [DIR]`,
		Short: "show which actors a text names, and check actor dictionaries",
		Long: `Subcommands:
  lookup TEXT   resolve TEXT (or standard input with "-") against the actor
                dictionary and print each mention: the words matched, the
                actor code, the canonical name and the rule that decided it.
                --date sets the article day, which picks office holders
                (without it, people get their most recent office). --json
                prints a list of {"text","code","name","kind","start","end",
                "rule","place"}; start and end are byte offsets in TEXT;
                place (when set) is the place the mention names: kind
                "place" for a city, region, sea or base ("Odesa" UKR, "the
                Red Sea" with no code), and capitals standing for their
                government ("Seoul" KORGOV) report their place too;
                members lists the states of a collective ("the two
                Koreas": ["PRK","KOR"], kind "collective", no code).
  check [DIR]   load the embedded dictionary merged with DIR (the files of
                data/actors/README.md) and report what it holds, or the
                first error with its file and line.

Examples:
  vigil actors lookup "Russian Defence Minister Andrei Belousov met Dong Jun in Beijing" --date 2024-10-14
  vigil actors lookup "Sergei Shoigu said" --date 2023-01-01      # RUSMIL
  vigil actors lookup "Sergei Shoigu said" --date 2024-06-01      # RUSGOV
  vigil actors lookup "Drones hit Odesa and the Kursk region"     # places: UKR, RUS
  echo "The North Korean army said ..." | vigil actors lookup - --json
  vigil actors lookup "President Jane Doe of Atlantis" --actors ./my-actors
  vigil actors check ./my-actors`,
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&actorsOpts.date, "date", "", "article date YYYY-MM-DD: picks who held which office (default: most recent office)")
			fs.BoolVar(&actorsOpts.json, "json", false, "print mentions as a JSON list")
			fs.StringVar(&actorsOpts.actors, "actors", "", "directory of extra actor files merged over the embedded dictionary")
		},
		Run: runActors,
	})
}

// actorMention is the JSON form of one resolved mention.
type actorMention struct {
	Text  string `json:"text"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Rule  string `json:"rule"`
	// Place is the place the mention names ("Odesa"; "Seoul" for the
	// capital standing for KORGOV); Members the states of a collective
	// ("the two Koreas": PRK, KOR).
	Place   string   `json:"place,omitempty"`
	Members []string `json:"members,omitempty"`
}

func runActors(_ context.Context, e *env, args []string) error {
	opts := actorsOpts
	if len(args) == 0 {
		return usagef("actors needs a subcommand: lookup TEXT or check [DIR]")
	}
	switch args[0] {
	case "lookup":
		if len(args) != 2 {
			return usagef(`lookup takes one TEXT argument (quote it) or "-" for standard input`)
		}
		return actorsLookup(e, args[1], opts)
	case "check":
		dir := opts.actors
		switch len(args) {
		case 1:
		case 2:
			dir = args[1]
		default:
			return usagef("check takes at most one directory")
		}
		st, err := actor.Check(dir)
		if err != nil {
			return err
		}
		what := "embedded dictionary"
		if dir != "" {
			what = "embedded dictionary + " + dir
		}
		fmt.Fprintf(e.Stdout, "%s: ok\n", what)
		fmt.Fprintf(e.Stdout, "  %d countries, %d places, %d collectives, %d metonyms, %d organisations, %d IGOs, %d armed groups\n",
			st.Countries, st.Places, st.Collectives, st.Metonyms, st.Organisations, st.IGOs, st.Groups)
		fmt.Fprintf(e.Stdout, "  %d people with %d offices, %d role words, %d look-alike phrases, %d names in all\n",
			st.People, st.Offices, st.Roles, st.Blocked, st.Patterns)
		return nil
	}
	return usagef("unknown actors subcommand %q; use lookup or check", args[0])
}

func actorsLookup(e *env, src string, opts actorsFlags) error {
	if src == "-" {
		b, err := io.ReadAll(io.LimitReader(e.Stdin, 16<<20))
		if err != nil {
			return fmt.Errorf("reading standard input: %w", err)
		}
		src = string(b)
	}
	var published time.Time
	if opts.date != "" {
		d, err := time.Parse(time.DateOnly, opts.date)
		if err != nil {
			return usagef("--date %q is not YYYY-MM-DD", opts.date)
		}
		published = d
	}
	var kb *actor.KB
	var err error
	if opts.actors != "" {
		kb, err = actor.Load(opts.actors)
	} else {
		kb, err = actor.Default()
	}
	if err != nil {
		return fmt.Errorf("loading actors: %w", err)
	}
	out := []actorMention{}
	for _, m := range kb.ResolveText(src, published) {
		out = append(out, actorMention{Text: src[m.ByteStart:m.ByteEnd], Code: m.Code, Name: m.Name,
			Kind: m.Kind.String(), Start: m.ByteStart, End: m.ByteEnd, Rule: m.Rule, Place: m.Place, Members: m.Members})
	}
	if opts.json {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(e.Stdout, "no actors found")
		return nil
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TEXT\tCODE\tNAME\tSPAN\tRULE")
	for _, m := range out {
		code := m.Code
		if len(m.Members) > 0 {
			code = strings.Join(m.Members, "+")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d-%d\t%s\n", strings.ReplaceAll(m.Text, "\n", " "), code, m.Name, m.Start, m.End, m.Rule)
	}
	return tw.Flush()
}
