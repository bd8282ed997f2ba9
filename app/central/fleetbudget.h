#pragma once

#include "central/centralurl.h"
#include "central/fleetledger.h"

#include <QDate>
#include <QObject>
#include <QSet>
#include <QThread>

namespace zk::central {

struct FleetBudgetSettings
{
    CentralUrl url;
    QString kioskId;
    double dailyUsd = 0.0;   // the fleet's budget per local calendar day
};

// The fleet-wide daily budget as the turn pipeline uses it: reserve() before
// a model call, settle() after. The central calls block, so they run on a
// worker thread with its own connection (FleetLedger there); answers come back
// as decided(). A request the asker stopped waiting for is abandon()ed: if the
// central store grants it later, the reservation is settled at 0 at once.
// unreachable() and recovered() fire on the transitions only (one event per
// outage, however many turns fall back to the local budget meanwhile).
class FleetBudget : public QObject
{
    Q_OBJECT

public:
    explicit FleetBudget(FleetBudgetSettings settings, QObject *parent = nullptr);
    ~FleetBudget() override; // finishes the requests already made, then stops

    // Returns a ticket; decided(ticket, ...) follows.
    quint64 reserve(double estimateUsd);
    void abandon(quint64 ticket);
    void settle(const QString &reservationId, double actualUsd);
    // Blocks until every request made so far is done (a short-lived process
    // before it exits, so its settlements are not lost).
    void flush();
    double dailyUsd() const { return m_dailyUsd; }

Q_SIGNALS:
    void decided(quint64 ticket, const zk::central::FleetDecision &decision);
    void unreachable(const QString &problem);
    void recovered();
    // The first refusal of a day (in this process): the fleet's budget is spent.
    void exhausted(double committedUsd, double limitUsd);

private:
    void onDecided(quint64 ticket, const zk::central::FleetDecision &decision);
    void onSettled(bool ok, const QString &problem);
    void noteAvailability(bool ok, const QString &problem);

    QThread m_thread;
    QObject *m_worker = nullptr;  // lives in m_thread
    double m_dailyUsd = 0.0;
    quint64 m_nextTicket = 1;
    QSet<quint64> m_abandoned;
    bool m_failing = false;
    QDate m_exhaustedOn;
};

} // namespace zk::central

Q_DECLARE_METATYPE(zk::central::FleetDecision)
