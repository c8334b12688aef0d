package actor

import (
	"sync"
	"time"
)

// caseRule says how a dictionary word must be capitalised in the text.
type caseRule uint8

const (
	caseAny  caseRule = iota // "russia", "Russia", "RUSSIA"
	caseCap                  // first letter upper: "Turkey" the country, not "turkey" the bird
	caseAcro                 // acronym: all capitals; "Nato"-style title case too from four letters on
	caseUp1                  // one capital letter, as in "U.S.": must be upper case
	caseCaps                 // a place's acronym: all capitals only ("SHAPE", not "Shape")
)

type patUnit struct {
	key string
	cr  caseRule
}

// entry is one name of one actor: a path in the trie ends in entries.
type entry struct {
	kind    Kind
	country string // "PRK", "IGOWSTNAT", "" for roles
	role    string // "GOV", "MIL", "" for plain countries
	name    string // canonical name of what the entry names
	form    string // the name as written in the data file
	rule    string // precomputed rule text for a lone match
	src     string // file:line, for messages
	pat     []patUnit

	only, unless []int // context ids that must (not) be active

	person *person // Kind Person
	short  bool    // a person's surname: needs a full mention, a title or alone
	alone  bool    // a surname that resolves anywhere ("Putin")
	title  bool    // Kind Role: a title that may precede a name ("President")
	speaks bool    // Kind Role: a title of one who speaks for a state ("presidential spokesman")
	// generic role words ("spokesman", "officials") keep the role of what
	// they follow ("Pentagon spokesman" USAMIL) and mean GOV alone.
	generic  bool
	attached bool     // a role word that counts only after a bearer ("the Russian side")
	rank     bool     // a title that counts only before a name or after a bearer ("General")
	block    bool     // look-alike: consumes the phrase and yields nothing
	nameWord bool     // also a personal name ("Jordan", "Chad"): not next to unknown capitalised words
	dated    []Office // a group whose code changed ("Taliban": AFGREB, then AFGGOV)

	place     string // the place a Place entry or a city metonym names ("Odesa", "Seoul")
	placeKind string // Kind Place: city, port, region, ... (places.tsv)
	ambiguous bool   // Kind Place: a common word or personal name that needs a cue ("in Nice")

	members []string // Kind Collective: the states ("PRK", "KOR")

	stateRole string       // Kind Role: the role after a state ("Indian paramilitary police": COP)
	defaults  []regDefault // Kind Role: the country alone in a register ("puppet regime" in KCNA: KOR)
}

// regDefault is a country a role word takes alone in an article of a
// register (roles.yaml register_defaults).
type regDefault struct {
	ctx     int
	country string
}

type person struct {
	name    string
	offices []Office
	country string // of the latest office: for dates outside every office
}

// officeAt returns the office held on day d. For a zero d it returns the
// most recent office (the one that started last), so undated text gets
// today's office holders. ok is false when no office was held on d.
func (p *person) officeAt(d time.Time) (Office, bool) {
	return officeAt(p.offices, d)
}

// inOffice reports whether p held an office on day d; for a zero d,
// whether p still holds one (an office with no end).
func (p *person) inOffice(d time.Time) bool {
	if d.IsZero() {
		for _, o := range p.offices {
			if o.To.IsZero() {
				return true
			}
		}
		return false
	}
	_, ok := officeAt(p.offices, d)
	return ok
}

func officeAt(offices []Office, d time.Time) (Office, bool) {
	if len(offices) == 0 {
		return Office{}, false
	}
	if d.IsZero() {
		best := offices[0]
		for _, o := range offices[1:] {
			if o.From.After(best.From) {
				best = o
			}
		}
		return best, true
	}
	for _, o := range offices {
		if o.holds(d) {
			return o, true
		}
	}
	return Office{}, false
}

// exactTrigger is a case-sensitive snippet of article text that switches
// a context on (contexts.yaml exact:).
type exactTrigger struct {
	text string
	ctx  int
}

type node struct {
	next     map[string]*node
	entries  []*entry
	triggers []int // contexts this phrase switches on (contexts.yaml phrases)
}

func (n *node) child(key string, create bool) *node {
	if c, ok := n.next[key]; ok || !create {
		return c
	}
	if n.next == nil {
		n.next = make(map[string]*node)
	}
	c := &node{}
	n.next[key] = c
	return c
}

// KB is a loaded knowledge base. It is immutable after Load and safe for
// concurrent use; per-article state lives in a Context.
type KB struct {
	root *node

	contexts     []string         // context names by id
	exact        []exactTrigger   // case-sensitive snippets that switch contexts on
	ctxID        map[string]int   // name → id
	ctxCountries map[string][]int // country code → contexts its mention switches on

	countryName map[string]string // "PRK" → "North Korea"; IGOs too
	proper      map[string]string // lower-case name → name as written

	capitalised   map[string]bool // words that must be capitalised to name an actor
	funcWords     map[string]bool // capitalised at a sentence start without being names
	nameWords     map[string]bool
	modifiers     map[string]bool // may stand between a demonym and a role word
	tails         map[string]bool // nouns that extend a role word ("coast guard vessels")
	attached      map[string]bool // role words that count only after a bearer
	ranks         map[string]bool // titles that count only before a name
	prefixBlock   map[string]bool // "pro-Russian": no actor
	hyphenKeep    map[string]bool // "Pakistani-administered": the demonym's country
	hyphenDrop    map[string]bool // "Russian-made": no actor
	hyphenCountry map[string]bool // "Pakistan-based": the country; "London-based": no actor
	hyphenState   map[string]bool // "Israel-linked": the state; "Al Qaeda-linked": no actor
	placeTails    map[string]bool // "Kursk region", "Odesa Oblast": words that extend a place
	placeCues     map[string]bool // "in", "near", "city of": what lets an ambiguous place resolve
	common        map[string]bool // surnames that never resolve by being unique on the day ("Kim", "No")
	particles     map[string]bool // lower-case words inside names: "al", "bin", "von"
	notNames      map[string]bool // words that begin no personal name: "General Assembly", "General Association"
	adjRoles      map[string]bool // role words that are also adjectives: "firm guarantees", "a military parade"

	conditions map[string][2][]string // name → only, unless (lookalikes.yaml), applied at build

	// vocab holds every word any rule looks at, so that a capitalised word
	// of the text is lowered into a stack buffer and looked up without
	// allocating; words outside it get the key "" and match nothing.
	vocab   map[string]vocabEntry
	filter  []uint64  // mayKnow: one bit per slot of the vocabulary's ASCII words
	scratch sync.Pool // *scratch

	stats Stats
}

// scratch holds a Resolve call's buffers, reused across calls.
type scratch struct {
	units []unit
	atoms []atom
	cover []int32
}

// vocabEntry is a known word: its key (shared, so units do not allocate)
// and its trie node at the root.
type vocabEntry struct {
	key   string
	first *node
}

// key returns the dictionary key of word w (a run of letters and digits)
// and its trie node at the root, with one map lookup and no allocation for
// ASCII words.
func (kb *KB) key(w string) (string, *node) {
	var buf [48]byte
	if len(w) > len(buf) {
		v := kb.vocab[fold(w)]
		return v.key, v.first
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			v := kb.vocab[fold(w)]
			return v.key, v.first
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if !kb.mayKnow(buf[:len(w)]) {
		return "", nil // most words of a text are in no entry: skip the map
	}
	v := kb.vocab[string(buf[:len(w)])]
	return v.key, v.first
}

// vocabFilterBits sizes the filter mayKnow reads: 64 Kbit, 8 KB, small
// enough to stay in the CPU's first-level cache while the vocabulary map
// (ten thousand words) does not.
const vocabFilterBits = 1 << 16

// filterSlot is the filter bit of a lower-case ASCII word: its length,
// first two and last bytes, mixed.
func filterSlot(w []byte) uint32 {
	n := len(w)
	h := uint32(n)*0x9E3779B1 ^ uint32(w[0])*0x85EBCA6B ^ uint32(w[n-1])*0xC2B2AE35
	if n > 1 {
		h ^= uint32(w[1]) * 0x27D4EB2F
	}
	h ^= h >> 15
	h *= 0x2C1B3C6D
	h ^= h >> 13
	return h & (vocabFilterBits - 1)
}

// mayKnow reports whether the lower-case ASCII word w may be in the
// vocabulary; false means it certainly is not.
func (kb *KB) mayKnow(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	i := filterSlot(w)
	return kb.filter[i>>6]&(1<<(i&63)) != 0
}

// Stats counts what a knowledge base holds.
type Stats struct {
	Countries, Places, Collectives, Metonyms, Organisations, Roles, People, Offices, IGOs, Groups, Blocked, Patterns int
}

// Stats reports what the knowledge base holds.
func (kb *KB) Stats() Stats { return kb.stats }

// CountryName returns the canonical name of a country or IGO code.
func (kb *KB) CountryName(code string) (string, bool) {
	n, ok := kb.countryName[code]
	return n, ok
}

// ProperName returns the dictionary spelling of a lower-case actor name
// ("russia" → "Russia", "russian federation" → "Russian Federation"), so a
// tagger can treat lower-cased country names as proper nouns. Names that
// resolve only when capitalised ("china", "turkey") and role words are not
// proper names.
func (kb *KB) ProperName(lower string) (string, bool) {
	s, ok := kb.proper[lower]
	return s, ok
}

var (
	defaultOnce sync.Once
	defaultKB   *KB
	defaultErr  error
)

// Default returns the embedded knowledge base, loaded once.
func Default() (*KB, error) {
	defaultOnce.Do(func() { defaultKB, defaultErr = Load("") })
	return defaultKB, defaultErr
}
