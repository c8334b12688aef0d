package watch

import (
	"strings"
	"testing"

	"github.com/vigil-ews/vigil"
)

func TestClauses(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		want     []string
	}{
		{"North Korea warned it would retaliate against South Korea if another drone is found over its territory.",
			[]string{"north korea warned it would retaliate against south korea", "if another drone is found over its territory"}},
		// Complement clauses stay with their verb; "and" without a comma joins words.
		{"North Korea said on Wednesday, October 9, that it would cut off the roads and railways to the South.",
			[]string{"north korea said on wednesday october 9 that it would cut off the roads and railways to the south"}},
		{"Pyongyang announced new boundaries of its maritime border, which would run to the south.",
			[]string{"pyongyang announced new boundaries of its maritime border", "which would run to the south"}},
		{"The army raised its alert, and the ministry accused Seoul of provocation; talks were cancelled.",
			[]string{"the army raised its alert", "and the ministry accused seoul of provocation", "talks were cancelled"}},
		{"Troops will open fire in case the border is crossed.",
			[]string{"troops will open fire", "in case the border is crossed"}},
		{"The strike — the third this week — hit a depot.",
			[]string{"the strike", "the third this week", "hit a depot"}},
		{"", nil},
	} {
		var got []string
		for _, c := range clauses(tc.sentence) {
			got = append(got, strings.Join(c, " "))
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("clauses(%q)\n got %q\nwant %q", tc.sentence, got, tc.want)
		}
	}
}

func TestClauseTokens(t *testing.T) {
	for _, tc := range []struct {
		sentence, pattern string
		want              string
	}{
		// The anchor finds the event's clause: the threat, not its condition.
		{"North Korea warned it would retaliate against South Korea if another drone is found over its territory.",
			"verbs/09-13-verbal-conflict.yaml:228 retaliate", "north korea warned it would retaliate against south korea"},
		// An inflected anchor.
		{"After talks failed, North Korea sealed the border.", "verbs/16-17-sanction-coerce.yaml:268 seal",
			"north korea sealed the border"},
		// An anchor in the second clause of several.
		{"The ministry protested, while the army denied the incursion.", "verbs/x.yaml:1 deny",
			"while the army denied the incursion"},
		// No anchor found (irregular form): every clause but the condition.
		{"Soldiers blew up the roads, which were built in 2000, if the reports are true.", "verbs/x.yaml:1 blow up",
			"soldiers blew up the roads which were built in 2000"},
		{"If talks fail, the army will seal the border, the ministry said.", "verbs/x.yaml:1 seal",
			"the army will seal the border the ministry said"},
		// No pattern (GDELT): the same.
		{"Troops will open fire unless the convoy turns back.", "gdelt", "troops will open fire"},
		{"One clause only.", "", "one clause only"},
	} {
		got := strings.Join(clauseTokens(&vigil.Event{Sentence: tc.sentence, Pattern: tc.pattern}), " ")
		if got != tc.want {
			t.Errorf("clauseTokens(%q, %q)\n got %q\nwant %q", tc.sentence, tc.pattern, got, tc.want)
		}
	}
}

func TestInflects(t *testing.T) {
	for _, tc := range []struct {
		tok, lemma string
		want       bool
	}{
		{"sealed", "seal", true}, {"sealing", "seal", true}, {"retaliated", "retaliate", true},
		{"denied", "deny", true}, {"cuts", "cut", true}, {"be", "be", true},
		{"blew", "blow", false}, {"before", "be", false}, {"sealskin", "seal", false}, {"cutlery", "cut", false}, {"cutting", "cut", true}, {"denies", "deny", true},
	} {
		if got := inflects(tc.tok, tc.lemma); got != tc.want {
			t.Errorf("inflects(%q, %q) = %v, want %v", tc.tok, tc.lemma, got, tc.want)
		}
	}
}
