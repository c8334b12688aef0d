package coder

import (
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/text"
)

// Actors in a sentence: the actor package's mentions, role-only mentions
// given the country the context implies ("artillery units" after "the North
// Korean army"), and pronouns and "the country" resolved to the earlier
// actor they stand for.

// actRef is an actor as the coder uses it.
type actRef struct {
	start, end   int // token span
	bstart, bend int // byte span in the article
	code         string
	country      string
	role         string
	name         string
	kind         actor.Kind
	pron         bool // resolved from a pronoun or "the country"
	filled       bool // role-only mention whose country came from context
	person       bool
}

func (a *actRef) valid() bool { return a.code != "" && a.country != "" }

// place reports a mention that names only where something happened
// ("Odesa", "Crimea"), not an actor: a place with a role word ("Kharkiv
// police") is an actor.
func (a *actRef) place() bool { return a.kind == actor.Place && a.role == "" }

// memory is what an article remembers about its actors between sentences.
type memory struct {
	focus       actRef // subject of the last main clause with an actor subject
	lastCountry actRef // last state-level actor named
	lastPerson  actRef // last person named
	// focusPerson is the last person named as the subject of a main clause:
	// whom "he" goes on being about
	focusPerson    actRef
	hasFocusPerson bool
	hasFocus       bool
	hasCountry     bool
	hasPerson      bool
	// dyad is the last pair of states that acted on each other ("the two
	// countries"); adversary maps a country to its last hostile counterpart
	// (the target of a threat that names none).
	dyad      [2]actRef
	hasDyad   bool
	adversary map[string]actRef
	// agreement holds the parties of the last treaty or agreement named,
	// so that "it was signed on June 19" finds who signed.
	agreement []actRef
	// named counts the states named so far (mainCountry); lastState is the
	// last one named, by a person or otherwise
	named     map[string]int
	lastState string
	// forces are the actors of the last acts of force or shows of force the
	// article reported, the latest last: "Biden condemned the attack"
	// condemns the latest by someone else than Biden's state.
	forces []actRef
	// lastGroup is the last armed group or movement named ("the group")
	lastGroup actRef
	hasGroup  bool
	// lists are the last lists of three or more states named together
	// ("Saudi Arabia, the UAE, Bahrain and Egypt"), the latest last:
	// "the four countries", "the three Gulf states" are one of them
	lists [][]actRef
}

// addForce remembers the actor of an act of force.
func (m *memory) addForce(a actRef) {
	if len(m.forces) >= 6 {
		m.forces = append(m.forces[:0], m.forces[1:]...)
	}
	m.forces = append(m.forces, a)
}

// armedGroup reports a group named (an armed group, a movement, a
// non-governmental organisation; not a pronoun nor a person): what "the
// group" refers to.
func armedGroup(a *actRef) bool {
	return !a.pron && !a.person && (a.role == "REB" || a.role == "INS" || a.role == "SEP" || a.kind == actor.Group && a.role != "")
}

// mainCountry returns the state the article is about: named at least
// twice and at least twice as often as any other.
func (m *memory) mainCountry() (string, bool) {
	best, second, bc := 0, 0, ""
	for c, n := range m.named {
		switch {
		case n > best || n == best && c < bc:
			if n > best {
				second = best
			}
			best, bc = n, c
		case n > second:
			second = n
		}
	}
	if best >= 2 && best >= 2*second {
		return bc, true
	}
	return "", false
}

func isStateKind(k actor.Kind) bool {
	switch k {
	case actor.Country, actor.Demonym, actor.Metonym, actor.Organisation, actor.IGO, actor.Group:
		return true
	}
	return false
}

// resolveActors fills s.acts and s.tokAct for one sentence.
func (c *Coder) resolveActors(s *sentState, ms []actor.Mention, mem *memory) {
	toks := s.toks
	n := len(toks)
	s.acts = s.acts[:0]
	if cap(s.tokAct) < n {
		s.tokAct = make([]int, n, 2*n)
	}
	s.tokAct = s.tokAct[:n]
	for i := range s.tokAct {
		s.tokAct[i] = -1
	}
	lx := c.lx
	// the first verb of the sentence: actors before it are the subject
	// candidates pronouns prefer
	firstVerb := n
	for i := range toks {
		if isVerbTag(toks[i].Tag) && toks[i].Tag != "VBG" {
			firstVerb = i
			break
		}
	}
	mi := 0
	subjectIdx := -1 // index in s.acts of the sentence's first state-level actor before the first verb
	dateline := c.datelineEnd(s)
	for i := 0; i < n; {
		// actor mentions (skip duplicates sharing a token span)
		for mi < len(ms) && ms[mi].Start < i {
			mi++
		}
		if mi < len(ms) && ms[mi].Start == i && ms[mi].End > i && ms[mi].End <= dateline {
			// "SEOUL/WASHINGTON, Nov 29 (Vigil Wire) -": a place of filing
			i = ms[mi].End
			mi++
			continue
		}
		if mi < len(ms) && ms[mi].Start == i && ms[mi].End > i {
			m := &ms[mi]
			a := actRef{start: m.Start, end: m.End, bstart: m.ByteStart, bend: m.ByteEnd, code: m.Code,
				country: m.Country, role: m.Role, name: m.Name, kind: m.Kind, person: m.Kind == actor.Person}
			if m.Kind == actor.Demonym && m.Role == "" && m.End-m.Start == 1 && (toks[m.Start].Tag == "NNPS" || toks[m.Start].Tag == "NNS" || toks[m.Start].Tag == "NNP") &&
				strings.HasSuffix(toks[m.Start].Lower, "s") && !strings.HasSuffix(toks[m.Start].Lower, "ss") && m.Country != "" && !isIGO(m.Country) {
				// "Iranians", "three Americans": the people, civilians
				a.role, a.code = "CVL", m.Country+"CVL"
			}
			if m.Kind == actor.Role && lx.is("unidentified_roles", toks[m.End-1].Lower) {
				// "gunmen", "a suicide bomber": an actor the text does not
				// identify is no one's, whatever country the sentence names
				i = m.End
				mi++
				continue
			}
			if m.Kind == actor.Role && m.Start > 0 && toks[m.Start].Norm != toks[m.Start].Lower && toks[m.Start-1].Tag == "NNP" &&
				(m.Start-1 > 0 || toks[m.Start-1].Norm != "The") && !c.startsWithActor(ms, m.Start-1) {
				// "the Galaxy Leader", "Liberation Army": a role word inside a name
				i = m.End
				mi++
				continue
			}
			if m.Kind == actor.Role && m.Start > 0 && lx.is("regional_adjectives", toks[m.Start-1].Lower) && s.tokAct[m.Start-1] < 0 {
				// "seven Latin American governments", "Western leaders": no one state
				i = m.End
				mi++
				continue
			}
			if m.Kind == actor.Role {
				a.person = lx.is("person_nouns", toks[m.End-1].Lower)
				if c.roleIsModifier(s, m) {
					i = m.End
					mi++
					continue
				}
				if !c.fillRole(s, &a, mem, ms) {
					i = m.End
					mi++
					continue
				}
			}
			if m.Kind == actor.Collective {
				// "the two Koreas", "the Baltic states' armed forces": one
				// actor per member, on the same words
				for _, mc := range m.Members {
					b := a
					b.country, b.code = mc, mc+m.Role
					c.addAct(s, b)
				}
				if subjectIdx < 0 && i < firstVerb && len(m.Members) > 0 {
					subjectIdx = len(s.acts) - len(m.Members)
				}
				i = m.End
				mi++
				continue
			}
			if a.country != "" {
				c.addAct(s, a)
				if subjectIdx < 0 && i < firstVerb && !a.person && !a.place() {
					subjectIdx = len(s.acts) - 1
				}
			}
			i = m.End
			mi++
			continue
		}
		low := toks[i].Lower
		t := &toks[i]
		switch {
		case (t.Tag == "PRP" || t.Tag == "PRP$") && lx.is("pronouns_it", low):
			if c.expletiveIt(s, i) {
				break // "it is important to ...", "it was clear that ..."
			}
			ref, ok := c.speakerBefore(s, i)
			if !ok && t.Tag == "PRP" {
				ref, ok = c.objectPronoun(s, i, subjectIdx, mem)
			}
			if !ok {
				ref, ok = c.pronounIt(s, subjectIdx, mem)
			}
			if ok {
				ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+1, t.Start, t.End, true
				c.addAct(s, ref)
			}
		case (t.Tag == "PRP" || t.Tag == "PRP$") && lx.is("pronouns_they", low):
			refs := c.compoundSubject(s, subjectIdx, firstVerb, i)
			if len(refs) < 2 {
				refs = c.coordinatedBefore(s)
			}
			if len(refs) > 1 {
				// "Seoul and Washington said they would": both
				for _, ref := range refs {
					ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+1, t.Start, t.End, true
					c.addAct(s, ref)
				}
			} else if ref, ok := c.pronounThey(s, subjectIdx, mem); ok {
				ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+1, t.Start, t.End, true
				c.addAct(s, ref)
			}
		case (t.Tag == "PRP" || t.Tag == "PRP$") && lx.is("pronouns_person", low):
			ref, ok := c.personSpeaker(s, i)
			if !ok {
				ref, ok = c.pronounPerson(s, mem)
			}
			if ok {
				ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+1, t.Start, t.End, true
				c.addAct(s, ref)
			}
		case low == "both" && i+1 < n && (toks[i+1].Lower == "to" || toks[i+1].Tag == "MD" || toks[i+1].Tag == "VBD" || toks[i+1].Tag == "VBP") &&
			s.tokAct[i] < 0:
			// "urged both to cease fire": the pair the sentence named, else
			// the article's last pair
			pair, ok := c.sentencePair(s)
			if !ok && mem.hasDyad {
				pair, ok = mem.dyad, true
			}
			if ok {
				for _, r := range pair {
					r.start, r.end, r.bstart, r.bend, r.pron = i, i+1, t.Start, t.End, true
					c.addAct(s, r)
				}
			}
		case low == "the" && i+2 < n && (toks[i+1].Lower == "two" || toks[i+1].Lower == "both") && lx.is("country_nouns", toks[i+2].Lower) &&
			strings.HasSuffix(toks[i+2].Lower, "s"),
			low == "both" && i+1 < n && lx.is("country_nouns", toks[i+1].Lower) && strings.HasSuffix(toks[i+1].Lower, "s"):
			// "the two countries", "both sides": the pair the sentence
			// named, else the article's last pair
			end := i + 3
			if low == "both" {
				end = i + 2
			}
			pair, ok := c.sentencePair(s)
			if !ok && mem.hasDyad {
				pair, ok = mem.dyad, true
			}
			if ok {
				for _, r := range pair {
					r.start, r.end, r.bstart, r.bend, r.pron = i, end, t.Start, toks[end-1].End, true
					c.addAct(s, r)
				}
				i = end
				continue
			}
		case (low == "the" || low == "all") && i+2 < n && countWord(toks[i+1].Lower) >= 3 && s.tokAct[i+1] < 0:
			// "the three Gulf states", "all four countries": the last list
			// of that many states the article named
			end := i + 2
			for end < n && (toks[end].Tag == "JJ" || toks[end].Tag == "NNP") && s.tokAct[end] < 0 {
				end++
			}
			if end < n && lx.is("country_nouns", toks[end].Lower) && strings.HasSuffix(toks[end].Lower, "s") && s.tokAct[end] < 0 {
				if list, ok := c.listOf(s, mem, countWord(toks[i+1].Lower)); ok {
					for _, r := range list {
						r.start, r.end, r.bstart, r.bend, r.pron = i, end+1, t.Start, toks[end].End, true
						c.addAct(s, r)
					}
					if subjectIdx < 0 && i < firstVerb {
						subjectIdx = len(s.acts) - len(list)
					}
					i = end + 1
					continue
				}
			}
			i++
			continue
		case low == "the" && i+1 < n && lx.is("group_nouns", toks[i+1].Lower) && toks[i+1].Tag == "NN" &&
			(i+2 >= n || !isNounTag(toks[i+2].Tag) || toks[i+2].Tag == "POS") && s.tokAct[i+1] < 0:
			// "the group", "the militia": the armed group named last
			if ref, ok := c.groupNoun(s, mem); ok {
				ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+2, t.Start, toks[i+1].End, true
				c.addAct(s, ref)
				i += 2
				continue
			}
		case low == "the" && i+1 < n && lx.is("country_nouns", toks[i+1].Lower) && (toks[i+1].Tag == "NN" || toks[i+1].Tag == "NNP") &&
			(i+2 >= n || !isNounTag(toks[i+2].Tag) || toks[i+2].Tag == "POS"):
			// "the country", "the island", "the regime" (not "the state media")
			if ref, ok := c.countryNoun(s, mem, i); ok {
				ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+2, t.Start, toks[i+1].End, true
				c.addAct(s, ref)
				i += 2
				continue
			}
		case low == "the" && i+2 < n && toks[i+1].Tag == "JJ" && s.tokAct[i+1] < 0 && lx.is("country_nouns", toks[i+2].Lower) && toks[i+2].Tag == "NN" &&
			(i+3 >= n || !isNounTag(toks[i+3].Tag) || toks[i+3].Tag == "POS"):
			// "the reclusive country", "the isolated state"
			if ref, ok := c.countryNoun(s, mem, i); ok {
				ref.start, ref.end, ref.bstart, ref.bend, ref.pron = i, i+3, t.Start, toks[i+2].End, true
				c.addAct(s, ref)
				i += 3
				continue
			}
		}
		i++
	}
}

// countWord returns the number a count word or numeral names ("four",
// "4"), or 0.
func countWord(w string) int {
	if n := slices.Index([]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve"}, w); n >= 0 {
		return n
	}
	if len(w) <= 2 {
		if n, err := strconv.Atoi(w); err == nil {
			return n
		}
	}
	return 0
}

// listOf returns the states of the latest list of exactly n states named
// together, in this sentence before or in the article.
func (c *Coder) listOf(s *sentState, mem *memory, n int) ([]actRef, bool) {
	if l := c.stateLists(s); len(l) > 0 {
		for k := len(l) - 1; k >= 0; k-- {
			if len(l[k]) == n {
				return l[k], true
			}
		}
	}
	for k := len(mem.lists) - 1; k >= 0; k-- {
		if len(mem.lists[k]) == n {
			return mem.lists[k], true
		}
	}
	return nil, false
}

// stateLists returns the lists of three or more distinct states the
// sentence coordinates ("A, B, C and D"), each member as its state.
func (c *Coder) stateLists(s *sentState) [][]actRef {
	var out [][]actRef
	var cur []actRef
	flush := func() {
		if len(cur) >= 3 {
			out = append(out, cur)
		}
		cur = nil
	}
	for k := range s.acts {
		a := s.acts[k]
		if a.pron || a.person || a.place() || !isStateKind(a.kind) || isIGO(a.country) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			ok := a.start > prev.end
			for j := prev.end; j < a.start && ok; j++ {
				if w := s.toks[j].Lower; w != "and" && w != "," && s.toks[j].Tag != "DT" {
					ok = false
				}
			}
			if a.start == prev.start {
				continue // one mention, several actors
			}
			if !ok {
				flush()
			}
		}
		dup := false
		for _, b := range cur {
			dup = dup || b.country == a.country
		}
		if dup {
			flush()
		}
		a.code, a.role = a.country, ""
		cur = append(cur, a)
	}
	flush()
	return out
}

// datelineEnd returns the token index after a dateline that opens the
// sentence ("SEOUL, June 17 --", "DUBAI/DOHA, June 5 (Reuters) -",
// "Pyongyang, August 22 (KCNA) --"), or 0: the cities there are where the
// story was filed, not actors.
func (c *Coder) datelineEnd(s *sentState) int {
	toks := s.toks
	if len(toks) < 4 || toks[0].Tag != "NNP" {
		return 0
	}
	for i := 1; i < len(toks) && i < 14; i++ {
		t := &toks[i]
		if isVerbTag(t.Tag) && t.Tag != "VBN" {
			return 0
		}
		if t.Norm == "-" || t.Norm == "--" || t.Norm == "—" || t.Norm == "–" {
			// a month or a news agency's parenthesis before the dash
			for j := 1; j < i; j++ {
				if toks[j].Norm == "(" || c.lx.is("calendar_names", toks[j].Lower) {
					return i + 1
				}
			}
			return 0
		}
	}
	return 0
}

func (c *Coder) addAct(s *sentState, a actRef) {
	s.acts = append(s.acts, a)
	for k := a.start; k < a.end && k < len(s.tokAct); k++ {
		if prev := s.tokAct[k]; prev >= 0 && s.acts[prev].start == a.start && s.acts[prev].end == a.end {
			continue // a second actor on the same words ("the two countries"): keep the first
		}
		s.tokAct[k] = len(s.acts) - 1
	}
}

// startsWithActor reports whether token i is inside an actor mention.
func (c *Coder) startsWithActor(ms []actor.Mention, i int) bool {
	for k := range ms {
		if ms[k].Start <= i && i < ms[k].End {
			return true
		}
	}
	return false
}

// roleIsModifier reports a role word used as a noun modifier: "the
// military agreement", "Armed Forces Day", "military-to-military".
func (c *Coder) roleIsModifier(s *sentState, m *actor.Mention) bool {
	j := m.End
	if j < len(s.toks) {
		nt := &s.toks[j]
		if (nt.Tag == "NN" || nt.Tag == "NNS" || nt.Tag == "NNP" || nt.Tag == "NNPS" || nt.Tag == "HYPH") &&
			!c.lx.is("person_nouns", nt.Lower) && !c.lx.is("role_heads", nt.Lower) {
			return true
		}
		if nt.Tag == "JJ" && j+1 < len(s.toks) && isNounTag(s.toks[j+1].Tag) {
			return true
		}
	}
	// one token holding several words: "military-to-military"
	return m.End-m.Start == 1 && m.ByteEnd-m.ByteStart < s.toks[m.Start].End-s.toks[m.Start].Start
}

// fillRole gives a role-only mention the country the context implies:
// a possessive pronoun before it ("its troops"), else the nearest actor
// before it in the sentence, else the article's focus.
func (c *Coder) fillRole(s *sentState, a *actRef, mem *memory, ms []actor.Mention) bool {
	var from *actRef
	// "its troops", "their forces": the pronoun's referent, resolved just
	// before; "ECOWAS defence ministers", "NATO troops": the organisation
	if len(s.acts) > 0 && s.acts[len(s.acts)-1].end == a.start && a.start > 0 && s.toks[a.start-1].Tag == "PRP$" {
		from = &s.acts[len(s.acts)-1]
	}
	if from == nil && len(s.acts) > 0 && isIGO(s.acts[len(s.acts)-1].country) {
		gap := true
		for k := s.acts[len(s.acts)-1].end; k < a.start; k++ {
			if t := s.toks[k].Tag; t != "NN" && t != "JJ" && t != "NNP" {
				gap = false
			}
		}
		if gap && a.start-s.acts[len(s.acts)-1].end <= 2 {
			from = &s.acts[len(s.acts)-1]
		}
	}
	// "rebel positions in Yemen", "the army of Syria": the place named after it
	if from == nil && a.end+1 < len(s.toks) {
		if w := s.toks[a.end].Lower; w == "in" || w == "of" || w == "inside" || w == "from" {
			for i := range ms {
				// "in X", "in the X", "in neighbouring X"
				gap := ms[i].Start - (a.end + 1)
				if gap >= 0 && gap <= 2 && ms[i].Start < len(s.toks) && allModifiers(s.toks[a.end+1:ms[i].Start]) {
					if ms[i].Country != "" && ms[i].Kind != actor.Person {
						f := actRef{country: ms[i].Country}
						from = &f
					}
					break
				}
			}
		}
	}
	// the nearest state named before it in the sentence
	if from == nil {
		for k := len(s.acts) - 1; k >= 0; k-- {
			if s.acts[k].country != "" && !isIGO(s.acts[k].country) {
				from = &s.acts[k]
				break
			}
		}
	}
	// the place the sentence names later: "protesters marched through
	// Tbilisi", "police in riot gear detained ten activists in Minsk"
	if from == nil {
		for i := range ms {
			m := &ms[i]
			if m.Start <= a.end || m.Country == "" || isIGO(m.Country) || m.Kind == actor.Person || m.Kind == actor.Role {
				continue
			}
			j := m.Start - 1
			for j > a.end && (s.toks[j].Tag == "DT" || s.toks[j].Tag == "JJ") {
				j--
			}
			if c.lx.is("place_preps", s.toks[j].Lower) {
				f := actRef{country: m.Country}
				from = &f
				break
			}
		}
	}
	// the one state the sentence names: "Soldiers detained Niger's president"
	if from == nil {
		one := ""
		for i := range ms {
			if c := ms[i].Country; c != "" && !isIGO(c) && ms[i].Kind != actor.Role {
				if one != "" && one != c {
					one = "-"
					break
				}
				one = c
			}
		}
		if one != "" && one != "-" {
			f := actRef{country: one}
			from = &f
		}
	}
	// police, protesters, courts, parliaments: the country the article is
	// about; a government or an army: the article's focus
	if from == nil && (nonState(a.role) || a.role == "COP" || a.role == "JUD" || a.role == "LEG") {
		if mc, ok := mem.mainCountry(); ok {
			f := actRef{country: mc}
			from = &f
		} else if mem.lastState != "" {
			f := actRef{country: mem.lastState} // the state the story was just about
			from = &f
		}
	}
	if from == nil && mem.hasFocus {
		from = &mem.focus
	}
	if from == nil && mem.hasCountry {
		from = &mem.lastCountry
	}
	if from == nil || from.country == "" {
		return false
	}
	a.country = from.country
	if isIGO(from.country) {
		a.code = from.country
	} else {
		a.code = from.country + a.role
	}
	a.filled = true
	return true
}

// allModifiers reports determiners and adjectives only.
func allModifiers(toks []text.Token) bool {
	for i := range toks {
		switch toks[i].Tag {
		case "DT", "JJ", "VBG", "VBN", "PRP$":
		default:
			return false
		}
	}
	return true
}

func isIGO(country string) bool { return len(country) > 3 && country[:3] == "IGO" }

// pronounIt resolves "it", "its": the sentence's subject when it came
// before, else the nearest state-level actor before, else the focus.
// expletiveIt reports "it" as the empty subject of a judgement: "it is
// important to", "it was clear that", "it is time for".
func (c *Coder) expletiveIt(s *sentState, i int) bool {
	toks := s.toks
	if toks[i].Lower != "it" || i+3 >= len(toks) || !c.lx.is("be", toks[i+1].Lower) {
		return false
	}
	j := i + 2
	for j < len(toks) && (toks[j].Tag == "RB" || toks[j].Tag == "RBR" || toks[j].Tag == "RBS") {
		j++ // "it is very important"
	}
	if j+1 >= len(toks) || !c.lx.is("expletive_adjectives", toks[j].Lower) {
		return false // "it was ready to accept": the state is ready
	}
	switch toks[j+1].Lower {
	case "to", "that", "for":
		return true
	}
	return false
}

// objectPronoun resolves "it" as the object of a verb ("cut ties with
// Qatar ..., accusing it of"): not the sentence's subject, which would be
// "itself", but the last other state named before it.
func (c *Coder) objectPronoun(s *sentState, i, subjectIdx int, mem *memory) (actRef, bool) {
	if subjectIdx < 0 || i < 1 || !strings.HasPrefix(s.toks[i-1].Tag, "VB") || c.lx.is("be", s.toks[i-1].Lower) {
		return actRef{}, false
	}
	for _, e := range c.lx.verbs[s.toks[i-1].Lower] {
		if e.report && len(e.particle) == 0 {
			return actRef{}, false // "saying it had violated": a clause's subject, anyone's
		}
	}
	// the subject's states: those named before its verb
	subj := map[string]bool{}
	for _, a := range s.acts {
		if a.start > s.acts[subjectIdx].end+8 || a.pron {
			break
		}
		if a.start <= s.acts[subjectIdx].end+8 && !c.verbBetween(s, s.acts[subjectIdx].end, a.start) {
			subj[a.country] = true
		}
	}
	for k := len(s.acts) - 1; k >= 0; k-- {
		a := s.acts[k]
		if a.pron || a.person || a.place() || !isStateKind(a.kind) || subj[a.country] {
			continue
		}
		return a, true
	}
	// "North Korea launched a missile. Japan called it a violent act":
	// the act of force reported last by another state than the subject's
	for k := len(mem.forces) - 1; k >= 0; k-- {
		if a := mem.forces[k]; a.valid() && !subj[a.country] {
			return a, true
		}
	}
	return actRef{}, false
}

// verbBetween reports a finite verb among tokens [a, b).
func (c *Coder) verbBetween(s *sentState, a, b int) bool {
	for i := a; i < b && i < len(s.toks); i++ {
		if t := s.toks[i].Tag; t == "VBD" || t == "VBZ" || t == "VBP" || t == "MD" {
			return true
		}
	}
	return false
}

// speakerBefore returns the state that is the subject of a verb of saying
// or intending right before token i ("Minsk promised that it would",
// "Armenia said its troops"): the pronoun opening the reported clause is
// the speaker, whoever the sentence named first.
func (c *Coder) speakerBefore(s *sentState, i int) (actRef, bool) {
	j := i - 1
	for j >= 0 && (s.toks[j].Lower == "that" || s.toks[j].Tag == "RB") {
		j--
	}
	if j < 1 || s.toks[j].Tag != "VBD" && s.toks[j].Tag != "VBZ" && s.toks[j].Tag != "VBP" {
		return actRef{}, false
	}
	say := false
	for _, e := range c.lx.verbs[s.toks[j].Lower] {
		if len(e.particle) == 0 && (e.report || e.xcomp == kContent || e.xcomp == kIntent) {
			say = true
		}
	}
	if !say {
		return actRef{}, false
	}
	j--
	for j >= 0 && s.toks[j].Tag == "RB" {
		j--
	}
	// "Germany, which said it would halt exports": the relative pronoun's
	// antecedent
	if j >= 2 && (s.toks[j].Lower == "which" || s.toks[j].Lower == "who") && s.toks[j-1].Norm == "," {
		j -= 2
		if s.tokAct[j] >= 0 && s.acts[s.tokAct[j]].end == j+1 && !s.acts[s.tokAct[j]].person && isStateKind(s.acts[s.tokAct[j]].kind) {
			return s.acts[s.tokAct[j]], true
		}
		return actRef{}, false
	}
	if j < 0 || s.tokAct[j] < 0 {
		return actRef{}, false
	}
	a := s.acts[s.tokAct[j]]
	if a.end != j+1 || a.person || a.place() || !isStateKind(a.kind) {
		return actRef{}, false
	}
	if k := a.start - 1; k >= 0 && (s.toks[k].Tag == "IN" && !c.lx.is("subordinators", s.toks[k].Lower) || s.toks[k].Tag == "TO" || s.toks[k].Tag == "VBG" || s.toks[k].Tag == "VBN") {
		return actRef{}, false // "the coalition fighting in Yemen said it": not the subject
	}
	return a, true
}

// personSpeaker returns the person who is the subject of a verb of
// saying whose clause "he"/"she" opens: "Putin told Trump in a phone call
// that he would order a pause" — he is Putin, the speaker, not the last
// person named.
func (c *Coder) personSpeaker(s *sentState, i int) (actRef, bool) {
	if i < 1 || s.toks[i-1].Lower != "that" || s.toks[i].Tag != "PRP" {
		return actRef{}, false
	}
	for j := i - 2; j >= 1 && j > i-14; j-- {
		t := &s.toks[j]
		if t.Norm == ";" || t.Lower == "that" {
			return actRef{}, false
		}
		if t.Tag != "VBD" && t.Tag != "VBZ" && t.Tag != "VBP" {
			continue
		}
		say := false
		for _, e := range c.lx.verbs[t.Lower] {
			if len(e.particle) == 0 && (e.report || e.xcomp == kContent || e.xcomp == kIntent) {
				say = true
			}
		}
		if !say || s.tokAct[j-1] < 0 {
			return actRef{}, false
		}
		a := s.acts[s.tokAct[j-1]]
		if a.end != j || !a.person {
			return actRef{}, false
		}
		return a, true
	}
	return actRef{}, false
}

func (c *Coder) pronounIt(s *sentState, subjectIdx int, mem *memory) (actRef, bool) {
	if subjectIdx >= 0 {
		return s.acts[subjectIdx], true
	}
	for k := len(s.acts) - 1; k >= 0; k-- {
		if s.acts[k].place() {
			continue
		}
		if !s.acts[k].person && s.acts[k].role == "" || isStateKind(s.acts[k].kind) && !s.acts[k].person {
			return s.acts[k], true
		}
	}
	if mem.hasFocus && !mem.focus.person {
		return mem.focus, true
	}
	if mem.hasCountry {
		return mem.lastCountry, true
	}
	return actRef{}, false
}

// pronounThey resolves "they", "their": a plural role mention before it
// ("North Korean soldiers"), else the subject, else the focus.
func (c *Coder) pronounThey(s *sentState, subjectIdx int, mem *memory) (actRef, bool) {
	for k := len(s.acts) - 1; k >= 0; k-- {
		if s.acts[k].kind == actor.Role || s.acts[k].kind == actor.Demonym || s.acts[k].kind == actor.Group {
			return s.acts[k], true
		}
	}
	if subjectIdx >= 0 {
		return s.acts[subjectIdx], true
	}
	if mem.hasFocus {
		return mem.focus, true
	}
	return actRef{}, false
}

// compoundSubject returns the states coordinated as the sentence's first
// subject ("Seoul and Washington said they ..."), when the pronoun at i
// comes after that subject's verb.
func (c *Coder) compoundSubject(s *sentState, subjectIdx, firstVerb, i int) []actRef {
	if subjectIdx < 0 || i <= firstVerb {
		return nil
	}
	out := []actRef{s.acts[subjectIdx]}
	last := s.acts[subjectIdx].end
	for k := subjectIdx + 1; k < len(s.acts); k++ {
		a := s.acts[k]
		if a.start >= firstVerb || a.person || !isStateKind(a.kind) {
			break
		}
		if p := s.acts[k-1]; a.start == p.start && a.end == p.end {
			// one mention, several states ("all four countries", "the two Koreas")
			out = append(out, a)
			continue
		}
		// joined by "and" or a comma only
		ok := a.start > last
		for j := last; j < a.start; j++ {
			if w := s.toks[j].Lower; w != "and" && w != "," && s.toks[j].Tag != "DT" {
				ok = false
			}
		}
		if !ok {
			break
		}
		out = append(out, a)
		last = a.end
	}
	return out
}

// sentencePair returns the two states the sentence coordinated before
// ("Armenia and Azerbaijan agreed ..., but both sides ...").
func (c *Coder) sentencePair(s *sentState) ([2]actRef, bool) {
	for k := len(s.acts) - 1; k >= 1; k-- {
		a, b := s.acts[k-1], s.acts[k]
		if a.pron || b.pron || a.person || b.person || a.place() || b.place() || !isStateKind(a.kind) || !isStateKind(b.kind) ||
			a.country == b.country || b.start != a.end+1 || s.toks[a.end].Lower != "and" {
			continue
		}
		a.code, a.role, b.code, b.role = a.country, "", b.country, ""
		return [2]actRef{a, b}, true
	}
	return [2]actRef{}, false
}

// coordinatedBefore returns the states coordinated as the last actors
// before a plural pronoun: "diplomats from A and B, after their
// governments ...".
func (c *Coder) coordinatedBefore(s *sentState) []actRef {
	var out []actRef
	next := -1
	for k := len(s.acts) - 1; k >= 0; k-- {
		a := s.acts[k]
		if a.pron || a.person || a.place() || !isStateKind(a.kind) {
			break
		}
		if next >= 0 {
			ok := a.end < next
			for j := a.end; j < next; j++ {
				if w := s.toks[j].Lower; w != "and" && w != "," && s.toks[j].Tag != "DT" {
					ok = false
				}
			}
			if !ok {
				break
			}
		}
		out = append(out, a)
		next = a.start
	}
	slices.Reverse(out)
	return out
}

// pronounPerson resolves "he", "him", "his": the nearest person before.
func (c *Coder) pronounPerson(s *sentState, mem *memory) (actRef, bool) {
	for k := len(s.acts) - 1; k >= 0; k-- {
		a := &s.acts[k]
		if a.person || c.lx.is("person_nouns", s.toks[a.end-1].Lower) {
			return *a, true
		}
	}
	// "Trump spoke by phone with Moon and Abe. ... he told reporters": the
	// subject goes on being talked about, not the last person named
	if mem.hasFocusPerson {
		return mem.focusPerson, true
	}
	if mem.hasPerson {
		return mem.lastPerson, true
	}
	return actRef{}, false
}

// countryNoun resolves "the country", "the island": the nearest
// state-level actor before it, else the last one of the article.
// groupNoun resolves "the group": the armed group named last in the
// sentence, else in the article.
func (c *Coder) groupNoun(s *sentState, mem *memory) (actRef, bool) {
	for k := len(s.acts) - 1; k >= 0; k-- {
		if a := &s.acts[k]; armedGroup(a) {
			return *a, true
		}
	}
	if mem.hasGroup {
		return mem.lastGroup, true
	}
	return actRef{}, false
}

func (c *Coder) countryNoun(s *sentState, mem *memory, i int) (actRef, bool) {
	// as a verb's object ("Washington put the reclusive country back on
	// its list") it is not the subject's country
	excl := ""
	if i > 0 && strings.HasPrefix(s.toks[i-1].Tag, "VB") && !c.lx.is("be", s.toks[i-1].Lower) {
		for k := range s.acts {
			if a := &s.acts[k]; a.end <= i-1 && !a.pron && !c.verbBetween(s, a.end, i-1) {
				excl = a.country
				break
			}
		}
	}
	if excl == "" {
		// "US bombers struck three of the country's nuclear sites": not the
		// subject of the verb it follows
		for j := i - 1; j >= 1 && j > i-8; j-- {
			t := &s.toks[j]
			if t.Norm == "," || t.Norm == ";" || t.Tag == "CC" {
				break
			}
			if t.Tag == "VBD" || t.Tag == "VBZ" || t.Tag == "VBP" {
				if a := s.tokAct[j-1]; a >= 0 && !s.acts[a].pron && !c.lx.is("be", t.Lower) {
					excl = s.acts[a].country
				}
				break
			}
		}
	}
	if excl != "" {
		// the country the article is about, before any other named
		if mc, ok := mem.mainCountry(); ok && mc != excl {
			return actRef{code: mc, country: mc, kind: actor.Country}, true
		}
	}
	for k := len(s.acts) - 1; k >= 0; k-- {
		a := &s.acts[k]
		if (a.kind == actor.Country || a.kind == actor.Metonym) && !isIGO(a.country) && !a.pron && a.country != excl {
			r := *a
			r.code, r.role = a.country, ""
			return r, true
		}
	}
	if mem.hasCountry && mem.lastCountry.country != excl {
		return mem.lastCountry, true
	}
	// "after the Security Council slapped sanctions on the country", the
	// article's first words: the state of anyone the sentence names
	for k := len(s.acts) - 1; k >= 0; k-- {
		if a := &s.acts[k]; !a.pron && a.country != "" && !isIGO(a.country) && a.country != excl && !a.place() {
			return actRef{code: a.country, country: a.country, kind: actor.Country}, true
		}
	}
	if mem.hasFocus && !mem.focus.person && mem.focus.country != excl && mem.focus.country != "" && !isIGO(mem.focus.country) {
		r := mem.focus
		r.code, r.role = r.country, ""
		return r, true
	}
	return actRef{}, false
}

// agreementParties returns the parties an agreement noun phrase names:
// the actors inside it ("North Korea's agreement") and after "with" or
// "between" ("the treaty with Russia").
func (c *Coder) agreementParties(s *sentState, k int, out []actRef) []actRef {
	ch := &s.chunks[k]
	for a := ch.act0; a < ch.act1; a++ {
		if !hasActor(out, s.acts[a]) {
			out = append(out, s.acts[a])
		}
	}
	if k+2 < len(s.chunks) && s.chunks[k+1].kind == cPrep {
		if w := s.toks[s.chunks[k+1].head].Lower; w == "with" || w == "between" {
			for _, g := range c.npGroup(s, k+2, len(s.chunks)) {
				gc := &s.chunks[g]
				for a := gc.act0; a < gc.act1; a++ {
					if !hasActor(out, s.acts[a]) {
						out = append(out, s.acts[a])
					}
				}
			}
		}
	}
	return out
}

// rememberAgreements records the parties of agreements named in the
// sentence. A mention naming fewer parties than the one remembered, all of
// them among its parties ("the agreement with Russia" after "North Korea's
// agreement with Russia"), keeps the fuller memory.
func (c *Coder) rememberAgreements(s *sentState, mem *memory) {
	agr, ok := c.lx.classIdx["agreement"]
	if !ok {
		return
	}
	for k := range s.chunks {
		ch := &s.chunks[k]
		if ch.kind != cNP || ch.pron {
			continue
		}
		low := s.toks[ch.head].Lower
		if !c.lx.classesOf(low, nil).has(agr) {
			continue
		}
		parties := c.agreementParties(s, k, nil)
		if len(parties) == 0 {
			continue
		}
		covered := len(mem.agreement) > len(parties)
		for _, p := range parties {
			if !c.sameActor(p, mem.agreement) {
				covered = false
			}
		}
		if !covered {
			mem.agreement = append(mem.agreement[:0], parties...)
		}
	}
}

// remember updates the article memory after a sentence.
func (c *Coder) remember(s *sentState, mem *memory) {
	c.rememberAgreements(s, mem)
	if l := c.stateLists(s); len(l) > 0 {
		mem.lists = append(mem.lists, l...)
		if len(mem.lists) > 8 {
			mem.lists = mem.lists[len(mem.lists)-8:]
		}
	}
	for k := range s.acts {
		a := &s.acts[k]
		if a.pron {
			continue
		}
		if a.person {
			mem.lastPerson, mem.hasPerson = *a, true
		}
		if armedGroup(a) {
			mem.lastGroup, mem.hasGroup = *a, true
		}
		if (a.kind == actor.Country || a.kind == actor.Metonym || a.kind == actor.Demonym) && !isIGO(a.country) {
			r := *a
			r.code, r.role = a.country, ""
			mem.lastCountry, mem.hasCountry = r, true
		}
		if a.country != "" && !isIGO(a.country) && !a.filled && !a.place() {
			if mem.named == nil {
				mem.named = map[string]int{}
			}
			mem.named[a.country]++
			mem.lastState = a.country
		}
	}
	// the focus: subject of the first main clause with an actor subject
	for i := range s.preds {
		p := &s.preds[i]
		if p.rel != relMain || p.subj1 <= p.subj0 {
			continue
		}
		for k := p.subj0; k < p.subj1; k++ {
			ch := &s.chunks[k]
			if ch.kind == cNP && ch.headActor >= 0 {
				a := s.acts[ch.headActor]
				if !a.person {
					mem.focus, mem.hasFocus = a, true
				} else if a.country != "" {
					r := a
					r.code, r.role, r.person = a.country, "", false
					mem.focus, mem.hasFocus = r, true
					if !a.pron {
						mem.focusPerson, mem.hasFocusPerson = a, true
					}
				}
				return
			}
		}
	}
}

// tokensOf is a helper for tests and debugging: the words of a span.
func tokensOf(toks []text.Token, a, b int) string {
	out := ""
	for i := a; i < b && i < len(toks); i++ {
		if i > a {
			out += " "
		}
		out += toks[i].Norm
	}
	return out
}
