package text

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// Tagger assigns Penn Treebank part-of-speech tags to tokens.
//
// It is an averaged perceptron (Collins 2002; the "fast and accurate" tagger
// of Honnibal's textblob-aptagger, as ported to Go by prose/v2) whose
// weights come from github.com/jdkato/prose/v2's embedded English model,
// read once per process. The inference here is ours: features are looked
// up in one flat table without building maps per token, ties are broken
// deterministically (prose breaks them by map order), and tokens are fed to
// the model the way its training text (the Wall Street Journal) spelled
// them: opening and closing quotes as two backquotes and two apostrophes, proper names capitalised, headline-case words
// lower-cased. A small embedded lexicon (lexicon.txt) restricts the tags of
// words news English uses differently from 1989 financial news.
//
// A Tagger is safe for concurrent use.
type Tagger struct {
	classes []string          // tag names, sorted
	feats   map[string]int32  // feature key → index into off
	off     []int32           // weights of feature f: cls/w[off[f]:off[f+1]]
	cls     []uint8           // class index of each weight
	w       []float64         // weight
	fixed   map[string]uint8  // frequent unambiguous words → class
	lex     map[string]uint64 // lexicon.txt: word → bit set of allowed classes
	class   map[string]uint8  // tag name → class index
	common  map[string]bool   // lower-case words the model knows mostly as common words
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

func newTagger(classes []string, tags map[string]string, weights map[string]map[string]float64, lexicon string) (*Tagger, error) {
	t := &Tagger{
		classes: append([]string(nil), classes...),
		feats:   make(map[string]int32, len(weights)),
		fixed:   make(map[string]uint8, len(tags)),
		lex:     map[string]uint64{},
		class:   map[string]uint8{},
		common:  map[string]bool{},
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
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic layout
	t.off = make([]int32, 0, len(keys)+1)
	for _, k := range keys {
		t.feats[k] = int32(len(t.off))
		t.off = append(t.off, int32(len(t.w)))
		ws := weights[k]
		labels := make([]string, 0, len(ws))
		for l := range ws {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, l := range labels {
			c, ok := t.class[l]
			if !ok || ws[l] == 0 {
				continue
			}
			t.cls = append(t.cls, c)
			t.w = append(t.w, ws[l])
		}
		if w, ok := strings.CutPrefix(k, "i word "); ok && !startsNNP(ws) {
			t.common[w] = true
		}
	}
	t.off = append(t.off, int32(len(t.w)))
	if err := t.loadLexicon(lexicon); err != nil {
		return nil, err
	}
	return t, nil
}

// startsNNP reports whether a word feature's strongest class is a proper
// noun tag.
func startsNNP(ws map[string]float64) bool {
	best, bestW := "", math.Inf(-1)
	for l, w := range ws {
		if w > bestW || w == bestW && l < best {
			best, bestW = l, w
		}
	}
	return strings.HasPrefix(best, "NNP")
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
	forms []string // the word as the model sees it
	ctx   []string // normalised context, padded with -START-/-END-
	key   []byte
}

var tagStates = sync.Pool{New: func() any { return &tagState{key: make([]byte, 0, 64)} }}

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
	ctx := st.ctx[:0]
	ctx = append(ctx, "-START-", "-START2-")
	for _, f := range st.forms {
		ctx = append(ctx, contextForm(f))
	}
	ctx = append(ctx, "-END-", "-END2-")
	st.ctx = ctx

	p1, p2 := "-START-", "-START2-"
	for i := range toks {
		w := st.forms[i]
		var tag string
		c, fixed := t.fixed[w]
		allowed := t.allowed(w)
		switch {
		case fixed && (allowed == 0 || allowed&(1<<c) != 0):
			tag = t.classes[c]
		case isURLish(w):
			tag = "NN"
		default:
			tag = t.predict(st, i, w, p1, p2, allowed)
		}
		if proper != nil && proper[i] && tag != "NNP" && tag != "NNPS" && tag != "JJ" {
			tag = "NNP"
		}
		toks[i].Tag = tag
		p2, p1 = p1, tag
	}
}

func (t *Tagger) allowed(w string) uint64 {
	if s, ok := t.lex[w]; ok {
		return s
	}
	if l := lower(w); l != w {
		return t.lex[l]
	}
	return 0
}

func isURLish(w string) bool {
	return hasPrefixFold(w, "http://") || hasPrefixFold(w, "https://") || hasPrefixFold(w, "www.") ||
		strings.IndexByte(w, '@') > 0 && strings.IndexByte(w, '.') > 0
}

// predict scores the features of token i exactly as the model was
// trained (see prose's featurize) and returns the best allowed tag.
func (t *Tagger) predict(st *tagState, i int, w, p1, p2 string, allowed uint64) string {
	var scores [64]float64
	var seen uint64
	ctx := st.ctx
	j := i + 2
	add := func(parts ...string) {
		k := st.key[:0]
		for n, p := range parts {
			if n > 0 {
				k = append(k, ' ')
			}
			k = append(k, p...)
		}
		st.key = k
		f, ok := t.feats[string(k)]
		if !ok {
			return
		}
		for x := t.off[f]; x < t.off[f+1]; x++ {
			c := t.cls[x]
			scores[c] += t.w[x]
			seen |= 1 << c
		}
	}
	add("bias")
	add("i suffix", suffix3(w))
	add("i pref1", string(rune(w[0])))
	add("i-1 tag", p1)
	add("i-2 tag", p2)
	add("i tag+i-2 tag", p1, p2)
	add("i word", ctx[j])
	add("i-1 tag+i word", p1, ctx[j])
	add("i-1 word", ctx[j-1])
	add("i-1 suffix", suffix3(ctx[j-1]))
	add("i-2 word", ctx[j-2])
	add("i+1 word", ctx[j+1])
	add("i+1 suffix", suffix3(ctx[j+1]))
	add("i+2 word", ctx[j+2])

	cand := seen
	if allowed != 0 {
		cand = allowed
	}
	best, bestScore := -1, math.Inf(-1)
	for c := range t.classes {
		if cand&(1<<c) == 0 {
			continue
		}
		s := scores[c]
		if seen&(1<<c) == 0 && allowed == 0 {
			continue
		}
		if s > bestScore {
			best, bestScore = c, s
		}
	}
	if best < 0 {
		return "NN"
	}
	return t.classes[best]
}

func suffix3(s string) string {
	if len(s) > 3 {
		return s[len(s)-3:]
	}
	return s
}

// contextForm is the model's normalisation of a context word.
func contextForm(w string) string {
	if w == "" {
		return w
	}
	if strings.IndexByte(w, '-') >= 0 && w[0] != '-' {
		return "!HYPHEN"
	}
	if len(w) == 4 {
		if _, err := strconv.Atoi(w); err == nil {
			return "!YEAR"
		}
	}
	if w[0] >= '0' && w[0] <= '9' {
		return "!DIGITS"
	}
	return lower(w)
}

// modelForms spells each token the way the model's training text did.
func modelForms(toks []Token, proper []bool, t *Tagger, forms []string) []string {
	headline, allCaps := headlineCase(toks)
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
		if headline && (proper == nil || !proper[i]) {
			f = t.headlineForm(f, allCaps)
		}
		forms = append(forms, f)
	}
	return forms
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
		if len(w) < 4 || !isLetter(rune(w[0])) && w[0] < 0x80 {
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
	return content >= 3 && capital*10 >= content*8, false
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
	if c, ok := t.fixed[f]; ok && strings.HasPrefix(t.classes[c], "NNP") {
		return f
	}
	l := lower(f)
	if t.common[l] {
		return l
	}
	return f
}
