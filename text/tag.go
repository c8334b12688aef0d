package text

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// Tagger assigns Penn Treebank part-of-speech tags to tokens.
//
// It is an averaged perceptron (Collins 2002; the "fast and accurate" tagger
// of Honnibal's textblob-aptagger, as ported to Go by prose/v2) whose
// weights come from github.com/jdkato/prose/v2's embedded English model,
// read once per process. The inference is ours: features are found by a
// hash of their parts without building strings, the features of the two
// previous tags are summed at load time, ties break deterministically
// (prose breaks them by map order), and tokens are shown to the model the
// way its training text (the Wall Street Journal) spelled them: quotes as
// two backquotes or two apostrophes, proper names capitalised, common
// words of title-case headlines lower-cased. The embedded lexicon.txt
// restricts the tags of words news English uses differently from 1989
// financial news, and two systematic errors are repaired (see
// repairFinite and repairPresent).
//
// A Tagger is safe for concurrent use.
type Tagger struct {
	classes []string         // tag names, sorted; a class is an index into it
	class   map[string]uint8 // tag name → class

	// The model. A feature (template and parts, e.g. "i-1 word" +
	// "troops") is found by fkey of the hashes of its parts; its weights
	// are cls[off[f]:off[f+1]] (classes) and w[off[f]:off[f+1]].
	seed    maphash.Seed
	feats   map[uint64]int32
	off     []int32
	cls     []uint8
	w       []float64
	tagHash []uint64 // hash of each class name, then of -START- and -START2-
	// prev[(c1*(K+2)+c2)*K+c] is the score of class c from the features
	// that depend only on the two previous tags (bias, i-1 tag, i-2 tag,
	// both), which have the most weights; prevSeen marks the classes they
	// touch.
	prev     []float64
	prevSeen []uint64
	fixed    map[string]uint8 // the model's dictionary: frequent unambiguous words → class

	// Knowledge about words.
	lex       map[string]uint64 // lexicon.txt: word → set of allowed classes
	wordClass map[string]uint8  // lower-case word → the class the model favours for it
	canVBZ    map[string]bool   // lower-case words the model has seen as VBZ

	// Class sets and classes the adaptations and repairs use.
	properClass                          []bool // NNP, NNPS, JJ: tags a ProperNames word may keep
	verbClass, finiteClass, subjectClass []bool
	properNoun, objectStart, subjectNP   []bool
	determinerLike, nounOrAdj            []bool // repairNouns: what makes a modal or -ing word a noun
	nnpMask                              uint64 // the classes NNP and NNPS, as a lexicon set
	headSubject, headObject              []bool // repairHeadlineVerb
	adjLike                              []bool // JJ, VBG: may modify a noun that follows
	vbn, vbd, vbz, nns, to               int
}

//go:embed lexicon.txt
var lexiconData string

var (
	defaultTagger     *Tagger
	defaultTaggerErr  error
	defaultTaggerOnce sync.Once
)

// DefaultTagger returns the process-wide tagger, loading prose's model on
// first use (about 0.3 s; never again in the same process). It panics if
// the embedded model cannot be read, which would mean a broken build.
func DefaultTagger() *Tagger {
	defaultTaggerOnce.Do(func() {
		defaultTagger, defaultTaggerErr = loadProseTagger()
	})
	if defaultTaggerErr != nil {
		panic(defaultTaggerErr)
	}
	return defaultTagger
}

func loadProseTagger() (*Tagger, error) {
	var weights map[string]map[string]float64
	var tags map[string]string
	var classes []string
	for _, a := range []struct {
		name string
		into any
	}{
		{"classes.gob", &classes},
		{"tags.gob", &tags},
		{"weights.gob", &weights},
	} {
		b, err := prose.Asset("model/AveragedPerceptron/" + a.name)
		if err != nil {
			return nil, fmt.Errorf("text: reading prose's tagger model %s: %w (is github.com/jdkato/prose/v2 v2.0.0 intact in the module cache?)", a.name, err)
		}
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(a.into); err != nil {
			return nil, fmt.Errorf("text: decoding prose's tagger model %s: %w", a.name, err)
		}
	}
	return newTagger(classes, tags, weights, lexiconData)
}

// errCollision reports two features hashed alike; newTagger then retries
// with another seed (with 64-bit hashes of 75,000 features this is
// expected about once in 10^9 loads).
var errCollision = errors.New("text: tagger feature hash collision")

func newTagger(classes []string, tags map[string]string, weights map[string]map[string]float64, lexicon string) (*Tagger, error) {
	for {
		t, err := buildTagger(classes, tags, weights, lexicon)
		if err != errCollision {
			return t, err
		}
	}
}

func buildTagger(classes []string, tags map[string]string, weights map[string]map[string]float64, lexicon string) (*Tagger, error) {
	t := &Tagger{
		classes:   append([]string(nil), classes...),
		seed:      maphash.MakeSeed(),
		feats:     make(map[uint64]int32, len(weights)),
		fixed:     make(map[string]uint8, len(tags)),
		lex:       map[string]uint64{},
		class:     map[string]uint8{},
		wordClass: map[string]uint8{},
		canVBZ:    map[string]bool{},
	}
	sort.Strings(t.classes)
	if len(t.classes) > 64 {
		return nil, fmt.Errorf("text: tagger model has %d classes, at most 64 supported", len(t.classes))
	}
	for i, c := range t.classes {
		t.class[c] = uint8(i)
	}
	for w, tag := range tags {
		if c, ok := t.class[tag]; ok {
			t.fixed[w] = c
		}
	}
	t.tagHash = make([]uint64, len(t.classes))
	for c, name := range t.classes {
		t.tagHash[c] = t.hash(name)
	}
	// The layout of the table follows map order; that is harmless, since
	// each class's score is summed in the fixed order of the templates.
	t.off = make([]int32, 0, len(weights)+1)
	for k, ws := range weights {
		h, ok := t.featureHash(k)
		if !ok {
			continue // a template this tagger does not compute
		}
		if _, dup := t.feats[h]; dup {
			return nil, errCollision
		}
		t.feats[h] = int32(len(t.off))
		t.off = append(t.off, int32(len(t.w)))
		for l, w := range ws {
			if c, ok := t.class[l]; ok && w != 0 {
				t.cls = append(t.cls, c)
				t.w = append(t.w, w)
			}
		}
		if w, ok := strings.CutPrefix(k, "i word "); ok {
			if c, ok := t.class[favoured(ws)]; ok {
				t.wordClass[w] = c
			}
			if ws["VBZ"] > 0 {
				t.canVBZ[w] = true
			}
		}
	}
	t.off = append(t.off, int32(len(t.w)))
	for w, c := range t.fixed {
		if lower(w) == w {
			t.wordClass[w] = c // the tag dictionary knows the word best
		}
	}
	t.tagHash = append(t.tagHash, t.hash("-START-"), t.hash("-START2-"))
	t.precomputePrev()
	t.properClass = make([]bool, len(t.classes))
	for _, p := range []string{"NNP", "NNPS", "JJ"} {
		if c, ok := t.class[p]; ok {
			t.properClass[c] = true
		}
	}
	set := func(tags ...string) []bool {
		b := make([]bool, len(t.classes))
		for _, p := range tags {
			if c, ok := t.class[p]; ok {
				b[c] = true
			}
		}
		return b
	}
	t.verbClass = set("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD")
	t.finiteClass = set("VBD", "VBP", "VBZ", "MD")
	t.subjectClass = set("NN", "NNS", "NNP", "NNPS", "PRP")
	t.vbn, t.vbd, t.vbz, t.nns, t.to = int(t.class["VBN"]), int(t.class["VBD"]), int(t.class["VBZ"]), int(t.class["NNS"]), int(t.class["TO"])
	t.properNoun = set("NNP", "NNPS")
	t.objectStart = set("DT", "NNP", "NNPS", "CD", "PRP$", "PRP", "TO", "JJ")
	t.subjectNP = set("NNP", "NNPS", "NN", "DT", "JJ", "POS", "CC")
	t.determinerLike = set("DT", "PRP$", "POS", "JJ", "JJR", "JJS")
	t.nnpMask = 1<<t.class["NNP"] | 1<<t.class["NNPS"]
	t.headSubject = set("NN", "NNS", "NNP", "NNPS", "JJ")
	t.adjLike = set("JJ", "VBG")
	t.headObject = set("NN", "NNS", "NNP", "NNPS", "DT", "CD", "JJ", "PRP$", "PRP")
	t.nounOrAdj = set("NN", "NNS", "NNP", "NNPS", "JJ", "VBG", "CD")
	for _, need := range []string{"NN", "NNS", "NNP", "NNPS", "VBN", "VBD", "VBZ", "TO"} {
		if _, ok := t.class[need]; !ok {
			return nil, fmt.Errorf("text: tagger model lacks the %s tag; not a Penn Treebank model", need)
		}
	}
	if err := t.loadLexicon(lexicon); err != nil {
		return nil, err
	}
	return t, nil
}

// favoured returns the class with the highest weight of a word feature.
func favoured(ws map[string]float64) string {
	best, bestW := "", 0.0
	for l, w := range ws {
		if w > bestW || w == bestW && l < best {
			best, bestW = l, w
		}
	}
	return best
}

// loadLexicon reads lines "word TAG [TAG...]": the word may only take one of
// the listed tags. A word with an upper-case letter matches only as
// written; a lower-case word matches in any case.
func (t *Tagger) loadLexicon(data string) error {
	for n, line := range strings.Split(data, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return fmt.Errorf("text: lexicon.txt line %d: want a word and at least one tag", n+1)
		}
		var set uint64
		for _, tag := range f[1:] {
			c, ok := t.class[tag]
			if !ok {
				return fmt.Errorf("text: lexicon.txt line %d: unknown tag %q (Penn Treebank tags: %s)", n+1, tag, strings.Join(t.classes, " "))
			}
			set |= 1 << c
		}
		t.lex[f[0]] = set
	}
	return nil
}

// Classes returns the tags the tagger can assign.
func (t *Tagger) Classes() []string { return append([]string(nil), t.classes...) }

// tagState is the per-call scratch space, pooled so tagging allocates
// nothing in the steady state.
type tagState struct {
	forms   []string // the word as the model sees it
	hctx    []uint64 // hashes of the normalised context, padded with -START-/-END-
	hsuf    []uint64 // hashes of the last three bytes of each context word
	classes []int    // the result
	buf     []byte   // scratch: a lower-cased word
}

var tagStates = sync.Pool{New: func() any { return new(tagState) }}

// Tag sets the Tag of every token of one sentence. Tokens must be those of
// a single sentence, in order, with Norm filled (as Tokenize does).
func (t *Tagger) Tag(toks []Token) {
	t.tag(toks, nil)
}

// tag tags toks; proper[i] marks tokens that ProperNames recognised.
func (t *Tagger) tag(toks []Token, proper []bool) {
	if len(toks) == 0 {
		return
	}
	st := tagStates.Get().(*tagState)
	defer tagStates.Put(st)
	st.forms = modelForms(toks, proper, t, st.forms[:0])
	st.classes = t.tagForms(st, st.forms, proper, st.classes[:0])
	t.repairNouns(toks, st.forms, st.classes)
	t.repairFinite(toks, st.classes)
	t.repairPresent(st, st.forms, st.classes)
	t.repairHeadlineVerb(toks, st.forms, st.classes)
	for i, c := range st.classes {
		toks[i].Tag = t.classes[c]
	}
}

// repairNouns corrects nouns the model reads as other words:
//   - a modal after a determiner, possessive or adjective is a noun: "all
//     its might", "the will of the people", "military might";
//   - an -ing word heading the subject is a noun: "Fighting raged",
//     "Fighting between the army and the RSF erupted", "Shelling of
//     Donetsk continued" (not "Speaking to reporters, he said", a
//     participle clause closed by a comma); so is one after a determiner
//     or adjective that no noun follows: "the fighting intensified",
//     "heavy fighting continued" (not "the growing crisis");
//   - a capitalised word inside a sentence that neither the model nor the
//     lexicon knows is a name: "said Azerbaijan launched", "met Putin".
func (t *Tagger) repairNouns(toks []Token, forms []string, classes []int) {
	nn, nnp, md, vbg := int(t.class["NN"]), int(t.class["NNP"]), int(t.class["MD"]), int(t.class["VBG"])
	first := 0
	for first < len(toks) && isOpenerToken(&toks[first]) {
		first++
	}
	for i, c := range classes {
		var prev int = -1
		if i > 0 {
			prev = classes[i-1]
		}
		switch {
		case c == md && prev >= 0 && t.determinerLike[prev]:
			classes[i] = nn
		case c == vbg && i == first && t.gerundSubject(toks, classes, i):
			classes[i] = nn
		case c == vbg && prev >= 0 && t.determinerLike[prev] && !t.modifiesNoun(classes, i):
			classes[i] = nn
		case i > first && !t.properClass[c] && c != int(t.class["CD"]) && forms[i] == toks[i].Norm && t.unknownName(toks, i):
			classes[i] = nnp
		}
	}
}

// modifiesNoun reports whether the word at i stands before the noun it
// modifies: a noun or number right after it, or an adjective and then a
// noun ("the growing economic crisis").
func (t *Tagger) modifiesNoun(classes []int, i int) bool {
	if i+1 >= len(classes) {
		return false
	}
	next := classes[i+1]
	if t.nounOrAdj[next] && !t.adjLike[next] {
		return true
	}
	return t.adjLike[next] && i+2 < len(classes) && t.nounOrAdj[classes[i+2]] && !t.adjLike[classes[i+2]]
}

// gerundSubject reports whether the -ing word at i heads the subject: a
// finite verb follows it, right away or after a prepositional phrase, with
// no comma between.
func (t *Tagger) gerundSubject(toks []Token, classes []int, i int) bool {
	if i+1 >= len(classes) {
		return false
	}
	if t.finiteClass[classes[i+1]] {
		return true
	}
	if classes[i+1] == t.vbn && strings.HasSuffix(toks[i+1].Lower, "ed") {
		// "Fighting erupted in Khartoum": the model's participle is the
		// finite verb (repairFinite) when no other follows.
		for _, c := range classes[i+2:] {
			if t.finiteClass[c] {
				return false
			}
		}
		return true
	}
	if t.classes[classes[i+1]] != "IN" {
		return false
	}
	for k := i + 2; k < len(classes); k++ {
		switch {
		case toks[k].Norm == "," || toks[k].Norm == ";" || toks[k].Norm == ":":
			return false
		case t.finiteClass[classes[k]]:
			return true
		case t.verbClass[classes[k]]:
			return false
		}
	}
	return false
}

// unknownName reports whether token i is a capitalised word the model and
// the lexicon do not know in any form: a name.
func (t *Tagger) unknownName(toks []Token, i int) bool {
	w := toks[i].Norm
	r, _ := decodeAt(w, 0)
	if !isUpper(r) || isAllUpper(w) || len(w) < 3 {
		return false
	}
	if i > 0 && (toks[i-1].Norm == ":" || isOpenerToken(&toks[i-1])) {
		return false // a quotation or headline starts again: "Kremlin: Putin to visit"
	}
	l := lower(w)
	if _, ok := t.commonClass(l); ok || t.inLexicon(w) || t.inLexicon(l) {
		return false
	}
	_, fixed := t.fixed[w]
	return !fixed
}

// repairFinite corrects the model's commonest error in news text: the
// main verb of a simple sentence read as a participle ("The rebels
// seized/VBN control of the town"). When the first verb of a sentence is a
// regular -ed form tagged VBN right after a noun or pronoun, no finite verb
// follows anywhere, and it is not a passive "by" phrase, it is the finite
// verb: VBD. Headlines (no final full stop) keep VBN, where it means a
// passive ("Troops deployed to border").
func (t *Tagger) repairFinite(toks []Token, classes []int) {
	n := len(classes)
	if n < 3 || !endsWithStop(toks) {
		return
	}
	first := -1
	for k, c := range classes {
		if t.verbClass[c] {
			first = k
			break
		}
	}
	if first < 0 {
		// No verb at all: an -ed word the model read as an adjective
		// after the subject is the verb ("Heavy fighting continued/JJ
		// overnight").
		for k := 1; k < n; k++ {
			if t.classes[classes[k]] == "JJ" && strings.HasSuffix(toks[k].Lower, "ed") && t.subjectClass[classes[k-1]] {
				classes[k] = t.vbd
				return
			}
		}
		return
	}
	if first < 1 || classes[first] != t.vbn || !t.subjectClass[classes[first-1]] ||
		!strings.HasSuffix(toks[first].Lower, "ed") || first+1 < n && toks[first+1].Lower == "by" {
		return
	}
	for _, c := range classes[first+1:] {
		if t.finiteClass[c] {
			return
		}
	}
	classes[first] = t.vbd
}

// repairPresent corrects the model's commonest error in headlines and
// leads written in the present tense: "Israel strikes Gaza", "Seoul warns
// of retaliation", where it reads the verb as a plural noun. When a
// sentence opens with a noun phrase ending in a proper noun followed by a
// plural noun, no finite verb follows in that clause, and what follows
// begins an object ("the", a name, a number, an adjective, "to", "of"...),
// the plural noun is the verb (VBZ) if the model has seen the word as a
// verb, or if it is an -s word followed by an object that cannot be an
// apposition or a time phrase.
func (t *Tagger) repairPresent(st *tagState, forms []string, classes []int) {
	for k := 0; k+1 < len(classes); k++ {
		c := classes[k]
		if t.finiteClass[c] {
			return
		}
		if c != t.nns && !t.subjectNP[c] {
			return // the subject must open the sentence: not "In Songun politics the KPA..."
		}
		if k == 0 || c != t.nns || !t.properNoun[classes[k-1]] || !t.objectStart[classes[k+1]] && forms[k+1] != "of" {
			continue
		}
		if t.verbInClause(forms, classes, k+1) {
			return // "The U.S. forces present in Iraq are...": the subject's head
		}
		st.buf = appendLower(st.buf[:0], forms[k])
		w := st.buf
		next := classes[k+1]
		switch {
		case t.canVBZ[string(w)]:
			classes[k] = t.vbz
		case len(w) > 4 && w[len(w)-1] == 's' && w[len(w)-2] != 's' && t.objectStart[next] &&
			next != t.to && !t.properNoun[next] && !timeDeterminers[lower(forms[k+1])]:
			// A verb the 1989 model never saw as one ("Pakistan attacks
			// Indian posts"); but "Hamas leaders to meet", "EU leaders
			// this week agreed" and "DPRK boxers Kim Hye Song" keep their
			// noun.
			classes[k] = t.vbz
		}
		return
	}
}

// repairHeadlineVerb finds the verb of a title-case headline that the
// model read as a plural noun: "Navy Intercepts Drone Over Red Sea",
// "Pyongyang Slams Drills", "Israel Strikes Gaza". The word is the second
// to fourth, capitalised in the text but a common word to the model (the
// headline forms lower-cased it), ends in -s, follows only nouns and
// adjectives, and an object follows it; the headline has no other verb.
func (t *Tagger) repairHeadlineVerb(toks []Token, forms []string, classes []int) {
	for _, c := range classes {
		if t.finiteClass[c] {
			return
		}
	}
	for i := 1; i <= 3 && i+1 < len(classes); i++ {
		if !t.headSubject[classes[i-1]] {
			return
		}
		f := forms[i]
		if classes[i] != t.nns && !t.properNoun[classes[i]] || f == toks[i].Norm || !startsUpper(toks[i].Norm) {
			continue
		}
		if len(f) > 3 && f[len(f)-1] == 's' && f[len(f)-2] != 's' && t.headObject[classes[i+1]] {
			classes[i] = t.vbz
		}
		return
	}
}

// verbInClause reports whether a finite verb follows from i on before the
// clause ends (a comma, a conjunction, a subordinating word).
func (t *Tagger) verbInClause(forms []string, classes []int, i int) bool {
	for ; i < len(classes); i++ {
		if t.finiteClass[classes[i]] {
			return true
		}
		if clauseBreaks[lower(forms[i])] {
			return false
		}
	}
	return false
}

// clauseBreaks end the clause a subject belongs to.
var clauseBreaks = map[string]bool{
	",": true, ";": true, ":": true, "--": true, "and": true, "but": true, "or": true,
	"as": true, "while": true, "after": true, "before": true, "when": true, "because": true,
	"since": true, "if": true, "although": true, "though": true, "until": true, "that": true,
	"which": true, "who": true, "where": true, "amid": true,
}

// timeDeterminers open the time phrase after a subject ("EU leaders this
// week agreed..."), not an object.
var timeDeterminers = map[string]bool{"this": true, "that": true, "last": true, "next": true, "every": true, "each": true, "these": true, "those": true, "some": true}

func endsWithStop(toks []Token) bool {
	for k := len(toks) - 1; k >= 0; k-- {
		switch toks[k].Norm {
		case ".", "!", "?":
			return true
		case `"`, "'", ")":
			continue
		}
		return false
	}
	return false
}

// tagForms tags a sentence given as the model's spelling of its words and
// appends the class of each word to out.
func (t *Tagger) tagForms(st *tagState, forms []string, proper []bool, out []int) []int {
	return t.tagFormsLex(st, forms, proper, true, out)
}

// tagFormsLex is tagForms with the lexicon optional (off to compare the
// engine with the bare model).
func (t *Tagger) tagFormsLex(st *tagState, forms []string, proper []bool, useLex bool, out []int) []int {
	hc, hs := st.hctx[:0], st.hsuf[:0]
	add := func(c []byte) {
		hc = append(hc, maphash.Bytes(t.seed, c))
		hs = append(hs, maphash.Bytes(t.seed, suffix3b(c)))
	}
	add(startBytes)
	add(start2Bytes)
	for _, f := range forms {
		st.buf = appendContextForm(st.buf[:0], f)
		add(st.buf)
	}
	add(endBytes)
	add(end2Bytes)
	st.hctx, st.hsuf = hc, hs

	c1, c2 := t.startTag(), t.start2Tag()
	nn, nnp := int(t.class["NN"]), int(t.class["NNP"])
	for i, w := range forms {
		var c int
		fc, fixed := t.fixed[w]
		var allowed uint64
		if useLex {
			allowed = t.allowed(st, w)
		}
		switch {
		case fixed && (allowed == 0 || allowed&(1<<fc) != 0):
			c = int(fc)
		case isURLish(w):
			c = nn
		default:
			c = t.predict(st, i, w, c1, c2, allowed)
		}
		if proper != nil && proper[i] && !t.properClass[c] {
			c = nnp
		}
		out = append(out, c)
		c2, c1 = c1, c
	}
	return out
}

func (t *Tagger) allowed(st *tagState, w string) uint64 {
	if s, ok := t.lex[w]; ok {
		return s
	}
	st.buf = appendLower(st.buf[:0], w)
	return t.lex[string(st.buf)]
}

func isURLish(w string) bool {
	return hasPrefixFold(w, "http://") || hasPrefixFold(w, "https://") || hasPrefixFold(w, "www.") ||
		strings.IndexByte(w, '@') > 0 && strings.IndexByte(w, '.') > 0
}

// The feature templates of the model, as prose's featurize writes them:
// the template name, then its parts separated by spaces.
const (
	fBias = iota
	fSuffix
	fPref1
	fTag1
	fTag2
	fTag12
	fWord
	fTag1Word
	fWordM1
	fSuffixM1
	fWordM2
	fWordP1
	fSuffixP1
	fWordP2
	numTemplates
)

var templates = [numTemplates]struct {
	name  string
	parts int
}{
	fBias:     {"bias", 0},
	fSuffix:   {"i suffix", 1},
	fPref1:    {"i pref1", 1},
	fTag1:     {"i-1 tag", 1},
	fTag2:     {"i-2 tag", 1},
	fTag12:    {"i tag+i-2 tag", 2},
	fWord:     {"i word", 1},
	fTag1Word: {"i-1 tag+i word", 2},
	fWordM1:   {"i-1 word", 1},
	fSuffixM1: {"i-1 suffix", 1},
	fWordM2:   {"i-2 word", 1},
	fWordP1:   {"i+1 word", 1},
	fSuffixP1: {"i+1 suffix", 1},
	fWordP2:   {"i+2 word", 1},
}

func (t *Tagger) hash(s string) uint64 { return maphash.String(t.seed, s) }

// fkey combines a template and the hashes of its parts into one key, so a
// feature is found without building its string.
func fkey(tmpl int, a, b uint64) uint64 {
	x := uint64(tmpl+1)*0x9E3779B97F4A7C15 ^ a
	x = (x ^ x>>31) * 0xBF58476D1CE4E5B9
	x ^= b + 0x94D049BB133111EB + x<<6 + x>>2
	x = (x ^ x>>29) * 0x94D049BB133111EB
	return x ^ x>>32
}

// featureHash parses a feature string of the model into its key.
func (t *Tagger) featureHash(k string) (uint64, bool) {
	best := -1
	for id, tm := range templates {
		if strings.HasPrefix(k, tm.name) && (len(k) == len(tm.name) || k[len(tm.name)] == ' ') &&
			(best < 0 || len(tm.name) > len(templates[best].name)) {
			best = id
		}
	}
	if best < 0 {
		return 0, false
	}
	tm := templates[best]
	rest := k[len(tm.name):]
	if rest != "" {
		rest = rest[1:]
	}
	switch tm.parts {
	case 0:
		return fkey(best, 0, 0), rest == ""
	case 1:
		return fkey(best, t.hash(rest), 0), true
	default:
		a, b, ok := strings.Cut(rest, " ")
		return fkey(best, t.hash(a), t.hash(b)), ok
	}
}

// Class "indices" of the tags before a sentence.
func (t *Tagger) startTag() int  { return len(t.classes) }
func (t *Tagger) start2Tag() int { return len(t.classes) + 1 }

func (t *Tagger) precomputePrev() {
	K := len(t.classes)
	t.prev = make([]float64, (K+2)*(K+2)*K)
	t.prevSeen = make([]uint64, (K+2)*(K+2))
	for c1 := 0; c1 < K+2; c1++ {
		for c2 := 0; c2 < K+2; c2++ {
			cell := c1*(K+2) + c2
			scores := t.prev[cell*K : (cell+1)*K]
			h1, h2 := t.tagHash[c1], t.tagHash[c2]
			for _, k := range [...]uint64{fkey(fBias, 0, 0), fkey(fTag1, h1, 0), fkey(fTag2, h2, 0), fkey(fTag12, h1, h2)} {
				f, ok := t.feats[k]
				if !ok {
					continue
				}
				for x := t.off[f]; x < t.off[f+1]; x++ {
					scores[t.cls[x]] += t.w[x]
					t.prevSeen[cell] |= 1 << t.cls[x]
				}
			}
		}
	}
}

// predict scores the features of token i exactly as the model was trained
// (prose's featurize) and returns the best allowed class. c1 and c2 are the
// classes of the two previous tokens, -1 and -2 at the sentence start.
func (t *Tagger) predict(st *tagState, i int, w string, c1, c2 int, allowed uint64) int {
	var scores [64]float64
	K := len(t.classes)
	cell := c1*(K+2) + c2
	copy(scores[:K], t.prev[cell*K:(cell+1)*K])
	seen := t.prevSeen[cell]
	h1 := t.tagHash[c1]
	j := i + 2
	hc, hs := st.hctx, st.hsuf
	cls, wts := t.cls, t.w
	add := func(k uint64) {
		f, ok := t.feats[k]
		if !ok {
			return
		}
		a, b := t.off[f], t.off[f+1]
		for x, c := range cls[a:b] {
			scores[c&63] += wts[int(a)+x]
			seen |= 1 << (c & 63)
		}
	}
	add(fkey(fSuffix, t.hash(suffix3(w)), 0))
	add(fkey(fPref1, t.hash(string(rune(w[0]))), 0))
	add(fkey(fWord, hc[j], 0))
	add(fkey(fTag1Word, h1, hc[j]))
	add(fkey(fWordM1, hc[j-1], 0))
	add(fkey(fSuffixM1, hs[j-1], 0))
	add(fkey(fWordM2, hc[j-2], 0))
	add(fkey(fWordP1, hc[j+1], 0))
	add(fkey(fSuffixP1, hs[j+1], 0))
	add(fkey(fWordP2, hc[j+2], 0))

	cand := seen
	if allowed != 0 {
		cand = allowed
	}
	best, bestScore := -1, math.Inf(-1)
	for c := range t.classes {
		if cand&(1<<c) == 0 {
			continue
		}
		if s := scores[c]; s > bestScore {
			best, bestScore = c, s
		}
	}
	if best < 0 {
		return int(t.class["NN"])
	}
	return best
}

func suffix3(s string) string {
	if len(s) > 3 {
		return s[len(s)-3:]
	}
	return s
}

// appendContextForm appends the model's normalisation of a context word:
// "!HYPHEN", "!YEAR", "!DIGITS" or the word in lower case.
func appendContextForm(dst []byte, w string) []byte {
	if w == "" {
		return dst
	}
	if strings.IndexByte(w, '-') >= 0 && w[0] != '-' {
		return append(dst, "!HYPHEN"...)
	}
	if len(w) == 4 {
		if _, err := strconv.Atoi(w); err == nil {
			return append(dst, "!YEAR"...)
		}
	}
	if w[0] >= '0' && w[0] <= '9' {
		return append(dst, "!DIGITS"...)
	}
	return appendLower(dst, w)
}

// appendLower appends strings.ToLower(w) without allocating.
func appendLower(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			for _, r := range w[i:] {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			return dst
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

var (
	startBytes  = []byte("-START-")
	start2Bytes = []byte("-START2-")
	endBytes    = []byte("-END-")
	end2Bytes   = []byte("-END2-")
)

func suffix3b(s []byte) []byte {
	if len(s) > 3 {
		return s[len(s)-3:]
	}
	return s
}

// modelForms spells each token the way the model's training text did.
func modelForms(toks []Token, proper []bool, t *Tagger, forms []string) []string {
	for i := range toks {
		f := toks[i].Norm
		switch f {
		case `"`:
			if opening(toks, i) {
				f = "``"
			} else {
				f = "''"
			}
		case "'":
			if opening(toks, i) {
				f = "`"
			} else if i > 0 && toks[i].Start == toks[i-1].End && strings.HasSuffix(toks[i-1].Lower, "s") {
				f = "'" // possessive: the Koreas' border
			} else {
				f = "''"
			}
		case "[", "{":
			f = "("
		case "]", "}":
			f = ")"
		case "-", "---", "―":
			f = "--"
		}
		if f == "" {
			f = "?" // cannot happen with Tokenize; keeps the feature code safe
		}
		forms = append(forms, f)
	}
	isProper := func(i int) bool { return proper != nil && proper[i] }
	// Only lines without a final full stop: a running sentence crowded
	// with names ("...the Amnokgang Sports Team.") is not a headline.
	if headline, allCaps := headlineCase(toks); headline && !endsWithStop(toks) {
		// Right to left, so that a noun or adjective before a word that
		// stays capitalised stays capitalised too: "North Korea", "Security
		// Council", but "Security talks" → "security talks" and "Warns
		// Pyongyang" → "warns Pyongyang".
		t.headlineVerb(forms, proper)
		keptCap := false
		for i := len(forms) - 1; i >= 0; i-- {
			f := forms[i]
			if r, _ := decodeAt(f, 0); !isLetter(r) {
				keptCap = false
				continue
			}
			if !isProper(i) && !(keptCap && t.nameLike(f)) {
				if l := t.headlineForm(f, allCaps); l != f {
					forms[i] = l
					keptCap = false
					continue
				}
			}
			r, _ := decodeAt(forms[i], 0)
			keptCap = isUpper(r)
		}
		return forms
	}
	// The first word of a sentence is capitalised whatever it is: a plural
	// noun there ("Troops paraded...") looks like a name to the model.
	i := 0
	for i < len(forms) && isOpenerToken(&toks[i]) {
		i++
	}
	if i < len(forms) && !isProper(i) && !(i+1 < len(toks) && startsUpper(toks[i+1].Norm)) {
		f := forms[i]
		if r, _ := decodeAt(f, 0); isUpper(r) && !isAllUpper(f) && !t.inLexicon(f) {
			l := lower(f)
			if c, ok := t.wordClass[l]; ok && (t.classes[c] == "NN" || t.classes[c] == "NNS" || t.classes[c] == "JJ") {
				forms[i] = l // "Troops paraded", "Heavy fighting"
			} else if t.commonWord(l) {
				forms[i] = l // a lexicon word ("Drones struck")
			}
		}
	}
	return forms
}

// nameLike reports whether a capitalised word can be part of a name, as
// nouns and adjectives can ("North Korea", "Security Council").
func (t *Tagger) nameLike(f string) bool {
	c, ok := t.commonClass(lower(f))
	if !ok {
		return true
	}
	switch t.classes[c] {
	case "NN", "NNS", "NNP", "NNPS", "JJ", "RB":
		return true
	}
	return false
}

func startsUpper(s string) bool {
	r, _ := decodeAt(s, 0)
	return s != "" && isUpper(r)
}

func (t *Tagger) inLexicon(w string) bool {
	_, ok := t.lex[w]
	return ok
}

// opening reports whether the quote at toks[i] opens a quotation: it is
// glued to the next token and not to the previous one.
func opening(toks []Token, i int) bool {
	spaceBefore := i == 0 || toks[i].Start > toks[i-1].End
	gluedAfter := i+1 < len(toks) && toks[i+1].Start == toks[i].End
	return spaceBefore && (gluedAfter || i == 0)
}

// headlineCase reports whether a sentence is written in title case ("North
// Korea Blows Up Roads to the South") or in capitals. The model, trained on
// running text, would take every capitalised word there for a proper noun.
func headlineCase(toks []Token) (headline, allCaps bool) {
	content, capital, caps, letters := 0, 0, 0, 0
	for i := range toks {
		w := toks[i].Norm
		if len(w) < 3 || !isLetter(rune(w[0])) && w[0] < 0x80 {
			continue
		}
		r, _ := decodeAt(w, 0)
		if !isLetter(r) {
			continue
		}
		letters++
		if isAllUpper(w) {
			caps++
		}
		if i == 0 || starters[toks[i].Lower] {
			continue
		}
		content++
		if isUpper(r) {
			capital++
		}
	}
	if letters >= 3 && caps*10 >= letters*8 {
		return true, true
	}
	// Two content words suffice in a short line ("Pyongyang Slams Drills");
	// the caller applies headline forms only to lines without a full stop.
	return (content >= 3 || content >= 2 && len(toks) <= 4) && capital*10 >= content*8, false
}

func isAllUpper(w string) bool {
	n := 0
	for _, r := range w {
		if isLower(r) {
			return false
		}
		if isLetter(r) {
			n++
		}
	}
	return n > 0
}

// headlineForm lower-cases a capitalised headline word when the model knows
// the word mainly as a common word ("Blows" → "blows"), and leaves names.
func (t *Tagger) headlineForm(f string, allCaps bool) string {
	r, _ := decodeAt(f, 0)
	if !isUpper(r) {
		return f
	}
	if !allCaps && isAllUpper(f) {
		return f // "US", "NATO" in a title-case headline
	}
	if c, ok := t.fixed[f]; ok && strings.HasPrefix(t.classes[c], "NNP") || t.inLexicon(f) {
		return f
	}
	l := lower(f)
	if t.commonWord(l) {
		return l // "Drone", "Airstrikes": words the 1989 model never saw
	}
	if c, ok := t.commonClass(l); ok && !strings.HasPrefix(t.classes[c], "NNP") {
		return l
	}
	return f
}

// commonWord reports whether lexicon.txt lists the lower-case word l with
// no proper-noun tag: a common word even where the model does not know it.
func (t *Tagger) commonWord(l string) bool {
	set, ok := t.lex[l]
	return ok && set&t.nnpMask == 0
}

// headlineVerb lower-cases the verb of a title-case headline that the
// model does not know: the first unknown capitalised -s word among the
// second to fourth words, before any word the model knows as common
// ("Colombia Suspends Peace Talks", "Pyongyang Slams Drills"). The
// model, seeing it capitalised, would take it for part of a name.
func (t *Tagger) headlineVerb(forms []string, proper []bool) {
	for i := 1; i < len(forms) && i <= 3; i++ {
		f := forms[i]
		r, _ := decodeAt(f, 0)
		if !isUpper(r) || isAllUpper(f) || proper != nil && proper[i] || i+1 >= len(forms) {
			return
		}
		l := lower(f)
		if _, ok := t.commonClass(l); ok || t.inLexicon(f) {
			return // the verb slot holds a known word: headlineForm decides
		}
		if _, ok := t.fixed[f]; ok {
			return
		}
		if len(l) > 4 && l[len(l)-1] == 's' && l[len(l)-2] != 's' && l[len(l)-2] != 'u' && l[len(l)-2] != 'i' {
			forms[i] = l
			return
		}
	}
}

// commonClass returns the class the model favours for a lower-case word,
// or for its stem when the model has not seen the inflected form ("boats"
// → "boat", "intercepts" → "intercept"): enough to tell a common word in
// a title-case headline from a name.
func (t *Tagger) commonClass(l string) (uint8, bool) {
	if c, ok := t.wordClass[l]; ok {
		return c, true
	}
	for _, sf := range [...]struct{ cut, add string }{
		{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"d", ""}, {"ing", ""}, {"ing", "e"},
	} {
		if stem, ok := strings.CutSuffix(l, sf.cut); ok && len(stem) >= 3 {
			if c, ok := t.wordClass[stem+sf.add]; ok {
				return c, true
			}
		}
	}
	return 0, false
}
