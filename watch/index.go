package watch

import (
	"context"
	"fmt"
	"math"
	"math/bits"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
)

// EscalationConfig tunes the escalation index and the warnings it raises.
// The zero value means the defaults (see DefaultEscalation).
type EscalationConfig struct {
	// HalfLife (days) of the exponentially weighted recent level.
	HalfLife int
	// PriorSD is the daily standard deviation assumed for a dyad without
	// history, and PriorDays how many days of evidence that assumption is
	// worth: the baseline is shrunk toward it.
	PriorSD   float64
	PriorDays int
	// MinSD floors the baseline's standard deviation.
	MinSD float64
	// Threshold is the z-score at which a warning starts (level watch);
	// each Step of z above it is one level more.
	Threshold, Step float64
	// MinEvents is how many distinct conflict events of the last 30 days
	// a dyad needs before its index may raise a warning.
	MinEvents int
	// Off disables escalation warnings (the index is still kept).
	Off bool
}

// DefaultEscalation is the configuration used for zero fields.
var DefaultEscalation = EscalationConfig{
	HalfLife: 7, PriorSD: 1, PriorDays: 60, MinSD: 0.5,
	Threshold: 3, Step: 1.5, MinEvents: 4,
}

func (c EscalationConfig) withDefaults() EscalationConfig {
	d := DefaultEscalation
	if c.HalfLife > 0 {
		d.HalfLife = c.HalfLife
	}
	if c.PriorSD > 0 {
		d.PriorSD = c.PriorSD
	}
	if c.PriorDays > 0 {
		d.PriorDays = c.PriorDays
	}
	if c.MinSD > 0 {
		d.MinSD = c.MinSD
	}
	if c.Threshold > 0 {
		d.Threshold = c.Threshold
	}
	if c.Step > 0 {
		d.Step = c.Step
	}
	if c.MinEvents > 0 {
		d.MinEvents = c.MinEvents
	}
	d.Off = c.Off
	return d
}

// The baseline is kept in 30-day buckets: the recent period is the current
// bucket and the two before it (60 to 90 days), the baseline the twelve
// buckets before those (the year before). A ring of 16 buckets per dyad
// holds them, so a dyad's index costs a few hundred bytes however long its
// history.
const (
	bucketDays      = 30
	recentBuckets   = 3
	baselineBuckets = 12
	ringSize        = 16
	// lookback is how far back a warm-up must start so that the index of
	// the first day it reports has its full baseline.
	lookback = bucketDays * (recentBuckets + baselineBuckets + 1)
)

// Lookback is how many days before a date a replay must start for that
// date's escalation index to have its full baseline (and every rule window
// its evidence): 480.
const Lookback = lookback

// index is the escalation index of one dyad (or pair).
type index struct {
	ewDay  day     // day the EW level is current for
	ew     float64 // exponentially weighted daily conflict intensity
	curDay day     // latest day seen, and its running intensity (for squares)
	curX   float64
	ring   [ringSize]bucket
}

type bucket struct {
	id      int32 // bucket number (day / bucketDays); slot is stale if not current
	sum, sq float64
}

// conflictWeight is an event's contribution to the daily conflict
// intensity: for verbal and material conflict (quad 3, 4), its Goldstein
// value turned positive and clipped to [1, 10]; cooperation adds nothing.
func conflictWeight(quad int, goldstein float64) float64 {
	if quad < 3 {
		return 0
	}
	return min(max(-goldstein, 1), 10)
}

// add records w of intensity on day d. Events may arrive late (d before the
// latest day): the EW level takes them decayed; the sum of squares then
// treats them as their own day, which slightly understates variance.
func (ix *index) add(d day, w, alpha float64) {
	if w == 0 {
		return
	}
	if d > ix.ewDay {
		ix.ew *= math.Pow(1-alpha, float64(d-ix.ewDay))
		ix.ewDay = d
	}
	ix.ew += alpha * w * math.Pow(1-alpha, float64(ix.ewDay-d))
	bid := int32(d / bucketDays)
	slot := &ix.ring[int(bid)%ringSize]
	if slot.id != bid {
		if slot.id > bid && (slot.sum != 0 || slot.sq != 0) {
			return // older than the ring reaches
		}
		*slot = bucket{id: bid}
	}
	switch {
	case d == ix.curDay:
		slot.sq += 2*ix.curX*w + w*w
		ix.curX += w
	case d > ix.curDay:
		ix.curDay, ix.curX = d, w
		slot.sq += w * w
	default:
		slot.sq += w * w
	}
	slot.sum += w
}

// reading is the index on a day.
type reading struct {
	Level    float64 // EW recent daily intensity
	Baseline float64 // baseline mean
	SD       float64 // shrunk, floored baseline standard deviation
	Days     int     // baseline days with data (0 for a new dyad)
	Z        float64
}

// read computes the index on day at. watched(k) is the number of days of
// bucket k on which news was watched at all: only those are quiet days
// (zeros) in the baseline; days before the data began, or gaps in it, are
// unknown, not quiet.
func (ix *index) read(at day, watched func(bucket int32) int, cfg EscalationConfig, alpha float64) reading {
	lvl := ix.ew
	if at > ix.ewDay {
		lvl *= math.Pow(1-alpha, float64(at-ix.ewDay))
	}
	cur := int32(at / bucketDays)
	var sum, sq float64
	n := 0
	for k := max(cur-recentBuckets-baselineBuckets+1, 0); k <= cur-recentBuckets; k++ {
		n += watched(k)
		if s := ix.ring[int(k)%ringSize]; s.id == k {
			sum += s.sum
			sq += s.sq
		}
	}
	mu, v := 0.0, 0.0
	if n > 0 {
		mu = sum / float64(n)
		v = max(sq/float64(n)-mu*mu, 0)
	}
	// Shrink the variance toward the prior (PriorSD) by PriorDays
	// pseudo-days: a dyad with little history cannot look extreme from one
	// report. The mean is not shrunk: the days observed are what is usual.
	// The floors keep a steady dyad from looking extreme on a small rise:
	// at least MinSD, and at least a quarter of the mean.
	k := float64(cfg.PriorDays)
	N := float64(n)
	v = (N*v + k*cfg.PriorSD*cfg.PriorSD) / (N + k)
	sd := max(math.Sqrt(v), cfg.MinSD, mu/4)
	return reading{Level: lvl, Baseline: mu, SD: sd, Days: n, Z: (lvl - mu) / sd}
}

// sinceStart counts every day from start on as watched: for a series read
// alone, the dyad's first event is when watching began.
func sinceStart(start day) func(int32) int {
	return func(k int32) int {
		lo, hi := day(k)*bucketDays, day(k)*bucketDays+bucketDays-1
		if hi < start {
			return 0
		}
		return int(hi - max(lo, start) + 1)
	}
}

// activity remembers on which days any event was seen, for the last
// stepRingSize buckets: one bit per day.
type activity [stepRingSize]struct {
	id   int32
	mask uint32
}

func (a *activity) add(d day) {
	k := int32(d / bucketDays)
	s := &a[int(k)%stepRingSize]
	if s.id != k {
		if s.id > k && s.mask != 0 {
			return // older than the ring reaches
		}
		s.id, s.mask = k, 0
	}
	s.mask |= 1 << uint(d%bucketDays)
}

// watched returns the number of days of bucket k with events.
func (a *activity) watched(k int32) int {
	if k < 0 {
		return 0
	}
	if s := a[int(k)%stepRingSize]; s.id == k {
		return bits.OnesCount32(s.mask)
	}
	return 0
}

// DayPoint is one day of a dyad's series.
type DayPoint struct {
	Date  string `json:"date"`
	Count int    `json:"count"` // distinct events (duplicates counted once)
	// Quad counts events by quad class: Quad[0] verbal cooperation ...
	// Quad[3] material conflict.
	Quad      [4]int  `json:"quad"`
	Goldstein float64 `json:"goldstein"` // sum
	Mean      float64 `json:"mean"`      // mean Goldstein
	// MaterialConflict is the share of the day's events that are material
	// conflict (quad 4).
	MaterialConflict float64 `json:"material_conflict"`
	// Intensity is the day's conflict intensity (sum of conflict weights).
	Intensity float64 `json:"intensity"`
	// Level, Baseline and Escalation are the index on that day: the
	// exponentially weighted recent intensity, the baseline mean and the
	// z-score of the first against the second.
	Level      float64 `json:"level"`
	Baseline   float64 `json:"baseline"`
	Escalation float64 `json:"escalation"`
}

// EventSource streams stored events; store.Store satisfies it.
type EventSource interface {
	EachEvent(ctx context.Context, f store.EventFilter, fn func(e *vigil.Event) error) error
}

// SeriesQuery selects a dyad's series.
type SeriesQuery struct {
	A, B string // sides: countries (PRK) or actor codes
	// Directed counts only A acting on B; otherwise both directions.
	Directed     bool
	Since, Until string // YYYY-MM-DD, inclusive; "" = unbounded
	// Fill adds the days without events (so the index can be charted).
	Fill   bool
	Config EscalationConfig
}

// Series computes a dyad's daily series and escalation index from the
// events src holds. It reads from a year and a quarter before Since so the
// first day reported has its baseline.
func Series(ctx context.Context, src EventSource, q SeriesQuery) ([]DayPoint, error) {
	cfg := q.Config.withDefaults()
	alpha := 1 - math.Pow(0.5, 1/float64(cfg.HalfLife))
	from := ""
	var sinceDay day
	if q.Since != "" {
		d, ok := parseDay(q.Since)
		if !ok {
			return nil, fmt.Errorf("series: since %q: want YYYY-MM-DD", q.Since)
		}
		sinceDay = d
		from = (d - lookback).String()
	}
	if q.Until != "" {
		if _, ok := parseDay(q.Until); !ok {
			return nil, fmt.Errorf("series: until %q: want YYYY-MM-DD", q.Until)
		}
	}
	var (
		ix      index
		out     []DayPoint
		cur     *DayPoint
		curDay  day
		started bool
		start   day
		seen    = map[uint64]bool{}
	)
	emit := func(p *DayPoint, d day) {
		r := ix.read(d, sinceStart(start), cfg, alpha)
		p.Level, p.Baseline, p.Escalation = round2(r.Level), round2(r.Baseline), round2(r.Z)
		if p.Count > 0 {
			p.Mean = round2(p.Goldstein / float64(p.Count))
			p.MaterialConflict = round2(float64(p.Quad[3]) / float64(p.Count))
		}
		p.Goldstein, p.Intensity = round2(p.Goldstein), round2(p.Intensity)
		if q.Since == "" || d >= sinceDay {
			out = append(out, *p)
		}
	}
	f := store.EventFilter{Dyad: &store.Dyad{A: q.A, B: q.B, Directed: q.Directed}, Since: from, Until: q.Until, Order: store.ByDate}
	err := src.EachEvent(ctx, f, func(e *vigil.Event) error {
		if e.Flagged() {
			return nil
		}
		d, ok := parseDay(e.Date)
		if !ok {
			return nil
		}
		if !started {
			started, start = true, d
		}
		if cur == nil || d != curDay {
			if cur != nil {
				emit(cur, curDay)
				if q.Fill {
					for g := curDay + 1; g < d; g++ {
						emit(&DayPoint{Date: g.String()}, g)
					}
				}
				clear(seen)
			}
			cur, curDay = &DayPoint{Date: e.Date}, d
		}
		k := dedupKey(e)
		if seen[k] {
			return nil
		}
		seen[k] = true
		cur.Count++
		if e.Quad >= 1 && e.Quad <= 4 {
			cur.Quad[e.Quad-1]++
		}
		cur.Goldstein += e.Goldstein
		w := conflictWeight(e.Quad, e.Goldstein)
		cur.Intensity += w
		ix.add(d, w, alpha)
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("series %s-%s: %w", q.A, q.B, err)
	}
	if cur != nil {
		emit(cur, curDay)
	}
	return out, nil
}
