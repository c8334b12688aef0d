// Package cameo holds the CAMEO event code table: every code of CAMEO
// 1.1b3 (20 roots, their 3-digit codes and 4-digit sub-codes, 311 in all)
// with its name, Goldstein value, quad class, and PLOVER event type and mode.
//
// A CAMEO code is a string of two to four digits. Its first two digits are
// its root ("cue category"): "1384" (threaten conventional attack) belongs to
// "138" (threaten to use military force), which belongs to root "13"
// (threaten). Everything Vigil derives from an event's action comes from this
// table:
//
//	c, ok := cameo.Lookup("1384")
//	// c.Name == "Threaten conventional attack", c.Goldstein == -7.0,
//	// c.Quad == cameo.VerbalConflict, c.PLOVER == "THREATEN", c.Mode == "violence"
//
// The table is data, embedded from data/cameo/cameo.tsv (see the README in
// that folder for the format and where every value comes from), parsed once
// on first use. Lookups are map reads, safe for concurrent use.
package cameo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/data"
)

// Code is one row of the CAMEO table.
type Code struct {
	Code string // "1384"
	Name string // CAMEO's short name: "Threaten conventional attack"
	// Goldstein is the code's weight on the Goldstein conflict-cooperation
	// scale, from -10 (most conflictual) to +10, as GDELT publishes it.
	Goldstein float64
	Quad      int // quad class, 1–4: see VerbalCooperation and friends
	// PLOVER is the PLOVER event type (one of PLOVERTypes), or "" for codes
	// PLOVER does not code (root 01, public statements).
	PLOVER string
	// Mode is the PLOVER mode: how the action was done ("visit", "phone",
	// "troops", "heavy-weapons"...), or "" when PLOVER defines none for it.
	Mode string
}

// Root returns the code's root (its first two digits).
func (c Code) Root() string { return Root(c.Code) }

// Quad classes, as GDELT derives them from the CAMEO root.
const (
	VerbalCooperation   = 1 // roots 01–05
	MaterialCooperation = 2 // roots 06–08
	VerbalConflict      = 3 // roots 09–13
	MaterialConflict    = 4 // roots 14–20
)

// QuadName returns the name of a quad class ("verbal conflict"), or "" for
// anything but 1–4.
func QuadName(q int) string {
	switch q {
	case VerbalCooperation:
		return "verbal cooperation"
	case MaterialCooperation:
		return "material cooperation"
	case VerbalConflict:
		return "verbal conflict"
	case MaterialConflict:
		return "material conflict"
	}
	return ""
}

// PLOVERTypes are the 16 event types of the current PLOVER manual, in the
// manual's order (cooperation first, then conflict by intensity).
var PLOVERTypes = []string{
	"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
	"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
	"MOBILIZE", "COERCE", "ASSAULT",
}

// Root returns the first two digits of a code ("1384" → "13"), or "" when
// code does not start with two digits. It does not check that the code exists.
func Root(code string) string {
	if len(code) < 2 || !isDigit(code[0]) || !isDigit(code[1]) {
		return ""
	}
	return code[:2]
}

// Parent returns the code one level up ("1384" → "138", "138" → "13"), or ""
// for a root or a malformed code.
func Parent(code string) string {
	if !wellFormed(code) || len(code) == 2 {
		return ""
	}
	return code[:len(code)-1]
}

// QuadOf returns the quad class of a code from its root: 1 for roots 01–05,
// 2 for 06–08, 3 for 09–13, 4 for 14–20; 0 when the code has no valid root.
func QuadOf(code string) int {
	r := Root(code)
	if r == "" {
		return 0
	}
	n := int(r[0]-'0')*10 + int(r[1]-'0')
	switch {
	case n >= 1 && n <= 5:
		return VerbalCooperation
	case n >= 6 && n <= 8:
		return MaterialCooperation
	case n >= 9 && n <= 13:
		return VerbalConflict
	case n >= 14 && n <= 20:
		return MaterialConflict
	}
	return 0
}

// Valid reports whether code is a well-formed CAMEO code (two to four ASCII
// digits) that the table knows. Root codes ("19") are valid.
func Valid(code string) bool {
	_, ok := Lookup(code)
	return ok
}

// Lookup returns the table row of a code.
func Lookup(code string) (Code, bool) { return Default().Lookup(code) }

// All returns every code of the table in table order (by code, each root
// before its children). The slice is a copy: callers may keep or change it.
func All() []Code { return Default().All() }

// Fill sets the fields of ev that derive from ev.Code (Root, Quad, Goldstein,
// PLOVER, Mode) and reports whether the code is known. For an unknown code
// it sets nothing and returns false.
func Fill(ev *vigil.Event) bool {
	c, ok := Lookup(ev.Code)
	if !ok {
		return false
	}
	ev.Root = Root(c.Code)
	ev.Quad = c.Quad
	ev.Goldstein = c.Goldstein
	ev.PLOVER = c.PLOVER
	ev.Mode = c.Mode
	return true
}

// Table is a parsed CAMEO table. The package-level functions use the
// embedded one (Default); Parse builds others, for example to check an edited
// copy of the data file.
type Table struct {
	byCode map[string]Code
	codes  []Code
}

// Lookup returns the row of a code.
func (t *Table) Lookup(code string) (Code, bool) {
	c, ok := t.byCode[code]
	return c, ok
}

// All returns a copy of every row, in table order.
func (t *Table) All() []Code { return slices.Clone(t.codes) }

// Len returns the number of codes in the table.
func (t *Table) Len() int { return len(t.codes) }

// DataFile is the path of the embedded table inside data.FS.
const DataFile = "cameo/cameo.tsv"

var (
	defaultOnce  sync.Once
	defaultTable *Table
)

// Default returns the embedded table, parsing it on first use. The embedded
// file is checked by this package's tests, so a parse failure here is a
// build defect and panics.
func Default() *Table {
	defaultOnce.Do(func() {
		b, err := data.FS.ReadFile(DataFile)
		if err != nil {
			panic("cameo: embedded table missing: " + err.Error())
		}
		t, err := Parse(bytes.NewReader(b))
		if err != nil {
			panic("cameo: embedded table invalid: " + err.Error())
		}
		defaultTable = t
	})
	return defaultTable
}

// columns of the data file; their order in the file is free (the header
// names them).
var columns = []string{"code", "goldstein", "quad", "plover", "mode", "name"}

// Parse reads a table in the format of data/cameo/cameo.tsv: '#' comment
// lines, a header line naming the columns, then one tab-separated row per
// code, "-" for an empty PLOVER type or mode. It checks every row: the code
// is 2–4 digits and appears once, its parent code appears before it, the
// Goldstein value lies in [-10, 10], the quad class agrees with the root, the
// PLOVER type is one of PLOVERTypes and a mode comes with a type. Errors name
// the line.
func Parse(r io.Reader) (*Table, error) {
	t := &Table{byCode: map[string]Code{}}
	sc := bufio.NewScanner(r)
	var col map[string]int
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if col == nil {
			var err error
			if col, err = header(fields); err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			continue
		}
		if len(fields) != len(col) {
			return nil, fmt.Errorf("line %d: %d tab-separated fields, want %d (%s)", line, len(fields), len(col), strings.Join(columns, ", "))
		}
		c, err := row(fields, col)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if _, dup := t.byCode[c.Code]; dup {
			return nil, fmt.Errorf("line %d: code %s listed twice", line, c.Code)
		}
		if p := Parent(c.Code); p != "" {
			if _, ok := t.byCode[p]; !ok {
				return nil, fmt.Errorf("line %d: code %s comes before its parent %s (list every parent first)", line, c.Code, p)
			}
		}
		t.byCode[c.Code] = c
		t.codes = append(t.codes, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading CAMEO table: %w", err)
	}
	if col == nil {
		return nil, fmt.Errorf("no header line: want the columns %s", strings.Join(columns, ", "))
	}
	return t, nil
}

func header(fields []string) (map[string]int, error) {
	col := map[string]int{}
	for i, f := range fields {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(columns, f) {
			return nil, fmt.Errorf("unknown column %q in header: want %s", f, strings.Join(columns, ", "))
		}
		if _, dup := col[f]; dup {
			return nil, fmt.Errorf("column %q twice in header", f)
		}
		col[f] = i
	}
	for _, c := range columns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("header lacks column %q", c)
		}
	}
	return col, nil
}

func row(fields []string, col map[string]int) (Code, error) {
	get := func(name string) string {
		v := strings.TrimSpace(fields[col[name]])
		if v == "-" {
			return ""
		}
		return v
	}
	c := Code{Code: get("code"), Name: get("name"), PLOVER: get("plover"), Mode: get("mode")}
	if !wellFormed(c.Code) {
		return c, fmt.Errorf("code %q is not 2 to 4 digits", c.Code)
	}
	if QuadOf(c.Code) == 0 {
		return c, fmt.Errorf("code %s: root %s is not one of 01–20", c.Code, Root(c.Code))
	}
	if c.Name == "" {
		return c, fmt.Errorf("code %s has no name", c.Code)
	}
	g, err := strconv.ParseFloat(get("goldstein"), 64)
	if err != nil || g < -10 || g > 10 {
		return c, fmt.Errorf("code %s: Goldstein value %q is not a number in [-10, 10]", c.Code, get("goldstein"))
	}
	c.Goldstein = g
	q, err := strconv.Atoi(get("quad"))
	if err != nil || q != QuadOf(c.Code) {
		return c, fmt.Errorf("code %s: quad %q, but root %s is quad %d", c.Code, get("quad"), Root(c.Code), QuadOf(c.Code))
	}
	c.Quad = q
	if c.PLOVER != "" && !slices.Contains(PLOVERTypes, c.PLOVER) {
		return c, fmt.Errorf("code %s: PLOVER type %q is not one of %s", c.Code, c.PLOVER, strings.Join(PLOVERTypes, " "))
	}
	if c.Mode != "" {
		if c.PLOVER == "" {
			return c, fmt.Errorf("code %s: mode %q without a PLOVER type", c.Code, c.Mode)
		}
		for _, r := range c.Mode {
			if (r < 'a' || r > 'z') && r != '-' {
				return c, fmt.Errorf("code %s: mode %q: use lower-case letters and hyphens", c.Code, c.Mode)
			}
		}
	}
	return c, nil
}

// WellFormed reports whether code has the form of a CAMEO code — two to
// four ASCII digits under a root 01–20 — whether or not the table knows it.
// Gold files may cite codes of CAMEO extensions (1952, drone strikes, in
// the Phoenix data set's CAMEO) that GDELT's table, and so ours, lacks.
func WellFormed(code string) bool { return wellFormed(code) && QuadOf(code) != 0 }

// wellFormed reports whether code is two to four ASCII digits.
func wellFormed(code string) bool {
	if len(code) < 2 || len(code) > 4 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if !isDigit(code[i]) {
			return false
		}
	}
	return true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
