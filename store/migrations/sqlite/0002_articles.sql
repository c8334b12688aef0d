-- Version 2: what re-coding a stored article needs, and all its sentences.

-- Web and Byline steer the coder's page-debris rules (vigil.Article);
-- kept so that re-coding a stored article reads it as ingestion did.
ALTER TABLE articles ADD COLUMN web INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN byline TEXT NOT NULL DEFAULT '';
-- Every sentence of the text as "start-end" byte spans separated by
-- spaces (Entry.Sentences): the article view shows them all. Only the
-- sentences events were coded from are rows of sentences, with their text.
ALTER TABLE articles ADD COLUMN spans TEXT NOT NULL DEFAULT '';

-- Articles known by URL only (GDELT imports): no text. Counted apart.
CREATE INDEX articles_stub ON articles(id) WHERE text = '';

-- Listing articles by publication time, newest first.
CREATE INDEX articles_published ON articles(published DESC, id DESC);
