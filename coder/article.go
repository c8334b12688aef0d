package coder

import (
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
)

// finish merges an article's candidates: one event per (source, target,
// code, flags), the first sentence its provenance, later ones evidence;
// and fills every field of vigil.Event.
func (c *Coder) finish(art *articleState) []vigil.Event {
	a := art.a
	id := a.ID
	if id == "" {
		id = vigil.ArticleID(a.Text)
	}
	sources := len(a.Sources)
	if sources == 0 {
		sources = 1
	}
	var out []vigil.Event
	index := map[string]int{}
	for i := range art.evs {
		cd := &art.evs[i]
		if cd.code == "" || !cd.src.valid() {
			continue
		}
		key := cd.src.code + "|" + cd.tgt.code + "|" + cd.code
		if cd.neg {
			key += "|neg"
		}
		if cd.hypo {
			key += "|hypo"
		}
		if k, ok := index[key]; ok {
			ev := &out[k]
			if cd.conf > ev.Confidence {
				ev.Confidence = cd.conf
			}
			dup := ev.Offsets[0] == cd.sentStart
			for _, e := range ev.Evidence {
				if e.Offsets[0] == cd.sentStart {
					dup = true
				}
			}
			if !dup {
				ev.Evidence = append(ev.Evidence, vigil.Evidence{Sentence: cd.sentence, Offsets: [2]int{cd.sentStart, cd.sentEnd}, Pattern: cd.where})
				// several sentences reporting it: more confident
				ev.Confidence = min(1, ev.Confidence+0.05)
			}
			continue
		}
		ev := vigil.Event{
			Article:      id,
			Date:         cd.date,
			Source:       cd.src.code,
			SourceName:   c.actorName(&cd.src),
			Code:         cd.code,
			Negated:      cd.neg,
			Hypothetical: cd.hypo,
			Confidence:   round2(cd.conf),
			Sentence:     cd.sentence,
			Location:     cd.location,
			Offsets:      [2]int{cd.sentStart, cd.sentEnd},
			Pattern:      cd.where,
			Sources:      sources,
		}
		if cd.hasTgt {
			ev.Target = cd.tgt.code
			ev.TargetName = c.actorName(&cd.tgt)
		}
		cameo.Fill(&ev)
		ev.ID = vigil.EventID(id, cd.sentStart, ev.Source, ev.Target, ev.Code)
		index[key] = len(out)
		out = append(out, ev)
	}
	out = mergeCompatible(out)
	for i := range out {
		out[i].Confidence = round2(out[i].Confidence)
	}
	return out
}

// mergeCompatible folds an event whose actors name only a country into
// the same act by a role of that country in the same article: "South
// Korea summoned the ambassador" after "Seoul summoned the ambassador" is
// one summons (KORGOV), told twice.
func mergeCompatible(evs []vigil.Event) []vigil.Event {
	out := evs[:0]
	for i := range evs {
		e := &evs[i]
		merged := false
		for j := range out {
			o := &out[j]
			if o.Code != e.Code || o.Negated != e.Negated || o.Hypothetical != e.Hypothetical {
				continue
			}
			if !compatible(o.Source, e.Source) || !compatible(o.Target, e.Target) {
				continue
			}
			// keep the more specific codes
			if len(e.Source) > len(o.Source) {
				o.Source, o.SourceName = e.Source, e.SourceName
			}
			if len(e.Target) > len(o.Target) {
				o.Target, o.TargetName = e.Target, e.TargetName
			}
			o.Evidence = append(o.Evidence, vigil.Evidence{Sentence: e.Sentence, Offsets: e.Offsets, Pattern: e.Pattern})
			o.Evidence = append(o.Evidence, e.Evidence...)
			o.Confidence = min(1, max(o.Confidence, e.Confidence)+0.05)
			o.ID = vigil.EventID(o.Article, o.Offsets[0], o.Source, o.Target, o.Code)
			merged = true
			break
		}
		if !merged {
			out = append(out, *e)
		}
	}
	return out
}

// compatible reports whether two actor codes may name the same actor: equal,
// or the same country where one names no role ("KOR" and "KORGOV").
func compatible(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 3 || len(b) < 3 || a[:3] != b[:3] || a[:3] == "IGO" {
		return false
	}
	return len(a) == 3 || len(b) == 3
}

// actorName is the name an event prints for an actor: the mention's
// canonical name, else the country's.
func (c *Coder) actorName(a *actRef) string {
	if a.name != "" && !a.filled {
		return a.name
	}
	if n, ok := c.kb.CountryName(a.country); ok {
		if a.filled && a.name != "" {
			return n + " " + a.name
		}
		return n
	}
	return a.name
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
