package yamlx

import (
	"strings"
	"testing"
)

func TestStrict(t *testing.T) {
	src := "name: x\nwindow: 30d\nextra: 1\nwhen: 2024-02-31\nn: many\nok: maybe\nlist: [a, b]\n"
	root, err := Parse("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e := &Errors{File: "f.yaml"}
	m := Mapping(e, root, "a test", "name", "window", "when", "n", "ok", "list", "missing")
	if got := m.String(e, "name", true); got != "x" {
		t.Errorf("name %q", got)
	}
	m.String(e, "missing", true)
	m.Date(e, "when", false)
	m.Int(e, "n", 0)
	m.Bool(e, "ok", false)
	if got := m.Strings(e, "list"); len(got) != 2 || got[1] != "b" {
		t.Errorf("list %q", got)
	}
	err = e.Err()
	for _, want := range []string{
		`f.yaml:3: unknown key "extra" in a test`,
		`f.yaml:1: missing "missing"`,
		`f.yaml:4: "when" must be a date YYYY-MM-DD`,
		`f.yaml:5: "n" must be a whole number`,
		`f.yaml:6: "ok" must be true or false`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("errors %v lack %q", err, want)
		}
	}
	if _, err := Parse("bad.yaml", []byte("a: [\n")); err == nil || !strings.HasPrefix(err.Error(), "bad.yaml:") {
		t.Errorf("syntax error %v does not start with the file", err)
	}
	if root, err := Parse("empty.yaml", nil); root != nil || err != nil {
		t.Errorf("empty file: %v %v", root, err)
	}
}
