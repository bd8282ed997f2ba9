#include "admin/fleetpage.h"

#include "admin/admintouch.h"
#include "central/centralurl.h"
#include "central/fleetqueries.h"
#include "core/kioskcore.h"

#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

constexpr int kDays = 7;
constexpr int kTurns = 50;

// What the pool thread hands back (QFuture wants a default-constructible type).
struct FleetRead
{
    bool ok = false;
    QString problem;
    central::FleetQueries::Snapshot snapshot;
};

QTableWidget *table(const QStringList &headers, QWidget *parent, const QString &name)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    admintouch::makeKinetic(t);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells.at(c)));
}

QString usd(double amount)
{
    return u"$"_s + QString::number(amount, 'f', 2);
}

} // namespace

FleetPage::FleetPage(KioskCore &core, QWidget *parent) : AdminPage(parent), m_core(core)
{
    setObjectName(u"fleetPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    top->addWidget(m_status, 1);
    m_refresh = admintouch::touchButton(tr("Refresh"), this, u"fleetRefresh"_s);
    m_refresh->setProperty("zkRole", u"secondary"_s);
    connect(m_refresh, &QPushButton::clicked, this, &FleetPage::refresh);
    top->addWidget(m_refresh);
    layout->addLayout(top);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_usage = table({tr("Day"), tr("Kiosk"), tr("Turns"), tr("Model calls"), tr("Tokens"), tr("Cost")}, this,
                    u"fleetUsage"_s);
    layout->addWidget(m_usage, 1);
    m_turns = table({tr("When (UTC)"), tr("Kiosk"), tr("Animal"), tr("Source"), tr("Visitor"), tr("Reply")}, this,
                    u"fleetTurns"_s);
    layout->addWidget(m_turns, 2);
}

QString FleetPage::statusText() const
{
    return m_status->text();
}

void FleetPage::refresh()
{
    if (m_loading)
        return;
    const auto url = central::CentralUrl::parse(m_core.config().centralUrl);
    if (m_core.config().centralUrl.isEmpty() || !url) {
        admintouch::showStatus(m_status, tr("The central store is off on this kiosk (central/url in the config "
                                            "file, or ZOOKIOSK_CENTRAL_URL)."), QString());
        m_refresh->setEnabled(false);
        return;
    }
    m_loading = true;
    m_refresh->setEnabled(false);
    admintouch::showStatus(m_status, tr("Loading from the central store…"), QString());
    auto *watcher = new QFutureWatcher<FleetRead>(this);
    connect(watcher, &QFutureWatcher<FleetRead>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_loading = false;
        m_refresh->setEnabled(true);
        const FleetRead read = watcher->result();
        if (!read.ok) {
            // The details (URL redacted) go to the log; staff get a plain line.
            qWarning("zk.ui: the fleet view could not be read: %s", qPrintable(read.problem));
            admintouch::showStatus(m_status, tr("The central store cannot be reached just now. This kiosk keeps "
                                                "working and ships its data when it is back."), u"error"_s);
            Q_EMIT loaded();
            return;
        }
        const auto &s = read.snapshot;
        admintouch::showStatus(m_status, tr("Central store: %1 kiosks, %2 turns, %3 events.")
                                             .arg(s.totals.kiosks).arg(s.totals.turns).arg(s.totals.events),
                               u"ok"_s);
        m_summary->setText(s.budgetToday.limitUsd > 0.0
                               ? tr("Fleet budget today: %1 of %2 committed (%3 calls in flight).")
                                     .arg(usd(s.budgetToday.committedUsd), usd(s.budgetToday.limitUsd))
                                     .arg(s.budgetToday.openReservations)
                               : tr("No fleet budget has been used today."));
        m_usage->setRowCount(int(s.usage.size()));
        for (int i = 0; i < s.usage.size(); ++i) {
            const auto &r = s.usage.at(i);
            setRow(m_usage, i, {r.day, r.kioskId, QString::number(r.turns), QString::number(r.calls),
                                QString::number(r.promptTokens + r.completionTokens), usd(r.costUsd)});
        }
        m_turns->setRowCount(int(s.turns.size()));
        for (int i = 0; i < s.turns.size(); ++i) {
            const auto &r = s.turns.at(i);
            setRow(m_turns, i, {r.createdAt.left(19).replace(u'T', u' '), r.kioskId, r.animalId, r.source,
                                r.visitorText, r.reply});
        }
        Q_EMIT loaded();
    });
    const central::CentralUrl target = url.value();
    watcher->setFuture(QtConcurrent::run([target] {
        FleetRead read;
        auto snapshot = central::FleetQueries::snapshot(target, kDays, kTurns);
        read.ok = snapshot.ok();
        if (snapshot)
            read.snapshot = snapshot.value();
        else
            read.problem = snapshot.error().message;
        return read;
    }));
}

} // namespace zk::ui
