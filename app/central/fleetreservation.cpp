#include "central/fleetreservation.h"

#include "central/centrallogging.h"
#include "central/fleetbudget.h"

#include <utility>

namespace zk::central {

FleetReservation::FleetReservation(FleetBudget &budget, QObject *parent) : QObject(parent), m_budget(budget)
{
    m_wait.setSingleShot(true);
    connect(&m_wait, &QTimer::timeout, this, [this] {
        if (m_ticket == 0)
            return;
        qCInfo(lcCentral) << "the fleet budget did not answer in time; the local budget decides";
        m_budget.abandon(std::exchange(m_ticket, 0));
        Q_EMIT decided(Outcome::LocalOnly);
    });
    connect(&m_budget, &FleetBudget::decided, this, &FleetReservation::onDecided);
}

FleetReservation::~FleetReservation()
{
    cancel();
}

void FleetReservation::reserve(double estimateUsd, int waitMs)
{
    m_ticket = m_budget.reserve(estimateUsd);
    m_wait.start(waitMs);
}

void FleetReservation::cancel()
{
    m_wait.stop();
    if (m_ticket != 0)
        m_budget.abandon(std::exchange(m_ticket, 0));
}

void FleetReservation::settle(double actualUsd)
{
    if (!m_reservation.isEmpty())
        m_budget.settle(std::exchange(m_reservation, QString()), actualUsd);
}

void FleetReservation::onDecided(quint64 ticket, const FleetDecision &decision)
{
    if (ticket == 0 || ticket != m_ticket)
        return;
    m_ticket = 0;
    m_wait.stop();
    switch (decision.kind) {
    case FleetDecision::Kind::Granted:
        m_reservation = decision.reservationId;
        Q_EMIT decided(Outcome::Granted);
        return;
    case FleetDecision::Kind::Refused:
        Q_EMIT decided(Outcome::Refused);
        return;
    case FleetDecision::Kind::Unavailable:
        // FleetBudget records the outage (once per outage).
        Q_EMIT decided(Outcome::LocalOnly);
        return;
    }
}

} // namespace zk::central
