#include "admin/usagepage.h"

#include "admin/admintouch.h"
#include "core/kioskcore.h"
#include "cost/budgetguard.h"
#include "cost/pricetable.h"
#include "cost/usagereport.h"
#include "storage/usagerepository.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
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

namespace {

void setAxes(QChart *chart, QAbstractSeries *series, const QStringList &categories, bool horizontal = false)
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

void resetChart(QChart *chart, const QString &title)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);
}

// Counts as one horizontal bar set (turns per animal, failures by class).
void fillCounts(QChart *chart, const QString &title, const QString &setName,
                const QList<storage::UsageRepository::CountRow> &rows)
{
    resetChart(chart, title);
    auto *series = new QHorizontalBarSeries;
    auto *set = new QBarSet(setName);
    QStringList categories;
    for (const auto &row : rows) {
        *set << row.count;
        categories << row.key;
    }
    series->append(set);
    chart->addSeries(series);
    setAxes(chart, series, categories, true);
    chart->legend()->setVisible(false);
}

} // namespace

UsagePage::UsagePage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"usagePage"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    auto *top = new QHBoxLayout;
    m_range = new QComboBox(this);
    m_range->setObjectName(u"usageRange"_s);
    m_range->addItem(tr("Last 7 days"), 7);
    m_range->addItem(tr("Last 30 days"), 30);
    m_range->addItem(tr("Last 90 days"), 90);
    m_range->setCurrentIndex(1);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] { setDays(m_range->currentData().toInt()); });
    top->addWidget(m_range);
    m_totals = new QLabel(this);
    m_totals->setObjectName(u"usageTotals"_s);
    m_totals->setWordWrap(true);
    top->addWidget(m_totals, 1);
    outer->addLayout(top);

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
    for (const QString &name : {u"tokensChart"_s, u"costChart"_s, u"modelCostChart"_s, u"animalChart"_s,
                                u"sourceChart"_s, u"latencyChart"_s, u"failureChart"_s})
        m_views << addChart(name);
    scroll->setWidget(m_chartArea);
    outer->addWidget(scroll, 1);
    placeCharts();
}

QChartView *UsagePage::addChart(const QString &name)
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
    return view;
}

QChart *UsagePage::chart(const QString &name) const
{
    for (QChartView *view : m_views)
        if (view->chart()->objectName() == name)
            return view->chart();
    return nullptr;
}

void UsagePage::placeCharts()
{
    const int columns = width() >= 1400 ? 2 : 1;
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QChartView *view : std::as_const(m_views))
        m_chartGrid->removeWidget(view);
    for (int i = 0; i < m_views.size(); ++i)
        m_chartGrid->addWidget(m_views.at(i), i / columns, i % columns);
}

void UsagePage::resizeEvent(QResizeEvent *event)
{
    AdminPage::resizeEvent(event);
    placeCharts();
}

void UsagePage::setDays(int days)
{
    m_days = std::clamp(days, 1, 3660);
    refresh();
}

void UsagePage::refresh()
{
    const QDateTime to = QDateTime::currentDateTimeUtc();
    const QDateTime from = QDateTime(QDate::currentDate().addDays(1 - m_days), QTime(0, 0)).toUTC();
    storage::UsageRepository &usage = m_core.usage();
    const auto byModel = usage.byDayAndModel(from, to);
    const auto bySource = usage.turnsByDayAndSource(from, to);
    const auto byAnimal = usage.turnsByAnimal(from, to);
    const auto latency = usage.latencyByDay(from, to);
    const auto failures = usage.failuresByKind(from, to);
    if (!byModel || !bySource || !byAnimal || !latency || !failures) {
        m_totals->setText(tr("The usage figures could not be read."));
        return;
    }
    const QJsonObject report = cost::usageReportJson(byModel.value(), bySource.value(), m_core.budget().status(),
                                                     cost::PriceTable::defaultsAsOf());
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

    fillCounts(chart(u"animalChart"_s), tr("Turns per animal"), tr("Turns"), byAnimal.value());
    fillCounts(chart(u"failureChart"_s), tr("Failures by class"), tr("Turns"), failures.value());

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

    // Latency p50 / p95 per day.
    {
        QChart *c = chart(u"latencyChart"_s);
        resetChart(c, tr("Reply latency per day (ms)"));
        auto *p50 = new QLineSeries;
        p50->setName(tr("median (p50)"));
        auto *p95 = new QLineSeries;
        p95->setName(tr("p95"));
        QStringList latencyDays;
        for (int i = 0; i < latency.value().size(); ++i) {
            const auto &row = latency.value().at(i);
            p50->append(i, double(row.p50Ms));
            p95->append(i, double(row.p95Ms));
            latencyDays << row.day.mid(5);
        }
        c->addSeries(p50);
        c->addSeries(p95);
        auto *x = new QValueAxis;
        x->setRange(0, std::max<qsizetype>(1, latencyDays.size() - 1));
        x->setTickCount(std::clamp<int>(int(latencyDays.size()), 2, 10));
        x->setLabelFormat(u"%d"_s);
        x->setTitleText(latencyDays.isEmpty() ? QString() : tr("%1 to %2").arg(latencyDays.first(), latencyDays.last()));
        auto *y = new QValueAxis;
        y->setLabelFormat(u"%d"_s);
        qint64 top = 100;
        for (const auto &row : latency.value())
            top = std::max(top, row.p95Ms);
        y->setRange(0, double(top) * 1.1);
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        for (QLineSeries *s : {p50, p95}) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
    }

    updateBudget(report.value(u"budget"_s).toObject());
}

void UsagePage::updateBudget(const QJsonObject &budget)
{
    const double alertRatio = m_core.budget().settings().alertRatio;
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

QString UsagePage::budgetWarning() const
{
    return m_warning->text();
}

} // namespace zk::ui
