package watch

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/watch/phrase"
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
	// Names, when set, returns the sides (country codes, or IGO codes) a
	// sentence names. An untargeted event then counts for a dyad only when
	// its sentence names the counterpart or no third side: artillery put on
	// alert "on the border with South Korea" is no step against the United
	// States, however hard North Korea threatened both that week. Nil: an
	// untargeted event counts for every dyad of its side tied to it.
	Names func(sentence, date string) []string
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
	escRule *Rule
	namesOf func(sentence, date string) []string

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
	// articles holds, for the articles of the last dedupDays, the sides
	// their targeted events involve: an untargeted event of an article
	// about one counterpart is no step against another (see tiedFn).
	articles map[string]*articleSides
	warns    map[warnKey]*warnState
	touched  map[pair]*touched
	sweepAt  day

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
		rules: rules, reg: opts.Register, sink: opts.Sink, cfg: cfg, namesOf: opts.Names,
		alpha: 1 - math.Pow(0.5, 1/float64(cfg.HalfLife)),
		log:   opts.Logger,
		now:   opts.Now,
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
	w.articles = map[string]*articleSides{}
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
	// Historical counts events dated before 1970: history a story recalls
	// ("the war the US started on June 25, 1950"), outside what the watch
	// tracks (its day numbers start at 1970-01-01).
	Historical int `json:"historical"`
	Days       int `json:"days"` // distinct event days processed
	New        int `json:"new"`  // warnings created
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
	// HeapMax is the largest live heap (as of the last garbage collection)
	// seen during a Replay, in bytes,
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

// Replay streams the events of src counted within [since, until] ("" for
// unbounded) in date order through the watcher, one day at a time, saving
// changes to the Sink as it goes. Events count on the date the news
// reported them (store.ByReported): a plan, dated after its article,
// counts on the article's publication date, as ObserveArticle counts it
// when the article arrives, so a replay gives the warnings live watching
// gave. Memory stays bounded: the watcher keeps
// a window of evidence and a fixed-size index per dyad, never the stream.
// progress, if not nil, is called about every 100,000 events.
func (w *Watcher) Replay(ctx context.Context, src EventSource, since, until string, progress func(Stats)) (Stats, error) {
	start := time.Now()
	f := store.EventFilter{Since: since, Until: until, Order: store.ByReported}
	var cur string
	var heapMax uint64
	var saveErr error
	w.mu.Lock()
	n0 := w.stats.Events
	err := src.EachEvent(ctx, f, func(e *vigil.Event) error {
		if e.Reported != "" && e.Date > e.Reported {
			e.Date = e.Reported // as AsReported does live
		}
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
			heapMax = max(heapMax, liveHeap())
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
	w.stats.HeapMax = max(w.stats.HeapMax, heapMax, liveHeap())
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

// ObserveArticle is Observe for the events of one article as it arrives.
// An event dated after the article's publication date — a plan ("joint
// exercises from November 5 to 16"), or a date resolved into the future —
// counts as evidence on the publication date: what the report shows is
// known when it is published, and the watcher's clock, its "today", must
// not run ahead of the news (one report of a plan for next year would
// otherwise age every warning by a year). The events themselves are not
// changed. Replay counts them the same way (store.ByReported).
func (w *Watcher) ObserveArticle(ctx context.Context, a *vigil.Article, events []vigil.Event) ([]vigil.Warning, error) {
	return w.Observe(ctx, AsReported(a, events))
}

// AsReported returns the events of article a as the watch counts them as
// they arrive (see ObserveArticle): those dated after a's publication date
// dated on it. events is returned as it is when none is; otherwise a copy.
func AsReported(a *vigil.Article, events []vigil.Event) []vigil.Event {
	pub := a.Date()
	if pub == "" {
		return events
	}
	var moved []vigil.Event
	for i := range events {
		if events[i].Date > pub {
			if moved == nil {
				moved = slices.Clone(events)
			}
			moved[i].Date = pub
		}
	}
	if moved != nil {
		return moved
	}
	return events
}

// ObserveInOrder observes a batch of events day by day in date order, as
// Replay does, so that the warnings do not depend on the order in which
// the events arrived: an archive read newest first, a feed listing its
// latest items first. It returns every warning that changed (the last
// version of each). Undated events come last.
func (w *Watcher) ObserveInOrder(ctx context.Context, events []vigil.Event) ([]vigil.Warning, error) {
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b vigil.Event) int {
		switch {
		case a.Date == b.Date:
			return 0
		case a.Date == "":
			return 1
		case b.Date == "":
			return -1
		}
		return strings.Compare(a.Date, b.Date)
	})
	changed := map[string]int{}
	var out []vigil.Warning
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].Date == evs[i].Date {
			j++
		}
		ws, err := w.Observe(ctx, evs[i:j])
		if err != nil {
			return out, err
		}
		for _, x := range ws {
			if k, ok := changed[x.ID]; ok {
				out[k] = x
			} else {
				changed[x.ID] = len(out)
				out = append(out, x)
			}
		}
		i = j
	}
	return out, nil
}

// OnStored is the pipeline's hook (pipeline.Hook): it observes the events
// of an article just stored (ObserveArticle), saving what changes through
// the Sink, and logs rather than returns errors, so that ingestion goes on.
//
//	p.OnStored = w.OnStored
func (w *Watcher) OnStored(ctx context.Context, a *vigil.Article, events []vigil.Event) {
	if _, err := w.ObserveArticle(ctx, a, events); err != nil {
		w.log.Error("watch: observing stored events failed; run 'vigil watch' to catch up", "article", a.ID, "err", err)
	}
}

// liveHeap is the heap the last garbage collection found live: what the
// process holds, without the garbage not yet collected.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		return s[0].Value.Uint64()
	}
	return 0
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
	if d < 0 {
		w.stats.Historical++
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
		w.articleSaw(e.Article, d, src, tgt)
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
			if w.namesOf != nil {
				r.named = w.namedSides(e, src)
			}
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

// articleSides are the sides the targeted events of one article involve.
type articleSides struct {
	day   day // the latest event date seen in the article
	sides []sid
}

// articleSaw notes that article's events involve sides a and b.
func (w *Watcher) articleSaw(article string, d day, a, b sid) {
	if article == "" {
		return
	}
	as := w.articles[article]
	if as == nil {
		as = &articleSides{}
		w.articles[article] = as
	}
	as.day = max(as.day, d)
	for _, x := range [2]sid{a, b} {
		if !slices.Contains(as.sides, x) {
			as.sides = append(as.sides, x)
		}
	}
}

// namedSides returns the sides other than src that e's sentence names.
func (w *Watcher) namedSides(e *vigil.Event, src sid) []sid {
	var out []sid
	for _, n := range w.namesOf(e.Sentence, e.Date) {
		if id := w.id(n); id != src && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
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
	words := lazy(func() []string { return clauseTokens(e) })
	sentence := lazy(func() []string { return phrase.Tokens(e.Sentence) })
	var out []clauseRef
	for _, h := range cands {
		if h.c.staticMatch(e, src, tgt, words, sentence) {
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
	// Weekly, like the evidence: an article's sides kept a few days longer
	// only tie its own old events, and a daily walk of every recent
	// article would cost a long replay more than it saves.
	for id, a := range w.articles {
		if a.day <= w.clock-dedupDays {
			delete(w.articles, id)
		}
	}
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
