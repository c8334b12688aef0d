-- Version 4: the log of warning changes, and named cursors.

-- Every change of a warning, once, in the order it was stored: what
-- webhooks and live streams follow (WarningLog). Written with the change
-- itself (SaveWarning).
CREATE TABLE warning_log (
	seq     INTEGER PRIMARY KEY,
	warning TEXT NOT NULL,
	at      TEXT NOT NULL,
	change  TEXT NOT NULL,
	level   TEXT NOT NULL DEFAULT '',
	score   REAL NOT NULL DEFAULT 0,
	date    TEXT NOT NULL DEFAULT '',
	reason  TEXT NOT NULL DEFAULT ''
);
INSERT INTO warning_log (warning, at, change, level, score, date, reason)
	SELECT warning, at, change, level, score, date, reason FROM warning_changes ORDER BY at, warning, change;

-- Positions of readers that must survive a restart and be shared by the
-- processes of one store (the webhook sender's place in warning_log).
CREATE TABLE cursors (
	name     TEXT PRIMARY KEY,
	position TEXT NOT NULL,
	updated  TEXT NOT NULL
);
