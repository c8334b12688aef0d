package coder

import (
	"os"
	"strings"
	"testing"

	vigil "github.com/vigil-ews/vigil"
)

// TestExplainShowsTheReading checks that Explain names the chunks, the
// predicates and the events of a sentence. With VIGIL_EXPLAIN set to a
// sentence it prints that sentence's reading (a debugging aid:
// VIGIL_EXPLAIN="Russia shelled Kharkiv." go test ./coder -run Explain -v).
func TestExplainShowsTheReading(t *testing.T) {
	c := newTestCoder(t)
	if f := os.Getenv("VIGIL_BATCH"); f != "" {
		// one "DATE|text" per line: print the events of each
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		for _, line := range strings.Split(string(b), "\n") {
			date, txt, ok := strings.Cut(line, "|")
			if !ok {
				continue
			}
			evs := c.Code(&vigil.Article{Text: txt, Published: day(date)})
			out.WriteString(txt + "\n")
			for i := range evs {
				out.WriteString("    " + short(&evs[i]) + "  " + evs[i].Date + " " + evs[i].Source + ">" + evs[i].Target + " " + evs[i].Code + "  " + evs[i].Pattern + "\n")
			}
		}
		t.Log("\n" + out.String())
		return
	}
	if s := os.Getenv("VIGIL_EXPLAIN"); s != "" {
		d := day("2024-06-01")
		if v := os.Getenv("VIGIL_DATE"); v != "" {
			d = day(v)
		}
		t.Log("\n" + c.Explain(&vigil.Article{Text: s, Published: d}))
		return
	}
	out := c.Explain(&vigil.Article{Text: "Russia shelled Ukrainian positions on Monday.", Published: day("2024-06-03")})
	for _, want := range []string{"VG[shelled]", "pred 0", "event: RUS>UKR 19"} {
		if !strings.Contains(out, want) {
			t.Errorf("Explain output lacks %q:\n%s", want, out)
		}
	}
}
