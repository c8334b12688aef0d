package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
)

// registerFlags load the treaty register: the embedded data, a user
// directory, and the status changes the store learnt from events.
type registerFlags struct {
	dir string
	sf  *storeFlags
}

func addRegisterFlags(fs *flag.FlagSet, sf *storeFlags) *registerFlags {
	r := &registerFlags{sf: sf}
	fs.StringVar(&r.dir, "treaties", "", "directory of extra treaty `files` (*.yaml) to add to the embedded register")
	return r
}

// load reads the register and merges the treaty status changes saved in
// the store by the watch. A missing SQLite file is not an error here: the
// register alone answers, and no empty database is created as a side effect.
func (r *registerFlags) load(ctx context.Context, e *env) (*alliance.Register, error) {
	reg, err := alliance.Load(r.dir)
	if err != nil {
		return nil, fmt.Errorf("loading the treaty register: %w", err)
	}
	t, err := r.sf.target(e)
	if err != nil {
		return nil, err
	}
	if !store.IsPostgres(t) {
		if _, err := os.Stat(t); errors.Is(err, fs.ErrNotExist) {
			return reg, nil
		}
	}
	st, err := store.Open(ctx, t)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	sts, err := st.TreatyStatuses(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("reading treaty status from the store: %w", err)
	}
	reg.Merge(sts)
	return reg, nil
}

// knownCountries fails with a usage error when a code is no country of the
// actor dictionary, so that a typo ("KOE") is not answered with "no state
// is bound". IGO codes pass; if the dictionary cannot load, all codes do.
func knownCountries(codes ...string) error {
	kb, err := actor.Default()
	if err != nil {
		return nil
	}
	for _, c := range codes {
		if strings.HasPrefix(c, "IGO") {
			continue
		}
		if _, ok := kb.CountryName(c); !ok {
			return usagef("%s is not a country code Vigil knows: use ISO 3166-1 alpha-3 (PRK, KOR, USA); 'vigil actors lookup NAME' finds a country's code", c)
		}
	}
	return nil
}

func todayUTC() string { return time.Now().UTC().Format(vigil.DateLayout) }

func init() {
	var (
		sf     *storeFlags
		rf     *registerFlags
		date   string
		asJSON bool
		all    bool
	)
	register(&command{
		Name:  "exposure",
		Args:  "A B [--date YYYY-MM-DD] [--json] [--all] [--treaties DIR]",
		Short: "if A and B fight, who is bound to join whom (treaties, articles, status)",
		Long: `Reads the treaty register and answers: if A and B fight on the date, which
states are bound by a defence (or offence) article to join either side, under
which treaty and article, with which conditions, and whether the treaty is in
force on that date ("signed, not in force" is not "in force"). A and B are
country codes (ISO 3166-1 alpha-3); actor codes like PRKMIL count as their
country.

Multilateral treaties bind every member on the date (NATO Article 5: all
members join a member attacked in the treaty area); a treaty binding both A
and B binds no one to either side. --all adds consultation, neutrality and
non-aggression articles. Status changes the watch learnt from coded events
(a ratification reported in the news) are read from the store when there is
one (--db, --dsn, $VIGIL_DB or ./vigil.db).

--json prints {"date","a","b","bound":[{"state","joins","treaty","article",
"obligation","status","in_force","conditions"}]}.

Examples:
  vigil exposure PRK KOR --date 2024-10-15     Russia bound by a treaty signed, not in force
  vigil exposure PRK KOR --date 2024-12-05     ... and in force since 2024-12-04
  vigil exposure RUS POL --json                NATO Article 5, today
  vigil exposure RUS UKR --all                 the 2024 security agreements (consultation)`,
		Flags: func(fs *flag.FlagSet) {
			sf = addStoreFlags(fs)
			rf = addRegisterFlags(fs, sf)
			fs.StringVar(&date, "date", "", "the `date` of the conflict, YYYY-MM-DD (default today)")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.BoolVar(&all, "all", false, "list every obligation type, not only defence and offence")
		},
		Run: func(ctx context.Context, e *env, args []string) error {
			if len(args) != 2 {
				return usagef("give two country codes: vigil exposure PRK KOR")
			}
			for _, c := range args {
				// A country (PRK) or an actor code (PRKMIL): letters in threes.
				if len(c) < 3 || len(c)%3 != 0 || strings.Trim(strings.ToUpper(c), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
					return usagef("%q is not a country code: use ISO 3166-1 alpha-3 (PRK, KOR, USA)", c)
				}
			}
			a, b := alliance.Country(args[0]), alliance.Country(args[1])
			if a == b {
				return usagef("A and B are the same country (%s)", a)
			}
			if err := knownCountries(a, b); err != nil {
				return err
			}
			if date == "" {
				date = todayUTC()
			} else if _, err := parseDayFlag(date); err != nil {
				return usagef("--date %q: want YYYY-MM-DD", date)
			}
			reg, err := rf.load(ctx, e)
			if err != nil {
				return err
			}
			ex := reg.Exposure(a, b, date, alliance.ExposureOptions{All: all})
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(ex)
			}
			printExposure(e.Stdout, reg, ex, all)
			return nil
		},
	})
}

// printExposure prints an exposure for a person, one side at a time.
func printExposure(w io.Writer, reg *alliance.Register, ex vigil.Exposure, all bool) {
	detail := map[string]string{} // treaty label → status detail on the date
	for _, t := range reg.Treaties() {
		if st, ok := reg.StatusOn(t.ID, ex.Date); ok {
			detail[t.Label()] = st.Detail
		}
	}
	fmt.Fprintf(w, "If %s and %s fight on %s:\n", ex.A, ex.B, ex.Date)
	for _, side := range []string{ex.A, ex.B} {
		var list []vigil.Obligation
		for _, o := range ex.Bound {
			if o.Joins == side {
				list = append(list, o)
			}
		}
		if len(list) == 0 {
			if all {
				fmt.Fprintf(w, "\n  No obligations toward %s.\n", side)
			} else {
				fmt.Fprintf(w, "\n  No state is bound to join %s.\n", side)
			}
			continue
		}
		if all {
			fmt.Fprintf(w, "\n  Obligations toward %s:\n", side)
		} else {
			fmt.Fprintf(w, "\n  Bound to join %s:\n", side)
		}
		// Members of one treaty bound by one article share a line.
		for i := 0; i < len(list); {
			o := list[i]
			states := []string{o.State}
			j := i + 1
			for ; j < len(list); j++ {
				p := list[j]
				if p.Treaty != o.Treaty || p.Article != o.Article || p.Status != o.Status || p.InForce != o.InForce {
					break
				}
				states = append(states, p.State)
			}
			i = j
			art := "article not recorded"
			if o.Article != "" {
				art = "Art. " + o.Article
			}
			state := "in force"
			if !o.InForce {
				state = strings.ReplaceAll(o.Status, "_", " ") + ", NOT in force"
			}
			who := strings.Join(states, ", ")
			if len(states) > 3 {
				who = fmt.Sprintf("%s (%d states)", who, len(states))
			}
			fmt.Fprintf(w, "    %s\n      %s, %s: %s (%s)\n", who, o.Treaty, art, o.Obligation, state)
			if d := detail[o.Treaty]; d != "" && !o.InForce {
				fmt.Fprintf(w, "      status: %s\n", d)
			}
			for _, c := range o.Conditions {
				fmt.Fprintf(w, "      - %s\n", c)
			}
		}
	}
}
