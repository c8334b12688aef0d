package watch

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// TestLiveEqualsReplay: watching articles as they are stored
// (ObserveArticle, as the pipeline's OnStored does) and replaying the
// store afterwards give the same warnings, on both backends — also when
// an article reports a plan dated months after it, which both count on the
// article's publication date (a replay that counted it on its own date
// would move the watch's clock months ahead and age every warning).
func TestLiveEqualsReplay(t *testing.T) {
	ctx := context.Background()
	type report struct {
		published string
		events    []vigil.Event // dates and sentences; Article and ID are filled in
	}
	reports := []report{
		{"2024-10-09", []vigil.Event{
			mk("2024-10-09", "PRK", "KOR", "138", "The army said it would cut off the roads to the South."),
			mk("2024-10-09", "PRK", "KOR", "112", "It blamed the South's drills."),
		}},
		{"2024-10-11", []vigil.Event{
			mk("2024-10-11", "PRK", "KOR", "1123", "The North accused Seoul of flying drones over Pyongyang."),
			mk("2024-10-11", "PRKMIL", "", "152", "The armed forces were put on alert."),
		}},
		{"2024-10-14", []vigil.Event{
			mk("2024-10-13", "PRKMIL", "KOR", "152", "Artillery brigades were ordered to be ready to fire."),
			mk("2024-10-14", "PRKGOV", "PRKMIL", "040", "Kim Jong Un convened his military and security chiefs."),
			// A plan, months ahead.
			mk("2025-03-01", "PRKMIL", "KOR", "154", "The army will mobilise reserves along the border from March."),
		}},
		{"2024-10-15", []vigil.Event{
			mk("2024-10-15", "PRKMIL", "KOR", "191", "Soldiers blew up sections of the roads to the South."),
			mk("2024-10-16", "PRK", "KOR", "138", "It will answer any provocation with force tomorrow."),
		}},
	}
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			st := b.Open(t)
			live, _ := newWatcher(t, true)
			for i, r := range reports {
				pub, _ := time.Parse(vigil.DateLayout, r.published)
				var text strings.Builder
				for _, e := range r.events {
					text.WriteString(e.Sentence + " ")
				}
				a := &vigil.Article{Text: fmt.Sprintf("Report %d. %s", i, text.String()), Published: pub}
				a.ID = vigil.ArticleID(a.Text)
				evs := make([]vigil.Event, len(r.events))
				for j, e := range r.events {
					start := strings.Index(a.Text, e.Sentence)
					e.Article, e.Offsets = a.ID, [2]int{start, start + len(e.Sentence)}
					e.ID = vigil.EventID(a.ID, start, e.Source, e.Target, e.Code)
					evs[j] = e
				}
				if _, err := st.Write(ctx, store.Entry{Article: a, Events: evs}); err != nil {
					t.Fatal(err)
				}
				if _, err := live.ObserveArticle(ctx, a, evs); err != nil {
					t.Fatal(err)
				}
			}
			replay, _ := newWatcher(t, true)
			if _, err := replay.Replay(ctx, st, "", "", nil); err != nil {
				t.Fatal(err)
			}
			got, want := summary(replay.Warnings()), summary(live.Warnings())
			if len(want) == 0 || !strings.Contains(strings.Join(want, "\n"), "alert") {
				t.Fatalf("the live watch raised no alert: %q", want)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("replay and live watching differ:\n replay %q\n live   %q", got, want)
			}
		})
	}
}

// summary is what a reader of a warning sees: its identity, level, score,
// dates, and the events cited for each step.
func summary(ws []vigil.Warning) []string {
	var out []string
	for _, w := range ws {
		s := fmt.Sprintf("%s %s %.3f %s..%s as of %s", w.ID, w.Level, w.Score, w.First, w.Last, w.AsOf)
		for _, st := range w.Steps {
			var ids []string
			for _, e := range st.Events {
				ids = append(ids, e.ID[:6]+"@"+e.Date)
			}
			s += fmt.Sprintf(" | %s: %s", st.Name, strings.Join(ids, ","))
		}
		out = append(out, s)
	}
	return out
}
