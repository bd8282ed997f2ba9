#include "central/fleetledger.h"

#include "central/centralconnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {

// Money reaches PostgreSQL as exact decimal text (numeric columns).
QString money(double usd)
{
    return QString::number(std::max(usd, 0.0), 'f', 6);
}

} // namespace

FleetLedger::FleetLedger(CentralConnection &central, QString kioskId)
    : m_central(central)
    , m_kioskId(std::move(kioskId))
{
}

Result<FleetDecision> FleetLedger::reserve(const QDate &day, double estimateUsd, double limitUsd)
{
    auto db = m_central.openAtSchema(kRequiredSchema);
    if (!db)
        return db.error();
    QSqlDatabase pg = *db;
    QSqlQuery q(pg);
    const auto fail = [&](const QString &what) {
        Error e = centralFailure(what, q.lastError().text());
        q = QSqlQuery();
        pg.rollback();
        pg = QSqlDatabase();
        m_central.drop();
        return e;
    };
    if (!pg.transaction())
        return centralFailure(u"Cannot begin a budget transaction"_s, pg.lastError().text());
    const QString dayText = day.toString(Qt::ISODate);
    q.prepare(u"INSERT INTO fleet_budget_days (day) VALUES (CAST(? AS date)) ON CONFLICT (day) DO NOTHING"_s);
    q.addBindValue(dayText);
    if (!q.exec())
        return fail(u"Cannot open the fleet budget day"_s);
    // The row lock of this UPDATE serialises reservations; a waiting one
    // re-checks the condition against the committed value it finds.
    q.prepare(u"UPDATE fleet_budget_days SET committed_usd = committed_usd + CAST(? AS numeric), "
              "limit_usd = CAST(? AS numeric), updated_at = now() "
              "WHERE day = CAST(? AS date) AND committed_usd + CAST(? AS numeric) <= CAST(? AS numeric) "
              "RETURNING committed_usd"_s);
    q.addBindValue(money(estimateUsd));
    q.addBindValue(money(limitUsd));
    q.addBindValue(dayText);
    q.addBindValue(money(estimateUsd));
    q.addBindValue(money(limitUsd));
    if (!q.exec())
        return fail(u"Cannot reserve fleet budget"_s);
    FleetDecision decision;
    decision.limitUsd = limitUsd;
    if (q.next()) {
        decision.kind = FleetDecision::Kind::Granted;
        decision.committedUsd = q.value(0).toDouble();
        decision.reservationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        q.prepare(u"INSERT INTO fleet_reservations (id, kiosk_id, day, estimate_usd) "
                  "VALUES (CAST(? AS uuid), ?, CAST(? AS date), CAST(? AS numeric))"_s);
        q.addBindValue(decision.reservationId);
        q.addBindValue(m_kioskId);
        q.addBindValue(dayText);
        q.addBindValue(money(estimateUsd));
        if (!q.exec())
            return fail(u"Cannot record a fleet budget reservation"_s);
    } else {
        decision.kind = FleetDecision::Kind::Refused;
        q.prepare(u"SELECT committed_usd FROM fleet_budget_days WHERE day = CAST(? AS date)"_s);
        q.addBindValue(dayText);
        if (!q.exec())
            return fail(u"Cannot read the fleet budget"_s);
        if (q.next())
            decision.committedUsd = q.value(0).toDouble();
    }
    q = QSqlQuery();
    if (!pg.commit()) {
        Error e = centralFailure(u"Cannot commit a fleet budget reservation"_s, pg.lastError().text());
        pg = QSqlDatabase();
        m_central.drop();
        return e;
    }
    return decision;
}

Status FleetLedger::settle(const QString &reservationId, double actualUsd)
{
    auto db = m_central.open();
    if (!db)
        return db.error();
    // One statement: the reservation is marked settled and the day's
    // committed spend corrected together, or neither.
    QSqlQuery q(*db);
    q.prepare(u"WITH settled AS (UPDATE fleet_reservations SET actual_usd = CAST(? AS numeric), settled_at = now() "
              "WHERE id = CAST(? AS uuid) AND settled_at IS NULL RETURNING day, estimate_usd, actual_usd) "
              "UPDATE fleet_budget_days AS d SET committed_usd = GREATEST(d.committed_usd - s.estimate_usd + "
              "s.actual_usd, 0), updated_at = now() FROM settled AS s WHERE d.day = s.day"_s);
    q.addBindValue(money(actualUsd));
    q.addBindValue(reservationId);
    if (!q.exec()) {
        Error e = centralFailure(u"Cannot settle a fleet budget reservation"_s, q.lastError().text());
        q = QSqlQuery();
        m_central.drop();
        return e;
    }
    return {};
}

Result<double> FleetLedger::committed(const QDate &day)
{
    auto db = m_central.open();
    if (!db)
        return db.error();
    QSqlQuery q(*db);
    q.prepare(u"SELECT COALESCE(SUM(committed_usd), 0) FROM fleet_budget_days WHERE day = CAST(? AS date)"_s);
    q.addBindValue(day.toString(Qt::ISODate));
    if (!q.exec() || !q.next()) {
        Error e = centralFailure(u"Cannot read the fleet budget"_s, q.lastError().text());
        q = QSqlQuery();
        m_central.drop();
        return e;
    }
    return q.value(0).toDouble();
}

} // namespace zk::central
