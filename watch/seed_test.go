package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/coder"
	"github.com/vigil-ews/vigil/internal/shared"
	"github.com/vigil-ews/vigil/store"
)

// TestSeedArticle is the end-to-end check: the seed article
// (Defense Express, 2024-10-15), coded by the real coder into an empty
// SQLite store and watched, must give a PRK→KOR pre-offensive-posture
// warning citing at least four distinct steps with their sentences, whose
// exposure lists Russia (2024 treaty, Art. 4, signed 2024-06-19, not in
// force) and China (1961, in force) with the DPRK and the United States
// (1953, in force) with the ROK. It depends on the coder coding the seed's
// events; when it fails it says which of them were not coded.
func TestSeedArticle(t *testing.T) {
	path := shared.Path(t, "seed/korea-tensions-defense-express.txt")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	art := &vigil.Article{
		ID: vigil.ArticleID(text), Text: text, Web: true, Source: "Defense Express",
		Published: time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC),
	}
	c, err := coder.New(coder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := c.Code(art)

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Write(ctx, store.Entry{Article: art, Events: events}); err != nil {
		t.Fatal(err)
	}
	reg, err := alliance.Load("")
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Options{Register: reg, Sink: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Replay(ctx, st, "", "", nil); err != nil {
		t.Fatal(err)
	}
	saved, err := st.Warnings(ctx, store.WarningFilter{Rule: "pre-offensive-posture"})
	if err != nil {
		t.Fatal(err)
	}
	var warn *vigil.Warning
	for i := range saved {
		if saved[i].Source == "PRK" && saved[i].Target == "KOR" {
			warn = &saved[i]
		}
	}
	if warn == nil || len(warn.Steps) < 4 {
		t.Fatalf("no PRK→KOR pre-offensive-posture warning with ≥4 steps (got %s).\n%s", describe(saved), missingSeedEvents(events))
	}
	t.Logf("%s: %d steps, first %s, last %s", warn.Level, len(warn.Steps), warn.First, warn.Last)
	for _, s := range warn.Steps {
		if len(s.Events) == 0 || s.Events[0].Sentence == "" || !strings.Contains(text, s.Events[0].Sentence[:min(40, len(s.Events[0].Sentence))]) {
			t.Errorf("step %q does not cite a sentence of the article: %+v", s.Name, s.Events)
		}
		t.Logf("  %s: %s %q", s.Name, s.Events[0].Code, s.Events[0].Sentence)
	}
	ex := warn.Exposure
	if ex == nil || ex.Date != "2024-10-15" {
		t.Fatalf("exposure %+v, want one dated 2024-10-15", ex)
	}
	check := func(ex vigil.Exposure, state, joins, treaty, article, status string, inForce bool) {
		t.Helper()
		for _, o := range ex.Bound {
			if o.State == state && o.Joins == joins && strings.Contains(o.Treaty, treaty) {
				if o.Article != article || o.Status != status || o.InForce != inForce {
					t.Errorf("%s: %s joins %s: %+v, want Art. %s, %s, in_force=%v", ex.Date, state, joins, o, article, status, inForce)
				}
				return
			}
		}
		t.Errorf("%s: exposure lacks %s joining %s under the %s treaty: %+v", ex.Date, state, joins, treaty, ex.Bound)
	}
	check(*ex, "RUS", "PRK", "2024", "4", "signed", false)
	check(*ex, "CHN", "PRK", "1961", "II", "in_force", true)
	check(*ex, "USA", "KOR", "1953", "III", "in_force", true)
	tr, _ := reg.Treaty("rus-prk-2024")
	if tr.Signed != "2024-06-19" {
		t.Errorf("Russia–DPRK signed %s, want 2024-06-19", tr.Signed)
	}
	// The same question dated 2024-12-05: the Russian treaty is in force.
	check(reg.Exposure("PRK", "KOR", "2024-12-05", alliance.ExposureOptions{}), "RUS", "PRK", "2024", "4", "in_force", true)
}

// missingSeedEvents reports which of the seed's required events the coder
// did not code, for a failure message the coder's owner can act on.
func missingSeedEvents(events []vigil.Event) string {
	want := []struct{ src, tgt, root string }{
		{"PRK", "KOR", "19"}, {"PRK", "KOR", "11"}, {"PRK", "KOR", "13"}, {"PRK", "", "15"}, {"PRK", "PRK", "04"},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The coder coded %d events:\n", len(events))
	for _, e := range events {
		fmt.Fprintf(&b, "  %s %s→%s %s negated=%v hypothetical=%v %q\n", e.Date, e.Source, e.Target, e.Code, e.Negated, e.Hypothetical, e.Sentence)
	}
	for _, w := range want {
		found := false
		for _, e := range events {
			if e.SourceCountry() == w.src && e.TargetCountry() == w.tgt && e.Root == w.root && !e.Flagged() {
				found = true
			}
		}
		if !found {
			fmt.Fprintf(&b, "MISSING: %s→%q root %s\n", w.src, w.tgt, w.root)
		}
	}
	return b.String()
}
