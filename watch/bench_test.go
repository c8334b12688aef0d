package watch

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/alliance"
	"github.com/vigil-ews/vigil/cameo"
	"github.com/vigil-ews/vigil/store"
)

// synthetic generates a stream of plausible events in date order without
// holding them: n events over days days, among countries states, with
// cooperation dominating as in real news, some conflict, a few real
// crises (bursts on a handful of dyads), untargeted military events and
// duplicate reports. It is an EventSource, so Replay reads it like a store.
type synthetic struct {
	n, days, states int
	seed            uint64
}

var synthCodes = func() (out []vigil.Event) {
	for _, c := range cameo.All() {
		if len(c.Code) < 3 {
			continue
		}
		e := vigil.Event{Code: c.Code}
		cameo.Fill(&e)
		out = append(out, e)
	}
	return out
}()

var synthWords = []string{"border", "roads", "troops", "talks", "ceasefire", "drones", "airspace", "military", "security", "treaty", "exercise", "missile"}

func (s synthetic) EachEvent(ctx context.Context, f store.EventFilter, fn func(e *vigil.Event) error) error {
	r := rand.New(rand.NewPCG(s.seed, 7))
	perDay := (s.n + s.days - 1) / s.days
	start := day(19000)
	countries := make([]string, s.states)
	for i := range countries {
		countries[i] = fmt.Sprintf("%c%c%c", 'A'+i/26%26, 'A'+i%26, 'X')
	}
	roles := []string{"", "GOV", "MIL", "", "COP", "OPP"}
	// Codes by quad, in GDELT-like proportions: mostly statements and
	// consultations, a fifth verbal conflict, a tenth material conflict;
	// within a quad, most events take one of its common codes.
	byQuad := [5][]vigil.Event{}
	for _, e := range synthCodes {
		byQuad[e.Quad] = append(byQuad[e.Quad], e)
	}
	common := [5][]vigil.Event{}
	for q, codes := range [5][]string{1: {"010", "036", "040", "042", "043", "051", "020"}, 2: {"061", "071", "073", "0841"}, 3: {"111", "112", "120", "130", "100"}, 4: {"173", "190", "180", "193", "163"}} {
		for _, c := range codes {
			e := vigil.Event{Code: c}
			cameo.Fill(&e)
			common[q] = append(common[q], e)
		}
	}
	pickQuad := func() int {
		switch x := r.IntN(100); {
		case x < 60:
			return 1
		case x < 70:
			return 2
		case x < 90:
			return 3
		}
		return 4
	}
	// A few crisis dyads, each hot for 20 days somewhere in the period.
	type crisis struct {
		a, b  int
		from  int
		codes []string
	}
	var crises []crisis
	for range 12 {
		crises = append(crises, crisis{a: r.IntN(s.states), b: r.IntN(s.states), from: r.IntN(max(s.days-20, 1)),
			codes: []string{"191", "112", "138", "152", "1384", "195", "194"}})
	}
	var e vigil.Event
	count := 0
	for d := 0; d < s.days && count < s.n; d++ {
		date := (start + day(d)).String()
		for i := 0; i < perDay && count < s.n; i++ {
			// Skewed actors: a few states make most of the news.
			a := int(float64(s.states) * r.Float64() * r.Float64())
			b := int(float64(s.states) * r.Float64() * r.Float64())
			q := pickQuad()
			proto := byQuad[q]
			if r.IntN(10) < 7 {
				proto = common[q]
			}
			c := proto[r.IntN(len(proto))]
			if cr := crises[r.IntN(len(crises))]; d >= cr.from && d < cr.from+20 && r.IntN(50) == 0 {
				a, b = cr.a, cr.b
				code := cr.codes[r.IntN(len(cr.codes))]
				c = vigil.Event{Code: code}
				cameo.Fill(&c)
			}
			e = c
			e.Date = date
			e.Source = countries[a] + roles[r.IntN(len(roles))]
			if a != b && r.IntN(10) > 0 {
				e.Target = countries[b] + roles[r.IntN(len(roles))]
			} else {
				e.Target = ""
			}
			e.Article = "synth-" + strconv.Itoa(count/8)
			if r.IntN(10) == 0 && count > 0 {
				e.Article = "synth-dup-" + strconv.Itoa(count) // another outlet's report
			}
			e.Sentence = "Officials said " + e.Source + " acted on " + e.Target + " near the " + synthWords[r.IntN(len(synthWords))] + "."
			e.Offsets = [2]int{i * 100, i*100 + len(e.Sentence)}
			e.ID = vigil.EventID(e.Article, e.Offsets[0], e.Source, e.Target, e.Code)
			e.Negated = r.IntN(50) == 0
			if err := fn(&e); err != nil {
				return err
			}
			count++
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// countSink counts what the watcher saves, as cheaply as possible, so the
// benchmark measures the watcher.
type countSink struct{ warnings, treaty int }

func (c *countSink) SaveWarning(context.Context, *vigil.Warning) error { c.warnings++; return nil }
func (c *countSink) SaveTreatyStatus(context.Context, vigil.TreatyStatus) (bool, error) {
	c.treaty++
	return true, nil
}

func replaySynthetic(tb testing.TB, n int, progress func(Stats)) (Stats, *countSink) {
	tb.Helper()
	reg, err := alliance.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	sink := &countSink{}
	w, err := New(Options{Register: reg, Sink: sink})
	if err != nil {
		tb.Fatal(err)
	}
	src := synthetic{n: n, days: max(n/9000, 20), states: 200, seed: 1}
	st, err := w.Replay(context.Background(), src, "", "", progress)
	if err != nil {
		tb.Fatal(err)
	}
	return st, sink
}

// TestReplay10M replays ten million synthetic events and reports the rate
// and the largest live heap. It runs only with VIGIL_BENCH_10M=1 (about a
// minute on one core): go test ./watch -run Replay10M -v
func TestReplay10M(t *testing.T) {
	n := 10_000_000
	if v := os.Getenv("VIGIL_BENCH_10M"); v == "" {
		t.Skip("set VIGIL_BENCH_10M=1 to replay 10 M synthetic events (or a number of events)")
	} else if k, err := strconv.Atoi(v); err == nil && k > 1 {
		n = k
	}
	start := time.Now()
	st, sink := replaySynthetic(t, n, func(s Stats) {
		if s.Events%1_000_000 == 0 {
			t.Logf("%d events, %s, %d dyads, %d active warnings", s.Events, s.Last, s.Dyads, s.Active)
		}
	})
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("replayed %d events over %d days in %s: %.0f events/s; counted %d, %d duplicates, %d flagged; %d dyads held; warnings: %d new, %d raised, %d lowered, %d decayed, %d saves; live heap at most %.1f MB; heap now %.1f MB; total alloc %.1f GB",
		st.Events, st.Days, time.Since(start).Round(time.Millisecond), st.EventsPerSec, st.Used, st.Duplicates, st.Flagged, st.Dyads,
		st.New, st.Raised, st.Lowered, st.Decayed, sink.warnings, float64(st.HeapMax)/1e6, float64(ms.HeapAlloc)/1e6, float64(ms.TotalAlloc)/1e9)
	if st.Events != n {
		t.Errorf("replayed %d events, want %d", st.Events, n)
	}
	// Bounded memory: the live heap must not grow with the stream. 10 M events
	// of this shape are ~4 GB of Event structs; the watcher holds a window.
	if st.HeapMax > 512<<20 {
		t.Errorf("heap reached %.0f MB: memory is not bounded", float64(st.HeapMax)/1e6)
	}
}

// BenchmarkReplay measures the watcher on 200,000 synthetic events per
// operation (rules, indices, warnings, treaty register; no database).
func BenchmarkReplay(b *testing.B) {
	const n = 200_000
	b.ReportAllocs()
	var eps float64
	for b.Loop() {
		st, _ := replaySynthetic(b, n, nil)
		eps = st.EventsPerSec
	}
	b.ReportMetric(eps, "events/s")
}
