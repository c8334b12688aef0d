package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // token texts separated by " | "
	}{
		{"North Korea's army", "North | Korea | 's | army"},
		{"the Koreas' border", "the | Koreas | ' | border"},
		{"Seoul didn't respond", "Seoul | did | n't | respond"},
		{"they can't and won't", "they | ca | n't | and | wo | n't"},
		{"we're ready, they'll see, I'd go, I'm sure, we've won",
			"we | 're | ready | , | they | 'll | see | , | I | 'd | go | , | I | 'm | sure | , | we | 've | won"},
		{"Korea’s drills", "Korea | ’s | drills"},
		{"Korea&#8217;s drills", "Korea | &#8217;s | drills"},
		{"O'Brien and Ma'arib", "O'Brien | and | Ma'arib"},
		{"Pyongyang test-fired short-range missiles", "Pyongyang | test-fired | short-range | missiles"},
		{"the U.S.-led coalition", "the | U.S.-led | coalition"},
		{"the U.S. and the U.N.", "the | U.S. | and | the | U.N."},
		{"anti-U.S. rallies", "anti-U.S. | rallies"},
		{"los EE.UU. y", "los | EE.UU. | y"},
		{"IT.The typo", "IT | . | The | typo"},
		{"via SyndiGate.info and rt.com, PanARMENIAN.Net", "via | SyndiGate.info | and | rt.com | , | PanARMENIAN.Net"},
		{"yonhap.co.kr reported", "yonhap.co.kr | reported"},
		{"the war.In Seoul", "the | war | . | In | Seoul"},
		{"at 7:30 a.m. today", "at | 7:30 | a.m. | today"},
		{"J.R.R. Tolkien and John F. Kennedy", "J.R.R. | Tolkien | and | John | F. | Kennedy"},
		{"Gen. Kim and Lt. Col. Park", "Gen. | Kim | and | Lt. | Col. | Park"},
		{"Resolution No. 4", "Resolution | No. | 4"},
		{"he said no.", "he | said | no | ."},
		{"$1.2 billion, 3.5% and 10,000 troops", "$ | 1.2 | billion | , | 3.5 | % | and | 10,000 | troops"},
		{"1,200,000 people on 24/7 alert", "1,200,000 | people | on | 24/7 | alert"},
		{"the 2024-10-14 report", "the | 2024-10-14 | report"},
		{"Su-57 jets", "Su-57 | jets"},
		{"wait... what?! (really)", "wait | ... | what | ?! | ( | really | )"},
		{"troops — and tanks – moved -- fast - today", "troops | — | and | tanks | – | moved | -- | fast | - | today"},
		{"“Quoted” and \"straight\" and 'single'", "“ | Quoted | ” | and | \" | straight | \" | and | ' | single | '"},
		{"AT&T and R&D and S&P", "AT&T | and | R&D | and | S&P"},
		{"see https://example.org/a?b=1, then www.example.com.", "see | https://example.org/a?b=1 | , | then | www.example.com | ."},
		{"mail press@example.org now", "mail | press@example.org | now"},
		{"#NorthKorea and @kcna_watch", "#NorthKorea | and | @kcna_watch"},
		{"Tom &amp; Jerry", "Tom | &amp; | Jerry"},
		{"non\u00a0breaking\u2009spaces", "non | breaking | spaces"},
		{"zero\u200bwidth", "zero | width"},
		{"Ukraine’s", "Ukraine | ’s"},
		{"end.", "end | ."},
		{"etc.", "etc."},
		{"(No. 4)", "( | No. | 4 | )"},
	} {
		toks := Tokenize(c.in, 0, len(c.in), nil)
		var got []string
		for _, tk := range toks {
			got = append(got, tk.Text)
		}
		if g := strings.Join(got, " | "); g != c.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", c.in, g, c.want)
		}
		checkTokens(t, c.in, toks)
	}
}

// checkTokens verifies the invariants every token list must hold.
func checkTokens(t *testing.T, src string, toks []Token) {
	t.Helper()
	prev := 0
	for i, tk := range toks {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(src) {
			t.Fatalf("token %d %q has bad offsets [%d,%d) after %d in %q", i, tk.Text, tk.Start, tk.End, prev, src)
		}
		if src[tk.Start:tk.End] != tk.Text {
			t.Fatalf("token %d: Text %q != src[%d:%d] %q", i, tk.Text, tk.Start, tk.End, src[tk.Start:tk.End])
		}
		if tk.Norm == "" || !utf8.ValidString(tk.Norm) {
			t.Fatalf("token %d %q: bad Norm %q", i, tk.Text, tk.Norm)
		}
		if tk.Lower != strings.ToLower(tk.Norm) {
			t.Fatalf("token %d %q: Lower %q != ToLower(Norm %q)", i, tk.Text, tk.Lower, tk.Norm)
		}
		prev = tk.End
	}
}

func TestNorm(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Korea’s", "Korea 's"},
		{"Korea&#8217;s", "Korea 's"},
		{"Korea&rsquo;s", "Korea 's"},
		{"“border”", `" border "`},
		{"&ldquo;border&rdquo;", `" border "`},
		{"2011–2012", "2011 - 2012"},
		{"troops—tanks", "troops -- tanks"},
		{"wait…", "wait ..."},
		{"Tom &amp; Jerry", "Tom & Jerry"},
		{"&#x2014;", "--"},
		{"&#39;quoted&#39;", "' quoted '"},
		{"&unknown; entity", "& unknown ; entity"},
		{"AT&T", "AT&T"},
		{"ﬁghters", "fighters"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"‘single’", "' single '"},
		{"co‑operation", "co-operation"}, // non-breaking hyphen
		{"inter\u00adnational talks", "international talks"},
	} {
		toks := Tokenize(c.in, 0, len(c.in), nil)
		var got []string
		for _, tk := range toks {
			got = append(got, tk.Norm)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("Norm of %q: got %q, want %q", c.in, g, c.want)
		}
		checkTokens(t, c.in, toks)
	}
}

func TestTokenizeBounds(t *testing.T) {
	src := "Before. The middle sentence. After."
	a := strings.Index(src, "The")
	b := strings.Index(src, " After")
	toks := Tokenize(src, a, b, nil)
	if len(toks) != 4 || toks[0].Start != a || toks[3].End != b {
		t.Fatalf("Tokenize(src, %d, %d) = %+v", a, b, toks)
	}
	// Out-of-range bounds are clamped, not a panic.
	if got := Tokenize(src, -5, 1000, nil); len(got) == 0 || got[len(got)-1].End != len(src) {
		t.Fatalf("clamped Tokenize = %+v", got)
	}
	if got := Tokenize(src, 10, 5, nil); len(got) != 0 {
		t.Fatalf("empty range gave %+v", got)
	}
}

func TestTokenizeInvisible(t *testing.T) {
	src := "troops \u00ad withdrew"
	toks := Tokenize(src, 0, len(src), nil)
	if len(toks) != 2 {
		t.Fatalf("got %+v, want the lone soft hyphen dropped", toks)
	}
	checkTokens(t, src, toks)
	checkDocument(t, src, Analyze(src, Options{}))
	checkDocument(t, "\u00ad", Analyze("\u00ad", Options{}))
}
