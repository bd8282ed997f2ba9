#include "central/fleetqueries.h"

#include "central/centralconnection.h"
#include "central/centralurl.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {

// Runs a prepared query with positional values; on failure the connection is
// dropped so the next call reconnects.
Result<QSqlQuery> run(CentralConnection &central, const QString &sql, const QVariantList &values,
                      const QString &what)
{
    auto db = central.open();
    if (!db)
        return db.error();
    QSqlQuery q(*db);
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        Error e = centralFailure(what, q.lastError().text());
        central.drop();
        return e;
    }
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        Error e = centralFailure(what, q.lastError().text());
        q = QSqlQuery();
        central.drop();
        return e;
    }
    return q;
}

} // namespace

Result<QList<FleetQueries::UsageRow>> FleetQueries::usageByDayAndKiosk(const QDate &from, const QDate &to)
{
    auto q = run(m_central,
                 u"WITH u AS (SELECT CAST(created_at AS date) AS day, kiosk_id, COUNT(*) AS calls, "
                 "SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c, SUM(cost_usd) AS cost FROM usage "
                 "WHERE created_at >= CAST(? AS date) AND created_at < CAST(? AS date) + 1 GROUP BY 1, 2), "
                 "t AS (SELECT CAST(created_at AS date) AS day, kiosk_id, COUNT(*) AS turns FROM turns "
                 "WHERE created_at >= CAST(? AS date) AND created_at < CAST(? AS date) + 1 GROUP BY 1, 2) "
                 "SELECT to_char(COALESCE(u.day, t.day), 'YYYY-MM-DD'), COALESCE(u.kiosk_id, t.kiosk_id), "
                 "COALESCE(u.calls, 0), COALESCE(u.p, 0), COALESCE(u.c, 0), COALESCE(u.cost, 0), "
                 "COALESCE(t.turns, 0) FROM u FULL OUTER JOIN t ON u.day = t.day AND u.kiosk_id = t.kiosk_id "
                 "ORDER BY 1, 2"_s,
                 {from.toString(Qt::ISODate), to.toString(Qt::ISODate), from.toString(Qt::ISODate),
                  to.toString(Qt::ISODate)},
                 u"Cannot read the fleet's usage"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = q.value();
    QList<UsageRow> rows;
    while (query.next())
        rows.append(UsageRow{query.value(0).toString(), query.value(1).toString(), query.value(2).toInt(),
                             query.value(3).toLongLong(), query.value(4).toLongLong(), query.value(5).toDouble(),
                             query.value(6).toInt()});
    return rows;
}

Result<QList<FleetQueries::TurnRow>> FleetQueries::recentTurns(int limit, const QString &kioskId)
{
    auto q = run(m_central,
                 u"SELECT kiosk_id, row_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
                 "animal_id, visitor_text, reply, source, blocked FROM turns WHERE (? = '' OR kiosk_id = ?) "
                 "ORDER BY created_at DESC, kiosk_id, row_id LIMIT ?"_s,
                 {kioskId.isNull() ? u""_s : kioskId, kioskId.isNull() ? u""_s : kioskId, std::max(limit, 0)},
                 u"Cannot read the fleet's turns"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = q.value();
    QList<TurnRow> rows;
    while (query.next())
        rows.append(TurnRow{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                            query.value(3).toString(), query.value(4).toString(), query.value(5).toString(),
                            query.value(6).toString(), query.value(7).toBool()});
    return rows;
}

Result<FleetQueries::Totals> FleetQueries::totals()
{
    auto q = run(m_central,
                 u"SELECT (SELECT COUNT(*) FROM turns), (SELECT COUNT(*) FROM usage), (SELECT COUNT(*) FROM events), "
                 "(SELECT COUNT(*) FROM kiosks)"_s,
                 {}, u"Cannot count the fleet's rows"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = q.value();
    if (!query.next())
        return makeError(u"Cannot count the fleet's rows: no result"_s);
    return Totals{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toLongLong(), query.value(3).toInt()};
}

Result<FleetQueries::BudgetDay> FleetQueries::budget(const QDate &day)
{
    auto q = run(m_central,
                 u"SELECT COALESCE((SELECT committed_usd FROM fleet_budget_days WHERE day = CAST(? AS date)), 0), "
                 "COALESCE((SELECT limit_usd FROM fleet_budget_days WHERE day = CAST(? AS date)), 0), "
                 "(SELECT COUNT(*) FROM fleet_reservations WHERE day = CAST(? AS date) AND settled_at IS NULL)"_s,
                 {day.toString(Qt::ISODate), day.toString(Qt::ISODate), day.toString(Qt::ISODate)},
                 u"Cannot read the fleet budget"_s);
    if (!q)
        return q.error();
    QSqlQuery &query = q.value();
    if (!query.next())
        return makeError(u"Cannot read the fleet budget: no result"_s);
    return BudgetDay{query.value(0).toDouble(), query.value(1).toDouble(), query.value(2).toInt()};
}

Result<FleetQueries::Snapshot> FleetQueries::snapshot(const CentralUrl &url, int days, int turnLimit)
{
    CentralConnection connection(url, u"panel"_s);
    FleetQueries queries(connection);
    const QDate today = QDate::currentDate();
    Snapshot s;
    auto totals = queries.totals();
    if (!totals)
        return totals.error();
    s.totals = totals.value();
    auto budget = queries.budget(today);
    if (!budget)
        return budget.error();
    s.budgetToday = budget.value();
    auto usage = queries.usageByDayAndKiosk(today.addDays(1 - std::max(days, 1)), today);
    if (!usage)
        return usage.error();
    s.usage = usage.value();
    auto turns = queries.recentTurns(turnLimit);
    if (!turns)
        return turns.error();
    s.turns = turns.value();
    return s;
}

} // namespace zk::central
