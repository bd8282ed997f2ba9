-- Schema version 7: the outbox of the central store (app/central). Every turn,
-- usage row and event gets an outbox row in the same transaction that writes
-- it (the triggers below), so nothing written here can miss the central
-- database: CentralSync ships the outbox in batches, upserts them keyed by
-- (kiosk id, entity, row key) and deletes the rows only after the central
-- commit. A crash between the two ships a batch twice; the upsert makes the
-- second time a no-op.
--   payload: the row as JSON, taken when it was written.
-- The triggers fire only while the setting central_outbox is 'on': KioskCore
-- switches it on when a central store is configured, so a kiosk without one
-- keeps no outbox. Rows written before that are not shipped; outbox rows older
-- than the retention period are deleted with the turns (history/retention_days).
CREATE TABLE central_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL CHECK (entity IN ('turn', 'usage', 'event')),
    row_key    TEXT NOT NULL CHECK (row_key <> ''),
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL
);
CREATE INDEX central_outbox_created ON central_outbox (created_at);

CREATE TRIGGER central_outbox_turn AFTER INSERT ON turns
WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'central_outbox' AND value = 'on')
BEGIN
    INSERT INTO central_outbox (entity, row_key, payload, created_at)
    VALUES ('turn', NEW.id, json_object(
        'conversation_id', NEW.conversation_id,
        'animal_id', (SELECT animal_id FROM conversations WHERE id = NEW.conversation_id),
        'language', (SELECT language FROM conversations WHERE id = NEW.conversation_id),
        'seq', NEW.seq,
        'visitor_text', NEW.visitor_text,
        'reply', NEW.reply,
        'source', NEW.source,
        'status', NEW.status,
        'model', NEW.model,
        'prompt_version', NEW.prompt_version,
        'prompt_tokens', NEW.prompt_tokens,
        'completion_tokens', NEW.completion_tokens,
        'usage_estimated', NEW.usage_estimated,
        'first_token_ms', NEW.first_token_ms,
        'latency_ms', NEW.latency_ms,
        'blocked', NEW.blocked,
        'escalated', NEW.escalated,
        'risk_score', NEW.risk_score,
        'block_categories', NEW.block_categories,
        'block_layer', NEW.block_layer,
        'error_kind', NEW.error_kind,
        'personal_data', NEW.personal_data,
        'created_at', NEW.created_at,
        'finished_at', NEW.finished_at), NEW.created_at);
END;

CREATE TRIGGER central_outbox_usage AFTER INSERT ON usage
WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'central_outbox' AND value = 'on')
BEGIN
    INSERT INTO central_outbox (entity, row_key, payload, created_at)
    VALUES ('usage', CAST(NEW.id AS TEXT), json_object(
        'turn_id', NEW.turn_id,
        'conversation_id', NEW.conversation_id,
        'model', NEW.model,
        'purpose', NEW.purpose,
        'prompt_tokens', NEW.prompt_tokens,
        'completion_tokens', NEW.completion_tokens,
        'estimated', NEW.estimated,
        'cost_usd', NEW.cost_usd,
        'created_at', NEW.created_at), NEW.created_at);
END;

CREATE TRIGGER central_outbox_event AFTER INSERT ON events
WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'central_outbox' AND value = 'on')
BEGIN
    INSERT INTO central_outbox (entity, row_key, payload, created_at)
    VALUES ('event', CAST(NEW.id AS TEXT), json_object(
        'severity', NEW.severity,
        'category', NEW.category,
        'kind', NEW.kind,
        'message', NEW.message,
        'conversation_hash', NEW.conversation_hash,
        'request_id', NEW.request_id,
        'details', NEW.details,
        'created_at', NEW.created_at), NEW.created_at);
END;
