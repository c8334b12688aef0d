// Package actor knows who is who, and when: it resolves the ways the news
// names state and non-state actors ("the North Korean army", "Seoul",
// "Russian Defence Minister Andrei Belousov", "Hezbollah", "the Kremlin")
// to CAMEO-style actor codes ("PRKMIL", "KORGOV", "RUSMIL", "LBNREB",
// "RUSGOV").
//
// The knowledge lives in readable files embedded from data/actors (see its
// README): countries, places (a gazetteer of cities, regions, occupied
// land, seas and bases with the country each lies in), metonyms,
// organisations, roles, people with dated offices, IGOs, armed groups,
// contexts and look-alikes. Load merges a user
// directory of files in the same formats over the embedded ones.
//
// Resolve walks one sentence's tokens with a trie over token sequences
// (leftmost-longest, one map lookup per token) and then joins neighbouring
// pieces by a few grammar rules: a demonym or possessive before a role word
// ("South Korea's military"), a role of a country ("the Armed Forces of
// South Korea"), a title before a person ("Russian President Vladimir
// Putin"). Every Mention says which rule produced it.
package actor

import (
	"fmt"
	"time"
)

// Kind says what a mention names. A mention joined from a name and a role
// word keeps the kind of the name ("South Korea's military" is a Country
// mention with Role MIL); a title before a person makes a Person mention.
type Kind int

const (
	// Role is a role word with no country ("the army", "troops"): Code is
	// the role alone and Country is empty, so a caller can attach a country
	// from context.
	Role Kind = iota
	// Country is a country's name ("North Korea", "the DPRK", "russia").
	Country
	// Demonym is a country's adjective or people ("North Korean", "Russians").
	Demonym
	// Metonym is a capital or seat of power standing for a government or
	// military ("Pyongyang", "the Kremlin", "the Pentagon").
	Metonym
	// Organisation is a named national body with a fixed role ("KCNA",
	// "the Duma", "the IDF", "Mossad").
	Organisation
	// Person is a named person; the code depends on the office they held on
	// the article's date.
	Person
	// IGO is an intergovernmental organisation ("NATO", "the UN Security
	// Council").
	IGO
	// Group is an armed non-state group, coded by its base country + REB
	// ("Hamas" PSEREB).
	Group
	// Place is a location that is not a seat of power: a city, port,
	// region, occupied or disputed territory, sea, base or border crossing
	// ("Odesa", "Crimea", "the Red Sea", "Al Udeid"). Code and Country are
	// the ISO3 code of the country it lies in (places.tsv documents the
	// conventions for disputed land); both are "" for international waters
	// and unassigned features ("the Red Sea", "Scarborough Shoal"). Role is
	// "" unless a role word follows ("Kharkiv police" UKRCOP, "Donetsk
	// separatists" UKRREB): a Place mention with a role names an actor, one
	// without names only where something happened.
	Place
	// Collective is a fixed group of states named as one ("the two
	// Koreas", "the Baltic states", "the P5"): Code and Country are "" and
	// Members lists the states. A role word after it sets Role ("the
	// Baltic states' armed forces": MIL).
	Collective
)

var kindNames = [...]string{"role", "country", "demonym", "metonym", "organisation", "person", "igo", "group", "place", "collective"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Mention is one resolved actor mention in a sentence.
type Mention struct {
	// Start and End are the token index span [Start, End) in the tokens
	// passed to Resolve. Two mentions inside one hyphenated token
	// ("Russia-Ukraine") share the token span but not the byte span.
	Start, End int
	// ByteStart and ByteEnd are the byte span in the original text.
	ByteStart, ByteEnd int
	// Code is the full actor code: "PRKMIL", "RUSGOV", "IGOWSTNAT",
	// "PSEREB"; for a role-only mention just the role ("MIL").
	Code string
	// Country is the country part of Code ("PRK"); "" for role-only
	// mentions. For an IGO it is the whole IGO code ("IGOWSTNAT"): IGO codes
	// never take a role suffix, so Code == Country for IGOs.
	Country string
	// Role is "GOV", "MIL", ... or "". For an IGO it records the role word
	// attached ("NATO troops": MIL) without changing Code.
	Role string
	// Name is the canonical name: "North Korea", "Andrei Belousov", "NATO".
	Name string
	// Rule says why, for people debugging a dictionary: "country name",
	// "demonym + role 'army'", "metonym", "person: Andrei Belousov, defence
	// minister RUSMIL 2024-05-14–", "surname after full mention", ...
	Rule string
	Kind Kind
	// Place is the canonical name of the place the mention names, when it
	// names one: every Place mention ("Odesa") and capitals and cities that
	// stand for a government ("Seoul" KORGOV, Place "Seoul"), so that a
	// caller can read "arrived in Seoul" as a location and "Seoul said" as
	// the government. "" otherwise.
	Place string
	// Members lists the states a Collective mention names, in the order of
	// collectives.yaml ("the two Koreas": [PRK KOR]; "the Baltic states":
	// [EST LVA LTU]); a caller codes one event per member. A member may be
	// a state's organ, a full code with its role ("Sudan's warring
	// parties": [SDNMIL SDNREB]): its country is the first three letters.
	// nil for every other kind.
	Members []string
}

// Office is a post a person held: the code it carries and when.
type Office struct {
	Code  string    // "RUSMIL"
	Title string    // "defence minister"
	From  time.Time // zero: since before the knowledge base's horizon
	To    time.Time // zero: still held; otherwise the first day no longer held
}

// holds reports whether the office was held on day d.
func (o Office) holds(d time.Time) bool {
	return (o.From.IsZero() || !d.Before(o.From)) && (o.To.IsZero() || d.Before(o.To))
}

func (o Office) String() string {
	s := o.Code
	if o.Title != "" {
		s = o.Title + " " + s
	}
	from, to := "", ""
	if !o.From.IsZero() {
		from = o.From.Format(time.DateOnly)
	}
	if !o.To.IsZero() {
		to = o.To.Format(time.DateOnly)
	}
	if from != "" || to != "" {
		s += " " + from + "–" + to
	}
	return s
}
