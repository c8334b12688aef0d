package server

import (
	"bufio"
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkExposition checks text against the Prometheus text format 0.0.4:
// every sample belongs to a family announced by HELP and TYPE before it,
// names and labels are well-formed, values parse, histogram buckets are
// cumulative and end with +Inf equal to _count. It returns the samples.
func checkExposition(t *testing.T, text string) map[string]float64 {
	t.Helper()
	sample := regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)\})? (\S+)$`)
	typed := map[string]string{}
	helped := map[string]bool{}
	out := map[string]float64{}
	lastBucket := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if f, ok := strings.CutPrefix(line, "# HELP "); ok {
			helped[strings.Fields(f)[0]] = true
			continue
		}
		if f, ok := strings.CutPrefix(line, "# TYPE "); ok {
			p := strings.Fields(f)
			if len(p) != 2 {
				t.Fatalf("bad TYPE line %q", line)
			}
			if _, dup := typed[p[0]]; dup {
				t.Errorf("family %s typed twice", p[0])
			}
			typed[p[0]] = p[1]
			continue
		}
		m := sample.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("malformed sample line %q", line)
		}
		name := m[1]
		fam := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if b, ok := strings.CutSuffix(name, suf); ok && typed[b] == "histogram" {
				fam = b
			}
		}
		if typed[fam] == "" || !helped[fam] {
			t.Errorf("sample %q before its family's HELP/TYPE", line)
		}
		v, err := strconv.ParseFloat(strings.Replace(m[4], "+Inf", "Inf", 1), 64)
		if err != nil {
			t.Errorf("value of %q: %v", line, err)
		}
		if strings.HasSuffix(name, "_bucket") {
			series := regexp.MustCompile(`,?le="[^"]*"`).ReplaceAllString(m[3], "")
			if v < lastBucket[fam+series] {
				t.Errorf("bucket %q is not cumulative", line)
			}
			lastBucket[fam+series] = v
		}
		out[name+m[2]] = v
	}
	return out
}

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	m.ObserveStage("code", 3*time.Millisecond)
	m.ObserveStage("code", 40*time.Millisecond)
	m.ObserveStage("fetch", 2*time.Minute) // beyond the last bucket
	m.FetchError()
	m.FetchError()
	m.Ingested(3, 17)
	m.observeHTTP(`GET /api/events`, 200, time.Millisecond)
	m.observeHTTP(`GET "odd"`, 500, time.Millisecond)
	m.webhook("ok")
	m.setGauge("vigil_articles", 35)
	var b strings.Builder
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got := checkExposition(t, b.String())
	for k, want := range map[string]float64{
		`vigil_fetch_errors_total`:                                        2,
		`vigil_ingested_events_total`:                                     17,
		`vigil_articles`:                                                  35,
		`vigil_stage_seconds_count{stage="code"}`:                         2,
		`vigil_stage_seconds_bucket{stage="code",le="0.005"}`:             1,
		`vigil_stage_seconds_bucket{stage="code",le="0.05"}`:              2,
		`vigil_stage_seconds_bucket{stage="fetch",le="30"}`:               0,
		`vigil_stage_seconds_bucket{stage="fetch",le="+Inf"}`:             1,
		`vigil_http_requests_total{route="GET /api/events",status="200"}`: 1,
		`vigil_http_requests_total{route="GET \"odd\"",status="500"}`:     1,
		`vigil_webhook_deliveries_total{result="ok"}`:                     1,
	} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	if got["go_goroutines"] < 1 {
		t.Error("no goroutine gauge")
	}
}

func TestBrokerDropsSlowSubscribers(t *testing.T) {
	b := newBroker(2)
	fast, slow := b.subscribe(), b.subscribe()
	for i := range 2 {
		if d := b.publish(message{Type: "event", Data: []byte(strconv.Itoa(i))}); d != 0 {
			t.Fatalf("publish %d dropped %d", i, d)
		}
		<-fast.ch // fast keeps up; slow never reads
	}
	if d := b.publish(message{Type: "event", Data: []byte("2")}); d != 1 {
		t.Fatalf("third publish dropped %d, want 1 (the slow one)", d)
	}
	if m := <-fast.ch; string(m.Data) != "2" {
		t.Errorf("fast got %q", m.Data)
	}
	n := 0
	for range slow.ch {
		n++
	}
	if n != 2 {
		t.Errorf("slow subscriber got %d messages before being dropped, want 2", n)
	}
	if b.count() != 1 {
		t.Errorf("%d subscribers left, want 1", b.count())
	}
	b.unsubscribe(slow) // already dropped: no double close
	b.unsubscribe(fast)
	if b.count() != 0 {
		t.Error("unsubscribe left a subscriber")
	}
}

// TestExtraMetrics: Config.ExtraMetrics appends its families to /metrics
// (vigil serve --nats adds the queue's), and the whole stays valid.
func TestExtraMetrics(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.ExtraMetrics = func(ctx context.Context, w io.Writer) {
			io.WriteString(w, "# HELP vigil_queue_test_lag Test lag.\n# TYPE vigil_queue_test_lag gauge\nvigil_queue_test_lag 7\n")
		}
	})
	resp, body := f.get(t, "/metrics")
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	got := checkExposition(t, body)
	if got["vigil_queue_test_lag"] != 7 || got["vigil_articles"] != 3 {
		t.Errorf("extra metric %v, articles %v; want 7 and 3", got["vigil_queue_test_lag"], got["vigil_articles"])
	}
}
