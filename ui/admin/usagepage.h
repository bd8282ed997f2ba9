#pragma once

#include "admin/adminpage.h"

class QComboBox;
class QProgressBar;

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace zk {
class KioskCore;
}

namespace zk::ui {

class UsageReportView;

// Usage and cost, as charts (Qt Charts) over the last 7, 30 or 90 days: the
// usage report (UsageReportView: tokens and cost per day by model, cost by
// model, answers by source, the daily and monthly budget gauges with the
// warning at the alert ratio) and, from this kiosk's own rows, turns per
// animal, latency p50/p95 per day and failures by class. The figures are
// the core's (UsageRepository, usageReportJson, BudgetGuard).
class UsagePage : public AdminPage
{
    Q_OBJECT

public:
    explicit UsagePage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    void setDays(int days);
    // tokensChart, costChart, modelCostChart, animalChart, sourceChart, latencyChart, failureChart
    QChart *chart(const QString &name) const;
    QProgressBar *dailyGauge() const;
    QProgressBar *monthlyGauge() const;
    QString budgetWarning() const;

private:
    KioskCore &m_core;
    int m_days = 30;
    QComboBox *m_range = nullptr;
    UsageReportView *m_report = nullptr;
};

} // namespace zk::ui
