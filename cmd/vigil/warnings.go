package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

func init() {
	var (
		sf                   *storeFlags
		since, level, rule   string
		country              string
		asJSON, all, history bool
		limit                int
	)
	register(&command{
		Name:  "warnings",
		Args:  "[--since YYYY-MM-DD] [--level L] [--rule R] [--country C] [--all] [--history] [--json]",
		Short: "list the warnings the watch raised, with their evidence and exposure",
		Long: `Lists the warnings saved in the store by 'vigil watch' (or by ingestion and
'vigil serve', which run the watch as articles arrive), most recently changed
first. Each warning names its dyad (source → target), the rule that raised it
(or "escalation" for the dyad's escalation index), its level (watch < warning
< alert) and score, the dates of its first and latest evidence, each indicator
step seen with the events and sentences behind it, and who is bound to join
either side.

Dates are the news's, not the clock's. Level and score are as of "as_of", the
news date of the evaluation that last changed the warning (new evidence, a
de-escalation, or the day its decaying score fell through a level); between
changes the score only decays. The exposure is dated at the latest evidence
("last"): the alliances as they stood when the evidence was seen ('vigil
exposure A B --date D' answers for another date).

Warnings are listed most severe first (alert, warning, watch), then by the
date of their latest change. Warnings that decayed below watch (level
"ended") are left out unless --all.
--history adds every change (new, raised, updated, lowered, decayed) with its
reason. --json prints a list of {"id","source","target","level","rule",
"score","first","last","as_of","steps":[{"name","events":[{"id","date","code",
"sentence"}]}],"exposure":{...},"history":[...]}.

Examples:
  vigil warnings                          current warnings
  vigil warnings --since 2024-10-01 --json
  vigil warnings --country PRK --history  PRK on either side, with every change
  vigil warnings --level alert --all      alerts, ended ones too`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			fs.StringVar(&since, "since", "", "warnings whose latest evidence is on or after `YYYY-MM-DD`")
			fs.StringVar(&level, "level", "", "only this `level`: watch, warning, alert or ended")
			fs.StringVar(&rule, "rule", "", "only warnings of this `rule` (pre-offensive-posture, escalation...)")
			fs.StringVar(&country, "country", "", "warnings with this `country` on either side")
			fs.BoolVar(&all, "all", false, "include warnings that have ended")
			fs.BoolVar(&history, "history", false, "print every change of each warning")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.IntVar(&limit, "limit", 0, "at most `N` warnings (0: all)")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("warnings takes no arguments (got %q)", args)
			}
			if since != "" {
				if _, err := parseDayFlag(since); err != nil {
					return usagef("--since %q: want YYYY-MM-DD", since)
				}
			}
			if level != "" {
				if _, ok := watch.ParseLevel(level); !ok {
					return usagef("--level %q: one of watch, warning, alert, ended", level)
				}
				all = all || level == watch.Ended.String()
			}
			if limit < 0 {
				return usagef("--limit must be 0 or more")
			}
			st, err := sf.openExisting(ctx, e)
			if err != nil {
				return err
			}
			defer st.Close()
			ws, err := st.Warnings(ctx, store.WarningFilter{Since: since, Level: level, Rule: rule, Country: strings.ToUpper(country)})
			if err != nil {
				return err
			}
			// Most severe first, then the latest changed: an analyst reads
			// the alerts before the watches, whatever changed last.
			sort.SliceStable(ws, func(i, j int) bool {
				li, _ := watch.ParseLevel(ws[i].Level)
				lj, _ := watch.ParseLevel(ws[j].Level)
				if li != lj {
					return li > lj
				}
				return ws[i].AsOf > ws[j].AsOf
			})
			out := make([]vigil.Warning, 0, len(ws))
			for _, w := range ws {
				if !all && w.Level == watch.Ended.String() {
					continue
				}
				if limit > 0 && len(out) == limit {
					break
				}
				out = append(out, w)
			}
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			printWarningList(e.Stdout, out, history)
			return nil
		},
	})
}

// printWarningList prints warnings for a person: a header line, each step
// with its evidence, the exposure and (optionally) the history.
func printWarningList(w io.Writer, ws []vigil.Warning, history bool) {
	if len(ws) == 0 {
		fmt.Fprintln(w, "No warnings. Run 'vigil watch' after storing events, or add --all for ended ones.")
		return
	}
	for i, wr := range ws {
		if i > 0 {
			fmt.Fprintln(w)
		}
		target := wr.Target
		if target == "" {
			target = "—"
		}
		asOf := ""
		if wr.AsOf != "" {
			asOf = "  as of " + wr.AsOf
		}
		fmt.Fprintf(w, "%-7s %.2f  %s → %s  %s  %s … %s%s  [%s]\n", strings.ToUpper(wr.Level), wr.Score, wr.Source, target, wr.Rule, wr.First, wr.Last, asOf, wr.ID)
		for j, st := range wr.Steps {
			fmt.Fprintf(w, "  %d. %s\n", j+1, st.Name)
			for _, ev := range st.Events {
				label := ev.Code
				if c, ok := cameo.Lookup(ev.Code); ok {
					label += " " + c.Name
				}
				fmt.Fprintf(w, "     %s  %s\n       %q\n", ev.Date, label, oneLine(ev.Sentence, 240))
			}
		}
		printBound(w, wr.Exposure, "  Bound to join, on %s (the latest evidence):\n", nil)
		if history {
			fmt.Fprintln(w, "  History:")
			for _, h := range wr.History {
				fmt.Fprintf(w, "     %s  %-8s %-7s %.2f  %s\n", h.Date, h.Change, h.Level, h.Score, oneLine(h.Reason, 200))
			}
		}
	}
}

// printBound prints who is bound to join either side, one line per
// treaty article and side: the members of a multilateral treaty share a
// line. header has one %s, the exposure's date. name, when not nil, turns
// a country code into what is printed.
func printBound(w io.Writer, ex *vigil.Exposure, header string, name func(string) string) {
	if ex == nil || len(ex.Bound) == 0 {
		return
	}
	if name == nil {
		name = func(c string) string { return c }
	}
	fmt.Fprintf(w, header, ex.Date)
	for i := 0; i < len(ex.Bound); {
		o := ex.Bound[i]
		states := []string{o.State}
		j := i + 1
		for ; j < len(ex.Bound); j++ {
			p := ex.Bound[j]
			if p.Joins != o.Joins || p.Treaty != o.Treaty || p.Article != o.Article || p.Status != o.Status || p.InForce != o.InForce {
				break
			}
			states = append(states, p.State)
		}
		i = j
		state := "in force"
		if !o.InForce {
			state = strings.ReplaceAll(o.Status, "_", " ") + ", not in force"
		}
		art := ""
		if o.Article != "" {
			art = ", Art. " + o.Article
		}
		who, verb := name(states[0]), "joins"
		if len(states) > 1 {
			verb = "join"
			if len(states) > 4 {
				who = fmt.Sprintf("%d members (%s, ...)", len(states), strings.Join(states[:3], ", "))
			} else {
				parts := make([]string, len(states))
				for k, s := range states {
					parts[k] = name(s)
				}
				who = strings.Join(parts, ", ")
			}
		}
		fmt.Fprintf(w, "     %s %s %s — %s%s (%s; %s)\n", who, verb, name(o.Joins), o.Treaty, art, o.Obligation, state)
	}
}

// oneLine flattens white space and cuts s to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
