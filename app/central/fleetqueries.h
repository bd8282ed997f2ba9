#pragma once

#include "core/result.h"

#include <QDate>
#include <QList>
#include <QString>

namespace zk::central {

class CentralConnection;
struct CentralUrl;

// Read-only views of the central store for staff: the fleet's usage by day
// and kiosk, its latest turns, and the fleet budget of a day. Blocking: the
// CLI calls it directly; a screen calls it off its GUI thread.
class FleetQueries
{
public:
    explicit FleetQueries(CentralConnection &central) : m_central(central) {}

    struct UsageRow
    {
        QString day;           // yyyy-MM-dd (UTC)
        QString kioskId;
        int calls = 0;
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        double costUsd = 0.0;
        int turns = 0;         // turns asked that day at that kiosk
    };
    // Days from..to (both included), by day then kiosk.
    Result<QList<UsageRow>> usageByDayAndKiosk(const QDate &from, const QDate &to);

    struct TurnRow
    {
        QString kioskId;
        QString turnId;
        QString createdAt;     // ISO-8601 UTC
        QString animalId;
        QString visitorText;
        QString reply;
        QString source;
        bool blocked = false;
    };
    // Newest first; `kioskId` empty = every kiosk.
    Result<QList<TurnRow>> recentTurns(int limit, const QString &kioskId = {});

    struct Totals
    {
        qint64 turns = 0;
        qint64 usageRows = 0;
        qint64 events = 0;
        int kiosks = 0;
    };
    Result<Totals> totals();

    struct BudgetDay
    {
        double committedUsd = 0.0;
        double limitUsd = 0.0;       // of the last reservation; 0 when none
        int openReservations = 0;
    };
    Result<BudgetDay> budget(const QDate &day);

    // Everything the admin panel's Fleet page shows, read in one go on a
    // connection made and closed in the calling thread (a pool thread: the
    // screen never waits for the network).
    struct Snapshot
    {
        Totals totals;
        BudgetDay budgetToday;
        QList<UsageRow> usage;   // the last `days` days
        QList<TurnRow> turns;    // the newest `turnLimit`
    };
    static Result<Snapshot> snapshot(const CentralUrl &url, int days, int turnLimit);

private:
    CentralConnection &m_central;
};

} // namespace zk::central
