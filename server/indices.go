package server

import (
	"context"

	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch"
)

// WatchIndices computes the chart's escalation series with the watch
// package's index, from the events in the store.
func WatchIndices(st store.Store) Indices { return watchIndices{st} }

type watchIndices struct{ st store.Store }

func (w watchIndices) Escalation(ctx context.Context, a, b, since, until string) ([]Point, error) {
	days, err := watch.Series(ctx, w.st, watch.SeriesQuery{A: a, B: b, Directed: true, Since: since, Until: until, Fill: true})
	if err != nil {
		return nil, err
	}
	out := make([]Point, 0, len(days))
	for _, d := range days {
		out = append(out, Point{Date: d.Date, Value: d.Escalation})
	}
	return out, nil
}
