-- Version 3: events know when their news reported them, and fewer indexes.

-- An event dated after the publication date of its article is a plan
-- ("exercises from November 5 to 16") or a date resolved into the future;
-- reported is that publication date (YYYY-MM-DD) for such events and ''
-- for every other. Replays count plans on it, as the live watch does
-- (Order ByReported), and read them through the small index below.
ALTER TABLE events ADD COLUMN reported TEXT NOT NULL DEFAULT '';
UPDATE events SET reported = (SELECT substr(a.published, 1, 10) FROM articles a WHERE a.id = events.article)
	WHERE date > (SELECT CASE WHEN a.published = '' THEN '9999' ELSE substr(a.published, 1, 10) END
		FROM articles a WHERE a.id = events.article);
CREATE INDEX events_reported ON events(reported) WHERE reported <> '';

-- Fewer indexes to keep up at every write (see the PostgreSQL schema): an
-- actor's events are read from its country's index, filtered; a root's
-- from the date index or the dyad's.
DROP INDEX events_source;
DROP INDEX events_target;
DROP INDEX events_root;
