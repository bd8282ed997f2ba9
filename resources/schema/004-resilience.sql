-- Schema version 4: what keeps a visitor answered when the API is not.
--   knowledge_entries / knowledge_fts: each animal's curated question-and-answer
--     facts (resources/knowledge), searched with FTS5 for offline answers;
--   answer_cache: first-turn replies to common questions, by normalised question;
--   breaker_state: the circuit breaker of each API endpoint, kept across restarts;
--   failed_requests: model calls that failed, for staff to see and replay;
--   usage.cost_usd: the price of each call when it was made.

CREATE TABLE knowledge_entries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    animal_id       TEXT NOT NULL REFERENCES animals (id) ON DELETE CASCADE,
    entry_key       TEXT NOT NULL CHECK (entry_key <> ''),
    language        TEXT NOT NULL CHECK (language <> ''),
    topic           TEXT NOT NULL DEFAULT '',
    questions       TEXT NOT NULL CHECK (json_valid(questions)),
    keywords        TEXT NOT NULL CHECK (json_valid(keywords)),
    answer          TEXT NOT NULL CHECK (answer <> ''),
    content_version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (animal_id, entry_key, language)
);

-- Kept in step with knowledge_entries by the repository (same rowid).
CREATE VIRTUAL TABLE knowledge_fts USING fts5 (
    animal_id UNINDEXED,
    language UNINDEXED,
    questions,
    keywords,
    answer,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE answer_cache (
    animal_id      TEXT NOT NULL REFERENCES animals (id) ON DELETE CASCADE,
    language       TEXT NOT NULL,
    question_key   TEXT NOT NULL CHECK (question_key <> ''),
    reply          TEXT NOT NULL CHECK (reply <> ''),
    model          TEXT NOT NULL DEFAULT '',
    prompt_version TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    hits           INTEGER NOT NULL DEFAULT 0 CHECK (hits >= 0),
    PRIMARY KEY (animal_id, language, question_key)
);

CREATE TABLE breaker_state (
    endpoint             TEXT PRIMARY KEY NOT NULL CHECK (endpoint <> ''),
    state                TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
    consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    recent               TEXT NOT NULL DEFAULT '',   -- last calls, oldest first: '1' ok, '0' failed
    opened_at            TEXT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE failed_requests (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at        TEXT NOT NULL,
    turn_id           TEXT NULL,
    conversation_hash TEXT NOT NULL DEFAULT '',
    api               TEXT NOT NULL DEFAULT 'chat',
    model             TEXT NOT NULL DEFAULT '',
    request_json      TEXT NOT NULL CHECK (json_valid(request_json)),  -- the body sent; never the API key
    error_kind        TEXT NOT NULL,
    http_status       INTEGER NOT NULL DEFAULT 0,
    request_id        TEXT NOT NULL DEFAULT '',
    replayed_at       TEXT NULL,
    replay_result     TEXT NULL
);
CREATE INDEX failed_requests_created ON failed_requests (created_at);

ALTER TABLE usage ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0 CHECK (cost_usd >= 0);
