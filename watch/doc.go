// Package watch turns a stream of coded events into warnings: it keeps an
// escalation index per dyad, evaluates indicator rules (data files an
// analyst can edit) and raises, updates, lowers and decays warnings that
// cite the events and sentences behind them and carry the alliance exposure
// of the two sides.
//
//	w, _ := watch.New(watch.Options{Register: reg, Sink: st})
//	changed, _ := w.Observe(ctx, article.Events)   // incremental, as news arrives
//	stats, _ := w.Replay(ctx, st, "2024-01-01", "") // or over history
//
// # Dyads and sides
//
// A dyad is a directed pair of sides, source → target. A side is the
// country of an actor code (PRKMIL and PRKGOV are both PRK) or, for an
// international organisation, its whole code (IGOUNO). Events whose target
// is empty or of the source's own country (PRKGOV → PRKMIL, a meeting with
// one's own generals) are untargeted.
//
// An untargeted event is attributed to a dyad when it is tied to it: the
// two sides had a targeted event between them (either direction) within the
// rule's window. North Korean artillery put on alert (PRKMIL, no target)
// counts toward PRK → KOR when North Korea blew up roads to the South that
// month. A rule never holds on untargeted events alone: at least one of its
// steps (Rule.MinDirect, min_direct in the data) must be shown by an event
// between the two sides themselves.
//
// # Duplicates
//
// Each real event counts once. Reports are reduced with the one-a-day
// filter of event data practice: events with the same source, target, code
// and date are one event, whatever article reported them (forty outlets
// reporting one drone strike are one strike). Keys are remembered for 31
// days of event time; an event reported later than that is counted again
// (rare: news is mostly about the last days). Negated and hypothetical
// events (Event.Flagged) are ignored throughout.
//
// # Escalation index
//
// For every directed dyad the daily conflict intensity is the sum, over the
// day's distinct conflict events (quad classes 3 and 4), of their Goldstein
// value turned positive and clipped to [1, 10]; cooperation adds nothing.
// The index compares the recent level with the dyad's own past:
//
//   - level: the exponentially weighted mean of the daily intensity, with a
//     half-life of 7 days (99.9% of its weight lies in the last 90 days);
//   - baseline: the mean and standard deviation of the daily intensity over
//     the year before the recent quarter (twelve 30-day buckets, ending two
//     to three months back), counting as quiet (zero) the days on which
//     news was seen at all, not the days before the data began or gaps in
//     it;
//   - shrinkage: the baseline variance is pulled toward a prior standard
//     deviation of 1, worth 60 days of data, and the standard deviation is
//     floored at 0.5 and at a quarter of the baseline mean, so that one
//     report on a quiet dyad cannot look extreme, nor a small rise on a
//     steadily violent one;
//   - z = (level − baseline mean) / baseline standard deviation.
//
// The z-score is in units of the baseline's daily standard deviation (not
// of the standard error of the weighted mean, which would overstate bursty
// news data). A dyad whose z reaches 3 with at least 4 distinct conflict
// events in the last 30 days raises an "escalation" warning, once the data
// covers 90 days of its baseline (before that nobody knows what is usual);
// each 1.5 of z above 3 is a level more. Each dyad costs a ring of 16 monthly buckets
// (a few hundred bytes) however long its history, so memory grows with
// the number of dyads, not of events. Series computes the same index day by
// day for charts, with daily counts by quad class, Goldstein sum and mean,
// and the share of material conflict.
//
// # Indicator rules
//
// A rule (data/rules/*.yaml, see its README) names indicator steps, each
// matched by CAMEO codes or roots, PLOVER types or quad classes, filtered by
// who acts (the dyad's source, its target, either), toward whom (the other
// side, no one, either), actor roles and countries, and words of the
// event's own clause of its sentence (see clause.go: a word in a condition
// beside the action does not qualify it). A rule holds for a dyad on a day when, within its window ending
// that day, enough distinct steps are shown, each by a different event
// (a maximum matching of events to steps), including its required steps,
// and, for ordered rules, with dates that do not go backwards in step
// order. The number of distinct steps gives the level through the rule's
// ladder (for example 3 steps: warning, 4: alert). A step only counts when
// it is unusual for the dyad: seen in the window more than the rule's
// surprise (default 2) times as often as the year before predicts, so that
// busy dyads, whose sides accuse and threaten each other every week, do not
// sit on permanent alerts (see surprise.go). Rules are evaluated
// incrementally: after each batch (Observe) or day (Replay), only on the
// dyads that got new evidence for them, each rule over its own window of
// evidence.
//
// # Levels and scores
//
// The ladder is watch < warning < alert. A warning's score is on the same
// scale: its integer part is the level (1 watch, 2 warning, 3 alert) and
// the fraction says how far toward the next rung it is (for a rule: how many
// steps beyond the rung's minimum were seen; for the index: how far z is
// past the rung's threshold).
//
// The watcher's clock is the latest news date it has seen, not the wall
// clock: a warning's level and score are as of Warning.AsOf, the news date
// of the evaluation that last changed it.
//
// A warning is created when a rule first holds for a dyad ("new"), raised
// when more evidence lifts its level ("raised"), and updated when new
// evidence changes its steps or score ("updated"). It only changes on
// evidence it has not counted: the same events seen again change nothing.
// Without new evidence it keeps its score while the evidence is current
// (the rule's hold, by default its window), then its score halves every
// half-life (set per rule) and it is lowered a level each time the score
// falls through one ("decayed", dated the day it fell); below watch it
// ends. A de-escalation rule
// (effect: lower) that holds for the pair lowers its warnings, in both
// directions, by its number of levels ("lowered"), at most once per its
// window. Every change is kept in the warning's history; a warning's ID is
// a hash of its rule, dyad and first evidence date, so replaying the same
// events gives the same warnings and the same history.
//
// # Alliances
//
// With a treaty register (package alliance), each warning carries the
// exposure of its two sides on the date of its latest evidence (who is
// bound to join whom; Exposure.Date is Warning.Last: the alliances as they
// stood when the evidence was seen, not as they stand today), and events that sign, ratify, bring into force,
// suspend or withdraw from a treaty update the register; the Sink saves
// those status changes.
package watch
