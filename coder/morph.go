package coder

import "strings"

// English inflection, generated rather than listed: the verb dictionary
// names lemmas ("blow up", "test-fire") and the coder must recognise every
// form news prints ("blew", "blown", "test-fired", "test-firing"). Regular
// forms come from spelling rules; irregular ones from morphology.yaml.

// irregular holds what morphology.yaml lists.
type irregular struct {
	verbs  map[string][2]string // lemma → past, past participle
	nouns  map[string]string    // singular → plural
	double map[string]bool      // multi-syllable verbs that double their last consonant (commit → committed)
}

func isVowel(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// vowelGroups counts runs of vowels: a rough syllable count.
func vowelGroups(w string) int {
	n, in := 0, false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i]) || (w[i] == 'y' && i > 0)
		if v && !in {
			n++
		}
		in = v
	}
	return n
}

// doubles reports whether w doubles its final consonant before -ed/-ing:
// one-syllable words ending consonant-vowel-consonant (ban → banned), and
// listed longer ones (commit → committed).
func (irr *irregular) doubles(w string) bool {
	if irr != nil && irr.double[w] {
		return true
	}
	n := len(w)
	if n < 3 {
		return false
	}
	c, v, p := w[n-1], w[n-2], w[n-3]
	if isVowel(c) || c == 'w' || c == 'x' || c == 'y' || !isVowel(v) || isVowel(p) {
		return false
	}
	return vowelGroups(w) == 1
}

// verbForms returns every inflected form of a one-word verb lemma (which may
// be hyphenated: "test-fire"): base, third person, past, participle, -ing.
func (irr *irregular) verbForms(lemma string) []string {
	// Inflect the last part of a hyphenated verb: "test-fire" → "test-fired".
	prefix, w := "", lemma
	if i := strings.LastIndexByte(lemma, '-'); i >= 0 {
		prefix, w = lemma[:i+1], lemma[i+1:]
	}
	forms := []string{w}
	n := len(w)
	last := w[n-1]
	// third person singular
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh") || (last == 'o' && n > 1 && !isVowel(w[n-2])):
		forms = append(forms, w+"es")
	case last == 'y' && n > 1 && !isVowel(w[n-2]):
		forms = append(forms, w[:n-1]+"ies")
	default:
		forms = append(forms, w+"s")
	}
	// past and participle
	if pp, ok := irr.verbs[w]; ok {
		forms = append(forms, pp[0], pp[1])
		if pp[0] == w+"t" || last == 'l' && pp[0] == w[:n-1]+"t" {
			// "burnt" and "burned", "spelt" and "spelled": both are English
			forms = append(forms, w+"ed")
		}
	} else {
		switch {
		case last == 'e':
			forms = append(forms, w+"d")
		case last == 'y' && n > 1 && !isVowel(w[n-2]):
			forms = append(forms, w[:n-1]+"ied")
		case irr.doubles(w):
			forms = append(forms, w+w[n-1:]+"ed")
		default:
			forms = append(forms, w+"ed")
		}
		// British doubled l: cancel → cancelled, signal → signalled.
		if last == 'l' && n > 2 && isVowel(w[n-2]) && !isVowel(w[n-3]) && vowelGroups(w) > 1 {
			forms = append(forms, w+"led", w+"ling")
		}
	}
	// -ing
	switch {
	case strings.HasSuffix(w, "ie"):
		forms = append(forms, w[:n-2]+"ying")
	case last == 'e' && n > 2 && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ye") && !strings.HasSuffix(w, "oe"):
		forms = append(forms, w[:n-1]+"ing")
	case irr.doubles(w):
		forms = append(forms, w+w[n-1:]+"ing")
	default:
		forms = append(forms, w+"ing")
	}
	if prefix != "" {
		for i := range forms {
			forms[i] = prefix + forms[i]
		}
	}
	return dedupe(forms)
}

// nounForms returns the singular and plural of a noun, or of the last word
// of a multiword noun ("air strike" → "air strikes"). Words that are
// already plural ("talks", "consultations") are returned alone.
func (irr *irregular) nounForms(noun string) []string {
	prefix, w := "", noun
	if i := strings.LastIndexAny(noun, " -"); i >= 0 {
		prefix, w = noun[:i+1], noun[i+1:]
	}
	forms := []string{noun}
	if p, ok := irr.nouns[w]; ok {
		if p != "" && p != w {
			forms = append(forms, prefix+p)
		}
		return forms
	}
	n := len(w)
	if n < 2 {
		return forms
	}
	switch {
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") ||
		strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z"):
		forms = append(forms, prefix+w+"es")
	case strings.HasSuffix(w, "s"):
		// already plural (talks, arms, forces) or invariant (series)
	case w[n-1] == 'y' && !isVowel(w[n-2]):
		forms = append(forms, prefix+w[:n-1]+"ies")
	default:
		forms = append(forms, prefix+w+"s")
	}
	return forms
}

func dedupe(ss []string) []string {
	out := ss[:0]
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
