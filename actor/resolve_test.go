package actor

import (
	"fmt"

	"github.com/vigil-ews/vigil/text"
	"strings"
	"testing"
	"time"
)

// mentionCase is one sentence and every mention it must resolve to, as
// "span=CODE" items separated by " | " (span is the exact matched text);
// a place is written "span=@CODE" ("Odesa=@UKR", "the Red Sea=@"); a
// place with a role word is an actor ("Kharkiv police=UKRCOP"); a
// collective is written with its members ("the two Koreas={PRK,KOR}").
// An empty want means nothing may resolve.
type mentionCase struct {
	date    string // article date; "" = undated
	article string // extra article text for context ("" = the sentence alone)
	text    string
	want    string
}

func day(t testing.TB, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func loadKB(t testing.TB) *KB {
	t.Helper()
	kb, err := Default()
	if err != nil {
		t.Fatalf("loading the embedded knowledge base: %v", err)
	}
	return kb
}

func describe(text string, ms []Mention) string {
	var parts []string
	for _, m := range ms {
		code := m.Code
		if m.Kind == Place && m.Role == "" {
			code = "@" + code // a place, not an actor: "Odesa=@UKR", "the Red Sea=@"
		}
		if m.Kind == Collective {
			code = "{" + strings.Join(m.Members, ",") + "}" + m.Role // "the two Koreas={PRK,KOR}"
		}
		parts = append(parts, fmt.Sprintf("%s=%s", text[m.ByteStart:m.ByteEnd], code))
	}
	return strings.Join(parts, " | ")
}

// tokenizer cuts a sentence into tokens; the tests run with both the
// package's plain tokenizer and text.Analyze (tags, normalisation,
// ProperNames), as the coder calls Resolve.
type tokenizer func(kb *KB, s string) []text.Token

func plainTokens(_ *KB, s string) []text.Token { return Tokens(s) }

func analyzedTokens(kb *KB, s string) []text.Token {
	var toks []text.Token
	for _, sent := range text.Analyze(s, text.Options{ProperNames: kb.ProperName}).Sentences {
		toks = append(toks, sent.Tokens...)
	}
	return toks
}

func runCases(t *testing.T, cases []mentionCase, tokenize tokenizer) int {
	t.Helper()
	kb := loadKB(t)
	n := 0
	for _, c := range cases {
		article := c.text
		if c.article != "" {
			article = c.article + "\n" + c.text
		}
		ctx := kb.NewContext(day(t, c.date), article)
		off := len(article) - len(c.text)
		toks := tokenize(kb, c.text)
		for i := range toks { // offsets into the article, as the coder passes them
			toks[i].Start += off
			toks[i].End += off
		}
		got := describe(article, kb.Resolve(ctx, toks))
		if got != c.want {
			ms := kb.Resolve(ctx, toks)
			var rules []string
			for _, m := range ms {
				rules = append(rules, m.Rule)
			}
			t.Errorf("%s %q\n got: %s\nwant: %s\nrules: %s", c.date, c.text, got, c.want, strings.Join(rules, "; "))
		}
		if c.want != "" {
			n += len(strings.Split(c.want, " | "))
		} else {
			n++
		}
	}
	return n
}

// ResolveText reads a whole text as one article: each sentence's mentions,
// in order, with byte offsets into the text and offices as of the date.
func TestResolveText(t *testing.T) {
	kb, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	src := "Sergei Shoigu visited Pyongyang on Tuesday. South Korea protested."
	var got []string
	for _, m := range kb.ResolveText(src, time.Date(2023, 10, 14, 0, 0, 0, 0, time.UTC)) {
		got = append(got, src[m.ByteStart:m.ByteEnd]+"="+m.Code)
	}
	want := "Sergei Shoigu=RUSMIL|Pyongyang=PRKGOV|South Korea=KOR"
	if strings.Join(got, "|") != want {
		t.Errorf("ResolveText: %q, want %q", strings.Join(got, "|"), want)
	}
}
