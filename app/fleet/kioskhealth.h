#pragma once

#include <QJsonObject>
#include <QList>

namespace zk::fleet {

// The console's status light for one kiosk.
enum class Light {
    Grey,   // connecting, no status yet
    Green,  // connected, logged in, nothing to look at
    Amber,  // connected, but see the reasons
    Red,    // unreachable or the login was refused
};

// Why a connected kiosk is amber; the console words them (tr()).
enum class Concern {
    BreakerOpen,     // the model endpoint's circuit breaker is open (or half-open)
    EmergencyMode,   // every answer comes from the animals' own facts
    BudgetHigh,      // today's or this month's spending is at 80% of its budget or more
    BudgetSpent,     // a budget is spent: offline answers until it resets
    Offline,         // no API key or no connection: the animals answer offline
};

struct KioskHealth
{
    Light light = Light::Grey;
    QList<Concern> concerns;
    double budgetShare = 0;   // the higher of today's and this month's spent / budget
};

// Reads a status.get result (fleet/remotemethods.cpp) into the light:
// amber with its concerns, or green.
KioskHealth assessStatus(const QJsonObject &status);
constexpr double kBudgetHighShare = 0.8;

} // namespace zk::fleet
