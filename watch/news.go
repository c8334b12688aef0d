package watch

import (
	"context"
	"fmt"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// NewsReader is what NewsDate reads: events newest first. store.Store
// satisfies it.
type NewsReader interface {
	Events(ctx context.Context, f store.EventFilter) (store.Page[vigil.Event], error)
}

// NewsDate returns the date the stored news has reached among the events
// matching f (all of them, or a dyad's): the latest event date that is not
// after the publication date of the article reporting it (Event.Reported).
// Events dated later are plans ("exercises from November 5 to 16") or
// dates resolved into the future: as the end of a replay, a warm-up or a
// chart they would set the clock to a day the news has not reached, and
// age every warning. Events without a stored article (imported from
// GDELT) count at their dates. It returns "" when no dated event matches.
func NewsDate(ctx context.Context, st NewsReader, f store.EventFilter) (string, error) {
	f.Order, f.Limit, f.Cursor, f.IncludeFlagged = store.ByDateDesc, 200, "", true
	p, err := st.Events(ctx, f)
	if err != nil {
		return "", fmt.Errorf("finding the latest stored event: %w", err)
	}
	for _, e := range p.Items {
		if e.Date != "" && (e.Reported == "" || e.Date <= e.Reported) {
			return e.Date, nil
		}
	}
	for i := len(p.Items) - 1; i >= 0; i-- {
		if p.Items[i].Date != "" {
			return p.Items[i].Date, nil // a page of plans: the earliest of them
		}
	}
	return "", nil
}
