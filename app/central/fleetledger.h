#pragma once

#include "core/result.h"

#include <QDate>
#include <QString>

namespace zk::central {

class CentralConnection;

// What the central store said to a reservation.
struct FleetDecision
{
    enum class Kind { Granted, Refused, Unavailable };
    Kind kind = Kind::Unavailable;
    QString reservationId;      // Granted: settle() it after the call
    double committedUsd = 0.0;  // the fleet's spend plus reservations today, after this one if granted
    double limitUsd = 0.0;
    QString problem;            // Unavailable: why (the URL redacted)
};

// The fleet-wide daily budget in the central database (fleet_budget_days,
// fleet_reservations). reserve() takes `estimateUsd` out of the day's budget
// with one conditional UPDATE (committed + estimate <= limit), so two kiosks
// can never both take the last of it; settle() replaces the estimate with the
// call's actual cost, once (a repeated settle changes nothing). Blocking.
class FleetLedger
{
public:
    FleetLedger(CentralConnection &central, QString kioskId);

    // Granted or Refused; an error when the central store cannot be used.
    Result<FleetDecision> reserve(const QDate &day, double estimateUsd, double limitUsd);
    Status settle(const QString &reservationId, double actualUsd);
    // The day's committed spend (0 when nothing was reserved that day).
    Result<double> committed(const QDate &day);

    static constexpr int kRequiredSchema = 1;

private:
    CentralConnection &m_central;
    QString m_kioskId;
};

} // namespace zk::central
