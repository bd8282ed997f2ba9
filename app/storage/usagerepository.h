#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace zk::storage {

class Database;

// Reads of the usage table (tokens and cost of every model call) and of the
// turns' sources, for budgets and the usage report; and the once-only markers
// of budget alerts.
//
// Time ranges are half-open [fromUtc, toUtc); an invalid bound means "no
// bound". Rows are selected on their stored ISO-8601 UTC text (zk::isoNow(),
// with or without milliseconds), which keeps the created_at indexes in use;
// "day" is the kiosk's local calendar day of that instant. Usage rows carry
// the time the call finished, turns the time the visitor asked.
class UsageRepository
{
public:
    struct DayModelRow
    {
        QString day;                 // yyyy-MM-dd, local time of the kiosk
        QString model;
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        double costUsd = 0.0;
        int calls = 0;
        bool anyEstimated = false;   // at least one call's usage was estimated
    };

    struct DaySourceRow
    {
        QString day;                 // yyyy-MM-dd, local time of the kiosk
        QString source;              // replySourceName(): "model", "cache", ...
        int turns = 0;
    };

    explicit UsageRepository(Database &db) : m_db(db) {}

    // Total cost_usd of the calls in the range.
    Result<double> spentUsd(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    // By day, then model (both ascending).
    Result<QList<DayModelRow>> byDayAndModel(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    // Turns by day, then source (both ascending); only non-zero counts.
    Result<QList<DaySourceRow>> turnsByDayAndSource(const QDateTime &fromUtc, const QDateTime &toUtc) const;

    // Turns per animal in the range (the usage page), by animal id.
    struct CountRow
    {
        QString key;                 // animal id, or error kind
        int count = 0;
    };
    Result<QList<CountRow>> turnsByAnimal(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    // Turns whose model call failed (their last error kind: "timeout",
    // "rate_limited", ...), by kind; turns without an error are left out.
    Result<QList<CountRow>> failuresByKind(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    // The latency (visitor asked -> reply finished) of the turns a model
    // answered (model, fallback_model), by local day: median and 95th
    // percentile (nearest rank).
    struct DayLatencyRow
    {
        QString day;
        qint64 p50Ms = 0;
        qint64 p95Ms = 0;
        int turns = 0;
    };
    Result<QList<DayLatencyRow>> latencyByDay(const QDateTime &fromUtc, const QDateTime &toUtc) const;
    // The nearest-rank percentile (0 < p <= 100) of sorted values; 0 when empty.
    static qint64 percentile(const QList<qint64> &sorted, double p);

    // Budget-alert bookkeeping in the settings table, kept across restarts and
    // shared by every process on the file. claimAlert() is true exactly once
    // per key (an atomic insert-if-absent); releaseAlert() undoes a claim whose
    // alert could not be recorded, so a later check tries again.
    Result<bool> claimAlert(const QString &key);
    Status releaseAlert(const QString &key);

    // The stored form of an instant (ISO-8601 UTC with milliseconds).
    static QString storedTime(const QDateTime &instant);
    // The local calendar day (yyyy-MM-dd) of a stored timestamp.
    static QString localDay(const QString &storedTimestamp);

private:
    Database &m_db;
};

} // namespace zk::storage
