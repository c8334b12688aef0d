// Package yamlx reads hand-written YAML data files (indicator rules,
// treaties) strictly, so that every mistake is reported as "file:line: what
// is wrong": unknown keys, wrong types, missing fields. It walks yaml.v3
// nodes, which carry their line numbers, instead of decoding into structs,
// which would lose them.
package yamlx

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Errors collects the mistakes of a file so that one load reports them all.
type Errors struct {
	File string
	list []error
}

// Addf records a mistake at the node's line.
func (e *Errors) Addf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	e.list = append(e.list, fmt.Errorf("%s:%d: %s", e.File, line, fmt.Sprintf(format, args...)))
}

// Err returns the collected mistakes as one error, or nil.
func (e *Errors) Err() error { return errors.Join(e.list...) }

// Len is the number of mistakes so far.
func (e *Errors) Len() int { return len(e.list) }

// Parse parses a YAML document and returns its root node (the mapping or
// sequence under the document node). An empty file gives nil.
func Parse(file string, src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		// yaml.v3 says "yaml: line N: ..."; put the file first like the rest.
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if strings.HasPrefix(msg, "line ") {
			if i := strings.Index(msg, ":"); i > 0 {
				return nil, fmt.Errorf("%s:%s:%s", file, strings.TrimPrefix(msg[:i], "line "), msg[i+1:])
			}
		}
		return nil, fmt.Errorf("%s: %s", file, msg)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// Map is a YAML mapping whose keys have been checked against a known list.
type Map struct {
	Node   *yaml.Node
	values map[string]*yaml.Node
	keys   map[string]*yaml.Node
}

// Mapping reads n as a mapping, reporting keys not in known. It returns nil
// (after reporting) when n is not a mapping.
func Mapping(e *Errors, n *yaml.Node, what string, known ...string) *Map {
	if n == nil || n.Kind != yaml.MappingNode {
		e.Addf(n, "%s must be a mapping (key: value lines)", what)
		return nil
	}
	m := &Map{Node: n, values: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(known, k.Value) {
			e.Addf(k, "unknown key %q in %s (known keys: %s)", k.Value, what, strings.Join(known, ", "))
			continue
		}
		if _, dup := m.values[k.Value]; dup {
			e.Addf(k, "key %q appears twice in %s", k.Value, what)
		}
		m.values[k.Value] = v
		m.keys[k.Value] = k
	}
	return m
}

// Has reports whether the key is present.
func (m *Map) Has(key string) bool { _, ok := m.values[key]; return ok }

// Get returns the value node of key, or nil.
func (m *Map) Get(key string) *yaml.Node { return m.values[key] }

// Line returns the line of key (or of the mapping when absent).
func (m *Map) Line(key string) int {
	if k, ok := m.keys[key]; ok {
		return k.Line
	}
	return m.Node.Line
}

// String reads a scalar string; required reports a missing key.
func (m *Map) String(e *Errors, key string, required bool) string {
	v, ok := m.values[key]
	if !ok {
		if required {
			e.Addf(m.Node, "missing %q", key)
		}
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		e.Addf(v, "%q must be a single value", key)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

// Strings reads a list of scalars (a single scalar is a one-item list).
func (m *Map) Strings(e *Errors, key string) []string {
	v, ok := m.values[key]
	if !ok {
		return nil
	}
	return Strings(e, v, key)
}

// Strings reads n as a list of scalar strings (or one scalar).
func Strings(e *Errors, n *yaml.Node, what string) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []string{strings.TrimSpace(n.Value)}
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				e.Addf(c, "items of %q must be single values", what)
				continue
			}
			out = append(out, strings.TrimSpace(c.Value))
		}
		return out
	}
	e.Addf(n, "%q must be a list of values", what)
	return nil
}

// Int reads an integer; def is returned when the key is absent.
func (m *Map) Int(e *Errors, key string, def int) int {
	v, ok := m.values[key]
	if !ok {
		return def
	}
	i, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if v.Kind != yaml.ScalarNode || err != nil {
		e.Addf(v, "%q must be a whole number, not %q", key, v.Value)
		return def
	}
	return i
}

// Bool reads true/false; def is returned when the key is absent.
func (m *Map) Bool(e *Errors, key string, def bool) bool {
	v, ok := m.values[key]
	if !ok {
		return def
	}
	switch strings.ToLower(strings.TrimSpace(v.Value)) {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	}
	e.Addf(v, "%q must be true or false, not %q", key, v.Value)
	return def
}

// Date reads a YYYY-MM-DD date (checked); "" when absent.
func (m *Map) Date(e *Errors, key string, required bool) string {
	s := m.String(e, key, required)
	if s == "" {
		return ""
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		e.Addf(m.values[key], "%q must be a date YYYY-MM-DD, not %q", key, s)
		return ""
	}
	return s
}

// Seq returns the items of a sequence value, reporting a non-sequence.
func (m *Map) Seq(e *Errors, key string) []*yaml.Node {
	v, ok := m.values[key]
	if !ok {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		e.Addf(v, "%q must be a list (lines starting with \"- \")", key)
		return nil
	}
	return v.Content
}
