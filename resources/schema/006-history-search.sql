-- Schema version 6: staff search the stored conversations (admin panel
-- History page, zookioskctl history --search).
--   turns_fts: full-text index (FTS5) of each turn's visitor text and reply,
--     keyed by the turn's rowid. No triggers (see 001): the repository writes
--     and deletes its rows in the same transaction as the turn's.
CREATE VIRTUAL TABLE turns_fts USING fts5 (
    visitor_text,
    reply,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO turns_fts (rowid, visitor_text, reply) SELECT rowid, visitor_text, reply FROM turns;
