package watch

// Surprise: an indicator only counts when it is unusual for the dyad.
//
// Busy dyads (the United States and China, Russia and Ukraine) show some
// steps every week: accusations, threats, security meetings. Counted as
// they come, every busy dyad would sit on a permanent pre-offensive alert.
// Indicators-and-warnings practice looks for change, so a rule step counts
// for a dyad only when it is seen in the window more than
//
//	surprise × (the number of times it was expected)
//
// where the expectation is the step's daily rate over the year before the
// window (its events between the two sides, and the two sides' untargeted
// events, as the step's clauses allow) times the window's length. With the
// default surprise of 2, a dyad that showed the step once in the year before
// needs it once (1 > 2 × 30/360); one that accuses the other every day needs
// more than twice the usual number of accusations in the window. The rate
// is over the baseline's watched days (days on which any news was seen); a
// baseline of fewer than 30 watched days (data that began recently)
// expects nothing. Rules set surprise: 0 to count every
// step as seen.
//
// Counts are kept per dyad and per side in rings of 30-day buckets (four
// bytes each), only for the steps their events can show.

const (
	stepRingSize      = 24 // buckets: baseline year plus the longest windows
	stepBaseline      = 12 // buckets of baseline
	minBaselineDays   = 30
	defaultSurprise   = 2.0
	minEscalationDays = 90 // baseline days the escalation index needs to warn
)

// stepKey is a rule and one of its steps.
type stepKey uint16

func keyOf(rule, step uint8) stepKey { return stepKey(rule)<<8 | stepKey(step) }

// stepRing counts a step's events per 30-day bucket.
type stepRing [stepRingSize]struct {
	id uint16 // bucket number, modulo 65536 (179 years)
	n  uint16
}

func (r *stepRing) add(d day) {
	bid := uint16(d / bucketDays)
	s := &r[int(d/bucketDays)%stepRingSize]
	if s.id != bid {
		s.id, s.n = bid, 0
	}
	if s.n < 1<<16-1 {
		s.n++
	}
}

// sum counts the events of buckets [lo, hi].
func (r *stepRing) sum(lo, hi int32) int {
	n := 0
	for b := max(lo, hi-stepRingSize+1); b <= hi; b++ {
		if b < 0 {
			continue
		}
		if s := r[int(b)%stepRingSize]; s.id == uint16(b) {
			n += int(s.n)
		}
	}
	return n
}

// stepCounts holds the rings of one dyad or side.
type stepCounts map[stepKey]*stepRing

func (c *stepCounts) add(k stepKey, d day) {
	if *c == nil {
		*c = stepCounts{}
	}
	r := (*c)[k]
	if r == nil {
		r = new(stepRing)
		(*c)[k] = r
	}
	r.add(d)
}

// expectation returns, for rule ri evaluated on s→t over the window ending
// on day at, the function giving each step's expected count in the window
// (nil when the rule does not use surprise or there is too little history).
func (w *Watcher) expectation(ri int, r *Rule, s, t sid, at day) func(step int) float64 {
	if r.Surprise <= 0 {
		return nil
	}
	winStart := at - day(r.Window) + 1
	hi := int32(winStart/bucketDays) - 1
	lo := hi - stepBaseline + 1
	// Baseline days on which news was watched at all.
	n := 0
	for k := lo; k <= hi; k++ {
		n += w.active.watched(k)
	}
	if n < minBaselineDays {
		return nil
	}
	fwd, back := w.dyads[pair{s, t}], w.dyads[pair{t, s}]
	ss, ts := w.sideState(s), w.sideState(t)
	return func(step int) float64 {
		k := keyOf(uint8(ri), uint8(step))
		by, none := false, false
		var srcSide, tgtSide bool
		for _, c := range r.Steps[step].Clauses {
			b := c.By
			if r.Undirected {
				b = ByEither
			}
			srcSide = srcSide || b == BySource || b == ByEither
			tgtSide = tgtSide || b == ByTarget || b == ByEither
			by = by || c.Toward != TowardNone
			none = none || c.Toward != TowardCounterpart
		}
		count := 0
		if by && srcSide && fwd != nil {
			count += ringSum(fwd.steps, k, lo, hi)
		}
		if by && tgtSide && back != nil {
			count += ringSum(back.steps, k, lo, hi)
		}
		if none && srcSide && ss != nil {
			count += ringSum(ss.steps, k, lo, hi)
		}
		if none && tgtSide && ts != nil {
			count += ringSum(ts.steps, k, lo, hi)
		}
		return float64(count) / float64(n) * float64(r.Window)
	}
}

func ringSum(c stepCounts, k stepKey, lo, hi int32) int {
	if r := c[k]; r != nil {
		return r.sum(lo, hi)
	}
	return 0
}
