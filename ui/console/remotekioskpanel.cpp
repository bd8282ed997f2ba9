#include "console/remotekioskpanel.h"

#include "admin/admintouch.h"
#include "admin/pagestack.h"
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
        nav->addWidget(b, i / 3, i % 3);
        m_buttons << b;
    }
    layout->addLayout(nav);

    m_stack = new PageStack(this);
    m_status = new RemoteStatusPage(link, m_stack);
    m_animals = new RemoteAnimalsPage(link, m_stack);
    m_guardrails = new RemoteGuardrailsPage(link, m_stack);
    m_history = new RemoteHistoryPage(link, m_stack);
    m_usage = new RemoteUsagePage(link, m_stack);
    m_settings = new RemoteSettingsPage(link, m_stack);
    // In the order of Page and of the buttons.
    const QList<AdminPage *> pages = {m_status, m_animals, m_guardrails, m_history, m_usage, m_settings};
    for (int i = 0; i < PageCount; ++i)
        m_stack->addPage(pages.at(i), m_buttons.at(i));
    connect(m_stack, &PageStack::pageShown, this, [this](int index) { m_current = Page(index); });
    layout->addWidget(m_stack, 1);

    // A page opened before the login reads again once the kiosk is connected.
    connect(&link, &fleet::KioskLink::stateChanged, this, [this](fleet::KioskLink::State state) {
        if (state == fleet::KioskLink::State::Connected)
            m_stack->page(m_current)->refresh();
    });
    showPage(Status);
}

void RemoteKioskPanel::showPage(Page p)
{
    m_stack->showPage(int(p));
}

} // namespace zk::ui
