#include "storage/failedrequestrepository.h"

#include "core/ids.h"
#include "storage/sqlstatement.h"

using namespace Qt::StringLiterals;

namespace zk::storage {

namespace {

const QString kColumns = u"id, created_at, turn_id, conversation_hash, api, model, request_json, error_kind, "
                         "http_status, request_id, replayed_at, replay_result"_s;

FailedRequest readRow(const Statement &q)
{
    FailedRequest r;
    r.id = q.integer64(0);
    r.createdAt = q.text(1);
    r.turnId = q.text(2);
    r.conversationHash = q.text(3);
    r.api = q.text(4);
    r.model = q.text(5);
    r.requestJson = q.text(6).toUtf8();
    r.errorKind = q.text(7);
    r.httpStatus = q.integer(8);
    r.requestId = q.text(9);
    r.replayedAt = q.text(10);
    r.replayResult = q.text(11);
    return r;
}

} // namespace

Result<qint64> FailedRequestRepository::record(FailedRequest r)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"INSERT INTO failed_requests (created_at, turn_id, conversation_hash, api, model, request_json, "
                     "error_kind, http_status, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.bind(r.createdAt.isEmpty() ? isoNow() : r.createdAt)
        .bind(sqlOptionalText(r.turnId))
        .bind(sqlText(r.conversationHash))
        .bind(r.api.isEmpty() ? u"chat"_s : r.api)
        .bind(sqlText(r.model))
        .bind(QString::fromUtf8(r.requestJson))
        .bind(sqlText(r.errorKind))
        .bind(r.httpStatus)
        .bind(sqlText(r.requestId));
    if (!q.exec())
        return q.error(u"Cannot record a failed request"_s);
    return q.lastInsertId();
}

Result<QList<FailedRequest>> FailedRequestRepository::recent(int limit) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT "_s + kColumns + u" FROM failed_requests ORDER BY id DESC LIMIT ?"_s);
    q.bind(limit > 0 ? limit : -1);
    if (!q.exec())
        return q.error(u"Cannot read failed requests"_s);
    QList<FailedRequest> rows;
    while (q.next())
        rows << readRow(q);
    return rows;
}

Result<std::optional<FailedRequest>> FailedRequestRepository::find(qint64 id) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT "_s + kColumns + u" FROM failed_requests WHERE id = ?"_s);
    q.bind(id);
    if (!q.exec())
        return q.error(u"Cannot read a failed request"_s);
    if (!q.next())
        return std::optional<FailedRequest>();
    return std::optional<FailedRequest>(readRow(q));
}

Status FailedRequestRepository::markReplayed(qint64 id, const QString &result)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"UPDATE failed_requests SET replayed_at = ?, replay_result = ? WHERE id = ?"_s);
    q.bind(isoNow()).bind(sqlText(result)).bind(id);
    if (!q.exec())
        return q.error(u"Cannot mark a failed request as replayed"_s);
    if (q.rowsAffected() == 0)
        return makeError(u"No failed request with id %1"_s.arg(id));
    return {};
}

} // namespace zk::storage
