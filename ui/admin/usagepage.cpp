#include "admin/usagepage.h"

#include "admin/usagereportview.h"
#include "core/kioskcore.h"
#include "cost/budgetguard.h"
#include "cost/pricetable.h"
#include "cost/usagereport.h"
#include "storage/usagerepository.h"

#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHorizontalBarSeries>
#include <QJsonObject>
#include <QLineSeries>
#include <QProgressBar>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

// Counts as one horizontal bar set (turns per animal, failures by class).
void fillCounts(QChart *chart, const QString &title, const QString &setName,
                const QList<storage::UsageRepository::CountRow> &rows)
{
    UsageReportView::resetChart(chart, title);
    auto *series = new QHorizontalBarSeries;
    auto *set = new QBarSet(setName);
    QStringList categories;
    for (const auto &row : rows) {
        *set << row.count;
        categories << row.key;
    }
    series->append(set);
    chart->addSeries(series);
    UsageReportView::setAxes(chart, series, categories, true);
    chart->legend()->setVisible(false);
}

} // namespace

UsagePage::UsagePage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"usagePage"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_range = UsageReportView::rangeChoice(this, u"usageRange"_s);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] { setDays(m_range->currentData().toInt()); });
    outer->addWidget(m_range, 0, Qt::AlignLeft);
    m_report = new UsageReportView(this);
    // This kiosk's own rows, beyond the report.
    for (const QString &name : {u"animalChart"_s, u"latencyChart"_s, u"failureChart"_s})
        m_report->addChart(name);
    outer->addWidget(m_report, 1);
}

QChart *UsagePage::chart(const QString &name) const
{
    return m_report->chart(name);
}

QProgressBar *UsagePage::dailyGauge() const { return m_report->dailyGauge(); }
QProgressBar *UsagePage::monthlyGauge() const { return m_report->monthlyGauge(); }
QString UsagePage::budgetWarning() const { return m_report->budgetWarning(); }

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
        m_report->showProblem(tr("The usage figures could not be read."));
        return;
    }
    const QJsonObject report = cost::usageReportJson(byModel.value(), bySource.value(), m_core.budget().status(),
                                                     cost::PriceTable::defaultsAsOf());
    m_report->showReport(report, m_core.budget().settings().alertRatio);

    fillCounts(chart(u"animalChart"_s), tr("Turns per animal"), tr("Turns"), byAnimal.value());
    fillCounts(chart(u"failureChart"_s), tr("Failures by class"), tr("Turns"), failures.value());

    // Latency p50 / p95 per day.
    {
        QChart *c = chart(u"latencyChart"_s);
        UsageReportView::resetChart(c, tr("Reply latency per day (ms)"));
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
}

} // namespace zk::ui
