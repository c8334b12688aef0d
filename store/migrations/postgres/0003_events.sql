-- Version 3: events know when their news reported them, and fewer indexes.

-- An event dated after the publication date of its article is a plan
-- ("exercises from November 5 to 16") or a date resolved into the future;
-- reported is that publication date (YYYY-MM-DD) for such events and ''
-- for every other. Replays count plans on it, as the live watch does
-- (Order ByReported), and read them through the small index below.
ALTER TABLE events ADD COLUMN reported TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE events e SET reported = left(a.published, 10)
	FROM articles a WHERE a.id = e.article AND a.published <> '' AND e.date > left(a.published, 10);
CREATE INDEX events_reported ON events(reported, seq) WHERE reported <> '';

-- Fewer indexes to keep up at every write (ten, now six), each justified
-- by the listings that need it:
--   (article, id)                     the key: idempotent writes, an article's events
--   (source_country, target_country, date, seq)   a dyad of countries
--   (source_country, date, seq), (target_country, date, seq)   a country, either
--                                     side; an actor code, within its country
--   (date, seq)                       everything by date, date ranges
--   (tx, seq)                         arrival polling
-- An actor's events (PRKMIL) are read from its country's index, filtered;
-- a root's from the date index or the dyad's. seq stays the arrival order
-- without an index of its own.
DROP INDEX events_source;
DROP INDEX events_target;
DROP INDEX events_root;
ALTER TABLE events DROP CONSTRAINT events_pkey;
CREATE UNIQUE INDEX events_key ON events(article, id);
ALTER TABLE events DROP CONSTRAINT events_article_id_key;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_key;
