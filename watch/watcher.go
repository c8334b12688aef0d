package watch

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
)

// Sink keeps what the watcher produces; store.Store satisfies it.
type Sink interface {
	SaveWarning(ctx context.Context, w *vigil.Warning) error
	SaveTreatyStatus(ctx context.Context, s vigil.TreatyStatus) (bool, error)
}

// Options configures a Watcher.
type Options struct {
	// Rules to evaluate; nil loads the embedded defaults.
	Rules *Rules
	// Register is the treaty register: warnings carry its exposure, and
	// events update its status. Nil: no exposure, no treaty tracking.
	Register *alliance.Register
	// Sink, when set, receives every changed warning and every treaty
	// status change as they happen (Observe and Replay save them).
	Sink       Sink
	Escalation EscalationConfig
	Logger     *slog.Logger
	// Now stamps Warning.Updated; nil means time.Now.
	Now func() time.Time
}

// Watcher evaluates indicator rules and escalation indices over events as
// they arrive, and keeps the warnings they raise. It is safe for
// concurrent use; calls are serialised.
type Watcher struct {
	mu      sync.Mutex
	rules   *Rules
	reg     *alliance.Register
	sink    Sink
	cfg     EscalationConfig
	alpha   float64
	log     *slog.Logger
	now     func() time.Time
	maxWin  day
	escRule *Rule

	started   bool
	clock     day      // the latest event date seen
	dataStart day      // the earliest
	active    activity // the days on which events were seen

	actions map[actionKey][]clauseRef // an event's action → clauses it fits
	dyads   map[pair]*dyadState
	ids     map[string]sid // side names interned: maps keyed by small integers are fast
	names   []string
	sides   []*sideState // by sid; nil when forgotten
	seen    map[day]map[uint64]struct{}
	warns   map[warnKey]*warnState
	touched map[pair]*touched
	sweepAt day

	changed  map[*warnState]bool
	treaties []vigil.TreatyStatus
	stats    Stats
}

// sid is an interned side (country or IGO code).
type sid int32

// noSide marks an untargeted event's target.
const noSide sid = -1

// pair is a directed dyad of interned sides.
type pair struct{ s, t sid }

// actionKey is what of an event decides which clauses' actions it fits.
type actionKey struct {
	code, plover, root string
	quad               int
}

type clauseRef struct {
	rule, step, clause uint8
	c                  *Clause
}

// dyadState is what the watcher keeps per directed dyad.
type dyadState struct {
	evs      evidence // rule evidence s→t
	idx      index
	conflict []*rec // latest conflict events (escalation evidence)
	steps    stepCounts
}

// sideState is what the watcher keeps per side (country).
type sideState struct {
	evs   evidence // untargeted rule evidence
	steps stepCounts
	// partners holds the last day of a targeted event between this side
	// and each other side, either direction: it ties untargeted events to
	// dyads.
	partners map[sid]day
}

const (
	maxDyadEvents    = 128 // rule evidence kept per dyad and rule
	maxSideEvents    = 128 // untargeted evidence kept per side and rule
	maxConflict      = 6   // escalation evidence kept per dyad
	dedupDays        = 31  // how long duplicate keys are remembered
	maxStepEvents    = 5   // events cited per warning step
	maxSentenceBytes = 600
)

// EscalationRule is the rule name of warnings raised by the escalation
// index.
const EscalationRule = "escalation"

// newEscalationRule stands for the escalation index in warnings.
func newEscalationRule(halfLife int) *Rule {
	return &Rule{
		Name: EscalationRule, Title: "Escalation above the dyad's baseline",
		Window: 30, HalfLife: halfLife, Hold: 7,
		Levels: []LevelAt{{Steps: 1, Level: Watch}},
		Steps:  []Step{{Name: "conflict above the dyad's baseline"}},
	}
}

// New returns a Watcher.
func New(opts Options) (*Watcher, error) {
	rules := opts.Rules
	if rules == nil {
		var err error
		if rules, err = LoadRules(""); err != nil {
			return nil, err
		}
	}
	for _, r := range rules.list {
		if len(r.Steps) > 255 {
			return nil, fmt.Errorf("rule %s: too many steps", r.Name)
		}
	}
	cfg := opts.Escalation.withDefaults()
	w := &Watcher{
		rules: rules, reg: opts.Register, sink: opts.Sink, cfg: cfg,
		alpha:  1 - math.Pow(0.5, 1/float64(cfg.HalfLife)),
		log:    opts.Logger,
		now:    opts.Now,
		maxWin: day(rules.maxWindow()),
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	if w.now == nil {
		w.now = time.Now
	}
	w.escRule = newEscalationRule(14)
	w.reset()
	return w, nil
}

func (w *Watcher) reset() {
	w.started = false
	w.actions = map[actionKey][]clauseRef{}
	w.dyads = map[pair]*dyadState{}
	w.ids = map[string]sid{}
	w.names = nil
	w.sides = nil
	w.seen = map[day]map[uint64]struct{}{}
	w.warns = map[warnKey]*warnState{}
	w.touched = map[pair]*touched{}
	w.changed = map[*warnState]bool{}
	w.stats = Stats{}
	w.active = activity{}
}

// Stats counts what a watcher did.
type Stats struct {
	Events     int `json:"events"`     // events read
	Used       int `json:"used"`       // events that counted (not flagged, duplicate or undated)
	Duplicates int `json:"duplicates"` // same actors, code and date as an event already counted
	Flagged    int `json:"flagged"`    // negated or hypothetical
	Undated    int `json:"undated"`    // no valid date, or no source
	Days       int `json:"days"`       // distinct event days processed
	New        int `json:"new"`        // warnings created
	Raised     int `json:"raised"`
	Lowered    int `json:"lowered"`
	Decayed    int `json:"decayed"`
	Treaty     int `json:"treaty_status"` // treaty status changes from events
	// Dyads is how many directed dyads the watcher holds state for.
	Dyads int `json:"dyads"`
	// Active counts warnings not ended.
	Active int `json:"active"`
	// Elapsed and EventsPerSec describe a Replay.
	Elapsed      time.Duration `json:"elapsed_ns"`
	EventsPerSec float64       `json:"events_per_sec"`
	// HeapMax is the largest live heap seen during a Replay (bytes),
	// sampled every 250,000 events.
	HeapMax uint64 `json:"heap_max"`
	First   string `json:"first,omitempty"`
	Last    string `json:"last,omitempty"`
}

// Stats returns the counts so far.
func (w *Watcher) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.stats
	s.Dyads = len(w.dyads)
	s.Active = len(w.warns)
	if w.started {
		s.First, s.Last = w.dataStart.String(), w.clock.String()
	}
	return s
}

// Observe feeds events (one article's, or a batch) to the watcher and
// returns the warnings that changed, with their exposure. Events may come
// in any order of date; the watcher's clock is the latest date seen, and
// warnings decay as it advances. With a Sink, changes are saved before
// Observe returns.
func (w *Watcher) Observe(ctx context.Context, events []vigil.Event) ([]vigil.Warning, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := range events {
		w.ingest(&events[i])
	}
	w.evaluate()
	w.advance(w.clock)
	return w.flush(ctx)
}

// AdvanceTo moves the watcher's clock to date (YYYY-MM-DD) without new
// events, so warnings decay (for example to today), and returns the
// warnings that changed.
func (w *Watcher) AdvanceTo(ctx context.Context, date string) ([]vigil.Warning, error) {
	d, ok := parseDay(date)
	if !ok {
		return nil, fmt.Errorf("advance: date %q: want YYYY-MM-DD", date)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if d > w.clock {
		w.clock = d
	}
	w.advance(d)
	return w.flush(ctx)
}

// Replay streams the events of src dated within [since, until] ("" for
// unbounded) in date order through the watcher, one day at a time, saving
// changes to the Sink as it goes. Memory stays bounded: the watcher keeps
// a window of evidence and a fixed-size index per dyad, never the stream.
// progress, if not nil, is called about every 100,000 events.
func (w *Watcher) Replay(ctx context.Context, src EventSource, since, until string, progress func(Stats)) (Stats, error) {
	start := time.Now()
	f := store.EventFilter{Since: since, Until: until, Order: store.ByDate}
	var cur string
	var ms runtime.MemStats
	var heapMax uint64
	var saveErr error
	w.mu.Lock()
	n0 := w.stats.Events
	err := src.EachEvent(ctx, f, func(e *vigil.Event) error {
		if e.Date != cur {
			if cur != "" {
				w.endDay()
				if _, err := w.flush(ctx); err != nil {
					saveErr = err
					return err
				}
			}
			cur = e.Date
			w.stats.Days++
		}
		w.ingest(e)
		n := w.stats.Events - n0
		if n%250_000 == 0 {
			runtime.ReadMemStats(&ms)
			heapMax = max(heapMax, ms.HeapAlloc)
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if progress != nil && n%100_000 == 0 {
			w.mu.Unlock()
			progress(w.Stats())
			w.mu.Lock()
		}
		return nil
	})
	if err == nil {
		w.endDay()
		_, err = w.flush(ctx)
	}
	runtime.ReadMemStats(&ms)
	w.stats.HeapMax = max(w.stats.HeapMax, heapMax, ms.HeapAlloc)
	w.stats.Elapsed += time.Since(start)
	w.mu.Unlock()
	st := w.Stats()
	if secs := st.Elapsed.Seconds(); secs > 0 {
		st.EventsPerSec = math.Round(float64(st.Events) / secs)
	}
	if saveErr != nil {
		return st, fmt.Errorf("replay: saving warnings: %w", saveErr)
	}
	if err != nil {
		return st, fmt.Errorf("replay: %w", err)
	}
	return st, nil
}

// Warm replays the events of src from Lookback days before last up to last
// (YYYY-MM-DD, typically the store's latest event date) without saving
// anything, so that the events observed next are judged against their
// history: rule windows, baselines, active warnings. Saving during the
// warm-up would only rewrite what an earlier run saved.
func (w *Watcher) Warm(ctx context.Context, src EventSource, last string) (Stats, error) {
	d, ok := parseDay(last)
	if !ok {
		return Stats{}, fmt.Errorf("warm up: last date %q: want YYYY-MM-DD", last)
	}
	w.mu.Lock()
	sink := w.sink
	w.sink = nil
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.sink = sink
		clear(w.changed)
		w.mu.Unlock()
	}()
	return w.Replay(ctx, src, (d - Lookback).String(), last, nil)
}

// OnStored is the pipeline's hook (pipeline.Hook): it observes the events
// of an article just stored, saving what changes through the Sink, and
// logs rather than returns errors, so that ingestion goes on.
//
//	p.OnStored = w.OnStored
func (w *Watcher) OnStored(ctx context.Context, a *vigil.Article, events []vigil.Event) {
	if _, err := w.Observe(ctx, events); err != nil {
		w.log.Error("watch: observing stored events failed; run 'vigil watch' to catch up", "article", a.ID, "err", err)
	}
}

func (w *Watcher) endDay() {
	w.evaluate()
	w.advance(w.clock)
}

// Warnings returns the current warnings that have not ended, most severe
// first.
func (w *Watcher) Warnings() []vigil.Warning {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]vigil.Warning, 0, len(w.warns))
	for _, ws := range w.warns {
		out = append(out, ws.snapshot())
	}
	sortWarnings(out)
	return out
}

func sortWarnings(ws []vigil.Warning) {
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].Score != ws[j].Score {
			return ws[i].Score > ws[j].Score
		}
		return ws[i].ID < ws[j].ID
	})
}

// Register returns the treaty register the watcher updates (may be nil).
func (w *Watcher) Register() *alliance.Register { return w.reg }

// dedupKey identifies a real-world event among its reports: the same
// actors doing the same thing on the same day (the "one-a-day" filter of
// event data practice). Thirty outlets reporting one shelling are one
// event; two shellings between the same actors on one day count once too.
func dedupKey(e *vigil.Event) uint64 {
	h := fnv.New64a()
	for _, s := range [...]string{e.Source, e.Target, e.Code, e.Date} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// ingest takes in one event: dedup, treaty status, index, rule evidence.
func (w *Watcher) ingest(e *vigil.Event) {
	w.stats.Events++
	if e.Flagged() {
		w.stats.Flagged++
		return
	}
	d, ok := parseDay(e.Date)
	srcName := sideOf(e.Source)
	if !ok || srcName == "" {
		w.stats.Undated++
		return
	}
	if !w.started {
		w.started, w.dataStart, w.clock, w.sweepAt = true, d, d, d+7
	}
	w.dataStart = min(w.dataStart, d)
	w.active.add(d)
	if d > w.clock {
		w.clock = d
		w.prune()
	}
	if d > w.clock-dedupDays {
		set := w.seen[d]
		if set == nil {
			set = map[uint64]struct{}{}
			w.seen[d] = set
		}
		k := dedupKey(e)
		if _, dup := set[k]; dup {
			w.stats.Duplicates++
			return
		}
		set[k] = struct{}{}
	}
	w.stats.Used++

	if w.reg != nil && e.Code != "" && (strings.HasPrefix(e.Code, "0") || strings.HasPrefix(e.Code, "1")) {
		for _, s := range w.reg.Apply(e) {
			w.treaties = append(w.treaties, s)
			w.stats.Treaty++
		}
	}

	tgtName := sideOf(e.Target)
	if tgtName == srcName {
		tgtName = "" // domestic: attributed like an untargeted event
	}
	src, tgt := w.id(srcName), noSide
	if tgtName != "" {
		tgt = w.id(tgtName)
	}
	hits := w.match(e, srcName, tgtName)
	var mask uint64
	win := day(0)
	for _, h := range hits {
		mask |= 1 << h.rule
		win = max(win, day(w.rules.list[h.rule].Window))
	}
	conflict := tgt != noSide && e.Quad >= 3
	var ds *dyadState
	if tgt != noSide {
		ds = w.dyad(src, tgt)
		ds.idx.add(d, conflictWeight(e.Quad, e.Goldstein), w.alpha)
		w.side(src).partners[tgt] = max(w.side(src).partners[tgt], d)
		w.side(tgt).partners[src] = max(w.side(tgt).partners[src], d)
		if mask != 0 || conflict {
			w.touch(pair{src, tgt}, d, mask, conflict)
			w.touch(pair{tgt, src}, d, mask, false)
		}
	}
	var r *rec
	if len(hits) > 0 || conflict {
		r = w.newRec(e, d, src, tgt, hits)
	}
	if len(hits) > 0 {
		counts := &w.side(src).steps
		if ds != nil {
			counts = &ds.steps
		}
		var last stepKey = 1<<16 - 1
		for _, h := range hits {
			if k := keyOf(h.rule, h.step); k != last && w.rules.list[h.rule].Surprise > 0 {
				counts.add(k, d)
				last = k
			}
		}
		if ds != nil {
			ds.evs.add(r, len(w.rules.list), maxDyadEvents)
		} else {
			// An untargeted event may count for every dyad of its side
			// tied to it within the windows of the rules it can show.
			ss := w.side(src)
			ss.evs.add(r, len(w.rules.list), maxSideEvents)
			for p, last := range ss.partners {
				if last > d-win && last < d+win {
					w.touch(pair{src, p}, d, mask, false)
					w.touch(pair{p, src}, d, mask, false)
				}
			}
		}
	}
	if conflict {
		ds.conflict = insert(ds.conflict, r, maxConflict)
	}
}

func (w *Watcher) newRec(e *vigil.Event, d day, src, tgt sid, hits []clauseRef) *rec {
	s := e.Sentence
	if len(s) > maxSentenceBytes {
		s = s[:maxSentenceBytes] + "…"
	}
	r := &rec{
		id: e.ID, article: e.Article, day: d,
		srcC: src, tgtC: tgt, code: e.Code,
		sentence: strings.Clone(s),
	}
	if r.id == "" {
		r.id = vigil.EventID(e.Article, e.Offsets[0], e.Source, e.Target, e.Code)
	}
	if len(hits) > 0 {
		r.clauses = make([]clauseHit, len(hits))
	}
	for i, h := range hits {
		r.clauses[i] = clauseHit{h.rule, h.step, h.clause}
	}
	return r
}

// insert adds r to evs, kept in date order (events mostly arrive in order,
// so this is an append), dropping the oldest when full.
func insert(evs []*rec, r *rec, limit int) []*rec {
	if len(evs) >= limit {
		copy(evs, evs[1:])
		evs = evs[:len(evs)-1]
	}
	evs = append(evs, r)
	for i := len(evs) - 1; i > 0 && evs[i-1].day > evs[i].day; i-- {
		evs[i-1], evs[i] = evs[i], evs[i-1]
	}
	return evs
}

// match returns the rule clauses the event fits statically.
func (w *Watcher) match(e *vigil.Event, src, tgt string) []clauseRef {
	key := actionKey{e.Code, e.PLOVER, e.Root, e.Quad}
	cands, ok := w.actions[key]
	if !ok {
		for ri, r := range w.rules.list {
			for si := range r.Steps {
				for ci := range r.Steps[si].Clauses {
					c := &r.Steps[si].Clauses[ci]
					if c.actionMatch(e) {
						cands = append(cands, clauseRef{uint8(ri), uint8(si), uint8(ci), c})
					}
				}
			}
		}
		w.actions[key] = cands
	}
	if len(cands) == 0 {
		return nil
	}
	toks := tokensOf(e.Sentence)
	var out []clauseRef
	for _, h := range cands {
		if h.c.staticMatch(e, src, tgt, toks) {
			out = append(out, h)
		}
	}
	return out
}

// id interns a side name.
func (w *Watcher) id(name string) sid {
	if i, ok := w.ids[name]; ok {
		return i
	}
	i := sid(len(w.names))
	w.ids[name] = i
	w.names = append(w.names, name)
	w.sides = append(w.sides, nil)
	return i
}

func (w *Watcher) dyad(s, t sid) *dyadState {
	k := pair{s, t}
	d := w.dyads[k]
	if d == nil {
		d = &dyadState{}
		w.dyads[k] = d
	}
	return d
}

func (w *Watcher) side(s sid) *sideState {
	x := w.sides[s]
	if x == nil {
		x = &sideState{partners: map[sid]day{}}
		w.sides[s] = x
	}
	return x
}

// sideState returns a side's state, or nil.
func (w *Watcher) sideState(s sid) *sideState {
	if s < 0 || int(s) >= len(w.sides) {
		return nil
	}
	return w.sides[s]
}

// touched records what new evidence a dyad got: on which days, for which
// rules (bit i: rule i), and whether conflict that moves its index.
type touched struct {
	days     []day
	rules    uint64
	conflict bool
}

func (w *Watcher) touch(p pair, d day, rules uint64, conflict bool) {
	t := w.touched[p]
	if t == nil {
		t = &touched{}
		w.touched[p] = t
	}
	if !slices.Contains(t.days, d) {
		t.days = append(t.days, d)
	}
	t.rules |= rules
	t.conflict = t.conflict || conflict
}

// prune forgets what the clock has left behind: duplicate keys older than
// dedupDays and, every 7 days, evidence older than the windows of its rules and
// dyads idle for longer than the index looks back.
func (w *Watcher) prune() {
	for d := range w.seen {
		if d <= w.clock-dedupDays {
			delete(w.seen, d)
		}
	}
	if w.clock < w.sweepAt {
		return
	}
	w.sweepAt = w.clock + 7
	for k, ds := range w.dyads {
		ds.evs.prune(w.clock, w.rules)
		if ds.evs.empty() && ds.idx.ewDay < w.clock-lookback {
			delete(w.dyads, k)
		}
	}
	for k, ss := range w.sides {
		if ss == nil {
			continue
		}
		ss.evs.prune(w.clock, w.rules)
		for p, last := range ss.partners {
			if last < w.clock-lookback {
				delete(ss.partners, p)
			}
		}
		if ss.evs.empty() && len(ss.partners) == 0 {
			w.sides[k] = nil
		}
	}
}

// evaluate runs the rules (and the escalation index) on every dyad that got
// new evidence, on each day it got evidence for, in a fixed order so that
// the same input always gives the same warnings.
func (w *Watcher) evaluate() {
	if len(w.touched) == 0 {
		return
	}
	keys := make([]pair, 0, len(w.touched))
	for k := range w.touched {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b pair) int {
		return cmp.Or(cmp.Compare(w.names[a.s], w.names[b.s]), cmp.Compare(w.names[a.t], w.names[b.t]))
	})
	type job struct {
		p  pair
		d  day
		ri int
	}
	var lowers []job
	done := map[job]bool{}
	var cands []*rec
	for _, p := range keys {
		tc := w.touched[p]
		slices.Sort(tc.days)
		for _, d := range tc.days {
			for ri, r := range w.rules.list {
				if tc.rules&(1<<ri) == 0 {
					continue // no new evidence for this rule here
				}
				s, t := p.s, p.t
				if r.Undirected {
					if w.names[s] > w.names[t] {
						s, t = t, s
					}
					j := job{pair{s, t}, d, ri}
					if done[j] {
						continue
					}
					done[j] = true
				}
				if r.Effect == Lower {
					lowers = append(lowers, job{pair{s, t}, d, ri})
					continue
				}
				cands = w.candidates(cands[:0], p, ri, d-day(r.Window))
				if res := evaluate(ri, r, s, t, d, cands, w.tiedFn(s, t, r.Window), w.expectation(ri, r, s, t, d)); res != nil {
					w.apply(res, d)
				}
			}
			if tc.conflict && !w.cfg.Off {
				if ds := w.dyads[p]; ds != nil {
					w.escalation(p, ds, d)
				}
			}
		}
	}
	// De-escalation after the raising rules of the same days.
	for _, j := range lowers {
		r := w.rules.list[j.ri]
		cands = w.candidates(cands[:0], j.p, j.ri, j.d-day(r.Window))
		if res := evaluate(j.ri, r, j.p.s, j.p.t, j.d, cands, w.tiedFn(j.p.s, j.p.t, r.Window), nil); res != nil {
			w.lower(res, j.d)
		}
	}
	clear(w.touched)
}

// candidates appends to out the evidence rule ri may use for the dyad p
// (either direction) dated after oldest: both dyads' events and both sides'
// untargeted ones.
func (w *Watcher) candidates(out []*rec, p pair, ri int, oldest day) []*rec {
	if d := w.dyads[p]; d != nil {
		out = d.evs.since(out, ri, oldest)
	}
	if d := w.dyads[pair{p.t, p.s}]; d != nil {
		out = d.evs.since(out, ri, oldest)
	}
	if x := w.sideState(p.s); x != nil {
		out = x.evs.since(out, ri, oldest)
	}
	if x := w.sideState(p.t); x != nil {
		out = x.evs.since(out, ri, oldest)
	}
	return out
}

// evidence holds events by the rules they can show: byRule[i] lists rule
// i's events in date order, so a rule reads only its own window.
type evidence struct {
	byRule [][]*rec
}

func (v *evidence) add(r *rec, rules, limit int) {
	if v.byRule == nil {
		v.byRule = make([][]*rec, rules)
	}
	var seen uint64
	for _, h := range r.clauses {
		if bit := uint64(1) << h.rule; seen&bit == 0 {
			seen |= bit
			v.byRule[h.rule] = insert(v.byRule[h.rule], r, limit)
		}
	}
}

// since appends rule ri's events dated after oldest, newest first.
func (v *evidence) since(out []*rec, ri int, oldest day) []*rec {
	if v.byRule == nil {
		return out
	}
	evs := v.byRule[ri]
	for i := len(evs) - 1; i >= 0 && evs[i].day > oldest; i-- {
		out = append(out, evs[i])
	}
	return out
}

// prune drops events older than their rule's window.
func (v *evidence) prune(clock day, rules *Rules) {
	for ri, evs := range v.byRule {
		old := clock - day(rules.list[ri].Window)
		i := 0
		for i < len(evs) && evs[i].day <= old {
			i++
		}
		if i == 0 {
			continue
		}
		if i == len(evs) {
			v.byRule[ri] = nil
			continue
		}
		v.byRule[ri] = slices.Clone(evs[i:])
	}
}

func (v *evidence) empty() bool {
	for _, evs := range v.byRule {
		if len(evs) > 0 {
			return false
		}
	}
	return true
}

// tiedFn returns the test that attributes an untargeted event of side s or
// t to the dyad: the two sides must have had a targeted event between them
// (either direction) within the rule's window of it.
func (w *Watcher) tiedFn(s, t sid, window int) func(*rec) bool {
	return func(r *rec) bool {
		other := t
		if r.srcC == t {
			other = s
		}
		x := w.sideState(r.srcC)
		if x == nil {
			return false
		}
		last, ok := x.partners[other]
		return ok && last > r.day-day(window)
	}
}

// escalation checks the dyad's index on day d and raises a warning when it
// stands Threshold standard deviations above its baseline with enough
// distinct recent conflict events behind it.
func (w *Watcher) escalation(p pair, ds *dyadState, d day) {
	rd := ds.idx.read(d, w.active.watched, w.cfg, w.alpha)
	if rd.Z < w.cfg.Threshold || rd.Days < minEscalationDays {
		// Below threshold, or the data began too recently to know what
		// is usual for anyone.
		return
	}
	var recent []*rec
	for i := len(ds.conflict) - 1; i >= 0; i-- {
		if r := ds.conflict[i]; r.day > d-30 && r.day <= d {
			recent = append(recent, r)
		}
	}
	if len(recent) < min(w.cfg.MinEvents, maxConflict) {
		return
	}
	score := 1 + (rd.Z-w.cfg.Threshold)/w.cfg.Step
	res := &result{
		rule: w.escRule, s: p.s, t: p.t, count: 1,
		level: LevelOf(score), score: min(score, 3.99),
		chosen:     []*rec{recent[0]},
		supporting: [][]*rec{recent[1:]},
	}
	w.applyWith(res, d, fmt.Sprintf("conflict index z=%.1f (level %.2f against baseline %.2f±%.2f over %d days)", rd.Z, rd.Level, rd.Baseline, rd.SD, rd.Days))
}

// warnKey identifies an active warning.
type warnKey struct {
	rule string
	s, t sid
}

// warnState is an active warning and what the watcher needs to update it.
type warnState struct {
	key      warnKey
	w        vigil.Warning
	rule     *Rule
	level    Level
	base     float64 // score at baseDay; decays from there
	baseDay  day
	first    day
	last     day
	counted  int // distinct steps at the last recorded change
	steps    [][]*rec
	seen     map[string]bool // event IDs already counted
	lowered  map[string]bool // de-escalation event IDs already applied
	lowerDay day             // day of the last lowering (0: never)
	ended    bool
	seq      int // changes so far, for deterministic change times
}

// scoreAt is the warning's score on day d: its base, held for the rule's
// Hold days after baseDay, then halving every HalfLife days.
func (ws *warnState) scoreAt(d day) float64 {
	start := ws.baseDay + day(ws.rule.Hold)
	if d <= start {
		return ws.base
	}
	return ws.base * math.Pow(0.5, float64(d-start)/float64(ws.rule.HalfLife))
}

func (w *Watcher) apply(res *result, d day) { w.applyWith(res, d, "") }

// applyWith turns a rule result into a new or updated warning. A result
// only counts if it brings evidence the warning has not counted yet: the
// same events seen again on a later day change nothing.
func (w *Watcher) applyWith(res *result, d day, reason string) {
	key := warnKey{res.rule.Name, res.s, res.t}
	ws := w.warns[key]
	evs := res.evidence()
	fresh := 0
	for _, e := range evs {
		if ws == nil || !ws.seen[e.id] {
			fresh++
		}
	}
	if ws != nil && fresh == 0 {
		return
	}
	first, last := evs[0].day, evs[0].day
	for _, e := range evs {
		first, last = min(first, e.day), max(last, e.day)
	}
	if reason == "" {
		reason = stepsReason(res)
	}
	if ws == nil {
		ws = &warnState{key: key, rule: res.rule, first: first, last: last, seen: map[string]bool{}, lowered: map[string]bool{}, steps: make([][]*rec, len(res.rule.Steps))}
		sn, tn := w.names[res.s], w.names[res.t]
		ws.w = vigil.Warning{
			ID:     warningID(res.rule.Name, sn, tn, first),
			Source: sn, Target: tn, Rule: res.rule.Name,
		}
		w.warns[key] = ws
		ws.base, ws.baseDay = res.score, max(d, last)
		ws.level = LevelOf(res.score)
		ws.merge(res)
		ws.counted = res.count
		w.record(ws, "new", d, reason)
		w.stats.New++
		return
	}
	cur := ws.scoreAt(d)
	ws.merge(res)
	ws.first, ws.last = min(ws.first, first), max(ws.last, last)
	score := max(cur, res.score)
	ws.base, ws.baseDay = score, max(d, ws.baseDay)
	lv := LevelOf(score)
	switch {
	case lv > ws.level:
		ws.level = lv
		ws.counted = res.count
		w.record(ws, "raised", d, reason)
		w.stats.Raised++
	case res.count != ws.counted || math.Abs(score-ws.w.Score) >= 0.1:
		ws.counted = res.count
		w.record(ws, "updated", d, reason)
	default:
		// More evidence for what the warning already says: keep it, no
		// history entry.
		w.refresh(ws)
		w.changed[ws] = true
	}
}

// lower applies a de-escalation result to the pair's warnings.
func (w *Watcher) lower(res *result, d day) {
	evs := res.evidence()
	var keys []warnKey
	for _, r := range append(slices.Clone(w.rules.list), w.escRule) {
		if r.Effect != Raise || len(res.rule.Applies) > 0 && !slices.Contains(res.rule.Applies, r.Name) {
			continue
		}
		for _, k := range []warnKey{{r.Name, res.s, res.t}, {r.Name, res.t, res.s}} {
			if _, ok := w.warns[k]; ok && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		ws := w.warns[k]
		// Only de-escalation after the warning's latest evidence counts: a
		// ceasefire that the fighting then broke does not lower the
		// warning about the breakdown.
		after := 0
		for i, e := range res.chosen {
			ok := e != nil && e.day > ws.last
			for _, x := range res.supporting[i] {
				ok = ok || x.day > ws.last
			}
			if ok {
				after++
			}
		}
		if after < res.rule.MinSteps() {
			continue
		}
		fresh := false
		for _, e := range evs {
			if !ws.lowered[e.id] {
				fresh = true
			}
		}
		// One lowering per de-escalation window: a run of talks and
		// truce reports is one de-escalation, not one per report.
		if !fresh || ws.ended || (ws.lowerDay != 0 && d < ws.lowerDay+day(res.rule.Window)) {
			continue
		}
		ws.lowerDay = d
		for _, e := range evs {
			ws.lowered[e.id] = true
		}
		cur := ws.scoreAt(d)
		score := max(cur-float64(res.rule.Lowers), 0)
		ws.base, ws.baseDay = score, max(d, ws.baseDay)
		ws.level = LevelOf(score)
		reason := res.rule.Name + ": " + stepsReason(res)
		if ws.level == Ended {
			ws.ended = true
		}
		w.record(ws, "lowered", d, reason)
		w.stats.Lowered++
	}
}

// advance lets warnings decay to day d: a warning whose score fell to a
// lower level records it; below watch it ends.
func (w *Watcher) advance(d day) {
	// The order does not matter: each warning's history is its own, and
	// flush sorts what it saves.
	for _, ws := range w.warns {
		if ws.ended {
			continue
		}
		// Record each level the score fell through, on the day it did.
		for ws.level > Ended && LevelOf(ws.scoreAt(d)) < ws.level {
			threshold := float64(ws.level)
			cross := ws.baseDay + day(ws.rule.Hold) + day(math.Ceil(float64(ws.rule.HalfLife)*math.Log2(ws.base/threshold)))
			cross = min(max(cross, ws.baseDay), d)
			ws.level--
			if ws.level == Ended {
				ws.ended = true
			}
			w.record(ws, "decayed", cross, fmt.Sprintf("no new evidence since %s", ws.last))
			ws.w.Score = floor2(ws.scoreAt(cross))
			ws.w.History[len(ws.w.History)-1].Score = ws.w.Score
			w.stats.Decayed++
		}
	}
}

// record appends a change to the warning's history and marks it for
// saving. Change times are the evidence day plus the change's sequence
// number in seconds: deterministic, so a replay writes the same history.
func (w *Watcher) record(ws *warnState, change string, d day, reason string) {
	w.refresh(ws)
	ws.w.History = append(ws.w.History, vigil.WarningChange{
		At:     d.time().Add(time.Duration(ws.seq) * time.Second),
		Date:   d.String(),
		Change: change,
		Level:  ws.w.Level,
		Score:  ws.w.Score,
		Reason: reason,
	})
	ws.seq++
	w.changed[ws] = true
}

// refresh brings the public warning up to date with the state.
func (w *Watcher) refresh(ws *warnState) {
	ws.w.Level = ws.level.String()
	ws.w.Score = floor2(ws.base)
	ws.w.First, ws.w.Last = ws.first.String(), ws.last.String()
	ws.w.Steps = ws.w.Steps[:0]
	for i, evs := range ws.steps {
		if len(evs) == 0 {
			continue
		}
		st := vigil.WarningStep{Name: ws.rule.Steps[i].Name}
		for _, e := range evs {
			st.Events = append(st.Events, vigil.EventRef{ID: e.id, Date: e.day.String(), Code: e.code, Sentence: e.sentence, Article: e.article})
		}
		ws.w.Steps = append(ws.w.Steps, st)
	}
	if w.reg != nil {
		ex := w.reg.Exposure(ws.w.Source, ws.w.Target, ws.w.Last, alliance.ExposureOptions{})
		ws.w.Exposure = &ex
	}
}

// merge adds a result's events to the warning's steps: the most recent
// maxStepEvents per step.
func (ws *warnState) merge(res *result) {
	for i := range res.chosen {
		var add []*rec
		if res.chosen[i] != nil {
			add = append(add, res.chosen[i])
		}
		add = append(add, res.supporting[i]...)
		for _, e := range add {
			ws.seen[e.id] = true
			// A joint action is two events (A→B, B→A) from one sentence:
			// cite the sentence once.
			if !slices.ContainsFunc(ws.steps[i], func(x *rec) bool {
				return x.id == e.id || x.article == e.article && x.sentence == e.sentence && x.code == e.code
			}) {
				ws.steps[i] = append(ws.steps[i], e)
			}
		}
		slices.SortStableFunc(ws.steps[i], func(a, b *rec) int { return cmp.Or(cmp.Compare(b.day, a.day), cmp.Compare(a.id, b.id)) })
		if len(ws.steps[i]) > maxStepEvents {
			ws.steps[i] = ws.steps[i][:maxStepEvents]
		}
	}
}

func (ws *warnState) snapshot() vigil.Warning {
	c := ws.w
	c.Steps = slices.Clone(ws.w.Steps)
	c.History = slices.Clone(ws.w.History)
	return c
}

// flush saves and returns the warnings changed since the last flush, and
// forgets ended ones.
func (w *Watcher) flush(ctx context.Context) ([]vigil.Warning, error) {
	if w.sink != nil {
		for _, s := range w.treaties {
			if _, err := w.sink.SaveTreatyStatus(ctx, s); err != nil {
				return nil, err
			}
		}
	}
	w.treaties = w.treaties[:0]
	if len(w.changed) == 0 {
		return nil, nil
	}
	out := make([]vigil.Warning, 0, len(w.changed))
	now := w.now()
	for ws := range w.changed {
		ws.w.Updated = now
		out = append(out, ws.snapshot())
	}
	slices.SortFunc(out, func(a, b vigil.Warning) int { return strings.Compare(a.ID, b.ID) })
	if w.sink != nil {
		for i := range out {
			if err := w.sink.SaveWarning(ctx, &out[i]); err != nil {
				return nil, err
			}
		}
	}
	for ws := range w.changed {
		if ws.ended {
			delete(w.warns, ws.key)
		} else if w.sink != nil && len(ws.w.History) > 64 {
			// Saved: the store keeps the full history; keep memory flat.
			ws.w.History = slices.Clone(ws.w.History[len(ws.w.History)-16:])
		}
	}
	clear(w.changed)
	return out, nil
}

// warningID is stable across replays: the rule, the dyad and the first
// day of evidence name one episode.
func warningID(rule, s, t string, first day) string {
	h := sha256.Sum256([]byte(rule + "\x00" + s + "\x00" + t + "\x00" + first.String()))
	return hex.EncodeToString(h[:8])
}

// stepsReason says which steps a result saw, for the history.
func stepsReason(res *result) string {
	var parts []string
	for i, e := range res.chosen {
		if e != nil {
			parts = append(parts, fmt.Sprintf("%s (%s %s)", res.rule.Steps[i].Name, e.code, e.day))
		}
	}
	return fmt.Sprintf("%d of %d steps: %s", res.count, len(res.rule.Steps), strings.Join(parts, "; "))
}
