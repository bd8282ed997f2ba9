#include "admin/usagereportview.h"

#include "admin/admintouch.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QLabel>
#include <QPieSeries>
#include <QProgressBar>
#include <QScrollArea>
#include <QStackedBarSeries>
#include <QStyle>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

void UsageReportView::setAxes(QChart *chart, QAbstractSeries *series, const QStringList &categories, bool horizontal)
{
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    auto *valueAxis = new QValueAxis;
    valueAxis->setLabelFormat(u"%.4g"_s);
    chart->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(valueAxis, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
}

void UsageReportView::resetChart(QChart *chart, const QString &title)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);
}

QComboBox *UsageReportView::rangeChoice(QWidget *parent, const QString &objectName)
{
    auto *range = new QComboBox(parent);
    range->setObjectName(objectName);
    range->addItem(tr("Last 7 days"), 7);
    range->addItem(tr("Last 30 days"), 30);
    range->addItem(tr("Last 90 days"), 90);
    range->setCurrentIndex(1);
    return range;
}

UsageReportView::UsageReportView(QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_totals = new QLabel(this);
    m_totals->setObjectName(u"usageTotals"_s);
    m_totals->setWordWrap(true);
    outer->addWidget(m_totals);

    auto *gauges = new QGridLayout;
    m_daily = new QProgressBar(this);
    m_daily->setObjectName(u"usageDailyGauge"_s);
    m_monthly = new QProgressBar(this);
    m_monthly->setObjectName(u"usageMonthlyGauge"_s);
    gauges->addWidget(new QLabel(tr("Today's budget"), this), 0, 0);
    gauges->addWidget(m_daily, 0, 1);
    gauges->addWidget(new QLabel(tr("This month's budget"), this), 1, 0);
    gauges->addWidget(m_monthly, 1, 1);
    gauges->setColumnStretch(1, 1);
    outer->addLayout(gauges);
    m_warning = new QLabel(this);
    m_warning->setObjectName(u"usageWarning"_s);
    m_warning->setProperty("zkRole", u"warning"_s);
    m_warning->setWordWrap(true);
    outer->addWidget(m_warning);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    admintouch::makeKinetic(scroll);
    m_chartArea = new QWidget(scroll);
    m_chartGrid = new QGridLayout(m_chartArea);
    for (const QString &name : {u"tokensChart"_s, u"costChart"_s, u"modelCostChart"_s, u"sourceChart"_s})
        addChart(name);
    scroll->setWidget(m_chartArea);
    outer->addWidget(scroll, 1);
}

QChart *UsageReportView::addChart(const QString &name)
{
    auto *chart = new QChart;
    chart->setObjectName(name);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *view = new QChartView(chart, m_chartArea);
    view->setObjectName(name + u"View"_s);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(340);
    // Drags scroll the page, not the chart.
    view->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_views << view;
    placeCharts(true);
    return chart;
}

QChart *UsageReportView::chart(const QString &name) const
{
    for (QChartView *view : m_views)
        if (view->chart()->objectName() == name)
            return view->chart();
    return nullptr;
}

void UsageReportView::placeCharts(bool force)
{
    const int columns = width() >= 1400 ? 2 : 1;
    if (columns == m_columns && !force)
        return;
    m_columns = columns;
    for (QChartView *view : std::as_const(m_views))
        m_chartGrid->removeWidget(view);
    for (int i = 0; i < m_views.size(); ++i)
        m_chartGrid->addWidget(m_views.at(i), i / columns, i % columns);
}

void UsageReportView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeCharts();
}

void UsageReportView::showProblem(const QString &text)
{
    m_totals->setText(text);
}

void UsageReportView::showReport(const QJsonObject &report, double alertRatio)
{
    const QJsonArray days = report.value(u"days"_s).toArray();
    const QJsonObject totals = report.value(u"totals"_s).toObject();
    m_totals->setText(tr("%1 turns, %2 model calls, %3 tokens, US$ %4")
                          .arg(totals.value(u"turns"_s).toInt())
                          .arg(totals.value(u"calls"_s).toInt())
                          .arg(qint64(totals.value(u"promptTokens"_s).toDouble() + totals.value(u"completionTokens"_s).toDouble()))
                          .arg(totals.value(u"costUsd"_s).toDouble(), 0, 'f', 4));

    // Tokens and cost per day, stacked by model.
    QStringList dayNames;
    QStringList models;
    for (const QJsonValue &m : report.value(u"byModel"_s).toArray())
        models << m.toObject().value(u"model"_s).toString();
    for (const QJsonValue &d : days)
        dayNames << d.toObject().value(u"day"_s).toString().mid(5); // MM-dd
    for (const bool costs : {false, true}) {
        QChart *c = chart(costs ? u"costChart"_s : u"tokensChart"_s);
        resetChart(c, costs ? tr("Cost per day (US$)") : tr("Tokens per day"));
        auto *series = new QStackedBarSeries;
        for (const QString &model : std::as_const(models)) {
            auto *set = new QBarSet(model.isEmpty() ? tr("(none)") : model);
            for (const QJsonValue &d : days) {
                double value = 0;
                for (const QJsonValue &m : d.toObject().value(u"models"_s).toArray()) {
                    const QJsonObject o = m.toObject();
                    if (o.value(u"model"_s).toString() == model)
                        value = costs ? o.value(u"costUsd"_s).toDouble()
                                      : o.value(u"promptTokens"_s).toDouble() + o.value(u"completionTokens"_s).toDouble();
                }
                *set << value;
            }
            series->append(set);
        }
        c->addSeries(series);
        setAxes(c, series, dayNames);
    }

    // Cost and tokens per model over the range.
    {
        QChart *c = chart(u"modelCostChart"_s);
        resetChart(c, tr("Cost per model (US$)"));
        auto *series = new QHorizontalBarSeries;
        auto *set = new QBarSet(tr("US$"));
        for (const QJsonValue &m : report.value(u"byModel"_s).toArray())
            *set << m.toObject().value(u"costUsd"_s).toDouble();
        series->append(set);
        c->addSeries(series);
        setAxes(c, series, models, true);
        c->legend()->setVisible(false);
    }

    // Answers by source.
    {
        QChart *c = chart(u"sourceChart"_s);
        resetChart(c, tr("Answers by source"));
        auto *pie = new QPieSeries;
        const QJsonObject sources = totals.value(u"sources"_s).toObject();
        for (auto it = sources.begin(); it != sources.end(); ++it)
            if (it.value().toInt() > 0)
                pie->append(u"%1 (%2)"_s.arg(it.key()).arg(it.value().toInt()), it.value().toInt());
        c->addSeries(pie);
        c->legend()->setVisible(true);
    }

    updateBudget(report.value(u"budget"_s).toObject(), alertRatio);
}

void UsageReportView::updateBudget(const QJsonObject &budget, double alertRatio)
{
    const auto gauge = [](QProgressBar *bar, double spent, double limit, bool alert, const QString &format) {
        const int percent = limit > 0 ? int(std::min(100.0, spent / limit * 100.0)) : 100;
        bar->setRange(0, 100);
        bar->setValue(percent);
        bar->setFormat(format.arg(spent, 0, 'f', 2).arg(limit, 0, 'f', 2).arg(percent));
        bar->setProperty("zkWarning", alert);
        bar->style()->unpolish(bar);
        bar->style()->polish(bar);
    };
    const bool dailyAlert = budget.value(u"dailyAlert"_s).toBool();
    const bool monthlyAlert = budget.value(u"monthlyAlert"_s).toBool();
    gauge(m_daily, budget.value(u"spentTodayUsd"_s).toDouble(), budget.value(u"dailyUsd"_s).toDouble(), dailyAlert,
          tr("US$ %1 of %2 (%3%)"));
    gauge(m_monthly, budget.value(u"spentMonthUsd"_s).toDouble(), budget.value(u"monthlyUsd"_s).toDouble(), monthlyAlert,
          tr("US$ %1 of %2 (%3%)"));
    QStringList warnings;
    const int percent = qRound(alertRatio * 100);
    if (budget.value(u"exhausted"_s).toBool())
        warnings << tr("A budget is spent: the animals answer offline until it resets or is raised.");
    if (dailyAlert)
        warnings << tr("Today's spending has passed %1% of the daily budget.").arg(percent);
    if (monthlyAlert)
        warnings << tr("This month's spending has passed %1% of the monthly budget.").arg(percent);
    m_warning->setText(warnings.join(u'\n'));
    m_warning->setVisible(!warnings.isEmpty());
}

QString UsageReportView::budgetWarning() const
{
    return m_warning->text();
}

QString UsageReportView::totalsText() const
{
    return m_totals->text();
}

} // namespace zk::ui
