package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	nurl "net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/store"
	"go.yaml.in/yaml/v3"
)

// Poll is what one fetch of a URL that may be a feed gave.
type Poll struct {
	URL         string `json:"url"`
	Feed        bool   `json:"feed"` // the URL is a feed (else a page)
	Title       string `json:"title,omitempty"`
	NotModified bool   `json:"not_modified,omitempty"`
	Items       int    `json:"items"` // items in the feed
	// Sources are the pages to ingest: the feed's new items, or the page itself.
	Sources []Source `json:"-"`
	// Known are items whose page is already stored under its URL: a source
	// was added to the stored article without fetching the page again.
	Known []Result `json:"-"`
}

// Poll fetches a URL that may be a feed or a page. A feed is fetched
// conditionally (ETag and Last-Modified from its stored state), so an
// unchanged feed costs one 304; its items not seen before become sources,
// and its state is saved. A page becomes one source carrying the fetched
// body. interval (0: 15 minutes) sets the feed's next fetch.
func (p *Pipeline) Poll(ctx context.Context, url string, interval time.Duration) (Poll, error) {
	res := Poll{URL: url}
	if p.Fetcher == nil {
		return res, fmt.Errorf("%s: no fetcher configured", url)
	}
	if interval <= 0 {
		interval = 15 * time.Minute
	}
	st, err := p.Store.Feed(ctx, url)
	if errors.Is(err, store.ErrNotFound) {
		st, err = nil, nil
	}
	if err != nil {
		return res, fmt.Errorf("%s: reading feed state: %w", url, err)
	}
	req := ingest.Request{URL: url}
	if st != nil {
		req.ETag, req.LastModified = st.ETag, st.LastModified
	}
	now := p.now().UTC()
	start := time.Now()
	resp, err := p.Fetcher.Fetch(ctx, req)
	p.observe("fetch", start)
	if err != nil {
		if st != nil && ctx.Err() == nil {
			p.feedFailed(ctx, st, interval, err)
		}
		return res, err
	}
	if resp.NotModified {
		res.Feed, res.NotModified = true, true
		if st != nil {
			res.Title = st.Title
			st.LastFetch, st.NextFetch, st.Errors, st.Backoff, st.LastError = now, now.Add(interval), 0, 0, ""
			if err := p.Store.SaveFeed(ctx, *st); err != nil {
				return res, fmt.Errorf("%s: saving feed state: %w", url, err)
			}
		}
		return res, nil
	}
	if !ingest.IsFeed(resp.ContentType, resp.Body) {
		res.Sources = []Source{{Kind: KindURL, URL: resp.URL, Body: resp.Body, ContentType: resp.ContentType}}
		return res, nil
	}
	res.Feed = true
	feed, err := ingest.ParseFeed(resp.Body, resp.URL)
	if err != nil {
		err = fmt.Errorf("%s: %w", url, err)
		if st == nil {
			st = &store.FeedState{URL: url}
		}
		p.feedFailed(ctx, st, interval, err)
		return res, err
	}
	res.Title, res.Items = feed.Title, len(feed.Items)
	if err := p.newItems(ctx, url, feed, &res); err != nil {
		return res, err
	}
	ns := store.FeedState{URL: url, Title: feed.Title, ETag: resp.ETag, LastModified: resp.LastModified,
		LastFetch: now, NextFetch: now.Add(interval)}
	if err := p.Store.SaveFeed(ctx, ns); err != nil {
		return res, fmt.Errorf("%s: saving feed state: %w", url, err)
	}
	return res, nil
}

// PollFile reads a feed saved on disk; its new items (links to pages on the
// web) become sources. Seen items are remembered under the file's path.
func (p *Pipeline) PollFile(ctx context.Context, path string, body []byte) (Poll, error) {
	res := Poll{URL: path, Feed: true}
	feed, err := ingest.ParseFeed(body, "")
	if err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	res.Title, res.Items = feed.Title, len(feed.Items)
	return res, p.newItems(ctx, path, feed, &res)
}

// newItems adds the feed's unseen items to res: as sources to fetch, or,
// when their page is already stored under its URL, as a source added to
// that article (no fetch).
func (p *Pipeline) newItems(ctx context.Context, feedURL string, feed *ingest.Feed, res *Poll) error {
	keys := make([]string, len(feed.Items))
	for i, it := range feed.Items {
		keys[i] = it.Key
	}
	seen, err := p.Store.Seen(ctx, feedURL, keys)
	if err != nil {
		return fmt.Errorf("%s: reading seen items: %w", feedURL, err)
	}
	for _, it := range feed.Items {
		if seen[it.Key] {
			continue
		}
		src := Source{Kind: KindItem, URL: it.Link, Feed: feedURL, FeedTitle: feed.Title, Item: &it}
		if it.Link == "" {
			src.Body = nil
			res.Sources = append(res.Sources, src) // Fetch fails; the item's text is kept
			continue
		}
		id, err := p.articleAt(ctx, ingest.CanonicalURL(it.Link))
		if err == nil && id == "" {
			id, err = p.articleAt(ctx, it.Link)
		}
		switch {
		case err == nil && id != "":
			r := Result{Source: src, Status: StatusDuplicate, Article: id, DuplicateOf: "url"}
			as := sourceOf(src, p.now().UTC())
			if _, err := p.Store.AddSource(ctx, id, as); err != nil {
				return fmt.Errorf("%s: adding a source: %w", it.Link, err)
			}
			if err := p.Store.MarkSeen(ctx, store.FeedItem{Feed: feedURL, Key: it.Key}); err != nil {
				return fmt.Errorf("%s: marking the item seen: %w", it.Link, err)
			}
			res.Known = append(res.Known, r)
		case err == nil:
			res.Sources = append(res.Sources, src)
		default:
			return fmt.Errorf("%s: looking the URL up: %w", it.Link, err)
		}
	}
	return nil
}

func (p *Pipeline) feedFailed(ctx context.Context, st *store.FeedState, interval time.Duration, err error) {
	st.Errors++
	st.LastError = err.Error()
	st.Backoff = Backoff(interval, st.Errors, 0)
	now := p.now().UTC()
	st.LastFetch, st.NextFetch = now, now.Add(st.Backoff)
	if serr := p.Store.SaveFeed(ctx, *st); serr != nil {
		p.log().Error("cannot save feed state", "feed", st.URL, "error", serr)
	}
}

// MaxBackoff caps the wait after repeated feed errors.
const MaxBackoff = 6 * time.Hour

// Backoff is the wait after errors consecutive failures of a feed polled
// every interval: doubling from the interval, capped at max (MaxBackoff
// when 0).
func Backoff(interval time.Duration, errors int, max time.Duration) time.Duration {
	if max <= 0 {
		max = MaxBackoff
	}
	d := interval
	for i := 1; i < errors && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// jitter spreads d by ±frac at random, so feeds started together do not
// stay in step.
func jitter(d time.Duration, frac float64) time.Duration {
	if frac <= 0 || d <= 0 {
		return d
	}
	return d + time.Duration((rand.Float64()*2-1)*frac*float64(d))
}

// FeedConfig is one feed of a feeds file.
type FeedConfig struct {
	URL      string        `yaml:"url" json:"url"`
	Interval time.Duration `yaml:"interval" json:"interval"` // "15m", "1h"; default 15m, at least 1m
	Tags     []string      `yaml:"tags" json:"tags,omitempty"`
}

// DefaultInterval is how often a feed is polled when its entry says nothing.
const DefaultInterval = 15 * time.Minute

// unknownField matches yaml's message for a key the struct does not have.
var unknownField = regexp.MustCompile(`field (\S+) not found in type .*`)

// LoadFeeds reads a feeds file:
//
//	feeds:
//	  - url: https://example.org/world/rss.xml
//	    interval: 15m
//	    tags: [world, korea]
func LoadFeeds(path string) ([]FeedConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Feeds []struct {
			URL      string   `yaml:"url"`
			Interval string   `yaml:"interval"`
			Tags     []string `yaml:"tags"`
		} `yaml:"feeds"`
	}
	// Unknown keys are errors: a misspelt "intervall:" would otherwise
	// silently poll at the default interval.
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			// yaml names the Go type of the key it did not know: say it plainly.
			msgs := make([]string, len(te.Errors))
			for i, m := range te.Errors {
				msgs[i] = unknownField.ReplaceAllString(m, `unknown key "$1"`)
			}
			return nil, fmt.Errorf("%s: %s (the file has 'feeds:', a list of url:, interval: and tags:)", path, strings.Join(msgs, "; "))
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Feeds) == 0 {
		return nil, fmt.Errorf("%s: no feeds: write a list under 'feeds:', each with 'url:' (and optional 'interval:', 'tags:')", path)
	}
	var out []FeedConfig
	seen := map[string]bool{}
	for i, fc := range f.Feeds {
		u, err := nurl.Parse(strings.TrimSpace(fc.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s: feed %d: url %q is not an http(s) URL", path, i+1, fc.URL)
		}
		c := FeedConfig{URL: u.String(), Interval: DefaultInterval, Tags: fc.Tags}
		if fc.Interval != "" {
			d, err := time.ParseDuration(fc.Interval)
			if err != nil {
				return nil, fmt.Errorf("%s: feed %d (%s): interval %q: want a duration like 15m or 1h", path, i+1, c.URL, fc.Interval)
			}
			if d < time.Minute {
				return nil, fmt.Errorf("%s: feed %d (%s): interval %s is under a minute: be polite to the site", path, i+1, c.URL, d)
			}
			c.Interval = d
		}
		if seen[c.URL] {
			return nil, fmt.Errorf("%s: feed %s is listed twice", path, c.URL)
		}
		seen[c.URL] = true
		out = append(out, c)
	}
	return out, nil
}

// Follower polls feeds on their schedules and feeds their new items
// through the pipeline: each feed on its own interval with jitter,
// exponential backoff after errors, state (ETag, seen items, next fetch) in
// the store so a restart neither refetches nor misses; and pages that
// failed are retried from the store's queue.
type Follower struct {
	Pipeline *Pipeline
	Feeds    []FeedConfig
	// Jitter spreads each wait by ± this fraction (0.1 when 0; negative: none).
	Jitter float64
	// RetryEvery is how often the retry queue is checked (1 minute when 0).
	RetryEvery time.Duration
	// OnResult and OnPoll, when set, see every result and every poll.
	OnResult func(Result)
	OnPoll   func(Poll, error)
	// Work, when set, takes the sources in place of Pipeline.Run, with
	// the same contract: the distributed mode fetches them and hands them
	// to workers over NATS (queue.Feeder.Run).
	Work func(ctx context.Context, in <-chan Source, progress func(Result))
}

// Run polls until ctx is done; with once, it polls every feed and the due
// retries one time and returns when all of it is stored.
func (f *Follower) Run(ctx context.Context, once bool) error {
	p := f.Pipeline
	if len(f.Feeds) == 0 {
		return errors.New("no feeds to follow")
	}
	frac := f.Jitter
	if frac == 0 {
		frac = 0.1
	}
	// The feeds file's tags, as configured now: the articles seen in a
	// feed carry them (store.EventFilter.Tag, store.ArticleFilter.Tag).
	for _, fc := range f.Feeds {
		if err := p.Store.SaveFeedTags(ctx, fc.URL, fc.Tags); err != nil {
			return fmt.Errorf("saving the tags of %s: %w", fc.URL, err)
		}
	}
	work := make(chan Source, 16)
	done := make(chan struct{})
	run := p.Run
	if f.Work != nil {
		run = f.Work
	}
	go func() {
		run(ctx, work, f.OnResult)
		close(done)
	}()
	var wg sync.WaitGroup
	for _, fc := range f.Feeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.followFeed(ctx, fc, once, frac, work)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.retryLoop(ctx, once, work)
	}()
	wg.Wait()
	close(work)
	<-done
	if once {
		return nil
	}
	return ctx.Err()
}

func (f *Follower) followFeed(ctx context.Context, fc FeedConfig, once bool, frac float64, work chan<- Source) {
	p := f.Pipeline
	for {
		if !once {
			wait := time.Duration(0)
			if st, err := p.Store.Feed(ctx, fc.URL); err == nil && !st.NextFetch.IsZero() {
				wait = st.NextFetch.Sub(p.now())
			}
			if wait > 0 {
				wait = jitter(wait, frac)
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return
				}
			}
		}
		poll, err := p.Poll(ctx, fc.URL, jitter(fc.Interval, frac))
		if f.OnPoll != nil {
			f.OnPoll(poll, err)
		}
		if err == nil && !poll.Feed {
			err = fmt.Errorf("%s is a web page, not a feed: ingest it with 'vigil ingest' instead", fc.URL)
			if f.OnPoll != nil {
				f.OnPoll(poll, err)
			}
			poll.Sources = nil
		}
		for _, r := range poll.Known {
			if f.OnResult != nil {
				f.OnResult(r)
			}
		}
		for _, s := range poll.Sources {
			select {
			case work <- s:
			case <-ctx.Done():
				return
			}
		}
		if once || ctx.Err() != nil {
			return
		}
		if err != nil {
			// Poll saved the backoff in the feed state when it knew the
			// feed; a feed never fetched waits the backoff here.
			if _, serr := p.Store.Feed(ctx, fc.URL); errors.Is(serr, store.ErrNotFound) {
				p.Store.SaveFeed(ctx, store.FeedState{URL: fc.URL, Errors: 1, LastError: err.Error(),
					Backoff: fc.Interval, LastFetch: p.now().UTC(), NextFetch: p.now().UTC().Add(fc.Interval)})
			}
		}
	}
}

func (f *Follower) retryLoop(ctx context.Context, once bool, work chan<- Source) {
	p := f.Pipeline
	every := f.RetryEvery
	if every <= 0 {
		every = time.Minute
	}
	for {
		due, err := p.Store.DueRetries(ctx, p.now(), 100)
		if err != nil && ctx.Err() == nil {
			p.log().Error("reading the retry queue", "error", err)
		}
		for _, r := range due {
			r := r
			src := Source{Kind: KindItem, URL: r.URL, Feed: r.Feed, Retry: &r}
			select {
			case work <- src:
			case <-ctx.Done():
				return
			}
		}
		if once {
			return
		}
		t := time.NewTimer(every)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// sourceOf is the ArticleSource an item source adds to an article.
func sourceOf(src Source, fetched time.Time) vigil.ArticleSource {
	s := vigil.ArticleSource{URL: ingest.CanonicalURL(src.URL), Feed: src.Feed, Source: src.FeedTitle, Fetched: fetched}
	if src.Item != nil {
		s.Title = src.Item.Title
	}
	return s
}
