#include "storage/usagerepository.h"

#include "core/ids.h"
#include "core/logging.h"
#include "storage/database.h"

#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <utility>

namespace zk::storage {

using namespace Qt::StringLiterals;

namespace {

Error failure(const QString &what, const QSqlQuery &query)
{
    const QString message = what + u": "_s + query.lastError().text();
    qCWarning(lcDb).noquote() << message;
    return makeError(message);
}

Result<QSqlDatabase> openConnection(const Database &database)
{
    QSqlDatabase db = database.connection();
    if (!db.isValid() || !db.isOpen()) {
        qCWarning(lcDb) << "Usage repository used while the database is not open";
        return makeError(u"The database is not open"_s);
    }
    return db;
}

// A created_at range as SQL (fixed text) and its bound values. Data only ever
// reaches SQLite as bound parameters.
struct Range
{
    QString where;
    QVariantList values;
};

Range timeRange(const QDateTime &fromUtc, const QDateTime &toUtc)
{
    Range range;
    QStringList conditions;
    if (fromUtc.isValid()) {
        conditions << u"created_at >= ?"_s;
        range.values << UsageRepository::storedTime(fromUtc);
    }
    if (toUtc.isValid()) {
        conditions << u"created_at < ?"_s;
        range.values << UsageRepository::storedTime(toUtc);
    }
    if (!conditions.isEmpty())
        range.where = u" WHERE "_s + conditions.join(u" AND "_s);
    return range;
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &values)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return false;
    for (const QVariant &value : values)
        q.addBindValue(value);
    return q.exec();
}

} // namespace

QString UsageRepository::storedTime(const QDateTime &instant)
{
    return instant.toUTC().toString(Qt::ISODateWithMs);
}

QString UsageRepository::localDay(const QString &storedTimestamp)
{
    const QDateTime instant = QDateTime::fromString(storedTimestamp, Qt::ISODateWithMs);
    if (!instant.isValid()) {
        qCWarning(lcDb).noquote() << "Unreadable timestamp in the usage data:" << storedTimestamp;
        return storedTimestamp.left(10); // its UTC date, the best there is
    }
    return instant.toLocalTime().date().toString(Qt::ISODate);
}

Result<double> UsageRepository::spentUsd(const QDateTime &fromUtc, const QDateTime &toUtc) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const Range range = timeRange(fromUtc, toUtc);
    QSqlQuery q(*db);
    if (!run(q, u"SELECT COALESCE(SUM(cost_usd), 0) FROM usage"_s + range.where, range.values) || !q.next())
        return failure(u"Cannot read the money spent"_s, q);
    return q.value(0).toDouble();
}

Result<QList<UsageRepository::DayModelRow>> UsageRepository::byDayAndModel(const QDateTime &fromUtc,
                                                                            const QDateTime &toUtc) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    // Grouped here rather than in SQL: the day is the kiosk's local day, by
    // Qt's time-zone rules (the same ones BudgetGuard's periods use).
    const Range range = timeRange(fromUtc, toUtc);
    QSqlQuery q(*db);
    if (!run(q,
             u"SELECT created_at, model, prompt_tokens, completion_tokens, cost_usd, estimated FROM usage"_s
                 + range.where,
             range.values))
        return failure(u"Cannot read usage"_s, q);

    QMap<std::pair<QString, QString>, DayModelRow> groups;
    while (q.next()) {
        const QString day = localDay(q.value(0).toString());
        const QString model = q.value(1).toString();
        DayModelRow &row = groups[{day, model}];
        row.day = day;
        row.model = model;
        row.promptTokens += q.value(2).toLongLong();
        row.completionTokens += q.value(3).toLongLong();
        row.costUsd += q.value(4).toDouble();
        row.calls += 1;
        row.anyEstimated = row.anyEstimated || q.value(5).toInt() != 0;
    }
    return groups.values();
}

Result<QList<UsageRepository::DaySourceRow>> UsageRepository::turnsByDayAndSource(const QDateTime &fromUtc,
                                                                                  const QDateTime &toUtc) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const Range range = timeRange(fromUtc, toUtc);
    QSqlQuery q(*db);
    if (!run(q, u"SELECT created_at, source FROM turns"_s + range.where, range.values))
        return failure(u"Cannot read turns"_s, q);

    QMap<std::pair<QString, QString>, DaySourceRow> groups;
    while (q.next()) {
        const QString day = localDay(q.value(0).toString());
        const QString source = q.value(1).toString();
        DaySourceRow &row = groups[{day, source}];
        row.day = day;
        row.source = source;
        row.turns += 1;
    }
    return groups.values();
}

Result<QList<UsageRepository::CountRow>> UsageRepository::turnsByAnimal(const QDateTime &fromUtc,
                                                                       const QDateTime &toUtc) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Range range = timeRange(fromUtc, toUtc);
    range.where.replace(u"created_at"_s, u"t.created_at"_s);
    QSqlQuery q(*db);
    if (!run(q,
             u"SELECT c.animal_id, COUNT(*) FROM turns t JOIN conversations c ON c.id = t.conversation_id"_s
                 + range.where + u" GROUP BY c.animal_id ORDER BY c.animal_id"_s,
             range.values))
        return failure(u"Cannot count turns by animal"_s, q);
    QList<CountRow> rows;
    while (q.next())
        rows << CountRow{q.value(0).toString(), q.value(1).toInt()};
    return rows;
}

Result<QList<UsageRepository::CountRow>> UsageRepository::failuresByKind(const QDateTime &fromUtc,
                                                                        const QDateTime &toUtc) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const Range range = timeRange(fromUtc, toUtc);
    const QString where = range.where.isEmpty() ? u" WHERE error_kind <> ''"_s
                                                : QString(range.where + u" AND error_kind <> ''"_s);
    QSqlQuery q(*db);
    if (!run(q, u"SELECT error_kind, COUNT(*) FROM turns"_s + where + u" GROUP BY error_kind ORDER BY error_kind"_s,
             range.values))
        return failure(u"Cannot count failures"_s, q);
    QList<CountRow> rows;
    while (q.next())
        rows << CountRow{q.value(0).toString(), q.value(1).toInt()};
    return rows;
}

qint64 UsageRepository::percentile(const QList<qint64> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
}

Result<QList<UsageRepository::DayLatencyRow>> UsageRepository::latencyByDay(const QDateTime &fromUtc,
                                                                           const QDateTime &toUtc) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const Range range = timeRange(fromUtc, toUtc);
    const QString answered = u"source IN ('model', 'fallback_model')"_s;
    const QString where = range.where.isEmpty() ? QString(u" WHERE "_s + answered)
                                                : QString(range.where + u" AND "_s + answered);
    QSqlQuery q(*db);
    if (!run(q, u"SELECT created_at, latency_ms FROM turns"_s + where, range.values))
        return failure(u"Cannot read latencies"_s, q);
    QMap<QString, QList<qint64>> byDay;
    while (q.next())
        byDay[localDay(q.value(0).toString())] << q.value(1).toLongLong();
    QList<DayLatencyRow> rows;
    for (auto it = byDay.begin(); it != byDay.end(); ++it) {
        std::sort(it->begin(), it->end());
        rows << DayLatencyRow{it.key(), percentile(*it, 50), percentile(*it, 95), int(it->size())};
    }
    return rows;
}

Result<bool> UsageRepository::claimAlert(const QString &key)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    const QString now = isoNow();
    QSqlQuery q(*db);
    if (!run(q,
             u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING"_s,
             {key, now, now}))
        return failure(u"Cannot record budget alert %1"_s.arg(key), q);
    return q.numRowsAffected() == 1;
}

Status UsageRepository::releaseAlert(const QString &key)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    QSqlQuery q(*db);
    if (!run(q, u"DELETE FROM settings WHERE key = ?"_s, {key}))
        return failure(u"Cannot forget budget alert %1"_s.arg(key), q);
    return {};
}

} // namespace zk::storage
