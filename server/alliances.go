package server

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
)

// RegisterAlliances serves a treaty register. Before each answer it merges
// the status changes the store has learnt from coded events (saved by
// whichever process ran the watch), so a long-running server shows a
// ratification minutes after a feed reported it.
func RegisterAlliances(reg *alliance.Register, st store.Store) Alliances {
	return &registerAlliances{reg: reg, st: st}
}

type registerAlliances struct {
	reg *alliance.Register
	st  store.Store
}

func (a *registerAlliances) sync(ctx context.Context) error {
	sts, err := a.st.TreatyStatuses(ctx, "")
	if err != nil {
		return fmt.Errorf("treaty status from the store: %w", err)
	}
	a.reg.Merge(sts)
	return nil
}

func today() string { return time.Now().UTC().Format(vigil.DateLayout) }

// Treaties lists the treaties signed on or before date, with their status
// on that date.
func (a *registerAlliances) Treaties(ctx context.Context, date string) ([]Treaty, error) {
	if err := a.sync(ctx); err != nil {
		return nil, err
	}
	if date == "" {
		date = today()
	}
	var out []Treaty
	for _, t := range a.reg.Treaties() {
		st, _ := a.reg.StatusOn(t.ID, date)
		if st.Status == "" {
			continue // not yet signed on that date
		}
		tv := Treaty{ID: t.ID, Name: t.Label(), Parties: t.MembersOn(date), Signed: t.Signed, Status: st.Status, InForce: st.InForce, Detail: st.Detail}
		if tv.Name != t.Name {
			tv.FullName = t.Name
		}
		for _, art := range t.Articles {
			ta := TreatyArticle{No: art.No, Obligation: art.Obligation, Text: art.Summary}
			for _, c := range art.Conditions {
				ta.Conditions = append(ta.Conditions, c.String())
			}
			tv.Articles = append(tv.Articles, ta)
		}
		tv.History = []vigil.TreatyStatus{}
		for _, h := range t.History {
			if h.Date <= date {
				tv.History = append(tv.History, h.TreatyStatus)
			}
		}
		out = append(out, tv)
	}
	return out, nil
}

func (a *registerAlliances) Exposure(ctx context.Context, x, y, date string) (*vigil.Exposure, error) {
	if err := a.sync(ctx); err != nil {
		return nil, err
	}
	ex := a.reg.Exposure(x, y, date, alliance.ExposureOptions{})
	return &ex, nil
}
