#include "fleet/kioskhealth.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::fleet {

namespace {

double share(const QJsonObject &budget, const QString &spent, const QString &limit)
{
    const double l = budget.value(limit).toDouble();
    return l > 0 ? budget.value(spent).toDouble() / l : 0.0;
}

} // namespace

KioskHealth assessStatus(const QJsonObject &status)
{
    KioskHealth h;
    const QString breaker = status.value(u"breaker"_s).toObject().value(u"state"_s).toString();
    if (!breaker.isEmpty() && breaker != u"closed")
        h.concerns << Concern::BreakerOpen;
    if (status.value(u"emergencyMode"_s).toBool())
        h.concerns << Concern::EmergencyMode;
    const QJsonObject budget = status.value(u"budget"_s).toObject();
    h.budgetShare = std::max(share(budget, u"spentTodayUsd"_s, u"dailyUsd"_s),
                             share(budget, u"spentMonthUsd"_s, u"monthlyUsd"_s));
    if (budget.value(u"exhausted"_s).toBool())
        h.concerns << Concern::BudgetSpent;
    else if (h.budgetShare >= kBudgetHighShare)
        h.concerns << Concern::BudgetHigh;
    if (!status.value(u"online"_s).toBool(true))
        h.concerns << Concern::Offline;
    h.light = h.concerns.isEmpty() ? Light::Green : Light::Amber;
    return h;
}

} // namespace zk::fleet
