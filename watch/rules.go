package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/data"
	"github.com/vigil-ews/vigil/watch/phrase"
	"github.com/vigil-ews/vigil/watch/yamlx"
)

// RulesDir is the folder of data.FS that holds the default rules.
const RulesDir = "rules"

// MaxWindow is the longest window a rule may have. It bounds how much
// evidence the watcher keeps per dyad.
const MaxWindow = 366

// Effect says what a rule does when it holds.
type Effect int

const (
	// Raise creates or raises a warning for the dyad.
	Raise Effect = iota
	// Lower lowers the dyad's warnings (both directions): de-escalation.
	Lower
)

// Rule is one indicator rule: a set of indicator steps that, seen between
// the two sides of a dyad within a window, raise (or lower) a warning.
type Rule struct {
	Name        string
	Title       string
	Description string
	Effect      Effect
	// Levels maps numbers of distinct steps to levels, fewest first; the
	// first entry is the rule's min_steps and level.
	Levels []LevelAt
	// Window is how many days the steps must fall within.
	Window int
	// Ordered rules need their steps in the listed order (by date; steps
	// on the same day may come in any order).
	Ordered bool
	// Undirected rules look at a pair of states as one: every step may be
	// shown by either side, and the warning names the pair in alphabetical
	// order. For mutual patterns (alliance building, de-escalation).
	Undirected bool
	// Hold is how many days a warning keeps its score after its latest
	// evidence (default: the window, while the evidence is current), and
	// HalfLife how many days it then takes the score to halve.
	Hold     int
	HalfLife int
	// Lowers (Lower rules) is how many levels a de-escalation takes off,
	// and Applies the rules it lowers (empty: every Raise rule).
	Lowers  int
	Applies []string
	// Surprise (Raise rules) makes a step count only when it is seen more
	// than usual for the dyad: more than Surprise × its expected count in
	// the window. 0 counts every step; see surprise.go.
	Surprise float64
	// MinDirect is how many of the steps seen must be shown by an event
	// between the two sides themselves, not by untargeted events tied to
	// the dyad (default 1): an army's alert on one border says little
	// about a third state it accused once.
	MinDirect int
	Steps     []Step

	File string // where the rule was read from
	Line int
}

// LevelAt is one rung of a rule's ladder: Steps distinct steps give Level.
type LevelAt struct {
	Steps int
	Level Level
}

// MinSteps is the number of distinct steps the rule needs to hold.
func (r *Rule) MinSteps() int { return r.Levels[0].Steps }

// Step is one indicator: any of its clauses matching an event shows it.
type Step struct {
	Name string
	// Required steps must be among those seen for the rule to hold.
	Required bool
	Clauses  []Clause
}

// Side of a dyad.
const (
	BySource = "source" // the dyad's source acts (default)
	ByTarget = "target" // the dyad's target acts (toward the source)
	ByEither = "either"

	TowardCounterpart = "counterpart" // the event targets the other side (default)
	TowardNone        = "none"        // no target, or the actor's own country
	TowardAny         = "any"         // either of the above
)

// Clause is one way to show a step: the event's action (codes, roots,
// PLOVER types, quad classes: any listed), its actors (who acts, toward
// whom, roles and countries) and words of its sentence. Empty fields do not
// filter.
type Clause struct {
	// Codes match the event code or any code under it ("138" matches 1384).
	Codes  []string
	Roots  []string
	PLOVER []string
	Quad   []int
	By     string
	Toward string
	// Roles are actor roles (MIL, GOV...); Countries country codes.
	SourceRoles, TargetRoles         []string
	SourceCountries, TargetCountries []string
	// Words: the sentence must hold one of them; Without: none of them.
	Words, Without *phrase.Set
}

// Rules is a loaded set of rules.
type Rules struct {
	list []*Rule
}

// List returns the rules in load order (file name, then position).
func (rs *Rules) List() []*Rule { return rs.list }

// Rule returns a rule by name.
func (rs *Rules) Rule(name string) *Rule {
	for _, r := range rs.list {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// LoadRules reads the embedded default rules and, when dir is not "",
// every *.yaml file of dir. A rule in dir with the name of a default one
// replaces it. Every mistake is reported as "file:line: ...".
func LoadRules(dir string) (*Rules, error) {
	sub, err := fs.Sub(data.FS, RulesDir)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	srcs := []ruleSource{{sub, "data/" + RulesDir}}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("rules directory: %w (give --rules a folder of *.yaml files)", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("rules directory %s is not a folder (give --rules a folder of *.yaml files)", dir)
		}
		srcs = append(srcs, ruleSource{os.DirFS(dir), dir})
	}
	return loadRules(srcs)
}

// LoadRulesFS reads rules from the *.yaml files of fsys only; name
// prefixes file names in errors.
func LoadRulesFS(fsys fs.FS, name string) (*Rules, error) {
	return loadRules([]ruleSource{{fsys, name}})
}

type ruleSource struct {
	fsys fs.FS
	name string
}

func loadRules(srcs []ruleSource) (*Rules, error) {
	rs := &Rules{}
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
			rules, err := parseRuleFile(path.Join(s.name, f), b)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, r := range rules {
				if i := slices.IndexFunc(rs.list, func(x *Rule) bool { return x.Name == r.Name }); i >= 0 {
					if rs.list[i].File == r.File {
						errs = append(errs, fmt.Errorf("%s:%d: rule name %q used twice (first at line %d)", r.File, r.Line, r.Name, rs.list[i].Line))
						continue
					}
					rs.list[i] = r // a user rule replaces a default one
					continue
				}
				rs.list = append(rs.list, r)
			}
		}
	}
	// Lower rules must name rules that exist.
	for _, r := range rs.list {
		for _, a := range r.Applies {
			if t := rs.Rule(a); t == nil || t.Effect != Raise {
				errs = append(errs, fmt.Errorf("%s:%d: rule %q lowers %q, which is not a raising rule", r.File, r.Line, r.Name, a))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(rs.list) > 64 {
		// Steps are tracked in 64-bit masks per rule; rules themselves are not, but
		// keep the set small enough to evaluate per dyad per day.
		return nil, fmt.Errorf("rules: %d rules loaded; at most 64 are supported", len(rs.list))
	}
	return rs, nil
}

var (
	namePattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	countryPattern = regexp.MustCompile(`^([A-Z]{3}|IGO[A-Z]+)$`)
	windowPattern  = regexp.MustCompile(`^(\d+)\s*([dw]?)$`)
)

// Roles lists the actor roles of CODING.md that rules may name.
var Roles = []string{"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "MED", "BUS", "CVL"}

func parseRuleFile(file string, src []byte) ([]*Rule, error) {
	root, err := yamlx.Parse(file, src)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, nil
	}
	e := &yamlx.Errors{File: file}
	m := yamlx.Mapping(e, root, "a rule file", "rules")
	if m == nil {
		return nil, e.Err()
	}
	var out []*Rule
	for _, n := range m.Seq(e, "rules") {
		if r := parseRule(e, file, n); r != nil {
			out = append(out, r)
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

var ruleKeys = []string{"name", "title", "description", "effect", "level", "levels", "min_steps", "min_direct", "window", "ordered", "undirected", "half_life", "hold", "surprise", "lowers", "applies_to", "steps"}

func parseRule(e *yamlx.Errors, file string, n *yaml.Node) *Rule {
	before := e.Len()
	m := yamlx.Mapping(e, n, "a rule", ruleKeys...)
	if m == nil {
		return nil
	}
	r := &Rule{File: file, Line: n.Line}
	r.Name = m.String(e, "name", true)
	if r.Name != "" && !namePattern.MatchString(r.Name) {
		e.Addf(m.Get("name"), "rule name %q: use lower-case letters, digits and '-' (e.g. \"pre-offensive-posture\")", r.Name)
	}
	r.Title = m.String(e, "title", false)
	if r.Title == "" {
		r.Title = r.Name
	}
	r.Description = m.String(e, "description", false)
	switch eff := m.String(e, "effect", false); eff {
	case "", "raise":
		r.Effect = Raise
	case "lower":
		r.Effect = Lower
	default:
		e.Addf(m.Get("effect"), "effect must be raise or lower, not %q", eff)
	}
	r.Window = parseDays(e, m, "window", 0)
	if !m.Has("window") {
		e.Addf(n, "rule %q has no window (how many days its steps must fall within, e.g. window: 30d)", r.Name)
	} else if r.Window < 1 || r.Window > MaxWindow {
		e.Addf(m.Get("window"), "window must be 1 to %d days", MaxWindow)
	}
	r.HalfLife = parseDays(e, m, "half_life", max(r.Window/2, 1))
	if r.HalfLife < 1 {
		e.Addf(m.Get("half_life"), "half_life must be at least 1 day")
	}
	r.Hold = parseDays(e, m, "hold", r.Window)
	if r.Hold > MaxWindow {
		e.Addf(m.Get("hold"), "hold must be at most %d days", MaxWindow)
	}
	r.Ordered = m.Bool(e, "ordered", false)
	r.Undirected = m.Bool(e, "undirected", false)

	for _, sn := range m.Seq(e, "steps") {
		if s := parseStep(e, sn); s != nil {
			r.Steps = append(r.Steps, *s)
		}
	}
	if len(r.Steps) == 0 && m.Has("steps") || !m.Has("steps") {
		e.Addf(n, "rule %q has no steps", r.Name)
	}
	if len(r.Steps) > 16 {
		e.Addf(m.Get("steps"), "rule %q has %d steps; at most 16", r.Name, len(r.Steps))
	}
	names := map[string]bool{}
	for _, s := range r.Steps {
		if names[s.Name] {
			e.Addf(m.Get("steps"), "step name %q used twice in rule %q", s.Name, r.Name)
		}
		names[s.Name] = true
	}

	minSteps := m.Int(e, "min_steps", 1)
	if minSteps < 1 || (len(r.Steps) > 0 && minSteps > len(r.Steps)) {
		e.Addf(m.Get("min_steps"), "min_steps must be between 1 and the number of steps (%d)", len(r.Steps))
	}
	r.MinDirect = m.Int(e, "min_direct", 1)
	if r.MinDirect < 1 || r.MinDirect > max(minSteps, 1) {
		e.Addf(m.Get("min_direct"), "min_direct must be between 1 and min_steps (%d)", minSteps)
	}
	if r.Effect == Raise {
		lv, ok := ParseLevel(m.String(e, "level", true))
		if m.Has("level") && (!ok || lv == Ended) {
			e.Addf(m.Get("level"), "level must be watch, warning or alert, not %q", m.Get("level").Value)
		}
		r.Levels = []LevelAt{{Steps: minSteps, Level: lv}}
		if ln := m.Get("levels"); ln != nil {
			lm := yamlx.Mapping(e, ln, "levels (level: steps)", "watch", "warning", "alert")
			if lm != nil {
				for _, name := range []string{"watch", "warning", "alert"} {
					if !lm.Has(name) {
						continue
					}
					l, _ := ParseLevel(name)
					k := lm.Int(e, name, 0)
					if k <= minSteps || k > len(r.Steps) || l <= lv {
						e.Addf(lm.Get(name), "levels: %s needs a level above %s and more steps than min_steps (%d), at most %d", name, lv, minSteps, len(r.Steps))
						continue
					}
					r.Levels = append(r.Levels, LevelAt{Steps: k, Level: l})
				}
				for i := 1; i < len(r.Levels); i++ {
					if r.Levels[i].Steps <= r.Levels[i-1].Steps {
						e.Addf(ln, "levels: a higher level needs more steps")
					}
				}
			}
		}
		for _, k := range []string{"lowers", "applies_to"} {
			if m.Has(k) {
				e.Addf(m.Get(k), "%s is only for rules with effect: lower", k)
			}
		}
		r.Surprise = defaultSurprise
		if v := m.String(e, "surprise", false); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 100 {
				e.Addf(m.Get("surprise"), "surprise must be a number from 0 (count every step) to 100, not %q", v)
			}
			r.Surprise = f
		}
	} else {
		r.Levels = []LevelAt{{Steps: minSteps, Level: Ended}}
		r.Lowers = m.Int(e, "lowers", 1)
		if r.Lowers < 1 || r.Lowers > 3 {
			e.Addf(m.Get("lowers"), "lowers must be 1 to 3 levels")
		}
		r.Applies = m.Strings(e, "applies_to")
		for _, k := range []string{"level", "levels", "surprise"} {
			if m.Has(k) {
				e.Addf(m.Get(k), "%s is only for rules that raise warnings", k)
			}
		}
	}
	if e.Len() > before {
		return nil
	}
	return r
}

func parseDays(e *yamlx.Errors, m *yamlx.Map, key string, def int) int {
	s := m.String(e, key, false)
	if s == "" {
		return def
	}
	g := windowPattern.FindStringSubmatch(strings.ToLower(s))
	if g == nil {
		e.Addf(m.Get(key), "%s %q: write days as 30d (or weeks as 4w)", key, s)
		return def
	}
	n, _ := strconv.Atoi(g[1])
	if g[2] == "w" {
		n *= 7
	}
	return n
}

var clauseKeys = []string{"codes", "roots", "plover", "quad", "by", "toward", "source_role", "target_role", "source_country", "target_country", "words", "without"}

func parseStep(e *yamlx.Errors, n *yaml.Node) *Step {
	m := yamlx.Mapping(e, n, "a step", append([]string{"name", "required", "match"}, clauseKeys...)...)
	if m == nil {
		return nil
	}
	s := &Step{Name: m.String(e, "name", true), Required: m.Bool(e, "required", false)}
	inline := slices.ContainsFunc(clauseKeys, m.Has)
	switch {
	case m.Has("match") && inline:
		e.Addf(n, "step %q: give either match: (a list of clauses) or the clause keys directly, not both", s.Name)
	case m.Has("match"):
		for _, cn := range m.Seq(e, "match") {
			cm := yamlx.Mapping(e, cn, "a match clause", clauseKeys...)
			if cm != nil {
				if c := parseClause(e, cm, s.Name); c != nil {
					s.Clauses = append(s.Clauses, *c)
				}
			}
		}
	case inline:
		if c := parseClause(e, m, s.Name); c != nil {
			s.Clauses = append(s.Clauses, *c)
		}
	default:
		e.Addf(n, "step %q says nothing to match: give codes, roots, plover, words...", s.Name)
	}
	return s
}

func parseClause(e *yamlx.Errors, m *yamlx.Map, step string) *Clause {
	c := &Clause{By: BySource, Toward: TowardCounterpart}
	c.Codes = m.Strings(e, "codes")
	for _, code := range c.Codes {
		if !cameo.Valid(code) {
			e.Addf(m.Get("codes"), "unknown code %s (not in the CAMEO table)", code)
		}
	}
	c.Roots = m.Strings(e, "roots")
	for _, root := range c.Roots {
		if len(root) != 2 || !cameo.Valid(root) {
			e.Addf(m.Get("roots"), "unknown root %s (two digits, 01 to 20)", root)
		}
	}
	c.PLOVER = m.Strings(e, "plover")
	for _, p := range c.PLOVER {
		if !slices.Contains(cameo.PLOVERTypes, p) {
			e.Addf(m.Get("plover"), "unknown PLOVER type %s (known: %s)", p, strings.Join(cameo.PLOVERTypes, ", "))
		}
	}
	for _, q := range m.Strings(e, "quad") {
		i, err := strconv.Atoi(q)
		if err != nil || i < 1 || i > 4 {
			e.Addf(m.Get("quad"), "quad class %q: 1 to 4", q)
			continue
		}
		c.Quad = append(c.Quad, i)
	}
	if v := m.String(e, "by", false); v != "" {
		if v != BySource && v != ByTarget && v != ByEither {
			e.Addf(m.Get("by"), "by must be source, target or either, not %q", v)
		}
		c.By = v
	}
	if v := m.String(e, "toward", false); v != "" {
		if v != TowardCounterpart && v != TowardNone && v != TowardAny {
			e.Addf(m.Get("toward"), "toward must be counterpart, none or any, not %q", v)
		}
		c.Toward = v
	}
	for _, k := range []struct {
		key string
		dst *[]string
		ok  func(string) bool
		msg string
	}{
		{"source_role", &c.SourceRoles, func(s string) bool { return slices.Contains(Roles, s) }, "role (known: " + strings.Join(Roles, ", ") + ")"},
		{"target_role", &c.TargetRoles, func(s string) bool { return slices.Contains(Roles, s) }, "role (known: " + strings.Join(Roles, ", ") + ")"},
		{"source_country", &c.SourceCountries, countryPattern.MatchString, "country (ISO alpha-3, e.g. PRK, or an IGO code)"},
		{"target_country", &c.TargetCountries, countryPattern.MatchString, "country (ISO alpha-3, e.g. PRK, or an IGO code)"},
	} {
		*k.dst = m.Strings(e, k.key)
		for _, v := range *k.dst {
			if !k.ok(v) {
				e.Addf(m.Get(k.key), "unknown %s %q", k.msg, v)
			}
		}
	}
	if c.Toward == TowardNone && len(c.TargetRoles)+len(c.TargetCountries) > 0 {
		e.Addf(m.Node, "step %q: toward: none cannot filter the target", step)
	}
	var err error
	if w := m.Strings(e, "words"); len(w) > 0 {
		if c.Words, err = phrase.Compile(w); err != nil {
			e.Addf(m.Get("words"), "words: %v", err)
		}
	}
	if w := m.Strings(e, "without"); len(w) > 0 {
		if c.Without, err = phrase.Compile(w); err != nil {
			e.Addf(m.Get("without"), "without: %v", err)
		}
	}
	if len(c.Codes)+len(c.Roots)+len(c.PLOVER)+len(c.Quad) == 0 {
		e.Addf(m.Node, "step %q: a clause needs an action: codes, roots, plover or quad", step)
	}
	return c
}
