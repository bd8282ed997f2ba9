-- Central store (PostgreSQL), schema version 1. Applied by `zookioskctl fleet
-- migrate` (zk::central::CentralSchema) in one transaction; the version is
-- recorded in central_schema_version by the runner.
--
-- Every kiosk ships its turns, usage rows and events here from its SQLite
-- outbox. Rows are keyed by (kiosk_id, row_id): row_id is the kiosk's own id of
-- the row (a turn's UUID, a usage or event rowid), so a batch shipped twice
-- inserts nothing the second time. Times are timestamptz (the kiosks store UTC).

CREATE TABLE kiosks (
    kiosk_id      text PRIMARY KEY CHECK (kiosk_id <> ''),
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE turns (
    kiosk_id          text NOT NULL REFERENCES kiosks (kiosk_id),
    row_id            text NOT NULL,
    conversation_id   text NOT NULL,
    animal_id         text NOT NULL DEFAULT '',
    language          text NOT NULL DEFAULT '',
    seq               integer NOT NULL,
    visitor_text      text NOT NULL DEFAULT '',
    reply             text NOT NULL DEFAULT '',
    source            text NOT NULL,
    status            text NOT NULL,
    model             text NOT NULL DEFAULT '',
    prompt_version    text NOT NULL DEFAULT '',
    prompt_tokens     integer NOT NULL DEFAULT 0,
    completion_tokens integer NOT NULL DEFAULT 0,
    usage_estimated   boolean NOT NULL DEFAULT false,
    first_token_ms    bigint NULL,
    latency_ms        bigint NOT NULL DEFAULT 0,
    blocked           boolean NOT NULL DEFAULT false,
    escalated         boolean NOT NULL DEFAULT false,
    risk_score        double precision NOT NULL DEFAULT 0,
    block_categories  text NOT NULL DEFAULT '',
    block_layer       text NOT NULL DEFAULT '',
    error_kind        text NOT NULL DEFAULT '',
    personal_data     text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    finished_at       timestamptz NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kiosk_id, row_id)
);
CREATE INDEX turns_created ON turns (created_at);

CREATE TABLE usage (
    kiosk_id          text NOT NULL REFERENCES kiosks (kiosk_id),
    row_id            bigint NOT NULL,
    turn_id           text NULL,
    conversation_id   text NULL,
    model             text NOT NULL DEFAULT '',
    purpose           text NOT NULL,
    prompt_tokens     integer NOT NULL DEFAULT 0,
    completion_tokens integer NOT NULL DEFAULT 0,
    estimated         boolean NOT NULL DEFAULT false,
    cost_usd          double precision NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kiosk_id, row_id)
);
CREATE INDEX usage_created ON usage (created_at);

CREATE TABLE events (
    kiosk_id          text NOT NULL REFERENCES kiosks (kiosk_id),
    row_id            bigint NOT NULL,
    created_at        timestamptz NOT NULL,
    severity          text NOT NULL,
    category          text NOT NULL,
    kind              text NOT NULL,
    message           text NOT NULL DEFAULT '',
    conversation_hash text NOT NULL DEFAULT '',
    request_id        text NOT NULL DEFAULT '',
    details           jsonb NULL,
    received_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kiosk_id, row_id)
);
CREATE INDEX events_created ON events (created_at);

-- The fleet-wide daily budget. committed_usd is what the fleet has spent
-- (settled calls) plus what calls in flight reserved (their estimate):
-- a kiosk reserves before a model call with one conditional UPDATE, so no two
-- kiosks can both take the last of the budget.
CREATE TABLE fleet_budget_days (
    day           date PRIMARY KEY,
    committed_usd numeric(14, 6) NOT NULL DEFAULT 0 CHECK (committed_usd >= 0),
    limit_usd     numeric(14, 6) NULL,          -- the limit of the last reservation (for reports)
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fleet_reservations (
    id           uuid PRIMARY KEY,
    kiosk_id     text NOT NULL,
    day          date NOT NULL REFERENCES fleet_budget_days (day),
    estimate_usd numeric(14, 6) NOT NULL CHECK (estimate_usd >= 0),
    actual_usd   numeric(14, 6) NULL CHECK (actual_usd >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    settled_at   timestamptz NULL
);
CREATE INDEX fleet_reservations_open ON fleet_reservations (day) WHERE settled_at IS NULL;
