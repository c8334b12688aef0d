package coder

import (
	"strings"

	"github.com/vigil-ews/vigil/actor"
)

// Clauses: every verb group heads a predicate. From the chunk sequence we
// find each predicate's subject (its own noun phrases, or inherited through
// coordination, control and participle clauses), its complement (the chunks
// up to the next clause), and how it hangs off the predicate before it:
// a "that" clause, a to-infinitive, a participle clause after a comma, a
// relative clause, an "if" or "after" clause.

type relKind uint8

const (
	relMain   relKind = iota
	relCcomp          // "said (that) S", "warned that S", indirect questions
	relXcomp          // "agreed to V", "denied V-ing", "accused X of V-ing"
	relAdvcl          // "after S", "if S", "because S"
	relRelcl          // "which S", "roads linking ...", "a deal brokered by ..."
	relPartcl         // ", killing hundreds": subject of the clause before
)

// pred is one predicate.
type pred struct {
	vg             int // chunk index of the verb group
	clause0        int // first chunk of the clause (subject region or the verb group)
	subj0, subj1   int // subject noun phrase group [subj0, subj1) in chunks; empty when inherited
	antecedent     int // relative clause: the chunk index of the antecedent NP, or -1
	comp0, comp1   int // complement chunks [comp0, comp1)
	parent         int // index in s.preds, or -1
	rel            relKind
	sub            string // subordinator of an adverbial clause ("if", "after"); prep of a gerund complement
	inheritSubj    int    // pred whose subject this one shares, or -1
	coordOf        int    // the verb this one is coordinated with ("scrap ... and deploy"), or -1
	objControl     bool   // subject is the parent's object ("urged X to V")
	wh             bool   // an indirect question ("what ... would provide")
	cond           bool   // inside an "if" clause
	viaComp        bool   // introduced by "that"
	children       []int
	particleEnd    int // token index after a matched particle (0 = none)
	matched        *entry
	matchedBePrt   bool
	visited        bool
	resolvedTarget []int  // actors this predicate's events targeted (for participle clauses)
	alleged        bool   // "allegedly": an accusation by the reporter, not a fact
	faulted        bool   // ", a launch X said violated Y": X's accusation of the act reported
	relPrep        string // "around which": the preposition before the relative pronoun
	relAnte        int    // ... and the antecedent it stands for, or -1
	appos          int    // an appositive NP after the subject ("Lloyd Austin, the US defence secretary,"), or -1
	inComp         bool   // an adverbial clause fronted inside a that-clause ("that if X, Y")
	// gap is the noun phrase a relative clause's missing object stands for
	// ("a move Beijing condemned": "a move"), or -1
	gap int
	// react marks a clause reacting to the clause it hangs off ("in what
	// Seoul called a provocation", ", which Washington condemned", ", a move
	// Iran denounced"): with no target of its own, its act is aimed at the
	// actor of that clause.
	react bool
}

// buildPreds fills s.preds from s.chunks.
func (c *Coder) buildPreds(s *sentState) {
	s.preds = s.preds[:0]
	chunks := s.chunks
	prevVG := -1
	for v := range chunks {
		if chunks[v].kind != cVG {
			continue
		}
		p := pred{vg: v, parent: -1, inheritSubj: -1, coordOf: -1, antecedent: -1, relAnte: -1, appos: -1, gap: -1, subj0: v, subj1: v, clause0: v}
		vg := &chunks[v]
		left0 := prevVG + 1 // left region [left0, v)
		// skip adverbs right before the group
		k := v - 1
		for k >= left0 && chunks[k].kind == cAdv {
			k--
		}
		prevPred := len(s.preds) - 1
		switch {
		case vg.inf:
			c.attachNonFinite(s, &p, left0, k, prevPred, true)
			if p.parent < 0 && p.subj0 == p.subj1 && k == v-1 && k >= left0 && chunks[k].kind == cNP && chunks[k].act1 > chunks[k].act0 &&
				c.lx.is("attempt_nouns", s.toks[chunks[k].head].Lower) {
				// "North Korea's attempt to launch a satellite ended in
				// failure": the attempt's owner did it (it was tried)
				p.subj0, p.subj1, p.clause0 = k, k+1, k
			}
		case vg.gerund || vg.partic:
			if vg.partic && c.participleIsFinite(s, v, left0, c.skipAppositive(s, left0, k), prevPred) {
				vg.partic, vg.finite, vg.wasPartic = false, true, true
				c.attachFinite(s, &p, left0, k, prevPred)
			} else {
				c.attachNonFinite(s, &p, left0, k, prevPred, false)
			}
		default:
			c.attachFinite(s, &p, left0, k, prevPred)
		}
		s.preds = append(s.preds, p)
		prevVG = v
	}
	// complements: from after the verb group to the next clause start
	for i := range s.preds {
		p := &s.preds[i]
		p.comp0 = p.vg + 1
		p.comp1 = len(chunks)
		if i+1 < len(s.preds) {
			p.comp1 = s.preds[i+1].clause0
			if p.comp1 <= p.vg {
				// a modifier inside the next clause's subject ("the missile
				// launched by X struck"): its complement runs to that verb
				p.comp1 = s.preds[i+1].vg
			}
			// a relative pronoun or subordinator before the next clause is
			// not part of this complement
		}
	}
	// a fronted adverbial clause ("After X did Y, Z did W") hangs off the
	// next main clause.
	for i := range s.preds {
		p := &s.preds[i]
		if p.rel == relAdvcl && p.parent < 0 {
			for j := i + 1; j < len(s.preds); j++ {
				if s.preds[j].rel == relMain && s.preds[j].parent < 0 {
					p.parent = j
					break
				}
			}
		}
	}
	c.reportedFaults(s)
	for i := range s.preds {
		if par := s.preds[i].parent; par >= 0 {
			s.preds[par].children = append(s.preds[par].children, i)
		}
	}
}

// reportedFaults reads ", a launch that France said violated X", ", a
// move Tokyo said amounted to coercion": the reporter (a relative clause on
// a noun in apposition to the clause before) says the act did wrong; the
// act's subject is that noun, its actor the clause's.
func (c *Coder) reportedFaults(s *sentState) {
	chunks := s.chunks
	for i := 1; i < len(s.preds); i++ {
		p1, p2 := &s.preds[i-1], &s.preds[i]
		if p2.vg != p1.vg+1 || p1.rel != relRelcl || p1.subj1 <= p1.subj0 || !c.lx.is("fault_verbs", s.toks[chunks[p2.vg].head].Lower) {
			continue
		}
		report := false
		for _, e := range chunks[p1.vg].lemmas {
			report = report || e.report || e.xcomp == kContent
		}
		g := p1.subj0 - 1
		if g >= 0 && chunks[g].kind == cRel {
			g--
		}
		if !report || g < 1 || chunks[g].kind != cNP || chunks[g-1].kind != cComma || chunks[g].act0 != chunks[g].act1 ||
			!c.lx.is("reaction_nouns", s.toks[chunks[g].head].Lower) {
			continue
		}
		if p1.parent == i || p1.parent < 0 {
			// the relative was read as a modifier of the verb's subject
			// ("a launch that ... said breached"): it hangs off the clause
			// before the appositive
			q := i - 2
			for q >= 0 && s.preds[q].parent >= 0 && s.preds[q].rel != relMain && s.preds[q].rel != relCcomp {
				q = s.preds[q].parent
			}
			if q < 0 || s.preds[q].vg >= g {
				continue
			}
			p1.parent = q
		}
		p1.react = true
		p2.rel, p2.parent, p2.inheritSubj, p2.coordOf, p2.antecedent = relCcomp, i-1, -1, -1, g
		p2.subj0, p2.subj1, p2.clause0, p2.faulted = p2.vg, p2.vg, p2.vg, true
		vg := &chunks[p2.vg]
		vg.partic, vg.passive, vg.finite = false, false, true
	}
}

// participleIsFinite reports whether a bare past participle is the
// tagger's mistake for a simple past ("Azerbaijan launched/VBN ..."): it
// follows its own subject at the start of a clause.
func (c *Coder) participleIsFinite(s *sentState, v, left0, k, prevPred int) bool {
	if k < left0 || s.chunks[k].kind != cNP {
		return false
	}
	// "at a White House ceremony hosted by Trump": a preposition's object
	// is no subject; the participle modifies it
	if k-1 >= left0 && s.chunks[k-1].kind == cPrep && s.toks[s.chunks[k-1].head].Lower != "of" {
		return false
	}
	// "radios used by Hamas members exploded": a by-phrase and then the
	// clause's finite verb
	if v+2 < len(s.chunks) && s.chunks[v+1].kind == cPrep && s.toks[s.chunks[v+1].head].Lower == "by" {
		for j := v + 2; j < len(s.chunks); j++ {
			ch := &s.chunks[j]
			if ch.kind == cComma || ch.kind == cConj || ch.kind == cPunct || ch.kind == cComp || ch.kind == cRel || ch.kind == cSub {
				break
			}
			if ch.kind == cVG && ch.finite {
				return false
			}
		}
	}
	if prevPred < 0 {
		return true
	}
	// a clause boundary between the previous predicate and this subject
	for j := k - 1; j >= left0; j-- {
		switch s.chunks[j].kind {
		case cComp, cRel, cSub, cWh, cPunct:
			return true
		case cConj:
			return true
		}
	}
	// right after a reporting verb: "said North Korea fired/VBN" (not "agreed
	// to a ceasefire mediated by ...", where the phrase is the verb's object)
	prev := &s.preds[prevPred]
	if g := c.subjectGroup(s, left0, k); g != left0 {
		return false
	}
	for _, e := range s.chunks[prev.vg].lemmas {
		if e.report {
			return true
		}
	}
	return false
}

// subjectGroup scans left from chunk k (the last chunk before the verb
// group, adverbs skipped) and returns the first chunk of the subject
// group: noun phrases joined by prepositions ("the lower house of the
// parliament", "brigades near the border") and coordinations ("A, B and C").
func (c *Coder) subjectGroup(s *sentState, left0, k int) int {
	return c.subjectGroupStrict(s, left0, k, false)
}

// subjectGroupStrict is subjectGroup; with strict, coordination joins
// only actor phrases ("said the US and South Korea would"), since after a
// verb "A and B did" may as well be "did A, and B did".
func (c *Coder) subjectGroupStrict(s *sentState, left0, k int, strict bool) int {
	chunks := s.chunks
	if k < left0 || chunks[k].kind != cNP {
		return -1
	}
	isActorNP := func(j int) bool { return chunks[j].headActor >= 0 }
	start := k
	sawConj := false
	for {
		j := start - 1
		if j-1 < left0 {
			break
		}
		prev := &chunks[j]
		if chunks[j-1].kind != cNP {
			break
		}
		switch {
		case prev.kind == cPrep && c.attachable(s.toks[prev.head].Lower):
			start = j - 1
			continue
		case prev.kind == cConj && s.toks[prev.head].Lower != "but" && (!strict || isActorNP(j-1) && isActorNP(start)):
			sawConj = true
			start = j - 1
			continue
		case prev.kind == cComma && sawConj:
			start = j - 1
			continue
		}
		break
	}
	return start
}

// attachable reports prepositions that attach to a noun in a subject
// ("brigades near the border", "the house of the parliament").
func (c *Coder) attachable(p string) bool {
	switch p {
	case "of", "in", "near", "along", "from", "at", "on", "with", "for", "across", "around", "off",
		"inside", "outside", "within", "over", "under", "between", "among", "behind", "beyond", "alongside",
		"to", "against", "by", "into", "toward", "towards", "about", "amid", "during":
		return true
	}
	return false
}

func (c *Coder) attachFinite(s *sentState, p *pred, left0, k, prevPred int) {
	chunks := s.chunks
	if c.gerundSubject(s, p, left0, prevPred) {
		return
	}
	// "Kim Yo Jong, vice director of the department, in a statement on
	// Wednesday slammed": adverbial phrases after an appositive's comma
	// stand between the subject and its verb
	if j := c.skipFrontedAdjuncts(s, left0, k); j != k {
		k = j
	}
	// "Lloyd Austin, the US defence secretary, arrived": the subject is the
	// phrase before the appositive
	if a := c.skipAppositive(s, left0, k); a != k {
		c.attachFinite(s, p, left0, a, prevPred)
		if p.appos < 0 {
			p.appos = a + 2
		}
		return
	}
	// "Ukrainian troops, backed by tanks, crossed", "commandos armed with
	// knives boarded", "Brazil and Mexico, whose leaders ..., urged": the
	// subject is the phrase the participle or relative clause modifies
	if m, a, ok := c.modifierBefore(s, left0, k, prevPred); ok {
		nl := 0
		if m > 0 {
			nl = s.preds[m-1].vg + 1
		}
		c.attachFinite(s, p, nl, a, m-1)
		self := len(s.preds)
		var inRel []bool
		for q := m; q <= prevPred; q++ {
			inRel = append(inRel, c.subInsideRelative(s, m, q))
		}
		for q := m; q <= prevPred; q++ {
			pq := &s.preds[q]
			if q == m {
				pq.rel, pq.parent, pq.cond, pq.sub = relRelcl, self, false, ""
				if !(pq.clause0 > 0 && chunks[pq.clause0-1].kind == cRel) {
					// a participle: its subject is the phrase it modifies
					pq.antecedent, pq.inheritSubj, pq.coordOf = a, -1, -1
					pq.subj0, pq.subj1, pq.clause0 = pq.vg, pq.vg, pq.vg
					if mv := &chunks[pq.vg]; !mv.gerund && s.toks[mv.head].Tag != "VBG" {
						mv.passive = true // "troops backed by tanks", "the missile launched by X"
					}
				} else if pq.antecedent < 0 && pq.subj0 == pq.subj1 {
					pq.antecedent = a
				}
				continue
			}
			if inRel[q-m] {
				pq.parent = m
			} else if pq.parent < m {
				pq.parent = self
			}
		}
		return
	}
	// the subject group, then the last boundary before it
	subjStart := c.subjectGroupStrict(s, left0, k, prevPred >= 0)
	// "rebels captured Damascus and Assad fled": right after a verb that
	// would be left with no object, "A and B" is its object and a new
	// subject, not one coordinated subject
	if prevPred >= 0 && subjStart == left0 && subjStart < k && !s.chunks[s.preds[prevPred].vg].passive && !c.takesClause(s, &s.preds[prevPred]) {
		for j := k - 1; j > subjStart; j-- {
			if chunks[j].kind == cConj {
				subjStart = j + 1
				break
			}
		}
	}
	b := -1
	limit := p.vg
	if subjStart >= 0 {
		limit = subjStart
	}
	for j := limit - 1; j >= left0; j-- {
		switch chunks[j].kind {
		case cComp, cRel, cSub, cWh, cComma, cConj, cPunct, cAttrib:
			b = j
		}
		if b >= 0 {
			break
		}
	}
	if subjStart >= 0 {
		p.subj0, p.subj1 = subjStart, k+1
		p.clause0 = subjStart
	} else {
		p.clause0 = p.vg
	}
	if b >= 0 && b+1 < p.clause0 {
		p.clause0 = b + 1
	}
	if prevPred < 0 {
		// the first predicate: a main clause, or a fronted adverbial/conditional
		if b >= 0 && chunks[b].kind == cSub {
			p.rel, p.sub = relAdvcl, s.toks[chunks[b].head].Lower
			p.cond = c.lx.is("conditionals", p.sub) || chunks[b].cond
		}
		if subjStart < 0 {
			p.clause0 = max(left0, 0)
		}
		if b >= 1 && chunks[b].kind == cRel {
			// "Brazil and Mexico, whose leaders are ..., urged", "Maduro,
			// who has accused ..., said": a relative clause on the subject
			// of a verb still to come
			p.rel = relRelcl
			p.clause0 = b + 1
		}
		// a clause-initial subordinator further left ("If X, ..." handled above)
		for j := 0; j < p.subj0 && j < len(chunks); j++ {
			if chunks[j].kind == cComma {
				break // "If X, Y": Y is the main clause
			}
			if chunks[j].kind == cSub && p.rel == relMain {
				p.rel, p.sub = relAdvcl, s.toks[chunks[j].head].Lower
				p.cond = c.lx.is("conditionals", p.sub) || chunks[j].cond
				break
			}
		}
		return
	}
	prev := &s.preds[prevPred]
	// "an air strike on Hamas leaders gathered in Doha": a past participle
	// right after the object of a preposition is a reduced relative on it
	if b < 0 && subjStart >= 0 && k-1 >= left0 && chunks[k-1].kind == cPrep {
		if vg := &chunks[p.vg]; vg.start == vg.head && (s.toks[vg.head].Tag == "VBD" || s.toks[vg.head].Tag == "VBN") &&
			isPastParticipleLike(s.toks[vg.head].Lower) && !c.takesClause(s, prev) {
			p.rel, p.parent, p.antecedent = relRelcl, prevPred, k
			p.subj0, p.subj1, p.clause0 = p.vg, p.vg, p.vg
			vg.passive, vg.partic, vg.finite = true, true, false
			return
		}
	}
	// ", a move Beijing condemned", ", a decision China denounced": an
	// object relative on a noun in apposition to the clause before
	if subjStart >= 0 && subjStart-1 >= left0 && chunks[subjStart-1].kind == cNP && chunks[subjStart-1].headActor < 0 &&
		subjStart-2 >= 0 && chunks[subjStart-2].kind == cComma && c.lx.is("reaction_nouns", s.toks[chunks[subjStart-1].head].Lower) {
		p.rel, p.parent, p.gap, p.react = relRelcl, prevPred, subjStart-1, true
		p.clause0 = subjStart
		return
	}
	if b < 0 {
		if subjStart < 0 {
			// two verb groups in a row: treat as coordinated
			c.coordinate(s, p, prevPred)
			return
		}
		// "shot dead three traders found near the border": a past
		// participle with no object of its own, right after the object of
		// a verb that takes none clause, is a reduced relative on that object
		afterVerb := subjStart > prev.vg
		for j := prev.vg + 1; j < subjStart; j++ {
			if chunks[j].kind != cAdv && chunks[j].kind != cOther {
				afterVerb = false // "shot dead a farmer found ...": a particle may come first
			}
		}
		if vg := &chunks[p.vg]; afterVerb && vg.start == vg.head && (s.toks[vg.head].Tag == "VBD" || s.toks[vg.head].Tag == "VBN") &&
			c.participleLike(s.toks[vg.head].Lower) && !c.takesClause(s, prev) &&
			(p.vg+1 >= len(chunks) || chunks[p.vg+1].kind == cPrep || chunks[p.vg+1].kind == cPunct || chunks[p.vg+1].kind == cComma ||
				chunks[p.vg+1].kind == cVG && s.toks[chunks[p.vg+1].head].Tag == "VBG") {
			p.rel, p.parent, p.antecedent = relRelcl, prevPred, k
			p.subj0, p.subj1, p.clause0 = p.vg, p.vg, p.vg
			vg.passive, vg.partic, vg.finite = true, true, false
			return
		}
		// omitted complementizer after a reporting verb, else an object relative
		if c.takesClause(s, prev) {
			p.rel, p.parent = relCcomp, prevPred
		} else {
			p.rel, p.parent = relRelcl, prevPred
		}
		return
	}
	bk := chunks[b].kind
	switch bk {
	case cComp:
		p.viaComp = true
		// "..., and that S": a sibling of the earlier "that" clause
		if b-1 >= left0 && (chunks[b-1].kind == cConj || chunks[b-1].kind == cComma) {
			for j := prevPred; j >= 0; j-- {
				if s.preds[j].viaComp && s.preds[j].rel == relCcomp {
					p.rel, p.parent = relCcomp, s.preds[j].parent
					return
				}
			}
		}
		p.rel, p.parent = relCcomp, prevPred
		// "the fact that ...": a noun complement, not the verb's; still code it
	case cWh:
		p.rel, p.parent, p.wh = relCcomp, prevPred, true
	case cRel:
		p.rel, p.parent = relRelcl, prevPred
		// ", which Washington called an attack", "in what Seoul called a
		// provocation": a reaction to the clause before
		if chunks[b].react || b > 0 && chunks[b-1].kind == cComma && s.toks[chunks[b].head].Lower == "which" && subjStart >= 0 {
			p.react = true
		}
		if chunks[b].react {
			p.gap = b // "in what Seoul called a provocation": "what" is the object
		}
		if subjStart >= 0 && b > 0 {
			// "the deal that Russia signed": the object gap is the antecedent
			a := b - 1
			if chunks[a].kind == cComma && a > 0 {
				a--
			}
			if chunks[a].kind == cNP && !chunks[b].react {
				p.gap = a
			}
		}
		// "Taiwan, around which exercises are taking place"
		if b >= 2 && chunks[b-1].kind == cPrep {
			a := b - 2
			if a >= 1 && chunks[a].kind == cComma {
				a--
			}
			if chunks[a].kind == cNP {
				p.relPrep, p.relAnte = s.toks[chunks[b-1].head].Lower, a
			}
		}
		if subjStart < 0 {
			// "who attacked": the antecedent is the subject
			for j := b - 1; j >= 0; j-- {
				if chunks[j].kind == cNP {
					p.antecedent = j
					break
				}
				if chunks[j].kind != cComma {
					break
				}
			}
			// "an air strike on Tehran's consulate in Damascus that killed
			// seven": what kills is the strike, not the last noun
			if a := p.antecedent; a >= 0 && c.lx.is("consequence_verbs", c.ingForm(s, p)) {
				for j := a; j-2 >= 0 && chunks[j-1].kind == cPrep && chunks[j-2].kind == cNP; j -= 2 {
					if c.forceNoun(s, &chunks[j-2]) {
						p.antecedent = j - 2
						break
					}
				}
			}
		}
	case cSub:
		p.rel, p.parent, p.sub = relAdvcl, prevPred, s.toks[chunks[b].head].Lower
		p.cond = c.lx.is("conditionals", p.sub) || chunks[b].cond
		if b > 0 && chunks[b-1].kind == cComp {
			// "warned that if Israel attacked, its response would be ...":
			// fronted inside the that-clause; the clause after the comma
			// adopts it
			p.inComp = true
		}
		// attach to the clause the subordinator follows: the nearest
		// predicate that is not itself inside a relative clause
		for p.parent >= 0 && s.preds[p.parent].rel == relRelcl {
			p.parent = s.preds[p.parent].parent
		}
	case cConj:
		if subjStart < 0 {
			c.coordinate(s, p, prevPred)
		} else {
			// "A did X and B did Y": same standing as the clause before
			p.rel, p.parent = prev.rel, prev.parent
			p.cond, p.sub = prev.cond, prev.sub
		}
	case cComma:
		if subjStart < 0 {
			c.coordinate(s, p, prevPred)
			return
		}
		// ", X said": a new main-level clause
		p.rel, p.parent = relMain, -1
		if prev.rel == relCcomp && prev.parent >= 0 {
			p.rel, p.parent = prev.rel, prev.parent
		}
		// a comma after a fronted conditional: the main clause
		if prev.rel == relAdvcl && prev.parent < 0 {
			p.rel, p.parent = relMain, -1
		}
		// ... or the that-clause it was fronted in
		if prev.rel == relAdvcl && prev.inComp && prev.parent >= 0 {
			p.rel, p.parent, p.viaComp = relCcomp, prev.parent, true
			prev.parent = len(s.preds)
		}
	default:
		p.rel, p.parent = relMain, -1
	}
}

// gerundSubject attaches a finite verb whose subject is the gerund clause
// before it: "warned that supplying missiles to Kyiv would make NATO a
// party". The gerund becomes a child of the verb; the verb takes the
// gerund's place.
func (c *Coder) gerundSubject(s *sentState, p *pred, left0, prevPred int) bool {
	if prevPred < 0 {
		return false
	}
	g := &s.preds[prevPred]
	gv := &s.chunks[g.vg]
	if !gv.gerund || g.rel != relXcomp && g.rel != relMain {
		return false
	}
	// the gerund opens its clause: sentence start or right after "that"
	before := g.vg - 1
	if before >= 0 && s.chunks[before].kind != cComp {
		return false
	}
	// nothing but its own complement (no boundary) between it and the verb
	for j := left0; j < p.vg; j++ {
		switch s.chunks[j].kind {
		case cComp, cRel, cSub, cWh, cComma, cConj, cPunct, cVG:
			return false
		}
	}
	p.rel, p.parent, p.clause0 = g.rel, g.parent, g.vg
	p.viaComp = before >= 0
	if before >= 0 {
		p.rel = relCcomp
	}
	g.rel, g.parent = relXcomp, len(s.preds)
	return true
}

// coordinate makes p a second verb of the predicate before it ("met ...
// and agreed to ..."): same subject, same standing.
func (c *Coder) coordinate(s *sentState, p *pred, prevPred int) {
	// "to capitulate and give up": a bare verb after an infinitive is
	// another infinitive
	if vg := &s.chunks[p.vg]; s.toks[vg.head].Tag == "VB" && vg.modal == "" && s.chunks[s.preds[prevPred].vg].inf {
		prev := &s.preds[prevPred]
		p.rel, p.parent, p.sub, p.cond, p.wh = prev.rel, prev.parent, prev.sub, prev.cond, prev.wh
		p.objControl, p.antecedent = prev.objControl, prev.antecedent
		p.inheritSubj, p.coordOf = prevPred, prevPred
		return
	}
	// coordinate with the nearest predicate of the same level: skip the
	// previous one's own infinitive, gerund and relative children
	q := prevPred
	for q >= 0 && (s.preds[q].rel == relXcomp || s.preds[q].rel == relRelcl) && s.preds[q].parent >= 0 &&
		!s.chunks[p.vg].inf && !s.chunks[p.vg].gerund {
		q = s.preds[q].parent
	}
	// "Germany said tests showed X had been poisoned and demanded an
	// explanation": an act of speech coordinates with the speaker, not
	// with the clause reported
	if r := c.reporterOf(s, q, p); r >= 0 {
		q = r
	}
	prev := &s.preds[q]
	p.rel, p.parent, p.sub, p.cond, p.wh = prev.rel, prev.parent, prev.sub, prev.cond, prev.wh
	p.objControl, p.antecedent = prev.objControl, prev.antecedent
	p.inheritSubj, p.coordOf = q, q
}

// reporterOf returns, when the verb of p is an act of speech (demand,
// urge, accuse, reject, vow...) and q lies inside a reported clause, the
// reporting predicate above q; else -1.
func (c *Coder) reporterOf(s *sentState, q int, p *pred) int {
	if !c.speechAct(s, p) {
		return -1
	}
	for r := q; r >= 0; r = s.preds[r].parent {
		if s.preds[r].rel == relCcomp && s.preds[r].parent >= 0 {
			top := s.preds[r].parent
			for s.preds[top].rel == relCcomp && s.preds[top].parent >= 0 {
				top = s.preds[top].parent
			}
			return top
		}
		if s.preds[r].rel != relXcomp && s.preds[r].rel != relRelcl && s.preds[r].rel != relPartcl {
			break
		}
	}
	return -1
}

// speechAct reports a verb whose act is something said: reporting,
// content and intent verbs ("demanded", "accusing", "vowed", "rejecting").
func (c *Coder) speechAct(s *sentState, p *pred) bool {
	for _, e := range s.chunks[p.vg].lemmas {
		if len(e.particle) > 0 {
			continue
		}
		if e.report || e.xcomp == kContent || e.xcomp == kIntent {
			return true
		}
	}
	return false
}

// takesClause reports whether a predicate's verb takes a clause
// complement (reporting, content and frame verbs).
func (c *Coder) takesClause(s *sentState, p *pred) bool {
	for _, e := range c.readings(s, p) {
		if e.report || e.xcomp != kEvent {
			return true
		}
	}
	return false
}

// objectControl reports whether the verb's object is the subject of its
// infinitive or gerund ("urged X to", "ordered X to", "accused X of").
func (c *Coder) objectControl(s *sentState, p *pred) bool {
	for _, e := range c.readings(s, p) {
		switch e.xcomp {
		case kControl, kContent, kHypo, kCause:
			return true
		}
	}
	return false
}

// readings returns the entries a verb group may be read as: the bare
// verb's and those whose particle follows it.
func (c *Coder) readings(s *sentState, p *pred) []*entry {
	vg := &s.chunks[p.vg]
	out := s.entBuf[:0]
	if e, _ := c.pickEntry(s, p); e != nil {
		out = append(out, e)
	}
	for _, e := range vg.lemmas {
		if len(e.particle) == 0 && (len(out) == 0 || out[0] != e) {
			out = append(out, e)
		}
	}
	s.entBuf = out[:0]
	return out
}

func (c *Coder) attachNonFinite(s *sentState, p *pred, left0, k, prevPred int, inf bool) {
	chunks := s.chunks
	p.clause0 = p.vg
	if prevPred < 0 {
		// a sentence opening with a participle or infinitive: main-level,
		// subject unknown (taken from the first later clause is too risky)
		p.rel = relMain
		if !inf && k >= left0 && chunks[k].kind == cNP {
			// "Roads linking ..." as a fragment: subject is the phrase
			p.subj0, p.subj1 = c.subjectGroup(s, left0, k), k+1
			if p.subj0 < 0 {
				p.subj0, p.subj1 = p.vg, p.vg
			}
		}
		return
	}
	prev := &s.preds[prevPred]
	if k < left0 {
		// directly after the previous verb group: its complement
		p.rel, p.parent, p.inheritSubj = relXcomp, prevPred, prevPred
		return
	}
	last := &chunks[k]
	switch last.kind {
	case cComma:
		if inf {
			p.rel, p.parent, p.inheritSubj = relXcomp, prevPred, prevPred
			return
		}
		// "devoted to carrying forward X, fighting Y and building Z": a
		// list of gerunds after a gerund complement continues it
		if pq := &s.preds[prevPred]; pq.rel == relXcomp && pq.sub != "" && chunks[pq.vg].gerund && chunks[p.vg].gerund && c.gerundListAfter(s, p.vg) {
			p.rel, p.parent, p.sub, p.inheritSubj = pq.rel, pq.parent, pq.sub, pq.inheritSubj
			p.coordOf = prevPred
			return
		}
		// participle clause: the subject of the clause it follows
		q := prevPred
		for q >= 0 && (s.preds[q].rel == relRelcl || s.preds[q].wh || s.preds[q].cond ||
			s.preds[q].rel == relXcomp || s.preds[q].rel == relPartcl ||
			// "police fired at protesters after lawmakers approved tax
			// increases, killing several people": the toll is the main act's
			s.preds[q].rel == relAdvcl && c.lx.is("time_shift_subordinators", s.preds[q].sub)) && s.preds[q].parent >= 0 {
			// "accused Armenian forces of firing a missile at Ganja,
			// killing nine civilians": the toll is the accused act's, whose
			// subject is the accusation's object
			if pq := &s.preds[q]; pq.rel == relXcomp && pq.objControl && (pq.sub == "of" || pq.sub == "for") && chunks[pq.vg].gerund {
				break
			}
			q = s.preds[q].parent
		}
		// "said Guaido had won, rejecting the council's declaration": an
		// act of speech is the speaker's
		if r := c.reporterOf(s, q, p); r >= 0 {
			q = r
		}
		if q >= 0 && s.preds[q].wh {
			// "launched what it called X, shelling": skip the indirect question
			if s.preds[q].parent >= 0 {
				q = s.preds[q].parent
			}
		}
		p.rel, p.parent, p.inheritSubj = relPartcl, q, q
	case cConj:
		// "killing ... and taking ...", "to close ... and to impose ..."
		for q := prevPred; q >= 0; q-- {
			pq := &s.preds[q]
			vq := &chunks[pq.vg]
			if (inf && vq.inf) || (!inf && (vq.gerund || vq.partic)) {
				p.rel, p.parent, p.inheritSubj, p.sub = pq.rel, pq.parent, pq.inheritSubj, pq.sub
				p.objControl = pq.objControl
				p.subj0, p.subj1 = pq.subj0, pq.subj1
				if pq.inheritSubj < 0 && pq.subj1 > pq.subj0 {
					p.inheritSubj = q
				}
				return
			}
			if q < prevPred-3 {
				break
			}
		}
		p.rel, p.parent, p.inheritSubj = relXcomp, prevPred, prevPred
	case cPrep:
		// gerund after a preposition: "refrained from sending", "accused X of flying"
		p.rel, p.parent, p.sub = relXcomp, prevPred, s.toks[last.head].Lower
		p.inheritSubj = prevPred
		// an object between the verb and the preposition controls the gerund:
		// "accused X of flying", "sanctioned X for supplying", "charged X with spying"
		pw := s.toks[last.head].Lower
		if k-1 > prev.vg && chunks[k-1].kind == cNP && (c.objectControl(s, prev) || pw == "for" || pw == "of" || pw == "with") {
			// "accused the US and Seoul of", "voicing indignation at the
			// regime for having seized": the noun group just before
			start := k - 1
			for start-2 > prev.vg && (chunks[start-1].kind == cConj || chunks[start-1].kind == cComma) && chunks[start-2].kind == cNP {
				start -= 2
			}
			p.subj0, p.subj1 = start, k
			p.inheritSubj, p.objControl = -1, true
		}
		if inf {
			p.inheritSubj = prevPred
		}
	case cNP:
		if !inf && k-1 >= left0 && chunks[k-1].kind == cPrep && s.toks[chunks[k-1].head].Lower == "with" &&
			(k-2 < 0 || chunks[k-2].kind == cComma) {
			// ", with Trump calling it historic": an absolute construction
			// whose subject is the phrase after "with"
			p.rel, p.parent = relPartcl, prevPred
			p.subj0, p.subj1 = k, k+1
			return
		}
		if inf && k-1 >= left0 && chunks[k-1].kind == cPrep && s.toks[chunks[k-1].head].Lower == "for" {
			// "it is time for Russia to withdraw": the phrase after "for" is the subject
			p.rel, p.parent = relXcomp, prevPred
			p.subj0, p.subj1, p.objControl = k, k+1, true
			return
		}
		if inf {
			// "ordered units along the border to be ready" (object control)
			// or "summoned the ambassador to demand" (purpose: subject control)
			p.rel, p.parent = relXcomp, prevPred
			if c.objectControl(s, prev) {
				start := c.objectStart(s, prev.vg+1, k)
				p.subj0, p.subj1, p.objControl = start, k+1, true
				// the object noun group ends before a trailing prepositional phrase
				p.subj1 = c.objectEnd(s, start, k+1)
			} else {
				p.inheritSubj = prevPred
			}
			return
		}
		// "roads linking it to ...", "a deal brokered by China": a reduced
		// relative clause on the phrase before; a past participle is passive
		p.rel, p.parent, p.antecedent = relRelcl, prevPred, k
		// "a resolution on Thursday declaring ...": a time phrase is no
		// antecedent; the phrase before it is
		if ch := &chunks[k]; c.timeNP(s, ch) && k-2 >= left0 && chunks[k-1].kind == cPrep && chunks[k-2].kind == cNP && !c.timeNP(s, &chunks[k-2]) {
			p.antecedent = k - 2
		}
		if vg := &chunks[p.vg]; vg.partic {
			vg.passive = true
		}
	case cComp, cRel, cSub, cWh:
		p.rel, p.parent, p.inheritSubj = relXcomp, prevPred, prevPred
	default:
		p.rel, p.parent, p.inheritSubj = relXcomp, prevPred, prevPred
	}
}

// objectStart returns the first NP chunk at or after from (the object of a
// verb), bounded by k.
func (c *Coder) objectStart(s *sentState, from, k int) int {
	for j := from; j <= k; j++ {
		if s.chunks[j].kind == cNP {
			return j
		}
	}
	return k
}

// objectEnd returns the end of a noun group starting at start within
// [start, end): the phrase and its "of" or coordinated continuations, but
// not locative phrases ("units along the border").
func (c *Coder) objectEnd(s *sentState, start, end int) int {
	j := start + 1
	for j+1 < end {
		ch := &s.chunks[j]
		if ch.kind == cPrep && s.toks[ch.head].Lower == "of" && s.chunks[j+1].kind == cNP {
			j += 2
			continue
		}
		if ch.kind == cConj && s.chunks[j+1].kind == cNP {
			j += 2
			continue
		}
		break
	}
	return j
}

// ingForm returns the -ing form of a predicate's verb ("killed" →
// "killing"), for lists written in that form.
func (c *Coder) ingForm(s *sentState, p *pred) string {
	w := s.toks[s.chunks[p.vg].head].Lower
	for _, e := range s.chunks[p.vg].lemmas {
		if len(e.particle) == 0 {
			for _, f := range c.lx.irr.verbForms(e.head) {
				if strings.HasSuffix(f, "ing") {
					return f
				}
			}
		}
	}
	return w
}

// skipFrontedAdjuncts returns, when chunk k ends adverbial phrases that
// follow an appositive's closing comma and precede the verb ("Kim Yo Jong,
// vice director of the department, in a press statement on Wednesday
// slammed"), the index of that comma; else k.
func (c *Coder) skipFrontedAdjuncts(s *sentState, left0, k int) int {
	chunks := s.chunks
	j := k
	for j-1 >= left0 && chunks[j].kind == cNP && chunks[j-1].kind == cPrep {
		j -= 2
	}
	if j == k || j < left0 || chunks[j].kind != cComma || j-1 < left0 || chunks[j-1].kind != cNP {
		return k
	}
	if !c.lx.is("adjunct_preps", s.toks[chunks[j+1].head].Lower) || chunks[j+1].kind != cPrep {
		return k
	}
	// the phrase after the first preposition must be an adverbial one: a
	// statement, an interview, a time ("in a statement", "on Thursday")
	if first := &chunks[j+2]; first.headActor >= 0 || !(c.timeNP(s, first) || c.lx.is("statement_nouns", s.toks[first.head].Lower)) {
		return k
	}
	return j
}

// skipAppositive returns, when chunk k closes an appositive or a
// parenthetical phrase after a noun phrase ("Lloyd Austin, the US defence
// secretary,", "Russia, on Monday,"), the index of that noun phrase; else k.
func (c *Coder) skipAppositive(s *sentState, left0, k int) int {
	chunks := s.chunks
	if k < left0 || k < 0 || chunks[k].kind != cComma {
		return k
	}
	// "Several Western countries, including A, B and C,": a list
	for j := k - 1; j > left0 && j > k-14; j-- {
		ch := &chunks[j]
		if ch.kind == cPrep && c.lx.is("list_openers", s.toks[ch.head].Lower) && chunks[j-1].kind == cComma &&
			j-2 >= left0 && chunks[j-2].kind == cNP {
			return j - 2
		}
		if ch.kind != cNP && ch.kind != cConj && ch.kind != cComma && ch.kind != cPrep && ch.kind != cAdv {
			break
		}
	}
	j := k - 1
	conj := false
	for j >= left0 && (chunks[j].kind == cNP || chunks[j].kind == cPrep || chunks[j].kind == cAdv ||
		chunks[j].kind == cConj && s.toks[chunks[j].head].Lower == "and") {
		conj = conj || chunks[j].kind == cConj
		j--
	}
	if j < left0+1 || j == k-1 || chunks[j].kind != cComma || chunks[j-1].kind != cNP {
		return k
	}
	// "Kim Jong Un, general secretary of the party and president of the
	// state,": two titles joined by "and" are one appositive; "Russia,
	// China and Iran" is a list
	if conj && !c.titleNP(s, &chunks[j+1]) {
		return k
	}
	// the appositive is a noun phrase or a prepositional phrase, not a list
	// ("A, B, C and D" has a conjunction and is no appositive)
	if f := &chunks[j+1]; f.kind != cNP && f.kind != cPrep && f.kind != cAdv {
		return k
	}
	// a date is no appositive subject: "On Monday, June 3, ..." leaves it to the clause
	return j - 1
}

// titleNP reports a phrase naming an office and no one's name: "general
// secretary", "the vice department director", "a senior official".
func (c *Coder) titleNP(s *sentState, ch *chunk) bool {
	if ch.kind != cNP {
		return false
	}
	if ch.headActor >= 0 {
		a := &s.acts[ch.headActor]
		office := false
		for i := ch.start; i < ch.end; i++ {
			office = office || c.lx.is("person_nouns", s.toks[i].Lower)
		}
		switch {
		case a.kind == actor.Person, a.kind == actor.IGO:
			return false // a named person: a list, not a title
		case (a.kind == actor.Country || a.kind == actor.Demonym || a.kind == actor.Metonym) && (a.role == "" || !office):
			return false // a state; but "minister of Defence of the Russian Federation" is an office
		}
	}
	// "general secretary of the WPK" (an office named with its party)
	for i := ch.start; i < ch.end; i++ {
		if low := s.toks[i].Lower; c.lx.is("person_nouns", low) || c.lx.is("role_heads", low) {
			return true
		}
	}
	return false
}

// modifierBefore recognises a participle or relative clause (with its own
// nested clauses, predicates m..prevPred) between a noun phrase a and the
// finite verb being attached, whose left region ends at chunk k: the
// phrase a is that verb's subject. Commas must balance: ", backed by tanks,"
// or none at all ("commandos armed with knives boarded").
func (c *Coder) modifierBefore(s *sentState, left0, k, prevPred int) (m, a int, ok bool) {
	chunks := s.chunks
	if prevPred < 0 {
		return 0, 0, false
	}
	trailing := k >= left0 && k >= 0 && chunks[k].kind == cComma
	if !trailing {
		// without commas the verb's left region holds only the
		// modifier's complement: no boundary
		for j := left0; j <= k; j++ {
			switch chunks[j].kind {
			case cConj:
				// "personnel wielding knives and axes rammed": things,
				// not actors, on both sides of the conjunction are the
				// modifier's coordinated object
				if j > left0 && j < k && chunks[j-1].kind == cNP && chunks[j+1].kind == cNP &&
					chunks[j-1].act0 == chunks[j-1].act1 && chunks[j+1].act0 == chunks[j+1].act1 {
					continue
				}
				return 0, 0, false
			case cComp, cRel, cSub, cWh, cComma, cPunct, cAttrib:
				return 0, 0, false
			}
		}
	}
	for m = prevPred; m >= 0 && m >= prevPred-3; m-- {
		pm := &s.preds[m]
		mv := &chunks[pm.vg]
		opener := -1
		isRel := false
		switch {
		case pm.rel == relRelcl && pm.clause0 > 0 && chunks[pm.clause0-1].kind == cRel:
			opener, isRel = pm.clause0-1, true
		case mv.inf:
			// "any attempt to violate the airspace would meet": an
			// infinitive on the subject, no commas
			if !trailing && pm.vg > 0 && chunks[pm.vg-1].kind == cNP && m == prevPred-len(s.preds[m].children) {
				opener = pm.vg
			}
		case mv.gerund || mv.partic || mv.wasPartic:
			opener = pm.vg
		}
		if opener < 0 {
			continue
		}
		for opener > 0 && chunks[opener-1].kind == cAdv {
			opener-- // ", also ruled by military juntas,"
		}
		// the predicates after m are inside the modifier
		inside := true
		for q := m + 1; q <= prevPred; q++ {
			if s.preds[q].parent < m && s.preds[q].coordOf < m && s.preds[q].inheritSubj < m && !c.subInsideRelative(s, m, q) {
				inside = false
			}
		}
		if !inside {
			continue
		}
		before := opener - 1
		openComma := before >= 0 && chunks[before].kind == cComma
		if openComma {
			before--
		}
		if before < 0 || chunks[before].kind != cNP || openComma != trailing {
			continue
		}
		byPhrase := mv.partic && pm.vg+1 < len(chunks) && chunks[pm.vg+1].kind == cPrep && s.toks[chunks[pm.vg+1].head].Lower == "by"
		if !openComma && !isRel && !byPhrase {
			if c.takesClause(s, pm) || mv.gerund && pm.vg+1 < len(chunks) && chunks[pm.vg+1].kind != cNP && chunks[pm.vg+1].kind != cPrep {
				continue
			}
		}
		for x := opener; x < k; x++ {
			if chunks[x].kind == cPunct {
				return 0, 0, false
			}
		}
		return m, before, true
	}
	return 0, 0, false
}

// gerundListAfter reports "and" or "or" followed by a gerund after chunk k:
// the gerund at k is one of a list ("carrying X, fighting Y and building Z").
func (c *Coder) gerundListAfter(s *sentState, k int) bool {
	for j := k + 1; j+1 < len(s.chunks); j++ {
		ch := &s.chunks[j]
		if ch.kind == cPunct {
			return false
		}
		if ch.kind == cConj && s.chunks[j+1].kind == cVG && s.chunks[j+1].gerund {
			return true
		}
	}
	return false
}

// subInsideRelative reports a subordinate clause q ("after the Houthis
// seized Sanaa") inside a relative clause m that opens the sentence on its
// subject ("The war, which began in 2014 shortly after the Houthis seized
// Sanaa, has killed"): the first predicate had no clause to attach to, so q
// was left at the top; it belongs to the relative clause.
func (c *Coder) subInsideRelative(s *sentState, m, q int) bool {
	pm, pq := &s.preds[m], &s.preds[q]
	return pm.parent < 0 && pm.rel == relRelcl && pm.clause0 > 0 && s.chunks[pm.clause0-1].kind == cRel &&
		pq.parent < 0 && pq.rel == relAdvcl && q > m
}
