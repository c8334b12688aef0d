// Package pipeline moves news through Vigil's stages, one direction only:
//
//	Source ──Fetch──► Document ──Extract──► Article ──Code──► Coded ──Commit──► store ──► OnStored (watch)
//
// Each stage is a plain method with JSON-serialisable input and output
// (Source, Document, Coded), so the same code runs in one process, where
// Run connects the stages with bounded channels, or across machines, where
// a transport such as NATS JetStream carries the same messages between
// workers that call the same methods.
//
// Fetch, Extract and Code are pure with respect to the store and run in
// parallel; Commit (CommitBatch for many) de-duplicates against the store
// and against the articles committed before it in the same batch, so two
// copies of a story are still caught, and writes them in one transaction.
package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/bits"
	"runtime"
	"strings"
	"sync"
	"time"

	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/store"
	"github.com/vigil-ews/vigil/text"
)

// Coder codes an article into events; *coder.Coder implements it.
type Coder interface {
	Code(a *vigil.Article) []vigil.Event
}

// SentenceCoder is a Coder that also returns the body sentences it read,
// so that the pipeline keeps every sentence of the article (the article
// view shows them all) without splitting the text a second time. A Coder
// without it costs one text.Split more per article.
type SentenceCoder interface {
	CodeSentences(a *vigil.Article) ([]vigil.Event, []text.Sentence)
}

// Hook is called after an article and its events were stored, with only
// what was new. The watch layer hangs here.
type Hook func(ctx context.Context, a *vigil.Article, events []vigil.Event)

// Source kinds.
const (
	KindFile  = "file"  // a file on disk (Path)
	KindStdin = "stdin" // standard input, already read into Body
	KindURL   = "url"   // a web page (URL)
	KindItem  = "item"  // a feed item's page (URL), with the item's metadata
	// KindRecord is one line of a JSON Lines archive of articles (Body),
	// as ingest.ParseRecord reads it; Path names it ("archive.jsonl:12").
	KindRecord = "record"
)

// Source is one thing to turn into an article.
type Source struct {
	Kind string `json:"kind"`
	Path string `json:"path,omitempty"`
	URL  string `json:"url,omitempty"`
	// Feed and FeedTitle name the feed of an item (KindItem).
	Feed      string           `json:"feed,omitempty"`
	FeedTitle string           `json:"feed_title,omitempty"`
	Item      *ingest.FeedItem `json:"item,omitempty"`
	// Body, when set, is the content already read or fetched (stdin, a
	// page fetched while telling it from a feed); Fetch then does not read.
	Body        []byte `json:"body,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	// Retry is set when the source comes from the retry queue.
	Retry *store.Retry `json:"retry,omitempty"`
}

// Name says which source this is, for messages.
func (s Source) Name() string {
	switch {
	case s.Path != "":
		return s.Path
	case s.URL != "":
		return s.URL
	case s.Kind == KindStdin:
		return "-"
	}
	return s.Kind
}

// Document is a source's bytes with what is known about them.
type Document struct {
	Source      Source    `json:"source"`
	URL         string    `json:"url,omitempty"` // final URL after redirects
	ContentType string    `json:"content_type,omitempty"`
	Body        []byte    `json:"body,omitempty"`
	Fetched     time.Time `json:"fetched,omitzero"`
	// FetchError is set when a feed item's page could not be had: Extract
	// then builds the article from the item's own title and description,
	// and Commit queues the page for a retry.
	FetchError string `json:"fetch_error,omitempty"`
}

// Coded is an article with its events, ready to commit.
type Coded struct {
	Source  Source         `json:"source"`
	Article *vigil.Article `json:"article"`
	SimHash uint64         `json:"simhash,omitempty"`
	Events  []vigil.Event  `json:"events,omitempty"`
	// Sentences are the article's body sentences (spans of its text).
	Sentences []store.Sentence `json:"sentences,omitempty"`
	// Fallback marks an article made from a feed item's own text; FetchError
	// says why the page was not used.
	Fallback   bool   `json:"fallback,omitempty"`
	FetchError string `json:"fetch_error,omitempty"`
}

// Status of a committed source.
const (
	StatusNew       = "new"       // a new article was stored
	StatusDuplicate = "duplicate" // same text, URL, or a near-duplicate: a source was added
	StatusFallback  = "fallback"  // the item's own text was stored; the page is queued for retry
	StatusFailed    = "failed"
)

// Result is what became of one source.
type Result struct {
	Source  Source `json:"source"`
	Status  string `json:"status"`
	Article string `json:"article,omitempty"`
	// DuplicateOf says how a duplicate was recognised: "text", "url" or "near".
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Events      int    `json:"events"`
	Err         error  `json:"-"`
	Error       string `json:"error,omitempty"`
}

// Pipeline holds what the stages share. Store is required; Fetcher is
// needed for URLs; Coder may be nil (articles are stored without events).
type Pipeline struct {
	Store    store.Store
	Fetcher  *ingest.Fetcher
	Coder    Coder
	OnStored Hook
	// File options for every article: Date (--date) and MaxSize.
	File ingest.FileOptions
	// Workers fetch, extract and code in parallel (GOMAXPROCS when 0).
	Workers int
	// RetryBackoff is the first wait before a failed page is fetched again
	// (doubling each attempt); MaxRetries attempts and it is dropped.
	RetryBackoff time.Duration
	MaxRetries   int
	Log          *slog.Logger
	// Now returns the current time (tests replace it).
	Now func() time.Time
	// OnStage, when set, is told how long each stage took for one item,
	// so that a server can export stage latencies: "fetch" (one network
	// request: a feed, a page or an item's page), "extract", "code" and "store" (a batch's
	// duplicate check and write, shared evenly among its articles). It is
	// called from the workers concurrently.
	OnStage func(stage string, d time.Duration)
}

// observe reports the time since start to OnStage.
func (p *Pipeline) observe(stage string, start time.Time) {
	if p.OnStage != nil {
		p.OnStage(stage, time.Since(start))
	}
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Pipeline) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

// Fetch reads a source's bytes: a file from disk, a page over HTTP. A feed
// item whose page cannot be had is not an error: the Document carries
// FetchError and Extract falls back on the item's own text.
func (p *Pipeline) Fetch(ctx context.Context, src Source) (Document, error) {
	doc := Document{Source: src, URL: src.URL, ContentType: src.ContentType, Body: src.Body}
	if src.Body != nil {
		return doc, nil
	}
	switch src.Kind {
	case KindFile:
		return doc, nil // ReadFile in Extract streams under the cap
	case KindURL, KindItem:
		if p.Fetcher == nil {
			return doc, fmt.Errorf("%s: no fetcher configured", src.URL)
		}
		start := time.Now()
		resp, err := p.Fetcher.Fetch(ctx, ingest.Request{URL: src.URL})
		p.observe("fetch", start)
		if err == nil && resp.ContentType != "" && !isTextType(resp.ContentType) {
			err = fmt.Errorf("%s: %w: served as %s", src.URL, ingest.ErrBinary, resp.ContentType)
		}
		if err != nil {
			if src.Kind == KindItem && src.Item != nil && ctx.Err() == nil {
				doc.FetchError = err.Error()
				doc.Fetched = p.now().UTC()
				return doc, nil
			}
			return doc, err
		}
		doc.URL, doc.ContentType, doc.Body, doc.Fetched = resp.URL, resp.ContentType, resp.Body, resp.Fetched
		return doc, nil
	}
	return doc, fmt.Errorf("source of unknown kind %q", src.Kind)
}

// isTextType reports whether a Content-Type can hold an article.
func isTextType(ct string) bool {
	ct = strings.ToLower(ct)
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "html") || strings.Contains(ct, "xml") ||
		strings.Contains(ct, "json") || strings.HasPrefix(ct, "application/octet-stream")
}

// Extract turns a document into an article: main text, title, date,
// language, canonical URL, and the place it was seen (Sources).
func (p *Pipeline) Extract(doc Document) (*vigil.Article, error) {
	defer p.observe("extract", time.Now())
	src := doc.Source
	opt := p.File
	opt.URL = doc.URL
	opt.ContentType = doc.ContentType
	var a *vigil.Article
	var err error
	switch {
	case doc.FetchError != "":
		a, err = itemArticle(src)
	case src.Kind == KindFile && doc.Body == nil:
		a, err = ingest.ReadFile(src.Path, opt)
	case src.Kind == KindRecord:
		a, err = ingest.ParseRecord(doc.Body)
		if err == nil && a.Published.IsZero() {
			a.Published = opt.Date // --date dates the records that carry none
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", src.Name(), err)
		}
	default:
		a, err = ingest.ReadArticle(bytes.NewReader(doc.Body), src.Name(), opt)
	}
	if err != nil {
		return nil, err
	}
	if it := src.Item; it != nil {
		if a.Published.IsZero() && opt.Date.IsZero() {
			a.Published = it.Published
		}
		if a.Title == "" {
			a.Title = it.Title
		}
	}
	if a.Source == "" {
		a.Source = src.FeedTitle
	}
	if a.URL != "" {
		canon := a.CanonicalURL
		if canon == "" {
			canon = a.URL
		}
		a.CanonicalURL = ingest.CanonicalURL(canon)
	}
	if a.URL != "" || src.Feed != "" {
		// The source URL is kept in canonical form, so a later link to the
		// same page with other tracking parameters finds this article.
		s := vigil.ArticleSource{URL: ingest.CanonicalURL(a.URL), Source: a.Source, Feed: src.Feed, Fetched: doc.Fetched}
		if src.Item != nil {
			s.Title = src.Item.Title
			if s.URL == "" {
				s.URL = ingest.CanonicalURL(src.Item.Link)
			}
		}
		a.Sources = []vigil.ArticleSource{s}
	}
	return a, nil
}

// itemArticle is the article a feed item gives by itself: its title and its
// description (or content, when longer), so nothing is lost while the page
// is unavailable.
func itemArticle(src Source) (*vigil.Article, error) {
	it := src.Item
	body := it.Description
	if len(it.Content) > len(body) {
		body = it.Content
	}
	if strings.TrimSpace(body) == "" {
		body = it.Title
	}
	if strings.TrimSpace(body) == "" {
		return nil, fmt.Errorf("%s: the page could not be fetched and the item has no text", src.Name())
	}
	return &vigil.Article{
		ID:        vigil.ArticleID(body),
		URL:       it.Link,
		Source:    src.FeedTitle,
		Title:     it.Title,
		Published: it.Published,
		Text:      body,
	}, nil
}

// Code codes an article. Without a Coder it returns the article alone.
func (p *Pipeline) Code(src Source, doc Document, a *vigil.Article) Coded {
	defer p.observe("code", time.Now())
	c := Coded{Source: src, Article: a, Fallback: doc.FetchError != "", FetchError: doc.FetchError}
	if h, n := ingest.SimHash(a.Text); n >= ingest.SimHashMinWords {
		c.SimHash = h
	}
	var sents []text.Sentence
	switch cd := p.Coder.(type) {
	case SentenceCoder:
		c.Events, sents = cd.CodeSentences(a)
	case nil:
	default:
		c.Events = cd.Code(a)
	}
	if sents == nil || (a.Web && a.Title == "") {
		doc := text.Split(a.Text, text.Options{Web: a.Web, Title: a.Title, Site: a.Source, Byline: a.Byline})
		if sents == nil {
			sents = doc.Sentences
		}
		// Plain text saved from a web page carries its headline as the
		// first line, which the debris rules recognise and keep out of the
		// body: it is the article's title (after coding, so that the
		// events are those of the text as given).
		if a.Web && a.Title == "" {
			a.Title = doc.Title
		}
	}
	c.Sentences = sentenceSpans(sents, c.Events)
	return c
}

// sentenceSpans returns the spans of sentences to store with an article:
// all of them, except any that overlaps an event's sentence without being
// it (a splitter that drew a boundary elsewhere than the coder did), so
// that the article view never shows a piece of text twice.
func sentenceSpans(sents []text.Sentence, events []vigil.Event) []store.Sentence {
	out := make([]store.Sentence, 0, len(sents))
	for _, se := range sents {
		keep := true
		for i := range events {
			o := events[i].Offsets
			if o[0] < se.End && se.Start < o[1] && (o[0] != se.Start || o[1] != se.End) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, store.Sentence{Start: se.Start, End: se.End})
		}
	}
	return out
}

// Commit de-duplicates a coded article against the store and writes it:
// the same text, the same canonical URL, or a near-duplicate (SimHash
// within store.MaxSimHashDistance) adds a source to the stored article
// instead of a second copy, so its events are counted once with one more
// source. A feed item is marked seen in the same transaction. A page
// fetched at last from the retry queue replaces the stand-in stored
// meanwhile from its feed item (store.ReplaceArticle), so the story's
// events are not counted twice.
func (p *Pipeline) Commit(ctx context.Context, c Coded) Result {
	return p.CommitBatch(ctx, []Coded{c})[0]
}

// CommitBatch is Commit for many coded articles at once: one duplicate
// check (store.Duplicates) and one transaction (store.WriteBatch) for all
// of them, so that the database's round trips and commit are paid once
// per batch rather than once per article. The results are those Commit
// would give one after the other, in the order of cs: a story twice in
// the batch is stored once and its later copy is a duplicate of it. When
// the write fails, each article is committed alone, so that one bad input
// fails alone. OnStored sees the new articles in order, after the write.
func (p *Pipeline) CommitBatch(ctx context.Context, cs []Coded) []Result {
	start := time.Now()
	results := make([]Result, len(cs))
	qs := make([]store.DupQuery, len(cs))
	for i, c := range cs {
		results[i] = Result{Source: c.Source, Article: c.Article.ID}
		qs[i] = dupQuery(c)
	}
	dups, err := p.Store.Duplicates(ctx, qs)
	if err != nil {
		for i, c := range cs {
			results[i] = p.failed(results[i], fmt.Errorf("%s: checking for duplicates: %w", c.Source.Name(), err))
		}
		return results
	}
	var (
		entries  []store.Entry
		owner    []int // the index in cs of each entry
		replaces []int // pages that replace their stand-in, written alone
		batch    batchMemory
	)
	for i, c := range cs {
		a, r := c.Article, &results[i]
		d := dups[i]
		if d.ID == "" {
			d = batch.duplicate(c)
		}
		if standIn(c) != "" {
			r.Status, r.Article, r.DuplicateOf = StatusNew, a.ID, ""
			if d.ID != "" {
				r.Status, r.Article, r.DuplicateOf = StatusDuplicate, d.ID, d.How
			}
			replaces = append(replaces, i)
			continue
		}
		if d.ID != "" {
			r.Status, r.Article, r.DuplicateOf = StatusDuplicate, d.ID, d.How
			entries = append(entries, store.Entry{Article: a, DuplicateOf: d.ID, Item: itemOf(c)})
			owner = append(owner, i)
			continue
		}
		r.Status = StatusNew
		if c.Fallback {
			r.Status, r.Error = StatusFallback, c.FetchError
		}
		entries = append(entries, c.entry(itemOf(c)))
		owner = append(owner, i)
		batch.add(c)
	}
	stored := make([]bool, len(cs))
	if len(entries) > 0 {
		each, err := p.Store.WriteBatch(ctx, entries...)
		if err != nil {
			if len(cs) > 1 && ctx.Err() == nil {
				for i := range cs {
					results[i] = p.CommitBatch(ctx, cs[i:i+1])[0]
				}
				return results
			}
			for _, i := range owner {
				results[i] = p.failed(results[i], fmt.Errorf("%s: storing: %w", cs[i].Source.Name(), err))
			}
		} else {
			for k, res := range each {
				i := owner[k]
				if results[i].Status != StatusDuplicate {
					results[i].Events = res.Events
					stored[i] = res.Articles > 0
				}
			}
		}
	}
	for _, i := range replaces {
		stored[i] = p.replace(ctx, cs[i], &results[i])
	}
	if p.OnStage != nil && len(cs) > 0 {
		each := time.Since(start) / time.Duration(len(cs))
		for range cs {
			p.OnStage("store", each)
		}
	}
	for i, c := range cs {
		switch results[i].Status {
		case StatusDuplicate:
			p.dropRetry(ctx, c)
		case StatusFallback:
			p.queueRetry(ctx, c)
		case StatusNew:
			p.dropRetry(ctx, c)
		}
		if stored[i] && p.OnStored != nil {
			p.OnStored(ctx, c.Article, c.Events)
		}
	}
	return results
}

// entry is what Commit writes for a new article c.
func (c *Coded) entry(item *store.FeedItem) store.Entry {
	return store.Entry{Article: c.Article, SimHash: c.SimHash, Sentences: c.Sentences, Events: c.Events, Item: item}
}

// standIn returns the article a page fetched from the retry queue
// replaces (made from its feed item while the page could not be had), or
// "" when it replaces none.
func standIn(c Coded) string {
	if c.Source.Retry == nil || c.Fallback || c.Source.Retry.Fallback == c.Article.ID {
		return ""
	}
	return c.Source.Retry.Fallback
}

// replace writes a page in place of its stand-in: as a new article, or,
// when r says it is a copy of a stored one, as that article's source. It
// reports whether a new article was stored.
func (p *Pipeline) replace(ctx context.Context, c Coded, r *Result) bool {
	e := c.entry(itemOf(c))
	if r.Status == StatusDuplicate {
		e = store.Entry{Article: c.Article, DuplicateOf: r.Article, Item: itemOf(c)}
	}
	res, err := p.Store.ReplaceArticle(ctx, standIn(c), e)
	if err != nil {
		*r = p.failed(*r, fmt.Errorf("%s: replacing the article stored from its feed item: %w", c.Source.Name(), err))
		return false
	}
	if r.Status == StatusDuplicate {
		return false
	}
	r.Events = res.Events
	return res.Articles > 0
}

// itemOf is the feed item c came from, to mark seen with it.
func itemOf(c Coded) *store.FeedItem {
	if c.Source.Feed != "" && c.Source.Item != nil {
		return &store.FeedItem{Feed: c.Source.Feed, Key: c.Source.Item.Key}
	}
	return nil
}

// dupQuery is the duplicate check of c. A fallback's URL is the page's
// (the page may be new), so it is not looked up.
func dupQuery(c Coded) store.DupQuery {
	a := c.Article
	q := store.DupQuery{ID: a.ID, SimHash: c.SimHash, Except: standIn(c)}
	if !c.Fallback {
		q.URLs = []string{a.CanonicalURL, a.URL}
	}
	return q
}

// batchMemory finds the duplicates of a batch's articles among the
// articles written earlier in the same batch, as the store would find them
// had they been written one at a time.
type batchMemory struct {
	ids, urls map[string]string
	hashes    []store.NearDuplicate
}

func (m *batchMemory) add(c Coded) {
	if m.ids == nil {
		m.ids, m.urls = map[string]string{}, map[string]string{}
	}
	a := c.Article
	m.ids[a.ID] = a.ID
	if !c.Fallback {
		for _, u := range []string{a.CanonicalURL, a.URL} {
			if _, ok := m.urls[u]; u != "" && !ok {
				m.urls[u] = a.ID
			}
		}
	}
	if c.SimHash != 0 {
		m.hashes = append(m.hashes, store.NearDuplicate{ID: a.ID, SimHash: c.SimHash})
	}
}

func (m *batchMemory) duplicate(c Coded) store.Duplicate {
	q := dupQuery(c)
	if id, ok := m.ids[q.ID]; ok {
		return store.Duplicate{ID: id, How: "text"}
	}
	for _, u := range q.URLs {
		if id, ok := m.urls[u]; ok && u != "" {
			return store.Duplicate{ID: id, How: "url"}
		}
	}
	if q.SimHash != 0 {
		for _, h := range m.hashes {
			if bits.OnesCount64(h.SimHash^q.SimHash) <= store.MaxSimHashDistance {
				return store.Duplicate{ID: h.ID, How: "near"}
			}
		}
	}
	return store.Duplicate{}
}

func (p *Pipeline) failed(r Result, err error) Result {
	r.Status, r.Err, r.Error = StatusFailed, err, err.Error()
	return r
}

// articleAt returns the article stored with its text at url, "" when
// there is none (or only an article known by URL only).
func (p *Pipeline) articleAt(ctx context.Context, url string) (string, error) {
	id, err := p.Store.ArticleByURL(ctx, url)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	// ArticleByURL prefers an article with text: when it gives one
	// without, there is no other.
	a, err := p.Store.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.Text == "") {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return id, nil
}

// RetryFetch puts a page from the retry queue whose fetch failed again
// back in the queue one attempt later, or drops it after MaxRetries; it
// does nothing for a source that is not from the retry queue. Run calls
// it; so does a transport that fetches outside Run (queue.Feeder).
func (p *Pipeline) RetryFetch(ctx context.Context, src Source, err error) {
	if src.Retry == nil || err == nil || ctx.Err() != nil {
		return
	}
	p.queueRetry(ctx, Coded{Source: src, Article: &vigil.Article{URL: src.URL}, FetchError: err.Error()})
}

func (p *Pipeline) queueRetry(ctx context.Context, c Coded) {
	url := c.Article.URL
	if c.Source.Item != nil && c.Source.Item.Link != "" {
		url = c.Source.Item.Link
	}
	if url == "" {
		return
	}
	r := store.Retry{URL: url, Feed: c.Source.Feed, Attempts: 1, LastError: c.FetchError, Fallback: c.Article.ID}
	if prev := c.Source.Retry; prev != nil {
		r.Attempts = prev.Attempts + 1
		if r.Fallback == "" {
			r.Fallback = prev.Fallback
		}
	}
	max := p.MaxRetries
	if max <= 0 {
		max = 6
	}
	if r.Attempts > max {
		p.log().Warn("giving up on a page", "url", url, "attempts", r.Attempts-1, "error", c.FetchError)
		p.Store.DropRetry(ctx, url)
		return
	}
	backoff := p.RetryBackoff
	if backoff <= 0 {
		backoff = 15 * time.Minute
	}
	r.NextTry = p.now().Add(backoff << (r.Attempts - 1))
	if err := p.Store.QueueRetry(ctx, r); err != nil {
		p.log().Error("cannot queue a retry", "url", url, "error", err)
	}
}

func (p *Pipeline) dropRetry(ctx context.Context, c Coded) {
	if c.Source.Retry != nil {
		if err := p.Store.DropRetry(ctx, c.Source.Retry.URL); err != nil {
			p.log().Error("cannot drop a retry", "url", c.Source.Retry.URL, "error", err)
		}
	}
}

// Process runs one source through every stage.
func (p *Pipeline) Process(ctx context.Context, src Source) Result {
	c, res, ok := p.prepare(ctx, src)
	if !ok {
		return res
	}
	return p.Commit(ctx, c)
}

// prepare runs the parallel stages (Fetch, Extract, Code).
func (p *Pipeline) prepare(ctx context.Context, src Source) (Coded, Result, bool) {
	doc, err := p.Fetch(ctx, src)
	if err != nil {
		p.RetryFetch(ctx, src, err)
		return Coded{}, p.failed(Result{Source: src}, err), false
	}
	a, err := p.Extract(doc)
	if err != nil {
		if doc.FetchError != "" {
			err = fmt.Errorf("%s; and %w", doc.FetchError, err)
		}
		return Coded{}, p.failed(Result{Source: src}, err), false
	}
	return p.Code(src, doc, a), Result{}, true
}

// Run processes sources from in with Workers parallel fetch/extract/code
// workers and one committer, calling progress (if not nil) with each
// result as it is known. It returns when in is closed and drained, or ctx
// is done.
func (p *Pipeline) Run(ctx context.Context, in <-chan Source, progress func(Result)) {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type prepared struct {
		c   Coded
		res Result
		ok  bool
	}
	// Bounded: memory grows with the work in flight, not with the input.
	out := make(chan prepared, workers*2)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range in {
				if ctx.Err() != nil {
					continue // drain without work
				}
				c, res, ok := p.prepare(ctx, src)
				select {
				case out <- prepared{c, res, ok}:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	for pr := range out {
		// What else is ready joins this commit: one duplicate check and
		// one transaction for all of it (CommitBatch). When articles come
		// slower than they are committed, each is committed alone, at once.
		batch := []prepared{pr}
	more:
		for len(batch) < maxCommitBatch {
			select {
			case next, ok := <-out:
				if !ok {
					break more
				}
				batch = append(batch, next)
			default:
				break more
			}
		}
		var coded []Coded
		for _, b := range batch {
			if b.ok {
				coded = append(coded, b.c)
			}
		}
		var committed []Result
		if len(coded) > 0 {
			committed = p.CommitBatch(ctx, coded)
		}
		for _, b := range batch {
			res := b.res
			if b.ok {
				res, committed = committed[0], committed[1:]
			}
			if progress != nil {
				progress(res)
			}
		}
	}
}

// maxCommitBatch bounds how many articles Run commits in one transaction.
const maxCommitBatch = 64
