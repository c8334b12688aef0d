package timex

import (
	"strings"
	"testing"
	"time"
)

// words splits a test sentence the way the text package tokenises: commas
// and sentence-final periods are tokens of their own; "Oct." keeps its dot.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		var trail []string
		for len(f) > 1 && strings.ContainsAny(f[len(f)-1:], ",;") {
			trail = append([]string{f[len(f)-1:]}, trail...)
			f = f[:len(f)-1]
		}
		out = append(out, f)
		out = append(out, trail...)
	}
	return out
}

func ref(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		pub   string
		text  string
		tense Tense
		want  string // "" = nothing found or unresolvable
		gran  Granularity
		expr  string // the expression's words
	}{
		// explicit dates
		{"2024-10-15", "The accord was signed on June 19 in Pyongyang", Past, "2024-06-19", Day, "June 19"},
		{"2024-10-15", "It was submitted on Monday October 14 to parliament", Past, "2024-10-14", Day, "Monday October 14"},
		{"2024-10-15", "It was submitted on Monday, October 14, to parliament", Past, "2024-10-14", Day, "Monday , October 14"},
		{"2024-10-20", "Talks opened on 14 October 2024 in Geneva", Past, "2024-10-14", Day, "14 October 2024"},
		{"2025-01-03", "Troops crossed the river on Dec. 28", Past, "2024-12-28", Day, "Dec. 28"},
		{"2025-01-03", "Troops crossed the river on Sept 3, 2023", Past, "2023-09-03", Day, "Sept 3 , 2023"},
		{"2022-03-01", "Shelling resumed on the 24th of February", Past, "2022-02-24", Day, "24th of February"},
		{"2023-05-02", "Elections are due on May 14", Future, "2023-05-14", Day, "May 14"},
		{"2023-05-02", "He said on Tuesday that the vote would take place as planned", Past, "2023-05-02", Day, "Tuesday"},
		{"2024-10-15", "See the report of 2024-10-11 for details", Past, "2024-10-11", Day, "2024-10-11"},
		// a weekday that disagrees with the year of publication moves the year
		{"2025-02-01", "It began on Monday October 14", Past, "2024-10-14", Day, "Monday October 14"},
		// weekdays
		{"2024-10-16", "Gunmen attacked a convoy on Monday", Past, "2024-10-14", Day, "Monday"},
		{"2024-10-16", "Gunmen attacked a convoy on Wednesday", Past, "2024-10-16", Day, "Wednesday"},
		{"2024-10-16", "The envoys will meet on Friday", Future, "2024-10-18", Day, "Friday"},
		{"2024-10-16", "A drone hit a depot last Wednesday", Past, "2024-10-09", Day, "last Wednesday"},
		{"2024-10-16", "The ministers meet next Monday", Future, "2024-10-21", Day, "next Monday"},
		{"2024-10-16", "Sirens sounded on Sunday night across the city", Past, "2024-10-13", Day, "Sunday night"},
		{"2024-10-16", "Police said Monday's blast killed two", Past, "2024-10-14", Day, "Monday's"},
		// named days
		{"2024-10-16", "The army said yesterday that it had withdrawn", Past, "2024-10-15", Day, "yesterday"},
		{"2024-10-16", "Rockets fell on the town last night", Past, "2024-10-15", Day, "last night"},
		{"2024-10-16", "The summit opens tomorrow", Future, "2024-10-17", Day, "tomorrow"},
		// relative periods
		{"2024-10-16", "Seoul recalled its envoy last month", Past, "2024-09-01", Month, "last month"},
		{"2024-10-16", "Seoul recalled its envoy earlier this week", Past, "2024-10-14", Week, "earlier this week"},
		{"2024-10-16", "The pact will be reviewed next year", Future, "2025-01-01", Year, "next year"},
		{"2024-10-16", "A truce was signed 71 years ago", Past, "1953-10-16", Year, "71 years ago"},
		{"2024-10-16", "The border closed two weeks ago", Past, "2024-10-02", Week, "two weeks ago"},
		{"2024-10-16", "They met a decade ago", Past, "2014-10-16", Year, "a decade ago"},
		{"2024-10-16", "Fighting broke out twenty-one days ago", Past, "2024-09-25", Day, "twenty-one days ago"},
		// months and years
		{"2024-10-16", "The drills were held in August", Past, "2024-08-01", Month, "August"},
		{"2024-03-16", "The drills were held in August", Past, "2023-08-01", Month, "August"},
		{"2024-10-16", "The drills were held in October", Past, "2024-10-01", Month, "October"},
		{"2024-10-16", "Fighting flared in mid-August", Past, "2024-08-15", Month, "mid-August"},
		{"2024-10-16", "The talks collapsed in 2019", Past, "2019-01-01", Year, "2019"},
		{"2024-10-16", "The pact was signed in June 2000", Past, "2000-06-01", Month, "June 2000"},
		{"2024-10-16", "The war escalated in the 1960s", Past, "1960-01-01", Decade, "the 1960s"},
		// not dates
		{"2024-10-16", "It was the first time in 7 years", Past, "", Day, ""},
		{"2024-10-16", "It suspended the 2018 military agreement", Past, "", Day, ""},
		{"2024-10-16", "Officials may march on the capital", Past, "", Day, ""},
		{"2024-10-16", "Two soldiers died in the attack", Past, "", Day, ""},
	} {
		w := words(tc.text)
		exprs := Find(w, nil)
		if tc.want == "" {
			if len(exprs) != 0 {
				t.Errorf("%q: found %+v, want nothing", tc.text, exprs)
			}
			continue
		}
		if len(exprs) != 1 {
			t.Errorf("%q: found %d expressions %+v, want 1", tc.text, len(exprs), exprs)
			continue
		}
		e := exprs[0]
		if got := strings.Join(w[e.Start:e.End], " "); got != tc.expr {
			t.Errorf("%q: expression %q, want %q", tc.text, got, tc.expr)
		}
		d, ok := e.Resolve(ref(tc.pub), tc.tense)
		if !ok {
			t.Errorf("%q: did not resolve", tc.text)
			continue
		}
		if d.String() != tc.want || d.Gran != tc.gran {
			t.Errorf("%q on %s: %s (%v), want %s (%v)", tc.text, tc.pub, d, d.Gran, tc.want, tc.gran)
		}
	}
}

func TestUnknownTenseAcceptsNearFuture(t *testing.T) {
	exprs := Find(words("The vote is set for October 20"), nil)
	if len(exprs) != 1 {
		t.Fatalf("found %v", exprs)
	}
	if d, _ := exprs[0].Resolve(ref("2024-10-16"), Unknown); d.String() != "2024-10-20" {
		t.Errorf("unknown tense: %s, want 2024-10-20", d)
	}
	if d, _ := exprs[0].Resolve(ref("2024-10-16"), Past); d.String() != "2023-10-20" {
		t.Errorf("past tense: %s, want 2023-10-20", d)
	}
}

func TestUndated(t *testing.T) {
	exprs := Find(words("On Monday October 14 , it was submitted ; it was signed on June 19"), nil)
	if len(exprs) != 2 {
		t.Fatalf("found %+v", exprs)
	}
	y, ok := InferYear(exprs, ref("2026-01-01"))
	if !ok || y != 2024 {
		t.Fatalf("InferYear = %d, %v; want 2024", y, ok)
	}
	for i, want := range []string{"2024-10-14", "2024-06-19"} {
		if _, ok := exprs[i].Resolve(time.Time{}, Past); ok {
			t.Errorf("expression %d resolved without a reference", i)
		}
		d, ok := exprs[i].WithYear(y).Resolve(time.Time{}, Past)
		if !ok || d.String() != want {
			t.Errorf("expression %d: %s %v, want %s", i, d, ok, want)
		}
	}
	if _, ok := InferYear(Find(words("It was signed on June 19"), nil), ref("2026-01-01")); ok {
		t.Error("InferYear found a year with no weekday")
	}
	// Relative expressions need a reference.
	for _, s := range []string{"on Tuesday", "last month", "3 days ago", "yesterday"} {
		ex := Find(words(s), nil)
		if len(ex) != 1 {
			t.Fatalf("%q: %v", s, ex)
		}
		if _, ok := ex[0].Resolve(time.Time{}, Past); ok {
			t.Errorf("%q resolved without a reference", s)
		}
	}
}

func TestInvalidDates(t *testing.T) {
	for _, s := range []string{"February 30", "31 April", "2023-02-29"} {
		for _, e := range Find(words(s), nil) {
			if d, ok := e.Resolve(ref("2024-10-16"), Past); ok && e.Day != 0 {
				t.Errorf("%q resolved to %s", s, d)
			}
		}
	}
	// Leap day: resolves to the nearest past leap year.
	ex := Find(words("on February 29"), nil)
	if len(ex) != 1 {
		t.Fatalf("%v", ex)
	}
	if d, ok := ex[0].Resolve(ref("2025-03-01"), Past); !ok || d.String() != "2024-02-29" {
		t.Errorf("February 29: %s %v", d, ok)
	}
}

func BenchmarkFind(b *testing.B) {
	w := words("North Korea blew up sections of two roads linking it to South Korea near the border on Tuesday , according to the South Korean military , and on Monday October 14 it said the pact signed 71 years ago was void .")
	var dst []Expr
	b.ReportAllocs()
	for b.Loop() {
		dst = Find(w, dst[:0])
	}
}

func FuzzFind(f *testing.F) {
	f.Add("on Monday October 14 , 2024 and 71 years ago")
	f.Add("mid- 31 of of February 2024-13-40 last last")
	f.Fuzz(func(t *testing.T, s string) {
		w := strings.Fields(s)
		prev := 0
		for _, e := range Find(w, nil) {
			if e.Start < prev || e.End <= e.Start || e.End > len(w) {
				t.Fatalf("bad span %+v in %q", e, w)
			}
			prev = e.End
			e.Resolve(ref("2024-10-16"), Past)
			e.Resolve(time.Time{}, Future)
		}
	})
}
