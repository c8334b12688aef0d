// Package store is Vigil's memory: articles, their sentences and sources,
// the events coded from them, feed state, warnings and treaty status.
//
// One interface, Store, has two implementations that behave the same and
// pass the same test suite:
//
//   - SQLite (the default): one file, nothing to install. Pure Go
//     (modernc.org/sqlite), WAL mode, one writer connection and a pool of
//     readers, FTS5 for full-text search.
//   - PostgreSQL: for several processes and more data. pgx, bulk writes with
//     COPY, tsvector full-text search. Safe for concurrent writers: every
//     write is an idempotent upsert behind a unique constraint.
//
// Open picks the backend from its target: a "postgres://" or
// "postgresql://" URL opens PostgreSQL, anything else is a SQLite file path.
//
// # Idempotence and atomicity
//
// An article's ID is the hash of its text and an event's ID the hash of its
// article, sentence, actors and code (vigil.ArticleID, vigil.EventID), so
// writing the same article or the same events again changes nothing. Each
// call to Write is one transaction: after a crash an article is either
// stored with all its sentences and events, or not at all.
//
// # Sentences
//
// Events do not copy their sentence: the store keeps the sentences events
// were coded from once (article, start, end, text) and events point at
// them by byte offsets. Entry.Sentences gives all sentences of the article,
// kept as byte spans with the article (its text holds them), so the
// article view shows the ones without events too.
//
// # Articles known by URL only
//
// Events imported from GDELT come from pages Vigil never read: the import
// stores each page as an article with its ID and URL and no text, so that
// ArticleByURL finds it and exports give the URL. Such articles are not
// counted as articles (Stats.URLOnly), have no sources of their own (their
// events keep the number GDELT gave), and ArticleByURL prefers an article
// with text at the same URL, so the page itself can still be ingested.
//
// # Dyad series
//
// Every write that adds events also adds them to daily totals per directed
// country dyad (counts by quad class, Goldstein sum), in the same
// transaction and only for events it actually inserted. A country dyad's
// series over years is therefore a few thousand rows, however many events
// it has; a series with an actor code on one side (PRKMIL) is computed
// from the events. Negated and hypothetical events, undated events and
// events without a target are not in any series.
//
// # Cursors
//
// Listing methods return a Page whose Next is an opaque cursor: pass it back
// in the filter's Cursor to get the following page. Cursors are keyset
// positions (date and arrival sequence), so they stay valid while new
// events arrive. Order ByArrival lists events in the order they were
// stored; its Next is set even on the last page, so a poller (the server's
// live stream) can call again with it later and get only what arrived since
// (ArrivalCursor gives the position "now"). On PostgreSQL, where several
// processes write at once, ByArrival only returns events of transactions
// older than every transaction still writing events to this store, so an
// event committed late is never skipped; it shows as soon as that is
// true. Transactions that write no events (of other programs, or of other
// stores in the same server) do not hold it back (see arrival.go).
//
// The warning log (WarningLog) is followed the same way: every change a
// SaveWarning adds to a warning's history, once, in the order stored. A
// reader that must survive restarts, or be shared by several processes
// (the server's webhook sender), keeps its position in the store under a
// name (Cursor, SaveCursor, SwapCursor).
//
// # Replacing an article
//
// ReplaceArticle takes an article out of the store — its events and their
// share of the dyad totals, its sentences, its search entry — and puts
// another in its place with the sources of both, in one transaction: a
// feed item's page, fetched at last, replaces the stand-in stored from the
// item's title and description, and its story is counted once.
//
// # Batches
//
// The pipeline commits many articles at once: Duplicates answers the
// duplicate checks of a whole batch in one statement, WriteBatch writes it
// in one transaction and says what each entry added, and an entry with
// DuplicateOf adds a copy's sources to the article it copies within the
// same transaction. On PostgreSQL a write of a few dozen articles is one
// round trip.
//
// # Use
//
//	s, err := store.Open(ctx, "vigil.db") // or "postgres://user:pass@host/db"
//	...
//	defer s.Close()
//	_, err = s.Write(ctx, store.Entry{Article: a, Events: events})
//	page, err := s.Events(ctx, store.EventFilter{Dyad: &store.Dyad{A: "PRK", B: "KOR"}, Since: "2024-10-01"})
//	days, err := s.DyadSeries(ctx, store.SeriesQuery{Dyad: store.Dyad{A: "PRK", B: "KOR"}})
//
// Tests get a fresh store of either kind from package storetest.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/vigil-ews/vigil"
)

// ErrNotFound is returned (wrapped) by lookups of one thing that is absent.
var ErrNotFound = errors.New("not found")

// Store is everything Vigil remembers. Implementations are safe for
// concurrent use by many goroutines.
type Store interface {
	Writer
	ArticleReader
	EventReader
	FeedStore
	WarningStore

	// Search runs a full-text query over article titles and text and
	// returns the best-ranked articles with a highlighted snippet.
	// The query language is plain words and "quoted phrases"; all words must
	// appear. Stable paging by Cursor.
	Search(ctx context.Context, q SearchQuery) (Page[SearchHit], error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the database; in-flight calls finish first.
	Close() error
}

// Writer writes articles and events.
type Writer interface {
	// Write stores the entries in one transaction and reports what was new.
	// Entries already stored are skipped (idempotent); new sources of an
	// existing article are added, and the article's events then count one
	// more source. Callers batch entries for speed (hundreds per call); a
	// crash loses the whole batch or nothing.
	Write(ctx context.Context, entries ...Entry) (WriteResult, error)
	// WriteBatch is Write that says what each entry added, in the order
	// of entries: what was stored is credited to the first entry that
	// carried it (an article twice in one batch counts once).
	WriteBatch(ctx context.Context, entries ...Entry) ([]WriteResult, error)
	// ReplaceArticle stores e in place of the stored article old, in one
	// transaction: old's events leave the store (and the daily dyad
	// totals), its sentences and its search entry go, its sources become
	// sources of e's article (or of e.DuplicateOf), and e is written as
	// Write writes it. A feed item's page fetched at last replaces the
	// stand-in made meanwhile from the item's title and description: its
	// events are then counted once, not twice. When old is not stored, or
	// is e's own article, it is Write.
	ReplaceArticle(ctx context.Context, old string, e Entry) (WriteResult, error)
	// AddSource records one more place an existing article was seen. It
	// reports whether the source was new; ErrNotFound if there is no such
	// article.
	AddSource(ctx context.Context, articleID string, src vigil.ArticleSource) (bool, error)
}

// Entry is one unit of Write: an article with its sentences and events,
// or (Article nil) events alone, as imported from GDELT, whose Article
// field then names an article the store may not hold.
type Entry struct {
	Article *vigil.Article
	// SimHash is the article's 64-bit SimHash fingerprint for
	// near-duplicate lookup (NearDuplicates); 0 when not computed.
	SimHash uint64
	// Sentences are the sentences of the article text (byte offsets into
	// it; Text is not needed), kept so that the article view shows every
	// one. Optional: event sentences are stored in any case.
	Sentences []Sentence
	// Events coded from the article. An empty ID is filled with
	// vigil.EventID; an empty Article with the entry's article ID.
	Events []vigil.Event
	// Item, when set, marks a feed item seen in the same transaction, so a
	// crash between storing and marking can neither lose nor repeat it.
	Item *FeedItem
	// DuplicateOf, when set, says Article is a copy of the stored article
	// with this ID (or of one an earlier entry of the same Write stores):
	// only Article.Sources are written, as sources of that article, as
	// AddSource would; its text, sentences and events are not stored.
	DuplicateOf string
}

// Sentence is one sentence of an article: text[Start:End] (bytes).
type Sentence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// WriteResult counts what a Write added (not what it skipped).
type WriteResult struct {
	Articles int `json:"articles"`
	Sources  int `json:"sources"`
	Events   int `json:"events"`
}

// ArticleReader looks articles up, for reading and for de-duplication.
type ArticleReader interface {
	// Article returns an article with its text and sources.
	Article(ctx context.Context, id string) (*vigil.Article, error)
	// ArticleDetail returns an article with its sentences and the events
	// coded from each sentence.
	ArticleDetail(ctx context.Context, id string) (*ArticleDetail, error)
	// ArticleByURL returns the ID of the article seen at url: its URL, its
	// canonical URL or the URL of any of its sources. ErrNotFound if none.
	ArticleByURL(ctx context.Context, url string) (string, error)
	// ArticleURLs returns the URL (canonical when known) of each of the
	// given stored articles that has one, for links and exports.
	ArticleURLs(ctx context.Context, ids []string) (map[string]string, error)
	// Articles lists stored articles, newest publication first (undated
	// ones last), a page at a time: stable cursors, as for events.
	Articles(ctx context.Context, f ArticleFilter) (Page[ArticleSummary], error)
	// NearDuplicates returns stored articles whose SimHash is within
	// maxDistance bits (at most 3) of simhash, nearest first.
	NearDuplicates(ctx context.Context, simhash uint64, maxDistance int) ([]NearDuplicate, error)
	// Duplicates asks, for many articles at once (one round trip on
	// PostgreSQL), which stored article each is a copy of: the same ID
	// ("text"), an article with text at one of its URLs ("url"), or a
	// SimHash within MaxSimHashDistance bits ("near", the nearest), in
	// that order of precedence. The answers are in the order of qs; a
	// zero Duplicate means none.
	Duplicates(ctx context.Context, qs []DupQuery) ([]Duplicate, error)
}

// DupQuery describes one article for Duplicates.
type DupQuery struct {
	ID string
	// URLs are the article's canonical URL and URL ("" skipped).
	URLs    []string
	SimHash uint64 // 0: no near-duplicate check
	// Except is an article that is no duplicate of this one: the stand-in
	// a fetched page replaces (made from its feed item meanwhile).
	Except string
}

// Duplicate is one answer of Duplicates.
type Duplicate struct {
	ID  string `json:"id,omitempty"`
	How string `json:"how,omitempty"` // "text", "url" or "near"
}

// ArticleFilter selects the articles Articles lists. Zero fields do not
// filter.
type ArticleFilter struct {
	// Since and Until bound the publication date, inclusive (YYYY-MM-DD);
	// undated articles are left out when either is set.
	Since, Until string
	// Tag keeps articles seen in a feed with this tag (SaveFeedTags).
	Tag   string
	Limit int // default 50, at most 1000
	// Cursor continues a listing from a Page's Next.
	Cursor string
}

// ArticleSummary is one article of a listing: what it is, not its text.
type ArticleSummary struct {
	ID        string    `json:"id"`
	URL       string    `json:"url,omitempty"` // canonical when known
	Title     string    `json:"title,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Lang      string    `json:"lang,omitempty"`
	// Sources counts the places it was seen, Events the events coded from
	// it (negated and hypothetical ones included).
	Sources int `json:"sources"`
	Events  int `json:"events"`
	// URLOnly marks an article known by its URL only (a GDELT import's).
	URLOnly bool `json:"url_only,omitempty"`
}

// MaxSimHashDistance is the largest Hamming distance NearDuplicates finds:
// the fingerprint is stored as four indexed 16-bit bands, and two
// fingerprints within 3 bits share at least one band exactly.
const MaxSimHashDistance = 3

// NearDuplicate is one candidate returned by NearDuplicates.
type NearDuplicate struct {
	ID       string `json:"id"`
	SimHash  uint64 `json:"simhash"`
	Distance int    `json:"distance"`
}

// ArticleDetail is an article with its sentences and, for each, its events.
type ArticleDetail struct {
	vigil.Article
	Sentences []SentenceEvents `json:"sentences"`
}

// SentenceEvents is one sentence of an article and the events coded from it.
type SentenceEvents struct {
	Sentence
	Events []vigil.Event `json:"events"`
}

// EventReader reads events.
type EventReader interface {
	// Events returns one page of the events matching f.
	Events(ctx context.Context, f EventFilter) (Page[vigil.Event], error)
	// EachEvent calls fn for every event matching f, in f's order, without
	// holding them all in memory (f.Limit 0 means no limit). It stops at the
	// first error fn returns and returns it. fn must not keep e.
	EachEvent(ctx context.Context, f EventFilter, fn func(e *vigil.Event) error) error
	// ArrivalCursor returns the ByArrival position after the events stored
	// so far: poll Events{Order: ByArrival, Cursor: it} to get only events
	// that arrive later.
	ArrivalCursor(ctx context.Context) (string, error)
	// DyadSeries returns one row per day with events of the dyad in
	// [q.Since, q.Until]: counts by quad class and the Goldstein sum.
	// Negated and hypothetical events are left out.
	DyadSeries(ctx context.Context, q SeriesQuery) ([]DayStat, error)
	// Dyads lists the directed dyads with events in a date range, most
	// events first.
	Dyads(ctx context.Context, q DyadQuery) ([]DyadTotal, error)
}

// Order is the order of listed events.
type Order int

const (
	// ByDate lists events by event date, oldest first (ties by arrival).
	ByDate Order = iota
	// ByDateDesc lists events by event date, newest first.
	ByDateDesc
	// ByArrival lists events in the order they were stored. Use it to poll
	// for new events: Next is always set, even on an empty page.
	ByArrival
	// ByReported lists events by the date the news had reached when it
	// reported them, oldest first: an event dated after its article's
	// publication date (a plan, Event.Reported) on that publication date,
	// every other on its own date. Since and Until bound that date. The
	// watch replays in this order, so that a replay counts plans where the
	// live watch counted them as the articles arrived.
	ByReported
)

// EventFilter selects events. Zero fields do not filter. All set fields
// must hold (AND); list fields match any of their values (OR).
type EventFilter struct {
	// Actor matches events whose source or target is exactly this code.
	Actor string
	// Country matches events whose source or target country (first three
	// characters of the code) is this.
	Country string
	// Dyad matches events between two sides; see Dyad.
	Dyad *Dyad
	// Codes match CAMEO codes exactly ("191", "1382"); Roots match the
	// two-digit root ("19").
	Codes []string
	Roots []string
	// Quad matches quad classes 1–4.
	Quad []int
	// Since and Until bound the event date, inclusive (YYYY-MM-DD).
	Since, Until string
	// Text matches events whose sentence contains all these words
	// (full-text query, as in Search).
	Text string
	// Article matches the events of one article.
	Article string
	// Tag matches the events of articles seen in a feed with this tag.
	Tag string
	// IncludeFlagged also returns negated and hypothetical events, which
	// are left out by default.
	IncludeFlagged bool
	Order          Order
	// Limit caps a page (Events: default 100, at most 10000; EachEvent:
	// 0 means all).
	Limit int
	// Cursor continues a listing from a Page's Next.
	Cursor string
}

// Dyad names two sides of an interaction. A side of three characters is a
// country and matches every actor of that country ("PRK" matches PRKMIL);
// a longer side matches that actor code exactly.
type Dyad struct {
	A, B string
	// Directed matches only A acting on B; otherwise either direction.
	Directed bool
}

// Page is one page of a listing.
type Page[T any] struct {
	Items []T `json:"items"`
	// Next is the cursor of the following page, "" when there is none
	// (except for ByArrival, where it is the position to poll from).
	Next string `json:"next,omitempty"`
}

// SeriesQuery selects the daily series of one dyad.
type SeriesQuery struct {
	Dyad         Dyad
	Since, Until string // inclusive YYYY-MM-DD; "" = unbounded
}

// DayStat is one day of a dyad series.
type DayStat struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
	// Quad counts events by quad class: Quad[0] is quad class 1 (verbal
	// cooperation) ... Quad[3] quad class 4 (material conflict).
	Quad      [4]int  `json:"quad"`
	Goldstein float64 `json:"goldstein"` // sum over the day's events
}

// Mean returns the day's mean Goldstein value (0 with no events).
func (d DayStat) Mean() float64 {
	if d.Count == 0 {
		return 0
	}
	return d.Goldstein / float64(d.Count)
}

// DyadQuery selects the dyads listed by Dyads.
type DyadQuery struct {
	Since, Until string
	// Countries groups actors by country (PRKMIL and PRKGOV count as PRK).
	Countries bool
	Limit     int // default 100
}

// DyadTotal is one directed dyad and its activity.
type DyadTotal struct {
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Events    int     `json:"events"`
	Goldstein float64 `json:"goldstein"` // sum
	First     string  `json:"first"`
	Last      string  `json:"last"`
}

// SearchQuery is a full-text query.
type SearchQuery struct {
	Query  string
	Limit  int // default 20, at most 1000
	Cursor string
}

// SearchHit is one article found by Search.
type SearchHit struct {
	ID        string    `json:"id"`
	Title     string    `json:"title,omitempty"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// Snippet is an excerpt around the matches, each match wrapped in
	// «» (plain text, no markup: the caller escapes and highlights).
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"` // higher is better; comparable within one query
}

// Snippet markers wrap each match in SearchHit.Snippet.
const (
	MatchStart = "«"
	MatchEnd   = "»"
)

// Stats counts what a store holds.
type Stats struct {
	Backend string `json:"backend"` // "sqlite" or "postgres"
	Schema  int    `json:"schema"`  // schema version
	// Articles stored with their text, Sources the distinct outlets
	// (ArticleSource.Source, or the URL's host when unnamed) they were
	// seen at; URLOnly the articles known by URL only (events imported
	// from GDELT name them).
	Articles int `json:"articles"`
	URLOnly  int `json:"url_only,omitempty"`
	Events   int `json:"events"`
	Sources  int `json:"sources"`
	// Sentences stored with their text: those events were coded from
	// (every sentence's span is kept with its article).
	Sentences int `json:"sentences"`
	// Flagged counts negated or hypothetical events (included in Events).
	Flagged  int    `json:"flagged"`
	Feeds    int    `json:"feeds"`
	Warnings int    `json:"warnings"`
	First    string `json:"first,omitempty"` // earliest event date
	Last     string `json:"last,omitempty"`  // latest event date
	Bytes    int64  `json:"bytes"`           // size on disk
}

// FeedStore keeps what the feed poller must remember across restarts.
type FeedStore interface {
	// Feed returns the state of one feed; ErrNotFound if never saved.
	Feed(ctx context.Context, url string) (*FeedState, error)
	// Feeds returns every feed's state, soonest NextFetch first.
	Feeds(ctx context.Context) ([]FeedState, error)
	// SaveFeed creates or replaces a feed's state.
	SaveFeed(ctx context.Context, s FeedState) error
	// Seen reports which of keys were already marked seen for feed.
	Seen(ctx context.Context, feed string, keys []string) (map[string]bool, error)
	// MarkSeen marks feed items seen (idempotent).
	MarkSeen(ctx context.Context, items ...FeedItem) error
	// SaveFeedTags sets a feed's tags (from the feeds file), replacing
	// those saved before; the articles seen in the feed carry them
	// (EventFilter.Tag, ArticleFilter.Tag).
	SaveFeedTags(ctx context.Context, feed string, tags []string) error

	// QueueRetry adds or replaces (by URL) a page to fetch again later.
	QueueRetry(ctx context.Context, r Retry) error
	// DueRetries returns up to limit retries whose NextTry is not after
	// now, oldest first.
	DueRetries(ctx context.Context, now time.Time, limit int) ([]Retry, error)
	// DropRetry removes a retry (fetched at last, or given up).
	DropRetry(ctx context.Context, url string) error
}

// FeedState is what the poller remembers about one feed.
type FeedState struct {
	URL          string        `json:"url"`
	Title        string        `json:"title,omitempty"`
	ETag         string        `json:"etag,omitempty"`
	LastModified string        `json:"last_modified,omitempty"`
	LastFetch    time.Time     `json:"last_fetch,omitzero"`
	NextFetch    time.Time     `json:"next_fetch,omitzero"`
	Errors       int           `json:"errors"` // consecutive failures
	Backoff      time.Duration `json:"backoff"`
	LastError    string        `json:"last_error,omitempty"`
	// Tags are the feed's tags (SaveFeedTags; SaveFeed leaves them be).
	Tags []string `json:"tags,omitempty"`
}

// FeedItem identifies one item of a feed (its GUID, or link when it has
// none).
type FeedItem struct {
	Feed string `json:"feed"`
	Key  string `json:"key"`
}

// Retry is a page that could not be fetched, to try again.
type Retry struct {
	URL      string    `json:"url"`
	Feed     string    `json:"feed,omitempty"`
	Attempts int       `json:"attempts"`
	NextTry  time.Time `json:"next_try"`
	// LastError says why the last attempt failed.
	LastError string `json:"last_error,omitempty"`
	// Fallback is the ID of the article stored meanwhile from the feed
	// item's title and description, if any.
	Fallback string `json:"fallback,omitempty"`
}

// WarningStore keeps warnings and treaty status.
type WarningStore interface {
	// SaveWarning creates or updates a warning by ID. Changes in
	// w.History not yet stored are appended; history is never lost.
	SaveWarning(ctx context.Context, w *vigil.Warning) error
	// Warning returns one warning with its full history.
	Warning(ctx context.Context, id string) (*vigil.Warning, error)
	// Warnings lists warnings, most recently updated first.
	Warnings(ctx context.Context, f WarningFilter) ([]vigil.Warning, error)

	// SaveTreatyStatus records a treaty status change; saving the same
	// (treaty, party, status, date) again changes nothing. It reports
	// whether the entry was new.
	SaveTreatyStatus(ctx context.Context, s vigil.TreatyStatus) (bool, error)
	// TreatyStatuses lists the status history of a treaty ("" for all),
	// oldest first.
	TreatyStatuses(ctx context.Context, treaty string) ([]vigil.TreatyStatus, error)

	// WarningLog returns up to limit (at most 1000; 0: 1000) changes of
	// warnings in the order they were stored, after the position after
	// ("" from the start). Each change a SaveWarning added to a history
	// is logged once. Next is the position to read from next, set even on
	// an empty page (as for ByArrival, and with the same guarantee on
	// PostgreSQL: a change committed late is never skipped).
	WarningLog(ctx context.Context, after string, limit int) (Page[LoggedChange], error)
	// WarningLogEnd returns the position after the changes logged so far.
	WarningLogEnd(ctx context.Context) (string, error)

	// Cursor returns the position saved under name, "" when none was.
	// Cursors keep where a reader of a log (the webhook sender) is, in the
	// store, so that it survives restarts and is shared by the processes
	// of one store.
	Cursor(ctx context.Context, name string) (string, error)
	// SaveCursor saves pos under name.
	SaveCursor(ctx context.Context, name, pos string) error
	// SwapCursor saves pos under name only if the position saved is still
	// old ("": none saved), and reports whether it did: of several
	// processes reading the same log from the same cursor, the one whose
	// swap succeeds has claimed what lies between old and pos.
	SwapCursor(ctx context.Context, name, old, pos string) (bool, error)
}

// LoggedChange is one entry of the warning log: a change of a warning.
type LoggedChange struct {
	Warning string              `json:"warning"`
	Change  vigil.WarningChange `json:"change"`
}

// WarningFilter selects warnings.
type WarningFilter struct {
	// Since keeps warnings whose latest evidence (Last) is on or after this
	// date (YYYY-MM-DD).
	Since string
	// UpdatedAfter keeps warnings changed after this time (for polling).
	UpdatedAfter time.Time
	// Country keeps warnings with this country on either side.
	Country string
	Level   string
	Rule    string
	Limit   int // 0 = all
}
