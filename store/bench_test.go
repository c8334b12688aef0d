package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/store/storetest"
)

// synth makes realistic synthetic events: 200 countries with a skewed
// (Zipf) activity so that a few dyads are busy and most are quiet, roles,
// codes over all roots, dates over ten years, a tenth flagged.
type synth struct {
	r         *rand.Rand
	countries []string
	zipf      *rand.Zipf
	day0      time.Time
	// perDay > 0 dates article i on day i/perDay, as news arrives and
	// GDELT archives are imported: in date order. 0 dates at random.
	perDay int
}

var (
	synthRoles = []string{"", "GOV", "MIL", "LEG", "COP", "MED", "REB", "CVL"}
	synthCodes = []struct {
		code string
		quad int
		g    float64
	}{{"010", 1, 0}, {"036", 1, 4}, {"042", 1, 1.9}, {"057", 1, 8}, {"062", 2, 7.4}, {"0871", 2, 9},
		{"111", 3, -2}, {"112", 3, -2}, {"138", 3, -7}, {"150", 4, -7.2}, {"152", 4, -7.2}, {"191", 4, -9.5}, {"194", 4, -10}}
)

func newSynth(seed uint64) *synth {
	s := &synth{r: rand.New(rand.NewPCG(seed, 1)), day0: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)}
	s.countries = append(s.countries, "PRK", "KOR")
	for i := 0; len(s.countries) < 200; i++ {
		c := string(rune('A'+i/676%26)) + string(rune('A'+i/26%26)) + string(rune('A'+i%26))
		if c != "PRK" && c != "KOR" {
			s.countries = append(s.countries, c)
		}
	}
	s.zipf = rand.NewZipf(s.r, 1.3, 1, uint64(len(s.countries)-1))
	return s
}

// entry returns one article with n events. withText gives each event its
// own sentence (as coded news has); without, events are bare (as GDELT
// imports are), which is what the 10 M series benchmark stores.
func (s *synth) entry(i, n int, withText bool) store.Entry {
	var sb strings.Builder
	evs := make([]vigil.Event, n)
	day := s.r.IntN(3650)
	if s.perDay > 0 {
		day = i / s.perDay
	}
	date := s.day0.AddDate(0, 0, day).Format(vigil.DateLayout)
	for j := range evs {
		a, b := s.countries[s.zipf.Uint64()], s.countries[s.zipf.Uint64()]
		if a == b {
			b = s.countries[(s.zipf.Uint64()+1)%uint64(len(s.countries))]
		}
		c := synthCodes[s.r.IntN(len(synthCodes))]
		e := vigil.Event{Date: date, Source: a + synthRoles[s.r.IntN(len(synthRoles))], Target: b + synthRoles[s.r.IntN(len(synthRoles))],
			Code: c.code, Root: c.code[:2], Quad: c.quad, Goldstein: c.g, PLOVER: "plover", Mode: "", Confidence: 0.8,
			Negated: s.r.IntN(20) == 0, Hypothetical: s.r.IntN(20) == 0, Pattern: "synthetic"}
		e.SourceName, e.TargetName = e.Source, e.Target
		if withText {
			start := sb.Len()
			fmt.Fprintf(&sb, "In report %d the %s side took action %s against %s near the border, officials said. ", i*100+j, a, c.code, b)
			e.Sentence, e.Offsets = strings.TrimSpace(sb.String()[start:]), [2]int{start, sb.Len() - 1}
		} else {
			e.Article, e.Offsets = "synthetic-"+strconv.Itoa(i), [2]int{j, j}
		}
		evs[j] = e
	}
	if !withText {
		return store.Entry{Events: evs}
	}
	return store.Entry{Article: &vigil.Article{Text: sb.String(), Title: "Report " + strconv.Itoa(i), URL: "https://synthetic.example/" + strconv.Itoa(i)}, Events: evs}
}

// BenchmarkInsertEvents measures events stored per second, each backend,
// in the two ways the pipeline writes: one article per transaction
// (ingest) and many per transaction (bulk import).
func BenchmarkInsertEvents(b *testing.B) {
	for _, be := range storetest.Backends() {
		for _, mode := range []struct {
			name     string
			articles int // per Write
		}{{"article-per-tx", 1}, {"batch-100", 100}} {
			b.Run(be.Name+"/"+mode.name, func(b *testing.B) {
				s := be.Open(b)
				sy := newSynth(1)
				const perArticle = 10
				i := 0
				b.ResetTimer()
				events := 0
				cpu0 := cpuTime()
				for b.Loop() {
					b.StopTimer()
					batch := make([]store.Entry, mode.articles)
					for k := range batch {
						batch[k] = sy.entry(i, perArticle, true)
						i++
					}
					b.StartTimer()
					res, err := s.Write(context.Background(), batch...)
					if err != nil {
						b.Fatal(err)
					}
					events += res.Events
				}
				b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
				// On a shared machine wall time wobbles with the load; this
				// process's CPU time does not (for SQLite it is all the work).
				b.ReportMetric(float64(events)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
			})
		}
	}
}

// BenchmarkDyadSeries10M builds a store of 10 million synthetic events
// over ten years, in date order (once, kept in VIGIL_BENCH_DIR or the
// system temporary directory; it takes many minutes) and measures the daily series of the busiest dyad and of
// PRK-KOR, undirected, over all ten years. It runs only with
// VIGIL_BENCH_10M=1 (SQLite) and, for PostgreSQL, VIGIL_TEST_DSN too.
// It reports the database size per million events.
func BenchmarkDyadSeries10M(b *testing.B) {
	if os.Getenv("VIGIL_BENCH_10M") != "1" {
		b.Skip("set VIGIL_BENCH_10M=1 to build (once) and query a 10 M event store")
	}
	n := 10_000_000
	if v, err := strconv.Atoi(os.Getenv("VIGIL_BENCH_EVENTS")); err == nil && v > 0 {
		n = v
	}
	for _, be := range []string{"sqlite", "postgres"} {
		b.Run(be, func(b *testing.B) {
			target := benchTarget(b, be, n)
			ctx := context.Background()
			s, err := store.Open(ctx, target)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			st, err := s.Stats(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if st.Events < n {
				fill(b, s, st.Events, n)
				if st, err = s.Stats(ctx); err != nil {
					b.Fatal(err)
				}
			}
			mib := float64(st.Bytes) / float64(st.Events) * 1e6 / (1 << 20)
			b.Logf("%d events, %d articles, %.0f MiB: %.0f MiB per million events", st.Events, st.Articles, float64(st.Bytes)/(1<<20), mib)
			// Country dyads read the daily totals; an actor dyad scans its
			// events. PRK-KOR is the busiest dyad of the synthetic data (about
			// 8% of all events), AAA-AAB a middling one.
			for _, d := range []store.Dyad{{A: "PRK", B: "KOR"}, {A: "AAA", B: "AAB"}, {A: "PRKMIL", B: "KORMIL"}} {
				b.Run("series/"+d.A+"-"+d.B, func(b *testing.B) {
					days := 0
					cpu0 := cpuTime()
					for b.Loop() {
						series, err := s.DyadSeries(ctx, store.SeriesQuery{Dyad: d})
						if err != nil {
							b.Fatal(err)
						}
						days = len(series)
					}
					b.ReportMetric(float64(days), "days")
					b.ReportMetric(mib, "MiB/Mevents")
					// SQLite works in this process: its CPU time per query does
					// not depend on what else the machine runs.
					b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				})
			}
			// First page of a dyad's events in a month, and the page after.
			b.Run("events/PRK-KOR-month", func(b *testing.B) {
				f := store.EventFilter{Dyad: &store.Dyad{A: "PRK", B: "KOR"}, Since: "2020-03-01", Until: "2020-03-31", Limit: 100}
				for b.Loop() {
					p, err := s.Events(ctx, f)
					if err != nil || len(p.Items) == 0 {
						b.Fatal(len(p.Items), err)
					}
					if _, err := s.Events(ctx, store.EventFilter{Dyad: f.Dyad, Since: f.Since, Until: f.Until, Limit: 100, Cursor: p.Next}); err != nil {
						b.Fatal(err)
					}
				}
			})
			// Streaming a busy dyad's year in date order, as the watch does.
			b.Run("each/PRK-KOR-year", func(b *testing.B) {
				f := store.EventFilter{Dyad: &store.Dyad{A: "PRK", B: "KOR"}, Since: "2020-01-01", Until: "2020-12-31"}
				n := 0
				for b.Loop() {
					n = 0
					if err := s.EachEvent(ctx, f, func(*vigil.Event) error { n++; return nil }); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n), "events")
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			})
			b.Run("dyads/countries", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Dyads(ctx, store.DyadQuery{Countries: true, Limit: 12}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func benchTarget(b *testing.B, backend string, n int) string {
	if backend == "postgres" {
		dsn := os.Getenv(storetest.EnvDSN)
		if dsn == "" {
			b.Skipf("set %s for the PostgreSQL run", storetest.EnvDSN)
		}
		// A schema of its own, kept between runs like the SQLite file.
		return storetest.NamedSchemaDSN(b, fmt.Sprintf("vigil_bench_%d", n))
	}
	dir := os.Getenv("VIGIL_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, fmt.Sprintf("vigil-bench-%d.db", n))
}

// cpuTime is the user and system CPU time used by this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// fill adds synthetic events (bare, as imported) until the store has n.
func fill(b *testing.B, s store.Store, have, n int) {
	ctx := context.Background()
	sy := newSynth(uint64(have) + 7)
	sy.perDay = max(1, n/10/3650) // ten years
	start := time.Now()
	const perTx = 10000
	for have < n {
		batch := make([]store.Entry, 0, perTx/10)
		for k := 0; k < perTx/10 && have+len(batch)*10 < n; k++ {
			batch = append(batch, sy.entry(have/10+k, 10, false))
		}
		res, err := s.Write(ctx, batch...)
		if err != nil {
			b.Fatal(err)
		}
		have += res.Events
		if have%1_000_000 < perTx {
			b.Logf("%d events, %.0f/s", have, float64(have)/time.Since(start).Seconds())
		}
	}
}
