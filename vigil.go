// Package vigil holds the types that flow through Vigil's pipeline:
//
//	sources → documents → articles → events → store → watch → serve
//
// An Article is clean, dated text with a content-hash ID; an Event is one
// actor acting on another, coded with CAMEO and carrying the sentence that
// produced it. Every stage reads and writes these plain types, so a stage can
// be tested alone and the single-process and distributed modes share them.
package vigil

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// DateLayout is the layout of every date Vigil prints or stores (ISO 8601 day).
const DateLayout = "2006-01-02"

// Article is one piece of news text Vigil has read.
type Article struct {
	// ID is the content hash of Text (see ArticleID): re-reading the same
	// text yields the same ID, which makes ingestion idempotent.
	ID           string    `json:"id"`
	URL          string    `json:"url,omitempty"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Source       string    `json:"source,omitempty"` // site or feed name, e.g. "Defense Express"
	Title        string    `json:"title,omitempty"`
	Published    time.Time `json:"published,omitzero"` // zero when the article is undated
	Lang         string    `json:"lang,omitempty"`     // ISO 639-1, "" when unknown
	Text         string    `json:"text"`
	// Sources lists every place this article was seen (syndicated copies,
	// the same story in two feeds). The article is stored once.
	Sources []ArticleSource `json:"sources,omitempty"`
}

// ArticleSource is one place an article was seen.
type ArticleSource struct {
	URL     string    `json:"url,omitempty"`
	Source  string    `json:"source,omitempty"`
	Feed    string    `json:"feed,omitempty"`
	Title   string    `json:"title,omitempty"`
	Fetched time.Time `json:"fetched,omitzero"`
}

// Date returns the publication day as YYYY-MM-DD, or "" when undated.
func (a *Article) Date() string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.Format(DateLayout)
}

// Event is one actor acting on another, as coded from a sentence.
// The JSON form is the output contract of `vigil code`; other tools read it.
type Event struct {
	ID         string `json:"id,omitempty"`
	Article    string `json:"article"`
	Date       string `json:"date"` // YYYY-MM-DD: the date of the action, not of the article
	Source     string `json:"source"`
	SourceName string `json:"source_name"`
	Target     string `json:"target"` // "" when the text names no target
	TargetName string `json:"target_name"`
	Code       string `json:"code"` // CAMEO code, 3 or 4 digits
	Root       string `json:"root"` // first two digits of Code
	// Quad is the quad class: 1 verbal cooperation, 2 material cooperation,
	// 3 verbal conflict, 4 material conflict.
	Quad         int     `json:"quad"`
	Goldstein    float64 `json:"goldstein"`
	PLOVER       string  `json:"plover"`
	Mode         string  `json:"mode"`
	Negated      bool    `json:"negated"`
	Hypothetical bool    `json:"hypothetical"`
	Confidence   float64 `json:"confidence"`
	Location     string  `json:"location,omitempty"`
	// Sentence, Offsets and Pattern are the provenance of the event: the
	// sentence it was coded from, its byte span [start, end) in the article
	// text, and the dictionary pattern or rule that matched.
	Sentence string `json:"sentence"`
	Offsets  [2]int `json:"offsets"`
	Pattern  string `json:"pattern"`
	// Evidence holds further sentences of the same article that report the
	// same (source, target, code); the first is the one above.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Sources is how many places published the article (1 when unknown);
	// a syndicated story is still one event.
	Sources int `json:"sources,omitempty"`
}

// Evidence is one sentence supporting an event.
type Evidence struct {
	Sentence string `json:"sentence"`
	Offsets  [2]int `json:"offsets"`
	Pattern  string `json:"pattern,omitempty"`
}

// Flagged reports whether the event is negated or hypothetical. Flagged
// events are kept for analysts but excluded from scoring, indices and warnings.
func (e *Event) Flagged() bool { return e.Negated || e.Hypothetical }

// SourceCountry returns the first three characters of the source actor code.
func (e *Event) SourceCountry() string { return country(e.Source) }

// TargetCountry returns the first three characters of the target actor code.
func (e *Event) TargetCountry() string { return country(e.Target) }

func country(code string) string {
	if len(code) < 3 {
		return code
	}
	return code[:3]
}

// ArticleID returns the content hash that identifies an article's text:
// the first 16 bytes of SHA-256 over the text with runs of white space
// collapsed, hex encoded. White-space-only differences give the same ID.
func ArticleID(text string) string {
	h := sha256.Sum256([]byte(strings.Join(strings.Fields(text), " ")))
	return hex.EncodeToString(h[:16])
}

// EventID returns the stable identity of an event: a hash of its article,
// the byte offset of its first sentence, its actors and its code. Re-coding
// the same article gives the same IDs.
func EventID(article string, sentenceStart int, source, target, code string) string {
	h := sha256.New()
	for _, s := range []string{article, strconv.Itoa(sentenceStart), source, target, code} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
