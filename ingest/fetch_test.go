package ingest

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testFetcher allows loopback (the test server lives there) and takes no
// per-host delay unless asked.
func testFetcher(mod func(*FetchOptions)) *Fetcher {
	o := FetchOptions{AllowPrivate: true, HostDelay: -1, UserAgent: UserAgent("test")}
	if mod != nil {
		mod(&o)
	}
	return NewFetcher(o)
}

func TestCheckAddr(t *testing.T) {
	for _, tc := range []struct {
		ip      string
		blocked bool
	}{
		{"127.0.0.1", true}, {"127.8.9.1", true}, {"::1", true},
		{"10.1.2.3", true}, {"172.16.0.1", true}, {"192.168.1.1", true},
		{"169.254.169.254", true}, {"fe80::1", true}, {"fd00:ec2::254", true},
		{"100.64.0.1", true}, {"0.0.0.0", true}, {"0.1.2.3", true}, {"::", true},
		{"224.0.0.1", true}, {"ff02::1", true}, {"255.255.255.255", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:169.254.169.254", true},
		{"64:ff9b::a9fe:a9fe", true}, {"2002:7f00:1::", true},
		{"8.8.8.8", false}, {"93.184.216.34", false}, {"2606:4700::1111", false},
		{"::ffff:8.8.8.8", false}, {"172.32.0.1", false}, {"100.128.0.1", false},
	} {
		err := checkAddr(netip.MustParseAddr(tc.ip))
		if (err != nil) != tc.blocked {
			t.Errorf("%s: err %v, want blocked=%v", tc.ip, err, tc.blocked)
		}
		if err != nil && !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s: %v does not wrap ErrBlockedAddress", tc.ip, err)
		}
	}
}

func TestFetchGuardRefusesPrivateAddresses(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "secret")
	}))
	defer srv.Close()
	port := srv.Listener.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndex(port, ":"):]
	f := NewFetcher(FetchOptions{HostDelay: -1, Timeout: 3 * time.Second, DialTimeout: time.Second})
	ctx := context.Background()
	for _, u := range []string{
		srv.URL,
		"http://localhost" + port + "/", // a name that resolves to loopback
		"http://[::1]" + port + "/",
		"http://169.254.169.254/latest/meta-data/",
		"http://10.0.0.1/",
		"http://0.0.0.0" + port + "/",
	} {
		_, err := f.Fetch(ctx, Request{URL: u})
		if !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s: err %v, want ErrBlockedAddress", u, err)
		} else if !strings.Contains(err.Error(), "--allow-private") {
			t.Errorf("%s: error %q does not say how to allow it", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the guarded server was reached %d times", n)
	}
	// A public-looking redirect target is still checked at each hop: a page
	// on an allowed server redirecting to the metadata address fails.
	redir := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/latest/meta-data/", http.StatusFound))
	defer redir.Close()
	g := testFetcher(nil)
	g.client.Transport.(*http.Transport).DialContext = guardedOnlyFor("169.254.169.254")
	if _, err := g.Fetch(ctx, Request{URL: redir.URL}); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("redirect to metadata: err %v, want ErrBlockedAddress", err)
	}
	// With AllowPrivate the same server is reachable.
	resp, err := testFetcher(nil).Fetch(ctx, Request{URL: srv.URL})
	if err != nil || string(resp.Body) != "secret" {
		t.Errorf("allowed fetch: %v %v", resp, err)
	}
}

// guardedOnlyFor returns a dialer that applies the guard to one address
// and lets the rest (the loopback test server) through, to prove redirects
// are re-checked at dial time.
func guardedOnlyFor(ip string) func(ctx context.Context, network, addr string) (netConn, error) {
	return func(ctx context.Context, network, addr string) (netConn, error) {
		if strings.HasPrefix(addr, ip+":") {
			if err := guardControl(network, addr, nil); err != nil {
				return nil, err
			}
		}
		return defaultDial(ctx, network, addr)
	}
}

func TestFetchSchemes(t *testing.T) {
	f := testFetcher(nil)
	for _, u := range []string{"file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "javascript:alert(1)"} {
		if _, err := f.Fetch(context.Background(), Request{URL: u}); !errors.Is(err, ErrScheme) {
			t.Errorf("%s: err %v, want ErrScheme", u, err)
		}
	}
	srv := httptest.NewServer(http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	defer srv.Close()
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL}); !errors.Is(err, ErrScheme) {
		t.Errorf("redirect to file: err %v, want ErrScheme", err)
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			fmt.Fprint(w, "arrived")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(nil)
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/loop"}); !errors.Is(err, ErrTooManyHops) {
		t.Errorf("loop: err %v, want ErrTooManyHops", err)
	}
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/hop/5"})
	if err != nil || string(resp.Body) != "arrived" || !strings.HasSuffix(resp.URL, "/hop/0") {
		t.Errorf("5 hops: %v, %+v", err, resp)
	}
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/hop/6"}); !errors.Is(err, ErrTooManyHops) {
		t.Errorf("6 hops: err %v, want ErrTooManyHops", err)
	}
}

func TestFetchSizeCap(t *testing.T) {
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// 100 MB of page, streamed: the fetcher must stop at its cap.
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>filler text</p>\n"), 1<<12)
		for total := 0; total < 100<<20; total += len(chunk) {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	f := testFetcher(func(o *FetchOptions) { o.MaxSize = 1 << 20 })
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "cut at the cap") {
		t.Fatalf("err %v, want ErrTooLarge", err)
	}
	if !resp.Truncated || len(resp.Body) != 1<<20 {
		t.Errorf("truncated %v, %d bytes", resp.Truncated, len(resp.Body))
	}
	// A gzip bomb is capped after decompression.
	bomb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zero := make([]byte, 1<<16)
		for i := 0; i < 400; i++ { // 25 MB uncompressed
			if _, err := zw.Write(zero); err != nil {
				return
			}
		}
		zw.Close()
	}))
	defer bomb.Close()
	if _, err := f.Fetch(context.Background(), Request{URL: bomb.URL}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("gzip bomb: err %v, want ErrTooLarge", err)
	}
}

func TestFetchSlowServer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/headers" {
			select { // never answers
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.WriteHeader(200)
		for i := 0; i < 100; i++ { // one byte every 100 ms
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
				return
			case <-release:
				return
			}
		}
	}))
	defer srv.Close()
	defer close(release)
	f := testFetcher(func(o *FetchOptions) { o.Timeout = 600 * time.Millisecond; o.HeaderTimeout = 300 * time.Millisecond })
	start := time.Now()
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/trickle"}); !errors.Is(err, ErrFetchTimeout) {
		t.Errorf("trickle: err %v, want ErrFetchTimeout", err)
	}
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/headers"}); !errors.Is(err, ErrFetchTimeout) {
		t.Errorf("no headers: err %v, want ErrFetchTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeouts took %v", d)
	}
}

func TestFetchEncodings(t *testing.T) {
	const page = "<html><body><p>Compressed text.</p></body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
		}
		var buf bytes.Buffer
		var zw io.WriteCloser
		switch r.URL.Path {
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw = gzip.NewWriter(&buf)
		case "/zlib":
			w.Header().Set("Content-Encoding", "deflate")
			zw = zlib.NewWriter(&buf)
		case "/raw":
			w.Header().Set("Content-Encoding", "deflate")
			zw, _ = flate.NewWriter(&buf, flate.DefaultCompression)
		case "/br":
			w.Header().Set("Content-Encoding", "br")
			buf.WriteString("????")
		default:
			buf.WriteString(page)
		}
		if zw != nil {
			zw.Write([]byte(page))
			zw.Close()
		}
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	f := testFetcher(nil)
	for _, p := range []string{"/plain", "/gzip", "/zlib", "/raw"} {
		resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + p})
		if err != nil || string(resp.Body) != page {
			t.Errorf("%s: %v %q", p, err, resp.Body)
		}
	}
	if _, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/br"}); err == nil || !strings.Contains(err.Error(), "Content-Encoding") {
		t.Errorf("br: err %v", err)
	}
}

func TestFetchConditional(t *testing.T) {
	var full, notMod atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if want := UserAgent("test"); r.Header.Get("User-Agent") != want {
			t.Errorf("User-Agent %q, want %q", r.Header.Get("User-Agent"), want)
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 15 Oct 2024 08:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"v1"` {
			notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f := testFetcher(nil)
	r1, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/feed"})
	if err != nil || r1.NotModified || r1.ETag != `"v1"` {
		t.Fatalf("first: %v %+v", err, r1)
	}
	r2, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/feed", ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil || !r2.NotModified || len(r2.Body) != 0 || r2.ETag != `"v1"` {
		t.Fatalf("second: %v %+v", err, r2)
	}
	if full.Load() != 1 || notMod.Load() != 1 {
		t.Errorf("full %d, not modified %d", full.Load(), notMod.Load())
	}
}

func TestFetchRobots(t *testing.T) {
	var robots atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robots.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n\nUser-agent: Vigil\nDisallow: /novigil/\n")
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f := testFetcher(nil)
	ctx := context.Background()
	for _, tc := range []struct {
		path    string
		blocked bool
	}{{"/news/1", false}, {"/novigil/2", true}, {"/news/3", false}, {"/private/x", false}} {
		_, err := f.Fetch(ctx, Request{URL: srv.URL + tc.path})
		if got := errors.Is(err, ErrRobots); got != tc.blocked {
			t.Errorf("%s: err %v, want blocked=%v", tc.path, err, tc.blocked)
		}
	}
	if n := robots.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	g := testFetcher(func(o *FetchOptions) { o.IgnoreRobots = true })
	if _, err := g.Fetch(ctx, Request{URL: srv.URL + "/novigil/2"}); err != nil {
		t.Errorf("IgnoreRobots: %v", err)
	}
}

func TestFetchPerHostLimits(t *testing.T) {
	var cur, peak atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := cur.Add(1)
		defer cur.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}))
	defer srv.Close()
	f := testFetcher(func(o *FetchOptions) { o.PerHost = 1; o.HostDelay = 50 * time.Millisecond })
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/p%d", srv.URL, i)})
		}()
	}
	wg.Wait()
	if p := peak.Load(); p != 1 {
		t.Errorf("peak concurrency per host %d, want 1", p)
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 45*time.Millisecond {
			t.Errorf("requests %d and %d only %v apart", i-1, i, gap)
		}
	}
}

func TestSniffIsFeed(t *testing.T) {
	for _, tc := range []struct {
		ct, body string
		feed     bool
	}{
		{"application/rss+xml", "", true},
		{"application/atom+xml; charset=utf-8", "", true},
		{"text/html", "<rss", false},
		{"text/xml", `<?xml version="1.0"?><rss version="2.0">`, true},
		{"application/xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">`, true},
		{"application/xml", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, true},
		{"application/json", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, true},
		{"application/json", `{"a": 1}`, false},
		{"", "<!DOCTYPE html><html>", false},
	} {
		if got := IsFeed(tc.ct, []byte(tc.body)); got != tc.feed {
			t.Errorf("%q %q: %v, want %v", tc.ct, tc.body, got, tc.feed)
		}
	}
}

type netConn = net.Conn

var defaultDial = (&net.Dialer{Timeout: time.Second}).DialContext
