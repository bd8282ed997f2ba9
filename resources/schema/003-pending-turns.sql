-- Schema version 3: a journal of turns in flight. A turn gets a row here when
-- its model call starts, the text shown so far is saved while it streams, and
-- the row is deleted in the same transaction that stores the finished turn.
-- A row found at start-up is a turn a crash interrupted: it is stored as a
-- failed turn with what the visitor saw, so no turn the visitor saw is lost.

CREATE TABLE pending_turns (
    id              TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    visitor_text    TEXT NOT NULL,
    shown_text      TEXT NOT NULL DEFAULT '',
    prompt_version  TEXT NOT NULL DEFAULT '',
    model           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
