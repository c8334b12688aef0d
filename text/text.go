package text

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark of a sentence.
type Token struct {
	Text  string // exactly the original bytes text[Start:End]
	Norm  string // normalised form: straight quotes, ASCII dashes, entities decoded
	Lower string // strings.ToLower(Norm)
	Start int    // byte offset of the token in the original text
	End   int    // byte offset just past the token
	Tag   string // Penn Treebank part-of-speech tag ("NNP", "VBD", ...)
}

// Sentence is one sentence of a document.
type Sentence struct {
	Start  int    // byte offset in the original text
	End    int    // byte offset just past the sentence
	Text   string // original text[Start:End]
	Para   int    // index of the paragraph the sentence belongs to
	Tokens []Token
}

// Options says where a text came from and what is known about it.
type Options struct {
	// Web says the text came from a web page: apply the page-debris rules
	// (teasers, repeated titles, captions, bylines, credits, counters).
	Web bool
	// Title is the known title (from feed or HTML metadata); it helps spot
	// repeated titles and captions. May be "".
	Title string
	// Site is the known site name ("Defense Express"); it helps spot
	// captions "Title, Site". May be "".
	Site string
	// Byline is the known author line (from HTML metadata, "Jane Doe" or
	// "By Jane Doe"); a line that repeats it is a byline. May be "".
	Byline string
	// ProperNames optionally maps a lower-case word or phrase that an
	// outlet prints in lower case on purpose ("russia", "russian
	// federation") to its proper form ("Russia", "Russian Federation").
	// Those tokens get that Norm and a proper-noun tag (or JJ for a
	// demonym the tagger reads as an adjective). Phrases of up to four
	// lower-case words separated by single spaces are looked up, longest
	// first. nil means none. It must be safe for concurrent use when
	// Analyze is called concurrently.
	ProperNames func(lower string) (string, bool)
}

// Debris is a line of a web text that is not part of the article, or a
// dateline ("SEOUL, June 17 (Reuters) -") opening a paragraph of any text.
type Debris struct {
	Start, End int // byte offsets of the line in the original text
	// Kind says what the line is: "title" (the first title line, also
	// Document.Title), "repeated-title", "caption" (title + site name),
	// "site", "read-more", "related", "byline", "credit", "advert",
	// "share", "menu", "tags", "copyright", "date", "time", "counter",
	// "symbol", "repeated" (a line printed three times or more),
	// "dateline" (the place, date and agency opening a wire story, set
	// aside in every text, web or not: the first sentence starts after
	// it); other kinds may come from the rules in debris.txt.
	Kind string
	Text string // the original line
}

// Document is an analysed text.
type Document struct {
	Text      string     // the original text, untouched (all offsets point into it)
	Title     string     // first title line recognised (web text), else Options.Title
	Sentences []Sentence // body sentences only, in order, debris excluded, tokens tagged
	Debris    []Debris   // lines kept out of the body (web text), and datelines (any text), in order
}

// maxProperPhrase is the longest lower-case phrase offered to ProperNames.
const maxProperPhrase = 4

// Analyze splits src into paragraphs, sentences and tokens, tags the tokens
// and, for web text, sets page debris aside. It is safe for concurrent use;
// the tagger's model is loaded once per process, on the first call.
func Analyze(src string, opts Options) *Document {
	return analyze(src, opts, DefaultTagger())
}

// Split is Analyze without part-of-speech tagging: paragraphs, sentences,
// tokens (Tag left empty) and, for web text, debris. It never loads the
// tagger's model, for callers that only need sentence boundaries.
func Split(src string, opts Options) *Document {
	return analyze(src, opts, nil)
}

func analyze(src string, opts Options, tagger *Tagger) *Document {
	doc := &Document{Text: src, Title: opts.Title}
	var debris func(string) (string, bool)
	if opts.Web {
		debris = func(line string) (string, bool) { return matchDebris(foldLine(line)) }
	}
	bs := blocks(src, opts.ProperNames, debris)
	if opts.Web {
		bs = removeDebris(src, bs, opts, doc)
	}
	if len(bs) == 0 {
		return doc
	}
	toks := make([]Token, 0, len(src)/5+8)
	var spans []span
	var ends []int
	datelines := false
	for para, b := range bs {
		first := len(toks)
		from := bulletEnd(src, b.start, b.end)
		if dl, next := datelineEnd(src, from, b.end, para < 2); next > from {
			doc.Debris = append(doc.Debris, Debris{Start: from, End: dl, Kind: "dateline", Text: src[from:dl]})
			datelines = true
			from = next
		}
		toks = Tokenize(src, from, b.end, toks)
		if len(toks) == first {
			continue
		}
		ends = sentenceBounds(toks[first:], opts.ProperNames, ends[:0])
		a := first
		for _, e := range ends {
			b := first + e
			for a < b && (toks[a].Norm == "," || toks[a].Norm == ";") {
				a++ // a stray comma left by a lost paragraph break
			}
			if a < b {
				spans = append(spans, span{a, b, para})
			}
			a = b
		}
	}
	if opts.Web {
		spans = spans[:dropDebrisSentences(src, toks, spans, doc)]
	}
	if datelines {
		sort.SliceStable(doc.Debris, func(i, j int) bool { return doc.Debris[i].Start < doc.Debris[j].Start })
	}
	var proper []bool
	if opts.ProperNames != nil {
		proper = make([]bool, len(toks))
		for _, s := range spans {
			applyProperNames(src, toks[s.a:s.b], proper[s.a:s.b], opts.ProperNames)
		}
	}
	doc.Sentences = make([]Sentence, len(spans))
	for i, s := range spans {
		ts := toks[s.a:s.b:s.b]
		var p []bool
		if proper != nil {
			p = proper[s.a:s.b]
		}
		if tagger != nil {
			tagger.tag(ts, p)
		}
		start, end := ts[0].Start, ts[len(ts)-1].End
		doc.Sentences[i] = Sentence{Start: start, End: end, Text: src[start:end], Para: s.para, Tokens: ts}
	}
	return doc
}

// span is a sentence as a range of tokens, before it becomes a Sentence.
type span struct{ a, b, para int }

// dropDebrisSentences moves short sentences that are credits or bylines
// glued to the end of a caption line ("... for two years. Source:
// Supplied", "... tourists. (Reuters)") from spans to doc.Debris and
// returns how many spans remain (compacted at the front).
func dropDebrisSentences(src string, toks []Token, spans []span, doc *Document) int {
	n := 0
	moved := false
	for _, s := range spans {
		start, end := toks[s.a].Start, toks[s.b-1].End
		if end-start <= 80 {
			switch kind, _ := matchDebris(foldLine(src[start:end])); kind {
			case "credit", "byline", "share", "advert", "copyright", "menu":
				doc.Debris = append(doc.Debris, Debris{Start: start, End: end, Kind: kind, Text: src[start:end]})
				moved = true
				continue
			}
		}
		spans[n] = s
		n++
	}
	if moved {
		sort.SliceStable(doc.Debris, func(i, j int) bool { return doc.Debris[i].Start < doc.Debris[j].Start })
	}
	return n
}

// applyProperNames gives lower-case proper names their proper form.
func applyProperNames(src string, toks []Token, proper []bool, fn func(string) (string, bool)) {
	for i := 0; i < len(toks); i++ {
		if !lowerWord(toks[i].Norm) {
			continue
		}
		j := i + 1
		for j < len(toks) && j-i < maxProperPhrase && lowerWord(toks[j].Norm) &&
			toks[j].Start == toks[j-1].End+1 && src[toks[j-1].End] == ' ' {
			j++
		}
		for ; j > i; j-- {
			phrase := phraseOf(src, toks[i:j])
			form, ok := fn(phrase)
			if !ok || form == "" {
				continue
			}
			words := strings.Fields(form)
			for k := i; k < j; k++ {
				if len(words) == j-i {
					toks[k].Norm = words[k-i]
				} else {
					toks[k].Norm = capitalize(toks[k].Norm)
				}
				proper[k] = true
			}
			i = j - 1
			break
		}
	}
}

// phraseOf returns the lower-case words of toks joined by single spaces,
// without allocating when the original text is already that.
func phraseOf(src string, toks []Token) string {
	exact := true
	for k := range toks {
		if toks[k].Lower != toks[k].Text {
			exact = false
			break
		}
	}
	if exact {
		return src[toks[0].Start:toks[len(toks)-1].End]
	}
	parts := make([]string, len(toks))
	for k := range toks {
		parts[k] = toks[k].Lower
	}
	return strings.Join(parts, " ")
}

// lowerWord reports whether w is a word starting with a lower-case letter.
func lowerWord(w string) bool {
	if w == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return isLower(r)
}

func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}
