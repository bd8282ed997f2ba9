#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace zk::storage {

// One row of the central store's outbox (schema 007): a turn, usage row or
// event to ship, as JSON taken in the transaction that wrote it.
struct OutboxRow
{
    qint64 id = 0;
    QString entity;   // "turn", "usage", "event"
    QString rowKey;   // the row's id in its own table
    QString payload;  // JSON object
};

// Reads and clears the outbox. Works on the connection it is given: the
// kiosk's own (Database::connection()) for counts, or the sync worker's
// connection of its own to the same file.
class OutboxRepository
{
public:
    explicit OutboxRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    // The oldest `limit` rows, by id.
    Result<QList<OutboxRow>> oldest(int limit) const;
    // Deletes shipped rows (after the central commit).
    Status remove(const QList<qint64> &ids);
    Result<qint64> pendingCount() const;
    // Deletes rows written before `cutoff` (the retention period); returns how many.
    Result<int> purgeOlderThan(const QDateTime &cutoff);

private:
    QSqlDatabase m_db;
};

} // namespace zk::storage
