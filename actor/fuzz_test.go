package actor

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzResolve checks that any text resolves without panicking and that
// mentions are in order, non-overlapping in bytes, inside the text, and
// carry a code and a rule.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"Russian Defence Minister Andrei Belousov met Chinese Defence Minister Dong Jun in Beijing.",
		"the Minister of Defense of the russian federation Andrey Belousov",
		"North Korea’s Agreement with russia",
		"King Abdullah of Jordan and Michael Jordan",
		"Pakistani-administered Kashmir, pro-Russian, 'Korea's', U.S.-led",
		"the the the of of 's 's - - Kim Kim President President",
		"\xff\xfe Côte d'Ivoire \u200b Erdoğan",
		"SEOUL, June 17 -- the two Koreas, the Red Sea, Evan Gershkovich, a US reporter, in the Kursk region",
		"Pyongyang, August 22 (KCNA) -- the puppet regime and the south Korean warmongers, Nice, Split",
		"",
	} {
		f.Add(s)
	}
	kb, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ctx := kb.NewContext(time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC), s)
		toks := Tokens(s)
		prevEnd := 0
		for _, m := range kb.Resolve(ctx, toks) {
			if m.ByteStart < prevEnd || m.ByteEnd <= m.ByteStart || m.ByteEnd > len(s) {
				t.Fatalf("bad span %d-%d (previous end %d) in %q", m.ByteStart, m.ByteEnd, prevEnd, s)
			}
			if m.Start < 0 || m.End > len(toks) || m.Start >= m.End {
				t.Fatalf("bad token span %d-%d of %d in %q", m.Start, m.End, len(toks), s)
			}
			// Only a place with no country ("the Red Sea") and a
			// collective (its Members) go without a code.
			noCode := m.Kind == Place && m.Role == "" || m.Kind == Collective && len(m.Members) >= 2
			if m.Code == "" && !noCode || m.Rule == "" {
				t.Fatalf("mention without code or rule: %+v", m)
			}
			if utf8.ValidString(s) && !utf8.ValidString(s[m.ByteStart:m.ByteEnd]) {
				t.Fatalf("span cuts a character: %q", s[m.ByteStart:m.ByteEnd])
			}
			prevEnd = m.ByteEnd
		}
	})
}
