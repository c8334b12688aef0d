package phrase

import (
	"slices"
	"testing"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		phrases  []string
		sentence string
		want     []string
	}{
		{[]string{"road"}, "North Korea blew up roads to the South.", nil},
		{[]string{"road*"}, "North Korea blew up roads to the South.", []string{"road*"}},
		{[]string{"entered into force"}, "The treaty ENTERED into force, officials said.", []string{"entered into force"}},
		{[]string{"ratif*"}, "after ratification", []string{"ratif*"}},
		{[]string{"not"}, "It hasn't been ratified", []string{"not"}},
		{[]string{"article 42(7)"}, "under Article 42(7) of the treaty", []string{"article 42(7)"}},
		{[]string{"border", "dmz"}, "troops moved to the DMZ near the border", []string{"dmz", "border"}},
		{[]string{"south korea"}, "South Korea's army", []string{"south korea"}},
		{nil, "anything", nil},
	} {
		s, err := Compile(tc.phrases)
		if err != nil {
			t.Fatalf("%q: %v", tc.phrases, err)
		}
		var got []string
		for _, m := range s.Find(Tokens(tc.sentence)) {
			got = append(got, m.Phrase)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q in %q: got %q, want %q", tc.phrases, tc.sentence, got, tc.want)
		}
		if s.In(Tokens(tc.sentence)) != (len(tc.want) > 0) {
			t.Errorf("%q in %q: In disagrees with Find", tc.phrases, tc.sentence)
		}
	}
}

func TestBefore(t *testing.T) {
	neg := MustCompile("not", "yet to")
	toks := Tokens("It has not yet entered into force")
	force := MustCompile("entered into force").Find(toks)
	if len(force) != 1 || !neg.Before(toks, force[0].Start, 4) {
		t.Errorf("negation not seen before %v in %q", force, toks)
	}
	toks = Tokens("It was not ratified at first, but in December it entered into force")
	force = MustCompile("entered into force").Find(toks)
	if neg.Before(toks, force[0].Start, 4) {
		t.Errorf("distant negation counted in %q", toks)
	}
}

func TestCompileErrors(t *testing.T) {
	for _, p := range []string{"", "  ", "*", "ra*tif", "!!"} {
		if _, err := Compile([]string{p}); err == nil {
			t.Errorf("Compile(%q): no error", p)
		}
	}
}
