-- Vigil's schema, version 1 (SQLite).
-- Dates are TEXT 'YYYY-MM-DD'. Times are TEXT RFC 3339: article times keep
-- their original offset (so the publication day stays the publisher's);
-- bookkeeping times (feeds, retries, warnings) are UTC with a fixed width so
-- that they sort as text.

CREATE TABLE articles (
	rid           INTEGER PRIMARY KEY, -- stable rowid for the FTS index
	id            TEXT NOT NULL UNIQUE, -- vigil.ArticleID: hash of the text
	url           TEXT NOT NULL DEFAULT '',
	canonical_url TEXT NOT NULL DEFAULT '',
	source        TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	published     TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	nsources      INTEGER NOT NULL DEFAULT 0, -- rows in article_sources
	simhash       INTEGER NOT NULL DEFAULT 0, -- 64-bit SimHash as int64
	-- The SimHash's four 16-bit bands: two fingerprints within 3 bits of
	-- each other agree on at least one band, so each band is indexed.
	sh0 INTEGER NOT NULL DEFAULT 0,
	sh1 INTEGER NOT NULL DEFAULT 0,
	sh2 INTEGER NOT NULL DEFAULT 0,
	sh3 INTEGER NOT NULL DEFAULT 0,
	stored        TEXT NOT NULL
);
CREATE INDEX articles_url ON articles(url) WHERE url <> '';
CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_sh0 ON articles(sh0) WHERE simhash <> 0;
CREATE INDEX articles_sh1 ON articles(sh1) WHERE simhash <> 0;
CREATE INDEX articles_sh2 ON articles(sh2) WHERE simhash <> 0;
CREATE INDEX articles_sh3 ON articles(sh3) WHERE simhash <> 0;

CREATE TABLE article_sources (
	article TEXT NOT NULL REFERENCES articles(id),
	url     TEXT NOT NULL DEFAULT '',
	source  TEXT NOT NULL DEFAULT '',
	outlet  TEXT NOT NULL DEFAULT '', -- source, or the URL's host: what Stats counts
	feed    TEXT NOT NULL DEFAULT '',
	title   TEXT NOT NULL DEFAULT '',
	fetched TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (article, url)
) WITHOUT ROWID;
CREATE INDEX article_sources_url ON article_sources(url) WHERE url <> '';

-- Sentences of articles. Events point here by (article, start_off, end_off)
-- instead of copying their sentence. No foreign key: imported events may
-- name articles the store does not hold.
CREATE TABLE sentences (
	rid       INTEGER PRIMARY KEY,
	article   TEXT NOT NULL,
	start_off INTEGER NOT NULL,
	end_off   INTEGER NOT NULL,
	text      TEXT NOT NULL,
	UNIQUE (article, start_off, end_off)
);

CREATE TABLE events (
	seq         INTEGER PRIMARY KEY, -- arrival order (ByArrival cursors)
	id          TEXT NOT NULL, -- vigil.EventID
	article     TEXT NOT NULL DEFAULT '',
	date        TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	source_name TEXT NOT NULL DEFAULT '',
	target      TEXT NOT NULL DEFAULT '',
	target_name TEXT NOT NULL DEFAULT '',
	-- First three characters of source and target, for country queries.
	source_country TEXT NOT NULL DEFAULT '',
	target_country TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL DEFAULT '',
	root        TEXT NOT NULL DEFAULT '',
	quad        INTEGER NOT NULL DEFAULT 0,
	goldstein   REAL NOT NULL DEFAULT 0,
	plover      TEXT NOT NULL DEFAULT '',
	mode        TEXT NOT NULL DEFAULT '',
	flags       INTEGER NOT NULL DEFAULT 0, -- 1 negated, 2 hypothetical
	confidence  REAL NOT NULL DEFAULT 0,
	location    TEXT NOT NULL DEFAULT '',
	sent_start  INTEGER NOT NULL DEFAULT 0,
	sent_end    INTEGER NOT NULL DEFAULT 0,
	pattern     TEXT NOT NULL DEFAULT '',
	evidence    TEXT, -- JSON array of vigil.Evidence, NULL when none
	sources     INTEGER NOT NULL DEFAULT 1, -- as given; stored articles count their own
	-- An event ID hashes its article, so (article, id) is as unique as id;
	-- keyed this way, the events of one article share index pages instead
	-- of each landing on a random page (the ID is a hash), which made bulk
	-- writes several times slower. It also serves "events of an article".
	UNIQUE (article, id)
);
-- Listings by date of a dyad's, a country's, an actor's or a code's
-- events (an index's entries end with the rowid, seq: each equality
-- prefix reads in (date, seq) order, and "either side" filters merge two
-- such scans). A dyad's daily series come from dyad_days.
CREATE INDEX events_dyad ON events(source_country, target_country, date);
CREATE INDEX events_source_country ON events(source_country, date);
CREATE INDEX events_target_country ON events(target_country, date);
CREATE INDEX events_source ON events(source, date);
CREATE INDEX events_target ON events(target, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root ON events(root, date);

-- Daily totals per directed country dyad of the events that count (not
-- negated or hypothetical, dated, with a target), kept by every write that
-- adds events, one row per dyad and day (q1..q4 count by quad class): a
-- dyad's series over ten years is a few thousand rows, however many events
-- it has. dyads keeps each dyad's totals for listing the busiest.
CREATE TABLE dyad_days (
	source_country TEXT NOT NULL,
	target_country TEXT NOT NULL,
	date           TEXT NOT NULL,
	events         INTEGER NOT NULL,
	q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
	goldstein      REAL NOT NULL, -- sum
	PRIMARY KEY (source_country, target_country, date)
) WITHOUT ROWID;

CREATE TABLE dyads (
	source_country TEXT NOT NULL,
	target_country TEXT NOT NULL,
	events         INTEGER NOT NULL,
	goldstein      REAL NOT NULL,
	first          TEXT NOT NULL,
	last           TEXT NOT NULL,
	PRIMARY KEY (source_country, target_country)
) WITHOUT ROWID;

CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    TEXT NOT NULL DEFAULT '',
	next_fetch    TEXT NOT NULL DEFAULT '',
	errors        INTEGER NOT NULL DEFAULT 0,
	backoff_ns    INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE feed_items (
	feed TEXT NOT NULL,
	key  TEXT NOT NULL,
	seen TEXT NOT NULL,
	PRIMARY KEY (feed, key)
) WITHOUT ROWID;

CREATE TABLE retries (
	url        TEXT PRIMARY KEY,
	feed       TEXT NOT NULL DEFAULT '',
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	fallback   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX retries_next_try ON retries(next_try);

CREATE TABLE warnings (
	id      TEXT PRIMARY KEY,
	source  TEXT NOT NULL DEFAULT '',
	target  TEXT NOT NULL DEFAULT '',
	level   TEXT NOT NULL DEFAULT '',
	rule    TEXT NOT NULL DEFAULT '',
	score   REAL NOT NULL DEFAULT 0,
	first   TEXT NOT NULL DEFAULT '',
	last    TEXT NOT NULL DEFAULT '',
	updated TEXT NOT NULL,
	doc     TEXT NOT NULL -- the vigil.Warning as JSON, without History
);
CREATE INDEX warnings_updated ON warnings(updated);
CREATE INDEX warnings_last ON warnings(last);

CREATE TABLE warning_changes (
	warning TEXT NOT NULL REFERENCES warnings(id) ON DELETE CASCADE,
	at      TEXT NOT NULL,
	change  TEXT NOT NULL,
	level   TEXT NOT NULL DEFAULT '',
	score   REAL NOT NULL DEFAULT 0,
	date    TEXT NOT NULL DEFAULT '',
	reason  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (warning, at, change)
) WITHOUT ROWID;

CREATE TABLE treaty_status (
	seq      INTEGER PRIMARY KEY,
	treaty   TEXT NOT NULL,
	party    TEXT NOT NULL DEFAULT '',
	status   TEXT NOT NULL,
	date     TEXT NOT NULL DEFAULT '',
	event_id TEXT NOT NULL DEFAULT '',
	sentence TEXT NOT NULL DEFAULT '',
	UNIQUE (treaty, party, status, date)
);

-- Full-text indexes (external content: the text is stored once, in the
-- tables above). Porter stemming so "threatens" finds "threatened".
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text, content='articles', content_rowid='rid',
	tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.rid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rid, old.title, old.text);
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.rid, new.title, new.text);
END;

CREATE VIRTUAL TABLE sentences_fts USING fts5(
	text, content='sentences', content_rowid='rid',
	tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
	INSERT INTO sentences_fts(rowid, text) VALUES (new.rid, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
	INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.rid, old.text);
END;
