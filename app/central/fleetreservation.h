#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace zk::central {

class FleetBudget;
struct FleetDecision;

// One model call's share of the fleet's daily budget (a visitor's turn, a
// summary): reserve() asks the central store for the call's most expensive
// case, decided() says what came of it, settle() replaces the estimate with
// the call's actual cost. A central store slower than `waitMs` must not keep
// a visitor waiting: the request is abandoned and the answer is LocalOnly (the
// kiosk's own budget, already checked, decides alone), as it is when the store
// cannot be reached. Destroyed or cancel()ed while waiting, it abandons the
// request (FleetBudget settles a late grant at 0).
class FleetReservation : public QObject
{
    Q_OBJECT

public:
    enum class Outcome { Granted, Refused, LocalOnly };
    Q_ENUM(Outcome)

    explicit FleetReservation(FleetBudget &budget, QObject *parent = nullptr);
    ~FleetReservation() override;

    void reserve(double estimateUsd, int waitMs = 3000);
    // Stops waiting for an answer; decided() does not follow.
    void cancel();
    // Once, after the call: the actual cost (0 when it cost nothing). Only a
    // granted reservation has anything to settle.
    void settle(double actualUsd);

Q_SIGNALS:
    void decided(zk::central::FleetReservation::Outcome outcome);

private:
    void onDecided(quint64 ticket, const zk::central::FleetDecision &decision);

    FleetBudget &m_budget;
    QTimer m_wait;
    quint64 m_ticket = 0;  // asked for, not answered yet
    QString m_reservation; // granted, not settled yet
};

} // namespace zk::central
