package coder

import (
	"strings"

	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/text"
)

// Chunking: from tagged tokens and actor mentions to a flat sequence of
// noun phrases, verb groups, prepositions, conjunctions, punctuation and
// clause openers. No parser: a few rules over Penn tags, with the verb
// dictionary and the actor mentions correcting the tagger where it is
// systematically wrong for news ("Azerbaijan/RB launched/VBN").

type ckind uint8

const (
	cOther ckind = iota
	cNP
	cVG
	cPrep
	cConj   // and, or, but, nor
	cComma  // ,
	cPunct  // ; : ( ) — and sentence-final punctuation
	cComp   // that (complementizer)
	cRel    // which, who, whom, whose, where
	cSub    // after, because, while, if...
	cWh     // what, how, whether: an indirect question
	cAttrib // "according to X": an attribution, not part of the clause
	cAdv
)

// chunk is one unit of the shallow parse.
type chunk struct {
	kind       ckind
	start, end int // token span [start, end)
	head       int // NP: head token; VG: main verb token; others: start

	// NP
	act0, act1 int  // actors inside: s.acts[act0:act1]
	headActor  int  // index into s.acts of the actor holding the head, or -1
	pron       bool // a pronoun ("it", "they", "him")
	wh         bool // "what", "which" as NP

	cond  bool // a subordinator opening a condition ("in case")
	react bool // a relative pronoun opening a reaction to the clause before ("in what X called Y")

	// VG
	neg       bool
	modal     string // the modal, lower-case ("would", "will"), or ""
	passive   bool   // be + past participle
	perfect   bool   // have + past participle
	inf       bool   // "to" + verb
	gerund    bool   // -ing form without auxiliary
	partic    bool   // past participle without auxiliary (reduced relative or finite)
	wasPartic bool   // tagged a bare participle but read as a finite past ("Azerbaijan launched/VBN")
	copula    bool   // main verb is a form of "be"
	finite    bool   // carries tense (not infinitive, gerund or bare participle)
	past      bool   // past tense or perfect
	particle  int    // tokens of a verb particle consumed after the group (set by matching)
	lemmas    []*entry
}

// isNounTag reports tags that may end a noun phrase.
func isNounTag(tag string) bool {
	switch tag {
	case "NN", "NNS", "NNP", "NNPS", "CD", "PRP", "EX", "$", "FW", "SYM":
		return true
	}
	return false
}

// isNPTag reports tags that may be part of a noun phrase.
func isNPTag(tag string) bool {
	switch tag {
	case "DT", "PDT", "PRP$", "JJ", "JJR", "JJS", "CD", "NN", "NNS", "NNP", "NNPS", "POS", "$", "FW",
		"HYPH", "WP$", "SYM":
		return true
	}
	return false
}

func isVerbTag(tag string) bool {
	switch tag {
	case "VB", "VBD", "VBZ", "VBP", "VBN", "VBG", "MD":
		return true
	}
	return false
}

// quoteLike reports tokens that are transparent to chunking (quotes).
func quoteLike(t *text.Token) bool {
	switch t.Norm {
	case `"`, "'", "``", "''", "“", "”", "‘", "’", "«", "»":
		return true
	}
	return t.Tag == "``" || t.Tag == "''"
}

// chunkSentence fills s.chunks from s.toks, s.acts and s.tokAct.
func (c *Coder) chunkSentence(s *sentState) {
	c.repairTags(s)
	c.chunkTokens(s)
	c.dropNaming(s)
}

// dropNaming removes "what X called" before a noun phrase: "launched what
// it called anti-terrorist operations" launched the operations.
//
// After "in" ("fired missiles, in what Seoul called a provocation") the
// clause is a reaction to the clause before: "what" becomes a relative
// pronoun whose clause Seoul's reaction is (see pred.react).
func (c *Coder) dropNaming(s *sentState) {
	ch := s.chunks
	for k := 0; k+3 < len(ch); k++ {
		if ch[k].kind != cWh || s.toks[ch[k].head].Lower != "what" || ch[k+1].kind != cNP || ch[k+2].kind != cVG {
			continue
		}
		// "struck what Ankara said were PKK hideouts": the attribution of
		// the object is the speaker's hedge; the object is the phrase after
		if k+4 < len(ch) && ch[k+3].kind == cVG && ch[k+4].kind == cNP && c.lx.is("hedge_verbs", s.toks[ch[k+2].head].Lower) &&
			c.lx.is("be", s.toks[ch[k+3].head].Lower) && ch[k+3].end-ch[k+3].start == 1 &&
			!(k > 0 && ch[k-1].kind == cPrep && s.toks[ch[k-1].head].Lower == "in") {
			s.chunks = append(ch[:k], ch[k+4:]...)
			return
		}
		// "what X called Y", "what X described as Y"
		if ch[k+3].kind != cNP && !(ch[k+3].kind == cPrep && s.toks[ch[k+3].head].Lower == "as" && k+4 < len(ch) && ch[k+4].kind == cNP) {
			continue
		}
		if !c.lx.is("naming_verbs", s.toks[ch[k+2].head].Lower) {
			continue
		}
		if k > 0 && ch[k-1].kind == cPrep && s.toks[ch[k-1].head].Lower == "in" {
			ch[k].kind = cRel
			ch[k].react = true
			continue
		}
		if ch[k+3].kind != cNP {
			continue // "what X described as Y" outside a reaction: leave it
		}
		s.chunks = append(ch[:k], ch[k+3:]...)
		return
	}
}

// repairTags corrects tagger errors that break noun phrases, using what
// the grammar and the dictionary know: a finite verb never follows a
// determiner, a number, a possessive or an adjective ("two missiles/VBZ",
// "its sites/VBZ"), and a word the dictionary knows only as a noun is no
// verb after a noun modifier ("Hwasong missiles/VBZ").
func (c *Coder) repairTags(s *sentState) {
	toks := s.toks
	// "at least 58 Palestinians", "at most ten": a quantifier of the phrase
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Lower == "at" && (toks[i+1].Lower == "least" || toks[i+1].Lower == "most") && toks[i+2].Tag == "CD" {
			toks[i].Tag, toks[i+1].Tag = "PDT", "JJS"
		}
	}
	// "slapped sweeping/VBG new sanctions": an -ing word the dictionary
	// knows no verb for, between a verb and its object, is an adjective
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Tag == "VBG" && !c.bareVerb(toks[i].Lower) && strings.HasPrefix(toks[i-1].Tag, "VB") && toks[i-1].Tag != "VBG" &&
			!c.lx.is("be", toks[i-1].Lower) && (toks[i+1].Tag == "JJ" || toks[i+1].Tag == "NN" || toks[i+1].Tag == "NNS") {
			toks[i].Tag = "JJ"
		}
	}
	// "called the junta illegitimate/NN": after a naming verb, an evaluative
	// adjective the tagger read as a noun, right after the object's noun,
	// is the label, not part of the object
	if bad, ok := c.lx.classIdx["bad_label"]; ok {
		good, gok := c.lx.classIdx["good_label"]
		named := false
		for i := 0; i < len(toks); i++ {
			t := &toks[i]
			if strings.HasPrefix(t.Tag, "VB") && c.lx.is("naming_verbs", t.Lower) {
				named = true
				continue
			}
			if !named || i == 0 || (t.Tag != "NN" && t.Tag != "NNS") || s.tokAct[i] >= 0 || !adjectiveForm(t.Lower) {
				continue
			}
			if p := toks[i-1].Tag; p != "NN" && p != "NNS" && p != "NNP" && p != "NNPS" {
				continue
			}
			// "a war criminal": a compound noun the dictionary knows stays one
			compound := false
			for _, mc := range c.lx.classMulti[t.Lower] {
				if len(mc.pre) > 0 && mc.pre[len(mc.pre)-1] == toks[i-1].Lower {
					compound = true
				}
			}
			if cs := c.lx.classOf[t.Lower]; !compound && (cs.has(bad) || gok && cs.has(good)) {
				t.Tag = "JJ"
			}
		}
	}
	// "restore staffing/VBG at their embassies": an -ing word the dictionary
	// knows no verb for, right after a verb and before a preposition, is
	// that verb's object
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Tag == "VBG" && !c.bareVerb(toks[i].Lower) && strings.HasPrefix(toks[i-1].Tag, "VB") && toks[i-1].Tag != "VBG" &&
			toks[i-1].Tag != "VBN" && !c.lx.is("be", toks[i-1].Lower) && toks[i+1].Tag == "IN" && len(c.lx.verbs[toks[i].Lower]) == 0 &&
			len(c.lx.verbs[toks[i-1].Lower]) > 0 && !c.lx.is("ing_complement_verbs", toks[i-1].Lower) {
			toks[i].Tag = "NN"
		}
	}
	// "committed to close/VB cooperation": "close" right before a noun of
	// closeness is the adjective
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Lower == "close" && strings.HasPrefix(toks[i].Tag, "VB") && c.lx.is("close_nouns", toks[i+1].Lower) {
			toks[i].Tag = "JJ"
		}
	}
	// "rejected as groundless/NN slander/VBP the claim": a base-form verb
	// right after a singular noun that follows "as" is the label's noun
	for i := 2; i+1 < len(toks); i++ {
		if toks[i].Tag == "VBP" && (toks[i-1].Tag == "NN" || toks[i-1].Tag == "JJ") && s.tokAct[i-1] < 0 &&
			(toks[i-2].Lower == "as" || i >= 3 && toks[i-3].Lower == "as" && (toks[i-2].Tag == "JJ" || toks[i-2].Tag == "DT")) &&
			(toks[i+1].Tag == "DT" || toks[i+1].Tag == "NNP" || toks[i+1].Tag == "PRP$" || s.tokAct[i+1] >= 0) {
			toks[i].Tag = "NN"
			if toks[i-1].Tag == "NN" {
				toks[i-1].Tag = "JJ"
			}
		}
	}
	// "troops briefly/NN crossed": a lower-case -ly word before a verb is
	// an adverb, unless it is one of the nouns ending so ("the family fled")
	for i := 1; i+1 < len(toks); i++ {
		t := &toks[i]
		if (t.Tag == "NN" || t.Tag == "JJ") && len(t.Lower) > 4 && strings.HasSuffix(t.Lower, "ly") && t.Norm == t.Lower && s.tokAct[i] < 0 &&
			(toks[i+1].Tag == "VBD" || toks[i+1].Tag == "VBZ" || toks[i+1].Tag == "VBP") && !c.lx.is("ly_nouns", t.Lower) {
			t.Tag = "RB"
		}
	}
	// "fired warning/VBG shots": a participle that with the next noun makes
	// a compound the dictionary knows is a modifier
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Tag == "VBG" && (toks[i+1].Tag == "NN" || toks[i+1].Tag == "NNS") && c.compound(toks[i].Lower, toks[i+1].Lower) {
			toks[i].Tag = "NN"
		}
	}
	// "expelled ten diplomats and imposed/JJ sanctions": a past form of a
	// dictionary verb after "and", once the sentence has had a finite verb
	sawFinite := false
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Tag == "VBD" || toks[i].Tag == "VBZ" || toks[i].Tag == "VBP" {
			sawFinite = true
			continue
		}
		if sawFinite && i > 0 && (toks[i-1].Lower == "and" || toks[i-1].Lower == "or") && (toks[i].Tag == "JJ" || toks[i].Tag == "VBN") &&
			s.tokAct[i] < 0 && c.pastOnly(toks[i].Lower) && (toks[i+1].Tag == "NNS" || toks[i+1].Tag == "NN" || toks[i+1].Tag == "DT" || s.tokAct[i+1] >= 0 ||
			toks[i+1].Tag == "JJ" && i+2 < len(toks) && (toks[i+2].Tag == "NN" || toks[i+2].Tag == "NNS")) {
			toks[i].Tag = "VBD"
		}
	}
	// "Mali's military seized/JJ power", "RSF fighters shot/NN dead": a
	// past form of a dictionary verb right after a named actor, with no
	// finite verb before it in its clause (or only a verb of saying), is
	// the actor's verb
	for i := 1; i+1 < len(toks); i++ {
		t := &toks[i]
		a := s.tokAct[i-1]
		if a < 0 || s.tokAct[i] >= 0 || s.acts[a].pron || s.acts[a].end != i || toks[i-1].Tag == "HYPH" || toks[i-1].Tag == "POS" {
			continue
		}
		if t.Tag != "JJ" && t.Tag != "VBN" && t.Tag != "NN" && t.Tag != "VBP" {
			continue
		}
		next := &toks[i+1]
		switch {
		case t.Lower == "shot" && (next.Lower == "dead" || next.Lower == "down"):
		case c.pastOnly(t.Lower) && (next.Tag == "DT" || next.Tag == "NN" || next.Tag == "NNS" || next.Tag == "CD" || next.Tag == "PRP$" || s.tokAct[i+1] >= 0):
		default:
			continue
		}
		if c.finiteBefore(s, i) && !c.sayBefore(s, i) {
			continue
		}
		t.Tag = "VBD"
	}
	// "a launch Britain said breached/JJ UN resolutions": a past form of a
	// dictionary verb right after a verb of saying, before a noun phrase
	for i := 1; i+1 < len(toks); i++ {
		t, next := &toks[i], &toks[i+1]
		if (t.Tag == "JJ" || t.Tag == "VBN") && s.tokAct[i] < 0 && toks[i-1].Tag == "VBD" && c.sayBefore(s, i) && c.pastOnly(t.Lower) &&
			(next.Tag == "DT" || next.Tag == "NNS" || next.Tag == "NNP" || next.Tag == "PRP$" || next.Tag == "CD" || s.tokAct[i+1] >= 0) {
			t.Tag = "VBD"
		}
	}
	// "remove selected/VBN Russian banks": a participle between a verb and
	// its object is an adjective
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Tag == "VBN" && strings.HasPrefix(toks[i-1].Tag, "VB") && !c.lx.is("be", toks[i-1].Lower) &&
			!c.lx.is("have", toks[i-1].Lower) && !c.lx.is("linking_verbs", toks[i-1].Lower) &&
			(s.tokAct[i+1] >= 0 || toks[i+1].Tag == "NNS" || toks[i+1].Tag == "NNPS") {
			toks[i].Tag = "JJ"
		}
	}
	// "a message of greeting/VBG to": an -ing word after "of" or a
	// determiner, before a preposition or the end, is a noun; "laid/CC
	// bare": a verb form the tagger called a conjunction
	for i := 1; i < len(toks); i++ {
		t := &toks[i]
		if t.Tag == "VBG" && (toks[i-1].Lower == "of" || toks[i-1].Tag == "DT") && s.tokAct[i] < 0 &&
			(i+1 == len(toks) || toks[i+1].Tag == "IN" || toks[i+1].Tag == "TO" || toks[i+1].Tag == "," || toks[i+1].Tag == ".") {
			t.Tag = "NN"
		}
		if t.Tag == "CC" && len(c.lx.verbs[t.Lower]) > 0 && !c.lx.is("conjunctions", t.Lower) {
			t.Tag = "VBD"
		}
	}
	// "radios used/VBD by Hamas members exploded": a past form between a
	// noun and "by" is a passive participle when a finite verb follows in
	// its clause
	for i := 1; i+2 < len(toks); i++ {
		t := &toks[i]
		if t.Tag != "VBD" || toks[i+1].Lower != "by" || toks[i+2].Lower == "far" || s.tokAct[i-1] >= 0 ||
			(toks[i-1].Tag != "NN" && toks[i-1].Tag != "NNS") || !c.participleLike(t.Lower) {
			continue
		}
		for j := i + 2; j < len(toks); j++ {
			u := &toks[j]
			if u.Norm == "," || u.Norm == ";" || u.Tag == "CC" || u.Lower == "that" || u.Tag == "WDT" || u.Tag == "WP" {
				break
			}
			if (u.Tag == "VBD" || u.Tag == "VBZ" || u.Tag == "VBP" || u.Tag == "MD") && s.tokAct[j] < 0 {
				t.Tag = "VBN"
				break
			}
		}
	}
	// "stood alongside/RB Putin": a preposition before a noun phrase
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i].Lower == "alongside" || toks[i].Lower == "beside") && toks[i].Tag == "RB" &&
			(toks[i+1].Tag == "DT" || toks[i+1].Tag == "NNP" || toks[i+1].Tag == "PRP$" || toks[i+1].Tag == "PRP" || toks[i+1].Tag == "CD" || s.tokAct[i+1] >= 0) {
			toks[i].Tag = "IN"
		}
	}
	// ", including a military hotline": a preposition
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Lower == "including" && (toks[i+1].Tag == "DT" || toks[i+1].Tag == "CD" || s.tokAct[i+1] >= 0 || toks[i+1].Tag == "NNP" || toks[i+1].Tag == "JJ") {
			toks[i].Tag = "IN"
		}
	}
	// "to Ukraine/VB": a proper name of an actor is no verb
	for i := range toks {
		if a := s.tokAct[i]; a >= 0 && isVerbTag(toks[i].Tag) && s.acts[a].kind != actor.Role && !s.acts[a].pron {
			toks[i].Tag = "NNP"
		}
	}
	// "Fighting erupted", "Russian shelling killed": a gerund right before
	// a finite verb is the noun subject
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Tag != "VBG" || !(i == 0 || toks[i-1].Tag == "DT" || toks[i-1].Tag == "JJ" || toks[i-1].Tag == "PRP$" ||
			toks[i-1].Tag == "POS" || toks[i-1].Norm == "," || i == 1 && toks[0].Tag == "NNP" && s.tokAct[0] < 0) {
			continue
		}
		switch toks[i+1].Tag {
		case "VBD", "VBZ", "VBP", "MD", "VBN":
			toks[i].Tag = "NN"
		case "VB":
			if i > 0 && toks[i-1].Tag != "," {
				toks[i].Tag = "NN" // "Russian shelling hit/VB"
				toks[i+1].Tag = "VBD"
			}
		}
	}
	for i := 1; i+1 < len(toks); i++ {
		t := &toks[i]
		// "The Moskva sank/NN after": a past form only a verb has, after a
		// noun and before a preposition or determiner
		if (t.Tag == "NN" || t.Tag == "NNS") && s.tokAct[i] < 0 && c.pastOnly(t.Lower) && (toks[i-1].Tag == "NNP" || toks[i-1].Tag == "NN" || toks[i-1].Tag == "NNS") &&
			(toks[i+1].Tag == "IN" || toks[i+1].Tag == "DT" || toks[i+1].Tag == "RB" || toks[i+1].Tag == "." || toks[i+1].Tag == "PRP$") {
			t.Tag = "VBD"
			continue
		}
		if t.Tag == "NN" && strings.HasSuffix(t.Lower, "ing") && strings.HasPrefix(toks[i-1].Tag, "VB") && len(c.lx.verbs[t.Lower]) > 0 &&
			(s.tokAct[i+1] >= 0 || toks[i+1].Tag == "DT" || toks[i+1].Tag == "NNP" || toks[i+1].Tag == "PRP$") {
			t.Tag = "VBG" // "will stop bombing/NN Rafah"
		}
	}
	for i := 1; i < len(toks); i++ {
		t := &toks[i]
		if t.Tag != "VBZ" && t.Tag != "VBP" {
			continue
		}
		if s.tokAct[i] >= 0 && s.acts[s.tokAct[i]].start < i {
			continue
		}
		prev := &toks[i-1]
		switch prev.Tag {
		case "DT", "PRP$", "CD", "POS", "JJR", "JJS":
			if c.lx.is("quantifiers", prev.Lower) {
				continue // "many say", "both agree"
			}
		case "JJ":
			if c.lx.is("quantifiers", prev.Lower) || s.tokAct[i-1] >= 0 {
				continue // "few believe"; "Russians say"
			}
		case "NN", "NNS", "NNP", "NNPS", "HYPH":
			if s.tokAct[i-1] >= 0 {
				// "laid bare the U.S. moves": after a verb of its clause, an
				// actor and a word the dictionary knows as a noun are one phrase
				if !c.finiteBefore(s, i-1) || (len(c.lx.nouns[t.Lower]) == 0 && c.lx.classOf[t.Lower].empty()) {
					continue
				}
			} else if !c.nounOnly(t.Lower) {
				continue
			}
		default:
			continue
		}
		if t.Tag == "VBZ" || strings.HasSuffix(t.Lower, "s") {
			t.Tag = "NNS"
		} else {
			t.Tag = "NN"
		}
	}
}

// compound reports a two-word noun the dictionary lists ("warning shot",
// "firing drill", "landing craft").
func (c *Coder) compound(w1, w2 string) bool {
	for _, mc := range c.lx.classMulti[w2] {
		if len(mc.pre) == 1 && mc.pre[0] == w1 {
			return true
		}
	}
	for _, e := range c.lx.nouns[w2] {
		if len(e.pre) == 1 && e.pre[0] == w1 {
			return true
		}
	}
	return false
}

// bareVerb reports a form of a dictionary verb read without a particle.
func (c *Coder) bareVerb(w string) bool {
	for _, e := range c.lx.verbs[w] {
		if len(e.particle) == 0 {
			return true
		}
	}
	return false
}

// pastOnly reports a past tense form of a dictionary verb that is no noun
// ("sank", "struck", "seized"): never a noun, whatever the tagger says.
func (c *Coder) pastOnly(w string) bool {
	if len(c.lx.verbs[w]) == 0 || len(c.lx.nouns[w]) > 0 || !c.lx.classOf[w].empty() || len(c.lx.classMulti[w]) > 0 {
		return false
	}
	if strings.HasSuffix(w, "ed") {
		return true
	}
	for _, pp := range c.lx.irr.verbs {
		if pp[0] == w && pp[0] != pp[1] {
			return true
		}
	}
	return false
}

// finiteBefore reports a finite verb before token i in the same clause
// (no comma, conjunction, "that" or relative pronoun in between).
func (c *Coder) finiteBefore(s *sentState, i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := &s.toks[j]
		switch {
		case t.Tag == "VBD" || t.Tag == "VBZ" || t.Tag == "VBP" || t.Tag == "MD":
			return s.tokAct[j] < 0
		case t.Norm == "," || t.Tag == "CC" || t.Tag == "WDT" || t.Tag == "WP" || t.Lower == "that" || t.Norm == ";":
			return false
		}
	}
	return false
}

// sayBefore reports that the finite verb before token i in its clause is
// a verb of saying or reporting ("the army said rebels shot dead ...").
func (c *Coder) sayBefore(s *sentState, i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := &s.toks[j]
		if t.Tag == "VBD" || t.Tag == "VBZ" || t.Tag == "VBP" {
			for _, e := range c.lx.verbs[t.Lower] {
				if e.report || e.xcomp == kContent {
					return true
				}
			}
			return false
		}
	}
	return false
}

// nounOnly reports a word the dictionary knows as a noun (an event noun or
// a member of a noun class) and not as a verb.
func (c *Coder) nounOnly(w string) bool {
	if len(c.lx.verbs[w]) > 0 {
		return false
	}
	return len(c.lx.nouns[w]) > 0 || !c.lx.classOf[w].empty() || len(c.lx.classMulti[w]) > 0
}

func (c *Coder) chunkTokens(s *sentState) {
	toks := s.toks
	n := len(toks)
	s.chunks = s.chunks[:0]
	lx := c.lx
	i := 0
	for i < n {
		t := &toks[i]
		if quoteLike(t) {
			i++
			continue
		}
		// Parenthetical asides are skipped as a whole.
		if t.Norm == "(" || t.Norm == "[" {
			j := i + 1
			for j < n && toks[j].Norm != ")" && toks[j].Norm != "]" {
				j++
			}
			if j < n {
				i = j + 1
				continue
			}
		}
		low := t.Lower
		// "according to X": an attribution.
		if low == "according" && i+1 < n && toks[i+1].Lower == "to" {
			j := i + 2
			for j < n && (isNPTag(toks[j].Tag) || s.tokAct[j] >= 0 || toks[j].Lower == "and" || quoteLike(&toks[j])) {
				j++
			}
			s.chunks = append(s.chunks, chunk{kind: cAttrib, start: i, end: j, head: i, headActor: -1})
			i = j
			continue
		}
		// "Should the US attack, ...", "Were it to fall, ...": an inverted condition
		if (low == "should" || low == "were" || low == "had") && (i == 0 || toks[i-1].Norm == "," || toks[i-1].Lower == "and" || quoteLike(&toks[i-1])) &&
			i+1 < n && (toks[i+1].Tag == "DT" || toks[i+1].Tag == "PRP" || toks[i+1].Tag == "NNP" || s.tokAct[i+1] >= 0) {
			s.chunks = append(s.chunks, chunk{kind: cSub, start: i, end: i + 1, head: i, headActor: -1, cond: true})
			i++
			continue
		}
		// "tear/IN gas": a word tagged as a preposition that is none is a modifier
		if t.Tag == "IN" && !c.lx.is("preps", low) && !c.lx.is("subordinators", low) && !c.lx.is("conditionals", low) &&
			!c.lx.is("complementizers", low) && low != "whether" && low != "than" && low != "if" && low != "because" &&
			low != "so" && low != "unless" && low != "though" && low != "although" && low != "while" && low != "whereas" &&
			i+1 < n && (isNounTag(toks[i+1].Tag) || toks[i+1].Tag == "JJ") {
			toks[i].Tag = "JJ"
		}
		// "its might", "the will": a modal after a determiner is a noun
		if t.Tag == "MD" && i > 0 && (toks[i-1].Tag == "PRP$" || toks[i-1].Tag == "DT" || toks[i-1].Tag == "JJ" || toks[i-1].Tag == "POS") {
			toks[i].Tag = "NN"
		}
		// "in case (that)", "in the event (that)": a condition
		if low == "in" && i+1 < n && (toks[i+1].Lower == "case" || toks[i+1].Lower == "the" && i+2 < n && toks[i+2].Lower == "event" && i+3 < n && toks[i+3].Lower == "that") {
			j := i + 2
			if toks[i+1].Lower == "the" {
				j = i + 4
			} else if j < n && toks[j].Lower == "that" {
				j++
			}
			s.chunks = append(s.chunks, chunk{kind: cSub, start: i, end: j, head: i, headActor: -1, cond: true})
			i = j
			continue
		}
		// "whose leaders ...": the relative pronoun, then its noun phrase
		if low == "whose" {
			s.chunks = append(s.chunks, chunk{kind: cRel, start: i, end: i + 1, head: i})
			i++
			continue
		}
		if s.tokAct[i] >= 0 || c.startsNP(s, i) {
			j := c.npEnd(s, i)
			if j > i {
				s.chunks = append(s.chunks, c.makeNP(s, i, j))
				i = j
				continue
			}
		}
		switch {
		case t.Norm == ",":
			s.chunks = append(s.chunks, chunk{kind: cComma, start: i, end: i + 1, head: i})
			i++
			continue
		case t.Tag == "CC" || low == "and" || low == "or" || low == "but" || low == "nor":
			s.chunks = append(s.chunks, chunk{kind: cConj, start: i, end: i + 1, head: i})
			i++
			continue
		case t.Norm == ";" || t.Norm == ":" || t.Norm == "--" || t.Norm == "-" || t.Norm == "—" ||
			t.Norm == "." || t.Norm == "!" || t.Norm == "?" || t.Norm == ")" || t.Norm == "(":
			s.chunks = append(s.chunks, chunk{kind: cPunct, start: i, end: i + 1, head: i})
			i++
			continue
		}
		// "most isolated", "very worried": a degree adverb makes a participle an adjective
		if (t.Tag == "VBN" || t.Tag == "VBG") && i > 0 && c.lx.is("degree_adverbs", toks[i-1].Lower) {
			s.chunks = append(s.chunks, chunk{kind: cOther, start: i, end: i + 1, head: i, headActor: -1})
			i++
			continue
		}
		if j, ok := c.verbGroup(s, i); ok {
			i = j
			continue
		}
		switch {
		case low == "that" && (t.Tag == "IN" || t.Tag == "WDT" || t.Tag == "DT"):
			// "that" before a clause; a determiner "that" was taken by the NP rule.
			// After a noun it opens a relative clause, except after a verb that
			// takes a clause ("warned Pyongyang that") or a noun that does
			// ("no sign that", "the fact that").
			if last := len(s.chunks) - 1; last >= 0 && s.chunks[last].kind == cNP && (!c.reportLike(s) ||
				last >= 1 && s.chunks[last-1].kind == cPrep && s.toks[s.chunks[last-1].head].Lower == "among") && // "were among the states that"
				!lx.is("clause_nouns", s.toks[s.chunks[last].head].Lower) {
				s.chunks = append(s.chunks, chunk{kind: cRel, start: i, end: i + 1, head: i})
			} else {
				s.chunks = append(s.chunks, chunk{kind: cComp, start: i, end: i + 1, head: i})
			}
		case lx.is("relatives", low) && (t.Tag == "WDT" || t.Tag == "WP" || t.Tag == "WP$" || t.Tag == "WRB"):
			s.chunks = append(s.chunks, chunk{kind: cRel, start: i, end: i + 1, head: i})
		case low == "what" || low == "how" || low == "whether" || low == "why" || low == "whom" ||
			(low == "when" && t.Tag == "WRB" && prevIsVerb(s) && c.reportLike(s)):
			s.chunks = append(s.chunks, chunk{kind: cWh, start: i, end: i + 1, head: i})
		case lx.is("conditionals", low) || (lx.is("subordinators", low) && (t.Tag == "IN" || t.Tag == "WRB" || t.Tag == "RB") && c.opensClause(s, i)):
			s.chunks = append(s.chunks, chunk{kind: cSub, start: i, end: i + 1, head: i})
		case t.Tag == "IN" || t.Tag == "TO" || t.Tag == "RP" && lx.is("preps", low):
			s.chunks = append(s.chunks, chunk{kind: cPrep, start: i, end: i + 1, head: i})
		case strings.HasPrefix(t.Tag, "RB") || t.Tag == "RP":
			s.chunks = append(s.chunks, chunk{kind: cAdv, start: i, end: i + 1, head: i})
		default:
			s.chunks = append(s.chunks, chunk{kind: cOther, start: i, end: i + 1, head: i})
		}
		i++
	}
}

func prevIsVerb(s *sentState) bool {
	return len(s.chunks) > 0 && s.chunks[len(s.chunks)-1].kind == cVG
}

// reportLike reports whether the last verb group is a reporting or content
// verb: "warned Pyongyang that ..." opens a complement, not a relative.
func (c *Coder) reportLike(s *sentState) bool {
	for k := len(s.chunks) - 1; k >= 0 && k >= len(s.chunks)-3; k-- {
		ch := &s.chunks[k]
		if ch.kind == cVG {
			for _, e := range ch.lemmas {
				if e.report || e.xcomp == kContent || e.xcomp == kIntent {
					return true
				}
			}
			return false
		}
	}
	return false
}

// opensClause reports whether a subordinator at i opens a clause (a verb
// follows before the sentence or clause ends) rather than a phrase
// ("after four days of fighting").
func (c *Coder) opensClause(s *sentState, i int) bool {
	for j := i + 1; j < len(s.toks) && j < i+14; j++ {
		t := &s.toks[j]
		if isVerbTag(t.Tag) && t.Tag != "VBG" {
			return true
		}
		if t.Norm == "," || t.Norm == ";" || t.Norm == "." {
			return false
		}
	}
	return false
}

// startsNP reports whether token i can open a noun phrase.
func (c *Coder) startsNP(s *sentState, i int) bool {
	t := &s.toks[i]
	if t.Lower == "that" && i+1 < len(s.toks) {
		// "that North Korean units had been sent", "that the army": a
		// determiner never comes before a name, a pronoun or another determiner
		if n := &s.toks[i+1]; s.tokAct[i+1] >= 0 || n.Tag == "DT" || n.Tag == "PRP" || n.Tag == "NNP" || n.Tag == "NNPS" || n.Tag == "CD" || n.Tag == "PRP$" {
			return false
		}
	}
	switch t.Tag {
	case "PRP":
		return true
	case "EX":
		return true
	case "VBN", "VBG", "VBD":
		if t.Tag == "VBD" && !c.lx.is("name_epithets", t.Lower) {
			return false
		}
		// adjectival participle before a name: "neighbouring South Sudan",
		// "Russian-occupied Crimea" (before a common noun it is more often a
		// gerund with its object: "supplying weapons"); other adjectival
		// participles are handled inside npEnd
		if i+1 < len(s.toks) && (s.tokAct[i+1] >= 0 || s.toks[i+1].Tag == "NNP") &&
			(i == 0 || s.toks[i-1].Tag == "IN" || s.toks[i-1].Tag == "DT" || s.toks[i-1].Tag == "TO" || s.toks[i-1].Norm == ",") &&
			c.lx.is("name_epithets", s.toks[i].Lower) {
			return true // "respected Comrade Kim Jong Un", "neighbouring South Sudan"
		}
		if i+1 < len(s.toks) && (s.tokAct[i+1] >= 0 || s.toks[i+1].Tag == "NNP") && i > 0 &&
			(s.toks[i-1].Tag == "IN" || s.toks[i-1].Tag == "DT" || s.toks[i-1].Tag == "TO") {
			return true
		}
		return false
	}
	if !isNPTag(t.Tag) || t.Tag == "POS" || t.Tag == "HYPH" {
		return false
	}
	// A verb form the tagger took for a noun right after a subject ("Russia
	// strikes Ukraine") is left to the verb rule.
	if c.nounIsVerb(s, i) {
		return false
	}
	return true
}

// nounIsVerb reports whether a noun- or adjective-tagged token at i is in
// fact the finite verb of its clause: a dictionary verb form right after an
// actor noun phrase, followed by a noun phrase, with no verb yet since the
// clause began ("Russia strikes Ukraine", "Putin signs decree").
func (c *Coder) nounIsVerb(s *sentState, i int) bool {
	t := &s.toks[i]
	if t.Tag != "NNS" && t.Tag != "NN" && t.Tag != "NNP" && t.Tag != "JJ" && t.Tag != "RB" {
		return false
	}
	if s.tokAct[i] >= 0 || len(c.lx.verbs[t.Lower]) == 0 {
		return false
	}
	if len(s.chunks) == 0 {
		return false
	}
	prev := &s.chunks[len(s.chunks)-1]
	if prev.kind != cNP || prev.headActor < 0 {
		return false
	}
	for k := len(s.chunks) - 1; k >= 0; k-- {
		switch s.chunks[k].kind {
		case cVG:
			return false
		case cComp, cRel, cSub, cPunct:
			k = -1
		}
	}
	if i+1 >= len(s.toks) {
		return false
	}
	nt := &s.toks[i+1]
	return s.tokAct[i+1] >= 0 || nt.Tag == "DT" || nt.Tag == "PRP$" || nt.Tag == "NNP" || nt.Tag == "CD" ||
		(t.Lower[len(t.Lower)-1] == 'd' && (nt.Tag == "IN" || nt.Tag == "RP"))
}

// npEnd returns the end of the noun phrase starting at i.
func (c *Coder) npEnd(s *sentState, i int) int {
	toks := s.toks
	n := len(toks)
	if toks[i].Tag == "PRP" || toks[i].Tag == "EX" {
		// "each other"
		return i + 1
	}
	j := i
	lastNoun := -1
	for j < n {
		t := &toks[j]
		if a := s.tokAct[j]; a >= 0 {
			// a mention is one unit
			m := &s.acts[a]
			if m.start < j { // continuing a mention already entered
				j = m.end
				lastNoun = j - 1
				continue
			}
			if j > i && (toks[j].Tag == "PRP" || toks[j].Tag == "EX") {
				// "said on October 9 it would": a pronoun starts its own phrase
				break
			}
			if j > i && c.allTime(s, i, j) {
				// "approved on Saturday Vladimir Putin's request": a time
				// phrase and then a name are two phrases
				break
			}
			if j > i && toks[j].Tag == "DT" && lastNoun == j-1 && s.tokAct[lastNoun] < 0 {
				// "rejected as groundless slander the U.S. claim": a new
				// determiner after a noun starts a new phrase
				break
			}
			// "gave the Philippines access", "granted Ukraine loans": after a
			// verb of giving, a named actor and a thing are two objects
			if m.start == i && (m.kind == actor.Country || m.kind == actor.Person || m.kind == actor.Metonym) &&
				m.end < n && (toks[m.end].Tag == "NN" || toks[m.end].Tag == "NNS" || toks[m.end].Tag == "$" || toks[m.end].Tag == "CD" || toks[m.end].Tag == "DT") && s.tokAct[m.end] < 0 &&
				len(s.chunks) > 0 && s.chunks[len(s.chunks)-1].kind == cVG && c.lx.is("ditransitive", s.toks[s.chunks[len(s.chunks)-1].head].Lower) {
				j = m.end
				lastNoun = j - 1
				goto done
			}
			// "a move Beijing condemned", "the deal Russia signed": a
			// common noun, then the subject of a relative clause
			if lastNoun >= 0 && lastNoun == j-1 && s.tokAct[lastNoun] < 0 && (toks[lastNoun].Tag == "NN" || toks[lastNoun].Tag == "NNS") &&
				m.kind != actor.Role && m.kind != actor.Demonym {
				v := m.end
				// "a move Egypt and Saudi Arabia condemned": a coordinated subject
				for v+1 < n && (toks[v].Lower == "and" || toks[v].Norm == ",") && s.tokAct[v+1] >= 0 && s.acts[s.tokAct[v+1]].start == v+1 {
					v = s.acts[s.tokAct[v+1]].end
				}
				for v < n && toks[v].Tag == "RB" { // "a decision China immediately denounced"
					v++
				}
				if v < n && (toks[v].Tag == "VBD" || toks[v].Tag == "VBZ" || toks[v].Tag == "VBP" || toks[v].Tag == "MD") {
					goto done
				}
			}
			j = m.end
			if toks[m.start].Tag != "PRP$" {
				lastNoun = j - 1 // a possessive pronoun is a determiner ("its sixth test")
			}
			continue
		}
		// "US and British strikes", "US and South Korean forces": two
		// states modifying one noun
		if t.Lower == "and" && j > i && c.coordDemonyms(s, j) {
			j++
			continue
		}
		// "its sixth and most powerful test", "a long, bloody war":
		// coordinated adjectives before the head
		if (t.Lower == "and" || t.Lower == "or" || t.Norm == ",") && j > i && c.coordAdjective(s, i, j) {
			j++
			continue
		}
		if quoteLike(t) && j+1 < n && j > i && (isNPTag(toks[j+1].Tag) || s.tokAct[j+1] >= 0) && toks[j+1].Tag != "DT" &&
			lastNoun != j-1 { // 'called the attack "barbarism"': a quote after a noun opens another phrase
			j++
			continue
		}
		tag := t.Tag
		switch {
		case tag == "POS":
			// possessive: the phrase goes on ("North Korea's missile launch")
			j++
			continue
		case tag == "HYPH":
			j++
			continue
		case tag == "VBN" || tag == "VBG":
			// adjectival participle between a determiner/adjective/adverb and a noun
			if j > i && j+1 < n && (isNounTag(toks[j+1].Tag) || toks[j+1].Tag == "JJ" || s.tokAct[j+1] >= 0) &&
				toks[j+1].Tag != "PRP" && toks[j+1].Tag != "CD" {
				pt := toks[j-1].Tag
				if pt == "DT" || pt == "JJ" || pt == "RB" || pt == "PRP$" || pt == "CD" || pt == "POS" || pt == "JJS" || pt == "HYPH" ||
					pt == "NN" && j-1 >= i && s.tokAct[j-1] < 0 && (tag == "VBN" || toks[j+1].Tag == "NN" || toks[j+1].Tag == "NNS") { // "wartime forced labour", "missile firing drill"
					j++
					continue
				}
			}
		case (tag == "RB" || tag == "RBS" || tag == "RBR") && j > i && j+1 < n && (toks[j+1].Tag == "VBN" || toks[j+1].Tag == "JJ") &&
			(toks[j-1].Tag == "CD" || toks[j-1].Tag == "DT" || toks[j-1].Tag == "JJ" || toks[j-1].Tag == "PRP$" ||
				toks[j-1].Tag == "CC" || toks[j-1].Norm == "," || toks[j-1].Tag == "POS"):
			// "four partially occupied regions"
			j++
			continue
		case (tag == "IN" || tag == "JJR" || tag == "RBR") && (t.Lower == "than") && j > i:
			// "more than 300 drones"
			j++
			continue
		case (t.Lower == "more" || t.Lower == "less" || t.Lower == "fewer") && j+1 < n && toks[j+1].Lower == "than":
			j += 2
			continue
		case tag == "PRP" || tag == "EX":
			// a pronoun inside a phrase ends it (it starts its own)
		case isNPTag(tag):
			if tag == "DT" && j > i && lastNoun >= 0 {
				// a new determiner starts a new phrase ("gave the North the weapons")
				goto done
			}
			if j > i && c.nounIsVerbInside(s, i, j) {
				goto done
			}
			// "summoned the ambassador last week", "invaded Ukraine three
			// years ago": a time phrase starts its own phrase
			if lastNoun >= 0 && c.timeStarts(s, j) {
				goto done
			}
			// "gave the diplomats 72 hours", "declared the envoy persona
			// non grata": a second object phrase
			if j > i && lastNoun == j-1 && (tag == "CD" && toks[j-1].Tag != "CD" && toks[j-1].Tag != "$" && j+1 < n && (toks[j+1].Tag == "NNS" || toks[j+1].Tag == "NNPS") ||
				t.Lower == "persona" && j+1 < n && toks[j+1].Lower == "non") {
				goto done
			}
			if isNounTag(tag) {
				lastNoun = j
			}
			j++
			continue
		}
		break
	}
done:
	if lastNoun < 0 {
		// no noun: a determiner or adjective alone ("the other", "both")
		// is still a phrase when it is a pronoun-like word.
		if j > i && (toks[j-1].Tag == "DT" || toks[j-1].Tag == "JJ") {
			return j
		}
		return i
	}
	// trailing possessive or adjectives after the last noun are cut
	return lastNoun + 1
}

// allTime reports tokens [i, j) that are all words of time or numbers:
// "Saturday", "last week", "October 9".
func (c *Coder) allTime(s *sentState, i, j int) bool {
	words := 0
	for k := i; k < j; k++ {
		t := &s.toks[k]
		switch {
		case c.lx.is("time_words", t.Lower) || c.lx.is("calendar_names", t.Lower) || c.lx.is("time_nouns", t.Lower):
			words++
		case t.Tag == "CD" || c.lx.is("time_determiners", t.Lower):
		default:
			return false
		}
	}
	return words > 0 // "two Canadians" is no time
}

// timeStarts reports a time phrase beginning at token j: "last week",
// "this month", "three years ago", "Sunday", "yesterday".
func (c *Coder) timeStarts(s *sentState, j int) bool {
	toks := s.toks
	w := toks[j].Lower
	if c.lx.is("time_words", w) {
		return !c.lx.is("calendar_names", w) || toks[j].Norm != w
	}
	if j+1 >= len(toks) || !c.lx.is("time_nouns", toks[j+1].Lower) {
		return false
	}
	switch {
	case c.lx.is("time_determiners", w):
		return true
	case toks[j].Tag == "CD":
		// "three years ago", "two days later"
		return j+2 < len(toks) && (toks[j+2].Lower == "ago" || toks[j+2].Lower == "later" || toks[j+2].Lower == "earlier")
	}
	return false
}

// coordAdjective reports a conjunction or comma at j that joins two
// adjectives of one noun phrase: an adjective (not an actor) before it, and
// after it (an adverb and) an adjective that a noun follows within the
// phrase.
func (c *Coder) coordAdjective(s *sentState, i, j int) bool {
	toks := s.toks
	pt := toks[j-1].Tag
	hyph := (pt == "NN" || pt == "NNP") && strings.Contains(toks[j-1].Lower, "-") // "longest-range"
	if s.tokAct[j-1] >= 0 || (pt != "JJ" && pt != "JJS" && pt != "JJR" && pt != "VBN" && pt != "CD" && !hyph) {
		return false
	}
	k := j + 1
	if k < len(toks) && (toks[k].Lower == "and" || toks[k].Lower == "or") && toks[j].Norm == "," {
		k++ // "a long, and bloody war"
	}
	for k < len(toks) && (toks[k].Tag == "RB" || toks[k].Tag == "RBS" || toks[k].Tag == "RBR") {
		k++
	}
	if k >= len(toks) || s.tokAct[k] >= 0 {
		return false
	}
	switch toks[k].Tag {
	case "JJ", "JJS", "JJR", "VBN", "CD":
	case "NN", "NNP":
		if !strings.Contains(toks[k].Lower, "-") {
			return false
		}
	default:
		return false
	}
	// a noun must follow within the phrase (past closing quotes: "a
	// 'lengthy and highly productive' phone call")
	for k++; k < len(toks); k++ {
		switch tg := toks[k].Tag; {
		case isNounTag(tg) && tg != "PRP" && tg != "CD":
			return true
		case tg == "JJ" || tg == "JJS" || tg == "JJR" || tg == "VBN" || tg == "HYPH" || tg == "CD" || quoteLike(&toks[k]):
		default:
			return false
		}
	}
	return false
}

// coordDemonyms reports "and" at j between two state mentions that modify
// one common noun after them: "US and British strikes".
func (c *Coder) coordDemonyms(s *sentState, j int) bool {
	toks := s.toks
	if j+1 >= len(toks) || s.tokAct[j-1] < 0 || s.tokAct[j+1] < 0 {
		return false
	}
	a, b := &s.acts[s.tokAct[j-1]], &s.acts[s.tokAct[j+1]]
	if a.end != j || b.start != j+1 || a.role != "" || a.person || b.person || b.end >= len(toks) {
		return false
	}
	if b.kind != actor.Demonym || a.kind != actor.Demonym && a.kind != actor.Country {
		return false
	}
	// the noun after the second mention, or the second mention's own role
	// head ("US and South Korean forces")
	if b.role != "" {
		return true
	}
	n := &toks[b.end]
	return (n.Tag == "NN" || n.Tag == "NNS") && s.tokAct[b.end] < 0
}

// nounIsVerbInside guards against running a noun phrase over a finite
// verb the tagger called a noun: "the North Korean army orders units".
func (c *Coder) nounIsVerbInside(s *sentState, i, j int) bool {
	t := &s.toks[j]
	if t.Tag != "NNS" && t.Tag != "VBZ" && t.Tag != "NN" {
		return false
	}
	if j+1 >= len(s.toks) || len(c.lx.verbs[t.Lower]) == 0 {
		return false
	}
	prevAct := s.tokAct[j-1]
	if prevAct < 0 {
		return false
	}
	nt := &s.toks[j+1]
	return nt.Tag == "DT" || s.tokAct[j+1] >= 0
}

// makeNP builds an NP chunk over [i, j).
func (c *Coder) makeNP(s *sentState, i, j int) chunk {
	ch := chunk{kind: cNP, start: i, end: j, head: j - 1, headActor: -1, act0: -1}
	// the head is the last noun (not a possessive marker)
	h := j - 1
	for h > i && (s.toks[h].Tag == "POS" || quoteLike(&s.toks[h])) {
		h--
	}
	// "the aircraft carrier Ronald Reagan", "the tanker Galaxy Leader": a
	// name after a vessel or weapon noun names it; the noun is the head
	if s.toks[h].Tag == "NNP" && s.tokAct[h] < 0 {
		k := h
		for k > i && s.toks[k-1].Tag == "NNP" && s.tokAct[k-1] < 0 {
			k--
		}
		if k > i && (s.toks[k-1].Tag == "NN" || s.tokAct[k-1] >= 0) && c.lx.classesOf(s.toks[k-1].Lower, nil).any(c.agentive) {
			h = k - 1
		}
	}
	ch.head = h
	for k := i; k < j; k++ {
		if a := s.tokAct[k]; a >= 0 {
			if ch.act0 < 0 {
				ch.act0 = a
			}
			ch.act1 = a + 1
			if k == h {
				ch.headActor = a
			}
		}
	}
	if ch.act0 < 0 {
		ch.act0, ch.act1 = 0, 0
	}
	for ch.act1 > 0 && ch.act1 < len(s.acts) && s.acts[ch.act1].start < j && s.acts[ch.act1].start >= i {
		ch.act1++ // several actors on one span: "the two countries"
	}
	if s.toks[i].Tag == "PRP" {
		ch.pron = true
	}
	return ch
}

// verbGroup recognises a verb group starting at i and appends it; it
// returns the index after it.
func (c *Coder) verbGroup(s *sentState, i int) (int, bool) {
	toks := s.toks
	n := len(toks)
	lx := c.lx
	t := &toks[i]
	// "laid bare": the particle of the verb just before is no verb
	if k := len(s.chunks) - 1; k >= 0 && s.chunks[k].kind == cVG && s.chunks[k].end == i && t.Lower != "to" && t.Tag != "VBG" && t.Tag != "VBN" && t.Tag != "VBD" {
		for _, e := range s.chunks[k].lemmas {
			if len(e.particle) > 0 && e.particle[0] == t.Lower {
				return i, false
			}
		}
	}
	inf := false
	j := i
	if t.Lower == "to" && i+1 < n {
		// "to" + (adverb) + verb
		k := i + 1
		for k < n && toks[k].Tag == "RB" && (lx.is("intensifiers", toks[k].Lower) || strings.HasSuffix(toks[k].Lower, "ly")) {
			k++ // "to permanently seal"
		}
		if k < n && (toks[k].Tag == "VB" || (toks[k].Tag == "VBP" || toks[k].Tag == "NN") && len(lx.verbs[toks[k].Lower]) > 0 && s.tokAct[k] < 0) {
			inf = true
			j = k
		} else {
			return i, false
		}
	}
	t = &toks[j]
	if !isVerbTag(t.Tag) && !c.nounIsVerb(s, j) {
		return i, false
	}
	ch := chunk{kind: cVG, start: i, inf: inf, headActor: -1}
	main := -1
	sawBe, sawHave := false, false
	_, _ = sawBe, sawHave
	for j < n {
		t := &toks[j]
		low := t.Lower
		switch {
		case t.Tag == "MD":
			if main >= 0 {
				goto end
			}
			ch.modal = low
			if low == "ca" { // "can't" split as "ca" + "n't"
				ch.modal = "can"
			} else if low == "wo" {
				ch.modal = "will"
			}
		case isVerbTag(t.Tag) || main < 0 && c.nounIsVerb(s, j):
			if main >= 0 {
				ml := toks[main].Lower
				mainBe, mainHave, mainDo := lx.is("be", ml), lx.is("have", ml), lx.is("do", ml)
				// only an auxiliary continues the group, and only with a verb form
				if !(mainBe || mainHave || mainDo) || !isVerbTag(t.Tag) {
					goto end
				}
				// "has troops", "is a threat": aux followed by a non-verb ended above;
				// "have been", "is being", "was attacked", "did say"
				switch {
				case mainBe:
					if ch.passive && !lx.is("be", low) {
						goto end // a participle after "was attacked" is a new group
					}
					if t.Tag == "VBN" || t.Tag == "VBD" && isPastParticipleLike(low) {
						ch.passive = true
					}
					sawBe = true
				case mainHave:
					if t.Tag != "VBN" && t.Tag != "VBD" && !lx.is("be", low) {
						goto end
					}
					ch.perfect = true
					sawHave = true
				case mainDo:
					if t.Tag != "VB" && t.Tag != "VBP" {
						goto end
					}
				}
			}
			main = j
		case t.Tag == "RB" || t.Tag == "RBR" || t.Tag == "RBS":
			if lx.is("negators", low) {
				if main >= 0 && j+1 < n && toks[j+1].Lower == "to" {
					goto end // "agreed not to use force": the infinitive's negation
				}
				ch.neg = true
			} else if !lx.is("intensifiers", low) && !strings.HasSuffix(low, "ly") {
				goto end
			}
			// an adverb is inside the group only if a verb follows
			if !c.verbFollows(s, j+1) {
				goto end
			}
		case lx.is("negators", low) && (low == "not" || low == "n't" || low == "never"):
			if main >= 0 && j+1 < n && toks[j+1].Lower == "to" {
				goto end // "agreed not to use force": the infinitive's negation
			}
			ch.neg = true
		default:
			goto end
		}
		j++
	}
end:
	if main < 0 {
		return i, false
	}
	ch.end = main + 1
	ch.head = main
	mt := &toks[main]
	ch.copula = lx.is("be", mt.Lower)
	switch {
	case inf:
		ch.finite = false
	case ch.modal != "":
		ch.finite = true
	case toks[i].Tag == "VBG" && (lx.is("have", toks[i].Lower) || lx.is("be", toks[i].Lower)):
		ch.gerund = true // "for having seized", "after being detained"
	case main == i && mt.Tag == "VBG":
		ch.gerund = true
	case main == i && mt.Tag == "VBN":
		ch.partic = true
		ch.past = true
	default:
		ch.finite = true
	}
	if mt.Tag == "VBD" || ch.perfect || (ch.passive && isPastAux(toks, i, main)) {
		ch.past = true
	}
	// do-support: "did not say" is past
	for k := i; k < main; k++ {
		if toks[k].Lower == "did" || toks[k].Lower == "was" || toks[k].Lower == "were" || toks[k].Lower == "had" {
			ch.past = true
		}
	}
	ch.lemmas = c.lx.verbs[mt.Lower]
	if ch.copula && !ch.passive {
		ch.lemmas = c.lx.verbs["be"]
	}
	s.chunks = append(s.chunks, ch)
	return ch.end, true
}

func isPastAux(toks []text.Token, i, main int) bool {
	for k := i; k < main; k++ {
		switch toks[k].Lower {
		case "was", "were", "had", "did":
			return true
		}
	}
	return false
}

// participleLike reports a regular or irregular past participle ("found",
// "held", "struck").
func (c *Coder) participleLike(w string) bool {
	if isPastParticipleLike(w) {
		return true
	}
	for _, pp := range c.lx.irr.verbs {
		if pp[1] == w {
			return true
		}
	}
	return false
}

func isPastParticipleLike(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en") || strings.HasSuffix(w, "wn")
}

// verbFollows reports whether a verb comes next, past adverbs.
func (c *Coder) verbFollows(s *sentState, j int) bool {
	for ; j < len(s.toks); j++ {
		t := &s.toks[j]
		if isVerbTag(t.Tag) {
			return true
		}
		if !(t.Tag == "RB" || t.Tag == "RBR" || t.Tag == "RBS") {
			return false
		}
	}
	return false
}

// adjectiveForm reports a word with an ending only adjectives have
// ("illegitimate", "treasonous", "unacceptable", "provocative").
func adjectiveForm(w string) bool {
	for _, suf := range []string{"ate", "ous", "ble", "ive", "ful", "less", "ic", "al", "ent", "ant"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}
