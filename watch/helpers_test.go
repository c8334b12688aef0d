package watch

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/cameo"
)

// mk builds an event as the coder would: code-derived fields filled from
// the CAMEO table, ID from its article, sentence position, actors and code.
func mk(date, src, tgt, code, sentence string) vigil.Event {
	e := vigil.Event{Article: "a-" + date + "-" + src + tgt + code, Date: date, Source: src, Target: tgt, Code: code, Sentence: sentence, Confidence: 1}
	if !cameo.Fill(&e) {
		panic("unknown code " + code)
	}
	e.ID = vigil.EventID(e.Article, len(sentence), src, tgt, code)
	return e
}

// seedSequence is the North Korean sequence of October 2024, as events of
// our own making (not the seed article's text).
func seedSequence(date string) []vigil.Event {
	return []vigil.Event{
		mk(date, "PRK", "KOR", "191", "North Korea blew up the roads and railway links to South Korea."),
		mk(date, "PRKGOV", "KOR", "010", "Pyongyang said it would proclaim a new maritime border running to the south."),
		mk(date, "PRK", "KOR", "112", "The North accused Seoul of sending drones that violated its airspace."),
		mk(date, "PRK", "KOR", "138", "It warned another incursion would bring catastrophic consequences."),
		mk(date, "PRKMIL", "", "152", "Artillery units near the demilitarized zone were put on alert."),
		mk(date, "PRKGOV", "PRKMIL", "040", "Kim Jong Un held a meeting on defense and security affairs with his military command."),
	}
}

func newWatcher(t *testing.T, reg bool) (*Watcher, *memSink) {
	t.Helper()
	opts := Options{Sink: &memSink{}}
	if reg {
		r, err := alliance.Load("")
		if err != nil {
			t.Fatal(err)
		}
		opts.Register = r
	}
	w, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return w, opts.Sink.(*memSink)
}

// memSink records what the watcher saves, as a store would (by ID, history
// appended by change time).
type memSink struct {
	warnings map[string]*vigil.Warning
	history  map[string][]vigil.WarningChange
	treaty   []vigil.TreatyStatus
	saves    int
}

func (m *memSink) SaveWarning(_ context.Context, w *vigil.Warning) error {
	if m.warnings == nil {
		m.warnings, m.history = map[string]*vigil.Warning{}, map[string][]vigil.WarningChange{}
	}
	m.saves++
	c := *w
	m.warnings[w.ID] = &c
	have := map[string]bool{}
	for _, h := range m.history[w.ID] {
		have[h.At.String()+h.Change] = true
	}
	for _, h := range w.History {
		if !have[h.At.String()+h.Change] {
			m.history[w.ID] = append(m.history[w.ID], h)
		}
	}
	return nil
}

func (m *memSink) SaveTreatyStatus(_ context.Context, s vigil.TreatyStatus) (bool, error) {
	m.treaty = append(m.treaty, s)
	return true, nil
}

func observe(t *testing.T, w *Watcher, evs ...vigil.Event) []vigil.Warning {
	t.Helper()
	out, err := w.Observe(context.Background(), evs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// byRule returns the watcher's warning of a rule and dyad, or nil.
func byRule(ws []vigil.Warning, rule, s, tg string) *vigil.Warning {
	for i := range ws {
		if ws[i].Rule == rule && ws[i].Source == s && ws[i].Target == tg {
			return &ws[i]
		}
	}
	return nil
}

func describe(ws []vigil.Warning) string {
	s := ""
	for _, w := range ws {
		s += fmt.Sprintf("[%s %s→%s %s %.2f steps=%d] ", w.Rule, w.Source, w.Target, w.Level, w.Score, len(w.Steps))
	}
	return s
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
