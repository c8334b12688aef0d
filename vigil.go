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
	// Web is set when Text was extracted from a web page (fetched, or a
	// saved HTML file): the text may hold page debris ("Read more:" teasers,
	// captions, bylines) that the coder must recognise and never code.
	Web bool `json:"web,omitempty"`
	// Byline is the author line the page's metadata names ("Jane Doe"),
	// when known. The coder hands it to the text package, so a line of the
	// text that repeats it is page debris even without a leading "By".
	// Like Web, the store keeps it, so a stored article is coded again as
	// it was at ingestion.
	Byline string `json:"byline,omitempty"`
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
	// Reported is the publication date (YYYY-MM-DD) of the article the
	// event was coded from, when the store knows it (it fills it in as it
	// reads events; "" otherwise). An event dated after it is a plan or a
	// date resolved into the future: the watch counts it on this date,
	// when the news reported it, live and in replays alike.
	Reported string `json:"reported,omitempty"`
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

// Warning is what the watch layer raises when an indicator rule fires or a
// dyad's escalation crosses a threshold. Its JSON form is the output of
// `vigil warnings --json`; other tools read it.
type Warning struct {
	ID     string  `json:"id"`
	Source string  `json:"source"` // country (or actor) code of the dyad's first side
	Target string  `json:"target"`
	Level  string  `json:"level"` // documented by the watch package
	Rule   string  `json:"rule"`  // indicator rule name, or "escalation"
	Score  float64 `json:"score"`
	First  string  `json:"first"` // YYYY-MM-DD of the first evidence
	Last   string  `json:"last"`  // YYYY-MM-DD of the latest evidence
	// AsOf (YYYY-MM-DD) is the news date on which Level and Score were
	// set: the date of the evaluation that last changed the warning (new
	// evidence, a de-escalation, or the day its decaying score fell
	// through a level). The watch runs on the dates of the news, not the
	// wall clock (Updated): a warning of October 2024 replayed today is
	// as of October 2024. Between changes the score only decays.
	AsOf string `json:"as_of,omitempty"`
	// Steps are the rule's indicator steps that were seen, each with the
	// events (and their sentences) behind it.
	Steps []WarningStep `json:"steps"`
	// Exposure is who was bound to join either side on the date of the
	// latest evidence (Exposure.Date == Last): the alliances as they stood
	// when the evidence was seen — the Russia–DPRK treaty "signed, not in
	// force" for a warning of October 2024, even after it came into force.
	// 'vigil exposure A B --date D' answers for any other date.
	Exposure *Exposure `json:"exposure,omitempty"`
	// Updated is when the warning last changed; History lists every change.
	Updated time.Time       `json:"updated,omitzero"`
	History []WarningChange `json:"history,omitempty"`
}

// WarningStep is one indicator step of a rule and the events that showed it.
type WarningStep struct {
	Name   string     `json:"name"`
	Events []EventRef `json:"events"`
}

// EventRef cites one event as evidence.
type EventRef struct {
	ID       string `json:"id"`
	Date     string `json:"date"`
	Code     string `json:"code"`
	Sentence string `json:"sentence"`
	Article  string `json:"article,omitempty"`
}

// WarningChange is one change of a warning: created, raised, lowered, decayed.
type WarningChange struct {
	At     time.Time `json:"at"`
	Date   string    `json:"date,omitempty"` // evidence date that caused it
	Change string    `json:"change"`         // "new", "raised", "lowered", "updated", "decayed"
	Level  string    `json:"level"`
	Score  float64   `json:"score"`
	Reason string    `json:"reason,omitempty"`
}

// Exposure answers "if A and B fight, who is bound to join whom?" on a date.
// Its JSON form is the output of `vigil exposure --json`.
type Exposure struct {
	Date  string       `json:"date"`
	A     string       `json:"a"`
	B     string       `json:"b"`
	Bound []Obligation `json:"bound"`
}

// Obligation is one state bound (or about to be bound) by a treaty article
// to join one side of a conflict.
type Obligation struct {
	State      string   `json:"state"`
	Joins      string   `json:"joins"`
	Treaty     string   `json:"treaty"`
	Article    string   `json:"article"`
	Obligation string   `json:"obligation"` // defense, offense, neutrality, non-aggression, consultation
	Status     string   `json:"status"`     // status of the treaty on the date
	InForce    bool     `json:"in_force"`
	Conditions []string `json:"conditions"`
}

// TreatyStatus is one entry of a treaty's status history: signed,
// submitted, ratified (by a party), in_force, suspended, withdrawn, expired.
// Entries come from the register's data or from coded events (EventID set).
type TreatyStatus struct {
	Treaty   string `json:"treaty"`
	Party    string `json:"party,omitempty"` // "" when the status is the treaty's as a whole
	Status   string `json:"status"`
	Date     string `json:"date"`
	EventID  string `json:"event_id,omitempty"`
	Sentence string `json:"sentence,omitempty"`
}
