package coder

import (
	"fmt"
	"strings"

	vigil "github.com/vigil-ews/vigil"
)

// Explain codes an article and returns, sentence by sentence, how the coder
// read it: the tagged tokens, the actors, the chunks and the predicates with
// their subjects, complements and attachments, then the events. It is for
// people extending the dictionary or the grammar who need to see why a
// sentence did or did not code.
func (c *Coder) Explain(a *vigil.Article) string {
	var b strings.Builder
	doc := c.analyze(a)
	s := &sentState{}
	art := articleState{a: a, pub: a.Published}
	s.mem = &art.mem
	actx := c.kb.NewContext(a.Published, a.Text)
	for si := range doc.Sentences {
		sent := &doc.Sentences[si]
		if len(sent.Tokens) == 0 {
			continue
		}
		ms := c.kb.Resolve(actx, sent.Tokens)
		s.reset(sent)
		c.resolveActors(s, ms, &art.mem)
		c.chunkSentence(s)
		c.buildPreds(s)
		start := len(art.evs)
		c.codeSentence(s, &art)
		fmt.Fprintf(&b, "sentence %d: %s\n  tokens:", si, sent.Text)
		for i, t := range s.toks {
			fmt.Fprintf(&b, " %d:%s/%s", i, t.Norm, t.Tag)
		}
		b.WriteString("\n  actors:")
		for _, ac := range s.acts {
			fmt.Fprintf(&b, " [%s %s%s]", tokensOf(s.toks, ac.start, ac.end), ac.code, map[bool]string{true: " (pron)", false: ""}[ac.pron])
		}
		b.WriteString("\n  chunks:")
		for k, ch := range s.chunks {
			fmt.Fprintf(&b, " %d:%s[%s]", k, kindNames[ch.kind], tokensOf(s.toks, ch.start, ch.end))
		}
		b.WriteString("\n")
		for i, p := range s.preds {
			fmt.Fprintf(&b, "  pred %d: verb %q rel=%s parent=%d subj=[%s] comp=[%s]", i, tokensOf(s.toks, s.chunks[p.vg].start, s.chunks[p.vg].end),
				relNames[p.rel], p.parent, c.chunkText(s, p.subj0, p.subj1), c.chunkText(s, p.comp0, p.comp1))
			if p.inheritSubj >= 0 {
				fmt.Fprintf(&b, " inherits=%d", p.inheritSubj)
			}
			if p.antecedent >= 0 {
				fmt.Fprintf(&b, " antecedent=%d", p.antecedent)
			}
			if p.sub != "" {
				fmt.Fprintf(&b, " sub=%s", p.sub)
			}
			if p.cond {
				b.WriteString(" cond")
			}
			b.WriteString("\n")
		}
		for _, cd := range art.evs[start:] {
			if cd.code == "" {
				continue
			}
			fl := ""
			if cd.neg {
				fl += " neg"
			}
			if cd.hypo {
				fl += " hyp"
			}
			fmt.Fprintf(&b, "  event: %s>%s %s%s (%s) pred %d\n", cd.src.code, cd.tgt.code, cd.code, fl, cd.where, cd.pred)
		}
		c.remember(s, &art.mem)
	}
	return b.String()
}

var kindNames = map[ckind]string{cOther: "O", cNP: "NP", cVG: "VG", cPrep: "P", cConj: "CC", cComma: ",", cPunct: "PU",
	cComp: "COMP", cRel: "REL", cSub: "SUB", cWh: "WH", cAttrib: "ATTR", cAdv: "ADV"}

var relNames = map[relKind]string{relMain: "main", relCcomp: "ccomp", relXcomp: "xcomp", relAdvcl: "advcl", relRelcl: "relcl", relPartcl: "partcl"}

func (c *Coder) chunkText(s *sentState, a, b int) string {
	if a >= b || a < 0 || b > len(s.chunks) {
		return ""
	}
	return tokensOf(s.toks, s.chunks[a].start, s.chunks[b-1].end)
}
