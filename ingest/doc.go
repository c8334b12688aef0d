// Package ingest turns sources into articles: files and directories,
// standard input, web pages, RSS/Atom/JSON feeds and GDELT event exports.
//
// The package reads bytes safely (size caps, binary detection, encoding
// repair), extracts the main text of HTML pages with their metadata
// (title, publication date, site, language, canonical URL), fetches politely
// (timeouts, robots.txt, per-host limits, conditional GET) behind an SSRF
// guard, and recognises duplicates (canonical URLs, content hashes and
// SimHash near-duplicates).
//
// Dates are never invented: an article is dated from an explicit option,
// front matter, page metadata, its URL or its feed item, and otherwise
// stored undated. A file's modification time is never used.
package ingest
