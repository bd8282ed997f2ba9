-- Schema version 2: the composed system prompt behind each prompt_version
-- hash (stored once per version), and indexes for the time-ordered views.
-- turns by conversation is already served by UNIQUE (conversation_id, seq).

CREATE TABLE prompt_versions (
    hash       TEXT PRIMARY KEY NOT NULL CHECK (hash <> ''),
    animal_id  TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX turns_created ON turns (created_at);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX usage_created ON usage (created_at);
