package coder

import (
	"slices"
	"strings"

	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/timex"
)

// Matching: each predicate is read against the verb dictionary, in the frame
// its clause stands in (fact, reported, intended, denied, conditional), and
// yields candidate events.

// cand is a candidate event of one sentence.
type cand struct {
	src, tgt  actRef
	hasTgt    bool
	code      string
	base      string // the act's code before an intent map re-coded it
	where     string
	conf      float64
	neg, hypo bool
	sentStart int
	sentEnd   int
	sentence  string
	date      string
	location  string
	pred      int
	lemma     string // the verb or noun that matched
}

// frame is the standing of a clause: what the clauses above it say about it.
type frame struct {
	neg, hypo bool
	intent    bool     // a stated intent: codes go through the intent map
	report    bool     // inside reported speech ("said it would": intent, not condition)
	reporter  []actRef // who reports the clause ("the DPRK reported that ...")
	joint     bool     // under a joint frame ("A and B agreed to V"): pairwise when V names no target
	src       []actRef // the source imposed by a command ("ordered X to V")
	hasSrc    bool
	inhTgt    []actRef // a participle clause's target, from its main clause
}

// codeSentence codes every predicate of the sentence.
func (c *Coder) codeSentence(s *sentState, art *articleState) {
	start := len(art.evs)
	// the voice of the article: a state news agency's commentary speaks
	// for its state ("The war drills are a dangerous provocation")
	top := frame{}
	if art.voice.valid() {
		top.reporter = []actRef{art.voice}
	}
	for i := range s.preds {
		if s.preds[i].parent < 0 && !s.preds[i].visited {
			c.visit(s, art, i, top)
		}
	}
	for i := range s.preds {
		if !s.preds[i].visited {
			c.visit(s, art, i, top)
		}
	}
	c.shareTargets(art.evs[start:])
	c.reactionTargets(s, art.evs[start:])
	c.adversaryTargets(s, art, art.evs[start:])
	// acts aimed at someone are events only when the text names whom
	evs := art.evs[start:]
	for i := range evs {
		e := &evs[i]
		if !e.hasTgt && e.src.valid() && cameo.Root(e.code) == "14" && nonState(e.src.role) && !isIGO(e.src.country) {
			// people protest against their government unless the text names
			// another target
			e.tgt = actRef{code: e.src.country + "GOV", country: e.src.country, role: "GOV"}
			e.hasTgt = true
		}
	}
	for i := range evs {
		e := &evs[i]
		// "security forces arrested more than 1,000 people", "militants
		// abducted 40 schoolgirls": a state's own forces, or its armed
		// groups, acting on people the text gives no nationality are acting
		// on its civilians
		if !e.hasTgt && e.src.valid() && !isIGO(e.src.country) && (e.src.role == "COP" || e.src.role == "MIL" || e.src.role == "GOV" || e.src.role == "" || e.src.role == "REB") &&
			(cameo.Root(e.code) == "17" || cameo.Root(e.code) == "18") && c.peopleObject(s, e.pred) {
			e.tgt = actRef{code: e.src.country + "CVL", country: e.src.country, role: "CVL"}
			e.hasTgt = true
		}
	}
	for i := range evs {
		base := evs[i].base
		if base == "" {
			base = evs[i].code
		}
		if !evs[i].hasTgt && (!c.lx.targetless(evs[i].code) || !c.lx.targetless(base)) {
			evs[i].code = ""
		}
	}
}

// reactionTargets gives a hostile act or show of force that names no
// target the author of the act it answers: "fired artillery near the
// border in response to South Korea's drills", "expelled diplomats in
// retaliation for Poland's decision".
func (c *Coder) reactionTargets(s *sentState, evs []cand) {
	for i := range evs {
		e := &evs[i]
		if e.hasTgt || !e.src.valid() || e.code == "" || e.pred < 0 || e.pred >= len(s.preds) {
			continue
		}
		if r := cameo.Root(e.code); !wantsTarget(e.code) && r != "15" {
			continue
		}
		// "fired warning shots after North Korean soldiers crossed the
		// line": the subject of the clause it reacted to
		if a, ok := c.reactedClauseActor(s, e); ok {
			e.tgt, e.hasTgt = a, true
			e.tgt.pron = true
			e.conf -= 0.1
			continue
		}
		if c.bareResponse(s, e.pred) {
			// "Taipei scrambled jets in response": aimed at whoever acted
			// against it before
			if a, ok := c.answered(evs[:i], e, s.mem, true); ok {
				e.tgt, e.hasTgt = a, true
				e.conf -= 0.15
				continue
			}
		}
		for k := s.preds[e.pred].vg + 1; k+3 < len(s.chunks); k++ {
			pc, nc, tp := &s.chunks[k], &s.chunks[k+1], &s.chunks[k+2]
			if pc.kind != cPrep || nc.kind != cNP || tp.kind != cPrep || s.chunks[k+3].kind != cNP ||
				!c.lx.is("reaction_heads", s.toks[nc.head].Lower) {
				continue
			}
			switch s.toks[pc.head].Lower {
			case "in", "as":
			default:
				continue
			}
			var found []actRef
			for _, g := range c.npGroup(s, k+3, len(s.chunks)) {
				gc := &s.chunks[g]
				for a := gc.act0; a < gc.act1; a++ {
					if ac := s.acts[a]; !ac.place() && !c.sameActor(ac, []actRef{e.src}) {
						found = append(found, ac)
						break
					}
				}
			}
			if len(found) == 0 {
				found = c.nestedActors(s, k+3, len(s.chunks), []actRef{e.src})
			}
			if len(found) > 0 {
				e.tgt, e.hasTgt = found[0], true
				e.tgt.pron = true
				e.conf -= 0.1
			}
			break
		}
	}
}

// bareResponse reports "in response" or "in retaliation" with nothing
// after it in predicate pi's clause.
func (c *Coder) bareResponse(s *sentState, pi int) bool {
	p := &s.preds[pi]
	for k := p.vg + 1; k+1 < p.comp1 && k+1 < len(s.chunks); k++ {
		if pc, nc := &s.chunks[k], &s.chunks[k+1]; pc.kind == cPrep && s.toks[pc.head].Lower == "in" && nc.kind == cNP &&
			nc.end-nc.start == 1 && c.lx.is("reaction_heads", s.toks[nc.head].Lower) &&
			(k+2 >= len(s.chunks) || s.chunks[k+2].kind != cPrep) {
			return true
		}
	}
	return false
}

// reactedClauseActor returns the state that is the subject of an
// "after"/"when"/"because" clause of e's predicate, another state than e's
// source.
func (c *Coder) reactedClauseActor(s *sentState, e *cand) (actRef, bool) {
	for _, ch := range s.preds[e.pred].children {
		cp := &s.preds[ch]
		if cp.rel != relAdvcl || cp.cond || !c.lx.is("reaction_subordinators", cp.sub) && cp.sub != "when" {
			continue
		}
		for _, a := range c.sources(s, ch, frame{}) {
			if a.valid() && !a.place() && !isIGO(a.country) && a.country != e.src.country {
				return a, true
			}
		}
	}
	return actRef{}, false
}

// shareTargets gives a hostile act with no target the target of another
// act of the same source in the same sentence: "launched operations,
// shelling Armenian positions", "would scrap the accord and deploy weapons".
func (c *Coder) shareTargets(evs []cand) {
	for i := range evs {
		e := &evs[i]
		if e.hasTgt || !e.src.valid() || !wantsTarget(e.code) {
			continue
		}
		for j := range evs {
			o := &evs[j]
			if j != i && o.hasTgt && o.src.country == e.src.country && wantsTarget(o.code) && o.neg == e.neg && (!o.hypo || e.hypo) {
				e.tgt, e.hasTgt = o.tgt, true
				e.conf -= 0.1
				break
			}
		}
	}
}

// adversaryTargets gives a hostile act that names no target the source's
// last hostile counterpart in the article ("Islamabad vowed to retaliate"
// after India's strikes), at lower confidence; and remembers the pairs of
// states the sentence's events join.
func (c *Coder) adversaryTargets(s *sentState, art *articleState, evs []cand) {
	mem := &art.mem
	for i := range evs {
		e := &evs[i]
		if resp := c.lx.is("response_lemmas", e.lemma) || c.meansOfResponse(s, e.pred); !e.hasTgt && e.src.valid() && e.code != "" && !e.neg &&
			(resp || cameo.QuadOf(e.code) == cameo.VerbalConflict && !nonState(e.src.role)) {
			// "..., and South Korean troops fired back": the answer is aimed
			// at whoever acted against the responder; "..., and Hezbollah
			// vowed revenge": so is a threat or condemnation
			if a, ok := c.answered(evs[:i], e, mem, resp); ok {
				e.tgt, e.hasTgt = a, true
				e.conf -= 0.15
				continue
			}
		}
		deesc := strings.HasPrefix(e.code, "087") // "halted its propaganda broadcasts": toward its adversary
		if e.hasTgt || !e.src.valid() || e.code == "" || !wantsTarget(e.code) && !deesc || e.neg || e.hypo ||
			(cameo.QuadOf(e.code) != cameo.VerbalConflict && cameo.Root(e.code) != "16" && !deesc) || nonState(e.src.role) {
			continue // a threat or demand aimed at no one named; not an expulsion, not the opposition's call
		}
		if adv, ok := mem.adversary[e.src.country]; ok && adv.country != e.src.country {
			e.tgt, e.hasTgt = adv, true
			e.tgt.pron = true
			e.conf -= 0.2
		}
	}
	for i := range evs {
		e := &evs[i]
		if e.code != "" && e.src.valid() && !e.neg && !e.hypo && !isIGO(e.src.country) {
			switch cameo.Root(e.base) {
			case "18", "19", "20":
				if e.hasTgt { // an attack on someone, not air defences at work
					mem.addForce(e.src)
				}
			case "15":
				mem.addForce(e.src)
			case "06":
				if e.base == "062" { // joint drills are a show of force to their adversary
					mem.addForce(e.src)
				}
			}
		}
		if !e.hasTgt || !e.src.valid() || !e.tgt.valid() || e.src.country == e.tgt.country {
			continue
		}
		a, b := e.src, e.tgt
		a.code, a.role, b.code, b.role = a.country, "", b.country, ""
		mem.dyad, mem.hasDyad = [2]actRef{a, b}, true
		if q := cameo.QuadOf(e.code); q == cameo.VerbalConflict || q == cameo.MaterialConflict {
			if mem.adversary == nil {
				mem.adversary = map[string]actRef{}
			}
			mem.adversary[a.country], mem.adversary[b.country] = b, a
		}
	}
}

// meansOfResponse reports that predicate pi is the "by" gerund of a verb
// of response ("hit back by blacklisting ten Europeans").
func (c *Coder) meansOfResponse(s *sentState, pi int) bool {
	if pi < 0 || pi >= len(s.preds) || s.preds[pi].sub != "by" || s.preds[pi].parent < 0 {
		return false
	}
	for _, le := range s.chunks[s.preds[s.preds[pi].parent].vg].lemmas {
		if c.lx.is("response_lemmas", le.lemma) {
			return true
		}
	}
	return false
}

// answered returns whom a response by src answers: the source of the
// last hostile act before it in the sentence by another state, aimed at
// src or at no one named ("Russian troops shelled the village, and
// Ukrainian forces fired back"); else src's last adversary in the article.
func (c *Coder) answered(before []cand, e *cand, mem *memory, article bool) (actRef, bool) {
	src := e.src
	for j := len(before) - 1; j >= 0; j-- {
		o := &before[j]
		if o.code == "" || o.neg || !o.src.valid() || o.src.country == src.country || o.pred == e.pred {
			continue
		}
		if q := cameo.QuadOf(o.code); q != cameo.MaterialConflict && q != cameo.VerbalConflict {
			continue
		}
		if o.hasTgt && o.tgt.country != src.country {
			continue
		}
		return o.src, true
	}
	if adv, ok := mem.adversary[src.country]; ok && article && adv.country != src.country {
		adv.pron = true
		return adv, true
	}
	return actRef{}, false
}

// wantsTarget reports codes whose act is aimed at someone: demands,
// disapproval, rejection, threats, sanctions, coercion and force.
func wantsTarget(code string) bool {
	switch cameo.Root(code) {
	case "10", "11", "12", "13", "16", "17", "18", "19", "20":
		return true
	}
	return false
}

// reading is a matched pattern with its actors.
type reading struct {
	nounK    int // the event noun's chunk of a nominal reading (set by nominalObject), else 0
	pat      *pattern
	lemma    string
	srcs     []actRef
	tgts     []actRef
	conf     float64
	nominal  bool
	fromComp bool
}

// visit codes predicate pi in frame fr and its clause children; it returns
// the candidates it produced (for content verbs refining their code).
func (c *Coder) visit(s *sentState, art *articleState, pi int, fr frame) []cand {
	p := &s.preds[pi]
	if p.visited {
		return nil
	}
	p.visited = true
	vg := &s.chunks[p.vg]
	lx := c.lx
	own := fr
	own.neg = fr.neg || vg.neg || c.noSignBefore(s, p) || c.negatedBefore(s, p)
	hasCond := c.hasCondChild(s, p)
	modal := vg.modal
	if modal == "" && p.coordOf >= 0 {
		// "would scrap the accord and deploy weapons": the modal distributes
		modal = s.chunks[s.preds[p.coordOf].vg].modal
		if s.chunks[s.preds[p.coordOf].vg].neg {
			own.neg = true
		}
	}
	if modal != "" {
		switch {
		case lx.is("future_modals", modal):
			own.intent = true
		case modal == "would" && fr.report && !hasCond:
			own.intent = true
		case lx.is("hypothetical_modals", modal):
			own.hypo = true
		}
	}
	modalHypo := own.hypo && !fr.hypo
	// "said the U.S. would face retaliation if it dared": a reported
	// threat keeps its condition; it is a threat, not a hypothesis
	condThreat := modal == "would" && fr.report && hasCond && !fr.hypo && !own.neg
	if p.cond || p.wh {
		own.hypo = true
	}
	// "reported that X had allegedly violated its airspace": the reporter
	// accuses X; the violation is not a fact
	p.alleged = c.allegedPred(s, p) || p.coordOf >= 0 && s.preds[p.coordOf].alleged || p.faulted ||
		len(fr.reporter) > 0 && c.blamePred(s, p)
	if p.alleged {
		own.hypo = true
	}
	saved := s.reporter
	s.reporter = own.reporter
	defer func() { s.reporter = saved }()
	start := len(art.evs)
	if condThreat {
		defer func() {
			for i := start; i < len(art.evs); i++ {
				if e := &art.evs[i]; e.pred == pi && cameo.Root(e.code) == "13" {
					e.hypo = false
				}
			}
		}()
	}
	e, pend := c.pickEntry(s, p)
	if pend > 0 {
		p.particleEnd = pend
		// "shot dead at least 58 Palestinians": a particle the chunker
		// put inside the next noun phrase leaves it
		for k := p.vg + 1; k < len(s.chunks) && s.chunks[k].start < pend; k++ {
			if ch := &s.chunks[k]; ch.kind == cNP && ch.end > pend && ch.head >= pend {
				ch.start = pend
			}
		}
	}
	consumed := make([]bool, len(p.children))
	xcomps, ccomps := false, false
	for _, ch := range p.children {
		switch s.preds[ch].rel {
		case relXcomp:
			xcomps = true
		case relCcomp:
			ccomps = true
		}
	}
	var out []cand
	switch {
	case e != nil && e.xcomp == kContent && (xcomps || ccomps || c.hasObject(s, p) && !e.refineOnly):
		childFr := own
		childFr.inhTgt = nil
		childFr.intent, childFr.report = false, true
		if e.negComp {
			childFr.neg = true
		} else {
			childFr.hypo = true
		}
		var childCands []cand
		for k, ch := range p.children {
			if r := s.preds[ch].rel; r == relXcomp || r == relCcomp {
				consumed[k] = true
				childCands = append(childCands, c.visit(s, art, ch, childFr)...)
			}
		}
		if rd, ok := c.matchEntry(s, p, e, own, childCands); ok {
			out = append(out, c.emit(s, art, p, rd, own)...)
		}
	case e != nil && e.cease != nil && xcomps:
		// "stopped shelling the town": the shelling is over (flagged), the
		// stopping is the event, coded through the cease map
		childFr := own
		childFr.inhTgt = nil
		childFr.neg = true
		childFr.intent = false
		for k, ch := range p.children {
			if s.preds[ch].rel != relXcomp {
				continue
			}
			consumed[k] = true
			for _, cd := range c.visit(s, art, ch, childFr) {
				out = append(out, c.ceased(s, art, p, e, cd, own)...)
			}
		}
	case e != nil && xcomps && e.xcomp != kEvent && e.xcomp != kContent:
		childFr := own
		childFr.inhTgt = nil
		childFr.report = fr.report
		childFr.joint = e.xjoint
		switch e.xcomp {
		case kIntent:
			childFr.intent = true
		case kNegative:
			childFr.neg = true
		case kHypo:
			childFr.hypo = true
		case kControl:
			childFr.src, childFr.hasSrc = c.sources(s, pi, own), true
		case kCause:
			// "prompting the South to respond with artillery": the response
			// is aimed at whoever prompted it
			childFr.inhTgt = c.sources(s, pi, own)
		}
		// a conditioned pattern of the verb itself ("units are ready to
		// fire": alert) makes the infinitive a mere possibility — unless
		// what they stand ready to do is force, which is a threat ("ready
		// to deal a merciless blow at the enemies")
		rd, ok := c.matchEventPatterns(s, p, e, own, true)
		if ok && e.xcomp == kIntent {
			mark := len(art.evs)
			var kids []cand
			for k, ch := range p.children {
				if s.preds[ch].rel == relXcomp {
					consumed[k] = true
					kids = append(kids, c.visit(s, art, ch, childFr)...)
				}
			}
			threat := false
			for _, cd := range kids {
				if cameo.Root(cd.code) == "13" && !cd.neg && !cd.hypo && cd.hasTgt {
					threat = true // aimed at someone; "ready to open fire" alone is an alert
				}
			}
			if threat {
				out = append(out, kids...)
				break
			}
			for i := mark; i < len(art.evs); i++ {
				art.evs[i].hypo = true
			}
			out = append(out, c.emit(s, art, p, rd, own)...)
			break
		}
		if ok {
			out = append(out, c.emit(s, art, p, rd, own)...)
			childFr = own
			childFr.hypo = true
		}
		for k, ch := range p.children {
			if s.preds[ch].rel == relXcomp {
				consumed[k] = true
				kids := c.visit(s, art, ch, childFr)
				out = append(out, kids...)
				// "agreed not to use force against each other": renouncing
				// force de-escalates
				if e.xcomp == kSame && !own.neg && (s.chunks[s.preds[ch].vg].neg || c.negatedBefore(s, &s.preds[ch])) {
					if ce := c.lx.byVerb["stop"]; ce != nil && ce.cease != nil {
						for _, cd := range kids {
							if r := cameo.Root(cd.base); r == "18" || r == "19" || r == "20" {
								cd.neg = false
								out = append(out, c.ceased(s, art, p, ce, cd, own)...)
							}
						}
					}
				}
			}
		}
	default:
		// own reading: light noun, event pattern, eventive subject
		nounK := -1
		// "banned imports ..., hitting back at Western sanctions": a
		// response participle says what the main act was, it is no other
		means := c.responseMeans(s, p, e) || p.rel == relPartcl && e != nil && c.lx.is("response_lemmas", e.lemma)
		if rd, ok := c.ownReading(s, p, own); ok && !means {
			if rd.nominal {
				nounK = rd.nounK
				// "seeking a war against the north", "planned an offensive":
				// an intent verb's event noun is intended, not done
				for _, le := range vg.lemmas {
					if len(le.particle) == 0 && le.xcomp == kIntent {
						own.intent = true
					}
				}
			}
			out = append(out, c.emit(s, art, p, rd, own)...)
			if rd.nominal && rd.nounK > 0 {
				// "declared martial law and a general mobilisation": each
				// event noun of the object is an act
				for _, more := range c.moreNominals(s, p, own, rd, e) {
					out = append(out, c.emit(s, art, p, more, own)...)
				}
			}
		} else if !ok && !means && own.intent && !own.neg && e != nil && c.lx.is("response_lemmas", e.lemma) && !xcomps && !ccomps &&
			!c.prepHolds(s, c.compStart(s, p), p.comp1, &pattern{prep: []string{"to", "with", "by"}}) {
			// "said the United States would respond proportionally": a
			// vowed response is a threat, aimed at whom it answers
			if srcs := c.sources(s, pi, own); len(srcs) > 0 {
				rd := reading{pat: &pattern{code: "190", where: "grammar:response"}, srcs: srcs, conf: 0.6, lemma: e.lemma}
				out = append(out, c.emit(s, art, p, rd, own)...)
			}
		}
		// clause complements: reported (report verbs) or, under verbs the
		// dictionary does not know, kept but flagged hypothetical
		for k, ch := range p.children {
			r := s.preds[ch].rel
			if r != relXcomp && r != relCcomp {
				continue
			}
			consumed[k] = true
			childFr := own
			childFr.inhTgt = nil
			childFr.report = true
			if c.lx.is("factive_verbs", s.toks[vg.head].Lower) {
				// "had better not forget that X is ready": X is so
				childFr.neg = fr.neg
			}
			if modalHypo && !p.alleged {
				// "it should be noted that X did Y": the modal is the writer's
				childFr.hypo = fr.hypo || p.cond || p.wh
			}
			if r == relCcomp {
				childFr.reporter = c.sources(s, pi, own)
			}
			known := e != nil && (e.report || e.xcomp != kEvent)
			if !known {
				known = c.anyReport(vg)
			}
			if cv := s.preds[ch].vg; r == relXcomp && s.chunks[cv].gerund && cv >= 2 && s.chunks[cv-1].kind == cPrep && s.chunks[cv-2].kind == cNP &&
				c.lx.is("topic_preps", s.toks[s.chunks[cv-1].head].Lower) && !s.chunks[cv-2].gerund {
				// "a referendum on joining Russia", "talks about ending the
				// war": the topic of a noun, not an act
				childFr.hypo = true
			} else if r == relXcomp && p.rel == relRelcl && vg.passive && (vg.partic || vg.wasPartic) {
				// "a life devoted to fighting X", "drills aimed at invading
				// the north": what a participle describes its noun as meant for
				childFr.hypo = true
			} else if r == relXcomp && vg.copula && c.infinitiveLike(s, ch) {
				// "it is important to conclude a treaty", "it was their
				// scenario to unleash a war": what is judged, not done
				childFr.hypo = true
			} else if cv := s.preds[ch].vg; r == relXcomp && nounK > 0 && cv-1 == nounK && s.chunks[cv].inf {
				// "cooked up an agreement to stage drills": the agreement
				// was coded; what it provides for is not another act
				childFr.hypo = true
			} else if r == relXcomp && !known && (c.lx.is("temporal_preps", s.preds[ch].sub) || c.purposeDone(s, p, &s.preds[ch]) ||
				s.preds[ch].sub == "by" && s.chunks[s.preds[ch].vg].gerund) {
				// "after cutting ties with Taiwan": it happened; "crossed the
				// line to greet Kim": a visit's purpose is met on arrival;
				// "retaliated by expelling 23 diplomats": the means is done
			} else if r == relXcomp && !known {
				childFr.hypo = true
				// "examining a plan to fire missiles", "announced a decision
				// to withdraw": the noun before the infinitive frames it
				// (past time phrases: "approved a plan early on Friday to take")
				if cv, nk := s.preds[ch].vg, c.nounBeforeInf(s, s.preds[ch].vg); nk >= 0 && s.chunks[cv].inf && !c.negatedNP(s, nk) &&
					slices.Contains(c.objectGroup(s, p), nk) {
					switch hw := s.toks[s.chunks[nk].head].Lower; {
					case c.lx.is("intent_nouns", hw):
						childFr.hypo, childFr.intent = own.hypo, true
					case c.lx.is("decision_nouns", hw):
						childFr.hypo = own.hypo
					}
				}
			}
			if r == relCcomp && own.intent {
				childFr.intent = true
			}
			out = append(out, c.visit(s, art, ch, childFr)...)
		}
	}
	// "approved the resolution in a rebuke to Moscow": the act is also
	// the reaction the adjunct names
	for _, rd := range c.adjunctNominals(s, p, own) {
		out = append(out, c.emit(s, art, p, rd, own)...)
	}
	if p.alleged && len(fr.reporter) > 0 {
		c.accuse(s, art, pi, fr, out)
	}
	// the other children: adverbial, relative and participle clauses
	for k, ch := range p.children {
		if consumed[k] {
			continue
		}
		cp := &s.preds[ch]
		var cf frame
		switch cp.rel {
		case relAdvcl:
			if cp.cond {
				cf = frame{neg: own.neg, hypo: true, report: fr.report}
			} else {
				cf = frame{hypo: own.hypo}
				if c.lx.is("time_shift_subordinators", cp.sub) && s.chunks[cp.vg].past {
					// "approved a measure to close the strait, hours after US
					// bombers struck": what happened before is a fact
					cf.hypo = false
				}
				// "two soldiers were wounded when troops opened fire": the
				// casualties are the attack's target
				if c.lx.is("casualty_verbs", s.toks[vg.head].Lower) && (vg.passive || !c.hasObject(s, p)) && c.lx.is("casualty_subordinators", cp.sub) {
					for _, k := range c.subjectNPs(s, p) {
						cf.inhTgt = c.npActors(s, k, cf.inhTgt)
					}
				}
			}
		case relRelcl:
			// a relative clause describes its antecedent: its own standing;
			// but "had not detected any Chinese ships entering the waters"
			// denies the ships and what they did
			cf = frame{}
			if own.neg && cp.antecedent >= 0 {
				if w := s.toks[s.chunks[cp.antecedent].start].Lower; w == "any" || w == "no" {
					cf.neg = true
				}
			}
		case relPartcl:
			cf = frame{neg: own.neg, hypo: own.hypo, report: fr.report}
			for _, cd := range art.evs[start:] {
				if cd.hasTgt && cd.pred == pi {
					cf.inhTgt = append(cf.inhTgt, cd.tgt)
					break
				}
			}
			if len(cf.inhTgt) == 0 {
				// "crossed into Israel, killing hundreds": the place the
				// main clause names is the participle's target
				srcs := c.sources(s, pi, own)
				for k := p.comp0; k < p.comp1 && len(cf.inhTgt) == 0; k++ {
					// not where they came from: "crossed from Gaza into Israel"
					if k > 0 && s.chunks[k-1].kind == cPrep && s.toks[s.chunks[k-1].head].Lower == "from" {
						continue
					}
					if ch := &s.chunks[k]; ch.kind == cNP {
						for a := ch.act0; a < ch.act1; a++ {
							if !c.sameActor(s.acts[a], srcs) {
								cf.inhTgt = append(cf.inhTgt, s.acts[a])
								break
							}
						}
					}
				}
			}
		default:
			cf = own
			cf.inhTgt = nil
		}
		from := len(art.evs)
		c.visit(s, art, ch, cf)
		if cp.rel == relPartcl && c.lx.is("consequence_verbs", s.toks[s.chunks[cp.vg].head].Lower) && forceIn(art.evs[start:from]) {
			// "pounded cities with missiles, killing 19": the deaths are
			// the attack's, not another act; their victims its target
			for i := from; i < len(art.evs); i++ {
				for j := start; j < from; j++ {
					if o := &art.evs[j]; !o.hasTgt && art.evs[i].hasTgt && o.src.country == art.evs[i].src.country {
						o.tgt, o.hasTgt = art.evs[i].tgt, true
					}
				}
				art.evs[i].code = ""
			}
		}
	}
	return out
}

// adjunctNominals reads "in a rebuke to X", "in a snub to X", "in a
// warning to X": the subject's act, done as that reaction to X. An adjunct
// set off by a comma after the clauses inside a main clause is the main
// clause's ("approved a resolution declaring X invalid, in a rebuke to Y").
func (c *Coder) adjunctNominals(s *sentState, p *pred, fr frame) []reading {
	var out []reading
	top := p.rel == relMain || p.rel == relCcomp
	end := p.comp1
	if top {
		end = c.subtreeEnd(s, c.predIndex(s, p), end)
	}
	var srcs []actRef
	for k := p.comp0; k+3 < end && k+3 < len(s.chunks); k++ {
		pc, nc, tp, tc := &s.chunks[k], &s.chunks[k+1], &s.chunks[k+2], &s.chunks[k+3]
		nk := k + 1
		if pc.kind == cSub && (s.toks[pc.head].Lower == "after" || s.toks[pc.head].Lower == "before") && nc.kind == cNP {
			pc = &chunk{kind: cPrep, start: pc.start, end: pc.end, head: pc.head} // "after talks with X": a phrase, not a clause
		}
		// "after more than four hours of talks with Erdogan": the talks
		if pc.kind == cPrep && nc.kind == cNP && c.lx.is("time_nouns", s.toks[nc.head].Lower) && k+5 < end && k+5 < len(s.chunks) &&
			tp.kind == cPrep && s.toks[tp.head].Lower == "of" && s.chunks[k+3].kind == cNP && c.lx.is("adjunct_talk_nouns", s.toks[s.chunks[k+3].head].Lower) {
			nk = k + 3
			nc, tp, tc = &s.chunks[k+3], &s.chunks[k+4], &s.chunks[k+5]
		}
		if pc.kind != cPrep || nc.kind != cNP || nc.act0 != nc.act1 || tp.kind != cPrep || tc.kind != cNP || tc.act0 == tc.act1 {
			continue
		}
		// "in a rebuke to X"; "was in Moscow for talks with Putin", "spent
		// hours in talks with X": a meeting in an adverbial phrase
		if pw, nw := s.toks[pc.head].Lower, s.toks[nc.head].Lower; !(pw == "in" && c.lx.is("adjunct_event_nouns", nw)) &&
			!((pw == "in" || pw == "for" || pw == "during" || pw == "at" || pw == "after" || pw == "before") && c.lx.is("adjunct_talk_nouns", nw)) {
			continue
		}
		afterComma := k > 0 && s.chunks[k-1].kind == cComma
		if afterComma && !top || k >= p.comp1 && !afterComma {
			continue
		}
		if srcs == nil {
			if srcs = c.sources(s, c.predIndex(s, p), fr); len(srcs) == 0 && c.lx.is("visit_nouns", s.toks[nc.head].Lower) {
				// "said his heart ached ... during a visit to Seoul": the
				// speaker's visit
				srcs = s.reporter
			}
			if len(srcs) == 0 {
				return nil
			}
		}
		// the noun's target slots look past the verb's own complement
		saved := p.comp1
		p.comp1 = max(p.comp1, min(nk+3, end))
		for _, ne := range c.nounEntries(s, nc) {
			if rd, ok := c.matchNoun(s, p, ne, nk, srcs, false); ok && rd.pat.code != "" && len(rd.tgts) > 0 {
				rd.nounK = nk
				out = append(out, rd)
				break
			}
		}
		p.comp1 = saved
	}
	if rd, ok := c.adjunctCall(s, p, fr); ok {
		out = append(out, rd)
	}
	if len(out) == 0 {
		if rd, ok := c.adjunctJointTalks(s, p, fr); ok {
			out = append(out, rd)
		}
	}
	return out
}

// adjunctJointTalks reads "Rubio and Lavrov agreed at talks in Riyadh":
// a compound subject met in the talks the adverbial phrase names.
func (c *Coder) adjunctJointTalks(s *sentState, p *pred, fr frame) (reading, bool) {
	for k := p.comp0; k+1 < p.comp1 && k+1 < len(s.chunks); k++ {
		pc, nc := &s.chunks[k], &s.chunks[k+1]
		if pc.kind != cPrep || nc.kind != cNP || nc.act0 != nc.act1 || !c.lx.is("adjunct_talk_nouns", s.toks[nc.head].Lower) ||
			c.lx.is("visit_nouns", s.toks[nc.head].Lower) {
			continue
		}
		switch s.toks[pc.head].Lower {
		case "at", "during", "in":
		default:
			continue
		}
		srcs := c.sources(s, c.predIndex(s, p), fr)
		if len(srcs) < 2 || len(srcs) > maxJoint {
			return reading{}, false
		}
		pat := &pattern{code: "040", joint: true, where: "grammar:talks"}
		return reading{pat: pat, srcs: srcs, conf: 0.7, nominal: true, lemma: s.toks[nc.head].Lower}, true
	}
	return reading{}, false
}

// nounBeforeInf returns the noun phrase an infinitive at chunk cv follows,
// past adverbs and time phrases ("a plan early on Friday to take"), or -1.
func (c *Coder) nounBeforeInf(s *sentState, cv int) int {
	k := cv - 1
	for k >= 0 {
		ch := &s.chunks[k]
		switch {
		case ch.kind == cAdv, ch.kind == cNP && c.timeNP(s, ch), ch.kind == cNP && s.toks[ch.head].Tag == "RB":
			k--
			continue
		case ch.kind == cPrep && k+1 < cv && s.chunks[k+1].kind == cNP && c.timeNP(s, &s.chunks[k+1]):
			k--
			continue
		case ch.kind == cNP && ch.end-ch.start == 1 && s.toks[ch.start].Lower == "early" || s.toks[ch.start].Lower == "late":
			k--
			continue
		}
		break
	}
	if k < 0 || s.chunks[k].kind != cNP {
		return -1
	}
	return k
}

// responseMeans reports a verb of response whose act is a "by" gerund
// ("China hit back by blacklisting ten Europeans", "Tehran responded by
// announcing ..."): the gerund is the act, the response no other.
func (c *Coder) responseMeans(s *sentState, p *pred, e *entry) bool {
	if e == nil || !c.lx.is("response_lemmas", e.lemma) {
		return false
	}
	for _, ch := range p.children {
		if cp := &s.preds[ch]; cp.rel == relXcomp && cp.sub == "by" && s.chunks[cp.vg].gerund {
			return true
		}
	}
	return false
}

// adjunctCall reads "warned Biden in a phone call", "told Trump during a
// call": the speech was a telephone call (041) between the subject and
// whom it addressed.
func (c *Coder) adjunctCall(s *sentState, p *pred, fr frame) (reading, bool) {
	for k := p.comp0; k+1 < p.comp1 && k+1 < len(s.chunks); k++ {
		pc, nc := &s.chunks[k], &s.chunks[k+1]
		if pc.kind != cPrep || nc.kind != cNP || nc.act0 != nc.act1 || !c.lx.is("call_nouns", s.toks[nc.head].Lower) {
			continue
		}
		switch s.toks[pc.head].Lower {
		case "in", "during", "over":
		default:
			continue
		}
		if k+3 < len(s.chunks) && s.chunks[k+2].kind == cPrep && s.toks[s.chunks[k+2].head].Lower == "with" {
			return reading{}, false // "in a call with X": the noun's own reading
		}
		if w := s.toks[nc.head].Lower; (w == "call" || w == "calls") && !c.lx.is("call_modifiers", s.toks[nc.start].Lower) && nc.head == nc.start+1 {
			// "in a call": a call; "in a call for restraint" is no phone call
			if k+2 < len(s.chunks) && s.chunks[k+2].kind == cPrep && s.toks[s.chunks[k+2].head].Lower != "on" {
				return reading{}, false
			}
		}
		srcs := c.sources(s, c.predIndex(s, p), fr)
		if len(srcs) == 0 {
			return reading{}, false
		}
		var tgts []actRef
		for _, g := range c.objectGroup(s, p) {
			if g >= k {
				break
			}
			for a := s.chunks[g].act0; a < s.chunks[g].act1; a++ {
				if !c.sameActor(s.acts[a], srcs) {
					tgts = append(tgts, s.acts[a])
				}
			}
		}
		if len(tgts) == 0 {
			return reading{}, false
		}
		pat := &pattern{code: "041", joint: true, where: "grammar:call"}
		return reading{pat: pat, srcs: srcs, tgts: tgts[:1], conf: 0.7, nominal: true, lemma: "call"}, true
	}
	return reading{}, false
}

// subtreeEnd returns the end of the complements of predicate pi and the
// clauses inside it.
func (c *Coder) subtreeEnd(s *sentState, pi, end int) int {
	for _, ch := range s.preds[pi].children {
		if e := s.preds[ch].comp1; e > end {
			end = e
		}
		end = c.subtreeEnd(s, ch, end)
	}
	return end
}

// negatedNP reports a noun phrase denied: "no plan to", "without an
// agreement to".
func (c *Coder) negatedNP(s *sentState, k int) bool {
	ch := &s.chunks[k]
	if w := s.toks[ch.start].Lower; w == "no" || w == "neither" {
		return true
	}
	return k > 0 && s.chunks[k-1].kind == cPrep && s.toks[s.chunks[k-1].head].Lower == "without"
}

// forceIn reports a candidate of force (roots 18-20, or violent
// repression, 175) among cands.
func forceIn(cands []cand) bool {
	for i := range cands {
		switch cameo.Root(cands[i].code) {
		case "18", "19", "20":
			return !cands[i].neg && !cands[i].hypo
		}
		if cands[i].code == "175" {
			return !cands[i].neg && !cands[i].hypo
		}
	}
	return false
}

// ceased codes the end of an act: the act's actors, the code the verb's
// cease map gives the act's code ("shelling" 194 → 087), in the verb's
// own frame (intent: "will stop bombing" 0356). No map entry, no event.
func (c *Coder) ceased(s *sentState, art *articleState, p *pred, e *entry, cd cand, fr frame) []cand {
	base := cd.base
	if base == "" {
		base = cd.code
	}
	if base == "" || !cd.src.valid() {
		return nil
	}
	code, ok := refineCode(e.cease, base)
	if !ok {
		return nil
	}
	n := cd
	n.base, n.code = code, code
	if fr.intent {
		n.code, _ = refineCode(c.lx.refine["intent"], code)
	}
	n.neg, n.hypo = fr.neg, fr.hypo
	n.where = e.where + " " + e.lemma + "+" + cd.where
	n.pred = c.predIndex(s, p)
	n.date = c.dateFor(s, art, n.pred, fr)
	art.evs = append(art.evs, n)
	return []cand{n}
}

// purposeDone reports a purpose infinitive that a past movement realises:
// "flew to Beijing to meet Xi", "crossed the line to greet Kim Jong Un".
func (c *Coder) purposeDone(s *sentState, p, ch *pred) bool {
	vg, cv := &s.chunks[p.vg], &s.chunks[ch.vg]
	if !cv.inf || !vg.past || vg.neg || vg.modal != "" {
		return false
	}
	return c.lx.is("motion_verbs", s.toks[vg.head].Lower) && c.lx.is("met_on_arrival", s.toks[cv.head].Lower)
}

// allegedPred reports "allegedly" (and the like) in or right before the
// verb group.
func (c *Coder) allegedPred(s *sentState, p *pred) bool {
	vg := &s.chunks[p.vg]
	from := vg.start
	if p.vg > 0 && s.chunks[p.vg-1].kind == cAdv {
		from = s.chunks[p.vg-1].start
	}
	for i := from; i < vg.end; i++ {
		if c.lx.is("alleged", s.toks[i].Lower) {
			return true
		}
	}
	return false
}

// blamePred reports a predicate that lays blame: "X was responsible for",
// "was behind", "was to blame for", "bears responsibility for". Reported,
// it is the reporter's accusation ("the FBI said North Korea was
// responsible for the hack"), not a fact.
func (c *Coder) blamePred(s *sentState, p *pred) bool {
	vg := &s.chunks[p.vg]
	i := vg.end
	if i >= len(s.toks) {
		return false
	}
	w := s.toks[vg.head].Lower
	if c.lx.is("be", w) {
		for i < len(s.toks) && s.toks[i].Tag == "RB" {
			i++ // "was directly responsible"
		}
		if i < len(s.toks) && c.lx.is("blame_words", s.toks[i].Lower) {
			return true
		}
		return i+1 < len(s.toks) && s.toks[i].Lower == "to" && s.toks[i+1].Lower == "blame"
	}
	switch w {
	case "bear", "bears", "bore", "borne", "bearing", "carry", "carries", "carried":
		return s.toks[i].Lower == "responsibility" || i+1 < len(s.toks) && s.toks[i+1].Lower == "responsibility"
	}
	return false
}

// accuse codes the accusation an alleged act amounts to: the reporter
// accuses the actor of the act (112, refined by the act: 1123 for force).
func (c *Coder) accuse(s *sentState, art *articleState, pi int, fr frame, acts []cand) {
	code := "112"
	for _, cd := range acts {
		if cd.code != "" {
			code, _ = refineCode(c.lx.refine["accuse"], cd.code)
			break
		}
	}
	accused := c.sources(s, pi, frame{})
	if len(accused) == 0 {
		for _, cd := range acts {
			if cd.src.valid() {
				accused = append(accused, cd.src)
			}
		}
	}
	date := c.dateFor(s, art, pi, frame{})
	for _, r := range dedupeActors(fr.reporter) {
		for _, a := range dedupeActors(accused) {
			if c.sameActor(a, []actRef{r}) {
				continue
			}
			art.evs = append(art.evs, cand{src: r, tgt: a, hasTgt: true, code: code, where: "grammar:alleged",
				conf: 0.7, neg: fr.neg, hypo: fr.hypo, sentStart: s.sent.Start, sentEnd: s.sent.End,
				sentence: s.sent.Text, date: date, pred: pi})
		}
	}
}

// anyReport reports whether any reading of the verb group reports speech.
func (c *Coder) anyReport(vg *chunk) bool {
	for _, e := range vg.lemmas {
		if e.report || e.xcomp != kEvent {
			return true
		}
	}
	return false
}

func (c *Coder) hasCondChild(s *sentState, p *pred) bool {
	for _, ch := range p.children {
		if s.preds[ch].cond {
			return true
		}
	}
	return false
}

// negatedBefore reports "neither attacked ... nor", "nor violated": a
// negator just before the verb group.
func (c *Coder) negatedBefore(s *sentState, p *pred) bool {
	i := s.chunks[p.vg].start - 1
	for i >= 0 && (s.toks[i].Tag == "RB" && !c.lx.is("negators", s.toks[i].Lower)) {
		i--
	}
	if i < 0 {
		return false
	}
	switch s.toks[i].Lower {
	case "neither", "nor", "never", "not":
		return true
	}
	return false
}

// noSignBefore reports "there was no sign that S", "no evidence that S".
func (c *Coder) noSignBefore(s *sentState, p *pred) bool {
	if !p.viaComp || p.clause0 < 2 {
		return false
	}
	k := p.clause0 - 1
	for k >= 0 && s.chunks[k].kind != cComp {
		k--
	}
	k--
	for k >= 1 && (s.chunks[k].kind == cAdv || s.chunks[k].kind == cNP && c.timeNP(s, &s.chunks[k])) {
		k-- // "no indication yet that"
	}
	if k < 0 || s.chunks[k].kind != cNP {
		return false
	}
	np := &s.chunks[k]
	return s.toks[np.start].Lower == "no" && c.lx.is("no_nouns", s.toks[np.head].Lower)
}

// pickEntry chooses the dictionary entry for the predicate's verb: an
// entry whose particle follows the verb first ("blow up", "call for"), then
// "be" + adjective or participle ("be ready", "be expected"), then the bare
// verb. It returns the entry and the token index after its particle.
func (c *Coder) pickEntry(s *sentState, p *pred) (*entry, int) {
	vg := &s.chunks[p.vg]
	main := vg.head
	// "be" + word: copula with adjective, or passive "be expected"
	if vg.copula || vg.passive {
		for _, e := range c.lx.verbs["be"] {
			if len(e.particle) == 0 {
				continue
			}
			if vg.passive && e.particle[0] == s.toks[main].Lower {
				if end, ok := c.matchWords(s, main+1, e.particle[1:]); ok {
					return e, end
				}
			}
			if vg.copula {
				if end, ok := c.matchWords(s, main+1, e.particle); ok {
					return e, end
				}
			}
		}
	}
	var bare *entry
	for _, e := range vg.lemmas {
		if len(e.particle) == 0 {
			if bare == nil {
				bare = e
			}
			continue
		}
		// "agreed to disengage": the "to" of an infinitive is no particle
		if e.particle[0] == "to" && p.vg+1 < len(s.chunks) && s.chunks[p.vg+1].kind == cVG && s.chunks[p.vg+1].inf {
			continue
		}
		if end, ok := c.matchWords(s, main+1, e.particle); ok && !c.timeAt(s, end) {
			return e, end
		}
		// adverbials before a prepositional particle: "agreed in Minsk on
		// Thursday to a ceasefire"
		if c.lx.is("preps", e.particle[0]) && p.vg+1 < len(s.chunks) {
			if k := c.skipAdjuncts(s, p.vg+1, len(s.chunks), e.particle[0], false); k > p.vg+1 && k < len(s.chunks) && s.chunks[k].kind == cPrep {
				if end, ok := c.matchWords(s, s.chunks[k].start, e.particle); ok && !c.timeAt(s, end) {
					return e, end
				}
			}
		}
		// separable particle after the object: "blew the bridge up"
		if len(e.particle) == 1 && c.lx.is("separable_particles", e.particle[0]) {
			if j := c.afterObjectNP(s, p); j > 0 {
				if end, ok := c.matchWords(s, j, e.particle); ok {
					_ = end
					return e, 0
				}
			}
		}
	}
	return bare, 0
}

// matchWords matches words at token i (skipping adverbs and quotes before
// the first) and returns the index after them.
func (c *Coder) matchWords(s *sentState, i int, words []string) (int, bool) {
	if len(words) == 0 {
		return i, true
	}
	n := len(s.toks)
	for i < n && (quoteLike(&s.toks[i]) || (s.toks[i].Tag == "RB" && c.lx.is("intensifiers", s.toks[i].Lower))) {
		i++
	}
	for _, w := range words {
		for i < n && quoteLike(&s.toks[i]) {
			i++
		}
		if i >= n {
			return 0, false
		}
		if s.toks[i].Lower != w {
			// a/an/the inside a phrase particle are interchangeable
			if !(isArticle(w) && isArticle(s.toks[i].Lower)) {
				return 0, false
			}
		}
		i++
	}
	return i, true
}

func isArticle(w string) bool { return w == "a" || w == "an" || w == "the" }

// afterObjectNP returns the token index after the first noun phrase after
// the verb group, or 0.
func (c *Coder) afterObjectNP(s *sentState, p *pred) int {
	if p.vg+1 < len(s.chunks) && s.chunks[p.vg+1].kind == cNP {
		return s.chunks[p.vg+1].end
	}
	return 0
}

// hasObject reports whether a noun phrase follows the verb in its clause.
func (c *Coder) hasObject(s *sentState, p *pred) bool {
	return len(c.objectGroup(s, p)) > 0
}

// compStart is the first complement chunk, after any matched particle.
func (c *Coder) compStart(s *sentState, p *pred) int {
	k := p.comp0
	if p.particleEnd > 0 {
		for k < p.comp1 && s.chunks[k].start < p.particleEnd {
			k++
		}
	}
	return k
}

// objectGroup returns the NP chunks of the verb's object: the first noun
// phrase after the verb, its "of" continuations (a partitive head defers to
// what follows: "sections of two roads") and coordinated phrases.
func (c *Coder) objectGroup(s *sentState, p *pred) []int {
	vg := &s.chunks[p.vg]
	if vg.passive {
		// the surface subject is the logical object
		return c.subjectNPs(s, p)
	}
	k := c.skipAdjuncts(s, c.compStart(s, p), p.comp1, "", true)
	if io := c.indirectObject(s, p, k); io >= 0 {
		k = io + 1 // "lent Ukraine $50 billion": the thing given is the object
	}
	if k >= p.comp1 || s.chunks[k].kind != cNP || p.gap >= 0 && c.labelVerb(s, p) {
		if p.gap >= 0 {
			// "a move Beijing condemned", "the deal Russia signed"
			return []int{p.gap}
		}
		return nil
	}
	grp := c.npGroup(s, k, p.comp1)
	// "received the Russian delegation, which arrived on July 25, and the
	// Chinese delegation": a second object after a relative clause on the first
	if last := grp[len(grp)-1]; last+1 == p.comp1 {
		pi := c.predIndex(s, p)
		for q := range s.preds {
			rq := &s.preds[q]
			if rq.rel != relRelcl || rq.antecedent < last || rq.comp1 > len(s.chunks) || !c.descendant(s, q, pi) {
				continue
			}
			for j := rq.comp0; j+2 < rq.comp1; j++ {
				if s.chunks[j].kind == cComma && s.chunks[j+1].kind == cConj && s.toks[s.chunks[j+1].head].Lower == "and" &&
					s.chunks[j+2].kind == cNP && s.chunks[j+2].act1 > s.chunks[j+2].act0 {
					return append(slices.Clone(grp), c.npGroup(s, j+2, rq.comp1)...)
				}
			}
		}
	}
	return grp
}

// descendant reports that predicate q hangs, through relative clauses,
// off predicate pi.
func (c *Coder) descendant(s *sentState, q, pi int) bool {
	for n := 0; q >= 0 && n < 8; n++ {
		if s.preds[q].parent == pi {
			return true
		}
		if s.preds[q].rel != relRelcl {
			return false
		}
		q = s.preds[q].parent
	}
	return false
}

// labelVerb reports a verb that names what its object is ("called",
// "described as"): in a relative clause with an object gap the phrase
// after it is the label, not the object.
func (c *Coder) labelVerb(s *sentState, p *pred) bool {
	return c.lx.is("naming_verbs", s.toks[s.chunks[p.vg].head].Lower)
}

// labelChunk returns the phrase that labels the verb's object: "called
// the strike a war crime", "described the move as a provocation", "a
// move Seoul called a provocation"; or -1.
func (c *Coder) labelChunk(s *sentState, p *pred) int {
	var from int
	if obj := c.objectGroup(s, p); len(obj) > 0 && !(len(obj) == 1 && obj[0] == p.gap) {
		from = obj[len(obj)-1] + 1
	} else {
		from = c.skipAdjuncts(s, c.compStart(s, p), p.comp1, "", false)
	}
	for from < p.comp1 {
		ch := &s.chunks[from]
		switch {
		case ch.kind == cAdv, ch.kind == cNP && c.timeNP(s, ch):
			from++
			continue
		case ch.kind == cPrep && s.toks[ch.head].Lower != "as" && from+1 < p.comp1 && s.chunks[from+1].kind == cNP:
			// the object's own phrases: "called the strike on Kryvyi Rih a war crime"
			from += 2
			continue
		}
		break
	}
	if from >= p.comp1 {
		return -1
	}
	switch ch := &s.chunks[from]; {
	case ch.kind == cNP:
		return from
	case ch.kind == cOther && s.toks[ch.head].Tag == "JJ":
		return from // "calling the text hypocritical"
	case ch.kind == cPrep && s.toks[ch.head].Lower == "as" && from+1 < p.comp1 && s.chunks[from+1].kind == cNP:
		return from + 1
	}
	return -1
}

// skipAdjuncts skips, from chunk k, the adverbials that may stand between
// a verb and its object or particle: adverbs, time phrases ("on Sunday",
// "early Wednesday", "last week") and prepositional phrases ("cancelled
// with immediate effect a defence agreement", "agreed in Minsk to a
// ceasefire"). A prepositional phrase with the preposition stop is not
// skipped (it is the particle looked for). With wantNP, phrases are skipped
// only when a noun phrase follows them; it returns k unchanged otherwise.
func (c *Coder) skipAdjuncts(s *sentState, k, end int, stop string, wantNP bool) int {
	orig := k
	for k < end {
		ch := &s.chunks[k]
		switch {
		case ch.kind == cAdv:
			k++
			continue
		case ch.kind == cNP && c.timeNP(s, ch) && !(k+1 < end && s.chunks[k+1].kind == cPrep && s.toks[s.chunks[k+1].head].Lower == "of"):
			k++ // not "three days of drills": a quantity of something
			continue
		case ch.kind == cPrep && k+1 < end && s.chunks[k+1].kind == cNP:
			w := s.toks[ch.head].Lower
			if w == "of" || w == stop || !c.lx.is("adjunct_preps", w) {
				break
			}
			k += 2
			// the phrase's own "of" continuation: "in the city of Aleppo"
			for k+1 < end && s.chunks[k].kind == cPrep && s.toks[s.chunks[k].head].Lower == "of" && s.chunks[k+1].kind == cNP {
				k += 2
			}
			continue
		case wantNP && (ch.kind == cSub || ch.kind == cPrep) && s.toks[ch.head].Lower == "as" && k+2 < end && s.chunks[k+1].kind == cNP &&
			s.chunks[k+2].kind == cNP && !c.timeNP(s, &s.chunks[k+2]):
			// "rejected as groundless slander the U.S. claim": a label
			// fronted before a heavy object
			k += 2
			continue
		}
		break
	}
	if wantNP && (k >= end || s.chunks[k].kind != cNP) {
		// nothing after the adjuncts but more adjuncts: keep what the verb had
		for k = orig; k < end && (s.chunks[k].kind == cAdv || s.chunks[k].kind == cNP && c.timeNP(s, &s.chunks[k])); k++ {
		}
		return k
	}
	return k
}

// timeAt reports whether a time phrase starts at token i: "agreed on
// Saturday to" has no particle "on".
func (c *Coder) timeAt(s *sentState, i int) bool {
	for k := range s.chunks {
		if s.chunks[k].start == i {
			return s.chunks[k].kind == cNP && c.timeNP(s, &s.chunks[k])
		}
	}
	return false
}

// timeNP reports a noun phrase naming a time ("Sunday", "early
// Wednesday", "last week", "2013"), not a participant.
func (c *Coder) timeNP(s *sentState, ch *chunk) bool {
	if ch.headActor >= 0 {
		return false
	}
	h := &s.toks[ch.head]
	if c.lx.is("time_nouns", h.Lower) {
		// month and day names are written with a capital ("its march", "may")
		return !c.lx.is("calendar_names", h.Lower) || h.Norm != h.Lower
	}
	if h.Tag == "CD" && ch.end-ch.start == 1 && len(h.Lower) == 4 && (h.Lower[0] == '1' || h.Lower[0] == '2') {
		return true // a year
	}
	return false
}

// npGroup returns the chunks of the noun group at k: the phrase, its "of"
// continuations and its coordinated phrases, bounded by end.
func (c *Coder) npGroup(s *sentState, k, end int) []int {
	out := s.buf[:0]
	out = append(out, k)
	j := k + 1
	for j+1 < end {
		ch := &s.chunks[j]
		next := &s.chunks[j+1]
		if next.kind != cNP {
			break
		}
		if ch.kind == cPrep && s.toks[ch.head].Lower == "of" {
			out = append(out, j+1)
			j += 2
			continue
		}
		// "$85 million in humanitarian aid": the amount's "in" phrase
		if ch.kind == cPrep && s.toks[ch.head].Lower == "in" && c.lx.is("money_heads", s.toks[s.chunks[j-1].head].Lower) {
			out = append(out, j+1)
			j += 2
			continue
		}
		// "waters around Taiwan", "the sea off Japan"
		if ch.kind == cPrep && (s.toks[ch.head].Lower == "around" || s.toks[ch.head].Lower == "off" || s.toks[ch.head].Lower == "near") &&
			c.lx.is("around_nouns", s.toks[s.chunks[j-1].head].Lower) {
			out = append(out, j+1)
			j += 2
			continue
		}
		// "the border with Ukraine"
		if ch.kind == cPrep && s.toks[ch.head].Lower == "with" && c.lx.is("with_nouns", s.toks[s.chunks[j-1].head].Lower) {
			out = append(out, j+1)
			j += 2
			continue
		}
		if ch.kind == cConj && (s.toks[ch.head].Lower == "and" || s.toks[ch.head].Lower == "or") {
			out = append(out, j+1)
			j += 2
			continue
		}
		if ch.kind == cComma && j+2 < end && s.chunks[j+2].kind == cConj {
			out = append(out, j+1)
			j += 2
			continue
		}
		// "Sergei Shoigu, minister of Defence of Russia, and Li Hongzhong": a
		// title in apposition between two names of one list
		if ch.kind == cComma && c.titleNP(s, next) {
			m := j + 2
			for m+1 < end && s.chunks[m].kind == cPrep && s.toks[s.chunks[m].head].Lower == "of" && s.chunks[m+1].kind == cNP {
				m += 2
			}
			if m+2 < end && s.chunks[m].kind == cComma && s.chunks[m+1].kind == cConj && s.toks[s.chunks[m+1].head].Lower == "and" &&
				s.chunks[m+2].kind == cNP && s.chunks[m+2].headActor >= 0 {
				out = append(out, m+2)
				j = m + 3
				continue
			}
		}
		// "Latvia, Lithuania, Estonia and Poland": a comma list that ends
		// with a conjunction is one group, however long
		if ch.kind == cComma && c.commaListEnds(s, j, end) {
			out = append(out, j+1)
			j += 2
			continue
		}
		// "Beni, the main city in North Kivu": an unknown name and the
		// place its appositive says it is
		if prev := &s.chunks[j-1]; ch.kind == cComma && prev.kind == cNP && prev.act0 == prev.act1 && s.toks[prev.head].Tag == "NNP" &&
			next.act0 == next.act1 && s.toks[next.start].Tag == "DT" && c.placeHead(s, next) && !c.timeNP(s, next) {
			out = append(out, j+1)
			j += 2
			continue
		}
		break
	}
	s.buf = out[:0:cap(out)]
	return append([]int(nil), out...)
}

// commaListEnds reports that the comma at chunk j continues a list of
// noun phrases ", B, C and D" that ends with "and"/"or" before end.
func (c *Coder) commaListEnds(s *sentState, j, end int) bool {
	for n := 0; j+1 < end && n < 12; n++ {
		if s.chunks[j+1].kind != cNP {
			return false
		}
		j += 2
		if j >= end {
			return false
		}
		switch s.chunks[j].kind {
		case cConj:
			w := s.toks[s.chunks[j].head].Lower
			return (w == "and" || w == "or") && j+1 < end && s.chunks[j+1].kind == cNP
		case cComma:
			if j+1 < end && s.chunks[j+1].kind == cConj {
				w := s.toks[s.chunks[j+1].head].Lower
				return (w == "and" || w == "or") && j+2 < end && s.chunks[j+2].kind == cNP
			}
		default:
			return false
		}
	}
	return false
}

// headsOf returns the head chunks of an object group: the chunks that are
// not after "of" unless the phrase before is a partitive.
func (c *Coder) headsOf(s *sentState, group []int) []int {
	var out []int
	for i, k := range group {
		if i > 0 && s.chunks[k-1].kind == cPrep && (s.toks[s.chunks[k-1].head].Lower == "of" || s.toks[s.chunks[k-1].head].Lower == "in") {
			// "sections of two roads", "$85 million in aid": the
			// partitive's or the amount's complement is the head
			prev := group[i-1]
			ph := s.toks[s.chunks[prev].head].Lower
			if (c.lx.is("partitives", ph) || c.lx.is("money_heads", ph)) && len(out) > 0 && out[len(out)-1] == prev {
				out[len(out)-1] = k
			}
			continue
		}
		out = append(out, k)
	}
	return out
}

// subjectNPs returns the NP chunks of the subject group that are heads (not
// inside a prepositional phrase).
func (c *Coder) subjectNPs(s *sentState, p *pred) []int {
	var out []int
	if p.subj0 == p.subj1 && p.antecedent >= 0 && s.chunks[p.vg].passive {
		// "the missile launched by X": the phrase modified is the surface subject
		return append(out, p.antecedent)
	}
	for k := p.subj0; k < p.subj1; k++ {
		ch := &s.chunks[k]
		if ch.kind != cNP {
			continue
		}
		if k > p.subj0 && s.chunks[k-1].kind == cPrep {
			if s.toks[s.chunks[k-1].head].Lower == "of" && len(out) > 0 {
				prev := &s.chunks[out[len(out)-1]]
				ph := s.toks[prev.head].Lower
				switch {
				case c.lx.is("partitives", ph):
					out[len(out)-1] = k
				case prev.headActor < 0 && (c.lx.is("role_heads", ph) || c.lx.is("person_nouns", ph)):
					// "the leaders of the US, Japan and South Korea met": the
					// states whose leaders they are, each of them
					out[len(out)-1] = k
				}
			}
			continue
		}
		out = append(out, k)
	}
	return out
}

// npActors returns the actors of a noun phrase: the head actor, or else
// the actors modifying the head ("Russian missiles", "Hezbollah targets").
func (c *Coder) npActors(s *sentState, k int, dst []actRef) []actRef {
	ch := &s.chunks[k]
	if ch.kind != cNP {
		return dst
	}
	if m, ok := c.specificModifier(s, ch); ok {
		return append(dst, m)
	}
	if ch.headActor >= 0 {
		return headActors(s, ch, dst)
	}
	for a := ch.act0; a < ch.act1; a++ {
		dst = append(dst, s.acts[a])
	}
	return dst
}

// headActors appends the actors a noun phrase's head names: the head, the
// actors sharing its words, and the other states of "A and B forces".
func headActors(s *sentState, ch *chunk, dst []actRef) []actRef {
	h := s.acts[ch.headActor]
	dst = append(dst, h)
	for a := ch.headActor + 1; a < ch.act1; a++ {
		if s.acts[a].start == h.start && s.acts[a].end == h.end {
			dst = append(dst, s.acts[a])
		}
	}
	// "Azerbaijani and Armenian forces": the other state's forces too
	for a := ch.act0; a < ch.headActor; a++ {
		if o := s.acts[a]; o.end+1 == h.start && s.toks[o.end].Lower == "and" && o.country != h.country && !o.person && o.country != "" {
			o.code, o.role = o.country+h.role, h.role
			dst = append(dst, o)
		}
	}
	return dst
}

// specificModifier returns, for a state role head ("forces", "fighters"),
// a rebel or opposition actor of the same country right before it
// ("Separatist forces", "opposition fighters"): that is who they are.
func (c *Coder) specificModifier(s *sentState, ch *chunk) (actRef, bool) {
	if ch.headActor < 0 {
		return actRef{}, false
	}
	h := s.acts[ch.headActor]
	if h.role != "MIL" && h.role != "GOV" && h.role != "COP" && h.role != "SPY" {
		return actRef{}, false
	}
	for a := ch.act0; a < ch.act1; a++ {
		m := s.acts[a]
		if a != ch.headActor && !m.pron && m.end == h.start && (m.role == "REB" || m.role == "OPP") && (m.country == h.country || h.country == "") {
			return m, true
		}
	}
	return actRef{}, false
}

// sources returns the actors doing the predicate's act.
func (c *Coder) sources(s *sentState, pi int, fr frame) []actRef {
	if fr.hasSrc {
		return fr.src
	}
	p := &s.preds[pi]
	if k := p.vg - 1; p.rel == relXcomp && s.chunks[p.vg].inf && k >= 0 && s.chunks[k].kind == cNP && s.chunks[k].headActor < 0 &&
		s.chunks[k].act1 > s.chunks[k].act0 && c.lx.is("decision_nouns", s.toks[s.chunks[k].head].Lower) {
		// "criticised Yerevan's decision to join the ICC": the decision's
		// owner joins, not whoever criticises it
		var out []actRef
		for a := s.chunks[k].act0; a < s.chunks[k].act1; a++ {
			if !s.acts[a].pron {
				out = append(out, s.acts[a])
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if p.inheritSubj >= 0 && p.inheritSubj != pi {
		return c.sources(s, p.inheritSubj, frame{})
	}
	if p.antecedent >= 0 {
		if c.documentClause(s, p) && p.parent >= 0 {
			// "signed treaties annexing four regions", "passed a law
			// banning UNRWA": what the document does, its signer does
			return c.sources(s, p.parent, frame{})
		}
		out := c.npActors(s, p.antecedent, nil)
		if k := p.antecedent; len(out) == 0 && k >= 2 && s.chunks[k-1].kind == cPrep && s.toks[s.chunks[k-1].head].Lower == "among" &&
			s.chunks[k-2].kind == cVG && s.chunks[k-2].copula && p.parent >= 0 && s.preds[p.parent].vg == k-2 {
			// "Saudi Arabia and Qatar were among the states that condemned":
			// the subject of the copula is among those who did it
			return c.sources(s, p.parent, frame{})
		}
		if len(out) > 0 || !p.faulted || p.parent < 0 {
			return out
		}
		// ", a launch that France said violated X": the launch's actor is
		// the clause's the noun stands for
		return c.mainActors(s, &s.preds[p.parent], c.sources(s, p.parent, frame{}))
	}
	var out []actRef
	for _, k := range c.subjectNPs(s, p) {
		out = c.agentActors(s, k, out)
	}
	if nps := c.subjectNPs(s, p); len(nps) > 0 && len(out) <= 1 {
		// "Soldiers on both sides fought": the pair "both sides" names
		if k := nps[0]; k+2 < len(s.chunks) && s.chunks[k+1].kind == cPrep && s.chunks[k+2].kind == cNP {
			switch s.toks[s.chunks[k+1].head].Lower {
			case "on", "of", "from":
				pc := &s.chunks[k+2]
				if pc.act1-pc.act0 >= 2 && s.acts[pc.act0].pron && s.acts[pc.act0+1].pron && s.acts[pc.act0].start == s.acts[pc.act0+1].start {
					var pair []actRef
					for a := pc.act0; a < pc.act1; a++ {
						b := s.acts[a]
						if len(out) == 1 && out[0].role != "" && b.role == "" {
							b.code, b.role = b.country+out[0].role, out[0].role
						}
						pair = append(pair, b)
					}
					out = pair
				}
			}
		}
	}
	if len(out) == 0 {
		// "a spokesman for the DPRK foreign ministry accused": the
		// speaker speaks for whom the phrase names
		if nps := c.subjectNPs(s, p); len(nps) > 0 {
			if k := nps[0]; c.lx.is("speaker_nouns", s.toks[s.chunks[k].head].Lower) && k+2 < len(s.chunks) && s.chunks[k+1].kind == cPrep &&
				(s.toks[s.chunks[k+1].head].Lower == "for" || s.toks[s.chunks[k+1].head].Lower == "of") && s.chunks[k+2].kind == cNP {
				out = c.agentActors(s, k+2, out)
			}
		}
	}
	if len(out) == 0 {
		// "a drone attack by Iran-backed militants killed": the agent of
		// a force noun subject
		if nps := c.subjectNPs(s, p); len(nps) > 0 && c.forceNoun(s, &s.chunks[nps[0]]) {
			for _, slot := range []string{"by", "from"} {
				if out = c.slotActorsAfter(s, p, slot, nps[0]); len(out) > 0 {
					break
				}
			}
		}
	}
	if len(out) == 0 {
		// "the missile launched by the Houthis struck": the agent of the
		// weapon or force the subject names is that of its participle
		if nps := c.subjectNPs(s, p); len(nps) > 0 {
			ch := &s.chunks[nps[0]]
			if c.lx.classesOf(s.toks[ch.head].Lower, nil).any(c.agentive) || c.forceNoun(s, ch) {
				for q := range s.preds {
					if qp := &s.preds[q]; q != pi && qp.antecedent == nps[0] && s.chunks[qp.vg].passive {
						if out = c.slotActors(s, qp, "by", nil, -1); len(out) > 0 {
							break
						}
					}
				}
			}
		}
	}
	if len(out) == 0 {
		// "Several Western countries, including the United States and
		// Germany, suspended": the states listed
		if nps := c.subjectNPs(s, p); len(nps) > 0 {
			k := nps[len(nps)-1]
			if k+3 < len(s.chunks) && s.chunks[k+1].kind == cComma && s.toks[s.chunks[k+2].head].Lower == "including" && s.chunks[k+3].kind == cNP {
				for _, g := range c.npGroup(s, k+3, len(s.chunks)) {
					out = c.agentActors(s, g, out)
				}
			}
		}
	}
	if len(out) == 0 && p.appos >= 0 && p.appos < len(s.chunks) {
		// "The top diplomat, Wang Yi, said": the appositive names the
		// actor; "Several Western countries, including A, B and C," all of them
		k := p.appos
		if s.chunks[k].kind == cPrep && k+1 < len(s.chunks) {
			k++
		}
		if s.chunks[k].kind == cNP {
			for _, g := range c.npGroup(s, k, p.vg) {
				out = c.agentActors(s, g, out)
			}
		}
	}
	return out
}

// agentActors returns the actors a subject phrase makes the agent: its head
// actor, or the actors modifying an agentive head ("Russian missiles",
// "Israeli jets", "US officials"), not those modifying anything else ("its
// roots", "Japan's acts", "Seoul's stock index").
func (c *Coder) agentActors(s *sentState, k int, dst []actRef) []actRef {
	ch := &s.chunks[k]
	if ch.kind != cNP {
		return dst
	}
	if ch.headActor >= 0 && s.acts[ch.headActor].place() {
		return dst // "Odesa was shelled", "Crimea voted": a place does nothing
	}
	if ch.headActor >= 0 {
		if m, ok := c.specificModifier(s, ch); ok {
			return append(dst, m) // "separatist forces", "rebel fighters"
		}
		return headActors(s, ch, dst)
	}
	low := s.toks[ch.head].Lower
	if !c.lx.is("role_heads", low) && !c.lx.classesOf(low, nil).any(c.agentive) && !c.forceNoun(s, ch) &&
		!(c.lx.is("attempt_nouns", low) && k+1 < len(s.chunks) && s.chunks[k+1].kind == cVG && s.chunks[k+1].inf) {
		return dst
	}
	for a := ch.act0; a < ch.act1; a++ {
		dst = append(dst, s.acts[a])
	}
	return dst
}

// ownReading reads a predicate on its own: a light verb with an event
// noun, the verb's patterns, or an event noun as the subject of an
// eventive verb.
func (c *Coder) ownReading(s *sentState, p *pred, fr frame) (reading, bool) {
	vg := &s.chunks[p.vg]
	e, _ := c.pickEntryCached(s, p)
	// light verb + event noun
	light := e != nil && e.light
	if !light {
		for _, le := range vg.lemmas {
			if le.light && len(le.particle) == 0 {
				light = true
			}
		}
	}
	if light && !vg.passive {
		// "held the treaty in abeyance", "put the deal on hold": a pattern
		// naming the verb's prepositional object outranks the light reading
		if e != nil {
			// (or both its object and a word of its clause: "approved the
			// request to use the armed forces")
			if rd, ok := c.matchEventPatterns(s, p, e, fr, false); ok && (rd.pat.pobj != nil || rd.pat.object != nil && rd.pat.mentions != nil) {
				return rd, true
			}
		}
		if rd, ok := c.nominalObject(s, p, fr); ok {
			return rd, true
		}
	}
	if e != nil {
		if rd, ok := c.matchEventPatterns(s, p, e, fr, false); ok {
			return rd, true
		}
		// "halted its offensive", "ended the blockade": the ended act's noun
		if e.cease != nil && !vg.passive {
			if rd, ok := c.nominalObject(s, p, fr); ok && rd.pat.code != "" {
				if code, ok := refineCode(e.cease, rd.pat.code); ok {
					np := *rd.pat
					np.code, np.joint, np.reverse = code, false, ""
					np.where = e.where + " " + e.lemma + "+" + rd.pat.where
					rd.pat = &np
					return rd, true
				}
			}
		}
	}
	// other entries of the same form ("strike" the verb when "strike" the
	// light verb found no noun); not when a particle verb was read ("left
	// for" is not "left")
	prepParticle := e != nil && len(e.particle) == 1 && c.lx.is("preps", e.particle[0]) && !c.lx.is("separable_particles", e.particle[0])
	for _, le := range vg.lemmas {
		if le == e || len(le.particle) > 0 || e != nil && len(e.particle) > 0 && !prepParticle {
			continue
		}
		saved := p.particleEnd
		if prepParticle {
			p.particleEnd = 0 // the particle is a preposition again
		}
		rd, ok := c.matchEventPatterns(s, p, le, fr, false)
		if ok && prepParticle && rd.pat.conditional() {
			return rd, true // keep the bare reading's complement
		}
		p.particleEnd = saved
		if ok {
			// a prepositional particle read found nothing ("withdrew from
			// Afghanistan" is no "withdraw from" an agreement): the bare
			// verb with its prepositional phrase, when a pattern of it
			// names a condition
			if prepParticle && !rd.pat.conditional() {
				continue
			}
			return rd, true
		}
	}
	// eventive: "the visit of X to Beijing took place"
	eventive := e != nil && e.eventive
	if !eventive && vg.passive {
		for _, be := range c.lx.verbs["be"] {
			if len(be.particle) == 1 && be.particle[0] == s.toks[vg.head].Lower && be.eventive {
				eventive = true
			}
		}
	}
	if eventive {
		if rd, ok := c.nominalSubject(s, p, fr); ok {
			return rd, true
		}
	}
	return reading{}, false
}

func (c *Coder) pickEntryCached(s *sentState, p *pred) (*entry, int) {
	if p.matched != nil {
		return p.matched, p.particleEnd
	}
	e, end := c.pickEntry(s, p)
	p.matched = e
	return e, end
}

// matchEntry matches a content verb ("accused", "warned", "urged"): its
// patterns, with the code of its complement's act refining a default code.
func (c *Coder) matchEntry(s *sentState, p *pred, e *entry, fr frame, children []cand) (reading, bool) {
	if e.refineOnly {
		// a finding: an accusation of the actor of the act found, if hostile
		for _, cd := range children {
			if cd.code == "" || !cd.src.valid() {
				continue
			}
			base := cd.base
			if base == "" {
				base = cd.code
			}
			if q := cameo.QuadOf(base); q != cameo.VerbalConflict && q != cameo.MaterialConflict {
				continue
			}
			if code, ok := refineCode(e.refine, base); ok {
				pat := &pattern{code: code, where: e.where + " " + e.lemma + "+" + cd.where}
				return reading{pat: pat, srcs: c.sources(s, c.predIndex(s, p), fr), tgts: []actRef{cd.src}, conf: 0.7, lemma: e.lemma}, true
			}
		}
		return reading{}, false
	}
	rd, ok := c.matchEventPatterns(s, p, e, fr, false)
	if !ok {
		return rd, false
	}
	if !rd.pat.conditional() && e.refine != nil {
		for _, cd := range children {
			if cd.code == "" {
				continue
			}
			if code, ok := refineCode(e.refine, cd.code); ok {
				np := *rd.pat
				np.code = code
				np.where = rd.pat.where + "+" + cd.where
				rd.pat = &np
				// the complement's target is the threat's, the demand's...;
				// an accusation is aimed at the actor of the act alleged
				if len(rd.tgts) == 0 && cd.hasTgt && !c.sameActor(cd.tgt, rd.srcs) && !c.isAccuseMap(e.refine) {
					rd.tgts = []actRef{cd.tgt}
				}
				// "accused X of V-ing": the accused is the actor of V
				if len(rd.tgts) == 0 && !c.sameActor(cd.src, rd.srcs) {
					rd.tgts = []actRef{cd.src}
				}
				break
			}
		}
	}
	if e.xcomp == kContent && len(rd.tgts) > 0 && rd.pat != nil && cameo.Root(rd.pat.code) == "13" {
		// "warned it would strike A and B": when the threat's target came
		// from its complement, every target of the complement is the threat's
		var more []actRef
		fromComp := true
		for _, t := range rd.tgts {
			found := false
			for _, cd := range children {
				if cd.hasTgt && cd.tgt.country == t.country {
					found = true
				}
			}
			fromComp = fromComp && found
		}
		if fromComp {
			for _, cd := range children {
				if cd.hasTgt && cd.code != "" && !c.sameActor(cd.tgt, rd.srcs) && !c.sameActor(cd.tgt, rd.tgts) && !c.sameActor(cd.tgt, more) {
					more = append(more, cd.tgt)
				}
			}
			rd.tgts = append(slices.Clone(rd.tgts), more...)
		}
	}
	return rd, true
}

// isAccuseMap reports whether m is the accuse refine map.
func (c *Coder) isAccuseMap(m map[string]string) bool {
	a := c.lx.refine["accuse"]
	return m != nil && a != nil && len(m) == len(a) && m["19"] == a["19"] && m["20"] == a["20"]
}

// matchEventPatterns tries an entry's patterns in order on the predicate.
// condOnly restricts to conditioned patterns (a frame verb's own reading
// next to its infinitive: "are ready to fire" as an alert).
func (c *Coder) matchEventPatterns(s *sentState, p *pred, e *entry, fr frame, condOnly bool) (reading, bool) {
	if e == nil {
		return reading{}, false
	}
	pi := c.predIndex(s, p)
	vg := &s.chunks[p.vg]
	srcs := c.sources(s, pi, fr)
	obj := c.objectGroup(s, p)
	heads := c.headsOf(s, obj)
	for _, pat := range e.pats {
		if condOnly && !pat.conditional() {
			continue
		}
		if !c.conditionsHold(s, p, pat, heads, srcs, vg.passive) {
			continue
		}
		if pat.code == "" {
			return reading{}, false
		}
		rd := reading{pat: pat, conf: 0.7, lemma: e.lemma}
		if pat.conditional() {
			rd.conf = 0.85
		}
		rd.srcs = srcs
		if !vg.passive && len(obj) == 0 && c.lx.is("ergative_verbs", s.toks[vg.head].Lower) {
			// "the Moskva sank after a Ukrainian missile strike": the
			// subject of an ergative verb is what it happened to; the
			// agent, if any, is that of the force named
			rd.tgts = nil
			for _, k := range c.subjectNPs(s, p) {
				rd.tgts = c.npActors(s, k, rd.tgts)
			}
			rd.srcs = nil
			for _, prep := range []string{"after", "in", "by", "from"} {
				if k := c.prepForceNoun(s, p, prep); k >= 0 {
					rd.srcs = c.forceAgents(s, k, p.comp1)
					rd.pat = c.byForce(s, k, rd.pat)
					break
				}
			}
			if len(rd.srcs) == 0 {
				return reading{}, false
			}
			return rd, true
		}
		if vg.passive && pat.passive != 1 && len(pat.source) == 0 && c.agreementObject(s, p, pat) {
			// "it was signed on June 19": the agreement's parties did it
			rd.srcs, rd.tgts = c.passiveAgreementParties(s, p), nil
			if !pat.joint && len(rd.srcs) > 1 {
				rd.tgts = rd.srcs[1:]
				rd.srcs = rd.srcs[:1]
			}
			rd.conf -= 0.15
			if len(rd.srcs) > 0 {
				return rd, true
			}
			continue
		}
		if vg.passive && pat.passive != 1 && len(pat.source) == 0 {
			// the by-phrase is the logical subject; the surface subject the object
			rd.srcs = c.slotActors(s, p, "by", obj, -1)
			forceK := c.prepForceNoun(s, p, "by")
			if len(rd.srcs) == 0 {
				// "were killed in a clash with Chinese troops", "died in an
				// Israeli strike": the force noun's agent
				if k := c.prepForceNoun(s, p, "in"); k >= 0 {
					rd.srcs, forceK = c.forceAgents(s, k, p.comp1), k
				}
			}
			rd.tgts = c.targets(s, p, []string{"subject"}, obj, rd.srcs, -1)
			if len(rd.tgts) == 0 && len(pat.target) > 0 {
				// "missiles fired at it by Iran": the pattern's own slots
				var slots []string
				for _, sl := range pat.target {
					if sl != "object" && sl != "subject" && sl != "poss" && sl != "any" {
						slots = append(slots, sl)
					}
				}
				rd.tgts = c.targets(s, p, slots, obj, rd.srcs, -1)
			}
			if forceK >= 0 {
				rd.pat = c.byForce(s, forceK, rd.pat)
			}
			if r := cameo.Root(pat.code); len(rd.srcs) == 0 && (r == "16" || r == "17") && len(s.reporter) > 0 && fr.report {
				// "Trump wrote that additional sanctions would be imposed on
				// North Korea": the speaker's own government imposes them
				rd.srcs = s.reporter
				rd.conf -= 0.1
			}
			if len(rd.srcs) == 0 && cameo.Root(pat.code) == "15" {
				// "units were put on alert": posture codes are about one's own forces
				rd.srcs, rd.tgts = c.sources(s, pi, fr), nil
				rd.conf -= 0.1
				if len(rd.srcs) == 0 && len(s.reporter) > 0 {
					// "Putin said the weapons had been moved to Belarus": the
					// speaker's own forces
					rd.srcs = s.reporter
					rd.tgts = c.targets(s, p, pat.target, obj, rd.srcs, -1)
				}
			}
		} else {
			slots := pat.target
			if slots == nil {
				slots = defaultTargetSlots
			}
			if len(pat.source) > 0 {
				rd.srcs = nil
				for _, slot := range pat.source {
					if slot == "executive" {
						// the government of the target's country
						for _, t := range c.targets(s, p, slots, obj, nil, -1) {
							if t.country != "" && !isIGO(t.country) {
								ex := t
								ex.code, ex.role, ex.name, ex.kind = t.country+"GOV", "GOV", "", 0
								rd.srcs = []actRef{ex}
								rd.conf -= 0.15
								break
							}
						}
					} else {
						rd.srcs = c.slotActors(s, p, slot, obj, -1)
					}
					if len(rd.srcs) > 0 {
						break
					}
				}
			}
			if p.react || p.gap >= 0 && c.lx.is("reaction_nouns", s.toks[s.chunks[p.gap].head].Lower) {
				// ", a move Egypt condemned as a seizure of Syrian land",
				// "in what Germany called a violation of Ukrainian
				// sovereignty": the reaction is aimed at the actor of the
				// clause it reacts to before any actor its label names
				rd.tgts = c.reactionTarget(s, p, rd.srcs, pat.code)
				slots = slices.DeleteFunc(slices.Clone(slots), func(sl string) bool { return sl == "any" || sl == "label" })
			}
			if len(rd.tgts) == 0 {
				rd.tgts = c.targets(s, p, slots, obj, rd.srcs, -1)
			}
			if r := cameo.Root(pat.code); len(rd.tgts) == 0 && (r == "17" || r == "18") && len(rd.srcs) == 1 {
				// "North Korea executed its defence minister": a state's
				// repression of its own officials or people has them as target
				for _, k := range obj {
					ch := &s.chunks[k]
					for a := ch.act0; a < ch.act1; a++ {
						if t := s.acts[a]; t.country == rd.srcs[0].country && (t.role != "" && t.role != rd.srcs[0].role || t.person) && !isIGO(t.country) {
							rd.tgts = []actRef{t}
							break
						}
					}
					if len(rd.tgts) > 0 {
						break
					}
				}
			}
			if len(pat.source) > 0 {
				// "received X from Y": the subject is the target
				for _, slot := range pat.target {
					if slot == "subject" {
						rd.tgts = c.targets(s, p, []string{"subject"}, obj, rd.srcs, -1)
					}
				}
			}
		}
		if !vg.passive && len(fr.src) == 0 {
			// "an Israeli air strike destroyed the consulate": the strike
			if nps := c.subjectNPs(s, p); len(nps) > 0 && p.inheritSubj < 0 {
				rd.pat = c.byForce(s, nps[0], rd.pat)
				if len(rd.tgts) == 0 && c.forceNoun(s, &s.chunks[nps[0]]) {
					// "US and British strikes on Yemen killed 16 people": the
					// strikes' own target
					for _, slot := range []string{"on", "against", "in"} {
						if t := c.slotActorsAfter(s, p, slot, nps[0]); len(t) > 0 && !c.sameActors(t, rd.srcs) {
							rd.tgts = t
							break
						}
					}
				}
			}
			// "killed seven aid workers in a drone strike": the means
			for _, prep := range []string{"in", "with"} {
				if k := c.prepForceNoun(s, p, prep); k >= 0 {
					rd.pat = c.byForce(s, k, rd.pat)
					break
				}
			}
		}
		if len(rd.tgts) == 0 && len(fr.inhTgt) > 0 && !c.sameActors(fr.inhTgt, rd.srcs) {
			rd.tgts = fr.inhTgt
			rd.conf -= 0.1
		}
		if len(rd.tgts) == 0 {
			rd.tgts = c.reactionTarget(s, p, rd.srcs, pat.code)
			if r := cameo.Root(pat.code); pat.needsTarget && len(rd.tgts) > 0 && (r == "18" || r == "19" || r == "20") {
				// "fired a missile a day after the allies held drills": an
				// answer to an act is no strike on its author unless the
				// text says the force hit them (a show of force instead)
				continue
			}
		}
		if r := cameo.Root(pat.code); len(rd.tgts) == 0 && len(obj) > 0 && s.mem != nil && len(s.mem.agreement) > 0 && (r == "11" || r == "12") {
			// "Palestinian leaders condemned the deals": the parties of the
			// agreement the article reported
			if ch := &s.chunks[obj[0]]; ch.act1 == ch.act0 && s.toks[ch.start].Lower == "the" {
				if ci, ok := c.lx.classIdx["agreement"]; ok && c.lx.classesOf(s.toks[ch.head].Lower, nil).has(ci) {
					for _, a := range s.mem.agreement {
						if !c.sameActor(a, rd.srcs) {
							rd.tgts = append(rd.tgts, a)
						}
					}
				}
			}
		}
		if len(rd.tgts) == 0 {
			// "Biden condemned the attack": the attack the article reported;
			// "the drills are a provocation": the drills
			anaphor := obj
			if vg.copula {
				anaphor = c.subjectNPs(s, p)
			}
			if t, ok := c.eventAnaphor(s, anaphor, rd.srcs, pat.code); ok {
				rd.tgts = []actRef{t}
				rd.conf -= 0.2
			}
		}
		if pat.needsTarget && len(rd.tgts) == 0 && !(len(rd.srcs) > 1 && c.reciprocal(s, p)) {
			continue
		}
		return rd, true
	}
	return reading{}, false
}

// eventAnaphor resolves a definite event noun with no actor of its own
// ("the attack", "the strikes", "the launch") in the object of a reaction
// (disapproval, rejection, threat, sanction) to the actor of the last such
// act the article reported.
func (c *Coder) eventAnaphor(s *sentState, obj []int, srcs []actRef, code string) (actRef, bool) {
	if s.mem == nil || len(s.mem.forces) == 0 && !s.hasForce || len(obj) == 0 {
		return actRef{}, false
	}
	switch cameo.Root(code) {
	case "10", "11", "12", "13", "16":
	default:
		return actRef{}, false
	}
	ch := &s.chunks[obj[0]]
	if ch.act1 > ch.act0 || !c.forceNoun(s, ch) && !c.lx.is("reaction_nouns", s.toks[ch.head].Lower) {
		return actRef{}, false
	}
	if w := s.toks[ch.start].Lower; w != "the" && w != "this" && w != "that" && w != "these" && w != "those" {
		return actRef{}, false
	}
	// the last act of force by someone else than the condemner's state:
	// "Moon condemned the launch" after the South's own drill is the
	// North's launch; this very sentence first ("Turkey shot down a Syrian
	// jet, and Damascus condemned the attack")
	cands := make([]actRef, 0, 8)
	cands = append(cands, s.mem.forces...)
	if s.hasForce {
		cands = append(cands, s.force)
	}
	// a state the rest of the clause names is the victim, not the attacker:
	// "condemned the attack as a violation of Iran's sovereignty"
	var named []string
	for k := obj[0] + 1; k < len(s.chunks) && s.chunks[k].kind != cVG; k++ {
		for a := s.chunks[k].act0; a < s.chunks[k].act1; a++ {
			named = append(named, s.acts[a].country)
		}
	}
	for i := len(cands) - 1; i >= 0; i-- {
		t := cands[i]
		own := slices.Contains(named, t.country)
		for _, src := range srcs {
			own = own || src.country == t.country
		}
		if own || !t.valid() {
			continue
		}
		t.pron = true
		return t, true
	}
	return actRef{}, false
}

var defaultTargetSlots = []string{"object"}

func (c *Coder) predIndex(s *sentState, p *pred) int {
	for i := range s.preds {
		if &s.preds[i] == p {
			return i
		}
	}
	return -1
}

// reactionTarget: an act of reaction with no target of its own is aimed
// at the actor of the clause it reacts to ("suspended the pact after the
// North launched a satellite").
func (c *Coder) reactionTarget(s *sentState, p *pred, srcs []actRef, code string) []actRef {
	root := cameo.Root(code)
	if p.react || p.gap >= 0 && c.lx.is("reaction_nouns", s.toks[s.chunks[p.gap].head].Lower) {
		// "in what Seoul called a provocation", ", a move Iran denounced":
		// aimed at the actor of the clause reacted to
		if root == "05" || root == "01" || root >= "10" && root != "14" && root != "15" {
			return c.mainActors(s, p, srcs)
		}
		return nil
	}
	if root < "10" || root == "14" || root == "15" {
		return nil
	}
	for _, ch := range p.children {
		cp := &s.preds[ch]
		// "would respond strongly if Pyongyang carried out a provocation":
		// a threat aims at whoever the condition names
		condThreat := cp.cond && (root == "13" || root == "19" || root == "15" || root == "18")
		if cp.rel != relAdvcl || !c.lx.is("reaction_subordinators", cp.sub) && !condThreat {
			continue
		}
		var out []actRef
		for _, a := range c.sources(s, ch, frame{}) {
			if !c.sameActor(a, srcs) {
				out = append(out, a)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// mainActors returns the actors of the clause a relative or participle
// clause hangs off (its parent's sources, past other such clauses), not
// among srcs: the target of a reaction ("drawing condemnation from X").
func (c *Coder) mainActors(s *sentState, p *pred, srcs []actRef) []actRef {
	q := p.parent
	// past reduced relatives ("leaders gathered in Doha"): they describe a
	// noun, they are not the clause reacted to
	for q >= 0 && s.preds[q].rel == relRelcl && s.preds[q].antecedent >= 0 && s.preds[q].subj0 == s.preds[q].subj1 {
		q = s.preds[q].parent
	}
	for q >= 0 {
		var out []actRef
		for _, a := range c.sources(s, q, frame{}) {
			if !c.sameActor(a, srcs) && !hasActor(out, a) {
				out = append(out, a)
			}
		}
		if len(out) > 0 {
			return out
		}
		if r := s.preds[q].rel; r != relRelcl && r != relPartcl {
			break
		}
		q = s.preds[q].parent
	}
	return nil
}

// agreementObject reports a passive whose subject is "it" (or "this")
// while the article has just named an agreement, and the pattern wants an
// agreement: "It was signed on June 19".
func (c *Coder) agreementObject(s *sentState, p *pred, pat *pattern) bool {
	if pat.object == nil || !s.chunks[p.vg].passive || s.mem == nil || len(s.mem.agreement) == 0 {
		return false
	}
	nps := c.subjectNPs(s, p)
	if len(nps) != 1 {
		return false
	}
	ch := &s.chunks[nps[0]]
	low := s.toks[ch.head].Lower
	agreementNP := false
	if ci, ok := c.lx.classIdx["agreement"]; ok && c.lx.classesOf(low, nil).has(ci) {
		agreementNP = true
	}
	if !(ch.pron && (low == "it" || low == "this")) && !agreementNP && low != "this" {
		return false
	}
	return pat.object.match("agreement", nil, c.lx.classesOf("agreement", nil))
}

// passiveAgreementParties returns the parties of the agreement a passive
// subject stands for: those its phrase names, else the remembered ones.
func (c *Coder) passiveAgreementParties(s *sentState, p *pred) []actRef {
	nps := c.subjectNPs(s, p)
	var out []actRef
	if len(nps) == 1 && !s.chunks[nps[0]].pron {
		out = c.agreementParties(s, nps[0], nil)
	}
	if len(out) < 2 && s.mem != nil {
		for _, a := range s.mem.agreement {
			if !hasActor(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// conditionsHold checks a pattern's conditions on a predicate.
func (c *Coder) conditionsHold(s *sentState, p *pred, pat *pattern, heads []int, srcs []actRef, passive bool) bool {
	if pat.passive == 1 && !passive || pat.passive == -1 && passive {
		return false
	}
	if pat.compound == 1 && len(srcs) < 2 || pat.compound == -1 && len(srcs) > 1 {
		return false
	}
	if pat.object != nil && !c.headsMatch(s, heads, pat.object) && !c.agreementObject(s, p, pat) &&
		!(s.chunks[p.vg].copula && len(heads) > 0 && c.ofPhraseMatches(s, heads[0], pat.object)) { // "was an open declaration of war"
		return false
	}
	if len(pat.sourceRole) > 0 {
		ok := false
		for _, a := range srcs {
			for _, r := range pat.sourceRole {
				if a.role == r {
					ok = true
				}
			}
		}
		if !ok {
			return false
		}
	}
	if len(pat.particle) > 0 {
		end := s.chunks[p.vg].end
		if p.particleEnd > 0 {
			end = p.particleEnd
		}
		if _, ok := c.matchWords(s, end, pat.particle); !ok {
			return false
		}
	}
	if len(pat.prep) > 0 && !c.prepHolds(s, c.compStart(s, p), p.comp1, pat) {
		return false
	}
	if pat.mentions != nil && !c.mentions(s, p, pat.mentions) {
		return false
	}
	if pat.label != nil {
		k := c.labelChunk(s, p)
		if k < 0 || !c.labelMatches(s, k, pat.label) {
			return false
		}
	}
	return true
}

// prepHolds reports whether a prepositional phrase named by the pattern
// (and, with pobj, headed by one of its words) is in chunks [from, to).
func (c *Coder) prepHolds(s *sentState, from, to int, pat *pattern) bool {
	for k := from; k < to; k++ {
		ch := &s.chunks[k]
		if ch.kind != cPrep {
			continue
		}
		w := s.toks[ch.head].Lower
		if !contains(pat.prep, w) || c.absoluteWith(s, k) {
			continue
		}
		if pat.pobj == nil {
			if k+1 < to && s.chunks[k+1].kind == cNP && c.timeNP(s, &s.chunks[k+1]) {
				continue // "on Tuesday" is a time, not the phrase the pattern wants
			}
			return true
		}
		if k+1 < to && s.chunks[k+1].kind == cNP {
			if c.headsMatch(s, c.headsOf(s, c.npGroup(s, k+1, to)), pat.pobj) || c.ofPhraseMatches(s, k+1, pat.pobj) {
				return true
			}
		}
		// a gerund after the preposition: "accused X of spying"
		if k+1 < len(s.chunks) && s.chunks[k+1].kind == cVG {
			h := s.chunks[k+1].head
			if pat.pobj.match(s.toks[h].Lower, nil, c.lx.classesOf(s.toks[h].Lower, nil)) {
				return true
			}
		}
	}
	return false
}

func contains(list []string, w string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}

// headsMatch reports whether any head noun phrase matches the set.
func (c *Coder) headsMatch(s *sentState, heads []int, ws *wordSet) bool {
	for _, k := range heads {
		ch := &s.chunks[k]
		if ch.kind != cNP {
			continue
		}
		if c.npMatches(s, ch, ws) {
			return true
		}
	}
	return false
}

// npMatches matches a noun phrase's head word (with the words before it,
// for multiword members such as "water cannon") against a set.
func (c *Coder) npMatches(s *sentState, ch *chunk, ws *wordSet) bool {
	if ws.actor && ch.headActor >= 0 {
		return true
	}
	if ws.igo && ch.headActor >= 0 && isIGO(s.acts[ch.headActor].country) {
		return true
	}
	if ws.place && ch.headActor >= 0 {
		// "captured Damascus", "seized Goma": a city or region named
		if k := s.acts[ch.headActor].kind; k == actor.Place || k == actor.Metonym {
			return true
		}
	}
	if ws.person && ch.headActor >= 0 {
		// "freed three Americans", "detained a US reporter"
		if a := &s.acts[ch.headActor]; a.person || a.role == "CVL" || c.lx.is("person_nouns", s.toks[ch.head].Lower) {
			return true
		}
	}
	h := ch.head
	low := s.toks[h].Lower
	before := s.words[:0]
	for k := ch.start; k < h; k++ {
		before = append(before, s.toks[k].Lower)
	}
	s.words = before[:0]
	return ws.match(low, before, c.lx.classesOf(low, before))
}

// labelMatches reports a label phrase whose head, or an adjective or noun
// modifying it, is in the set: "a lunatic old man", "a dangerous
// separatist", "a clear violation" label as their judging word does.
func (c *Coder) labelMatches(s *sentState, k int, ws *wordSet) bool {
	ch := &s.chunks[k]
	if ws.anyLabel {
		return true
	}
	if ws.quoted {
		// a quotation mark before the phrase or inside it
		for i := max(ch.start-2, 0); i < ch.end; i++ {
			if quoteLike(&s.toks[i]) {
				return true
			}
		}
	}
	if c.npMatches(s, ch, ws) || c.ofPhraseMatches(s, k, ws) {
		return true
	}
	for i := ch.start; i < ch.head; i++ {
		t := &s.toks[i]
		if t.Tag != "JJ" && t.Tag != "NN" && t.Tag != "VBN" && t.Tag != "VBG" {
			continue
		}
		if ws.match(t.Lower, nil, c.lx.classesOf(t.Lower, nil)) {
			return true
		}
	}
	return false
}

// ofPhraseMatches reports a phrase at chunk k that with its "of" phrase
// is one of the words: "an act of war", "a quasi-state of war", "a
// sponsor of terrorism".
func (c *Coder) ofPhraseMatches(s *sentState, k int, ws *wordSet) bool {
	ch := &s.chunks[k]
	if k+2 < len(s.chunks) && s.chunks[k+1].kind == cPrep && s.toks[s.chunks[k+1].head].Lower == "of" && s.chunks[k+2].kind == cNP {
		nx := &s.chunks[k+2]
		var before []string
		for i := ch.start; i < ch.end; i++ {
			before = append(before, s.toks[i].Lower)
		}
		before = append(before, "of")
		for i := nx.start; i < nx.head; i++ {
			before = append(before, s.toks[i].Lower)
		}
		low := s.toks[nx.head].Lower
		return ws.match(low, before, c.lx.classesOf(low, before))
	}
	return false
}

// mentions reports whether a word of the set occurs after the verb in the
// predicate's clause (its complement and the clauses inside it).
func (c *Coder) mentions(s *sentState, p *pred, ws *wordSet) bool {
	from := s.chunks[p.vg].end
	if p.clause0 < p.vg {
		from = s.chunks[p.clause0].start // the subject too: "Ukrainian drones attacked"
	}
	to := len(s.toks)
	if p.comp1 < len(s.chunks) {
		to = s.chunks[p.comp1].start
	}
	// include nested clauses
	for _, ch := range p.children {
		cp := &s.preds[ch]
		if cp.comp1 >= len(s.chunks) {
			to = len(s.toks)
		} else if e := s.chunks[cp.comp1].start; e > to {
			to = e
		}
	}
	for i := from; i < to; i++ {
		low := s.toks[i].Lower
		var before []string
		if i > from {
			before = s.words[:0]
			for k := max(from, i-3); k < i; k++ {
				before = append(before, s.toks[k].Lower)
			}
			s.words = before[:0]
		}
		if ws.match(low, before, c.lx.classesOf(low, before)) {
			return true
		}
	}
	return false
}

// targets returns the target actors for the first slot that yields any
// actor other than the sources.
func (c *Coder) targets(s *sentState, p *pred, slots []string, obj []int, srcs []actRef, nounChunk int) []actRef {
	for _, slot := range slots {
		var out []actRef
		for _, a := range c.slotActors(s, p, slot, obj, nounChunk) {
			if !c.sameActor(a, srcs) && !hasActor(out, a) {
				out = append(out, a)
				if slot == "comp" || slot == "any" {
					break // the first actor of a clause, not all of them
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func hasActor(list []actRef, a actRef) bool {
	for _, b := range list {
		if b.code == a.code {
			return true
		}
	}
	return false
}

// sameActor reports whether a is one of srcs: the same code, or the same
// country where either names no role.
func (c *Coder) sameActor(a actRef, srcs []actRef) bool {
	for _, b := range srcs {
		if a.code == b.code {
			return true
		}
		// a country and its own state organs are one side; rebels,
		// opposition and civilians of that country are another
		if a.country == b.country && (a.role == "" || b.role == "") && !nonState(a.role) && !nonState(b.role) {
			return true
		}
	}
	return false
}

// nonState reports roles that are not organs of a state.
func nonState(role string) bool {
	switch role {
	case "REB", "OPP", "CVL", "BUS", "MED", "EDU", "LAB", "REL", "NGO", "IGO":
		return true
	}
	return false
}

func (c *Coder) sameActors(as, srcs []actRef) bool {
	for _, a := range as {
		if !c.sameActor(a, srcs) {
			return false
		}
	}
	return true
}

// slotActors returns the actors a slot names. nounChunk >= 0 anchors
// prepositional slots after that noun (nominal events).
func (c *Coder) slotActors(s *sentState, p *pred, slot string, obj []int, nounChunk int) []actRef {
	var out []actRef
	switch slot {
	case "none", "executive":
		return nil
	case "reporter":
		return s.reporter
	case "label":
		// "called the attack Russian barbarism": whose the label says
		if k := c.labelChunk(s, p); k >= 0 {
			ch := &s.chunks[k]
			for a := ch.act0; a < ch.act1; a++ {
				out = append(out, s.acts[a])
			}
		}
		return out
	case "main":
		return c.mainActors(s, p, nil)
	case "subjectnp":
		// every actor the subject names, possessors included
		for k := p.subj0; k < p.subj1; k++ {
			if ch := &s.chunks[k]; ch.kind == cNP {
				for a := ch.act0; a < ch.act1; a++ {
					out = append(out, s.acts[a])
				}
			}
		}
		return out
	case "subject":
		if s.chunks[p.vg].passive {
			for _, k := range c.subjectNPs(s, p) {
				out = c.npActors(s, k, out)
			}
			if len(out) == 0 && p.inheritSubj >= 0 {
				return c.sources(s, p.inheritSubj, frame{})
			}
			return out
		}
		return c.sources(s, c.predIndex(s, p), frame{})
	case "object":
		if len(obj) > 0 {
			if io := c.indirectObject(s, p, obj[0]-1); io >= 0 {
				// "gave Ukraine tanks": whom it was given to
				ch := &s.chunks[io]
				for a := ch.act0; a < ch.act1; a++ {
					out = append(out, s.acts[a])
				}
				return out
			}
		}
		for _, k := range obj {
			ch := &s.chunks[k]
			for a := ch.act0; a < ch.act1; a++ {
				out = append(out, s.acts[a])
				if s.acts[a].filled {
					out = c.roleList(s, k, p.comp1, s.acts[a], out)
				}
			}
		}
		if len(out) == 0 && len(obj) > 0 {
			// "a cargo ship linked to an Israeli businessman", "an agreement
			// that allowed US troops to be stationed there"
			out = c.nestedActors(s, obj[len(obj)-1], p.comp1, c.sources(s, c.predIndex(s, p), frame{}))
		}
		return out
	case "poss":
		k := nounChunk
		if k < 0 {
			if len(obj) == 0 {
				return nil
			}
			k = c.headsOf(s, obj)[0] // "the first parts of Russia's S-400 system"
		}
		ch := &s.chunks[k]
		for a := ch.act0; a < ch.act1; a++ {
			if a != ch.headActor {
				out = append(out, s.acts[a])
			}
		}
		return out
	case "comp":
		for _, ch := range p.children {
			cp := &s.preds[ch]
			if cp.rel != relCcomp && cp.rel != relXcomp {
				continue
			}
			out = append(out, c.clauseActors(s, ch, nil)...)
		}
		return out
	case "any":
		to := p.comp1
		for _, ch := range p.children {
			if r := s.preds[ch].rel; r == relRelcl || r == relCcomp || r == relXcomp {
				if e := s.preds[ch].comp1; e > to {
					to = e
				}
			}
		}
		for k := c.compStart(s, p); k < to; k++ {
			ch := &s.chunks[k]
			if ch.kind == cNP {
				for a := ch.act0; a < ch.act1; a++ {
					out = append(out, s.acts[a])
				}
			}
		}
		return out
	}
	// a preposition
	from := c.compStart(s, p)
	to := p.comp1
	if nounChunk >= 0 {
		from = nounChunk + 1
	}
	for k := from; k < to; k++ {
		ch := &s.chunks[k]
		if ch.kind != cPrep || s.toks[ch.head].Lower != slot || c.absoluteWith(s, k) {
			continue
		}
		// "of" belongs to the phrase before it: only the verb's object's or
		// the event noun's own "of" counts ("the annexation of X"), not one
		// deep inside another phrase ("left for the East Sea of China")
		if slot == "of" && k != from+1 && !(len(obj) > 0 && k == obj[0]+1) {
			continue
		}
		if k+1 < to && s.chunks[k+1].kind == cNP {
			place := (c.lx.is("locative_preps", slot) || slot == "to") && slot != "from" // "condemnation from Seoul" is the government
			for _, g := range c.npGroup(s, k+1, to) {
				gc := &s.chunks[g]
				if place && slot != "to" && gc.headActor < 0 && !c.placeHead(s, gc) {
					continue // "in a Russian-brokered deal" is no place of Russia
				}
				for a := gc.act0; a < gc.act1; a++ {
					ac := s.acts[a]
					if place && ac.kind == actor.Metonym && !isIGO(ac.country) {
						// "arrived in Pyongyang", "struck near Damascus": the
						// capital names the country as a place, not its government
						ac.code, ac.role = ac.country, ""
					}
					out = append(out, ac)
					if ac.filled {
						out = c.roleList(s, g, to, ac, out)
					}
				}
			}
			if len(out) > 0 {
				return out
			}
			// "restrictions on exports to South Korea": the phrase's own
			// phrase names whose
			if grp := c.npGroup(s, k+1, to); !place || slot == "to" || c.placeHead(s, &s.chunks[grp[0]]) {
				if out = c.nestedActors(s, grp[len(grp)-1], to, nil); len(out) > 0 {
					return out
				}
				// "at targets in Iraq, Syria and Pakistan": the places a
				// site phrase is in
				if last := grp[len(grp)-1]; c.placeHead(s, &s.chunks[last]) && last+2 < to && s.chunks[last+1].kind == cPrep &&
					c.lx.is("place_preps", s.toks[s.chunks[last+1].head].Lower) && s.chunks[last+2].kind == cNP {
					for _, g := range c.npGroup(s, last+2, to) {
						if gc := &s.chunks[g]; gc.headActor >= 0 && !s.acts[gc.headActor].person {
							ac := s.acts[gc.headActor]
							if ac.kind == actor.Metonym && !isIGO(ac.country) {
								ac.code, ac.role = ac.country, ""
							}
							out = append(out, ac)
						}
					}
					if len(out) > 0 {
						return out
					}
				}
			}
			// "with immediate effect ... with France": the next such phrase
		}
	}
	return nil
}

// roleList adds the other states of a list that gave role-only mention a
// (in chunk k) its country: "diplomats from Latvia, Lithuania and Estonia"
// are diplomats of each.
func (c *Coder) roleList(s *sentState, k, end int, a actRef, out []actRef) []actRef {
	if k+2 >= end || s.chunks[k+1].kind != cPrep || s.chunks[k+2].kind != cNP {
		return out
	}
	switch s.toks[s.chunks[k+1].head].Lower {
	case "of", "from", "in":
	default:
		return out
	}
	grp := c.npGroup(s, k+2, end)
	if len(grp) < 2 {
		return out
	}
	for gi, g := range grp {
		gc := &s.chunks[g]
		if gc.headActor < 0 {
			continue
		}
		m := s.acts[gc.headActor]
		if gi == 0 {
			if m.country != a.country {
				return out // the role's country came from elsewhere
			}
			continue
		}
		if m.person || m.country == "" || isIGO(m.country) {
			continue
		}
		b := a
		b.country, b.code = m.country, m.country+a.role
		out = append(out, b)
	}
	return out
}

// placeHead reports a noun phrase whose head names a place or a site:
// "the Kursk region", "a Syrian air base", "Ukraine's east".
func (c *Coder) placeHead(s *sentState, ch *chunk) bool {
	low := s.toks[ch.head].Lower
	cs := c.lx.classesOf(low, nil)
	for _, name := range []string{"territory", "facility", "sea", "link", "troops", "ship"} {
		if ci, ok := c.lx.classIdx[name]; ok && cs.has(ci) {
			return true
		}
	}
	return c.lx.is("place_nouns", low)
}

// absoluteWith reports a "with" opening an absolute construction: "signed
// a peace deal, with Trump calling it historic" — Trump is the subject of
// "calling", not a party to the signing.
func (c *Coder) absoluteWith(s *sentState, k int) bool {
	if s.toks[s.chunks[k].head].Lower != "with" || k+2 >= len(s.chunks) || s.chunks[k+1].kind != cNP {
		return false
	}
	v := &s.chunks[k+2]
	return v.kind == cVG && (v.gerund || v.partic || s.toks[v.head].Tag == "VBG")
}

// nestedActors returns the actors a noun phrase without any names one
// level down: in its own prepositional phrase ("exports to South Korea",
// "a boat carrying drugs from Venezuela") or in the relative or
// participle clause attached to it ("a ship linked to an Israeli
// businessman", "an agreement that allowed US troops"). Only the first
// actor found is returned: the phrase's owner, not everyone mentioned.
func (c *Coder) nestedActors(s *sentState, k, end int, exclude []actRef) []actRef {
	if out := c.includedActors(s, k, end, exclude); len(out) > 0 {
		return out // "sanctioned several firms, including A and B"
	}
	if k+2 < len(s.chunks) && k+2 <= end && s.chunks[k+1].kind == cPrep && s.chunks[k+2].kind == cNP &&
		c.lx.is("nested_preps", s.toks[s.chunks[k+1].head].Lower) {
		// "diplomats from Latvia, Lithuania and Estonia": every one named
		var out []actRef
		for _, g := range c.npGroup(s, k+2, max(end, k+3)) {
			gc := &s.chunks[g]
			for a := gc.act0; a < gc.act1; a++ {
				if !c.sameActor(s.acts[a], exclude) {
					out = append(out, s.acts[a])
					break
				}
			}
		}
		if len(out) > 0 {
			return out
		}
		// "diplomats from seven countries, including A, B and C"
		if out := c.includedActors(s, k+2, end, exclude); len(out) > 0 {
			return out
		}
	}
	// "captured Beni, the main city in North Kivu": a place named by its
	// appositive
	if k >= 2 && s.chunks[k-1].kind == cComma && s.chunks[k-2].kind == cNP && s.chunks[k-2].act0 == s.chunks[k-2].act1 {
		k -= 2 // the appositive is the last phrase of the object group
	}
	if k+4 < len(s.chunks) && k+4 <= end && s.chunks[k].kind == cNP && s.chunks[k].act0 == s.chunks[k].act1 &&
		s.chunks[k+1].kind == cComma && s.chunks[k+2].kind == cNP && s.chunks[k+2].act0 == s.chunks[k+2].act1 &&
		c.placeHead(s, &s.chunks[k+2]) && s.chunks[k+3].kind == cPrep && c.lx.is("place_preps", s.toks[s.chunks[k+3].head].Lower) &&
		s.chunks[k+4].kind == cNP {
		gc := &s.chunks[k+4]
		for a := gc.act0; a < gc.act1; a++ {
			if !c.sameActor(s.acts[a], exclude) {
				return []actRef{s.acts[a]}
			}
		}
	}
	for q := range s.preds {
		qp := &s.preds[q]
		if c.documentClause(s, qp) {
			continue // the document's content is coded as its own act
		}
		// restrictive clauses only: ", which Nigeria provides" says nothing
		// of whose the noun is
		if k+1 < len(s.chunks) && s.chunks[k+1].kind == cComma {
			break
		}
		attached := qp.antecedent == k || qp.gap == k || qp.vg == k+1 && s.chunks[qp.vg].inf ||
			qp.clause0 >= 1 && qp.clause0-1 == k+1 && (s.chunks[k+1].kind == cRel || s.chunks[k+1].kind == cComp)
		if !attached {
			continue
		}
		for _, a := range c.ownClauseActors(s, q) {
			if a.valid() && !c.sameActor(a, exclude) {
				return []actRef{a}
			}
		}
	}
	return nil
}

// infinitiveLike reports an infinitive, or a bare verb coordinated with
// one ("to conclude a treaty and improve relations").
func (c *Coder) infinitiveLike(s *sentState, q int) bool {
	for n := 0; q >= 0 && n < 4; n++ {
		if s.chunks[s.preds[q].vg].inf {
			return true
		}
		if s.toks[s.chunks[s.preds[q].vg].head].Tag != "VB" {
			return false
		}
		q = s.preds[q].inheritSubj
	}
	return false
}

// includedActors returns the actors listed after a noun phrase k with no
// actor of its own: "seven countries, including A, B and C".
func (c *Coder) includedActors(s *sentState, k, end int, exclude []actRef) []actRef {
	ch := &s.chunks[k]
	if ch.kind != cNP || ch.act0 != ch.act1 || k+3 >= len(s.chunks) || k+3 > end || s.chunks[k+1].kind != cComma ||
		s.chunks[k+2].kind != cPrep || s.toks[s.chunks[k+2].head].Lower != "including" || s.chunks[k+3].kind != cNP {
		return nil
	}
	var out []actRef
	for _, g := range c.npGroup(s, k+3, max(end, k+4)) {
		gc := &s.chunks[g]
		for a := gc.act0; a < gc.act1; a++ {
			if !c.sameActor(s.acts[a], exclude) {
				out = append(out, s.acts[a])
			}
		}
	}
	return out
}

// clauseActors lists the actors of a clause and the clauses inside it:
// subject first, then complement, in order.
func (c *Coder) clauseActors(s *sentState, pi int, out []actRef) []actRef {
	p := &s.preds[pi]
	out = append(out, c.sources(s, pi, frame{})...)
	for k := p.comp0; k < p.comp1; k++ {
		ch := &s.chunks[k]
		if ch.kind == cNP {
			for a := ch.act0; a < ch.act1; a++ {
				out = append(out, s.acts[a])
			}
		}
	}
	for _, ch := range p.children {
		out = c.clauseActors(s, ch, out)
	}
	return out
}

// ownClauseActors lists the actors of a clause's subject and of its
// complement up to the first comma or clause boundary, and those of the
// clauses inside that stretch: what a restrictive clause says of its noun.
func (c *Coder) ownClauseActors(s *sentState, pi int) []actRef {
	p := &s.preds[pi]
	out := c.sources(s, pi, frame{})
	end := p.comp1
	for k := p.comp0; k < p.comp1; k++ {
		ch := &s.chunks[k]
		if ch.kind == cComma || ch.kind == cPunct {
			end = k
			break
		}
		if ch.kind == cNP {
			for a := ch.act0; a < ch.act1; a++ {
				out = append(out, s.acts[a])
			}
		}
	}
	for _, q := range p.children {
		if s.preds[q].vg < end {
			out = append(out, c.ownClauseActors(s, q)...)
		}
	}
	return out
}

// nominalObject reads a light verb's object as an event noun: "held talks
// with X", "launched an invasion of X", "imposed sanctions on X".
func (c *Coder) nominalObject(s *sentState, p *pred, fr frame) (reading, bool) {
	obj := c.objectGroup(s, p)
	if len(obj) == 0 {
		return reading{}, false
	}
	heads := c.headsOf(s, obj)
	pi := c.predIndex(s, p)
	srcs := c.sources(s, pi, fr)
	for _, k := range heads {
		for _, ne := range c.nounEntries(s, &s.chunks[k]) {
			if rd, ok := c.matchNoun(s, p, ne, k, srcs, false); ok {
				rd.nounK = k
				return rd, true
			}
		}
	}
	return reading{}, false
}

// moreNominals returns the readings of the other event nouns of a light
// verb's object after the first one read (rd).
func (c *Coder) moreNominals(s *sentState, p *pred, fr frame, rd reading, e *entry) []reading {
	var out []reading
	obj := c.objectGroup(s, p)
	heads := c.headsOf(s, obj)
	srcs := c.sources(s, c.predIndex(s, p), fr)
	for _, k := range heads {
		if k <= rd.nounK {
			continue
		}
		ne := c.nounEntry(s, &s.chunks[k])
		if ne == nil {
			continue
		}
		r, ok := c.matchNoun(s, p, ne, k, srcs, false)
		if !ok || r.pat.code == "" {
			continue
		}
		if e != nil && e.cease != nil {
			// "would suspend nuclear tests and missile launches": each ended
			code, ok := refineCode(e.cease, r.pat.code)
			if !ok {
				continue
			}
			np := *r.pat
			np.code, np.joint, np.reverse = code, false, ""
			r.pat = &np
		}
		if r.pat.code != rd.pat.code {
			r.nounK = k
			out = append(out, r)
		}
	}
	return out
}

// nominalSubject reads an event noun subject of an eventive verb: "the
// visit of X to Beijing took place", "talks between A and B began".
func (c *Coder) nominalSubject(s *sentState, p *pred, fr frame) (reading, bool) {
	if p.rel == relAdvcl && c.lx.is("time_anchor_subordinators", p.sub) {
		// "the largest exchange since the full-scale invasion began": an
		// act named to date another is a time anchor, not news
		return reading{}, false
	}
	for _, k := range c.subjectNPs(s, p) {
		ch := &s.chunks[k]
		ne := c.nounEntry(s, ch)
		if ne == nil {
			continue
		}
		// the noun's own source slots: "of X", "X's"
		var srcs []actRef
		for _, slot := range c.nounSourceSlots(ne) {
			srcs = c.slotActorsAfter(s, p, slot, k)
			if len(srcs) > 0 {
				break
			}
		}
		implicit := false
		if len(srcs) == 0 {
			// "a ceasefire between Israel and Hamas took hold", "fighting
			// erupted in Khartoum between the army and the RSF"
			b := c.slotActorsAfter(s, p, "between", k)
			if len(b) < 2 {
				b = c.slotActors(s, p, "between", nil, -1)
			}
			if len(b) > 1 {
				rd, ok := c.matchNoun(s, p, ne, k, b, true)
				if ok && rd.pat.code != "" {
					np := *rd.pat
					np.joint = true
					rd.pat = &np
					rd.tgts = nil
					return rd, true
				}
			}
		}
		if len(srcs) == 0 && c.protestNoun(ne) {
			// "protests broke out across Russia": its people
			for _, slot := range []string{"across", "in", "throughout"} {
				for _, a := range c.slotActors(s, p, slot, nil, -1) {
					if !isIGO(a.country) {
						srcs = []actRef{{code: a.country + "CVL", country: a.country, role: "CVL", start: a.start, end: a.end}}
						break
					}
				}
				if len(srcs) > 0 {
					break
				}
			}
		}
		if len(srcs) == 0 {
			// "Taiwan, around which military exercises are taking place":
			// shows of force and fighting whose agent the sentence only
			// implies are the act of the nearest other state named before
			srcs, implicit = c.implicitAgent(s, p, ne, k), true
			if len(srcs) == 0 {
				continue
			}
		}
		rd, ok := c.matchNoun(s, p, ne, k, srcs, true)
		if ok {
			if implicit {
				rd.conf -= 0.3
			}
			return rd, true
		}
	}
	return reading{}, false
}

func (c *Coder) nounSourceSlots(e *entry) []string {
	for _, pat := range e.pats {
		if len(pat.source) > 0 {
			return pat.source
		}
	}
	return []string{"poss"}
}

// implicitAgent returns the agent of a force noun with none named: the
// nearest state-level actor before the noun that is not its target.
func (c *Coder) implicitAgent(s *sentState, p *pred, e *entry, k int) []actRef {
	hasForce := false
	var tslots []string
	for _, pat := range e.pats {
		switch cameo.Root(pat.code) {
		case "15", "18", "19", "20":
			hasForce = true
			if tslots == nil {
				tslots = pat.target
			}
		}
	}
	if !hasForce {
		return nil
	}
	var tgts []actRef
	for _, slot := range tslots {
		if tgts = c.slotActorsAfter(s, p, slot, k); len(tgts) > 0 {
			break
		}
	}
	first := s.chunks[k].start
	for a := len(s.acts) - 1; a >= 0; a-- {
		ac := s.acts[a]
		if ac.start >= first || ac.person || !isStateKind(ac.kind) || c.sameActor(ac, tgts) {
			continue
		}
		return []actRef{ac}
	}
	return nil
}

// slotActorsAfter resolves a noun's slot within the subject group: "poss"
// inside the noun phrase, a preposition among the phrases after it.
func (c *Coder) slotActorsAfter(s *sentState, p *pred, slot string, k int) []actRef {
	ch := &s.chunks[k]
	var out []actRef
	if slot == "poss" {
		for a := ch.act0; a < ch.act1; a++ {
			if a != ch.headActor {
				out = append(out, s.acts[a])
			}
		}
		return out
	}
	place := (c.lx.is("locative_preps", slot) || slot == "to") && slot != "from" // "condemnation from Seoul" is the government
	for j := k + 1; j+1 < p.vg; j++ {
		pc := &s.chunks[j]
		if pc.kind == cPrep && s.toks[pc.head].Lower == slot && s.chunks[j+1].kind == cNP {
			for _, g := range c.npGroup(s, j+1, p.vg) {
				gc := &s.chunks[g]
				for a := gc.act0; a < gc.act1; a++ {
					ac := s.acts[a]
					if place && ac.kind == actor.Metonym && !isIGO(ac.country) {
						ac.code, ac.role = ac.country, "" // "the visit to Beijing": the country
					}
					out = append(out, ac)
				}
			}
			return out
		}
	}
	// "around which": the preposition before a relative pronoun
	if p.relPrep == slot && p.relAnte >= 0 {
		return c.npActors(s, p.relAnte, nil)
	}
	return nil
}

// nounEntry finds the event noun entry for a noun phrase's head.
func (c *Coder) nounEntry(s *sentState, ch *chunk) *entry {
	if es := c.nounEntries(s, ch); len(es) > 0 {
		return es[0]
	}
	return nil
}

// nounEntries returns every event noun entry for a noun phrase's head, the
// most specific (multiword) first: "exercises" is both the plural of the
// conditioned "exercise" and a drill.
func (c *Coder) nounEntries(s *sentState, ch *chunk) []*entry {
	if ch.headActor >= 0 && s.acts[ch.headActor].end > ch.head {
		return nil
	}
	var out []*entry
	low := s.toks[ch.head].Lower
	for _, e := range c.lx.nouns[low] {
		if len(e.pre) == 0 {
			out = append(out, e)
			continue
		}
		ok := true
		for i := len(e.pre) - 1; i >= 0; i-- {
			k := ch.head - (len(e.pre) - i)
			if k < ch.start || s.toks[k].Lower != e.pre[i] {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// matchNoun matches an event noun's patterns. k is the noun's chunk.
func (c *Coder) matchNoun(s *sentState, p *pred, e *entry, k int, srcs []actRef, subject bool) (reading, bool) {
	ch := &s.chunks[k]
	for _, pat := range e.pats {
		if pat.compound == 1 && len(srcs) < 2 || pat.compound == -1 && len(srcs) > 1 {
			continue
		}
		if pat.mod != nil && !c.modMatches(s, ch, pat.mod) {
			continue
		}
		if len(pat.prep) > 0 {
			to := p.comp1
			if subject {
				to = p.vg
			}
			if !c.prepHolds(s, k+1, to, pat) {
				continue
			}
		}
		if len(pat.sourceRole) > 0 {
			ok := false
			for _, a := range srcs {
				if contains(pat.sourceRole, a.role) {
					ok = true
				}
			}
			if !ok {
				continue
			}
		}
		if pat.mentions != nil && !c.mentions(s, p, pat.mentions) {
			continue
		}
		if pat.code == "" {
			return reading{}, false
		}
		rd := reading{pat: pat, srcs: srcs, conf: 0.8, nominal: true, lemma: e.lemma}
		if pat.joint && !subject {
			// "announced a ceasefire between Israel and Iran": the parties
			// are those the noun names, whoever announces or brokers it
			if b := c.slotActors(s, p, "between", nil, k); len(b) > 1 {
				rd.srcs, rd.tgts = b, nil
				np := *pat
				np.joint = true
				rd.pat = &np
				return rd, true
			}
		}
		for _, slot := range pat.target {
			var got []actRef
			if subject {
				got = c.slotActorsAfter(s, p, slot, k)
			} else {
				got = c.slotActors(s, p, slot, nil, k)
			}
			for _, a := range got {
				if !c.sameActor(a, srcs) && !hasActor(rd.tgts, a) {
					rd.tgts = append(rd.tgts, a)
				}
			}
			if len(rd.tgts) > 0 {
				break
			}
		}
		if len(rd.tgts) == 0 && !subject {
			// "held a meeting on security with the military": the verb's own phrases
			for _, slot := range pat.target {
				for _, a := range c.slotActors(s, p, slot, nil, -1) {
					if !c.sameActor(a, srcs) && !hasActor(rd.tgts, a) {
						rd.tgts = append(rd.tgts, a)
					}
				}
				if len(rd.tgts) > 0 {
					break
				}
			}
		}
		if len(rd.tgts) == 0 && len(pat.target) > 0 && !subject && !(pat.joint && len(srcs) > 1) {
			// "an aid package that includes $61 billion for Ukraine"
			for _, a := range c.nestedActors(s, k, p.comp1, srcs) {
				if !c.sameActor(a, srcs) {
					rd.tgts = append(rd.tgts, a)
				}
			}
		}
		if len(rd.tgts) == 0 {
			rd.tgts = c.reactionTarget(s, p, srcs, pat.code)
		}
		if pat.needsTarget && len(rd.tgts) == 0 {
			continue
		}
		return rd, true
	}
	return reading{}, false
}

// modMatches reports whether a word before the noun's head matches.
func (c *Coder) modMatches(s *sentState, ch *chunk, ws *wordSet) bool {
	for k := ch.start; k < ch.head; k++ {
		low := s.toks[k].Lower
		before := s.words[:0]
		for j := ch.start; j < k; j++ {
			before = append(before, s.toks[j].Lower)
		}
		s.words = before[:0]
		if ws.match(low, before, c.lx.classesOf(low, before)) {
			return true
		}
	}
	return false
}

// emit turns a reading into candidate events: each source with each
// target, both ways for joint acts, pairwise for a compound subject with
// no target.
func (c *Coder) emit(s *sentState, art *articleState, p *pred, rd reading, fr frame) []cand {
	if rd.pat.code == "" {
		return nil
	}
	code := rd.pat.code
	base := code
	if fr.intent {
		code, _ = refineCode(c.lx.refine["intent"], code)
	}
	if fr.intent && !fr.neg && !fr.hypo && (base == "160" || base == "161") && c.announcedDecision(s, p) {
		// "announced that the United States would withdraw from the Paris
		// agreement", "notified the UN it would leave the court": a
		// decision made known to leave or break off is the cut itself, not
		// a threat of it (a future embargo "announced" stays a threat)
		code = base
	}
	if fr.intent && fr.neg && !fr.hypo && cameo.Root(base) == "08" {
		// "said it would never give up its nuclear weapons": a stated
		// refusal to yield (124), an event, not a negated concession
		code, base = "124", "124"
		fr.neg = false
	}
	where := rd.pat.where
	if rd.lemma != "" {
		where += " " + rd.lemma
	}
	conf := rd.conf
	pi := c.predIndex(s, p)
	date := c.dateFor(s, art, pi, fr)
	if c.historical(s, pi, fr) || c.standingPosition(s, p) {
		return nil
	}
	loc := c.location(s, p)
	mk := func(src, tgt actRef, has bool) cand {
		if src.role == "" && (src.kind == actor.Country || src.kind == actor.Demonym) && !isIGO(src.country) &&
			src.country != "" && c.lx.is("military_roots", cameo.Root(base)) {
			// a state uses force through its armed forces
			src.code, src.role = src.country+"MIL", "MIL"
		}
		cf := conf
		if src.pron || src.filled {
			cf -= 0.1
		}
		if has && (tgt.pron || tgt.filled) {
			cf -= 0.05
		}
		if cf < 0.05 {
			cf = 0.05
		}
		if cf > 1 {
			cf = 1
		}
		return cand{src: src, tgt: tgt, hasTgt: has, code: code, base: base, where: where, conf: cf,
			neg: fr.neg, hypo: fr.hypo, sentStart: s.sent.Start, sentEnd: s.sent.End,
			sentence: s.sent.Text, date: date, location: loc, pred: pi, lemma: rd.lemma}
	}
	var out []cand
	srcs := dedupeActors(rd.srcs)
	tgts := dedupeActors(rd.tgts)
	if p.rel == relRelcl && p.antecedent >= 0 && p.subj0 == p.subj1 && s.chunks[p.vg].passive && (s.chunks[p.vg].partic || s.chunks[p.vg].wasPartic) &&
		cameo.QuadOf(base) == cameo.VerbalCooperation {
		// "rebels backed by Rwanda", "a deal brokered by Qatar": a
		// participle describing its noun, not news of an act
		return nil
	}
	if p.rel == relRelcl && p.antecedent >= 0 && p.parent >= 0 && p.subj0 < p.subj1 && !fr.report &&
		s.toks[s.chunks[p.antecedent].start].Lower == "the" && (cameo.Root(base) == "05" || cameo.Root(base) == "04") {
		// "submitted the treaty that Russia signed with North Korea": a
		// relative clause on a known agreement or meeting restates it
		return nil
	}
	if cameo.QuadOf(base) == cameo.MaterialConflict {
		// "missile strikes on Kyiv": force falls on a place, the country
		for i := range tgts {
			if tgts[i].kind == actor.Metonym && !isIGO(tgts[i].country) && tgts[i].role == "GOV" {
				tgts[i].code, tgts[i].role = tgts[i].country, ""
			}
		}
	}
	if len(tgts) == 0 && cameo.Root(base) == "08" && !rd.nominal && len(srcs) == 1 && (srcs[0].role == "REB" || srcs[0].role == "OPP") &&
		srcs[0].country != "" && !isIGO(srcs[0].country) {
		// "separatist forces agreed to disarm", "called off the mutiny":
		// rebels yield to their own state
		tgts = []actRef{{country: srcs[0].country, code: srcs[0].country + "GOV", role: "GOV", kind: actor.Country, filled: true}}
	}
	if len(tgts) == 0 && c.statePartcl(s, pi) && wantsTarget(base) && !c.documentClause(s, p) {
		// "the Saudi-led coalition fighting in Yemen said": a participle
		// describing its noun with no one it acts on is no news
		return nil
	}
	if len(srcs) > maxSources {
		// a long list of states as one subject is a list of names (guests,
		// signatories of a letter), not actors of one act
		return nil
	}
	if len(srcs) == 0 {
		// no actor does it: nothing to record, but a frame above ("called
		// for X to be branded an enemy") may take its code and target
		cd := mk(actRef{}, actRef{}, false)
		if len(tgts) > 0 {
			cd.tgt, cd.hasTgt = tgts[0], true
		}
		return []cand{cd}
	}
	switch {
	case len(tgts) > 0:
		for _, a := range srcs {
			emitted := false
			for _, t := range tgts {
				repress := (cameo.Root(base) == "17" || cameo.Root(base) == "18") && t.country == a.country && (t.role != "" && t.role != a.role || t.person)
				if !repress && (c.sameActor(t, []actRef{a}) || c.ownMeans(a, t, base)) {
					continue
				}
				emitted = true
				if cameo.Root(base) == "04" && a.country == t.country && t.filled && t.end > 0 &&
					c.lx.is("rank_and_file", s.toks[t.end-1].Lower) {
					continue // "met the sailors involved": a president among his own men
				}
				if r := cameo.Root(base); r == "03" && a.country == t.country && a.role != "" && t.role != "" &&
					!nonState(a.role) && !nonState(t.role) {
					continue // "the Duma will debate the agreement Moscow signed": organs of one state sign nothing with each other
				}
				out = append(out, mk(a, t, true))
				if rd.pat.joint {
					r := t
					if r.role == "CVL" && cameo.Root(base) == "08" {
						// "freed an American in exchange for ...": the
						// other side of a swap is the captive's state
						r.code, r.role = r.country, ""
					}
					out = append(out, mk(r, a, true))
				} else if rd.pat.reverse != "" && !fr.intent {
					// "will fly to Washington": the visitor states an
					// intent; the host has stated none, so no reverse
					r := mk(t, a, true)
					r.code = rd.pat.reverse
					out = append(out, r)
				}
			}
			if !emitted && c.lx.targetless(base) && !rd.pat.needsTarget {
				// "ordered the mobilisation of 300,000 reservists": its own
				// forces are the means, and the act stands without a target
				out = append(out, mk(a, actRef{}, false))
			}
		}
	case (rd.pat.joint || fr.joint || c.reciprocal(s, p)) && len(srcs) > 1 && len(srcs) <= maxJoint:
		for _, a := range srcs {
			for _, b := range srcs {
				if a.code != b.code && !c.sameActor(b, []actRef{a}) {
					out = append(out, mk(a, b, true))
				}
			}
		}
	default:
		for _, a := range srcs {
			out = append(out, mk(a, actRef{}, false))
		}
	}
	for i := range out {
		if e := &out[i]; e.src.valid() && !e.neg && !e.hypo && !isIGO(e.src.country) && (e.hasTgt || cameo.Root(base) == "15") {
			switch cameo.Root(base) {
			case "15", "18", "19", "20":
				s.force, s.hasForce = e.src, true
			}
		}
	}
	art.evs = append(art.evs, out...)
	return out
}

// reciprocal reports "each other" or "one another" in the predicate's
// complement: "accused each other", "train in each other's countries" —
// a compound subject acts on itself, pair by pair.
func (c *Coder) reciprocal(s *sentState, p *pred) bool {
	from := s.chunks[p.vg].end
	to := len(s.toks)
	if p.comp1 < len(s.chunks) {
		to = s.chunks[p.comp1].start
	}
	for i := from; i+1 < to; i++ {
		if w := s.toks[i].Lower; (w == "each" || w == "one") && (s.toks[i+1].Lower == "other" || s.toks[i+1].Lower == "another") {
			return true
		}
		// "postponed their joint drills", "suspended their bilateral talks"
		if s.toks[i].Lower == "their" && c.lx.is("mutual_words", s.toks[i+1].Lower) {
			return true
		}
	}
	return false
}

// location returns the place a clause names for its act: the proper name
// after its first place preposition ("in Pyongyang", "near Second Thomas
// Shoal", "in the Gulf of Oman"), or "".
func (c *Coder) location(s *sentState, p *pred) string {
	for k := c.compStart(s, p); k+1 < p.comp1; k++ {
		ch := &s.chunks[k]
		if ch.kind != cPrep {
			continue
		}
		switch s.toks[ch.head].Lower {
		case "in", "near", "at", "off", "outside", "inside", "across", "along", "around", "over":
		default:
			continue
		}
		np := &s.chunks[k+1]
		if np.kind != cNP || s.toks[np.head].Tag != "NNP" && s.toks[np.head].Tag != "NNPS" {
			continue
		}
		end := np.end
		// "the Gulf of Oman"
		if k+3 < p.comp1 && s.chunks[k+2].kind == cPrep && s.toks[s.chunks[k+2].head].Lower == "of" &&
			s.chunks[k+3].kind == cNP && s.toks[s.chunks[k+3].head].Tag == "NNP" {
			end = s.chunks[k+3].end
		}
		start := np.start
		for start < end && (s.toks[start].Tag == "DT" || quoteLike(&s.toks[start])) {
			start++
		}
		if start >= end {
			continue
		}
		// skip dates: "on Monday" is not a place ("in October")
		if w := s.toks[np.head].Lower; w == "january" || w == "february" || w == "march" || w == "april" ||
			w == "may" || w == "june" || w == "july" || w == "august" || w == "september" || w == "october" ||
			w == "november" || w == "december" {
			continue
		}
		return s.sent.Text[s.toks[start].Start-s.sent.Start : s.toks[end-1].End-s.sent.Start]
	}
	return ""
}

// maxJoint bounds the actors of a joint act coded pairwise: "A, B and C
// signed" is six events; a list of ten states taking part in drills is not
// ninety.
const maxJoint = 4

// maxSources bounds the actors of one act: more than this many named as its
// subject is a list, not a coalition acting.
const maxSources = 6

// forceNoun reports an event noun of force ("an Israeli strike destroyed
// the consulate"): its modifying actor is the agent of the verb.
func (c *Coder) forceNoun(s *sentState, ch *chunk) bool {
	e := c.nounEntry(s, ch)
	if e == nil {
		return false
	}
	for _, p := range e.pats {
		switch cameo.Root(p.code) {
		case "18", "19", "20":
			return true
		}
	}
	return false
}

// prepForceNoun returns the chunk of a force noun after the preposition
// prep in the predicate's complement ("killed in a clash", "destroyed by
// an air strike"), or -1.
func (c *Coder) prepForceNoun(s *sentState, p *pred, prep string) int {
	for k := c.compStart(s, p); k+1 < p.comp1; k++ {
		if s.chunks[k].kind == cPrep && s.toks[s.chunks[k].head].Lower == prep && s.chunks[k+1].kind == cNP &&
			c.forceNoun(s, &s.chunks[k+1]) {
			return k + 1
		}
	}
	return -1
}

// forceAgents returns the agent of the force noun at chunk k: the actors
// modifying it ("an Israeli strike", "Russia's shelling") or those of its
// by/from/with phrase ("a clash with Chinese troops").
func (c *Coder) forceAgents(s *sentState, k, end int) []actRef {
	ch := &s.chunks[k]
	var out []actRef
	for a := ch.act0; a < ch.act1; a++ {
		out = append(out, s.acts[a])
	}
	if len(out) > 0 {
		return out
	}
	for j := k + 1; j+1 < end; j++ {
		pc := &s.chunks[j]
		if pc.kind != cPrep {
			if pc.kind == cNP {
				continue
			}
			break
		}
		switch s.toks[pc.head].Lower {
		case "by", "from", "with":
			if s.chunks[j+1].kind == cNP {
				for _, g := range c.npGroup(s, j+1, end) {
					gc := &s.chunks[g]
					for a := gc.act0; a < gc.act1; a++ {
						out = append(out, s.acts[a])
					}
				}
				return out
			}
		}
	}
	return nil
}

// byForce re-codes an act done by means of a force noun: "an air strike
// destroyed the consulate" (1712) and "were killed in shelling" (1823) are
// the strike (195) and the shelling (194). Acts of force more specific
// than the noun ("struck with missiles" 195) keep their code.
func (c *Coder) byForce(s *sentState, k int, pat *pattern) *pattern {
	e := c.nounEntry(s, &s.chunks[k])
	if e == nil || pat.code == "" {
		return pat
	}
	vr := cameo.Root(pat.code)
	if vr != "18" && !strings.HasPrefix(pat.code, "171") && pat.code != "190" {
		return pat // an arrest in a raid is an arrest
	}
	for _, np := range e.pats {
		if np.mod != nil && !c.modMatches(s, &s.chunks[k], np.mod) {
			continue
		}
		if np.object != nil && !c.npMatches(s, &s.chunks[k], np.object) {
			continue
		}
		if np.code == "" {
			return pat
		}
		switch cameo.Root(np.code) {
		case "18", "19", "20":
			q := *pat
			q.code, q.reverse, q.joint = np.code, "", false
			q.where = pat.where + "+" + np.where
			return &q
		}
		return pat
	}
	return pat
}

// ownMeans reports a target that is the source's own troops or weapons,
// named by a role word filled from context ("sent an aircraft carrier",
// "withdrew its troops"): for material acts they are the means, not the
// target. Meetings and talks with one's own military stay events.
func (c *Coder) ownMeans(src, tgt actRef, code string) bool {
	if !tgt.filled || tgt.country != src.country || nonState(tgt.role) || nonState(src.role) ||
		tgt.role != "MIL" && tgt.role != "COP" {
		return false // a president or a government is no one's means: "the army removed the president"
	}
	return cameo.QuadOf(code) == cameo.MaterialCooperation || cameo.QuadOf(code) == cameo.MaterialConflict
}

func dedupeActors(as []actRef) []actRef {
	var out []actRef
	for _, a := range as {
		if a.country == "" {
			continue
		}
		if !hasActor(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// dateFor returns the date of the act of predicate pi: the date expression
// nearest its verb within its clause (or the clauses above), resolved
// against the publication date; else the publication date.
func (c *Coder) dateFor(s *sentState, art *articleState, pi int, fr frame) string {
	if !s.datesF {
		s.datesF = true
		s.words = s.words[:0]
		for i := range s.toks {
			s.words = append(s.words, s.toks[i].Norm)
		}
		s.dates = timex.Find(s.words, s.dates[:0])
		s.words = s.words[:0]
	}
	vg := &s.chunks[s.preds[pi].vg]
	tense := timex.Unknown
	switch {
	case fr.intent:
		tense = timex.Future
	case vg.past:
		tense = timex.Past
	}
	pubStr := ""
	if !art.pub.IsZero() {
		pubStr = art.pub.Format("2006-01-02")
	}
	if len(s.dates) == 0 {
		return pubStr
	}
	for q := pi; q >= 0; q = s.preds[q].parent {
		if q != pi {
			// "announced on Thursday that it would withdraw": the date is the
			// announcement's, in its tense
			tense = timex.Unknown
			if s.chunks[s.preds[q].vg].past {
				tense = timex.Past
			}
		}
		a, b := c.predSpan(s, q)
		for j := q + 1; j < len(s.preds); j++ {
			// "roads linking the two Koreas on Tuesday": the date after a
			// reduced -ing relative on the object is the main verb's
			if _, jb := c.predSpan(s, j); s.preds[j].parent == q && c.statePartcl(s, j) && s.chunks[s.preds[j].vg].start == b {
				b = jb
			}
		}
		best, bestDist := -1, 1<<30
		for i, e := range s.dates {
			if e.Start < a || e.End > b {
				continue
			}
			d := e.Start - vg.head
			if d < 0 {
				d = vg.head - e.End
			}
			// a date inside another clause of this one belongs to it
			if c.dateInOtherClause(s, q, e.Start) {
				continue
			}
			if d < bestDist {
				best, bestDist = i, d
			}
		}
		if best < 0 {
			// "expelled the envoy and suspended trade on Wednesday": a
			// date after coordinated verbs is theirs too
			for j := q + 1; j < len(s.preds) && best < 0; j++ {
				if s.preds[j].coordOf != q {
					continue
				}
				ja, jb := c.predSpan(s, j)
				for i, e := range s.dates {
					if e.Start >= ja && e.End <= jb && e.Start > s.chunks[s.preds[j].vg].head {
						best = i
						break
					}
				}
			}
		}
		if best >= 0 {
			e := s.dates[best]
			if art.pub.IsZero() && art.year != 0 {
				e = e.WithYear(art.year)
			}
			if d, ok := e.Resolve(art.pub, tense); ok {
				return d.String()
			}
			return pubStr
		}
		// a relative clause, or an "after"/"before" clause, has a time of its own
		if r := s.preds[q].rel; r == relRelcl || r == relAdvcl && c.lx.is("time_shift_subordinators", s.preds[q].sub) {
			break
		}
	}
	return pubStr
}

// announcedDecision reports a clause reported by a verb that makes a
// decision known ("announced", "notified", "decided"), not one that only
// says or warns.
func (c *Coder) announcedDecision(s *sentState, p *pred) bool {
	q := p.parent
	if q < 0 || q >= len(s.preds) || s.preds[q].rel == relRelcl {
		return false
	}
	return c.lx.is("decision_verbs", s.toks[s.chunks[s.preds[q].vg].head].Lower)
}

// standingPosition reports a stance verb in the bare simple present ("China
// claims almost the entire South China Sea", "Venezuela claims the
// Essequibo"): a standing position the story explains, not a new act.
func (c *Coder) standingPosition(s *sentState, p *pred) bool {
	vg := &s.chunks[p.vg]
	h := &s.toks[vg.head]
	return vg.start == vg.head && (h.Tag == "VBZ" || h.Tag == "VBP") && c.lx.is("stance_verbs", h.Lower)
}

// historical reports a past act whose own clause ties it to history long
// before the news ("had committed genocide during their colonial rule",
// "bombed the North decades ago") and which carries no date expression of its
// own: background told in a story, not an event of the publication day. An
// explicit year or era is already dated by dateFor ("in 1950") and is kept.
func (c *Coder) historical(s *sentState, pi int, fr frame) bool {
	if fr.intent || pi < 0 || pi >= len(s.preds) {
		return false
	}
	vg := &s.chunks[s.preds[pi].vg]
	// a reduced participle on a noun ("citizens abducted by its agents
	// decades ago") names the old act today's news is about: it stays
	if !vg.past || vg.partic && s.preds[pi].rel == relRelcl {
		return false
	}
	a, b := c.predSpan(s, pi)
	for _, e := range s.dates {
		if e.Start >= a && e.End <= b && !c.dateInOtherClause(s, pi, e.Start) {
			return false
		}
	}
	for m := range c.lx.words["history_markers"] {
		ws := strings.Fields(m)
		for i := a; i+len(ws) <= b; i++ {
			ok := true
			for k, w := range ws {
				if !strings.EqualFold(s.toks[i+k].Norm, w) {
					ok = false
					break
				}
			}
			if !ok || c.dateInOtherClause(s, pi, i) {
				continue
			}
			// "in the past 24 hours", "in the past week": a recent span
			if j := i + len(ws); m == "in the past" && j < len(s.toks) && (s.toks[j].Tag == "CD" || strings.HasPrefix(s.toks[j].Tag, "NN") || strings.HasPrefix(s.toks[j].Tag, "JJ")) {
				continue
			}
			return true
		}
	}
	return false
}

// predSpan returns the token span of predicate q's clause: from its clause
// start (the sentence start for the first clause) to its complement's end.
func (c *Coder) predSpan(s *sentState, q int) (int, int) {
	p := &s.preds[q]
	a := 0
	if q > 0 && p.clause0 < len(s.chunks) {
		a = s.chunks[p.clause0].start
	}
	b := len(s.toks)
	if p.comp1 < len(s.chunks) {
		b = s.chunks[p.comp1].start
	}
	return a, b
}

// dateInOtherClause reports whether token i lies in the span of a clause
// other than q that starts after q's verb.
func (c *Coder) dateInOtherClause(s *sentState, q, i int) bool {
	for j := q + 1; j < len(s.preds); j++ {
		if s.preds[j].parent == q {
			// a reduced -ing relative ("roads linking the two Koreas on
			// Tuesday") describes a state, which has no date of its own:
			// a date inside it is the main verb's
			if c.statePartcl(s, j) {
				continue
			}
			a, b := c.predSpan(s, j)
			if i >= a && i < b {
				return true
			}
		}
	}
	return false
}

// statePartcl reports a reduced relative of a present participle with no
// relative pronoun ("roads linking", "balloons carrying"): it describes its
// noun at the time of the main act.
func (c *Coder) statePartcl(s *sentState, j int) bool {
	p := &s.preds[j]
	if p.rel != relRelcl || p.antecedent < 0 || p.subj0 < p.subj1 || s.chunks[p.vg].passive {
		return false
	}
	vg := &s.chunks[p.vg]
	return s.toks[vg.start].Tag == "VBG"
}

// documentClause reports an active participle clause on a document noun
// ("treaties annexing", "an order withdrawing", "a law banning"): the
// document's content, which is its signer's act.
func (c *Coder) documentClause(s *sentState, p *pred) bool {
	if p.rel != relRelcl || p.antecedent < 0 || s.chunks[p.vg].passive || !s.chunks[p.vg].gerund && s.toks[s.chunks[p.vg].head].Tag != "VBG" {
		return false
	}
	return c.lx.is("document_nouns", s.toks[s.chunks[p.antecedent].head].Lower)
}

// indirectObject returns the chunk of a named recipient right after a verb
// of giving and before the thing given ("lent Ukraine $50 billion", "gave
// Kyiv tanks"), when k is that recipient's chunk; else -1.
func (c *Coder) indirectObject(s *sentState, p *pred, k int) int {
	if k < 0 || k+1 >= p.comp1 || s.chunks[k].kind != cNP || s.chunks[k].headActor < 0 || s.chunks[k+1].kind != cNP {
		return -1
	}
	if !c.lx.is("ditransitive", s.toks[s.chunks[p.vg].head].Lower) {
		return -1
	}
	return k
}

// peopleObject reports a predicate whose object is people of no stated
// nationality ("arrested more than 1,000 people", "detained protesters").
func (c *Coder) peopleObject(s *sentState, pi int) bool {
	if pi < 0 || pi >= len(s.preds) {
		return false
	}
	obj := c.objectGroup(s, &s.preds[pi])
	if len(obj) == 0 {
		return false
	}
	h := c.headsOf(s, obj)[0]
	ch := &s.chunks[h]
	return ch.act1 == ch.act0 && c.lx.is("rank_and_file", s.toks[ch.head].Lower)
}

// protestNoun reports an event noun of protest ("protests", "rallies").
func (c *Coder) protestNoun(e *entry) bool {
	for _, pat := range e.pats {
		if cameo.Root(pat.code) == "14" {
			return true
		}
	}
	return false
}
