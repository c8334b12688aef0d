package actor

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-ews/vigil/text"
)

var zeroTime time.Time

// Context is the state of one article: its date, the contexts it switches
// on ("korea": "the North" means North Korea) and the people it has named in
// full, so that a later "Belousov" or "Kim" resolves. A Context is not safe
// for concurrent use; make one per article.
type Context struct {
	kb     *KB
	date   time.Time
	active []bool
	// seen holds, per person named in full, the byte offsets of those
	// mentions in the article, in increasing order.
	seen map[*person][]int
	// countries counts the article's mentions of each state (names,
	// demonyms, capitals, places, people in office), for mainCountry.
	countries map[string]int
	main      string
	mainDone  bool
}

// mainCountry returns the state the article is about, when one dominates
// its mentions (at least two, and twice as many as any other), else "".
// "Prime Minister Abdalla Hamdok" in an article about Sudan is SDNGOV.
func (ctx *Context) mainCountry() string {
	if ctx.mainDone {
		return ctx.main
	}
	ctx.mainDone = true
	best, bn, second := "", 0, 0
	for c, n := range ctx.countries {
		if n > bn {
			best, bn, second = c, n, max(second, bn)
		} else {
			second = max(second, n)
		}
	}
	if bn >= 2 && bn >= 2*second {
		ctx.main = best
	}
	return ctx.main
}

// NewContext starts an article published on the given day. articleText is
// scanned once for contexts (an article naming either Korea makes "the
// North" and "the South" resolve) and for people named in full, so that a
// surname in a headline resolves too. A zero published time means undated:
// people resolve to the most recent office they held in the knowledge base.
func (kb *KB) NewContext(published time.Time, articleText string) *Context {
	ctx := &Context{kb: kb, active: make([]bool, len(kb.contexts)), seen: map[*person][]int{}, countries: map[string]int{}}
	if !published.IsZero() {
		y, m, d := published.Date()
		ctx.date = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for _, x := range kb.exact {
		if !ctx.active[x.ctx] && strings.Contains(articleText, x.text) {
			ctx.active[x.ctx] = true
		}
	}
	if articleText != "" {
		sc := kb.getScratch()
		sc.units = cutUnits(sc.units[:0], articleText, 0, "", kb.key)
		kb.scan(ctx, sc.units)
		kb.putScratch(sc)
	}
	return ctx
}

// Date returns the article day the context resolves people for.
func (ctx *Context) Date() time.Time { return ctx.date }

// Active reports whether the named context ("korea", "eu", ...) is on.
func (ctx *Context) Active(name string) bool {
	id, ok := ctx.kb.ctxID[name]
	return ok && ctx.active[id]
}

// scan switches contexts on and records full mentions of people.
func (kb *KB) scan(ctx *Context, us []unit) {
	for i := range us {
		if !us[i].shape.word() {
			continue
		}
		n := us[i].first
		for j := i; n != nil; {
			for _, id := range n.triggers {
				ctx.active[id] = true
			}
			for _, e := range n.entries {
				if e.block || e.short || e.ambiguous || len(e.only) > 0 || !casesMatch(e, us[i:j+1]) {
					continue
				}
				if e.kind == Person {
					ctx.see(e.person, us[i].start)
					if o, ok := e.person.officeAt(ctx.date); ok {
						c, _ := splitCode(o.Code)
						ctx.countries[c]++
					}
				} else if len(e.country) == 3 && (e.kind != Place || !e.ambiguous) {
					ctx.countries[e.country]++
				}
				for _, id := range kb.ctxCountries[e.country] {
					ctx.active[id] = true
				}
				for _, c := range e.members {
					for _, id := range kb.ctxCountries[c] {
						ctx.active[id] = true
					}
				}
				if e.person != nil {
					for _, o := range e.person.offices {
						c, _ := splitCode(o.Code)
						for _, id := range kb.ctxCountries[c] {
							ctx.active[id] = true
						}
					}
				}
				break
			}
			if j++; j >= len(us) {
				break
			}
			n = n.next[us[j].key]
		}
	}
}

func (ctx *Context) see(p *person, at int) {
	s := ctx.seen[p]
	if k := len(s); k > 0 && s[k-1] >= at {
		if s[k-1] == at {
			return
		}
		// Out of order (Resolve after the scan): keep the list sorted.
		i := 0
		for i < k && s[i] < at {
			i++
		}
		if i < k && s[i] == at {
			return
		}
		s = append(s, 0)
		copy(s[i+1:], s[i:])
		s[i] = at
		ctx.seen[p] = s
		return
	}
	ctx.seen[p] = append(s, at)
}

// casesMatch checks the capitalisation rules of e's words against units.
func casesMatch(e *entry, us []unit) bool {
	for k, p := range e.pat {
		if p.cr == caseAny {
			continue
		}
		s := us[k].shape
		switch p.cr {
		case caseCap, caseUp1:
			if !s.upper() {
				return false
			}
		case caseAcro:
			if !s.caps() && !(len(p.key) >= 4 && s.upper()) {
				return false
			}
		case caseCaps:
			if !s.caps() {
				return false
			}
		}
	}
	return true
}

func (ctx *Context) allows(e *entry) bool {
	if len(e.only) > 0 {
		ok := false
		for _, id := range e.only {
			ok = ok || ctx.active[id]
		}
		if !ok {
			return false
		}
	}
	for _, id := range e.unless {
		if ctx.active[id] {
			return false
		}
	}
	return true
}

// atom is one dictionary match in a sentence, before grammar joins atoms.
type atom struct {
	e       *entry
	n       *node // where the match ended: other entries there (people sharing a surname)
	u0, u1  int   // unit span [u0, u1) including a possessive "'s"
	core    int   // end of the name itself, before "'s" or a hyphen suffix
	poss    bool
	hyphen  string // "administered" in "Pakistani-administered"
	tail    bool   // a place tail was taken in: "Kursk region", "Odesa Oblast"
	asPlace bool   // a capital read as a place: "Kyiv region"
	dropped bool   // rejected by a look-alike rule: consumes its words, yields nothing
}

func (a *atom) kind() Kind { return a.e.kind }

// bearer reports whether the atom names something a role word can attach
// to: a country, demonym, seat of power, organisation, IGO, group, or a
// person in the possessive ("Putin's army").
func (a *atom) bearer() bool {
	if a.e.block || a.dropped {
		return false
	}
	switch a.e.kind {
	case Country, Demonym, Metonym, Organisation, IGO, Group:
		return true
	case Place:
		// "Kharkiv's governor", "Donetsk separatists"; a sea bears nothing.
		return a.e.country != ""
	case Collective:
		return true // "the Baltic states' armed forces"
	}
	return false
}

// ResolveText finds the actors a whole text names, sentence by sentence,
// as of published (which picks office holders; zero: their latest
// office): the text is split and tagged with the dictionary's proper names
// and read as one article. Mention offsets are bytes of src.
func (kb *KB) ResolveText(src string, published time.Time) []Mention {
	doc := text.Analyze(src, text.Options{ProperNames: kb.ProperName})
	ctx := kb.NewContext(published, src)
	var out []Mention
	for _, s := range doc.Sentences {
		out = append(out, kb.Resolve(ctx, s.Tokens)...)
	}
	return out
}

// Resolve finds the actors named in one sentence's tokens: non-overlapping,
// leftmost-longest, in order. ctx may be nil for undated text with no
// article state.
func (kb *KB) Resolve(ctx *Context, toks []text.Token) []Mention {
	if ctx == nil {
		ctx = kb.NewContext(time.Time{}, "")
	}
	sc := kb.getScratch()
	defer kb.putScratch(sc)
	us := unitsOf(sc.units[:0], toks, kb.key)
	sc.units = us
	atoms := kb.findAtoms(ctx, us, sc.atoms[:0])
	sc.atoms = atoms
	if len(atoms) == 0 {
		return nil
	}
	if cap(sc.cover) < len(us) {
		sc.cover = make([]int32, len(us)*2)
	}
	cover := sc.cover[:len(us)]
	for i := range cover {
		cover[i] = -1
	}
	for k := range atoms {
		for u := atoms[k].u0; u < atoms[k].u1; u++ {
			cover[u] = int32(k)
		}
	}
	kb.refine(us, atoms, cover)

	r := resolver{kb: kb, ctx: ctx, us: us, atoms: atoms, cover: cover, toks: toks}
	var out []Mention
	for k := 0; k < len(atoms); {
		var ms []Mention
		ms, k = r.at(k)
		out = append(out, ms...)
	}
	out = r.appositives(out)
	for i := range out {
		m := &out[i]
		m.ByteStart, m.ByteEnd = us[m.Start].start, us[m.End-1].end
		m.Start, m.End = us[m.Start].tok, us[m.End-1].tok+1
	}
	return out
}

// appositives gives an unknown name the code of the noun phrase set off
// after it: "Evan Gershkovich, a US reporter" (USAMED), "Meng Wanzhou,
// the chief financial officer of Chinese telecoms giant Huawei" (CHNBUS).
// The name must be two to five capitalised words that no entry covers,
// not continuing a longer capitalised run. ms is in unit spans.
func (r *resolver) appositives(ms []Mention) []Mention {
	us := r.us
	var add []Mention
	// Units inside a mention; a name word that matched an entry without
	// making a mention ("Choe" of "Choe Kwang Nam", a surname nobody was
	// named by) is still part of an unknown name.
	taken := func(u int) bool {
		for i := range ms {
			if ms[i].Start <= u && u < ms[i].End {
				return true
			}
		}
		return false
	}
	for i := range ms {
		m := &ms[i]
		if m.Kind == Person || m.Kind == Collective || m.Code == "" || m.Kind == Place && m.Role == "" {
			continue
		}
		p := m.Start
		if k := us[p].key; k != "the" && k != "a" && k != "an" {
			if p > 0 && (us[p-1].key == "a" || us[p-1].key == "an" || us[p-1].key == "the") {
				p--
			} else if !strings.HasPrefix(m.Rule, "title ") {
				// KCNA writes titles without an article: "No Kwang
				// Chol, minister of National Defence of the DPRK".
				continue
			}
		}
		c := p - 1
		if c < 1 || us[c].key != "," || r.cover[c] >= 0 {
			continue
		}
		// A known person out of office on the day whom the text gives an
		// office: "X, minister of National Defence of the DPRK, said".
		if i > 0 && ms[i-1].Kind == Person && ms[i-1].End == c && ms[i-1].Role == "" && m.Role != "" &&
			(ms[i-1].Country == "" || ms[i-1].Country == m.Country) {
			pm := &ms[i-1]
			pm.Code, pm.Country, pm.Role = m.Code, m.Country, m.Role
			pm.Rule += " + appositive: " + m.Rule
			continue
		}
		start, words := c, 0
		for start > 0 && words < 5 {
			x := &us[start-1]
			if r.cover[start-1] >= 0 && (taken(start-1) || r.atoms[r.cover[start-1]].e.kind != Person) {
				break
			}
			if x.key == "-" && x.glued && start > 1 {
				start--
				continue
			}
			if !x.shape.word() || r.kb.funcWords[x.key] {
				break
			}
			if !x.shape.upper() {
				if !r.kb.particles[x.key] {
					break
				}
				start--
				continue
			}
			if x.tag != "" && x.tag != "NNP" && x.tag != "NNPS" {
				break
			}
			start--
			words++
		}
		if words < 2 || !us[start].shape.upper() {
			continue
		}
		// The name is the whole capitalised run, not the end of a longer one.
		if start > 0 && !taken(start-1) && us[start-1].shape.word() && us[start-1].shape.upper() && !r.kb.funcWords[us[start-1].key] {
			continue
		}
		a := Mention{Start: start, End: c, Kind: Person, Code: m.Code, Country: m.Country, Role: m.Role,
			Name: r.span(start, c), Rule: "appositive: name, " + m.Rule}
		if a.Country == "" && !strings.HasPrefix(a.Code, "IGO") {
			a.Kind = Role
		}
		add = append(add, a)
	}
	if len(add) == 0 {
		return ms
	}
	ms = append(ms, add...)
	slices.SortStableFunc(ms, func(a, b Mention) int { return a.Start - b.Start })
	return ms
}

func (kb *KB) getScratch() *scratch {
	if sc, ok := kb.scratch.Get().(*scratch); ok {
		return sc
	}
	return &scratch{}
}

// putScratch returns buffers to the pool unless a huge text made them too
// big to keep around.
func (kb *KB) putScratch(sc *scratch) {
	if cap(sc.units) > 1<<16 {
		return
	}
	kb.scratch.Put(sc)
}

// findAtoms runs the trie over the units, leftmost-longest. A match that
// starts with "the" ("the South") yields to a longer one starting right
// after it ("the South Korean military").
func (kb *KB) findAtoms(ctx *Context, us []unit, atoms []atom) []atom {
	for i := 0; i < len(us); {
		if !us[i].shape.word() {
			i++
			continue
		}
		e, n, end := kb.matchAt(ctx, us, i)
		if e == nil {
			i++
			continue
		}
		if us[i].key == "the" && i+1 < len(us) {
			if e2, n2, end2 := kb.matchAt(ctx, us, i+1); e2 != nil && end2 > end {
				e, n, end = e2, n2, end2
				i++
			}
		}
		atoms = append(atoms, atom{e: e, n: n, u0: i, u1: end, core: end})
		i = end
	}
	return atoms
}

// matchAt returns the longest entry whose name starts at unit i and whose
// case rules and contexts hold, the trie node it ends at, and its end.
func (kb *KB) matchAt(ctx *Context, us []unit, i int) (*entry, *node, int) {
	var best *entry
	var bestNode *node
	bestEnd := 0
	n := us[i].first
	for j := i; n != nil; {
		for _, e := range n.entries {
			if casesMatch(e, us[i:j+1]) && ctx.allows(e) {
				best, bestNode, bestEnd = e, n, j+1
				break
			}
		}
		if j++; j >= len(us) {
			break
		}
		n = n.next[us[j].key]
	}
	return best, bestNode, bestEnd
}

func isApos(u *unit) bool { return u.key == "'" }

// verbObjectStart are words that begin a verb's object: after a role noun
// they show it is a verb ("bases its claim", "arms the rebels").
var verbObjectStart = map[string]bool{"its": true, "their": true, "his": true, "her": true, "our": true, "the": true, "a": true, "an": true, "them": true, "him": true, "itself": true, "themselves": true}

// countWords are the numbers that may stand before a collective ("the
// three Gulf states", "the 27 EU states").
var countWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10}

// refine applies the rules that look at an atom's neighbours: possessives,
// hyphenated compounds, role tails and names that are also personal names.
func (kb *KB) refine(us []unit, atoms []atom, cover []int32) {
	free := func(u int) bool { return u >= 0 && u < len(us) && cover[u] < 0 }
	for k := range atoms {
		a := &atoms[k]
		e := a.e
		if e.block || a.dropped {
			continue
		}
		if e.kind == Role {
			// "Venezuela bases its claim", "Iran arms the Houthis": a
			// one-word role noun the tagger reads as a finite verb, with
			// a determiner after it, is the verb (lower case only:
			// headlines capitalise nouns).
			if !e.title && a.u1 == a.u0+1 && a.u1 < len(us) && !us[a.u0].shape.upper() && verbObjectStart[us[a.u1].key] {
				if t := us[a.u0].tag; t == "VBZ" || t == "VBP" || t == "VBD" {
					a.dropped = true
					continue
				}
			}
			// "coast guard vessels", "artillery units": the noun belongs to the role.
			for a.u1 < len(us) && kb.tails[us[a.u1].key] && !us[a.u1].glued {
				if !free(a.u1) {
					// A one-word role atom in tail position ("rebel
					// leaders", "military officials") joins this one.
					n := int(cover[a.u1])
					if b := &atoms[n]; b.e.kind != Role || b.u0 != a.u1 || b.u1 != a.u1+1 || b.dropped {
						break
					}
					atoms[n].dropped = true
				}
				cover[a.u1] = int32(k)
				a.u1++
			}
			continue
		}
		// "the three Gulf states" are some of them, named before: a count
		// that is not the collective's size makes it an anaphor, no actor.
		if e.kind == Collective && a.u0 > 0 {
			if n, ok := countWords[us[a.u0-1].key]; ok && n != len(e.members) {
				a.dropped = true
				continue
			}
		}
		if e.kind == Place {
			kb.refinePlace(us, a, k, cover)
			if a.dropped {
				continue
			}
		}
		// "Kyiv region", "Tehran province", "Damascus countryside": a
		// capital with a place tail is the place, not the government.
		if e.kind == Metonym && e.place != "" && !strings.HasPrefix(e.country, "IGO") && kb.takeTails(us, a, k, cover) {
			a.asPlace = true
		}
		// "pro-Russian", "inter-Korean", "anti-American": not the country.
		if a.u0 >= 2 && us[a.u0].glued && us[a.u0-1].key == "-" && us[a.u0-1].glued && kb.prefixBlock[us[a.u0-2].key] {
			a.dropped = true
			continue
		}
		// Possessive: "Korea's", "Korea 's", "Pyongyang’s"; after a plural,
		// the apostrophe alone: "the Baltic states'", "the Houthis'".
		if a.u1+1 < len(us) && isApos(&us[a.u1]) && us[a.u1+1].key == "s" && us[a.u1+1].glued && free(a.u1) && free(a.u1+1) {
			cover[a.u1], cover[a.u1+1] = int32(k), int32(k)
			a.u1 += 2
			a.poss = true
		} else if a.u1 < len(us) && isApos(&us[a.u1]) && us[a.u1].glued && free(a.u1) && strings.HasSuffix(us[a.u1-1].key, "s") &&
			(a.u1+1 >= len(us) || !us[a.u1+1].glued) {
			cover[a.u1] = int32(k)
			a.u1++
			a.poss = true
		}
		// Hyphen suffixes (lookalikes.yaml): "Pakistani-administered" keeps
		// the country, "Russian-made" and "Iranian-backed" name no actor;
		// "Israel-linked" keeps a state but "Al Qaeda-linked" is no actor;
		// "Pakistan-based" keeps a country but "London-based" is none.
		if !a.poss && a.u1+1 < len(us) && us[a.u1].key == "-" && us[a.u1].glued && us[a.u1+1].glued && free(a.u1+1) {
			suf := us[a.u1+1].key
			state := e.kind == Country || e.kind == Demonym || e.kind == Metonym
			switch {
			case kb.hyphenState[suf] && !state, kb.hyphenCountry[suf] && !(state && e.place == ""):
				a.dropped = true
				continue
			case kb.hyphenKeep[suf] || kb.hyphenState[suf] || kb.hyphenCountry[suf]:
				cover[a.u1], cover[a.u1+1] = int32(k), int32(k)
				a.u1 += 2
				a.hyphen = suf
			case kb.hyphenDrop[suf]:
				a.dropped = true
				continue
			}
		}
		// "Michael Jordan", "Chad Smith", "Washington Post": a name that is
		// also a personal name is not the country next to an unknown
		// capitalised word.
		if e.nameWord {
			if p := a.u0 - 1; p >= 0 && kb.nameLike(&us[p]) && free(p) && (e.kind != Place || us[p].tag == "" || strings.HasPrefix(us[p].tag, "NNP")) {
				a.dropped = true
				continue
			}
			if q := a.core; !a.poss && q < len(us) && kb.nameLike(&us[q]) && free(q) && !strings.HasPrefix(us[q].tag, "VB") {
				a.dropped = true
				continue
			}
		}
	}
}

// takeTails extends a place atom over the place tails after it ("Kursk
// region", "Zaporizhzhia nuclear power plant") and reports whether it took
// any.
func (kb *KB) takeTails(us []unit, a *atom, k int, cover []int32) bool {
	free := func(u int) bool { return u >= 0 && u < len(us) && cover[u] < 0 }
	for {
		n := 0
		var buf [64]byte
		for w := 3; w >= 1 && n == 0; w-- {
			if a.u1+w > len(us) {
				continue
			}
			ok, b := true, buf[:0]
			for u := a.u1; u < a.u1+w && ok; u++ {
				if !free(u) || !us[u].shape.word() || us[u].key == "" || us[u].glued && u == a.u1 || len(b)+len(us[u].key)+1 > len(buf) {
					ok = false
					break
				}
				if u > a.u1 {
					b = append(b, ' ')
				}
				b = append(b, us[u].key...)
			}
			if ok && kb.placeTails[string(b)] {
				n = w
			}
		}
		if n == 0 {
			break
		}
		for u := a.u1; u < a.u1+n; u++ {
			cover[u] = int32(k)
		}
		a.u1 += n
		a.core = a.u1
		a.tail = true
	}
	return a.tail
}

// refinePlace takes the words that extend a place into its atom ("Kursk
// region", "Zaporizhzhia nuclear power plant") and drops a place that is
// also a common word or personal name ("Nice", "Split", "Victoria") unless
// a cue says it is the place: a locative preposition before it ("in
// Nice", "the city of Split"), a tail after it ("Split region") or its
// country after a comma ("Nice, France").
func (kb *KB) refinePlace(us []unit, a *atom, k int, cover []int32) {
	kb.takeTails(us, a, k, cover)
	if !a.e.ambiguous || a.tail {
		return
	}
	// A cue before: "in Nice", "near the city of Split".
	p := a.u0 - 1
	if p >= 0 && us[p].key == "the" {
		p--
	}
	if p >= 0 && kb.placeCues[us[p].key] {
		return
	}
	if p >= 1 && kb.placeCues[us[p-1].key+" "+us[p].key] {
		return
	}
	// Its country after a comma: "Nice, France".
	if q := a.u1; q+1 < len(us) && us[q].key == "," && us[q+1].first != nil {
		for _, e := range us[q+1].first.entries {
			if (e.kind == Country || e.kind == Demonym) && e.country == a.e.country && len(e.pat) == 1 {
				return
			}
		}
	}
	a.dropped = true
}

// nameLike reports whether u looks like part of a personal or place name:
// a capitalised word that is not a function word ("In", "The") and not
// tagged as one.
func (kb *KB) nameLike(u *unit) bool {
	if !u.shape.word() || !u.shape.upper() || kb.funcWords[u.key] {
		return false
	}
	switch u.tag {
	case "", "NNP", "NNPS", "NN", "NNS", "JJ", "FW":
		return true
	}
	return false
}

// resolver joins atoms into mentions for one sentence.
type resolver struct {
	kb    *KB
	ctx   *Context
	us    []unit
	atoms []atom
	cover []int32
	toks  []text.Token
}

// atomAt returns the index of the atom starting at unit u, or -1.
func (r *resolver) atomAt(u int) int {
	if u < 0 || u >= len(r.us) || r.cover[u] < 0 {
		return -1
	}
	k := int(r.cover[u])
	if r.atoms[k].u0 != u || r.atoms[k].dropped || r.atoms[k].e.block {
		return -1
	}
	return k
}

// skipMods returns the first unit at or after u that is not a modifier
// allowed between a demonym and its role word ("Russian occupying forces").
func (r *resolver) skipMods(u int) int {
	for n := 0; n < 4 && u < len(r.us) && r.cover[u] < 0; n++ {
		x := &r.us[u]
		// "trigger-happy": a hyphen inside a modifier.
		if x.key == "-" && x.glued && n > 0 && u+1 < len(r.us) && r.us[u+1].glued && r.kb.modifiers[r.us[u+1].key] && r.cover[u+1] < 0 {
			u++
			continue
		}
		if !x.shape.word() || !(r.kb.modifiers[x.key] || x.tag == "JJ" && !x.shape.upper()) {
			break
		}
		u++
	}
	return u
}

// isSep reports whether units [u0, u1) join two coordinated actors:
// "and", "or", ",", ", and", "&".
func (r *resolver) isSep(u0, u1 int) bool {
	switch u1 - u0 {
	case 1:
		k := r.us[u0].key
		return k == "and" || k == "or" || k == "," || k == "&"
	case 2:
		return r.us[u0].key == "," && (r.us[u0+1].key == "and" || r.us[u0+1].key == "or")
	}
	return false
}

// at resolves the atoms starting at index k and returns the mentions and
// the index of the next atom to look at.
func (r *resolver) at(k int) ([]Mention, int) {
	a := &r.atoms[k]
	if a.e.block || a.dropped {
		return nil, k + 1
	}
	switch {
	case a.bearer() || a.e.kind == Person:
		return r.fromBearer(k)
	case a.e.kind == Role:
		return r.fromRole(k)
	case a.e.kind == Place: // a sea, a strait, an unassigned reef
		return []Mention{r.bearerMention(k, nil)}, k + 1
	}
	return nil, k + 1
}

// fromBearer handles an actor name and what follows it: coordinated names
// sharing a role ("Indian and Pakistani troops"), a role word ("South
// Korea's military"), a title and a person ("Russian President Vladimir
// Putin"), or the name alone.
func (r *resolver) fromBearer(k int) ([]Mention, int) {
	a := &r.atoms[k]
	if a.e.kind == Person {
		// "Putin's government": the person's country with the role word.
		if a.poss {
			if rk := r.atomAt(r.skipMods(a.u1)); rk >= 0 && r.atoms[rk].e.kind == Role && !r.atoms[rk].e.title {
				if e := r.pickPerson(a, -1, -1); e != nil {
					ro := &r.atoms[rk]
					country, _, note := r.codeAt(&atom{e: e})
					role := ro.e.role
					m := Mention{Start: a.u0, End: ro.u1, Country: country, Role: role, Code: country + role, Name: e.person.name,
						Rule: e.rule + note + " 's + " + ro.e.rule, Kind: Person}
					return []Mention{m}, rk + 1
				}
			}
		}
		// "the Biden administration", "the Lee Myung Bak regime".
		if rk := r.atomAt(a.u1); !a.poss && rk >= 0 && r.atoms[rk].e.kind == Role && !r.atoms[rk].e.title && !r.atoms[rk].e.rank {
			if e := r.pickPerson(a, -1, -1); e != nil {
				ro := &r.atoms[rk]
				country, _, note := r.codeAt(&atom{e: e})
				m := Mention{Start: a.u0, End: ro.u1, Country: country, Role: ro.e.role, Code: country + ro.e.role, Name: e.person.name,
					Rule: e.rule + note + " + " + ro.e.rule, Kind: Person}
				r.extendThe(&m)
				return []Mention{m}, rk + 1
			}
		}
		return r.person(k, -1, -1)
	}
	group := []int{k}
	last := k
	for {
		l := &r.atoms[last]
		nx := last + 1
		if nx >= len(r.atoms) || !r.atoms[nx].bearer() || l.poss && !r.atoms[nx].poss && r.atoms[nx].e.kind != Demonym {
			break
		}
		if !r.isSep(l.u1, r.atoms[nx].u0) {
			break
		}
		group = append(group, nx)
		last = nx
	}
	l := &r.atoms[last]
	u := r.skipMods(l.u1)
	rk := r.atomAt(u)
	// Bearer + its own organisation: "the Russian Duma", "Iran's
	// Revolutionary Guards" are the organisation.
	if rk >= 0 && len(group) == 1 && r.atoms[rk].e.kind == Organisation {
		if c, _, _ := r.codeAt(a); c == r.atoms[rk].e.country {
			m := r.bearerMention(rk, nil)
			m.Start = a.u0
			m.Rule = a.e.rule + " + " + m.Rule
			r.extendThe(&m)
			return []Mention{m}, rk + 1
		}
	}
	// Bearer + person: "Russia's Putin", "Russian Vladimir Putin".
	if rk >= 0 && r.atoms[rk].e.kind == Person && len(group) == 1 {
		return r.person(rk, k, -1)
	}
	if rk >= 0 && r.atoms[rk].e.kind == Role {
		ro := &r.atoms[rk]
		// Title + person: "Russian Defence Minister Andrei Belousov".
		if ro.e.title {
			if pk := r.atomAt(r.afterTitles(rk)); pk >= 0 && r.atoms[pk].e.kind == Person {
				ms := r.singles(group[:len(group)-1])
				pm, next := r.person(pk, last, rk)
				return append(ms, pm...), next
			}
			if end := r.unknownName(r.afterTitles(rk)); end > 0 && len(group) == 1 {
				m := r.bearerMention(k, ro)
				m.End = end
				m.Kind = Person
				m.Name = r.span(r.afterTitles(rk), end)
				m.Rule += " + name"
				return []Mention{m}, r.nextAtom(end, rk+1)
			}
		}
		// Bearer(s) + role: "South Korea's military", "Indian and Pakistani troops".
		var ms []Mention
		if len(group) > 1 && l.poss && !r.atoms[group[0]].poss && !strings.HasSuffix(r.us[ro.u1-1].key, "s") {
			// "Japan and South Korea's army": a singular role word after
			// a possessive belongs to the last name only.
			ms = r.singles(group[:len(group)-1])
			m := r.bearerMention(last, ro)
			m.End = ro.u1
			return append(ms, m), rk + 1
		}
		for i, g := range group {
			m := r.bearerMention(g, ro)
			if i == len(group)-1 {
				m.End = ro.u1
			}
			ms = append(ms, m)
		}
		return ms, rk + 1
	}
	return r.singles(group), last + 1
}

// afterTitles skips a run of titles starting at atom rk ("Deputy" "Prime
// Minister") and returns the unit after them.
func (r *resolver) afterTitles(rk int) int {
	u := r.atoms[rk].u1
	for {
		k := r.atomAt(u)
		if k < 0 || r.atoms[k].e.kind != Role || !r.atoms[k].e.title {
			return u
		}
		u = r.atoms[k].u1
	}
}

// unknownName returns the end of a run of one to four capitalised words
// starting at unit u that no dictionary entry covers ("Robert Fico" after
// "Slovak Prime Minister"), or 0.
func (r *resolver) unknownName(u int) int {
	// "the General Assembly", "the General Association of ...": a rank or
	// title before an institution's name is part of that name.
	if u < len(r.us) && r.kb.notNames[r.us[u].key] {
		return 0
	}
	end, words := u, 0
	for words < 5 && end < len(r.us) {
		x := &r.us[end]
		if r.cover[end] >= 0 {
			break
		}
		// "Jean-Pierre", "al-Bashir": a hyphen inside a name.
		if x.key == "-" && x.glued && end > u && end+1 < len(r.us) && r.us[end+1].glued && r.us[end+1].shape.word() {
			end++
			continue
		}
		if !x.shape.word() {
			break
		}
		if !x.shape.upper() {
			// "Omar al-Bashir", "Mohamed Ould Ghazouani", "Ursula von der
			// Leyen": a particle inside a name, followed by more of it.
			if !r.kb.particles[x.key] || end+1 >= len(r.us) || !(r.us[end+1].shape.upper() || r.us[end+1].key == "-" || r.kb.particles[r.us[end+1].key]) {
				break
			}
			end++
			continue
		}
		if r.kb.funcWords[x.key] || x.tag != "" && x.tag != "NNP" && x.tag != "NNPS" {
			break
		}
		end++
		words++
		// An initial: "Donald J. Trump".
		if end+1 < len(r.us) && r.us[end].key == "." && r.us[end].glued && len(x.key) == 1 {
			end++
		}
	}
	// A name does not end in a particle or a hyphen.
	for end > u && (r.us[end-1].key == "-" || !r.us[end-1].shape.upper() && r.us[end-1].shape.word() && r.kb.particles[r.us[end-1].key]) {
		end--
	}
	if words == 0 {
		return 0
	}
	return end
}

func (r *resolver) nextAtom(u, from int) int {
	for from < len(r.atoms) && r.atoms[from].u0 < u {
		from++
	}
	return from
}

func (r *resolver) span(u0, u1 int) string {
	var b strings.Builder
	for u := u0; u < u1; u++ {
		if u > u0 && !r.us[u].glued {
			b.WriteByte(' ')
		}
		b.WriteString(r.tokenText(u))
	}
	return b.String()
}

// tokenText returns the original spelling of unit u when the unit has a
// byte span of its own, else its key.
func (r *resolver) tokenText(u int) string {
	x := &r.us[u]
	t := &r.toks[x.tok]
	if a, b := x.start-t.Start, x.end-t.Start; a >= 0 && b <= len(t.Text) && a <= b {
		return t.Text[a:b]
	}
	return x.key
}

func (r *resolver) singles(ks []int) []Mention {
	var ms []Mention
	for _, k := range ks {
		ms = append(ms, r.bearerMention(k, nil))
	}
	return ms
}

// codeAt returns the country and role of a bearer atom on the article day.
func (r *resolver) codeAt(a *atom) (country, role, note string) {
	e := a.e
	country, role = e.country, e.role
	if len(e.dated) > 0 {
		if o, ok := officeAt(e.dated, r.ctx.date); ok {
			country, role = splitCode(o.Code)
			note = " " + o.String()
		}
	}
	if e.kind == Person && e.person != nil {
		p := e.person
		if o, ok := p.officeAt(r.ctx.date); ok {
			country, role = splitCode(o.Code)
			note = " " + o.String()
		} else {
			country, role = p.country, ""
			note = " (no office on " + r.ctx.date.Format(time.DateOnly) + ")"
		}
	}
	return country, role, note
}

// bearerMention makes the mention of bearer atom k, with role word ro
// attached when not nil.
func (r *resolver) bearerMention(k int, ro *atom) Mention {
	a := &r.atoms[k]
	country, role, note := r.codeAt(a)
	rule := a.e.rule + note
	if a.poss {
		rule += " 's"
	}
	if a.hyphen != "" {
		rule += " -" + a.hyphen
	}
	if ro != nil {
		rule += " + " + ro.e.rule
		switch {
		case a.e.kind == Group && role == "GOV":
			// A group in power commands the state's forces: "Taliban
			// forces" and "Taliban fighters" are AFGMIL from 2021-08-15.
			role = ro.e.role
			if role == "REB" {
				role = "MIL"
			}
		case a.e.kind == Group:
			// An armed group stays itself: "Hamas fighters" PSEREB.
		case ro.e.generic && role != "" && role != "GOV":
			// "Pentagon spokesman": the spokesman speaks for the Pentagon.
		case ro.e.stateRole != "" && (a.e.kind == Country || a.e.kind == Demonym || a.e.kind == Metonym):
			// "Indian paramilitary police": a state's paramilitaries
			// are its security forces, not rebels.
			role = ro.e.stateRole
			rule += " (of a state: " + role + ")"
		default:
			role = ro.e.role
		}
	}
	m := Mention{Start: a.u0, End: a.u1, Country: country, Role: role, Name: a.e.name, Rule: rule, Kind: a.e.kind}
	if ro != nil && a.e.kind != Group {
		m.Kind = a.e.kind
	}
	m.Code = country + role
	if a.e.kind == IGO {
		m.Code = country
	}
	if a.e.kind == Person {
		m.Name = a.e.person.name
	}
	if n, ok := r.kb.countryName[country]; ok && (a.e.kind == Demonym || a.e.kind == Metonym || a.e.kind == Organisation) {
		m.Name = n
	}
	m.Place = a.e.place
	if a.e.kind == Collective {
		m.Country, m.Code = "", ""
		m.Members = slices.Clone(a.e.members)
	}
	if a.asPlace && ro == nil {
		m.Kind, m.Role, m.Code = Place, "", country
		end := a.u1
		if a.hyphen != "" {
			end = a.core // "London-based": the place is London
		}
		m.Place = r.span(a.u0, end)
		m.Rule = fmt.Sprintf("place: %s (%s)", m.Place, m.Name)
		m.Name = m.Place
	}
	r.extendThe(&m)
	return m
}

// extendThe includes a preceding "the" in the mention's span.
func (r *resolver) extendThe(m *Mention) {
	if m.Start > 0 && r.us[m.Start-1].key == "the" && r.cover[m.Start-1] < 0 {
		m.Start--
	}
}

// fromRole handles a role word first: "the Armed Forces of South Korea",
// "President Vladimir Putin", or a role alone ("the army", "troops").
func (r *resolver) fromRole(k int) ([]Mention, int) {
	ro := &r.atoms[k]
	// Role of a person: "supporters of Imran Khan", "the government of
	// Prime Minister X" take the person's country.
	if u := ro.u1; u+1 < len(r.us) && r.us[u].key == "of" && !ro.e.title {
		if pk := r.atomAt(u + 1); pk >= 0 && r.atoms[pk].e.kind == Person && !r.atoms[pk].poss {
			if e := r.pickPerson(&r.atoms[pk], -1, -1); e != nil {
				country, _, note := r.codeAt(&atom{e: e})
				if country != "" {
					m := Mention{Start: ro.u0, End: r.atoms[pk].u1, Country: country, Role: ro.e.role, Code: country + ro.e.role,
						Name: e.person.name, Rule: ro.e.rule + " of " + e.rule + note, Kind: Person}
					r.extendThe(&m)
					return []Mention{m}, pk + 1
				}
			}
		}
	}
	// Role of country: "the Armed Forces of South Korea", "the Minister of
	// Defense of the russian federation Andrey Belousov".
	if u := ro.u1; u+1 < len(r.us) && r.us[u].key == "of" {
		v := u + 1
		if r.atomAt(v) < 0 && r.us[v].key == "the" {
			v++
		}
		if bk := r.atomAt(v); bk >= 0 && r.atoms[bk].bearer() && r.atoms[bk].e.kind != Person {
			inner, next := r.fromBearer(bk)
			if len(inner) > 0 && (inner[0].Country != "" || inner[0].Kind == Collective) {
				m := inner[0]
				// A role word of its own inside ("the head of the Russian
				// army") wins over the outer one.
				_, ownRole, _ := r.codeAt(&r.atoms[bk])
				innerRole := inner[0].Role != ownRole
				dated := m.Kind == Person && m.Role != "" // a person's office on the day wins over the title
				if !innerRole && !dated && r.atoms[bk].e.kind != Group && r.atoms[bk].e.kind != IGO {
					m.Role = ro.e.role
					m.Code = m.Country + m.Role
				}
				if r.atoms[bk].e.kind == IGO {
					m.Role = ro.e.role
				}
				if m.Kind == Collective {
					m.Role, m.Code = ro.e.role, ""
				}
				m.Rule = ro.e.rule + " of " + m.Rule
				m.Start = ro.u0
				r.extendThe(&m)
				// "the leaders of Russia, China and Iran": the role goes to
				// every state of the list.
				rest := inner[1:]
				if !innerRole {
					for i := range rest {
						e := rest[i].End
						poss := e >= 2 && r.us[e-1].key == "s" && isApos(&r.us[e-2]) // "... and South Korea's defence chief"
						if (rest[i].Kind == Country || rest[i].Kind == Demonym || rest[i].Kind == Metonym) && rest[i].Role == "" && !poss {
							rest[i].Role = ro.e.role
							rest[i].Code = rest[i].Country + ro.e.role
							rest[i].Rule = ro.e.rule + " of (list) " + rest[i].Rule
						}
					}
				}
				return append([]Mention{m}, rest...), next
			}
		}
	}
	if ro.e.title {
		if pk := r.atomAt(r.afterTitles(k)); pk >= 0 && r.atoms[pk].e.kind == Person {
			return r.person(pk, -1, k)
		}
		if ro.e.rank {
			// "General John Smith": a rank and an unknown name; "King
			// Abdullah of Jordan": and the country.
			if end := r.unknownName(r.afterTitles(k)); end > 0 {
				if end+1 < len(r.us) && r.us[end].key == "of" {
					if bk := r.atomAt(end + 1); bk >= 0 && r.atoms[bk].bearer() && r.atoms[bk].e.kind != IGO && r.atoms[bk].e.kind != Group {
						ms, next := r.titleOnly(k, bk, k, end, r.afterTitles(k))
						ms[0].End = r.atoms[bk].u1
						ms[0].Rule += " of " + r.atoms[bk].e.rule
						return ms, max(next, bk+1)
					}
				}
				return r.titleOnly(k, -1, k, end, r.afterTitles(k))
			}
		}
	}
	// "Prime Minister Abdalla Hamdok": a title and an unknown name.
	if ro.e.title && !ro.e.rank {
		if end := r.unknownName(r.afterTitles(k)); end > 0 {
			return r.titleOnly(k, -1, k, end, r.afterTitles(k))
		}
	}
	if ro.e.rank || ro.e.attached {
		return nil, k + 1
	}
	// "the former prime minister, Boris Johnson": a former office holder
	// holds no office.
	if ro.e.title && r.former(-1, k) {
		return nil, k + 1
	}
	// "seeking firm guarantees", "a military parade": a role word alone
	// that the tagger reads as an adjective names no one.
	if u := ro.u0; ro.u1 == u+1 && r.kb.adjRoles[r.us[u].key] && !r.us[u].shape.upper() && r.us[u].tag == "JJ" && u+1 < len(r.us) && strings.HasPrefix(r.us[u+1].tag, "NN") {
		return nil, k + 1
	}
	m := Mention{Start: ro.u0, End: ro.u1, Code: ro.e.role, Role: ro.e.role, Name: ro.e.name, Rule: ro.e.rule, Kind: Role}
	// "a presidential spokesman said" in an article about Sudan speaks
	// for Sudan's government.
	if ro.e.speaks {
		if c := r.ctx.mainCountry(); c != "" {
			m.Country, m.Code, m.Kind = c, c+ro.e.role, Organisation
			m.Rule += " + article's country " + c
			if n, ok := r.kb.countryName[c]; ok {
				m.Name = n
			}
		}
	}
	// "the puppet regime" in a KCNA article is South Korea's.
	for _, d := range ro.e.defaults {
		if r.ctx.active[d.ctx] {
			m.Country, m.Code, m.Kind = d.country, d.country+ro.e.role, Organisation
			m.Rule += fmt.Sprintf(" (%s register: %s)", r.kb.contexts[d.ctx], d.country)
			if n, ok := r.kb.countryName[d.country]; ok {
				m.Name = n
			}
			break
		}
	}
	r.extendThe(&m)
	return []Mention{m}, k + 1
}

// person resolves person atom pk, preceded by bearer atom bk and title atom
// tk when they are >= 0.
func (r *resolver) person(pk, bk, tk int) ([]Mention, int) {
	pa := &r.atoms[pk]
	e, how := r.pickPersonHow(pa, bk, tk)
	if e == nil {
		// A surname nobody was named by in full and no title vouches for.
		if bk >= 0 || tk >= 0 {
			start := bk
			if start < 0 {
				start = tk
			}
			end := pa.u1
			for n := 0; n < 3 && end < len(r.us) && r.cover[end] < 0; n++ {
				// "Yoon Do-han": a hyphen joins the rest of the name.
				if r.us[end].key == "-" && r.us[end].glued && end+1 < len(r.us) && r.us[end+1].glued && r.us[end+1].shape.word() {
					end += 2
					continue
				}
				if r.us[end].glued || !r.kb.nameLike(&r.us[end]) {
					break
				}
				end++
			}
			return r.titleOnly(start, bk, tk, end, pa.u0)
		}
		// A surname nobody was named by that is also a place ("Lyman").
		if pl := r.placeAt(pa); pl != nil {
			saved := pa.e
			pa.e = pl
			m := r.bearerMention(pk, nil)
			pa.e = saved
			return []Mention{m}, pk + 1
		}
		return nil, pk + 1
	}
	p := e.person
	if !e.short {
		r.ctx.see(p, r.us[pa.u0].start)
	}
	o, ok := p.officeAt(r.ctx.date)
	var country, role, rule string
	if ok {
		country, role = splitCode(o.Code)
		rule = fmt.Sprintf("person %q: %s", p.name, o)
	} else {
		country = p.country
		rule = fmt.Sprintf("person %q: no office on %s", p.name, r.ctx.date.Format(time.DateOnly))
		// Without a dated office, the title says the role; an armed
		// group's leader is the group ("Hezbollah leader Nasrallah"); a
		// former holder is of the country alone ("former President
		// Rodrigo Duterte").
		if tk >= 0 && !r.former(bk, tk) {
			role = r.atoms[tk].e.role
			if bk >= 0 {
				country, _, _ = r.codeAt(&r.atoms[bk])
				if r.atoms[bk].e.kind == Group {
					country, role, _ = r.codeAt(&r.atoms[bk])
				}
				// "Pentagon spokesman X": a generic title speaks for its bearer.
				if _, br, _ := r.codeAt(&r.atoms[bk]); r.atoms[tk].e.generic && br != "" {
					role = br
				}
			}
		}
	}
	if e.short {
		switch {
		case how == byUnique:
			rule = fmt.Sprintf("surname %q (the one in office): ", e.form) + rule
		case e.alone && len(r.ctx.seen[p]) == 0:
			rule = fmt.Sprintf("surname %q (known alone): ", e.form) + rule
		case len(r.ctx.seen[p]) > 0:
			rule = fmt.Sprintf("surname %q after full mention: ", e.form) + rule
		default:
			rule = fmt.Sprintf("surname %q after title: ", e.form) + rule
		}
	}
	start := pa.u0
	if tk >= 0 {
		start = r.atoms[tk].u0
		rule = r.atoms[tk].e.rule + " + " + rule
	}
	if bk >= 0 {
		start = r.atoms[bk].u0
		rule = r.atoms[bk].e.rule + " + " + rule
	}
	m := Mention{Start: start, End: pa.u1, Country: country, Role: role, Code: country + role, Name: p.name, Rule: rule, Kind: Person}
	r.extendThe(&m)
	return []Mention{m}, pk + 1
}

// former reports whether "former" or "ex-" qualifies title atom tk (after
// bearer atom bk when >= 0): "former President X", "Pakistan's former
// prime minister X", "ex-President X".
func (r *resolver) former(bk, tk int) bool {
	u0 := r.atoms[tk].u0 - 2
	if bk >= 0 {
		u0 = r.atoms[bk].u0 - 2 // "former Pakistani Prime Minister X"
	}
	for u := max(u0, 0); u < r.atoms[tk].u0; u++ {
		if k := r.us[u].key; (k == "former" || k == "ex") && (bk < 0 || u < r.atoms[bk].u0 || u >= r.atoms[bk].u1) {
			return true
		}
	}
	return false
}

// placeAt returns a place entry sharing person atom pa's words, or nil.
func (r *resolver) placeAt(pa *atom) *entry {
	if pa.n == nil || pa.core != pa.u1 && !pa.poss {
		return nil
	}
	for _, e := range pa.n.entries {
		if e.kind == Place && !e.ambiguous && casesMatch(e, r.us[pa.u0:pa.core]) && r.ctx.allows(e) {
			return e
		}
	}
	return nil
}

// titleOnly makes a mention from a bearer and/or title whose person is
// unknown: "Slovak Prime Minister Fico".
func (r *resolver) titleOnly(startAtom, bk, tk, end, nameStart int) ([]Mention, int) {
	m := Mention{Start: r.atoms[startAtom].u0, End: end, Kind: Person, Name: r.span(nameStart, end)}
	var rule []string
	if bk >= 0 {
		c, _, _ := r.codeAt(&r.atoms[bk])
		m.Country = c
		rule = append(rule, r.atoms[bk].e.rule)
	}
	if tk >= 0 {
		if !r.former(bk, tk) {
			m.Role = r.atoms[tk].e.role
		}
		rule = append(rule, r.atoms[tk].e.rule)
	}
	if bk >= 0 && r.atoms[bk].e.kind == Group {
		// "Hamas military chief X": an armed group's leaders are the group.
		_, m.Role, _ = r.codeAt(&r.atoms[bk])
	}
	if bk < 0 && tk >= 0 && r.atoms[tk].e.title {
		// "Prime Minister Abdalla Hamdok" in an article about Sudan.
		if c := r.ctx.mainCountry(); c != "" {
			m.Country = c
			rule = append(rule, "article's country "+c)
		}
	}
	rule = append(rule, "name")
	m.Rule = strings.Join(rule, " + ")
	m.Code = m.Country + m.Role
	if m.Country == "" {
		m.Kind = Role
	}
	if m.Code == "" {
		// "former President Jane Doe": no country, and no office now.
		return nil, r.nextAtom(end, startAtom+1)
	}
	r.extendThe(&m)
	return []Mention{m}, r.nextAtom(end, startAtom+1)
}

// pickPerson chooses who a person atom names. A full name is that person. A
// surname is the person of that surname named in full closest before it in
// the article (or after it: headlines come first), else the only one who
// held the title's office on the day, else a surname known alone ("Putin").
func (r *resolver) pickPerson(pa *atom, bk, tk int) *entry {
	e, _ := r.pickPersonHow(pa, bk, tk)
	return e
}

// How a surname was resolved, for the mention's rule.
const (
	byFull   = iota // a full name, or a surname after a full mention
	byTitle         // the one holder of the title's office that day
	byAlone         // a surname known alone ("Putin")
	byUnique        // the one person of that surname in office that day
)

// pickPersonHow is pickPerson that also says how it chose.
func (r *resolver) pickPersonHow(pa *atom, bk, tk int) (*entry, int) {
	if !pa.e.short {
		return pa.e, byFull
	}
	// "President Kim Il Sung": a surname followed by more of an unknown
	// name is somebody else.
	if q := pa.core; q < len(r.us) && !pa.poss && r.cover[q] < 0 && !r.us[q].glued && r.kb.nameLike(&r.us[q]) {
		return nil, 0
	}
	at := r.us[pa.u0].start
	var best *entry
	bestDist := -1
	for _, e := range pa.n.entries {
		if !e.short || e.kind != Person || !casesMatch(e, r.us[pa.u0:pa.core]) {
			continue
		}
		s := r.ctx.seen[e.person]
		if len(s) == 0 {
			continue
		}
		d := -1
		for _, x := range s {
			if x <= at {
				d = at - x
			} else if d < 0 {
				d = (x - at) + 1<<30 // after: only when none before
			}
		}
		if best == nil || d < bestDist {
			best, bestDist = e, d
		}
	}
	if best != nil {
		return best, byFull
	}
	if tk >= 0 {
		var only *entry
		n := 0
		for _, e := range pa.n.entries {
			if !e.short || e.kind != Person {
				continue
			}
			o, ok := e.person.officeAt(r.ctx.date)
			if !ok {
				continue
			}
			c, role := splitCode(o.Code)
			if role != r.atoms[tk].e.role {
				continue
			}
			if bk >= 0 {
				if bc, _, _ := r.codeAt(&r.atoms[bk]); bc != c {
					continue
				}
			}
			only = e
			n++
		}
		if n == 1 {
			return only, byTitle
		}
	}
	for _, e := range pa.n.entries {
		if e.short && e.alone && e.kind == Person && casesMatch(e, r.us[pa.u0:pa.core]) {
			return e, byAlone
		}
	}
	// "Blinken said": the only person of that surname in office on the
	// article's day, unless the surname is common ("Kim", "No", "Austin")
	// or follows an unknown capitalised word ("Jeff Austin").
	if bk < 0 && tk < 0 && !r.kb.common[joinKeys(r.us[pa.u0:pa.core])] {
		if p := pa.u0 - 1; p >= 0 && r.cover[p] < 0 && r.kb.nameLike(&r.us[p]) {
			return nil, 0
		}
		var only *entry
		n := 0
		for _, e := range pa.n.entries {
			if e.short && e.kind == Person && casesMatch(e, r.us[pa.u0:pa.core]) && e.person.inOffice(r.ctx.date) {
				if only == nil || only.person != e.person {
					n++
				}
				only = e
			}
		}
		if n == 1 {
			return only, byUnique
		}
	}
	return nil, 0
}
