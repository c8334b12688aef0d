package actor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// builder turns parsed files into a KB.
type builder struct {
	kb *KB
}

func build(sets []*rawKB) (*KB, error) {
	kb := &KB{
		root:          &node{},
		ctxID:         map[string]int{},
		ctxCountries:  map[string][]int{},
		countryName:   map[string]string{},
		proper:        map[string]string{},
		capitalised:   map[string]bool{},
		funcWords:     map[string]bool{},
		nameWords:     map[string]bool{},
		modifiers:     map[string]bool{},
		tails:         map[string]bool{},
		attached:      map[string]bool{},
		ranks:         map[string]bool{},
		prefixBlock:   map[string]bool{},
		hyphenKeep:    map[string]bool{},
		hyphenDrop:    map[string]bool{},
		hyphenCountry: map[string]bool{},
		hyphenState:   map[string]bool{},
		placeTails:    map[string]bool{},
		placeCues:     map[string]bool{},
		common:        map[string]bool{},
		particles:     map[string]bool{},
		notNames:      map[string]bool{},
		adjRoles:      map[string]bool{},
		conditions:    map[string][2][]string{},
	}
	b := &builder{kb: kb}

	// Word lists and contexts first: every name built later depends on them.
	for _, s := range sets {
		addWords(kb.capitalised, s.look.Capitalised)
		addWords(kb.funcWords, s.look.FunctionWords)
		addWords(kb.nameWords, s.look.NameWords)
		addWords(kb.prefixBlock, s.look.PrefixBlocks)
		addWords(kb.hyphenKeep, s.look.HyphenKeep)
		addWords(kb.hyphenDrop, s.look.HyphenDrop)
		addWords(kb.hyphenCountry, s.look.HyphenCountry)
		addWords(kb.hyphenState, s.look.HyphenState)
		addWords(kb.placeTails, s.look.PlaceTails)
		addWords(kb.placeCues, s.look.PlaceCues)
		addWords(kb.common, s.look.CommonSurname)
		addWords(kb.particles, s.look.NameParticles)
		addWords(kb.notNames, s.look.NotNames)
		addWords(kb.adjRoles, s.look.AdjRoles)
		addWords(kb.modifiers, s.roles.Modifiers)
		addWords(kb.tails, s.roles.Tails)
		addWords(kb.attached, s.roles.Attached)
		addWords(kb.ranks, s.roles.Ranks)
	}
	for _, s := range sets {
		for _, c := range s.contexts {
			if _, ok := kb.ctxID[c.Name]; !ok {
				kb.ctxID[c.Name] = len(kb.contexts)
				kb.contexts = append(kb.contexts, c.Name)
			}
		}
	}
	for _, s := range sets {
		for _, c := range s.look.Conditions {
			if c.Name == "" {
				return nil, fmt.Errorf("actor: %s: a condition needs name:", s.look.src)
			}
			if _, err := b.ctxIDs(c.Only, s.look.src); err != nil {
				return nil, err
			}
			if _, err := b.ctxIDs(c.Unless, s.look.src); err != nil {
				return nil, err
			}
			k := foldPhrase(c.Name)
			if _, dup := kb.conditions[k]; !dup { // the user's condition wins
				kb.conditions[k] = [2][]string{c.Only, c.Unless}
			}
		}
	}
	// Country names, for mentions' canonical names.
	for _, s := range sets {
		for _, c := range s.countries {
			if _, ok := kb.countryName[c.code]; !ok {
				kb.countryName[c.code] = c.name
			}
		}
		for _, e := range s.igos {
			if _, ok := kb.countryName[e.Code]; !ok {
				kb.countryName[e.Code] = firstNonEmpty(e.Name, e.Names[0])
			}
		}
	}

	// Look-alikes that must never resolve come first in every trie node.
	for _, s := range sets {
		for _, name := range s.look.NotActors {
			b.insert(name, &entry{block: true, name: name, rule: "not an actor: " + strconv.Quote(name), src: s.look.src})
			kb.stats.Blocked++
		}
	}
	for _, s := range sets {
		for _, c := range s.contexts {
			id := kb.ctxID[c.Name]
			for _, code := range c.Countries {
				if !containsInt(kb.ctxCountries[code], id) {
					kb.ctxCountries[code] = append(kb.ctxCountries[code], id)
				}
			}
			for _, ph := range c.Phrases {
				n := b.path(ph, true)
				if !containsInt(n.triggers, id) {
					n.triggers = append(n.triggers, id)
				}
			}
			for _, x := range c.Exact {
				if x != "" {
					kb.exact = append(kb.exact, exactTrigger{text: x, ctx: id})
				}
			}
		}
	}
	for _, s := range sets {
		if err := b.addSet(s); err != nil {
			return nil, err
		}
	}
	for _, s := range sets {
		if err := b.roleExtras(s); err != nil {
			return nil, err
		}
	}
	orderEntries(kb.root)
	kb.stats.Patterns = countPatterns(kb.root)
	kb.vocab = map[string]vocabEntry{}
	collectVocab(kb.root, kb.vocab)
	for _, m := range []map[string]bool{kb.funcWords, kb.modifiers, kb.tails, kb.prefixBlock, kb.hyphenKeep, kb.hyphenDrop, kb.hyphenCountry, kb.hyphenState, glueWords, kb.placeTails, kb.placeCues, kb.particles, kb.notNames} {
		for k := range m {
			for _, w := range strings.Fields(k) { // multi-word tails and cues
				if _, ok := kb.vocab[w]; !ok {
					kb.vocab[w] = vocabEntry{key: w}
				}
			}
		}
	}
	for _, k := range []string{"and", "or", "the", "of", "s"} {
		if _, ok := kb.vocab[k]; !ok {
			kb.vocab[k] = vocabEntry{key: k}
		}
	}
	kb.filter = make([]uint64, vocabFilterBits/64)
	for k := range kb.vocab {
		if k != "" {
			i := filterSlot([]byte(k))
			kb.filter[i>>6] |= 1 << (i & 63)
		}
	}
	return kb, nil
}

func (b *builder) addSet(s *rawKB) error {
	kb := b.kb
	for _, c := range s.countries {
		kb.stats.Countries++
		for i, n := range append([]string{c.name}, c.aliases...) {
			_ = i
			rule := "country name " + strconv.Quote(n)
			if err := b.named(n, &entry{kind: Country, country: c.code, name: c.name, rule: rule, src: c.src}); err != nil {
				return err
			}
		}
		for _, n := range c.demonyms {
			if err := b.named(n, &entry{kind: Demonym, country: c.code, name: c.name, rule: "demonym " + strconv.Quote(n), src: c.src}); err != nil {
				return err
			}
		}
		for _, n := range c.capitals {
			kb.stats.Metonyms++
			// A capital next to an unknown capitalised word is part of
			// another name: "Beijing Olympics", "Greater Tokyo".
			if err := b.named(n, &entry{kind: Metonym, country: c.code, role: "GOV", name: c.name, nameWord: true, place: n, rule: "metonym: capital " + strconv.Quote(n), src: c.src}); err != nil {
				return err
			}
		}
	}
	for _, c := range s.collectives {
		if err := b.collective(c); err != nil {
			return err
		}
	}
	for _, e := range s.metonyms {
		if err := b.namedList(e, Metonym, "metonym"); err != nil {
			return err
		}
		kb.stats.Metonyms++
	}
	for _, e := range s.orgs {
		if err := b.namedList(e, Organisation, "organisation"); err != nil {
			return err
		}
		kb.stats.Organisations++
	}
	for _, e := range s.igos {
		if !igoCodeRE.MatchString(e.Code) {
			return fmt.Errorf("actor: %s: IGO code %q must start with IGO (IGOUNO, IGOWSTNAT, ...)", e.src, e.Code)
		}
		if err := b.namedList(e, IGO, "IGO"); err != nil {
			return err
		}
		kb.stats.IGOs++
	}
	for _, e := range s.groups {
		if err := b.namedList(e, Group, "armed group"); err != nil {
			return err
		}
		kb.stats.Groups++
	}
	for _, p := range s.people {
		if err := b.person(p); err != nil {
			return err
		}
	}
	// Places come after people so that a surname that is also a town
	// ("Lyman") is tried as the person first; see resolver.person.
	for _, p := range s.places {
		if err := b.place(p); err != nil {
			return err
		}
	}
	titles := map[string]bool{}
	addWords(titles, s.roles.GenericTitles)
	for _, role := range sortedKeys(s.roles.Roles) {
		r := s.roles.Roles[role]
		for _, w := range r.Titles {
			// "the foreign ministry spokesperson": a title ending in a
			// generic title speaks for a state.
			fw := strings.Fields(foldPhrase(w))
			speaks := len(fw) > 1 && titles[fw[len(fw)-1]]
			b.insert(w, &entry{kind: Role, role: role, title: true, speaks: speaks, name: w, rule: "title " + strconv.Quote(w), src: s.roles.src})
			kb.stats.Roles++
		}
		for _, w := range r.Nouns {
			b.insert(w, &entry{kind: Role, role: role, name: w, rule: "role " + strconv.Quote(w), src: s.roles.src})
			kb.stats.Roles++
		}
	}
	for _, w := range s.roles.Generic {
		b.insert(w, &entry{kind: Role, role: "GOV", generic: true, title: titles[foldPhrase(w)], name: w, rule: "role " + strconv.Quote(w), src: s.roles.src})
		kb.stats.Roles++
	}
	return nil
}

// roleExtras applies a set's state_roles and register_defaults, after
// every set's role words are in the trie (a user file may extend an
// embedded word).
func (b *builder) roleExtras(s *rawKB) error {
	kb := b.kb
	for w, role := range s.roles.StateRoles {
		n := b.path(w, false)
		if n == nil || !hasRole(n) {
			return fmt.Errorf("actor: %s: state_roles: %q is not a role word of roles.yaml", s.roles.src, w)
		}
		for _, e := range n.entries {
			if e.kind == Role && e.stateRole == "" {
				e.stateRole = role
			}
		}
	}
	for _, d := range s.roles.Defaults {
		ids, err := b.ctxIDs([]string{d.Context}, s.roles.src)
		if err != nil {
			return err
		}
		if _, ok := kb.countryName[d.Country]; !ok {
			return fmt.Errorf("actor: %s: register_defaults: unknown country %s", s.roles.src, d.Country)
		}
		for _, w := range d.Words {
			n := b.path(w, false)
			if n == nil || !hasRole(n) {
				return fmt.Errorf("actor: %s: register_defaults: %q is not a role word of roles.yaml", s.roles.src, w)
			}
			for _, e := range n.entries {
				if e.kind == Role {
					e.defaults = append(e.defaults, regDefault{ctx: ids[0], country: d.Country})
				}
			}
		}
	}
	return nil
}

func hasRole(n *node) bool {
	for _, e := range n.entries {
		if e.kind == Role {
			return true
		}
	}
	return false
}

// namedList adds a metonyms/organisations/igos/groups entry.
func (b *builder) namedList(e rawNamed, kind Kind, what string) error {
	var dated []Office
	code := e.Code
	for _, s := range e.Codes {
		o, err := parseOffice(s)
		if err != nil {
			return fmt.Errorf("actor: %s: %w", e.src, err)
		}
		dated = append(dated, o)
	}
	if code == "" {
		code = dated[len(dated)-1].Code
	}
	if err := checkCode(code); err != nil {
		return fmt.Errorf("actor: %s: %w", e.src, err)
	}
	country, role := splitCode(code)
	if kind == Group && role == "" {
		role = "REB"
		code += role
	}
	name := e.Name
	if name == "" {
		if kind == Metonym || kind == Organisation {
			name = b.kb.countryName[country]
		}
		if name == "" {
			name = e.Names[0]
		}
	}
	only, err := b.ctxIDs(e.Only, e.src)
	if err != nil {
		return err
	}
	unless, err := b.ctxIDs(e.Unless, e.src)
	if err != nil {
		return err
	}
	for _, n := range e.Names {
		en := &entry{kind: kind, country: country, role: role, name: name, dated: dated, src: e.src,
			only: only, unless: unless, rule: what + " " + strconv.Quote(n)}
		if e.Place {
			en.place = e.Names[0]
		}
		if err := b.named(n, en); err != nil {
			return err
		}
	}
	return nil
}

// place adds a places.tsv line: every name, and the other spelling of an
// Arabic article ("Al Udeid" and "Al-Udeid", "Deir al-Balah" and "Deir al
// Balah").
func (b *builder) place(p rawPlace) error {
	b.kb.stats.Places++
	canon := p.names[0]
	where := "no country"
	if p.code != "" {
		where = b.kb.countryName[p.code]
		if where == "" {
			return fmt.Errorf("actor: %s: place %q: unknown country %s; use a code from countries.tsv or - for none", p.src, canon, p.code)
		}
	}
	rule := "place: " + canon + " (" + where + ")"
	seen := map[string]bool{}
	for _, n := range p.names {
		for _, v := range articleVariants(n) {
			if !seen[v] { // the same words in another case are another entry: "Crimean Peninsula", "Crimean peninsula"
				seen[v] = true
				e := &entry{kind: Place, country: p.code, name: canon, place: canon, placeKind: p.kind,
					ambiguous: p.ambiguous, nameWord: true, rule: rule, src: p.src}
				if err := b.named(v, e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// collective adds a collectives.yaml entry.
func (b *builder) collective(c rawCollective) error {
	for _, m := range c.Members {
		// A member is a state ("PRK") or a state's organ ("SDNMIL":
		// Sudan's warring parties are its army and the RSF).
		country, role := m, ""
		if len(m) == 6 {
			country, role = m[:3], m[3:]
		}
		if _, ok := b.kb.countryName[country]; !ok || !countryCodeRE.MatchString(country) || role != "" && !slices.Contains(roleCodes, role) {
			return fmt.Errorf("actor: %s: collective %q: member %q is not a country code of countries.tsv, with or without a role (%s)", c.src, firstNonEmpty(c.Name, c.Names[0]), m, strings.Join(roleCodes, ", "))
		}
	}
	only, err := b.ctxIDs(c.Only, c.src)
	if err != nil {
		return err
	}
	unless, err := b.ctxIDs(c.Unless, c.src)
	if err != nil {
		return err
	}
	b.kb.stats.Collectives++
	name := firstNonEmpty(c.Name, c.Names[0])
	rule := fmt.Sprintf("collective: %s (%s)", name, strings.Join(c.Members, ", "))
	for _, n := range c.Names {
		e := &entry{kind: Collective, name: name, members: c.Members, only: only, unless: unless, rule: rule, src: c.src}
		if err := b.named(n, e); err != nil {
			return err
		}
	}
	return nil
}

// arabicArticles are the forms of the Arabic article that transliterations
// join to the next word with a hyphen or a space.
var arabicArticles = map[string]bool{"al": true, "el": true, "ad": true, "ar": true, "as": true, "ash": true, "az": true, "an": true, "at": true, "ath": true, "ed": true, "es": true, "er": true, "ez": true}

// articleVariants returns name and, when it holds an Arabic article
// joined by "-" or " ", the same name with the other joint.
func articleVariants(name string) []string {
	out := []string{name}
	words := strings.Fields(name)
	var alt []string
	changed := false
	for _, w := range words {
		if a, rest, ok := strings.Cut(w, "-"); ok && arabicArticles[strings.ToLower(a)] && rest != "" {
			alt = append(alt, a, rest)
			changed = true
			continue
		}
		alt = append(alt, w)
	}
	if changed {
		out = append(out, strings.Join(alt, " "))
	}
	// "Al Udeid" → "Al-Udeid"
	for i := 0; i+1 < len(words); i++ {
		if arabicArticles[strings.ToLower(words[i])] {
			j := append(append(append([]string{}, words[:i]...), words[i]+"-"+words[i+1]), words[i+2:]...)
			out = append(out, strings.Join(j, " "))
			break
		}
	}
	return out
}

func (b *builder) person(p rawPerson) error {
	pe := &person{name: p.Name}
	for _, s := range p.Offices {
		o, err := parseOffice(s)
		if err != nil {
			return fmt.Errorf("actor: %s: %s: %w", p.src, p.Name, err)
		}
		pe.offices = append(pe.offices, o)
	}
	latest, _ := pe.officeAt(zeroTime)
	pe.country, _ = splitCode(latest.Code)
	// Outside every office a person is of their state: an IGO post does
	// not make Moussa Faki the AU before or after it, nor Rutte NATO.
	if strings.HasPrefix(pe.country, "IGO") {
		var states []Office
		for _, o := range pe.offices {
			if !strings.HasPrefix(o.Code, "IGO") {
				states = append(states, o)
			}
		}
		if o, ok := officeAt(states, zeroTime); ok {
			pe.country, _ = splitCode(o.Code)
		}
	}
	b.kb.stats.People++
	b.kb.stats.Offices += len(pe.offices)
	for _, n := range append([]string{p.Name}, p.Also...) {
		if err := b.named(n, &entry{kind: Person, person: pe, name: p.Name, rule: "person " + strconv.Quote(n), src: p.src}); err != nil {
			return err
		}
	}
	shorts := p.Short
	if shorts == nil { // "short: []" means none
		if f := strings.Fields(p.Name); len(f) > 1 {
			shorts = []string{f[len(f)-1]}
		}
	}
	for _, n := range shorts {
		e := &entry{kind: Person, person: pe, name: p.Name, short: true, alone: p.Alone, rule: "surname " + strconv.Quote(n), src: p.src}
		if err := b.named(n, e); err != nil {
			return err
		}
	}
	return nil
}

// named inserts a proper name: it applies look-alike conditions, marks names
// that are also personal names, and records the spelling for ProperName.
func (b *builder) named(form string, e *entry) error {
	us := cutUnits(nil, form, 0, "", foldKey)
	k := joinKeys(us)
	if k == "" {
		return fmt.Errorf("actor: %s: empty name", e.src)
	}
	if c, ok := b.kb.conditions[k]; ok {
		only, _ := b.ctxIDs(c[0], e.src)
		unless, _ := b.ctxIDs(c[1], e.src)
		e.only = append(e.only, only...)
		e.unless = append(e.unless, unless...)
	}
	if b.kb.nameWords[k] {
		e.nameWord = true
	}
	b.insertUnits(form, us, e)
	// ProperName serves outlets that print names in lower case on purpose
	// ("russia"): only names that resolve in lower case qualify, so
	// "china" and "turkey" stay common nouns.
	lowerOK := true
	for _, p := range e.pat {
		lowerOK = lowerOK && p.cr == caseAny
	}
	if lowerOK && startsUpper(form) && e.kind != Person && e.kind != Collective {
		lower := strings.ToLower(form)
		if _, ok := b.kb.proper[lower]; !ok {
			b.kb.proper[lower] = form
		}
		if _, ok := b.kb.proper[k]; !ok {
			b.kb.proper[k] = form
		}
	}
	return nil
}

// insert adds e under the units of form.
func (b *builder) insert(form string, e *entry) {
	b.insertUnits(form, cutUnits(nil, form, 0, "", foldKey), e)
}

// insertUnits adds e under us, the units of form.
func (b *builder) insertUnits(form string, us []unit, e *entry) {
	e.form = form
	e.pat = make([]patUnit, len(us))
	// A common word must be capitalised only where it carries the name
	// alone ("Turkey", "the North"); in "North Korea" or "Equatorial
	// Guinea" the other word already makes it a name.
	content := 0
	for _, u := range us {
		if u.shape.word() && !glueWords[u.key] {
			content++
		}
	}
	for i, u := range us {
		e.pat[i] = patUnit{key: u.key, cr: b.caseFor(u, form[u.start:u.end], e, content == 1)}
	}
	if e.kind == Role {
		k := joinKeys(us)
		e.attached = b.kb.attached[k]
		e.rank = b.kb.ranks[k]
	}
	n := b.kb.root
	for _, u := range us {
		n = n.child(u.key, true)
	}
	n.entries = append(n.entries, e)
}

func (b *builder) path(form string, create bool) *node {
	n := b.kb.root
	for _, u := range cutUnits(nil, form, 0, "", foldKey) {
		n = n.child(u.key, create)
		if n == nil {
			return nil
		}
	}
	return n
}

// caseFor decides how a dictionary word must be capitalised in text.
// Acronyms must be in capitals ("US" is not "us"); words that are also
// common English words must be capitalised ("Turkey", "China", "the
// North"); people's names must be capitalised; everything else matches in
// any case, so "russia" and "ukraine" as some outlets print them resolve.
func (b *builder) caseFor(u unit, w string, e *entry, alone bool) caseRule {
	if !u.shape.word() || e.kind == Role {
		return caseAny
	}
	if e.kind == Place || e.kind == Collective {
		// Places are proper names: every capitalised word must be
		// capitalised in the text ("Nice", "Split", "Mobile"), except the
		// glue of a name ("al-Udeid", "Rostov-on-Don"); an acronym must be
		// in capitals ("SHAPE", "JSA").
		switch {
		case u.shape.caps() && len(u.key) >= 2 && !digitsIn(u.key):
			return caseCaps
		case u.shape.upper() && !glueWords[u.key]:
			return caseCap
		}
		return caseAny
	}
	letters := 0
	for _, r := range w {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 {
			letters++
		}
	}
	switch {
	case u.shape.caps() && letters >= 2 && b.kb.capitalised[u.key]:
		// An acronym that is also a word ("PLAN" the PLA Navy, not "the
		// Plan") must be in capitals even from four letters on.
		return caseCaps
	case u.shape.caps() && letters >= 2:
		return caseAcro
	case u.shape.caps() && letters == 1:
		return caseUp1
	case u.shape.upper() && (e.kind == Person || alone && b.kb.capitalised[u.key] || e.block):
		return caseCap
	}
	return caseAny
}

func (b *builder) ctxIDs(names []string, src string) ([]int, error) {
	var ids []int
	for _, n := range names {
		id, ok := b.kb.ctxID[n]
		if !ok {
			return nil, fmt.Errorf("actor: %s: unknown context %q; contexts are defined in contexts.yaml (%s)", src, n, strings.Join(b.kb.contexts, ", "))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// glueWords join the words of a name without making it one.
var glueWords = map[string]bool{"the": true, "of": true, "and": true, "de": true, "la": true, "el": true, "al": true, "d": true, "s": true}

// foldPhrase is the lookup form of a phrase: its units' keys joined by
// spaces ("Côte d'Ivoire" → "cote d ' ivoire").
func foldPhrase(s string) string {
	return joinKeys(cutUnits(nil, s, 0, "", foldKey))
}

// joinKeys joins the keys of us with spaces.
func joinKeys(us []unit) string {
	if len(us) == 1 {
		return us[0].key
	}
	keys := make([]string, len(us))
	for i, u := range us {
		keys[i] = u.key
	}
	return strings.Join(keys, " ")
}

func addWords(m map[string]bool, ws []string) {
	for _, w := range ws {
		m[foldPhrase(w)] = true
	}
}

func digitsIn(s string) bool { return strings.ContainsAny(s, "0123456789") }

func startsUpper(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z' || r > 127 && strings.ToLower(string(r)) != string(r)
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func collectVocab(root *node, v map[string]vocabEntry) {
	var walk func(n *node)
	walk = func(n *node) {
		for k, c := range n.next {
			if _, ok := v[k]; !ok {
				v[k] = vocabEntry{key: k}
			}
			walk(c)
		}
	}
	walk(root)
	for k, c := range root.next {
		v[k] = vocabEntry{key: k, first: c}
	}
}

// orderEntries puts, in every trie node, look-alike blocks first, then
// entries that need a context, then the rest, each in file order: the
// first entry whose conditions hold wins, and a name bound to a context
// ("Korean" in a KCNA article is North Korean) is the more specific.
func orderEntries(n *node) {
	if len(n.entries) > 1 {
		rank := func(e *entry) int {
			switch {
			case e.block:
				return 0
			case len(e.only) > 0:
				return 1
			}
			return 2
		}
		slices.SortStableFunc(n.entries, func(a, b *entry) int { return rank(a) - rank(b) })
	}
	for _, c := range n.next {
		orderEntries(c)
	}
}

func countPatterns(n *node) int {
	c := len(n.entries)
	for _, ch := range n.next {
		c += countPatterns(ch)
	}
	return c
}
