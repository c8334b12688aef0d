package coder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/data"
)

// This file loads the verb dictionary (data/verbs, see its README): verbs
// and verb phrases with the CAMEO codes they express, nominal event patterns
// ("talks with", "an invasion of"), noun classes, irregular forms and the
// function words of the grammar. Everything is compiled once into maps keyed
// by inflected word form, so coding a sentence never scans the dictionary.

// strList is a YAML scalar or sequence of scalars.
type strList []string

func (l *strList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = strList{n.Value}
		return nil
	case yaml.SequenceNode:
		out := make(strList, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: want a word, got a %s", c.Line, kindName(c.Kind))
			}
			out = append(out, c.Value)
		}
		*l = out
		return nil
	}
	return fmt.Errorf("line %d: want a word or a list of words", n.Line)
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

// patternSpec is one conditioned sub-pattern of a verb or noun (YAML form).
type patternSpec struct {
	Object     strList `yaml:"object"`      // object head in these words/$classes
	Mod        strList `yaml:"mod"`         // a word before the head (nouns) in these
	Prep       strList `yaml:"prep"`        // a prepositional phrase with one of these prepositions follows
	PObj       strList `yaml:"pobj"`        // ... whose head is in these words/$classes
	Particle   string  `yaml:"particle"`    // the verb's particle
	Passive    *bool   `yaml:"passive"`     // the verb group is (not) passive
	SourceRole strList `yaml:"source_role"` // the source actor has one of these roles
	Needs      strList `yaml:"needs"`       // "target": the pattern needs a target actor
	Compound   *bool   `yaml:"compound"`    // the subject is (not) two or more actors
	Mentions   strList `yaml:"mentions"`    // a word of these words/$classes follows the verb in its clause
	Label      strList `yaml:"label"`       // the phrase labelling the object ("called X a crime", "X as a threat") is in these
	Code       string  `yaml:"code"`        // the code when matched; "none": not an event
	Target     strList `yaml:"target"`      // override of the entry's target slots
	Source     strList `yaml:"source"`      // override of the entry's source slots
	Joint      *bool   `yaml:"joint"`       // override of the entry's joint flag
	Reverse    string  `yaml:"reverse"`     // code of the converse event, target → source (host ↔ visit)
	Kind       string  `yaml:"kind"`        // override of the entry's kind
	Line       int     `yaml:"-"`
}

// entrySpec is one verb or noun entry (YAML form).
type entrySpec struct {
	Verb   strList `yaml:"verb"`
	Noun   strList `yaml:"noun"`
	Code   string  `yaml:"code"`
	Kind   string  `yaml:"kind"`
	Refine string  `yaml:"refine"` // how a complement's code refines this one (a refine map)
	// Complement says what a content verb's complement is: "hypothetical"
	// (default: threatened, urged, accused acts) or "negated" (denied, refused).
	Complement string `yaml:"complement"`
	// RefineOnly: the verb is an event only when its complement's act
	// refines its code ("determined that X committed genocide" accuses X;
	// "determined that the talks were useful" is no event).
	RefineOnly bool    `yaml:"refine_only"`
	Target     strList `yaml:"target"`
	Source     strList `yaml:"source"`
	Joint      bool    `yaml:"joint"`
	// Reverse is the code of the converse event coded with every event of
	// the entry: "X hosted Y" (043) is also "Y visited X" (042).
	Reverse string        `yaml:"reverse"`
	When    []patternSpec `yaml:"when"`
	Note    string        `yaml:"note"`
	Line    int           `yaml:"-"`
}

// fileSpec is one verbs file.
type fileSpec struct {
	Verbs       []entrySpec                  `yaml:"verbs"`
	Nouns       []entrySpec                  `yaml:"nouns"`
	Classes     map[string]strList           `yaml:"classes"`
	Irregular   map[string]strList           `yaml:"irregular"` // verb → [past, participle]
	Plurals     map[string]string            `yaml:"plurals"`   // singular → plural ("" = none)
	Doubling    strList                      `yaml:"doubling"`  // multi-syllable verbs doubling their last consonant
	Words       map[string]strList           `yaml:"words"`     // function-word lists of the grammar
	Refine      map[string]map[string]string `yaml:"refine"`    // map name → code prefix of a complement's act → code
	Unsupported map[string]interface{}       `yaml:",inline"`   // unknown keys: reported
}

// kind is how a verb behaves towards its complement clause.
type kind uint8

const (
	kEvent    kind = iota // an event verb: coded with its own code
	kReport               // say, report, announce: the complement is the reported event
	kLight                // hold, conduct, launch: the object noun carries the event
	kIntent               // plan, vow, offer to: the complement is a stated intent
	kSame                 // agree, decide, vote to: the complement happens (decided)
	kNegative             // refrain from, fail to: the complement did not happen
	kHypo                 // be expected to, be likely to: the complement may happen
	kControl              // order, instruct X to: the complement is coded, done by the subject
	kContent              // warn, accuse, urge, deny: coded itself; its complement is not a fact
	kEventive             // take place, begin: a nominal subject is the event
	kCopula               // be ready, be on alert: the adjective or PP carries the event
	kCease                // stop, halt: the complement act ends (coded through its refine map)
	kCause                // prompt, force X to V: X does V (coded as done, X its subject)
)

var kindByName = map[string]kind{
	"": kEvent, "event": kEvent, "report": kReport, "light": kLight, "intent": kIntent,
	"same": kSame, "negative": kNegative, "hypothetical": kHypo, "control": kControl,
	"content": kContent, "eventive": kEventive, "copula": kCopula, "cease": kCease, "cause": kCause,
}

// classSet is a set of noun classes (bit i = class i).
type classSet [2]uint64

func (s *classSet) add(i int)          { s[i>>6] |= 1 << (i & 63) }
func (s classSet) has(i int) bool      { return s[i>>6]&(1<<(i&63)) != 0 }
func (s classSet) any(o classSet) bool { return s[0]&o[0] != 0 || s[1]&o[1] != 0 }
func (s classSet) empty() bool         { return s[0] == 0 && s[1] == 0 }
func (s *classSet) union(o classSet)   { s[0] |= o[0]; s[1] |= o[1] }

const maxClasses = 128

// wordSet matches a noun phrase head: single word forms, multiword phrases
// keyed by their last word, and noun classes.
type wordSet struct {
	actor  bool // "$actor": the head is an actor mention
	igo    bool // "$igo": the head is an international organisation
	person bool // "$person": the head is a person or people actor ("Americans", a named reporter)
	place  bool // "$place": the head is a named place or a capital ("Goma", "Damascus")
	// labels only: "$quoted", a label in quotation marks ("called him a
	// 'race-baiting politician'"); "$any", any label phrase at all
	quoted, anyLabel bool
	classes          classSet
	words            map[string]bool       // single forms
	multi            map[string][][]string // last word → preceding words (each lower-case)
}

func (w *wordSet) empty() bool {
	return w == nil || (!w.actor && !w.igo && !w.person && !w.place && !w.quoted && !w.anyLabel && w.classes.empty() && len(w.words) == 0 && len(w.multi) == 0)
}

// pattern is a compiled sub-pattern: conditions, then what a match yields.
type pattern struct {
	object, mod, pobj *wordSet
	mentions, label   *wordSet
	prep              []string
	particle          []string
	passive           int8 // 0 any, 1 passive only, -1 active only
	compound          int8 // 0 any, 1 compound subject only, -1 single only
	sourceRole        []string
	needsTarget       bool
	code              string // "" = not an event ("none")
	target, source    []string
	joint             bool
	reverse           string // code of the converse event, or ""
	where             string // file:line, the Pattern provenance
}

// conditional reports whether the pattern has any condition.
func (p *pattern) conditional() bool {
	return p.object != nil || p.mod != nil || p.pobj != nil || p.mentions != nil || p.label != nil || len(p.prep) > 0 ||
		len(p.particle) > 0 || p.passive != 0 || p.compound != 0 || len(p.sourceRole) > 0 || p.needsTarget
}

// entry is everything the dictionary says about one lemma ("blow up",
// "air strike"), merged over every file and entry that names it.
type entry struct {
	lemma    string // "blow up", "air strike"
	head     string // the word that is inflected and looked up: "blow", "strike"
	particle []string
	pre      []string // words before the head for multiword nouns ("air")

	// pats are the event patterns: conditioned ones in file order, then the
	// unconditioned defaults (coded before "none").
	pats     []*pattern
	defaults []*pattern

	report   bool // a clause complement is a reported event
	light    bool // an event noun as object carries the event
	eventive bool // a nominal subject's event takes place
	copula   bool // "be ready": be + the particle word
	// cease is the refine map of a verb ending an act ("stopped shelling"
	// 087, "halted arms deliveries" 1622), or nil
	cease map[string]string
	// xcomp is how a to-infinitive, gerund or clause complement is read:
	// kIntent, kSame, kNegative, kHypo, kControl, kContent, or kEvent when
	// the verb frames none.
	xcomp      kind
	refine     map[string]string // the complement's code → this verb's code
	negComp    bool              // a content verb whose complement is negated (deny, refuse)
	refineOnly bool              // coded only when the complement's act refines the code
	xjoint     bool              // a joint frame: its compound subject acts on each other ("agreed to")
	where      string
}

// lexicon is the compiled dictionary.
type lexicon struct {
	verbs      map[string][]*entry // inflected form → entries (with and without particles)
	nouns      map[string][]*entry // noun form → entries
	byVerb     map[string]*entry   // lemma → entry
	byNoun     map[string]*entry
	classNames []string
	classIdx   map[string]int
	classOf    map[string]classSet     // single-word form → classes
	classMulti map[string][]multiClass // last word → multiword class members
	words      map[string]map[string]bool
	refine     map[string]map[string]string
	irr        *irregular
	nEntries   int
}

type multiClass struct {
	pre     []string
	classes classSet
}

// Function-word lists the grammar needs; each must be present in the data.
var requiredWords = []string{
	"negators", "hypothetical_modals", "future_modals", "conditionals",
	"partitives", "locative_preps", "complementizers", "relatives", "subordinators",
	"alleged", "pronouns_it", "pronouns_they", "pronouns_person", "country_nouns",
	"person_nouns", "no_nouns", "preps", "be", "have", "do", "intensifiers", "targetless_codes",
}

// Refine maps the code needs.
var requiredRefine = []string{"intent", "cease"}

// loadLexicon reads every .yaml file of the embedded verbs folder, then of
// dir when it is not "", and compiles them. User entries for a lemma already
// known are added before the embedded ones, so they win.
func loadLexicon(dir string) (*lexicon, error) {
	var specs []namedSpec
	embedded, err := readSpecs(data.FS, "verbs")
	if err != nil {
		return nil, err
	}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("verbs directory: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("verbs directory %s is not a directory; pass a folder of .yaml files", dir)
		}
		user, err := readSpecs(os.DirFS(dir), ".")
		if err != nil {
			return nil, err
		}
		for i := range user {
			user[i].name = filepath.Join(dir, user[i].name)
		}
		specs = append(specs, user...)
	}
	specs = append(specs, embedded...)
	return compile(specs)
}

type namedSpec struct {
	name string
	spec *fileSpec
	node *yaml.Node
}

func readSpecs(fsys fs.FS, root string) ([]namedSpec, error) {
	var out []namedSpec
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("reading verbs folder: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		p := path.Join(root, e.Name())
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		var node yaml.Node
		if err := yaml.Unmarshal(b, &node); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		spec := &fileSpec{}
		if err := node.Decode(spec); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if len(spec.Unsupported) > 0 {
			keys := make([]string, 0, len(spec.Unsupported))
			for k := range spec.Unsupported {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return nil, fmt.Errorf("%s: unknown section(s) %s; the sections are verbs, nouns, classes, irregular, plurals, doubling, words, refine (see data/verbs/README.md)", p, strings.Join(keys, ", "))
		}
		attachLines(&node, spec)
		out = append(out, namedSpec{name: p, spec: spec, node: &node})
	}
	return out, nil
}

// attachLines records the YAML line of every pattern so that an event can
// cite the dictionary line that produced it.
func attachLines(doc *yaml.Node, spec *fileSpec) {
	if len(doc.Content) == 0 {
		return
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, val := top.Content[i].Value, top.Content[i+1]
		var list []entrySpec
		switch key {
		case "verbs":
			list = spec.Verbs
		case "nouns":
			list = spec.Nouns
		default:
			continue
		}
		for j, item := range val.Content {
			if j >= len(list) {
				break
			}
			for k := 0; k+1 < len(item.Content); k += 2 {
				if item.Content[k].Value != "when" {
					continue
				}
				for m, p := range item.Content[k+1].Content {
					if m < len(list[j].When) {
						list[j].When[m].Line = p.Line
					}
				}
			}
			list[j].Line = item.Line
		}
	}
}

func compile(specs []namedSpec) (*lexicon, error) {
	lx := &lexicon{
		verbs:      map[string][]*entry{},
		nouns:      map[string][]*entry{},
		byVerb:     map[string]*entry{},
		byNoun:     map[string]*entry{},
		classIdx:   map[string]int{},
		classOf:    map[string]classSet{},
		classMulti: map[string][]multiClass{},
		words:      map[string]map[string]bool{},
		refine:     map[string]map[string]string{},
		irr:        &irregular{verbs: map[string][2]string{}, nouns: map[string]string{}, double: map[string]bool{}},
	}
	var errs []error
	// Pass 1: morphology, word lists, intent map, class names.
	for _, ns := range specs {
		s := ns.spec
		for v, pp := range s.Irregular {
			if len(pp) != 2 {
				errs = append(errs, fmt.Errorf("%s: irregular %q: want [past, participle]", ns.name, v))
				continue
			}
			if _, ok := lx.irr.verbs[v]; !ok {
				lx.irr.verbs[v] = [2]string{pp[0], pp[1]}
			}
		}
		for sg, pl := range s.Plurals {
			if _, ok := lx.irr.nouns[sg]; !ok {
				lx.irr.nouns[sg] = pl
			}
		}
		for _, v := range s.Doubling {
			lx.irr.double[v] = true
		}
		for name, list := range s.Words {
			m := lx.words[name]
			if m == nil {
				m = map[string]bool{}
				lx.words[name] = m
			}
			for _, w := range list {
				w = strings.ToLower(w)
				m[w] = true
				// noun lists hold singulars; their plurals count too
				// ("sections of two roads")
				if !strings.ContainsAny(w, "'$") {
					for _, f := range lx.irr.nounForms(w) {
						m[f] = true
					}
				}
			}
		}
		for name, m := range s.Refine {
			dst := lx.refine[name]
			if dst == nil {
				dst = map[string]string{}
				lx.refine[name] = dst
			}
			for k, v := range m {
				if !cameo.Valid(v) {
					errs = append(errs, fmt.Errorf("%s: refine %s: %s → %q is not a CAMEO code", ns.name, name, k, v))
				}
				if _, ok := dst[k]; !ok {
					dst[k] = v
				}
			}
		}
		names := make([]string, 0, len(s.Classes))
		for name := range s.Classes {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if _, ok := lx.classIdx[name]; !ok {
				if len(lx.classNames) >= maxClasses {
					errs = append(errs, fmt.Errorf("%s: more than %d noun classes", ns.name, maxClasses))
					continue
				}
				lx.classIdx[name] = len(lx.classNames)
				lx.classNames = append(lx.classNames, name)
			}
		}
	}
	for _, w := range requiredWords {
		if lx.words[w] == nil {
			errs = append(errs, fmt.Errorf("verbs data: the word list %q is missing (see data/verbs/README.md)", w))
		}
	}
	for _, r := range requiredRefine {
		if lx.refine[r] == nil {
			errs = append(errs, fmt.Errorf("verbs data: the refine map %q is missing (see data/verbs/README.md)", r))
		}
	}
	// Pass 2: class members (may name other classes with $).
	for _, ns := range specs {
		for name, members := range ns.spec.Classes {
			ci := lx.classIdx[name]
			for _, m := range members {
				if strings.HasPrefix(m, "$") {
					continue // resolved below
				}
				lx.addClassMember(strings.ToLower(m), ci)
			}
		}
	}
	// class-in-class inclusion: a member "$weapon" adds every weapon word,
	// transitively (repeat until nothing changes).
	for changed := true; changed; {
		changed = false
		for _, ns := range specs {
			for name, members := range ns.spec.Classes {
				ci := lx.classIdx[name]
				for _, m := range members {
					if !strings.HasPrefix(m, "$") {
						continue
					}
					sub, ok := lx.classIdx[m[1:]]
					if !ok {
						errs = append(errs, fmt.Errorf("%s: class %s includes unknown class %s", ns.name, name, m))
						continue
					}
					for w, cs := range lx.classOf {
						if cs.has(sub) && !cs.has(ci) {
							cs.add(ci)
							lx.classOf[w] = cs
							changed = true
						}
					}
					for _, list := range lx.classMulti {
						for i := range list {
							if list[i].classes.has(sub) && !list[i].classes.has(ci) {
								list[i].classes.add(ci)
								changed = true
							}
						}
					}
				}
			}
		}
		if len(errs) > 0 {
			break
		}
	}
	// Pass 3: entries.
	for _, ns := range specs {
		for i := range ns.spec.Verbs {
			if err := lx.addEntry(ns.name, &ns.spec.Verbs[i], true); err != nil {
				errs = append(errs, err)
			}
		}
		for i := range ns.spec.Nouns {
			if err := lx.addEntry(ns.name, &ns.spec.Nouns[i], false); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	lx.finish()
	return lx, nil
}

func (lx *lexicon) addClassMember(m string, ci int) {
	for _, f := range lx.irr.nounForms(m) {
		words := strings.Fields(f)
		if len(words) == 1 {
			cs := lx.classOf[f]
			cs.add(ci)
			lx.classOf[f] = cs
			continue
		}
		last := words[len(words)-1]
		pre := words[:len(words)-1]
		list := lx.classMulti[last]
		found := false
		for i := range list {
			if equalWords(list[i].pre, pre) {
				list[i].classes.add(ci)
				found = true
			}
		}
		if !found {
			var cs classSet
			cs.add(ci)
			list = append(list, multiClass{pre: pre, classes: cs})
		}
		lx.classMulti[last] = list
	}
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var validSlots = map[string]bool{"subject": true, "object": true, "poss": true, "comp": true, "any": true, "none": true,
	"reporter": true, "executive": true, "main": true, "label": true, "subjectnp": true}

func (lx *lexicon) checkSlots(where string, slots []string) error {
	for _, s := range slots {
		if validSlots[s] || lx.words["preps"][s] {
			continue
		}
		return fmt.Errorf("%s: unknown slot %q: use subject, object, poss, comp, any, reporter, executive, main, none or a preposition listed in words.preps", where, s)
	}
	return nil
}

func (lx *lexicon) wordSet(where string, list []string) (*wordSet, error) {
	if len(list) == 0 {
		return nil, nil
	}
	ws := &wordSet{}
	for _, w := range list {
		w = strings.ToLower(strings.TrimSpace(w))
		// Markers that stand for a kind of word rather than a word.
		if flag := map[string]*bool{"$actor": &ws.actor, "$igo": &ws.igo, "$person": &ws.person,
			"$place": &ws.place, "$quoted": &ws.quoted, "$any": &ws.anyLabel}[w]; flag != nil {
			*flag = true
			continue
		}
		if strings.HasPrefix(w, "$") {
			ci, ok := lx.classIdx[w[1:]]
			if !ok {
				return nil, fmt.Errorf("%s: unknown noun class %s (classes are defined under classes:)", where, w)
			}
			ws.classes.add(ci)
			continue
		}
		for _, f := range lx.irr.nounForms(w) {
			parts := strings.Fields(f)
			if len(parts) == 1 {
				if ws.words == nil {
					ws.words = map[string]bool{}
				}
				ws.words[f] = true
				continue
			}
			if ws.multi == nil {
				ws.multi = map[string][][]string{}
			}
			last := parts[len(parts)-1]
			ws.multi[last] = append(ws.multi[last], parts[:len(parts)-1])
		}
	}
	return ws, nil
}

func (lx *lexicon) addEntry(file string, es *entrySpec, isVerb bool) error {
	lemmas := es.Verb
	what := "verb"
	if !isVerb {
		lemmas, what = es.Noun, "noun"
	}
	where := fmt.Sprintf("%s:%d", file, es.Line)
	if len(lemmas) == 0 {
		return fmt.Errorf("%s: entry without %s", where, what)
	}
	if len(es.Verb) > 0 && len(es.Noun) > 0 {
		return fmt.Errorf("%s: an entry has verb or noun, not both", where)
	}
	k, ok := kindByName[es.Kind]
	if !ok {
		return fmt.Errorf("%s: unknown kind %q (event, report, light, intent, same, negative, hypothetical, control, content, eventive, copula, cease, cause)", where, es.Kind)
	}
	if !isVerb && k != kEvent {
		return fmt.Errorf("%s: nouns take no kind", where)
	}
	if err := lx.checkSlots(where, es.Target); err != nil {
		return err
	}
	if err := lx.checkSlots(where, es.Source); err != nil {
		return err
	}
	var refine map[string]string
	if es.Refine != "" {
		if refine = lx.refine[es.Refine]; refine == nil {
			return fmt.Errorf("%s: unknown refine map %q (defined under refine:)", where, es.Refine)
		}
	}
	switch es.Complement {
	case "", "hypothetical", "negated":
	default:
		return fmt.Errorf("%s: complement must be hypothetical or negated, not %q", where, es.Complement)
	}
	if es.Code == "" && len(es.When) == 0 && (k == kEvent || k == kContent && !es.RefineOnly || k == kCopula) {
		return fmt.Errorf("%s: %s %q has no code and no patterns", where, what, lemmas[0])
	}
	var pats []*pattern
	for _, ps := range es.When {
		pw := fmt.Sprintf("%s:%d", file, ps.Line)
		p := &pattern{where: pw, joint: es.Joint, target: es.Target, source: es.Source, reverse: es.Reverse}
		if ps.Reverse != "" {
			p.reverse = ps.Reverse
		} else if ps.Code != "" && ps.Code != es.Code {
			p.reverse = "" // a pattern with a code of its own has no converse by default
		}
		if p.reverse != "" && !cameo.Valid(p.reverse) {
			return fmt.Errorf("%s: reverse %q is not a CAMEO code", pw, p.reverse)
		}
		if ps.Particle != "" {
			p.particle = strings.Fields(strings.ToLower(ps.Particle))
		}
		var err error
		if p.object, err = lx.wordSet(pw, ps.Object); err != nil {
			return err
		}
		if p.mod, err = lx.wordSet(pw, ps.Mod); err != nil {
			return err
		}
		if p.pobj, err = lx.wordSet(pw, ps.PObj); err != nil {
			return err
		}
		if p.mentions, err = lx.wordSet(pw, ps.Mentions); err != nil {
			return err
		}
		if p.label, err = lx.wordSet(pw, ps.Label); err != nil {
			return err
		}
		for _, pr := range ps.Prep {
			if !lx.words["preps"][pr] {
				return fmt.Errorf("%s: %q is not a preposition listed in words.preps", pw, pr)
			}
			p.prep = append(p.prep, pr)
		}
		if len(ps.PObj) > 0 && len(ps.Prep) == 0 {
			return fmt.Errorf("%s: pobj needs prep", pw)
		}
		if ps.Passive != nil {
			p.passive = -1
			if *ps.Passive {
				p.passive = 1
			}
		}
		if ps.Compound != nil {
			p.compound = -1
			if *ps.Compound {
				p.compound = 1
			}
		}
		p.sourceRole = ps.SourceRole
		for _, n := range ps.Needs {
			if n != "target" {
				return fmt.Errorf("%s: needs: only \"target\" is known", pw)
			}
			p.needsTarget = true
		}
		code := ps.Code
		if code == "" {
			code = es.Code
		}
		if code != "none" && code != "" && !cameo.Valid(code) {
			return fmt.Errorf("%s: %q is not a CAMEO code", pw, code)
		}
		if code != "none" {
			p.code = code
		}
		if ps.Target != nil {
			if err := lx.checkSlots(pw, ps.Target); err != nil {
				return err
			}
			p.target = ps.Target
		}
		if ps.Source != nil {
			if err := lx.checkSlots(pw, ps.Source); err != nil {
				return err
			}
			p.source = ps.Source
		}
		if ps.Joint != nil {
			p.joint = *ps.Joint
		}
		if ps.Kind != "" {
			return fmt.Errorf("%s: kind belongs to the entry, not to a pattern", pw)
		}
		pats = append(pats, p)
	}
	explicitDefault := false
	for _, p := range pats {
		if !p.conditional() {
			explicitDefault = true // the entry says itself what an unconditioned use is
		}
	}
	if es.Code != "" && !explicitDefault {
		code := es.Code
		if code != "none" && !cameo.Valid(code) {
			return fmt.Errorf("%s: %q is not a CAMEO code", where, code)
		}
		if code == "none" {
			code = ""
		}
		if es.Reverse != "" && !cameo.Valid(es.Reverse) {
			return fmt.Errorf("%s: reverse %q is not a CAMEO code", where, es.Reverse)
		}
		pats = append(pats, &pattern{where: where, code: code, joint: es.Joint, target: es.Target, source: es.Source, reverse: es.Reverse})
	}
	for _, lemma := range lemmas {
		lemma = strings.ToLower(strings.Join(strings.Fields(lemma), " "))
		words := strings.Fields(lemma)
		if len(words) == 0 {
			return fmt.Errorf("%s: empty %s", where, what)
		}
		index, forms := lx.byNoun, lx.nouns
		if isVerb {
			index, forms = lx.byVerb, lx.verbs
		}
		e := index[lemma]
		if e == nil {
			e = &entry{lemma: lemma, where: where}
			if isVerb {
				e.head, e.particle = words[0], words[1:]
				for _, f := range lx.irr.verbForms(e.head) {
					forms[f] = append(forms[f], e)
				}
			} else {
				e.head, e.pre = words[len(words)-1], words[:len(words)-1]
				for _, f := range lx.irr.nounForms(e.head) {
					forms[f] = append(forms[f], e)
				}
			}
			index[lemma] = e
			lx.nEntries++
		}
		switch k {
		case kReport:
			e.report = true
		case kLight:
			e.light = true
		case kEventive:
			e.eventive = true
		case kContent:
			e.xcomp, e.refine, e.negComp = kContent, refine, es.Complement == "negated"
			e.refineOnly = es.RefineOnly
		case kIntent, kSame, kNegative, kHypo, kControl, kCause:
			if e.xcomp == kEvent {
				e.xcomp, e.refine, e.xjoint = k, refine, es.Joint
			}
		case kCopula:
			e.copula = true
		case kCease:
			if refine == nil {
				return fmt.Errorf("%s: a cease verb needs refine: the map from the ended act to the code of ending it", where)
			}
			e.cease = refine
		}
		for _, p := range pats {
			if p.conditional() {
				e.pats = append(e.pats, p)
			} else {
				e.defaults = append(e.defaults, p)
			}
		}
	}
	return nil
}

// finish orders every entry's defaults (coded ones before "none") after
// its conditioned patterns and sorts entries with particles first, so the
// most specific reading of a word is tried first.
func (lx *lexicon) finish() {
	for _, idx := range []map[string]*entry{lx.byVerb, lx.byNoun} {
		for _, e := range idx {
			sort.SliceStable(e.defaults, func(i, j int) bool { return e.defaults[i].code != "" && e.defaults[j].code == "" })
			e.pats = append(e.pats, e.defaults...)
			e.defaults = nil
		}
	}
	for _, forms := range []map[string][]*entry{lx.verbs, lx.nouns} {
		for f, list := range forms {
			sort.SliceStable(list, func(i, j int) bool {
				return len(list[i].particle)+len(list[i].pre) > len(list[j].particle)+len(list[j].pre)
			})
			forms[f] = list
		}
	}
}

// classesOf returns the noun classes of a head word given the lower-case
// words before it in its phrase (for multiword members).
func (lx *lexicon) classesOf(head string, before []string) classSet {
	cs := lx.classOf[head]
	for _, mc := range lx.classMulti[head] {
		if endsWith(before, mc.pre) {
			cs.union(mc.classes)
		}
	}
	return cs
}

func endsWith(words, suffix []string) bool {
	if len(suffix) > len(words) {
		return false
	}
	off := len(words) - len(suffix)
	for i, s := range suffix {
		if words[off+i] != s {
			return false
		}
	}
	return true
}

// match reports whether a phrase head (with its preceding words and
// classes) is in the set.
func (w *wordSet) match(head string, before []string, cs classSet) bool {
	if w == nil {
		return true
	}
	if w.words[head] || w.classes.any(cs) {
		return true
	}
	for _, pre := range w.multi[head] {
		if endsWith(before, pre) {
			return true
		}
	}
	return false
}

// is reports whether w is in the named function-word list.
func (lx *lexicon) is(list, w string) bool { return lx.words[list][w] }

// targetless reports whether a code may be coded with no target.
func (lx *lexicon) targetless(code string) bool {
	for n := len(code); n >= 2; n-- {
		if lx.words["targetless_codes"][code[:n]] {
			return true
		}
	}
	return false
}

// refineCode maps the code of a complement's act through a refine map
// (intent: "will attack" 190 → 138; appeal: "urged X to negotiate" 046 →
// 026) by the longest code prefix listed; codes with no entry stay as they
// are (a threat stated is still a threat).
func refineCode(m map[string]string, code string) (string, bool) {
	for n := len(code); n >= 2; n-- {
		if c, ok := m[code[:n]]; ok {
			return c, true
		}
	}
	return code, false
}
