package alliance

import (
	"slices"
	"sort"
	"strings"

	"github.com/vigil-ews/vigil"
)

// ExposureOptions tunes Exposure.
type ExposureOptions struct {
	// All lists every obligation type (consultation, neutrality,
	// non-aggression too), not only the defence and offence articles that
	// bind a state to join a side.
	All bool
}

// Country reduces an actor code to its country ("PRKMIL" → "PRK") and
// upper-cases it, so callers may pass either.
func Country(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) > 3 && !strings.HasPrefix(code, "IGO") {
		return code[:3]
	}
	return code
}

// Exposure answers "if a and b fight on date, who is bound to join whom?".
// a and b are country codes (actor codes are reduced to their country);
// date is YYYY-MM-DD. See the package documentation for the rules.
func (r *Register) Exposure(a, b, date string, opt ExposureOptions) vigil.Exposure {
	a, b = Country(a), Country(b)
	ex := vigil.Exposure{Date: date, A: a, B: b, Bound: []vigil.Obligation{}}
	r.mu.RLock()
	defer r.mu.RUnlock()
	type ranked struct {
		o      vigil.Obligation
		signed string
		rank   int
	}
	var out []ranked
	for _, t := range r.treaties {
		st := t.statusOn(date)
		switch st.Status {
		case "", Withdrawn, Expired:
			continue
		}
		for _, art := range t.Articles {
			if !opt.All && art.Obligation != Defense && art.Obligation != Offense {
				continue
			}
			for _, side := range [2][2]string{{a, b}, {b, a}} {
				p, o := side[0], side[1]
				if p == o || !t.member(p, date) || t.member(o, date) {
					// Not a party, or both sides are: a treaty binding
					// both belligerents binds no one to either side.
					continue
				}
				if len(art.Protects) > 0 && !slices.Contains(art.Protects, p) {
					continue
				}
				if !adversaryFits(art, o) {
					continue
				}
				if ps, _ := t.partyState(p, date); ps == Withdrawn {
					continue
				}
				for _, x := range t.States() {
					if x == p || x == o || !t.member(x, date) {
						continue
					}
					if len(art.Bound) > 0 && !slices.Contains(art.Bound, x) {
						continue
					}
					status, inForce := st.Status, st.InForce
					switch ps, _ := t.partyState(x, date); ps {
					case Withdrawn:
						continue
					case Suspended:
						status, inForce = Suspended, false
					}
					if susp, _ := t.pairSuspended(x, p, date); susp {
						status, inForce = Suspended, false
					}
					conds := make([]string, 0, len(art.Conditions))
					for _, c := range art.Conditions {
						conds = append(conds, c.String())
					}
					out = append(out, ranked{
						o: vigil.Obligation{
							State: x, Joins: p, Treaty: t.Label(), Article: art.No,
							Obligation: art.Obligation, Status: status, InForce: inForce,
							Conditions: conds,
						},
						signed: st.Signed,
						rank:   slices.Index(Obligations, art.Obligation),
					})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if (x.o.Joins == a) != (y.o.Joins == a) {
			return x.o.Joins == a
		}
		if x.rank != y.rank {
			return x.rank < y.rank
		}
		if x.o.InForce != y.o.InForce {
			return x.o.InForce
		}
		if x.signed != y.signed {
			return x.signed < y.signed
		}
		return x.o.State < y.o.State
	})
	for _, r := range out {
		ex.Bound = append(ex.Bound, r.o)
	}
	return ex
}

// adversaryFits reports whether an article's adversary conditions (if any)
// name the opposing side.
func adversaryFits(art Article, opp string) bool {
	for _, c := range art.Conditions {
		if c.Kind == "adversary" && !slices.Contains(c.Adversaries, opp) {
			return false
		}
	}
	return true
}
