-- Vigil's schema, version 1 (PostgreSQL). The same tables as SQLite's;
-- codes and dates are TEXT COLLATE "C" so they compare byte by byte, as in
-- SQLite, and their indexes stay simple. Times are TEXT RFC 3339 (see the
-- SQLite schema for why).

CREATE TABLE articles (
	id            TEXT COLLATE "C" PRIMARY KEY,
	url           TEXT NOT NULL DEFAULT '',
	canonical_url TEXT NOT NULL DEFAULT '',
	source        TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	published     TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	nsources      INTEGER NOT NULL DEFAULT 0,
	simhash       BIGINT NOT NULL DEFAULT 0,
	sh0 INTEGER NOT NULL DEFAULT 0,
	sh1 INTEGER NOT NULL DEFAULT 0,
	sh2 INTEGER NOT NULL DEFAULT 0,
	sh3 INTEGER NOT NULL DEFAULT 0,
	stored        TEXT NOT NULL,
	-- Title weighs more than body. The text is cut so that a huge article
	-- cannot exceed tsvector's 1 MB limit.
	tsv tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('english', title), 'A') ||
		setweight(to_tsvector('english', left(text, 200000)), 'B')
	) STORED
);
CREATE INDEX articles_url ON articles(url) WHERE url <> '';
CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_sh0 ON articles(sh0) WHERE simhash <> 0;
CREATE INDEX articles_sh1 ON articles(sh1) WHERE simhash <> 0;
CREATE INDEX articles_sh2 ON articles(sh2) WHERE simhash <> 0;
CREATE INDEX articles_sh3 ON articles(sh3) WHERE simhash <> 0;
CREATE INDEX articles_tsv ON articles USING gin(tsv);

CREATE TABLE article_sources (
	article TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
	url     TEXT NOT NULL DEFAULT '',
	source  TEXT NOT NULL DEFAULT '',
	outlet  TEXT NOT NULL DEFAULT '',
	feed    TEXT NOT NULL DEFAULT '',
	title   TEXT NOT NULL DEFAULT '',
	fetched TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (article, url)
);
CREATE INDEX article_sources_url ON article_sources(url) WHERE url <> '';

CREATE TABLE sentences (
	article   TEXT COLLATE "C" NOT NULL,
	start_off INTEGER NOT NULL,
	end_off   INTEGER NOT NULL,
	text      TEXT NOT NULL,
	tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', left(text, 100000))) STORED,
	PRIMARY KEY (article, start_off, end_off)
);
CREATE INDEX sentences_tsv ON sentences USING gin(tsv);

CREATE TABLE events (
	seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- The writing transaction: a poller reads only events of transactions
	-- older than every one still running, so it never skips an event whose
	-- transaction commits after a later one's (see ByArrival).
	tx          xid8 NOT NULL DEFAULT pg_current_xact_id(),
	id          TEXT COLLATE "C" NOT NULL,
	article     TEXT COLLATE "C" NOT NULL DEFAULT '',
	date        TEXT COLLATE "C" NOT NULL DEFAULT '',
	source      TEXT COLLATE "C" NOT NULL DEFAULT '',
	source_name TEXT NOT NULL DEFAULT '',
	target      TEXT COLLATE "C" NOT NULL DEFAULT '',
	target_name TEXT NOT NULL DEFAULT '',
	source_country TEXT COLLATE "C" NOT NULL DEFAULT '',
	target_country TEXT COLLATE "C" NOT NULL DEFAULT '',
	code        TEXT COLLATE "C" NOT NULL DEFAULT '',
	root        TEXT COLLATE "C" NOT NULL DEFAULT '',
	quad        SMALLINT NOT NULL DEFAULT 0,
	goldstein   DOUBLE PRECISION NOT NULL DEFAULT 0,
	plover      TEXT NOT NULL DEFAULT '',
	mode        TEXT NOT NULL DEFAULT '',
	flags       SMALLINT NOT NULL DEFAULT 0,
	confidence  DOUBLE PRECISION NOT NULL DEFAULT 0,
	location    TEXT NOT NULL DEFAULT '',
	sent_start  INTEGER NOT NULL DEFAULT 0,
	sent_end    INTEGER NOT NULL DEFAULT 0,
	pattern     TEXT NOT NULL DEFAULT '',
	evidence    TEXT,
	sources     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (article, id) -- see the SQLite schema
);
-- Listings by date (see the SQLite schema); seq ends each index so that
-- an equality prefix reads in (date, seq) order.
CREATE INDEX events_dyad ON events(source_country, target_country, date, seq);
CREATE INDEX events_source_country ON events(source_country, date, seq);
CREATE INDEX events_target_country ON events(target_country, date, seq);
CREATE INDEX events_source ON events(source, date, seq);
CREATE INDEX events_target ON events(target, date, seq);
CREATE INDEX events_date ON events(date, seq);
CREATE INDEX events_root ON events(root, date, seq);
CREATE INDEX events_tx ON events(tx, seq);

-- Daily and overall totals per directed country dyad (see the SQLite
-- schema).
CREATE TABLE dyad_days (
	source_country TEXT COLLATE "C" NOT NULL,
	target_country TEXT COLLATE "C" NOT NULL,
	date           TEXT COLLATE "C" NOT NULL,
	events         BIGINT NOT NULL,
	q1 BIGINT NOT NULL, q2 BIGINT NOT NULL, q3 BIGINT NOT NULL, q4 BIGINT NOT NULL,
	goldstein      DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (source_country, target_country, date)
);

CREATE TABLE dyads (
	source_country TEXT COLLATE "C" NOT NULL,
	target_country TEXT COLLATE "C" NOT NULL,
	events         BIGINT NOT NULL,
	goldstein      DOUBLE PRECISION NOT NULL,
	first          TEXT COLLATE "C" NOT NULL,
	last           TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (source_country, target_country)
);

CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    TEXT NOT NULL DEFAULT '',
	next_fetch    TEXT COLLATE "C" NOT NULL DEFAULT '',
	errors        INTEGER NOT NULL DEFAULT 0,
	backoff_ns    BIGINT NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE feed_items (
	feed TEXT NOT NULL,
	key  TEXT NOT NULL,
	seen TEXT NOT NULL,
	PRIMARY KEY (feed, key)
);

CREATE TABLE retries (
	url        TEXT PRIMARY KEY,
	feed       TEXT NOT NULL DEFAULT '',
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   TEXT COLLATE "C" NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	fallback   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX retries_next_try ON retries(next_try);

CREATE TABLE warnings (
	id      TEXT PRIMARY KEY,
	source  TEXT COLLATE "C" NOT NULL DEFAULT '',
	target  TEXT COLLATE "C" NOT NULL DEFAULT '',
	level   TEXT NOT NULL DEFAULT '',
	rule    TEXT NOT NULL DEFAULT '',
	score   DOUBLE PRECISION NOT NULL DEFAULT 0,
	first   TEXT COLLATE "C" NOT NULL DEFAULT '',
	last    TEXT COLLATE "C" NOT NULL DEFAULT '',
	updated TEXT COLLATE "C" NOT NULL,
	doc     TEXT NOT NULL
);
CREATE INDEX warnings_updated ON warnings(updated);
CREATE INDEX warnings_last ON warnings(last);

CREATE TABLE warning_changes (
	warning TEXT NOT NULL REFERENCES warnings(id) ON DELETE CASCADE,
	at      TEXT COLLATE "C" NOT NULL,
	change  TEXT NOT NULL,
	level   TEXT NOT NULL DEFAULT '',
	score   DOUBLE PRECISION NOT NULL DEFAULT 0,
	date    TEXT NOT NULL DEFAULT '',
	reason  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (warning, at, change)
);

CREATE TABLE treaty_status (
	seq      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	treaty   TEXT NOT NULL,
	party    TEXT NOT NULL DEFAULT '',
	status   TEXT NOT NULL,
	date     TEXT COLLATE "C" NOT NULL DEFAULT '',
	event_id TEXT NOT NULL DEFAULT '',
	sentence TEXT NOT NULL DEFAULT '',
	UNIQUE (treaty, party, status, date)
);
