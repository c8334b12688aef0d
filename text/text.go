// Package text turns article text into paragraphs, sentences and tokens with
// byte offsets into the original text and part-of-speech tags, normalising
// what news sites print (curly quotes, dashes, entities) without moving
// offsets, and recognising page debris that must never be coded.
package text

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
