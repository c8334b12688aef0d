package actor

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/vigil-ews/vigil/data"
)

// The files a knowledge base is made of. A user directory may hold any of
// them (or several files per kind: "people-extra.yaml" is read as people);
// see data/actors/README.md for their formats.
var fileKinds = []string{"lookalikes", "contexts", "roles", "countries", "places", "collectives", "metonyms", "organisations", "igos", "groups", "people"}

// tsvKinds are the file kinds written as TSV; the others are YAML.
func tsvKind(kind string) bool { return kind == "countries" || kind == "places" }

// rawKB is the parsed content of one directory, before it is built into a
// trie. Entries keep their file:line so errors and rules can point at them.
type rawKB struct {
	look        rawLook
	contexts    []rawContext
	roles       rawRoles
	countries   []rawCountry
	places      []rawPlace
	collectives []rawCollective
	metonyms    []rawNamed
	orgs        []rawNamed
	igos        []rawNamed
	groups      []rawNamed
	people      []rawPerson
}

type rawLook struct {
	Capitalised   []string       `yaml:"capitalised"`
	FunctionWords []string       `yaml:"function_words"`
	NameWords     []string       `yaml:"name_words"`
	NotActors     []string       `yaml:"not_actors"`
	PrefixBlocks  []string       `yaml:"prefix_blocks"`
	HyphenKeep    []string       `yaml:"hyphen_keep"`
	HyphenDrop    []string       `yaml:"hyphen_drop"`
	HyphenCountry []string       `yaml:"hyphen_country"`
	HyphenState   []string       `yaml:"hyphen_state"`
	Conditions    []rawCondition `yaml:"conditions"`
	PlaceTails    []string       `yaml:"place_tails"`
	PlaceCues     []string       `yaml:"place_cues"`
	CommonSurname []string       `yaml:"common_surnames"`
	NameParticles []string       `yaml:"name_particles"`
	NotNames      []string       `yaml:"not_names"`
	AdjRoles      []string       `yaml:"adjective_roles"`
	src           string
}

type rawCondition struct {
	Name   string   `yaml:"name"`
	Only   []string `yaml:"only"`
	Unless []string `yaml:"unless"`
}

type rawContext struct {
	Name      string   `yaml:"name"`
	Countries []string `yaml:"countries"`
	Phrases   []string `yaml:"phrases"`
	// Exact are case-sensitive snippets of text that switch the context
	// on: the KCNA register writes "south Korean" where others write
	// "South Korean".
	Exact []string `yaml:"exact"`
	src   string
}

type rawRoles struct {
	Roles   map[string]rawRole `yaml:"roles"`
	Generic []string           `yaml:"generic"`
	// GenericTitles are generic words that may also stand before a
	// name: "spokesman John Kirby", "Presidential spokesman Yoon Do-han".
	GenericTitles []string          `yaml:"generic_titles"`
	Attached      []string          `yaml:"attached_only"`
	Ranks         []string          `yaml:"ranks"`
	Modifiers     []string          `yaml:"modifiers"`
	Tails         []string          `yaml:"tails"`
	StateRoles    map[string]string `yaml:"state_roles"`
	Defaults      []rawDefault      `yaml:"register_defaults"`
	src           string
}

// rawDefault gives role words a country when they stand alone in an
// article of a register: in KCNA, "the puppet regime" is South Korea's.
type rawDefault struct {
	Context string   `yaml:"context"`
	Country string   `yaml:"country"`
	Words   []string `yaml:"words"`
}

type rawRole struct {
	Titles []string `yaml:"titles"`
	Nouns  []string `yaml:"nouns"`
}

type rawCountry struct {
	code, name string
	aliases    []string
	demonyms   []string
	capitals   []string
	src        string
}

// rawPlace is a line of places.tsv.
type rawPlace struct {
	code      string // ISO3, or "" for no country
	kind      string // city, port, region, ...
	names     []string
	ambiguous bool // a common word or personal name: needs a cue
	note      string
	src       string
}

// rawCollective is an entry of collectives.yaml.
type rawCollective struct {
	Name    string   `yaml:"name"`
	Names   []string `yaml:"names"`
	Members []string `yaml:"members"`
	Only    []string `yaml:"only"`
	Unless  []string `yaml:"unless"`
	src     string
}

// placeKinds are the kinds a places.tsv line may give. They are printed in
// rules and documented in data/actors/README.md; the list catches typos.
var placeKinds = []string{"city", "town", "port", "region", "territory", "island", "reef", "sea", "strait", "river", "lake", "mountain", "base", "site", "crossing", "landmark", "camp", "airport"}

// rawNamed is an entry of metonyms, organisations, igos or groups.
type rawNamed struct {
	Code   string   `yaml:"code"`
	Codes  []string `yaml:"codes"` // dated codes, in the offices' syntax
	Name   string   `yaml:"name"`
	Names  []string `yaml:"names"`
	Only   []string `yaml:"only"`
	Unless []string `yaml:"unless"`
	// Place (metonyms only): the names are also a place, a city standing
	// for a government ("Sanaa", "Brussels"); mentions report it.
	Place bool `yaml:"place"`
	src   string
}

type rawPerson struct {
	Name    string   `yaml:"name"`
	Also    []string `yaml:"also"`
	Short   []string `yaml:"short"`
	Alone   bool     `yaml:"alone"`
	Offices []string `yaml:"offices"`
	src     string
}

// Load reads the embedded knowledge base and, when userDir is not "", the
// files of the same formats in userDir, whose entries take precedence over
// the embedded ones for the same names. Errors name the file and line.
func Load(userDir string) (*KB, error) {
	sub, err := fs.Sub(data.FS, "actors")
	if err != nil {
		return nil, fmt.Errorf("actor: embedded data: %w", err)
	}
	embedded, err := readDir(sub, "data/actors")
	if err != nil {
		return nil, err
	}
	sets := []*rawKB{embedded}
	if userDir != "" {
		st, err := os.Stat(userDir)
		if err != nil {
			return nil, fmt.Errorf("actor: user actors directory: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("actor: user actors directory %s is not a directory; pass a folder holding countries.tsv, people.yaml, ... (see data/actors/README.md)", userDir)
		}
		user, err := readDir(os.DirFS(userDir), userDir)
		if err != nil {
			return nil, err
		}
		sets = []*rawKB{user, embedded} // user entries first: they win
	}
	return build(sets)
}

// Check parses and builds a user directory merged over the embedded data,
// reporting the first error; it is Load for validation tools.
func Check(userDir string) (Stats, error) {
	kb, err := Load(userDir)
	if err != nil {
		return Stats{}, err
	}
	return kb.stats, nil
}

func fileKind(name string) (string, bool) {
	base := path.Base(name)
	for _, k := range fileKinds {
		if strings.HasPrefix(base, k) {
			return k, true
		}
	}
	return "", false
}

func readDir(fsys fs.FS, label string) (*rawKB, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("actor: reading %s: %w", label, err)
	}
	raw := &rawKB{}
	for _, de := range entries {
		name := de.Name()
		if de.IsDir() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".txt") {
			continue
		}
		kind, ok := fileKind(name)
		ext := path.Ext(name)
		if !ok || tsvKind(kind) != (ext == ".tsv") || (!tsvKind(kind) && ext != ".yaml" && ext != ".yml") {
			return nil, fmt.Errorf("actor: %s/%s: unknown actor file; names start with one of %s (countries*.tsv and places*.tsv, the others *.yaml)",
				label, name, strings.Join(fileKinds, ", "))
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("actor: %w", err)
		}
		file := label + "/" + name
		if err := raw.parse(kind, file, b); err != nil {
			return nil, err
		}
	}
	return raw, nil
}

func (r *rawKB) parse(kind, file string, b []byte) error {
	switch kind {
	case "countries":
		return r.parseCountries(file, b)
	case "places":
		return r.parsePlaces(file, b)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("actor: %s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return nil // empty file
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d", file, n.Line) }
	decodeList := func(each func(n *yaml.Node) error) error {
		if root.Kind != yaml.SequenceNode {
			return fmt.Errorf("actor: %s: want a list of entries (lines starting with '- ')", at(root))
		}
		for _, n := range root.Content {
			if err := each(n); err != nil {
				return err
			}
		}
		return nil
	}
	switch kind {
	case "lookalikes":
		var l rawLook
		if err := decodeStrict(file, root, &l); err != nil {
			return err
		}
		l.src = at(root)
		r.look.merge(l)
	case "roles":
		var rr rawRoles
		if err := decodeStrict(file, root, &rr); err != nil {
			return err
		}
		rr.src = at(root)
		for role := range rr.Roles {
			if !validRole(role) {
				return fmt.Errorf("actor: %s: unknown role %q; roles are %s", at(root), role, strings.Join(roleCodes, ", "))
			}
		}
		for w, role := range rr.StateRoles {
			if !validRole(role) {
				return fmt.Errorf("actor: %s: state_roles: %q: unknown role %q; roles are %s", at(root), w, role, strings.Join(roleCodes, ", "))
			}
		}
		for _, d := range rr.Defaults {
			if d.Context == "" || !countryCodeRE.MatchString(d.Country) || len(d.Words) == 0 {
				return fmt.Errorf("actor: %s: register_defaults: each needs context:, country: (three letters) and words:", at(root))
			}
		}
		r.roles.merge(rr)
	case "contexts":
		return decodeList(func(n *yaml.Node) error {
			var c rawContext
			if err := decodeStrict(file, n, &c); err != nil {
				return err
			}
			if c.Name == "" {
				return fmt.Errorf("actor: %s: context without a name", at(n))
			}
			c.src = at(n)
			r.contexts = append(r.contexts, c)
			return nil
		})
	case "metonyms", "organisations", "igos", "groups":
		return decodeList(func(n *yaml.Node) error {
			var e rawNamed
			if err := decodeStrict(file, n, &e); err != nil {
				return err
			}
			e.src = at(n)
			if len(e.Names) == 0 {
				return fmt.Errorf("actor: %s: entry without names", e.src)
			}
			if (e.Code == "") == (len(e.Codes) == 0) || (len(e.Codes) > 0 && kind == "igos") {
				return fmt.Errorf("actor: %s: give exactly one of code: or (not for IGOs) codes:", e.src)
			}
			if e.Place && kind != "metonyms" {
				return fmt.Errorf("actor: %s: place: is for metonyms (a city standing for a government); put places in places.tsv", e.src)
			}
			switch kind {
			case "metonyms":
				r.metonyms = append(r.metonyms, e)
			case "organisations":
				r.orgs = append(r.orgs, e)
			case "igos":
				r.igos = append(r.igos, e)
			case "groups":
				r.groups = append(r.groups, e)
			}
			return nil
		})
	case "collectives":
		return decodeList(func(n *yaml.Node) error {
			var c rawCollective
			if err := decodeStrict(file, n, &c); err != nil {
				return err
			}
			c.src = at(n)
			if len(c.Names) == 0 || len(c.Members) < 2 {
				return fmt.Errorf("actor: %s: a collective needs names: and at least two members:", c.src)
			}
			r.collectives = append(r.collectives, c)
			return nil
		})
	case "people":
		return decodeList(func(n *yaml.Node) error {
			var p rawPerson
			if err := decodeStrict(file, n, &p); err != nil {
				return err
			}
			p.src = at(n)
			if p.Name == "" || len(p.Offices) == 0 {
				return fmt.Errorf("actor: %s: a person needs name: and at least one office", p.src)
			}
			r.people = append(r.people, p)
			return nil
		})
	}
	return nil
}

// decodeStrict decodes n into v (a pointer to a struct), rejecting unknown
// fields so that a typo ("ofices:") is an error naming its line rather than
// silently ignored data.
func decodeStrict(file string, n *yaml.Node, v any) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("actor: %s:%d: want a mapping of fields (name: ..., code: ...), got %s", file, n.Line, nodeKind(n))
	}
	known := fieldNames(reflect.TypeOf(v).Elem())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !known[k.Value] {
			return fmt.Errorf("actor: %s:%d: unknown field %q; fields here are %s", file, k.Line, k.Value, strings.Join(sortedKeys(known), ", "))
		}
	}
	if err := n.Decode(v); err != nil {
		return fmt.Errorf("actor: %s:%d: %s", file, n.Line, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

var fieldCache sync.Map // reflect.Type → map[string]bool

func fieldNames(t reflect.Type) map[string]bool {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]bool)
	}
	m := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			m[tag] = true
		}
	}
	fieldCache.Store(t, m)
	return m
}

func (l *rawLook) merge(o rawLook) {
	l.Capitalised = append(l.Capitalised, o.Capitalised...)
	l.FunctionWords = append(l.FunctionWords, o.FunctionWords...)
	l.NameWords = append(l.NameWords, o.NameWords...)
	l.NotActors = append(l.NotActors, o.NotActors...)
	l.PrefixBlocks = append(l.PrefixBlocks, o.PrefixBlocks...)
	l.HyphenKeep = append(l.HyphenKeep, o.HyphenKeep...)
	l.HyphenDrop = append(l.HyphenDrop, o.HyphenDrop...)
	l.HyphenCountry = append(l.HyphenCountry, o.HyphenCountry...)
	l.HyphenState = append(l.HyphenState, o.HyphenState...)
	l.Conditions = append(l.Conditions, o.Conditions...)
	l.PlaceTails = append(l.PlaceTails, o.PlaceTails...)
	l.PlaceCues = append(l.PlaceCues, o.PlaceCues...)
	l.CommonSurname = append(l.CommonSurname, o.CommonSurname...)
	l.NameParticles = append(l.NameParticles, o.NameParticles...)
	l.NotNames = append(l.NotNames, o.NotNames...)
	l.AdjRoles = append(l.AdjRoles, o.AdjRoles...)
	if l.src == "" {
		l.src = o.src
	}
}

func (r *rawRoles) merge(o rawRoles) {
	if r.Roles == nil {
		r.Roles = map[string]rawRole{}
	}
	for k, v := range o.Roles {
		cur := r.Roles[k]
		cur.Titles = append(cur.Titles, v.Titles...)
		cur.Nouns = append(cur.Nouns, v.Nouns...)
		r.Roles[k] = cur
	}
	r.Generic = append(r.Generic, o.Generic...)
	r.GenericTitles = append(r.GenericTitles, o.GenericTitles...)
	r.Attached = append(r.Attached, o.Attached...)
	r.Ranks = append(r.Ranks, o.Ranks...)
	r.Modifiers = append(r.Modifiers, o.Modifiers...)
	r.Tails = append(r.Tails, o.Tails...)
	r.Defaults = append(r.Defaults, o.Defaults...)
	for k, v := range o.StateRoles {
		if r.StateRoles == nil {
			r.StateRoles = map[string]string{}
		}
		if _, ok := r.StateRoles[k]; !ok {
			r.StateRoles[k] = v
		}
	}
	if r.src == "" {
		r.src = o.src
	}
}

var roleCodes = []string{"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "OPP", "MED", "BUS", "CVL"}

func validRole(r string) bool { return slices.Contains(roleCodes, r) }

var (
	countryCodeRE = regexp.MustCompile(`^[A-Z]{3}$`)
	igoCodeRE     = regexp.MustCompile(`^IGO[A-Z0-9]{1,12}$`)
)

// eachRow calls fn for each row of a tab-separated file, skipping blank
// lines and # comments, with the row's columns padded to max and src naming
// its file and line. A row of fewer than min or more than max columns is
// an error that names the columns (cols).
func eachRow(file string, b []byte, min, max int, cols string, fn func(src string, c []string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(strings.TrimSpace(s), "#") {
			continue
		}
		src := fmt.Sprintf("%s:%d", file, line)
		c := strings.Split(s, "\t")
		if len(c) < min || len(c) > max {
			return fmt.Errorf("actor: %s: want %d to %d tab-separated columns (%s), got %d", src, min, max, cols, len(c))
		}
		for len(c) < max {
			c = append(c, "")
		}
		if err := fn(src, c); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("actor: %s: %w", file, err)
	}
	return nil
}

// parseCountries reads countries.tsv: code, name, aliases, demonyms,
// capitals; several values in one column are separated by "|", "-" or
// nothing means none.
func (r *rawKB) parseCountries(file string, b []byte) error {
	return eachRow(file, b, 2, 5, "code, name, aliases, demonyms, capitals", func(src string, cols []string) error {
		c := rawCountry{code: strings.TrimSpace(cols[0]), name: strings.TrimSpace(cols[1]), src: src,
			aliases: splitList(cols[2]), demonyms: splitList(cols[3]), capitals: splitList(cols[4])}
		if !countryCodeRE.MatchString(c.code) {
			return fmt.Errorf("actor: %s: country code %q is not three capital letters (ISO 3166-1 alpha-3; XKX for Kosovo)", src, c.code)
		}
		if c.name == "" {
			return fmt.Errorf("actor: %s: country %s has no name", src, c.code)
		}
		r.countries = append(r.countries, c)
		return nil
	})
}

// parsePlaces reads places.tsv: code, kind, names, flags, note; see
// data/actors/README.md.
func (r *rawKB) parsePlaces(file string, b []byte) error {
	return eachRow(file, b, 3, 5, "code, kind, names, flags, note", func(src string, cols []string) error {
		p := rawPlace{code: strings.TrimSpace(cols[0]), kind: strings.TrimSpace(cols[1]), names: splitList(cols[2]),
			note: strings.TrimSpace(cols[4]), src: src}
		if p.code == "-" {
			p.code = ""
		}
		if p.code != "" && !countryCodeRE.MatchString(p.code) {
			return fmt.Errorf("actor: %s: country code %q is not three capital letters (ISO 3166-1 alpha-3) nor - (no country)", src, p.code)
		}
		if !slices.Contains(placeKinds, p.kind) {
			return fmt.Errorf("actor: %s: unknown place kind %q; kinds are %s", src, p.kind, strings.Join(placeKinds, ", "))
		}
		if len(p.names) == 0 {
			return fmt.Errorf("actor: %s: place without a name", src)
		}
		switch f := strings.TrimSpace(cols[3]); f {
		case "", "-":
		case "ambiguous":
			p.ambiguous = true
		default:
			return fmt.Errorf("actor: %s: unknown flag %q; the flags column is - or ambiguous", src, f)
		}
		r.places = append(r.places, p)
		return nil
	})
}

func splitList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseOffice reads "RUSMIL 2024-05-14.. defence minister": a code, a date
// range FROM..TO (either side may be empty; TO is the first day the office
// was no longer held) and an optional title.
func parseOffice(s string) (Office, error) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return Office{}, fmt.Errorf("office %q: want CODE FROM..TO [title], e.g. \"RUSMIL 2024-05-14.. defence minister\"", s)
	}
	o := Office{Code: f[0], Title: strings.Join(f[2:], " ")}
	if err := checkCode(o.Code); err != nil {
		return Office{}, fmt.Errorf("office %q: %w", s, err)
	}
	from, to, ok := strings.Cut(f[1], "..")
	if !ok {
		return Office{}, fmt.Errorf("office %q: dates must be FROM..TO (open ends allowed: 2024-05-14.. or ..2012-05-07)", s)
	}
	var err error
	if o.From, err = parseDay(from); err != nil {
		return Office{}, fmt.Errorf("office %q: %w", s, err)
	}
	if o.To, err = parseDay(to); err != nil {
		return Office{}, fmt.Errorf("office %q: %w", s, err)
	}
	if !o.From.IsZero() && !o.To.IsZero() && !o.From.Before(o.To) {
		return Office{}, fmt.Errorf("office %q: ends before it starts", s)
	}
	return o, nil
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD (or YYYY-MM, YYYY when only that is known)", s)
}

// checkCode validates an actor code: a country (three letters) plus an
// optional role, or an IGO code.
func checkCode(code string) error {
	if igoCodeRE.MatchString(code) {
		return nil
	}
	if len(code) != 3 && len(code) != 6 || !countryCodeRE.MatchString(code[:3]) {
		return fmt.Errorf("code %q is not CCC or CCCROL (e.g. RUS, RUSMIL) nor an IGO code (IGO...)", code)
	}
	if len(code) == 6 && !validRole(code[3:]) {
		return fmt.Errorf("code %q: unknown role %q; roles are %s", code, code[3:], strings.Join(roleCodes, ", "))
	}
	return nil
}

func splitCode(code string) (country, role string) {
	if strings.HasPrefix(code, "IGO") {
		return code, ""
	}
	if len(code) == 6 {
		return code[:3], code[3:]
	}
	return code, ""
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
