package server

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Metrics collects what /metrics exposes in the Prometheus text format
// (version 0.0.4). It is written by hand rather than with a client
// library: a few counters and histograms do not need a dependency.
//
// The pipeline reports into it through ObserveStage and FetchError; the
// server adds HTTP, stream and webhook figures; store totals (articles,
// events, warnings) are read from the store at scrape time.
type Metrics struct {
	mu       sync.Mutex
	stages   map[string]*histogram
	http     map[string]*histogram // by route
	statuses map[[2]string]uint64  // route, status class
	counters map[string]uint64     // name{labels} → value
	gauges   map[string]float64
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{
		stages:   map[string]*histogram{},
		http:     map[string]*histogram{},
		statuses: map[[2]string]uint64{},
		counters: map[string]uint64{},
		gauges:   map[string]float64{},
	}
}

// latencyBuckets (seconds) span a cached read to a slow page fetch.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func (h *histogram) observe(v float64) {
	if h.counts == nil {
		h.counts = make([]uint64, len(latencyBuckets))
	}
	if i, _ := slices.BinarySearch(latencyBuckets, v); i < len(latencyBuckets) {
		h.counts[i]++
	}
	h.sum += v
	h.n++
}

// ObserveStage records how long one pipeline stage took for one item:
// "fetch", "extract", "code", "store", "watch".
func (m *Metrics) ObserveStage(stage string, d time.Duration) {
	m.mu.Lock()
	h := m.stages[stage]
	if h == nil {
		h = &histogram{}
		m.stages[stage] = h
	}
	h.observe(d.Seconds())
	m.mu.Unlock()
}

// FetchError counts one failed fetch (a page or a feed).
func (m *Metrics) FetchError() { m.add(`vigil_fetch_errors_total`, 1) }

// Ingested counts articles and events the pipeline stored in this process.
func (m *Metrics) Ingested(articles, events int) {
	m.add(`vigil_ingested_articles_total`, uint64(articles))
	m.add(`vigil_ingested_events_total`, uint64(events))
}

func (m *Metrics) add(name string, n uint64) {
	m.mu.Lock()
	m.counters[name] += n
	m.mu.Unlock()
}

func (m *Metrics) setGauge(name string, v float64) {
	m.mu.Lock()
	m.gauges[name] = v
	m.mu.Unlock()
}

func (m *Metrics) observeHTTP(route string, status int, d time.Duration) {
	m.mu.Lock()
	h := m.http[route]
	if h == nil {
		h = &histogram{}
		m.http[route] = h
	}
	h.observe(d.Seconds())
	m.statuses[[2]string{route, strconv.Itoa(status)}]++
	m.mu.Unlock()
}

func (m *Metrics) webhook(result string) {
	m.add(`vigil_webhook_deliveries_total{result="`+result+`"}`, 1)
}

func (m *Metrics) ingestResult(result string) {
	m.add(`vigil_api_ingests_total{result="`+result+`"}`, 1)
}

func (m *Metrics) streamDropped(n int) {
	if n > 0 {
		m.add(`vigil_stream_clients_dropped_total`, uint64(n))
	}
}

func (m *Metrics) streamClients(n int) { m.setGauge("vigil_stream_clients", float64(n)) }

// help gives each metric family its HELP and TYPE lines.
var help = map[string][2]string{
	"vigil_articles":                     {"gauge", "Articles in the store."},
	"vigil_events":                       {"gauge", "Events in the store (flagged ones included)."},
	"vigil_events_flagged":               {"gauge", "Negated or hypothetical events in the store."},
	"vigil_warnings":                     {"gauge", "Warnings in the store."},
	"vigil_feeds":                        {"gauge", "Feeds the store keeps state for."},
	"vigil_store_bytes":                  {"gauge", "Size of the store on disk."},
	"vigil_fetch_errors_total":           {"counter", "Failed fetches of pages and feeds in this process."},
	"vigil_ingested_articles_total":      {"counter", "New articles stored by this process."},
	"vigil_ingested_events_total":        {"counter", "New events stored by this process."},
	"vigil_api_ingests_total":            {"counter", "POST /api/ingest calls by result."},
	"vigil_webhook_deliveries_total":     {"counter", "Webhook delivery attempts by result (ok, retry, failed, dropped)."},
	"vigil_stream_clients":               {"gauge", "Connected live-stream clients."},
	"vigil_stream_clients_dropped_total": {"counter", "Live-stream clients disconnected for reading too slowly."},
	"vigil_stage_seconds":                {"histogram", "Time per item of each pipeline stage."},
	"vigil_http_request_seconds":         {"histogram", "HTTP request latency by route."},
	"vigil_http_requests_total":          {"counter", "HTTP requests by route and status."},
	"go_goroutines":                      {"gauge", "Goroutines that currently exist."},
	"go_memstats_heap_alloc_bytes":       {"gauge", "Bytes of allocated heap objects."},
	"process_uptime_seconds":             {"gauge", "Seconds since the server started."},
}

var started = time.Now()

// WriteTo writes the metrics in the Prometheus text format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	family := func(name string) {
		h := help[name]
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, h[1], name, h[0])
	}
	m.mu.Lock()
	// Counters and gauges, grouped by family name (the part before '{').
	byFamily := map[string][]string{}
	values := map[string]string{}
	for k, v := range m.counters {
		f := familyOf(k)
		byFamily[f] = append(byFamily[f], k)
		values[k] = strconv.FormatUint(v, 10)
	}
	for k, v := range m.gauges {
		f := familyOf(k)
		byFamily[f] = append(byFamily[f], k)
		values[k] = formatFloat(v)
	}
	fams := make([]string, 0, len(byFamily))
	for f := range byFamily {
		fams = append(fams, f)
	}
	slices.Sort(fams)
	for _, f := range fams {
		family(f)
		ks := byFamily[f]
		slices.Sort(ks)
		for _, k := range ks {
			fmt.Fprintf(&b, "%s %s\n", k, values[k])
		}
	}
	writeHist := func(name, label string, hs map[string]*histogram) {
		if len(hs) == 0 {
			return
		}
		family(name)
		keys := make([]string, 0, len(hs))
		for k := range hs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			h := hs[k]
			lv := label + `="` + escapeLabel(k) + `"`
			var cum uint64
			for i, ub := range latencyBuckets {
				if h.counts != nil {
					cum += h.counts[i]
				}
				fmt.Fprintf(&b, "%s_bucket{%s,le=\"%s\"} %d\n", name, lv, formatFloat(ub), cum)
			}
			fmt.Fprintf(&b, "%s_bucket{%s,le=\"+Inf\"} %d\n", name, lv, h.n)
			fmt.Fprintf(&b, "%s_sum{%s} %s\n", name, lv, formatFloat(h.sum))
			fmt.Fprintf(&b, "%s_count{%s} %d\n", name, lv, h.n)
		}
	}
	writeHist("vigil_stage_seconds", "stage", m.stages)
	writeHist("vigil_http_request_seconds", "route", m.http)
	if len(m.statuses) > 0 {
		family("vigil_http_requests_total")
		keys := make([][2]string, 0, len(m.statuses))
		for k := range m.statuses {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int {
			if c := strings.Compare(a[0], b[0]); c != 0 {
				return c
			}
			return strings.Compare(a[1], b[1])
		})
		for _, k := range keys {
			fmt.Fprintf(&b, "vigil_http_requests_total{route=\"%s\",status=\"%s\"} %d\n", escapeLabel(k[0]), k[1], m.statuses[k])
		}
	}
	m.mu.Unlock()

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	family("go_goroutines")
	fmt.Fprintf(&b, "go_goroutines %d\n", runtime.NumGoroutine())
	family("go_memstats_heap_alloc_bytes")
	fmt.Fprintf(&b, "go_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
	family("process_uptime_seconds")
	fmt.Fprintf(&b, "process_uptime_seconds %s\n", formatFloat(time.Since(started).Seconds()))
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func familyOf(k string) string {
	if i := strings.IndexByte(k, '{'); i >= 0 {
		return k[:i]
	}
	return k
}

func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// storeGauges refreshes the store totals, at most once per 5 s: counting
// a large store on every scrape would cost more than it tells.
func (s *Server) storeGauges(ctx context.Context) {
	s.mu.Lock()
	fresh := time.Since(s.statsAt) < 5*time.Second
	if !fresh {
		s.statsAt = time.Now()
	}
	s.mu.Unlock()
	if fresh {
		return
	}
	st, err := s.cfg.Store.Stats(ctx)
	if err != nil {
		s.log.Warn("metrics: store stats", "err", err)
		return
	}
	s.metrics.setGauge("vigil_articles", float64(st.Articles))
	s.metrics.setGauge("vigil_events", float64(st.Events))
	s.metrics.setGauge("vigil_events_flagged", float64(st.Flagged))
	s.metrics.setGauge("vigil_warnings", float64(st.Warnings))
	s.metrics.setGauge("vigil_feeds", float64(st.Feeds))
	s.metrics.setGauge("vigil_store_bytes", float64(st.Bytes))
}

func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	s.storeGauges(r.Context())
	s.metrics.streamClients(s.broker.count())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = s.metrics.WriteTo(w)
	if s.cfg.ExtraMetrics != nil {
		s.cfg.ExtraMetrics(r.Context(), w)
	}
}
