#include "console/remotekioskpanel.h"

#include "admin/admintouch.h"
#include "console/remoteanimalspage.h"
#include "console/remoteguardrailspage.h"
#include "console/remotehistorypage.h"
#include "console/remotesettingspage.h"
#include "console/remotestatuspage.h"
#include "console/remoteusagepage.h"
#include "fleet/kiosklink.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

RemoteKioskPanel::RemoteKioskPanel(fleet::KioskLink &link, QWidget *parent) : QWidget(parent), m_link(link)
{
    setObjectName(u"remoteKioskPanel"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(tr("Kiosk: %1").arg(link.name()), this);
    m_title->setObjectName(u"remoteKioskTitle"_s);
    m_title->setProperty("zkRole", u"title"_s);
    layout->addWidget(m_title);

    // Two rows of three: the pages' names stay whole beside the fleet table.
    auto *nav = new QGridLayout;
    const QStringList labels = {tr("Status"),  tr("Animals"),        tr("Guardrails"),
                                tr("History"), tr("Usage and cost"), tr("Settings")};
    static const char *const names[] = {"remoteNavStatus",  "remoteNavAnimals", "remoteNavGuardrails",
                                        "remoteNavHistory", "remoteNavUsage",   "remoteNavSettings"};
    for (int i = 0; i < PageCount; ++i) {
        QPushButton *b = admintouch::toggleButton(labels.at(i), this, QString::fromLatin1(names[i]));
        connect(b, &QPushButton::clicked, this, [this, i] { showPage(Page(i)); });
        nav->addWidget(b, i / 3, i % 3);
        m_buttons << b;
    }
    layout->addLayout(nav);

    m_stack = new QStackedWidget(this);
    m_status = new RemoteStatusPage(link, m_stack);
    m_animals = new RemoteAnimalsPage(link, m_stack);
    m_guardrails = new RemoteGuardrailsPage(link, m_stack);
    m_history = new RemoteHistoryPage(link, m_stack);
    m_usage = new RemoteUsagePage(link, m_stack);
    m_settings = new RemoteSettingsPage(link, m_stack);
    for (int i = 0; i < PageCount; ++i)
        m_stack->addWidget(page(Page(i)));
    layout->addWidget(m_stack, 1);

    // A page opened before the login reads again once the kiosk is connected.
    connect(&link, &fleet::KioskLink::stateChanged, this, [this](fleet::KioskLink::State state) {
        if (state == fleet::KioskLink::State::Connected)
            page(m_current)->refresh();
    });
    showPage(Status);
}

AdminPage *RemoteKioskPanel::page(Page p) const
{
    switch (p) {
    case Status: return m_status;
    case Animals: return m_animals;
    case Guardrails: return m_guardrails;
    case History: return m_history;
    case Usage: return m_usage;
    case Settings:
    case PageCount: break;
    }
    return m_settings;
}

void RemoteKioskPanel::showPage(Page p)
{
    m_current = p;
    for (int i = 0; i < m_buttons.size(); ++i)
        m_buttons.at(i)->setChecked(i == int(p));
    AdminPage *target = page(p);
    target->refresh();
    m_stack->setCurrentWidget(target);
}

} // namespace zk::ui
