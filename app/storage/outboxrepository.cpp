#include "storage/outboxrepository.h"

#include "storage/sqlstatement.h"

using namespace Qt::StringLiterals;

namespace zk::storage {

Result<QList<OutboxRow>> OutboxRepository::oldest(int limit) const
{
    Statement q(m_db, u"SELECT id, entity, row_key, payload FROM central_outbox ORDER BY id LIMIT ?"_s);
    q.bind(limit);
    if (!q.exec())
        return q.error(u"Cannot read the central outbox"_s);
    QList<OutboxRow> rows;
    while (q.next())
        rows.append(OutboxRow{q.integer64(0), q.text(1), q.text(2), q.text(3)});
    return rows;
}

Status OutboxRepository::remove(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return {};
    // One statement (one implicit transaction) for the whole batch.
    QStringList marks;
    marks.fill(u"?"_s, ids.size());
    Statement q(m_db, u"DELETE FROM central_outbox WHERE id IN ("_s + marks.join(u',') + u')');
    for (const qint64 id : ids)
        q.bind(id);
    if (!q.exec())
        return q.error(u"Cannot clear shipped rows from the central outbox"_s);
    return {};
}

Result<qint64> OutboxRepository::pendingCount() const
{
    Statement q(m_db, u"SELECT COUNT(*) FROM central_outbox"_s);
    if (!q.exec() || !q.next())
        return q.error(u"Cannot count the central outbox"_s);
    return q.integer64(0);
}

Result<int> OutboxRepository::purgeOlderThan(const QDateTime &cutoff)
{
    Statement q(m_db, u"DELETE FROM central_outbox WHERE created_at < ?"_s);
    q.bind(cutoff.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return q.error(u"Cannot purge the central outbox"_s);
    return q.rowsAffected();
}

} // namespace zk::storage
