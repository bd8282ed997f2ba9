#pragma once

#include <QJsonObject>
#include <QWidget>

class QAbstractSeries;
class QComboBox;
class QGridLayout;
class QLabel;
class QProgressBar;

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace zk::ui {

// Draws one usage report (the `usage --json` document of cost/usagereport.h,
// which the kiosk's Usage page reads from its core and the staff console
// gets with usage.get): the totals, the daily and monthly budget gauges with
// their warnings, and charts of tokens and cost per day by model, cost per
// model and answers by source. Further charts can be added below them.
class UsageReportView : public QWidget
{
    Q_OBJECT

public:
    explicit UsageReportView(QWidget *parent = nullptr);

    // `alertRatio`: the budget warning's share (0.8), for the warning's wording.
    void showReport(const QJsonObject &report, double alertRatio);
    // Instead of the figures (a read failed).
    void showProblem(const QString &text);

    // A further chart under the report's own ones.
    QChart *addChart(const QString &name);
    // tokensChart, costChart, modelCostChart, sourceChart and those added.
    QChart *chart(const QString &name) const;
    QProgressBar *dailyGauge() const { return m_daily; }
    QProgressBar *monthlyGauge() const { return m_monthly; }
    QString budgetWarning() const;
    QString totalsText() const;

    // The range chooser of the usage pages: the last 7, 30 (chosen) or 90 days, as item data.
    static QComboBox *rangeChoice(QWidget *parent, const QString &objectName);
    // Chart helpers for the charts added.
    static void resetChart(QChart *chart, const QString &title);
    static void setAxes(QChart *chart, QAbstractSeries *series, const QStringList &categories, bool horizontal = false);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void placeCharts(bool force = false);
    void updateBudget(const QJsonObject &budget, double alertRatio);

    int m_columns = 0;
    QLabel *m_totals = nullptr;
    QProgressBar *m_daily = nullptr;
    QProgressBar *m_monthly = nullptr;
    QLabel *m_warning = nullptr;
    QWidget *m_chartArea = nullptr;
    QGridLayout *m_chartGrid = nullptr;
    QList<QChartView *> m_views;
};

} // namespace zk::ui
