#pragma once

#include "admin/adminpage.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QProgressBar;

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace zk {
class KioskCore;
}

namespace zk::ui {

// Usage and cost, as charts (Qt Charts) over the last 7, 30 or 90 days:
// tokens and cost per day by model, cost by model, turns per animal, answers
// by source, latency p50/p95 per day and failures by class; and the daily
// and monthly budget gauges, with the warning at the alert ratio (80%).
// The figures are the core's (UsageRepository, usageReportJson, BudgetGuard).
class UsagePage : public AdminPage
{
    Q_OBJECT

public:
    explicit UsagePage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    void setDays(int days);
    // tokensChart, costChart, modelCostChart, animalChart, sourceChart, latencyChart, failureChart
    QChart *chart(const QString &name) const;
    QProgressBar *dailyGauge() const { return m_daily; }
    QProgressBar *monthlyGauge() const { return m_monthly; }
    QString budgetWarning() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QChartView *addChart(const QString &name);
    void placeCharts();
    void updateBudget(const QJsonObject &budget);

    KioskCore &m_core;
    int m_days = 30;
    int m_columns = 0;
    QComboBox *m_range = nullptr;
    QProgressBar *m_daily = nullptr;
    QProgressBar *m_monthly = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_totals = nullptr;
    QWidget *m_chartArea = nullptr;
    QGridLayout *m_chartGrid = nullptr;
    QList<QChartView *> m_views;
};

} // namespace zk::ui
