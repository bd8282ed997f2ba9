-- Schema version 5: what the safety layer records with each turn.
--   turns.escalated: remote moderation put the message or the reply in the
--     middle band: allowed, but flagged for staff review (its categories are
--     in block_categories, its layer in block_layer; blocked stays 0);
--   turns.personal_data: the kinds of personal data replaced by placeholders
--     before the message was stored or sent ("phone,email"), never the data.
ALTER TABLE turns ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1));
ALTER TABLE turns ADD COLUMN personal_data TEXT NOT NULL DEFAULT '';
CREATE INDEX turns_flagged ON turns (blocked, escalated, created_at);
