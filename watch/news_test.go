package watch

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// TestNewsDate: the end of a default watch (and of the live watch's
// warm-up) is the latest event not dated after its report: a plan for
// next year is not news of next year. Events without a stored article
// (GDELT) count at their dates.
func TestNewsDate(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		write func(st store.Store) error
		want  string
	}{
		{"empty", func(store.Store) error { return nil }, ""},
		{"a plan after the news", func(st store.Store) error {
			a := &vigil.Article{Text: "The North fired shells. It will hold drills next year.", Published: time.Date(2024, 10, 15, 0, 0, 0, 0, time.UTC)}
			a.ID = vigil.ArticleID(a.Text)
			e1, e2 := mk("2024-10-15", "PRK", "KOR", "194", "The North fired shells."), mk("2025-06-01", "PRKMIL", "", "150", "It will hold drills next year.")
			e1.Article, e2.Article = a.ID, a.ID
			_, err := st.Write(ctx, store.Entry{Article: a, Events: []vigil.Event{e1, e2}})
			return err
		}, "2024-10-15"},
		{"imported events without articles", func(st store.Store) error {
			_, err := st.Write(ctx, store.Entry{Events: []vigil.Event{mk("2024-11-02", "RUS", "UKR", "190", "")}})
			return err
		}, "2024-11-02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := storetest.Backends()[0].Open(t)
			if err := tc.write(st); err != nil {
				t.Fatal(err)
			}
			if got, err := NewsDate(ctx, st, store.EventFilter{}); err != nil || got != tc.want {
				t.Errorf("newsDate = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
