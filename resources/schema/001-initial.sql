-- Zoo Kiosk on-device store, schema version 1.
--
-- Applied by zk::storage::Database inside one transaction, which also records
-- the version in schema_version. Statements are split on ';' outside quotes
-- and comments, so no CREATE TRIGGER bodies here. Timestamps are ISO-8601 UTC
-- text (zk::isoNow()); booleans are 0/1; lists are JSON arrays.

CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);

CREATE TABLE animals (
    id           TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    art          TEXT NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order   INTEGER NOT NULL DEFAULT 0,
    staff_edited INTEGER NOT NULL DEFAULT 0 CHECK (staff_edited IN (0, 1)),
    content_hash TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE animal_texts (
    animal_id           TEXT NOT NULL REFERENCES animals (id) ON DELETE CASCADE,
    language            TEXT NOT NULL CHECK (language <> ''),
    name                TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL DEFAULT '',
    species             TEXT NOT NULL DEFAULT '',
    personality         TEXT NOT NULL DEFAULT '',
    facts               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(facts) AND json_type(facts) = 'array'),
    conservation_status TEXT NOT NULL DEFAULT '',
    suggested_questions TEXT NOT NULL DEFAULT '[]'
                        CHECK (json_valid(suggested_questions) AND json_type(suggested_questions) = 'array'),
    emergency_message   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (animal_id, language)
);

-- Staff-editable persona rules. animal_id NULL = applies to every animal.
-- seed_key identifies a shipped default (NULL for staff-written rules).
CREATE TABLE guardrail_rules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    animal_id  TEXT NULL REFERENCES animals (id) ON DELETE CASCADE,
    type       TEXT NOT NULL CHECK (type IN ('ALWAYS', 'NEVER', 'ENCOURAGE', 'DISCOURAGE')),
    text       TEXT NOT NULL CHECK (text <> ''),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    seed_key   TEXT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX guardrail_rules_animal ON guardrail_rules (animal_id);

CREATE TABLE conversations (
    id         TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    animal_id  TEXT NOT NULL REFERENCES animals (id),
    language   TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT NULL
);
CREATE INDEX conversations_animal ON conversations (animal_id);

-- One visitor question and the reply shown. The UNIQUE constraint's index
-- also serves "turns of a conversation, by seq".
CREATE TABLE turns (
    id                TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    conversation_id   TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    visitor_text      TEXT NOT NULL DEFAULT '',
    reply             TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL
                      CHECK (source IN ('model', 'fallback_model', 'cache', 'offline', 'emergency', 'blocked')),
    status            TEXT NOT NULL CHECK (status IN ('completed', 'partial', 'cancelled', 'failed')),
    model             TEXT NOT NULL DEFAULT '',
    prompt_version    TEXT NOT NULL DEFAULT '',
    prompt_tokens     INTEGER NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens INTEGER NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    usage_estimated   INTEGER NOT NULL DEFAULT 0 CHECK (usage_estimated IN (0, 1)),
    first_token_ms    INTEGER NULL,
    latency_ms        INTEGER NOT NULL DEFAULT 0,
    blocked           INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    risk_score        REAL NOT NULL DEFAULT 0,
    block_categories  TEXT NOT NULL DEFAULT '',
    block_layer       TEXT NOT NULL DEFAULT '',
    error_kind        TEXT NOT NULL DEFAULT '',
    request_id        TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    finished_at       TEXT NOT NULL,
    UNIQUE (conversation_id, seq)
);

-- Rolling summary of the older turns of a conversation (context window).
CREATE TABLE summaries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    through_seq     INTEGER NOT NULL CHECK (through_seq >= 0),
    text            TEXT NOT NULL,
    model           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX summaries_conversation ON summaries (conversation_id, through_seq);

-- Token usage of every model call, for cost accounting. Kept when the turn or
-- conversation is purged: turn_id then becomes NULL, conversation_id is a
-- plain reference on purpose.
CREATE TABLE usage (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id           TEXT NULL REFERENCES turns (id) ON DELETE SET NULL,
    conversation_id   TEXT NULL,
    model             TEXT NOT NULL DEFAULT '',
    purpose           TEXT NOT NULL CHECK (purpose <> ''),
    prompt_tokens     INTEGER NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens INTEGER NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    estimated         INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),
    created_at        TEXT NOT NULL
);
CREATE INDEX usage_turn ON usage (turn_id);

-- Staff-facing operational log (errors, security, alerts, system).
CREATE TABLE events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at        TEXT NOT NULL,
    severity          TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error', 'critical')),
    category          TEXT NOT NULL,
    kind              TEXT NOT NULL,
    message           TEXT NOT NULL DEFAULT '',
    conversation_hash TEXT NOT NULL DEFAULT '',
    request_id        TEXT NOT NULL DEFAULT '',
    details           TEXT NULL CHECK (details IS NULL OR json_valid(details))
);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NULL,
    updated_at TEXT NOT NULL
);
