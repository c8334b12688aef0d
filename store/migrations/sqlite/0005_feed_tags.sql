-- Version 5: feed tags (as in the PostgreSQL schema).

-- The tags of the feeds file (feeds: - url: ..., tags: [korea, world]),
-- as last configured: an article seen in a feed carries the feed's tags,
-- so events and articles can be filtered by tag. Kept apart from the
-- feeds' polling state, which the poller rewrites at every fetch.
CREATE TABLE feed_tags (
	feed TEXT NOT NULL,
	tag  TEXT NOT NULL,
	PRIMARY KEY (tag, feed)
) WITHOUT ROWID;
CREATE INDEX feed_tags_feed ON feed_tags(feed);
-- The articles seen in a feed (a tag's articles). Only sources from feeds
-- are indexed.
CREATE INDEX article_sources_feed ON article_sources(feed, article) WHERE feed <> '';
