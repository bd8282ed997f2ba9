#include "central/outboxshipper.h"

#include "central/centralconnection.h"
#include "central/centrallogging.h"
#include "storage/outboxrepository.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {

// Each statement reads one outbox payload (bound as jsonb) into its columns.
// Casts are written CAST(... AS ...): Qt's placeholder parser reads "::" text
// as a named placeholder in some versions.
const QString kUpsertTurn = uR"(
INSERT INTO turns (kiosk_id, row_id, conversation_id, animal_id, language, seq, visitor_text, reply, source, status,
                   model, prompt_version, prompt_tokens, completion_tokens, usage_estimated, first_token_ms,
                   latency_ms, blocked, escalated, risk_score, block_categories, block_layer, error_kind,
                   personal_data, created_at, finished_at)
SELECT ?, ?, j->>'conversation_id', COALESCE(j->>'animal_id', ''), COALESCE(j->>'language', ''),
       CAST(j->>'seq' AS integer), COALESCE(j->>'visitor_text', ''), COALESCE(j->>'reply', ''), j->>'source',
       j->>'status', COALESCE(j->>'model', ''), COALESCE(j->>'prompt_version', ''),
       COALESCE(CAST(j->>'prompt_tokens' AS integer), 0), COALESCE(CAST(j->>'completion_tokens' AS integer), 0),
       COALESCE(CAST(j->>'usage_estimated' AS integer), 0) <> 0, CAST(j->>'first_token_ms' AS bigint),
       COALESCE(CAST(j->>'latency_ms' AS bigint), 0), COALESCE(CAST(j->>'blocked' AS integer), 0) <> 0,
       COALESCE(CAST(j->>'escalated' AS integer), 0) <> 0, COALESCE(CAST(j->>'risk_score' AS double precision), 0),
       COALESCE(j->>'block_categories', ''), COALESCE(j->>'block_layer', ''), COALESCE(j->>'error_kind', ''),
       COALESCE(j->>'personal_data', ''), CAST(j->>'created_at' AS timestamptz),
       CAST(COALESCE(j->>'finished_at', j->>'created_at') AS timestamptz)
FROM (SELECT CAST(? AS jsonb) AS j) AS payload
ON CONFLICT (kiosk_id, row_id) DO NOTHING)"_s;

const QString kUpsertUsage = uR"(
INSERT INTO usage (kiosk_id, row_id, turn_id, conversation_id, model, purpose, prompt_tokens, completion_tokens,
                   estimated, cost_usd, created_at)
SELECT ?, CAST(? AS bigint), j->>'turn_id', j->>'conversation_id', COALESCE(j->>'model', ''), j->>'purpose',
       COALESCE(CAST(j->>'prompt_tokens' AS integer), 0), COALESCE(CAST(j->>'completion_tokens' AS integer), 0),
       COALESCE(CAST(j->>'estimated' AS integer), 0) <> 0, COALESCE(CAST(j->>'cost_usd' AS double precision), 0),
       CAST(j->>'created_at' AS timestamptz)
FROM (SELECT CAST(? AS jsonb) AS j) AS payload
ON CONFLICT (kiosk_id, row_id) DO NOTHING)"_s;

const QString kUpsertEvent = uR"(
INSERT INTO events (kiosk_id, row_id, created_at, severity, category, kind, message, conversation_hash, request_id,
                    details)
SELECT ?, CAST(? AS bigint), CAST(j->>'created_at' AS timestamptz), j->>'severity', j->>'category', j->>'kind',
       COALESCE(j->>'message', ''), COALESCE(j->>'conversation_hash', ''), COALESCE(j->>'request_id', ''),
       CAST(j->>'details' AS jsonb)
FROM (SELECT CAST(? AS jsonb) AS j) AS payload
ON CONFLICT (kiosk_id, row_id) DO NOTHING)"_s;

} // namespace

OutboxShipper::OutboxShipper(storage::OutboxRepository &outbox, CentralConnection &central, QString kioskId,
                             int batchSize)
    : m_outbox(outbox)
    , m_central(central)
    , m_kioskId(std::move(kioskId))
    , m_batchSize(std::max(batchSize, 1))
{
}

Result<OutboxShipper::Batch> OutboxShipper::shipBatch()
{
    const auto rows = m_outbox.oldest(m_batchSize);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return Batch{};
    auto db = m_central.openAtSchema(kRequiredSchema);
    if (!db)
        return db.error();

    QList<qint64> ids;
    {
        // Any failure below: roll back, forget the connection (it may be the
        // one that broke) and leave the outbox as it was.
        QSqlDatabase pg = *db;
        const auto fail = [&](const QString &what, const QSqlError &error) {
            Error e = centralFailure(what, error.text());
            pg.rollback();
            pg = QSqlDatabase();
            m_central.drop();
            return e;
        };
        if (!pg.transaction())
            return fail(u"Cannot begin a central transaction"_s, pg.lastError());
        {
            QSqlQuery kiosk(pg);
            kiosk.prepare(u"INSERT INTO kiosks (kiosk_id) VALUES (?) ON CONFLICT (kiosk_id) "
                          "DO UPDATE SET last_seen_at = now()"_s);
            kiosk.addBindValue(m_kioskId);
            if (!kiosk.exec())
                return fail(u"Cannot register the kiosk centrally"_s, kiosk.lastError());
        }
        QSqlQuery turn(pg), usage(pg), event(pg);
        if (!turn.prepare(kUpsertTurn) || !usage.prepare(kUpsertUsage) || !event.prepare(kUpsertEvent))
            return fail(u"Cannot prepare the central upserts"_s,
                        turn.lastError().isValid() ? turn.lastError()
                                                   : (usage.lastError().isValid() ? usage.lastError() : event.lastError()));
        for (const storage::OutboxRow &row : *rows) {
            if (row.entity != u"turn" && row.entity != u"usage" && row.entity != u"event") {
                pg.rollback();
                return makeError(u"Unknown entity \"%1\" in the central outbox"_s.arg(row.entity));
            }
            QSqlQuery &q = row.entity == u"turn" ? turn : row.entity == u"usage" ? usage : event;
            q.bindValue(0, m_kioskId);
            q.bindValue(1, row.rowKey);
            q.bindValue(2, row.payload);
            if (!q.exec())
                return fail(u"Cannot store %1 %2 centrally"_s.arg(row.entity, row.rowKey), q.lastError());
            ids.append(row.id);
        }
        turn = QSqlQuery();
        usage = QSqlQuery();
        event = QSqlQuery();
        if (!pg.commit())
            return fail(u"Cannot commit a central batch"_s, pg.lastError());
    }
    // Committed centrally. If this delete fails (or the process dies first),
    // the batch is shipped again and the upserts ignore it.
    if (const Status s = m_outbox.remove(ids); !s)
        return s.error();
    return Batch{int(ids.size()), ids.size() == m_batchSize};
}

} // namespace zk::central
