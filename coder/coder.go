// Package coder turns the sentences of an article into CAMEO-coded events.
//
// A Coder reads an article the way a trained human coder does
// (../shared/eval/CODING.md): sentence by sentence, it finds who did what
// to whom, when, and records it as a vigil.Event with the sentence as
// provenance. There is no parser server and no model download:
//
//   - text.Analyze splits, tokenises and tags the article and sets page
//     debris aside;
//   - the actor knowledge base resolves the actors named in each sentence;
//   - the coder chunks the tagged tokens into noun phrases and verb groups,
//     builds clauses (subject, verb, complement, and how each clause hangs
//     off the one before: reported speech, infinitives, participle and
//     relative clauses, conditions), and matches each verb against the verb
//     dictionary (data/verbs): verbs and verb phrases with the objects,
//     particles and prepositions that change their meaning, and the nouns
//     that carry events after light verbs ("held talks with");
//   - modality (negation, conditions, reported intent) flags or re-codes
//     what is not a plain fact; dates come from the timex package;
//   - one (source, target, code) per article becomes one event, with every
//     sentence that reported it kept as evidence.
//
// The dictionary is data: an analyst adds a verb or a pattern in YAML (see
// data/verbs/README.md) and passes the folder with --verbs.
package coder

import (
	"fmt"
	"sync"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/actor"
	"github.com/vigil-ews/vigil/text"
	"github.com/vigil-ews/vigil/timex"
)

// Options configures a Coder.
type Options struct {
	ActorsDir string // optional directory of extra actor files (--actors)
	VerbsDir  string // optional directory of extra verb patterns (--verbs)
	// Now returns the current time; it bounds the year inferred for an
	// undated article ("Monday October 14" → the latest such year not in
	// the future). nil means time.Now.
	Now func() time.Time
}

// Coder codes articles. It is safe for concurrent use: build one and share it.
type Coder struct {
	lx   *lexicon
	kb   *actor.KB
	now  func() time.Time
	pool sync.Pool // *sentState scratch
	// agentive are the noun classes whose modifying actor is their agent
	// ("Russian missiles"): troops, weapons, ships, aircraft.
	agentive classSet
}

// New loads the embedded knowledge (plus any user directories) and returns a Coder.
func New(opts Options) (*Coder, error) {
	lx, err := loadLexicon(opts.VerbsDir)
	if err != nil {
		return nil, fmt.Errorf("verb dictionary: %w", err)
	}
	var kb *actor.KB
	if opts.ActorsDir != "" {
		kb, err = actor.Load(opts.ActorsDir)
	} else {
		kb, err = actor.Default()
	}
	if err != nil {
		return nil, fmt.Errorf("actor dictionary: %w", err)
	}
	c := &Coder{lx: lx, kb: kb, now: opts.Now}
	for _, name := range []string{"troops", "weapon", "ship", "air"} {
		if ci, ok := lx.classIdx[name]; ok {
			c.agentive.add(ci)
		}
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.pool.New = func() any { return &sentState{} }
	return c, nil
}

// Stages holds the time spent in each stage of coding, for vigil bench.
type Stages struct {
	Analyze time.Duration // text.Analyze: split, tokenise, tag, debris
	Resolve time.Duration // actor resolution
	Code    time.Duration // chunking, clauses, matching, article merge
	// Sentences is the number of body sentences coded.
	Sentences int
}

// Add adds o to st.
func (st *Stages) Add(o Stages) {
	st.Analyze += o.Analyze
	st.Resolve += o.Resolve
	st.Code += o.Code
	st.Sentences += o.Sentences
}

// Code returns the events of one article. a.Published (may be zero) is the
// date against which relative dates resolve.
func (c *Coder) Code(a *vigil.Article) []vigil.Event {
	evs, _ := c.CodeTimed(a, false)
	return evs
}

// CodeSentences is Code that also returns the body sentences it read (page
// debris excluded), so that a caller storing every sentence of the article
// (the pipeline) need not split the text a second time.
func (c *Coder) CodeSentences(a *vigil.Article) ([]vigil.Event, []text.Sentence) {
	var st Stages
	doc := c.analyze(a)
	evs := c.codeDocument(a, doc, &st, false)
	return evs, doc.Sentences
}

// analyze splits, tokenises and tags an article with the options its
// metadata gives: a stored article's byline is read as ingestion read it.
func (c *Coder) analyze(a *vigil.Article) *text.Document {
	return text.Analyze(a.Text, text.Options{Web: a.Web, Title: a.Title, Site: a.Source, Byline: a.Byline, ProperNames: c.kb.ProperName})
}

// CodeTimed codes one article and, when timed is true, measures the time
// spent in each stage (measuring costs a few clock reads per sentence).
func (c *Coder) CodeTimed(a *vigil.Article, timed bool) ([]vigil.Event, Stages) {
	var st Stages
	var t0 time.Time
	if timed {
		t0 = time.Now()
	}
	doc := c.analyze(a)
	if timed {
		st.Analyze = time.Since(t0)
	}
	evs := c.codeDocument(a, doc, &st, timed)
	return evs, st
}

// CodeDocument codes an article already analysed by text.Analyze (the
// caller chose the options); doc.Text must be a.Text.
func (c *Coder) CodeDocument(a *vigil.Article, doc *text.Document) []vigil.Event {
	var st Stages
	return c.codeDocument(a, doc, &st, false)
}

func (c *Coder) codeDocument(a *vigil.Article, doc *text.Document, st *Stages, timed bool) []vigil.Event {
	s := c.pool.Get().(*sentState)
	defer c.pool.Put(s)
	art := articleState{a: a, pub: a.Published}
	if !art.pub.IsZero() {
		y, m, d := art.pub.Date()
		art.pub = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	actx := c.kb.NewContext(a.Published, a.Text)
	if art.pub.IsZero() {
		art.year = c.inferYear(doc)
	}
	s.mem = &art.mem
	if doc.Title != "" {
		// the title is not coded, but what it names is remembered: the
		// agreement "North Korea's Agreement with Russia" its text calls "it"
		tdoc := text.Analyze(doc.Title, text.Options{ProperNames: c.kb.ProperName})
		for si := range tdoc.Sentences {
			ms := c.kb.Resolve(actx, tdoc.Sentences[si].Tokens)
			s.reset(&tdoc.Sentences[si])
			c.resolveActors(s, ms, &art.mem)
			c.chunkSentence(s)
			c.rememberAgreements(s, &art.mem)
		}
	}
	if actx.Active("kcna") {
		art.voice = actRef{code: "PRK", country: "PRK", name: "KCNA"}
	}
	var t0 time.Time
	for si := range doc.Sentences {
		sent := &doc.Sentences[si]
		if len(sent.Tokens) == 0 {
			continue
		}
		st.Sentences++
		if timed {
			t0 = time.Now()
		}
		ms := c.kb.Resolve(actx, sent.Tokens)
		if timed {
			now := time.Now()
			st.Resolve += now.Sub(t0)
			t0 = now
		}
		s.reset(sent)
		c.resolveActors(s, ms, &art.mem)
		c.chunkSentence(s)
		c.buildPreds(s)
		c.codeSentence(s, &art)
		c.remember(s, &art.mem)
		if timed {
			st.Code += time.Since(t0)
		}
	}
	if timed {
		t0 = time.Now()
	}
	evs := c.finish(&art)
	if timed {
		st.Code += time.Since(t0)
	}
	return evs
}

// inferYear finds the year of an undated article from a weekday printed
// with a date ("Monday October 14").
func (c *Coder) inferYear(doc *text.Document) int {
	var words []string
	var exprs []timex.Expr
	for si := range doc.Sentences {
		words = words[:0]
		for _, t := range doc.Sentences[si].Tokens {
			words = append(words, t.Norm)
		}
		exprs = timex.Find(words, exprs[:0])
		if y, ok := timex.InferYear(exprs, c.now()); ok {
			return y
		}
	}
	return 0
}

// sentState is the per-sentence scratch, reused between sentences.
type sentState struct {
	sent   *text.Sentence
	toks   []text.Token
	acts   []actRef
	tokAct []int
	chunks []chunk
	preds  []pred
	words  []string
	dates  []timex.Expr
	datesF bool
	buf    []int
	entBuf []*entry
	mem    *memory
	// reporter is the actor whose speech the clause being coded reports
	// (the "reporter" slot).
	reporter []actRef
	// force is the actor of the last act of force coded in this sentence
	// ("..., and Damascus condemned the attack")
	force    actRef
	hasForce bool
}

func (s *sentState) reset(sent *text.Sentence) {
	s.sent = sent
	s.toks = sent.Tokens
	s.acts = s.acts[:0]
	s.chunks = s.chunks[:0]
	s.preds = s.preds[:0]
	s.dates = s.dates[:0]
	s.datesF = false
	s.hasForce = false
}

// articleState is what coding one article accumulates.
type articleState struct {
	a    *vigil.Article
	pub  time.Time
	year int // inferred year of an undated article, 0 when unknown
	// voice is the state an article speaks for when it is that state's
	// news agency's commentary (KCNA); invalid otherwise
	voice actRef
	mem   memory
	evs   []cand
}
