package alliance

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/data"
	"github.com/vigil-ews/vigil/watch/phrase"
	"github.com/vigil-ews/vigil/watch/yamlx"
)

// DataDir is the folder of data.FS that holds the register.
const DataDir = "treaties"

// Load reads the embedded register and, when dir is not "", every *.yaml
// file of dir on top of it. A treaty in dir with the ID of an embedded one
// replaces it; status rules and word lists in dir are added. Every mistake
// is reported with its file and line.
func Load(dir string) (*Register, error) {
	sub, err := fs.Sub(data.FS, DataDir)
	if err != nil {
		return nil, fmt.Errorf("treaty register: %w", err)
	}
	srcs := []source{{fsys: sub, name: "data/" + DataDir}}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("treaty directory: %w (give --treaties a folder of *.yaml files)", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("treaty directory %s is not a folder (give --treaties a folder of *.yaml files)", dir)
		}
		srcs = append(srcs, source{fsys: os.DirFS(dir), name: dir})
	}
	return load(srcs)
}

// LoadFS reads a register from the *.yaml files of fsys only (no embedded
// data); name prefixes file names in errors. Tests use it.
func LoadFS(fsys fs.FS, name string) (*Register, error) {
	return load([]source{{fsys: fsys, name: name}})
}

type source struct {
	fsys fs.FS
	name string
}

func load(srcs []source) (*Register, error) {
	r := &Register{byID: map[string]*Treaty{}}
	var generic, negations []string
	var errs []error
	for _, s := range srcs {
		files, err := fs.Glob(s.fsys, "*.yaml")
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := fs.ReadFile(s.fsys, f)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", path.Join(s.name, f), err)
			}
			fr, err := parseFile(path.Join(s.name, f), b)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, t := range fr.treaties {
				if old, dup := r.byID[t.ID]; dup {
					if old.File == t.File {
						errs = append(errs, fmt.Errorf("%s:%d: treaty id %q used twice in the file (first at line %d)", t.File, t.Line, t.ID, old.Line))
						continue
					}
					// A user file overrides an embedded treaty.
					r.treaties = slices.DeleteFunc(r.treaties, func(x *Treaty) bool { return x == old })
				}
				r.byID[t.ID] = t
				r.treaties = append(r.treaties, t)
			}
			r.rules = append(r.rules, fr.rules...)
			generic = append(generic, fr.generic...)
			negations = append(negations, fr.negations...)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.Slice(r.treaties, func(i, j int) bool { return r.treaties[i].ID < r.treaties[j].ID })
	r.index()
	var err error
	if r.generic, err = phrase.Compile(generic); err != nil {
		return nil, fmt.Errorf("treaty register: generic words: %w", err)
	}
	if r.negation, err = phrase.Compile(negations); err != nil {
		return nil, fmt.Errorf("treaty register: negations: %w", err)
	}
	return r, nil
}

type fileResult struct {
	treaties           []*Treaty
	rules              []statusRule
	generic, negations []string
}

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	statePattern = regexp.MustCompile(`^[A-Z]{3}$`)
	igoPattern   = regexp.MustCompile(`^IGO[A-Z]{2,}$`)
)

func parseFile(file string, src []byte) (*fileResult, error) {
	root, err := yamlx.Parse(file, src)
	if err != nil {
		return nil, err
	}
	out := &fileResult{}
	if root == nil {
		return out, nil
	}
	e := &yamlx.Errors{File: file}
	m := yamlx.Mapping(e, root, "a treaty file", "treaties", "status_events", "generic", "negations")
	if m == nil {
		return nil, e.Err()
	}
	for _, n := range m.Seq(e, "treaties") {
		if t := parseTreaty(e, file, n); t != nil {
			out.treaties = append(out.treaties, t)
		}
	}
	for _, n := range m.Seq(e, "status_events") {
		if r := parseStatusRule(e, n); r != nil {
			out.rules = append(out.rules, *r)
		}
	}
	out.generic = m.Strings(e, "generic")
	out.negations = m.Strings(e, "negations")
	if _, err := phrase.Compile(out.generic); err != nil && len(out.generic) > 0 {
		e.Addf(m.Get("generic"), "generic: %v", err)
	}
	if _, err := phrase.Compile(out.negations); err != nil && len(out.negations) > 0 {
		e.Addf(m.Get("negations"), "negations: %v", err)
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func parseTreaty(e *yamlx.Errors, file string, n *yaml.Node) *Treaty {
	before := e.Len()
	m := yamlx.Mapping(e, n, "a treaty", "id", "name", "short", "igo", "parties", "signed", "articles", "match", "notes", "sources", "status")
	if m == nil {
		return nil
	}
	t := &Treaty{File: file, Line: n.Line}
	t.ID = m.String(e, "id", true)
	if t.ID != "" && !idPattern.MatchString(t.ID) {
		e.Addf(m.Get("id"), "treaty id %q: use lower-case letters, digits, '-' and '.' (e.g. \"usa-kor-1953\")", t.ID)
	}
	t.Name = m.String(e, "name", true)
	t.Short = m.String(e, "short", false)
	t.IGO = m.String(e, "igo", false)
	if t.IGO != "" && !igoPattern.MatchString(t.IGO) {
		e.Addf(m.Get("igo"), "igo %q is not an IGO actor code (IGO + letters, e.g. IGOWSTNAT)", t.IGO)
	}
	t.Signed = m.Date(e, "signed", false)
	t.Notes = m.String(e, "notes", false)
	t.Sources = m.Strings(e, "sources")
	t.Match = m.Strings(e, "match")
	if s, err := phrase.Compile(t.Match); err != nil && len(t.Match) > 0 {
		e.Addf(m.Get("match"), "match: %v", err)
	} else {
		t.match = s
	}
	if !m.Has("parties") {
		e.Addf(n, "treaty %q has no parties", t.ID)
	}
	for _, pn := range m.Seq(e, "parties") {
		pm := yamlx.Mapping(e, pn, "a party", "state", "joined", "left", "note")
		if pm == nil {
			continue
		}
		p := Party{State: pm.String(e, "state", true), Joined: pm.Date(e, "joined", false), Left: pm.Date(e, "left", false), Note: pm.String(e, "note", false)}
		if p.State != "" && !statePattern.MatchString(p.State) {
			e.Addf(pm.Get("state"), "state %q is not an ISO 3166-1 alpha-3 code (three capital letters, e.g. KOR)", p.State)
		}
		if p.Joined != "" && p.Left != "" && p.Left < p.Joined {
			e.Addf(pn, "party %s left (%s) before it joined (%s)", p.State, p.Left, p.Joined)
		}
		t.Parties = append(t.Parties, p)
	}
	if len(t.States()) < 2 && m.Has("parties") {
		e.Addf(m.Get("parties"), "treaty %q needs at least two parties", t.ID)
	}
	for _, an := range m.Seq(e, "articles") {
		if a := parseArticle(e, t, an); a != nil {
			t.Articles = append(t.Articles, *a)
		}
	}
	for _, sn := range m.Seq(e, "status") {
		sm := yamlx.Mapping(e, sn, "a status entry", "date", "status", "party", "with", "note", "event", "sentence")
		if sm == nil {
			continue
		}
		en := Entry{TreatyStatus: vigil.TreatyStatus{
			Treaty:   t.ID,
			Date:     sm.Date(e, "date", true),
			Status:   sm.String(e, "status", true),
			Party:    sm.String(e, "party", false),
			EventID:  sm.String(e, "event", false),
			Sentence: sm.String(e, "sentence", false),
		}, With: sm.String(e, "with", false), Note: sm.String(e, "note", false)}
		if en.Status != "" && !slices.Contains(Statuses, en.Status) {
			e.Addf(sm.Get("status"), "unknown status %q (known: %s)", en.Status, strings.Join(Statuses, ", "))
		}
		for _, k := range []string{"party", "with"} {
			v := en.Party
			if k == "with" {
				v = en.With
			}
			if v != "" && !t.HasParty(v) {
				e.Addf(sm.Get(k), "%s %q is not a party of treaty %q", k, v, t.ID)
			}
		}
		if en.With != "" && en.Party == "" {
			e.Addf(sm.Get("with"), "\"with\" needs a \"party\": whose obligations toward %s changed?", en.With)
		}
		t.History = append(t.History, en)
	}
	if t.Signed == "" {
		for _, h := range t.History {
			if h.Status == Signed && h.Party == "" {
				t.Signed = h.Date
				break
			}
		}
	}
	sortHistory(t.History)
	if e.Len() > before {
		return nil
	}
	return t
}

func parseArticle(e *yamlx.Errors, t *Treaty, n *yaml.Node) *Article {
	m := yamlx.Mapping(e, n, "an article", "no", "obligation", "summary", "conditions", "bound", "protects")
	if m == nil {
		return nil
	}
	a := &Article{No: m.String(e, "no", false), Obligation: m.String(e, "obligation", true), Summary: m.String(e, "summary", false)}
	if !m.Has("no") {
		e.Addf(n, "article has no \"no\" (its number; write no: \"\" when it is not known)")
	}
	if a.Obligation != "" && !slices.Contains(Obligations, a.Obligation) {
		e.Addf(m.Get("obligation"), "unknown obligation %q (known: %s)", a.Obligation, strings.Join(Obligations, ", "))
	}
	for _, k := range []string{"bound", "protects"} {
		for _, s := range m.Strings(e, k) {
			if !t.HasParty(s) {
				e.Addf(m.Get(k), "%s lists %q, which is not a party of the treaty", k, s)
			}
			if k == "bound" {
				a.Bound = append(a.Bound, s)
			} else {
				a.Protects = append(a.Protects, s)
			}
		}
	}
	for _, cn := range m.Seq(e, "conditions") {
		cm := yamlx.Mapping(e, cn, "a condition (one of attack:, location:, adversary:, other:)", "attack", "location", "adversary", "other")
		if cm == nil {
			continue
		}
		n := 0
		for _, k := range []string{"attack", "location", "other"} {
			if cm.Has(k) {
				n++
				a.Conditions = append(a.Conditions, Condition{Kind: k, Text: cm.String(e, k, true)})
			}
		}
		if cm.Has("adversary") {
			n++
			adv := cm.Strings(e, "adversary")
			for _, s := range adv {
				if !statePattern.MatchString(s) {
					e.Addf(cm.Get("adversary"), "adversary %q is not an ISO 3166-1 alpha-3 code", s)
				}
			}
			a.Conditions = append(a.Conditions, Condition{Kind: "adversary", Adversaries: adv})
		}
		if n != 1 {
			e.Addf(cn, "a condition has exactly one of attack:, location:, adversary:, other:")
		}
	}
	return a
}

// statusRule says which events change a treaty's status, and how.
type statusRule struct {
	Status string
	Party  bool // the event's source country is the party that acted
	Codes  []string
	Words  *phrase.Set
}

func parseStatusRule(e *yamlx.Errors, n *yaml.Node) *statusRule {
	m := yamlx.Mapping(e, n, "a status event rule", "status", "party", "codes", "words")
	if m == nil {
		return nil
	}
	r := &statusRule{Status: m.String(e, "status", true), Codes: m.Strings(e, "codes")}
	if r.Status != "" && !slices.Contains(Statuses, r.Status) {
		e.Addf(m.Get("status"), "unknown status %q (known: %s)", r.Status, strings.Join(Statuses, ", "))
	}
	switch p := m.String(e, "party", false); p {
	case "":
	case "source":
		r.Party = true
	default:
		e.Addf(m.Get("party"), "party must be \"source\" (the event's source is the party that acted) or absent, not %q", p)
	}
	for _, c := range r.Codes {
		if !cameo.Valid(c) {
			e.Addf(m.Get("codes"), "unknown CAMEO code %q", c)
		}
	}
	words := m.Strings(e, "words")
	if len(words) == 0 {
		e.Addf(n, "status rule %q needs words: the sentence must say what happened", r.Status)
	}
	s, err := phrase.Compile(words)
	if err != nil {
		e.Addf(m.Get("words"), "words: %v", err)
	}
	r.Words = s
	return r
}

// sortHistory orders entries by date; on the same date, treaty-level
// signature first and entry into force after the parties' steps.
func sortHistory(h []Entry) {
	rank := func(s string) int {
		switch s {
		case Signed:
			return 0
		case InForce:
			return 2
		case Suspended, Resumed, Withdrawn, Expired:
			return 3
		}
		return 1
	}
	sort.SliceStable(h, func(i, j int) bool {
		if h[i].Date != h[j].Date {
			return h[i].Date < h[j].Date
		}
		return rank(h[i].Status) < rank(h[j].Status)
	})
}
