package alliance

import (
	"slices"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/watch/phrase"
)

// negationWindow is how many words before a status phrase a negation may
// stand and still negate it: "has not yet entered into force".
const negationWindow = 4

// Apply reads one coded event and, when it signs, ratifies, brings into
// force, suspends or withdraws from a treaty of the register, adds the
// status change to that treaty's history, dated by the event and citing it.
// It returns the entries it added (nil for most events), which the caller
// persists. Negated and hypothetical events change nothing; neither does an
// event that only repeats what the history already says.
//
// The event must name the treaty: its sentence holds one of the treaty's
// match phrases, or, for a two-party treaty, the event is between the two
// parties and the sentence says "treaty", "pact" or the like. When several
// treaties fit equally well the event is ambiguous and changes nothing.
func (r *Register) Apply(ev *vigil.Event) []vigil.TreatyStatus {
	if ev.Flagged() || ev.Sentence == "" {
		return nil
	}
	if _, err := time.Parse(vigil.DateLayout, ev.Date); err != nil {
		return nil
	}
	var fired []statusRule
	var toks []string
	r.mu.RLock()
	if !r.involved[Country(ev.Source)] && !r.involved[Country(ev.Target)] {
		r.mu.RUnlock()
		return nil // no treaty of the register concerns these actors
	}
	for _, sr := range r.rules {
		if len(sr.Codes) > 0 && !slices.ContainsFunc(sr.Codes, func(c string) bool { return hasCodePrefix(ev.Code, c) }) {
			continue
		}
		if toks == nil {
			// Most events fit no rule's codes: words are read only now.
			toks = phrase.Tokens(ev.Sentence)
		}
		for _, m := range sr.Words.Find(toks) {
			if !r.negation.Before(toks, m.Start, negationWindow) {
				fired = append(fired, sr)
				break
			}
		}
	}
	if len(fired) == 0 {
		r.mu.RUnlock()
		return nil
	}
	t := r.treatyOf(ev, toks)
	r.mu.RUnlock()
	if t == nil {
		return nil
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	src := Country(ev.Source)
	var added []vigil.TreatyStatus
	for _, sr := range fired {
		en := Entry{TreatyStatus: vigil.TreatyStatus{
			Treaty: t.ID, Status: sr.Status, Date: ev.Date, EventID: ev.ID, Sentence: ev.Sentence,
		}}
		if sr.Party {
			if !t.HasParty(src) && sr.Status != Acceded {
				continue
			}
			en.Party = src
		}
		if !t.news(en) {
			continue
		}
		t.History = append(t.History, en)
		sortHistory(t.History)
		t.eventParties()
		r.index()
		added = append(added, en.TreatyStatus)
	}
	return added
}

// Merge adds status entries saved earlier (from the store) to the
// register's history, skipping those it already holds and those of
// treaties it does not know. It returns how many it added.
func (r *Register) Merge(entries []vigil.TreatyStatus) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range entries {
		t, ok := r.byID[s.Treaty]
		if !ok {
			continue
		}
		if slices.ContainsFunc(t.History, func(h Entry) bool {
			return h.Party == s.Party && h.Status == s.Status && h.Date == s.Date && h.With == ""
		}) {
			continue
		}
		t.History = append(t.History, Entry{TreatyStatus: s})
		sortHistory(t.History)
		t.eventParties()
		n++
	}
	r.index()
	return n
}

// index records which states and organisations any treaty concerns, so
// that Apply can pass over most events at once. Called with the write lock
// held (or before the register is shared).
func (r *Register) index() {
	r.involved = map[string]bool{}
	for _, t := range r.treaties {
		for _, p := range t.Parties {
			r.involved[p.State] = true
		}
		if t.IGO != "" {
			r.involved[t.IGO] = true
		}
	}
}

// news reports whether an entry tells something the history does not.
// One-time steps (signature, submission, ratification, accession) count
// once; states (in force, suspended, withdrawn) count when they change.
func (t *Treaty) news(en Entry) bool {
	switch en.Status {
	case Signed, Submitted, Approved, Ratified, Acceded:
		return !slices.ContainsFunc(t.History, func(h Entry) bool {
			return h.Party == en.Party && h.Status == en.Status && h.With == ""
		})
	}
	if en.Party == "" {
		return t.statusOn(en.Date).Status != en.Status
	}
	ps, _ := t.partyState(en.Party, en.Date)
	switch en.Status {
	case Resumed, InForce:
		return ps == Suspended
	}
	return ps != en.Status
}

// treatyOf finds the one treaty an event is about, or nil. Called with the
// read lock held.
func (r *Register) treatyOf(ev *vigil.Event, toks []string) *Treaty {
	src, tgt := Country(ev.Source), Country(ev.Target)
	best, bestScore, tie := (*Treaty)(nil), 0, false
	for _, t := range r.treaties {
		named := t.match.In(toks)
		inSrc := t.HasParty(src) || (t.IGO != "" && ev.Source == t.IGO)
		inTgt := tgt != "" && tgt != src && (t.HasParty(tgt) || (t.IGO != "" && ev.Target == t.IGO))
		pair := !t.Multilateral() && inSrc && inTgt
		score := 0
		switch {
		case named && (inSrc || inTgt):
			score = 2
			if inSrc && inTgt {
				score = 3
			}
		case pair && r.generic.In(toks):
			score = 1
		}
		if score == 0 {
			continue
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = t, score, false
		case score == bestScore:
			tie = true
		}
	}
	if tie {
		return nil
	}
	return best
}

// hasCodePrefix reports whether code is prefix or one of its descendants
// ("0571" under "057", "057" under "05").
func hasCodePrefix(code, prefix string) bool {
	return len(code) >= len(prefix) && code[:len(prefix)] == prefix
}
