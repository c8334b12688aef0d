-- Version 2: what re-coding a stored article needs, all its sentences, and
-- a cheaper write path.

-- Web and Byline steer the coder's page-debris rules (vigil.Article);
-- kept so that re-coding a stored article reads it as ingestion did.
ALTER TABLE articles ADD COLUMN web INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN byline TEXT NOT NULL DEFAULT '';
-- Every sentence of the text as "start-end" byte spans separated by
-- spaces (Entry.Sentences): the article view shows them all. Only the
-- sentences events were coded from are rows of sentences, with their text.
ALTER TABLE articles ADD COLUMN spans TEXT NOT NULL DEFAULT '';

-- The search vector is written by the insert instead of generated: a
-- generated column is computed again by every UPDATE of the row, and
-- counting one more source of an article rewrote it.
ALTER TABLE articles ALTER COLUMN tsv DROP EXPRESSION;

-- Articles known by URL only (GDELT imports): no text. Counted apart.
CREATE INDEX articles_stub ON articles(id) WHERE text = '';

-- Listing articles by publication time, newest first. Times sort as text,
-- byte by byte.
CREATE INDEX articles_published ON articles((published COLLATE "C") DESC, id DESC);

-- Sentences are no longer indexed for search one by one: a text filter on
-- events finds the articles by their vector, then checks the sentences of
-- their events (one vector per article, not one more per sentence).
DROP INDEX sentences_tsv;
ALTER TABLE sentences DROP COLUMN tsv;
