package actor

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-ews/vigil/internal/shared"
)

func TestLoadEmbedded(t *testing.T) {
	kb := loadKB(t)
	st := kb.Stats()
	t.Logf("stats: %+v", st)
	if st.Countries < 198 {
		t.Errorf("countries = %d, want every UN member and observer plus TWN, XKX, ESH (198)", st.Countries)
	}
	if st.Places < 1500 {
		t.Errorf("places = %d, want the gazetteer's 1,500 or more", st.Places)
	}
	for _, code := range []string{"PRK", "KOR", "TWN", "XKX", "PSE", "ESH", "VAT", "IGOWSTNAT", "IGOUNO"} {
		if _, ok := kb.CountryName(code); !ok {
			t.Errorf("no name for %s", code)
		}
	}
}

// TestPeopleCoverage checks the dated-people data spans at least 40
// countries, as the issue requires.
func TestPeopleCoverage(t *testing.T) {
	kb := loadKB(t)
	countries := map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		for _, e := range n.entries {
			if e.person != nil {
				for _, o := range e.person.offices {
					c, _ := splitCode(o.Code)
					countries[c] = true
				}
			}
		}
		for _, c := range n.next {
			walk(c)
		}
	}
	walk(kb.root)
	t.Logf("people from %d countries", len(countries))
	if len(countries) < 40 {
		t.Errorf("people cover %d countries, want at least 40", len(countries))
	}
}

func TestProperName(t *testing.T) {
	kb := loadKB(t)
	for lower, want := range map[string]string{
		"russia":             "Russia",
		"russian federation": "Russian Federation",
		"north korea":        "North Korea",
		"ukraine":            "Ukraine",
		"pyongyang":          "Pyongyang",
	} {
		if got, ok := kb.ProperName(lower); !ok || got != want {
			t.Errorf("ProperName(%q) = %q, %v; want %q", lower, got, ok, want)
		}
	}
	for _, lower := range []string{"army", "troops", "the", "government", "china", "turkey", "nato", "us"} {
		if got, ok := kb.ProperName(lower); ok {
			t.Errorf("ProperName(%q) = %q; role words are not proper names", lower, got)
		}
	}
}

func TestUserDirOverridesAndErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("people.yaml", `
- name: Jane Example
  offices:
    - ATLGOV 2020-01-01.. president
`)
	write("countries.tsv", "ATL\tAtlantis\tRepublic of Atlantis\tAtlantean|Atlanteans\tPoseidonia\n")
	write("metonyms.yaml", "- code: USAMIL\n  names: [the White House]\n")
	write("places-atlantis.tsv", "# a user's gazetteer\nATL\tport\tAtlantica Harbour|Port Atlantica\nATL\tcity\tCoral\tambiguous\n")
	kb, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	ctx := kb.NewContext(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "")
	text := "Atlantean troops and President Jane Example met in Poseidonia; the White House said Port Atlantica and Coral reefs near Coral were shelled"
	got := describe(text, kb.Resolve(ctx, Tokens(text)))
	want := "Atlantean troops=ATLMIL | President Jane Example=ATLGOV | Poseidonia=ATLGOV | the White House=USAMIL | Port Atlantica=@ATL | Coral=@ATL"
	if got != want {
		t.Errorf("user data:\n got %s\nwant %s", got, want)
	}

	for _, tc := range []struct{ file, body, wantErr string }{
		{"people.yaml", "- name: X\n  ofices: [USAGOV 2020.. x]\n", "people.yaml:2"},
		{"people.yaml", "- name: X\n  offices: [USAXYZ 2020.. x]\n", "unknown role"},
		{"people.yaml", "- name: X\n  offices: [USAGOV 2020-13-01.. x]\n", "not YYYY-MM-DD"},
		{"countries.tsv", "ATLANTIS\tAtlantis\n", "countries.tsv:1"},
		{"groups.yaml", "- code: PSEREB\n", "without names"},
		{"metonyms.yaml", "- code: KORGOV\n  names: [x]\n  only: [nowhere]\n", "unknown context"},
		{"rules.yaml", "x: 1\n", "unknown actor file"},
		{"places.tsv", "UKR\tvillage\tX\n", "unknown place kind"},
		{"places.tsv", "ZZZ\tcity\tX\n", "unknown country ZZZ"},
		{"places.tsv", "UKR\tcity\tX\tmaybe\n", "unknown flag"},
		{"places.yaml", "x: 1\n", "unknown actor file"},
		{"organisations.yaml", "- code: KORGOV\n  names: [x]\n  place: true\n", "place: is for metonyms"},
	} {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, tc.file), []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(d)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s %q: err = %v, want it to mention %q", tc.file, tc.body, err, tc.wantErr)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}

func TestConcurrentResolve(t *testing.T) {
	kb := loadKB(t)
	text := "Russian Defence Minister Andrei Belousov met Chinese Defence Minister Dong Jun in Beijing."
	want := "Russian Defence Minister Andrei Belousov=RUSMIL | Chinese Defence Minister Dong Jun=CHNMIL | Beijing=CHNGOV"
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				ctx := kb.NewContext(time.Date(2024, 10, 14, 0, 0, 0, 0, time.UTC), text)
				if got := describe(text, kb.Resolve(ctx, Tokens(text))); got != want {
					t.Errorf("got %s", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestSeedArticle resolves the seed article sentence by sentence, the way
// the coder does, and checks the mentions the analyst reads in it.
func TestSeedArticle(t *testing.T) {
	path := shared.Path(t, "seed/korea-tensions-defense-express.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kb := loadKB(t)
	article := string(b)
	ctx := kb.NewContext(time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC), article)
	got := map[string]string{}
	for _, m := range kb.Resolve(ctx, Tokens(article)) {
		got[article[m.ByteStart:m.ByteEnd]] = m.Code
	}
	for span, code := range map[string]string{
		"North Korea’s":                     "PRK",
		"russia":                            "RUS",
		"the DPRK":                          "PRK",
		"Kim Jong Un":                       "PRKGOV",
		"the Armed Forces of South Korea":   "KORMIL",
		"South Korea's Minister of Defense": "KORMIL",
		"the russian parliament":            "RUSLEG",
		"Putin's":                           "RUSGOV",
		"the Minister of Defense of the russian federation Andrey Belousov": "RUSMIL",
		"Beijing's":              "CHNGOV",
		"russian forces":         "RUSMIL",
		"North Korean personnel": "PRKMIL",
	} {
		if got[span] != code {
			t.Errorf("%q resolved to %q, want %q", span, got[span], code)
		}
	}
}
