package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/vigil-ews/vigil/alliance"
)

// treatyView is a treaty with its status on a date, as `vigil treaties
// --json` prints it.
type treatyView struct {
	alliance.Treaty
	State alliance.State `json:"state"`
}

func init() {
	var (
		sf     *storeFlags
		rf     *registerFlags
		date   string
		asJSON bool
	)
	register(&command{
		Name:  "treaties",
		Args:  "[ID...] [--date YYYY-MM-DD] [--json] [--treaties DIR]",
		Short: "list the treaty register with each treaty's status on a date",
		Long: `Lists the treaties and alliances of the register (embedded, plus --treaties
DIR) with their status on the date (default today): signed, in force,
suspended, withdrawn or expired, and the steps that led there (submitted,
approved, ratified by each party). Status changes the watch learnt from coded
events are read from the store when there is one, and shown with the event
that caused them.

With IDs it prints those treaties in full: parties and their dates, articles
with obligations and conditions, and the status history.

Examples:
  vigil treaties                          the register today
  vigil treaties --date 2024-10-15        as it stood on the day of the seed article
  vigil treaties rus-prk-2024             one treaty, its articles and history
  vigil treaties --json`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			rf = addRegisterFlags(fs, sf)
			fs.StringVar(&date, "date", "", "status on this `date`, YYYY-MM-DD (default today)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if date == "" {
				date = todayUTC()
			} else if _, err := parseDayFlag(date); err != nil {
				return usagef("--date %q: want YYYY-MM-DD", date)
			}
			reg, err := rf.load(ctx, e)
			if err != nil {
				return err
			}
			var list []treatyView
			if len(args) == 0 {
				for _, t := range reg.Treaties() {
					st, _ := reg.StatusOn(t.ID, date)
					list = append(list, treatyView{Treaty: t, State: st})
				}
			} else {
				for _, id := range args {
					t, ok := reg.Treaty(id)
					if !ok {
						return usagef("no treaty %q in the register; 'vigil treaties' lists their IDs", id)
					}
					st, _ := reg.StatusOn(id, date)
					list = append(list, treatyView{Treaty: t, State: st})
				}
			}
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			if len(args) == 0 {
				return printTreatyTable(e.Stdout, list, date)
			}
			for i, tv := range list {
				if i > 0 {
					fmt.Fprintln(e.Stdout)
				}
				printTreaty(e.Stdout, tv, date)
			}
			return nil
		},
	})
}

func printTreatyTable(w io.Writer, list []treatyView, date string) error {
	fmt.Fprintf(w, "Treaty register on %s (%d treaties):\n\n", date, len(list))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTREATY\tPARTIES\tSIGNED\tSTATUS")
	for _, tv := range list {
		parties := tv.States()
		p := strings.Join(parties, ", ")
		if len(parties) > 4 {
			p = fmt.Sprintf("%d states", len(parties))
		}
		status := tv.State.Status
		switch {
		case status == "":
			status = "not yet signed"
		case status == alliance.Signed:
			status = "signed, not in force"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", tv.ID, tv.Label(), p, tv.Signed, strings.ReplaceAll(status, "_", " "))
	}
	return tw.Flush()
}

func printTreaty(w io.Writer, tv treatyView, date string) {
	fmt.Fprintf(w, "%s [%s]\n%s\n", tv.Label(), tv.ID, tv.Name)
	status := strings.ReplaceAll(tv.State.Status, "_", " ")
	if status == "" {
		status = "not yet signed"
	}
	fmt.Fprintf(w, "Status on %s: %s\n  %s\n", date, status, tv.State.Detail)
	fmt.Fprintln(w, "Parties:")
	for _, p := range tv.Parties {
		line := "  " + p.State
		if p.Joined != "" {
			line += " from " + p.Joined
		}
		if p.Left != "" {
			line += " until " + p.Left
		}
		if p.Note != "" {
			line += " (" + p.Note + ")"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, "Articles:")
	for _, a := range tv.Articles {
		no := a.No
		if no == "" {
			no = "(number not recorded)"
		}
		fmt.Fprintf(w, "  Art. %s — %s\n", no, a.Obligation)
		if a.Summary != "" {
			fmt.Fprintf(w, "    %s\n", a.Summary)
		}
		if len(a.Bound) > 0 || len(a.Protects) > 0 {
			fmt.Fprintf(w, "    binds %s toward %s\n", orAll(a.Bound), orAll(a.Protects))
		}
		for _, c := range a.Conditions {
			fmt.Fprintf(w, "    - %s\n", c)
		}
	}
	fmt.Fprintln(w, "History:")
	for _, h := range tv.History {
		who := ""
		if h.Party != "" {
			who = " by " + h.Party
			if h.With != "" {
				who += " toward " + h.With
			}
		}
		fmt.Fprintf(w, "  %s  %s%s", h.Date, strings.ReplaceAll(h.Status, "_", " "), who)
		if h.Note != "" {
			fmt.Fprintf(w, " — %s", h.Note)
		}
		if h.EventID != "" {
			fmt.Fprintf(w, " — from event %s: %q", h.EventID, oneLine(h.Sentence, 160))
		}
		fmt.Fprintln(w)
	}
	if tv.Notes != "" {
		fmt.Fprintf(w, "Notes: %s\n", tv.Notes)
	}
}

func orAll(s []string) string {
	if len(s) == 0 {
		return "every party"
	}
	return strings.Join(s, ", ")
}
