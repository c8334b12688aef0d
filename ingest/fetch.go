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
	nurl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// UserAgent returns Vigil's honest User-Agent for a version.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "Vigil/" + version + " (+https://github.com/vigil-ews/vigil)"
}

// FetchOptions configures a Fetcher. Zero values take the defaults noted.
type FetchOptions struct {
	// AllowPrivate lets fetches reach loopback, private, link-local and
	// other non-public addresses (--allow-private). Off by default: a feed
	// or a redirect must not make Vigil read internal services.
	AllowPrivate bool
	MaxSize      int64  // body cap in bytes, after decompression (DefaultMaxSize)
	UserAgent    string // UserAgent("dev")
	MaxRedirects int    // 5

	DialTimeout   time.Duration // TCP connect: 10 s
	TLSTimeout    time.Duration // TLS handshake: 10 s
	HeaderTimeout time.Duration // request sent → response headers: 20 s
	// Timeout bounds a whole fetch including the body, so a server that
	// trickles one byte a second fails instead of holding a worker: 60 s.
	Timeout time.Duration

	PerHost   int           // concurrent requests to one host: 2
	HostDelay time.Duration // least time between two requests to one host: 1 s (negative: none)
	// IgnoreRobots skips robots.txt; only for sources the user owns.
	IgnoreRobots bool
}

func (o *FetchOptions) defaults() {
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent("")
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 10 * time.Second
	}
	if o.TLSTimeout <= 0 {
		o.TLSTimeout = 10 * time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 20 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.HostDelay == 0 {
		o.HostDelay = time.Second
	}
	if o.HostDelay < 0 {
		o.HostDelay = 0
	}
}

// Errors of Fetch, beyond ErrBlockedAddress and ErrTooLarge.
var (
	ErrScheme       = errors.New("only http and https URLs can be fetched")
	ErrRobots       = errors.New("disallowed by robots.txt")
	ErrTooManyHops  = errors.New("too many redirects")
	ErrHTTPStatus   = errors.New("HTTP error")
	ErrFetchTimeout = errors.New("timed out")
)

// Request is one fetch. ETag and LastModified, from an earlier Response,
// make it conditional: an unchanged resource answers 304 and costs nothing.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	Accept       string // Accept header; a sensible default when empty
}

// Response is a fetched resource.
type Response struct {
	URL          string // final URL, after redirects
	Status       int
	NotModified  bool // 304: Body is empty, the caller's copy is current
	ContentType  string
	ETag         string
	LastModified string
	Body         []byte // decompressed, at most MaxSize bytes
	// Truncated is set when the body was cut at MaxSize (Fetch then also
	// returns an error wrapping ErrTooLarge).
	Truncated bool
	Fetched   time.Time
}

// Fetcher fetches politely and safely: see FetchOptions. It is safe for
// concurrent use; share one per process so per-host limits hold.
type Fetcher struct {
	opt    FetchOptions
	client *http.Client

	mu     sync.Mutex
	hosts  map[string]*hostState
	robots map[string]*robotsEntry
}

type hostState struct {
	sem  chan struct{}
	mu   sync.Mutex
	next time.Time // earliest start of the next request: delay after the last start and the last end
}

type robotsEntry struct {
	ready   chan struct{} // closed when data is set
	data    *robotstxt.RobotsData
	expires time.Time
}

// NewFetcher returns a Fetcher with opt (zero fields take defaults).
func NewFetcher(opt FetchOptions) *Fetcher {
	opt.defaults()
	dialer := &net.Dialer{Timeout: opt.DialTimeout, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		dialer.Control = guardControl
	}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us, past the guard
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opt.TLSTimeout,
		ResponseHeaderTimeout: opt.HeaderTimeout,
		MaxIdleConnsPerHost:   opt.PerHost,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true, // we ask for gzip and deflate and decode them under the cap
		ForceAttemptHTTP2:     true,
	}
	f := &Fetcher{opt: opt, hosts: map[string]*hostState{}, robots: map[string]*robotsEntry{}}
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opt.MaxRedirects {
				return fmt.Errorf("%w: stopped after %d (a redirect loop?)", ErrTooManyHops, opt.MaxRedirects)
			}
			if err := checkScheme(req.URL); err != nil {
				return err
			}
			// The dial guard re-checks each hop's address.
			return nil
		},
	}
	return f
}

func checkScheme(u *nurl.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: %q", ErrScheme, u.Scheme+":")
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", u.String())
	}
	return nil
}

// Fetch fetches one URL, honouring robots.txt, the per-host limits, the
// timeouts and the size cap. A 304 answer to a conditional request returns
// a Response with NotModified set. HTTP errors (4xx, 5xx) return an error
// wrapping ErrHTTPStatus along with the Response.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := nurl.Parse(strings.TrimSpace(req.URL))
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %w", req.URL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, err
	}
	if !f.opt.IgnoreRobots {
		if err := f.allowed(ctx, u); err != nil {
			return nil, err
		}
	}
	return f.do(ctx, u, req)
}

func (f *Fetcher) host(h string) *hostState {
	f.mu.Lock()
	defer f.mu.Unlock()
	hs := f.hosts[h]
	if hs == nil {
		hs = &hostState{sem: make(chan struct{}, f.opt.PerHost)}
		f.hosts[h] = hs
	}
	return hs
}

// acquire waits for a slot on the host and for its delay to pass.
func (f *Fetcher) acquire(ctx context.Context, h string, delay time.Duration) (release func(), err error) {
	hs := f.host(h)
	select {
	case hs.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	hs.mu.Lock()
	now := time.Now()
	start := hs.next
	if start.Before(now) {
		start = now
	}
	hs.next = start.Add(delay)
	hs.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-hs.sem
			return nil, ctx.Err()
		}
	}
	return func() {
		// The delay also runs from the end of this request, so a slow
		// response never lets the next request follow right after it, and
		// the host sees at least the delay between one answer and the next
		// request whatever the network adds before the first.
		hs.mu.Lock()
		if after := time.Now().Add(delay); after.After(hs.next) {
			hs.next = after
		}
		hs.mu.Unlock()
		<-hs.sem
	}, nil
}

func (f *Fetcher) do(ctx context.Context, u *nurl.URL, req Request) (*Response, error) {
	delay := f.opt.HostDelay
	if rd := f.crawlDelay(u); rd > delay {
		delay = min(rd, 30*time.Second)
	}
	release, err := f.acquire(ctx, u.Host, delay)
	if err != nil {
		return nil, err
	}
	defer release()

	ctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	hr.Header.Set("User-Agent", f.opt.UserAgent)
	hr.Header.Set("Accept-Encoding", "gzip, deflate")
	accept := req.Accept
	if accept == "" {
		accept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,application/xml;q=0.9,text/*;q=0.8,*/*;q=0.5"
	}
	hr.Header.Set("Accept", accept)
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		return nil, f.explain(ctx, u, err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Fetched:      time.Now().UTC(),
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, nil
	}
	body, err := decodeBody(resp)
	if err != nil {
		return out, fmt.Errorf("fetching %s: %w", u, err)
	}
	b, err := io.ReadAll(io.LimitReader(body, f.opt.MaxSize+1))
	if err != nil {
		return out, fmt.Errorf("fetching %s: reading body: %w", u, f.explain(ctx, u, err))
	}
	if int64(len(b)) > f.opt.MaxSize {
		out.Body, out.Truncated = b[:f.opt.MaxSize], true
		return out, fmt.Errorf("fetching %s: body cut at the cap: %w of %d bytes (raise it with --max-size)", u, ErrTooLarge, f.opt.MaxSize)
	}
	out.Body = b
	if resp.StatusCode >= 400 {
		return out, fmt.Errorf("fetching %s: %w %s", u, ErrHTTPStatus, resp.Status)
	}
	return out, nil
}

// explain turns transport errors into ones that say what happened.
func (f *Fetcher) explain(ctx context.Context, u *nurl.URL, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, ErrBlockedAddress), errors.Is(err, ErrTooManyHops), errors.Is(err, ErrScheme):
		return fmt.Errorf("fetching %s: %w", u, err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("fetching %s: %w after %s (server too slow)", u, ErrFetchTimeout, f.opt.Timeout)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("fetching %s: %w: %v", u, ErrFetchTimeout, err)
	}
	return fmt.Errorf("fetching %s: %w", u, err)
}

// decodeBody undoes the Content-Encoding the server chose.
func decodeBody(resp *http.Response) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
		return resp.Body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, fmt.Errorf("bad gzip body: %w", err)
		}
		return zr, nil
	case "deflate":
		// RFC 9110 deflate is zlib-wrapped, but some servers send raw
		// DEFLATE: peek at the header to tell.
		br := &peekReader{r: resp.Body}
		hdr, _ := br.peek(2)
		if len(hdr) == 2 && hdr[0]&0x0f == 8 && (uint16(hdr[0])<<8|uint16(hdr[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("bad deflate body: %w", err)
			}
			return zr, nil
		}
		return flate.NewReader(br), nil
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
}

type peekReader struct {
	r   io.Reader
	buf []byte
}

func (p *peekReader) peek(n int) ([]byte, error) {
	b := make([]byte, n)
	k, err := io.ReadFull(p.r, b)
	p.buf = b[:k]
	return p.buf, err
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}

const robotsTTL = 6 * time.Hour

// allowed checks u against its host's robots.txt, fetching it once per
// host and TTL. An unreachable robots.txt (or a 4xx) allows everything; a
// 5xx disallows for a short while, as search engines do.
func (f *Fetcher) allowed(ctx context.Context, u *nurl.URL) error {
	key := u.Scheme + "://" + u.Host
	for {
		f.mu.Lock()
		e := f.robots[key]
		if e != nil && !e.expires.IsZero() && time.Now().After(e.expires) {
			e = nil
		}
		if e == nil {
			e = &robotsEntry{ready: make(chan struct{})}
			f.robots[key] = e
			f.mu.Unlock()
			f.loadRobots(ctx, u, e)
		} else {
			f.mu.Unlock()
		}
		select {
		case <-e.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
		if e.data == nil { // the loader was cancelled; try again
			continue
		}
		path := u.EscapedPath()
		if u.RawQuery != "" {
			path += "?" + u.RawQuery
		}
		if path == "" {
			path = "/"
		}
		if !e.data.TestAgent(path, "Vigil") {
			return fmt.Errorf("fetching %s: %w (the site asks robots not to read this path)", u, ErrRobots)
		}
		return nil
	}
}

func (f *Fetcher) loadRobots(ctx context.Context, u *nurl.URL, e *robotsEntry) {
	defer close(e.ready)
	ru := &nurl.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := f.do(ctx, ru, Request{URL: ru.String(), Accept: "text/plain"})
	ttl := robotsTTL
	switch {
	case ctx.Err() != nil:
		f.mu.Lock()
		delete(f.robots, u.Scheme+"://"+u.Host)
		f.mu.Unlock()
		return
	case resp == nil:
		// Unreachable: allow; the page fetch will report the real problem.
		e.data, _ = robotstxt.FromStatusAndBytes(404, nil)
		ttl = 10 * time.Minute
	default:
		status := resp.Status
		if err != nil && status < 400 {
			status = 404 // cut at the cap or unreadable: treat as absent
		}
		data, perr := robotstxt.FromStatusAndBytes(status, resp.Body)
		if perr != nil {
			data, _ = robotstxt.FromStatusAndBytes(404, nil)
		}
		e.data = data
		if status >= 500 {
			ttl = 10 * time.Minute
		}
	}
	// allowed reads expires under f.mu before waiting for ready (to drop
	// an expired entry), so it is written under f.mu too.
	f.mu.Lock()
	e.expires = time.Now().Add(ttl)
	f.mu.Unlock()
}

// crawlDelay returns the Crawl-delay robots.txt asks of Vigil on u's host,
// if known.
func (f *Fetcher) crawlDelay(u *nurl.URL) time.Duration {
	if u.Path == "/robots.txt" {
		return 0
	}
	f.mu.Lock()
	e := f.robots[u.Scheme+"://"+u.Host]
	f.mu.Unlock()
	if e == nil {
		return 0
	}
	select {
	case <-e.ready:
	default:
		return 0
	}
	if e.data == nil {
		return 0
	}
	if g := e.data.FindGroup("Vigil"); g != nil {
		return g.CrawlDelay
	}
	return 0
}

// IsFeed reports whether a body is a feed rather than a page:
// by content type first, then by its first element.
func IsFeed(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "rss"), strings.Contains(ct, "atom"), strings.Contains(ct, "feed+json"), strings.Contains(ct, "rdf"):
		return true
	case strings.Contains(ct, "html"):
		return false
	}
	head := bytes.TrimLeft(body[:min(len(body), 2048)], " \t\r\n\ufeff")
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(lower, []byte("{")) {
		return bytes.Contains(lower, []byte("jsonfeed.org"))
	}
	for _, tag := range []string{"<rss", "<feed", "<rdf:rdf", "<channel"} {
		if bytes.Contains(lower, []byte(tag)) {
			return true
		}
	}
	return false
}
