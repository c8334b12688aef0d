// Package alliance holds Vigil's treaty register: who is bound to whom, by
// which article, under which conditions, and since when. It answers the
// question an analyst asks when two states come to blows: if A and B fight,
// who is bound to join whom?
//
// The register is data (data/treaties/*.yaml, embedded, plus an optional
// user directory), written in the spirit of the ATOP alliance data: parties
// with the dates they joined and left, articles with an obligation type
// (defense, offense, neutrality, non-aggression, consultation) and their
// conditions (attack on a party, location, specific adversary), and a status
// history (signed, submitted, approved, ratified by each party, in force,
// suspended, withdrawn, expired) with dates.
//
// # Status on a date
//
// A treaty's status on a date D is read from the history entries dated on or
// before D. Entries without a party concern the whole treaty (signed,
// in_force, suspended, expired, withdrawn); entries with a party record its
// own steps (submitted, approved by a chamber, ratified, acceded, suspended,
// withdrawn), and an entry with both a party and "with" suspends one party's
// obligations toward one other party (the United States toward New Zealand
// under ANZUS since 1986). The treaty-level status is "signed" until an
// in_force entry; the party steps are reported in Detail, so that "signed,
// ratified by RUS 2024-11-09, not yet in force" reads as such.
//
// # Status from events
//
// Coded events keep the register current: an event that signs, ratifies,
// brings into force, suspends or withdraws from a treaty (matched by its
// parties and the words of its sentence, rules in
// data/treaties/status-events.yaml) adds a status entry dated by the event
// and citing it (Register.Apply). The caller persists those entries
// (store.SaveTreatyStatus) and loads them back with Register.Merge.
//
// # Exposure
//
// Exposure(A, B, D) lists, for each side, the states bound by a defence (or
// offence) article to join it against the other on date D: bilateral
// treaties bind the other party; multilateral ones (NATO Article 5, CSTO
// Article 4) bind every member on D. A treaty that binds both A and B (two
// NATO members at war with each other) binds no one to either side and is
// left out. Treaties signed but not in force on D are listed with
// in_force=false and their status; withdrawn or expired ones are not.
package alliance

import (
	"slices"
	"sync"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/watch/phrase"
)

// Obligation types, as ATOP distinguishes them.
const (
	Defense       = "defense"
	Offense       = "offense"
	Neutrality    = "neutrality"
	NonAggression = "non-aggression"
	Consultation  = "consultation"
)

// Obligations lists the obligation types in order of strength.
var Obligations = []string{Defense, Offense, Neutrality, NonAggression, Consultation}

// Status values of a history entry.
const (
	Signed    = "signed"    // the treaty was signed (whole treaty)
	Submitted = "submitted" // a party's government submitted it for ratification
	Approved  = "approved"  // a chamber of a party's legislature approved ratification
	Ratified  = "ratified"  // a party completed ratification
	Acceded   = "acceded"   // a state joined a multilateral treaty
	InForce   = "in_force"  // the treaty (or, with a party, the treaty for it) entered into force
	Suspended = "suspended" // suspended (whole, for a party, or for a party toward another)
	Resumed   = "resumed"   // a suspension ended
	Withdrawn = "withdrawn" // a party withdrew (or, without party, the treaty was terminated)
	Expired   = "expired"   // the treaty ended (term ran out, or terminated)
)

// Statuses lists every status value.
var Statuses = []string{Signed, Submitted, Approved, Ratified, Acceded, InForce, Suspended, Resumed, Withdrawn, Expired}

// Treaty is one treaty or alliance of the register.
type Treaty struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Short string `json:"short,omitempty"`
	// IGO is the actor code of the organisation the treaty founded
	// ("IGOWSTNAT" for NATO), so that events naming it match the treaty.
	IGO      string    `json:"igo,omitempty"`
	Parties  []Party   `json:"parties"`
	Signed   string    `json:"signed,omitempty"`
	Articles []Article `json:"articles"`
	// Match are phrases that name the treaty in a sentence.
	Match   []string `json:"match,omitempty"`
	Notes   string   `json:"notes,omitempty"`
	Sources []string `json:"sources,omitempty"`
	// History is the status history, oldest first: the register's data and,
	// after Apply or Merge, entries from coded events (EventID set).
	History []Entry `json:"history"`

	File string `json:"file,omitempty"` // data file and line it was read from
	Line int    `json:"line,omitempty"`

	match *phrase.Set
}

// Label returns the short name, or the name.
func (t *Treaty) Label() string {
	if t.Short != "" {
		return t.Short
	}
	return t.Name
}

// Multilateral reports whether the treaty has more than two distinct parties.
func (t *Treaty) Multilateral() bool { return len(t.States()) > 2 }

// States returns the distinct party states, in register order.
func (t *Treaty) States() []string {
	var out []string
	for _, p := range t.Parties {
		if !slices.Contains(out, p.State) {
			out = append(out, p.State)
		}
	}
	return out
}

// HasParty reports whether state is ever a party.
func (t *Treaty) HasParty(state string) bool {
	for _, p := range t.Parties {
		if p.State == state {
			return true
		}
	}
	return false
}

// Entry is one status change of a treaty: a vigil.TreatyStatus (what the
// store persists for changes seen in events) plus what only the register's
// data says.
type Entry struct {
	vigil.TreatyStatus
	// With names the one party toward which Party's obligations changed
	// (a suspension between two parties of a multilateral treaty).
	With string `json:"with,omitempty"`
	Note string `json:"note,omitempty"`
}

// Party is one state's membership of a treaty. A state that left and
// rejoined has two entries.
type Party struct {
	State string `json:"state"` // ISO 3166-1 alpha-3
	// Joined is when the treaty began to bind the state ("" for the original
	// parties of a treaty: from its entry into force).
	Joined string `json:"joined,omitempty"`
	Left   string `json:"left,omitempty"` // "" while a member
	Note   string `json:"note,omitempty"`
}

// Article is one article of a treaty that creates an obligation.
type Article struct {
	No         string      `json:"no"` // "4", "II", "42(7)"; "" when not recorded
	Obligation string      `json:"obligation"`
	Summary    string      `json:"summary,omitempty"`
	Conditions []Condition `json:"conditions,omitempty"`
	// Bound lists the parties the article binds, Protects those it
	// protects; empty means every party (a mutual obligation).
	Bound    []string `json:"bound,omitempty"`
	Protects []string `json:"protects,omitempty"`
}

// Condition limits when an article applies.
type Condition struct {
	// Kind is "attack" (what must happen to a party), "location" (where),
	// "adversary" (only against these states) or "other".
	Kind string `json:"kind"`
	Text string `json:"text,omitempty"`
	// Adversaries are the states a "adversary" condition names.
	Adversaries []string `json:"adversaries,omitempty"`
}

// String renders the condition as Exposure lists it: "attack: armed attack
// on a party", "adversary: RUS".
func (c Condition) String() string {
	if c.Kind == "adversary" && c.Text == "" {
		return "adversary: " + joinComma(c.Adversaries)
	}
	return c.Kind + ": " + c.Text
}

// Register is a set of treaties. It is safe for concurrent use: Apply and
// Merge add history while Exposure and StatusOn read it.
type Register struct {
	mu       sync.RWMutex
	treaties []*Treaty
	byID     map[string]*Treaty
	rules    []statusRule
	generic  *phrase.Set
	negation *phrase.Set
	involved map[string]bool // every party state and IGO code
}

// Treaties returns copies of every treaty, sorted by ID.
func (r *Register) Treaties() []Treaty {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Treaty, 0, len(r.treaties))
	for _, t := range r.treaties {
		out = append(out, t.clone())
	}
	return out
}

// Treaty returns a copy of one treaty.
func (r *Register) Treaty(id string) (Treaty, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.byID[id]
	if !ok {
		return Treaty{}, false
	}
	return t.clone(), true
}

func (t *Treaty) clone() Treaty {
	c := *t
	c.Parties = slices.Clone(t.Parties)
	c.Articles = slices.Clone(t.Articles)
	c.History = slices.Clone(t.History)
	return c
}

func joinComma(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
