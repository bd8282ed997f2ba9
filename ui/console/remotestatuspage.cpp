#include "console/remotestatuspage.h"

#include "admin/admintouch.h"
#include "console/consolewords.h"
#include "fleet/kiosklink.h"
#include "fleet/remotereply.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteStatusPage::RemoteStatusPage(fleet::KioskLink &link, QWidget *parent) : AdminPage(parent), m_link(link)
{
    setObjectName(u"remoteStatusPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"remoteSummary"_s);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_about = new QLabel(this);
    m_about->setObjectName(u"remoteAbout"_s);
    m_about->setWordWrap(true);
    layout->addWidget(m_about);

    auto *grid = new QGridLayout;
    grid->setColumnStretch(0, 1);
    m_breaker = new QLabel(this);
    m_breaker->setObjectName(u"remoteBreaker"_s);
    m_breaker->setWordWrap(true);
    grid->addWidget(m_breaker, 0, 0);
    m_reset = admintouch::touchButton(tr("Reset breaker"), this, u"remoteBreakerReset"_s);
    connect(m_reset, &QPushButton::clicked, this, &RemoteStatusPage::resetBreaker);
    grid->addWidget(m_reset, 0, 1);
    m_emergency = new QLabel(this);
    m_emergency->setObjectName(u"remoteEmergency"_s);
    m_emergency->setWordWrap(true);
    grid->addWidget(m_emergency, 1, 0);
    m_emergencyButton = admintouch::touchButton(QString(), this, u"remoteEmergencyButton"_s);
    m_emergencyButton->setProperty("zkRole", u"danger"_s);
    connect(m_emergencyButton, &QPushButton::clicked, this, [this] { setEmergency(!m_emergencyOn); });
    grid->addWidget(m_emergencyButton, 1, 1);
    m_budget = new QLabel(this);
    m_budget->setObjectName(u"remoteBudget"_s);
    m_budget->setWordWrap(true);
    grid->addWidget(m_budget, 2, 0, 1, 2);
    layout->addLayout(grid);

    m_message = new QLabel(this);
    m_message->setObjectName(u"remoteStatusMessage"_s);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    auto *heading = new QLabel(tr("Last events on the kiosk"), this);
    heading->setProperty("zkRole", u"heading"_s);
    layout->addWidget(heading);
    m_events = new QTableWidget(0, 4, this);
    m_events->setObjectName(u"remoteEvents"_s);
    m_events->setHorizontalHeaderLabels({tr("Time"), tr("Severity"), tr("Kind"), tr("Message")});
    m_events->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_events->verticalHeader()->hide();
    m_events->horizontalHeader()->setStretchLastSection(true);
    admintouch::makeKinetic(m_events);
    layout->addWidget(m_events, 1);

    connect(&m_link, &fleet::KioskLink::statusUpdated, this, &RemoteStatusPage::show);
    connect(&m_link, &fleet::KioskLink::stateChanged, this, [this] { show(m_link.lastStatus()); });
    show(m_link.lastStatus());
}

void RemoteStatusPage::refresh()
{
    setMessage(QString(), QString());
    fleet::RemoteReply *reply = m_link.call(u"status.get"_s, {{u"events"_s, 30}});
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            return;
        }
        const QJsonObject status = reply->result().toObject();
        show(status);
        const QJsonArray events = status.value(u"lastEvents"_s).toArray();
        m_events->setRowCount(int(events.size()));
        for (int row = 0; row < events.size(); ++row) {
            const QJsonObject e = events.at(row).toObject();
            const QString cells[] = {e.value(u"createdAt"_s).toString(),
                                     ConsoleWords::severityName(e.value(u"severity"_s).toString()),
                                     e.value(u"kind"_s).toString(), e.value(u"message"_s).toString()};
            for (int c = 0; c < 4; ++c)
                m_events->setItem(row, c, new QTableWidgetItem(cells[c]));
        }
    });
}

void RemoteStatusPage::show(const QJsonObject &status)
{
    admintouch::showStatus(m_summary, ConsoleWords::summary(m_link),
                           m_link.health().light == fleet::Light::Green ? u"ok"_s
                           : m_link.health().light == fleet::Light::Grey ? QString()
                                                                         : u"warning"_s);
    const bool connected = m_link.state() == fleet::KioskLink::State::Connected && !status.isEmpty();
    m_reset->setEnabled(connected);
    m_emergencyButton->setEnabled(connected);
    if (!connected) {
        m_about->clear();
        m_breaker->clear();
        m_emergency->clear();
        m_budget->clear();
        m_emergencyButton->setText(tr("Switch emergency mode on"));
        return;
    }
    const qint64 uptime = qint64(status.value(u"uptimeSeconds"_s).toDouble());
    m_about->setText(tr("Version %1, running for %2 h %3 min, showing: %4")
                         .arg(status.value(u"version"_s).toString())
                         .arg(uptime / 3600)
                         .arg(uptime / 60 % 60)
                         .arg(ConsoleWords::screenName(status.value(u"screen"_s).toString())));
    const QJsonObject breaker = status.value(u"breaker"_s).toObject();
    const QString state = breaker.value(u"state"_s).toString();
    m_breaker->setText(state == u"closed" ? tr("Circuit breaker closed: calls to %1 go through.")
                                                 .arg(breaker.value(u"endpoint"_s).toString())
                                          : tr("Circuit breaker %1 after %2 failures in a row: the animals answer "
                                               "offline until it closes or is reset.")
                                                 .arg(ConsoleWords::breakerStateName(state))
                                                 .arg(breaker.value(u"consecutiveFailures"_s).toInt()));
    m_emergencyOn = status.value(u"emergencyMode"_s).toBool();
    m_emergency->setText(m_emergencyOn
                             ? tr("Emergency mode on: every answer comes from the animal's own facts or its emergency message.")
                             : tr("Emergency mode off: the animals answer normally."));
    m_emergencyButton->setText(m_emergencyOn ? tr("Switch emergency mode off") : tr("Switch emergency mode on"));
    const QJsonObject budget = status.value(u"budget"_s).toObject();
    m_budget->setText(tr("Spent today US$ %1 of %2; this month US$ %3 of %4.")
                          .arg(budget.value(u"spentTodayUsd"_s).toDouble(), 0, 'f', 2)
                          .arg(budget.value(u"dailyUsd"_s).toDouble(), 0, 'f', 2)
                          .arg(budget.value(u"spentMonthUsd"_s).toDouble(), 0, 'f', 2)
                          .arg(budget.value(u"monthlyUsd"_s).toDouble(), 0, 'f', 2));
}

void RemoteStatusPage::resetBreaker()
{
    fleet::RemoteReply *reply = m_link.call(u"breaker.reset"_s);
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            return;
        }
        setMessage(tr("The breaker is reset."), u"ok"_s);
        m_link.pollNow();
    });
}

void RemoteStatusPage::setEmergency(bool on)
{
    fleet::RemoteReply *reply = m_link.call(u"emergency.set"_s, {{u"on"_s, on}});
    connect(reply, &fleet::RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk()) {
            setMessage(ConsoleWords::callError(*reply), u"error"_s);
            return;
        }
        const QJsonObject result = reply->result().toObject();
        const bool nowOn = result.value(u"emergencyMode"_s).toBool();
        setMessage(nowOn && result.value(u"fromConfig"_s).toBool()
                       ? tr("Emergency mode stays on: the kiosk's config file switches it on.")
                   : nowOn ? tr("Emergency mode is on.")
                           : tr("Emergency mode is off."),
                   u"ok"_s);
        m_link.pollNow();
    });
}

void RemoteStatusPage::setMessage(const QString &text, const QString &role)
{
    admintouch::showStatus(m_message, text, role);
}

QString RemoteStatusPage::summaryText() const { return m_summary->text(); }
QString RemoteStatusPage::breakerText() const { return m_breaker->text(); }
QString RemoteStatusPage::emergencyText() const { return m_emergency->text(); }
QString RemoteStatusPage::message() const { return m_message->text(); }

} // namespace zk::ui
