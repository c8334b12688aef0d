package alliance

import (
	"fmt"
	"strings"
)

// State is a treaty's status on a date.
type State struct {
	// Status is the treaty-level status: "" (not yet signed on the date),
	// signed, in_force, suspended, withdrawn or expired.
	Status  string `json:"status"`
	Since   string `json:"since,omitempty"` // date of the entry that set Status
	InForce bool   `json:"in_force"`
	Signed  string `json:"signed,omitempty"`
	// Detail lists what happened up to the date, oldest first:
	// "signed 2024-06-19; submitted by RUS 2024-10-14; not in force".
	Detail string `json:"detail"`
}

// StatusOn returns the treaty's status on date (YYYY-MM-DD).
func (r *Register) StatusOn(id, date string) (State, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.byID[id]
	if !ok {
		return State{}, false
	}
	return t.statusOn(date), true
}

func (t *Treaty) statusOn(date string) State {
	var s State
	var steps []string
	for _, h := range t.History {
		if h.Date > date {
			break
		}
		step := strings.ReplaceAll(h.Status, "_", " ")
		if h.Party != "" {
			step += " by " + h.Party
			if h.With != "" {
				step += " toward " + h.With
			}
		}
		steps = append(steps, step+" "+h.Date)
		if h.Party != "" {
			continue
		}
		switch h.Status {
		case Signed:
			if s.Status == "" {
				s.Status, s.Since, s.Signed = Signed, h.Date, h.Date
			}
		case InForce, Resumed:
			s.Status, s.Since = InForce, h.Date
		case Suspended, Withdrawn, Expired:
			s.Status, s.Since = h.Status, h.Date
		}
	}
	if s.Signed == "" && t.Signed != "" && t.Signed <= date {
		s.Signed = t.Signed
		if s.Status == "" {
			s.Status, s.Since = Signed, t.Signed
		}
	}
	s.InForce = s.Status == InForce
	if s.Status == Signed {
		steps = append(steps, "not in force")
	}
	s.Detail = strings.Join(steps, "; ")
	return s
}

// member reports whether state is a party on date: a listed membership
// covers it (joined on or before, not yet left).
func (t *Treaty) member(state, date string) bool {
	for _, p := range t.Parties {
		if p.State != state {
			continue
		}
		if p.Joined != "" && p.Joined > date {
			continue
		}
		if p.Left != "" && p.Left <= date {
			continue
		}
		return true
	}
	return false
}

// MembersOn returns the states party to the treaty on date, in register
// order: those that had joined by then and had neither left nor withdrawn
// (a suspended party is still a member). Former members are not listed:
// Azerbaijan, Georgia and Uzbekistan left the CSTO in 1999.
func (t *Treaty) MembersOn(date string) []string {
	var out []string
	for _, s := range t.States() {
		if !t.member(s, date) {
			continue
		}
		if ps, _ := t.partyState(s, date); ps == Withdrawn {
			continue
		}
		out = append(out, s)
	}
	return out
}

// partyState is one party's standing under a treaty on a date, from its own
// history entries: withdrawn or suspended parties are not bound.
func (t *Treaty) partyState(state, date string) (status string, since string) {
	for _, h := range t.History {
		if h.Date > date {
			break
		}
		if h.Party != state || h.With != "" {
			continue
		}
		switch h.Status {
		case Suspended, Withdrawn:
			status, since = h.Status, h.Date
		case Resumed, Acceded:
			status, since = "", ""
		}
	}
	return status, since
}

// pairSuspended reports whether state's obligations toward other are
// suspended on date (ANZUS: USA toward NZL).
func (t *Treaty) pairSuspended(state, other, date string) (bool, string) {
	susp, since := false, ""
	for _, h := range t.History {
		if h.Date > date {
			break
		}
		if h.Party != state || h.With != other {
			continue
		}
		switch h.Status {
		case Suspended, Withdrawn:
			susp, since = true, h.Date
		case Resumed:
			susp, since = false, ""
		}
	}
	return susp, since
}

// eventParties adds states that acceded through events: an acceded or
// in_force entry for a state that is not a listed party.
func (t *Treaty) eventParties() {
	for _, h := range t.History {
		if h.Party == "" || t.HasParty(h.Party) {
			continue
		}
		if h.Status == Acceded || h.Status == InForce {
			t.Parties = append(t.Parties, Party{State: h.Party, Joined: h.Date, Note: fmt.Sprintf("joined per event %s", h.EventID)})
		}
	}
}
