#include "console/consolewindow.h"

#include "admin/admintouch.h"
#include "console/addkioskform.h"
#include "console/alertspanel.h"
#include "console/fleettable.h"
#include "console/remotekioskpanel.h"
#include "fleet/consolefleet.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

ConsoleWindow::ConsoleWindow(fleet::ConsoleFleet &fleet, QWidget *parent) : QWidget(parent), m_fleet(fleet)
{
    // The admin panel's look and touch sizes (admintouch::styleSheet is scoped to this name).
    setObjectName(u"staffConsole"_s);
    setStyleSheet(admintouch::styleSheet());
    setWindowTitle(tr("Zoo Kiosk staff console"));
    auto *outer = new QHBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    auto *title = new QLabel(tr("Kiosks"), left);
    title->setProperty("zkRole", u"title"_s);
    leftLayout->addWidget(title);
    m_table = new FleetTable(fleet, left);
    leftLayout->addWidget(m_table, 2);
    auto *buttons = new QHBoxLayout;
    m_reconnect = admintouch::touchButton(tr("Reconnect now"), left, u"reconnectButton"_s);
    m_reconnect->setProperty("zkRole", u"secondary"_s);
    connect(m_reconnect, &QPushButton::clicked, this, [this] {
        if (fleet::KioskLink *link = m_table->currentLink())
            link->reconnect();
    });
    m_remove = admintouch::touchButton(QString(), left, u"removeKioskButton"_s);
    m_remove->setProperty("zkRole", u"danger"_s);
    connect(m_remove, &QPushButton::clicked, this, &ConsoleWindow::removeCurrent);
    buttons->addWidget(m_reconnect);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    leftLayout->addLayout(buttons);
    m_addForm = new AddKioskForm(fleet, left);
    leftLayout->addWidget(m_addForm);
    auto *alertsTitle = new QLabel(tr("Live alerts, newest first"), left);
    alertsTitle->setProperty("zkRole", u"heading"_s);
    leftLayout->addWidget(alertsTitle);
    m_alerts = new AlertsPanel(fleet, left);
    leftLayout->addWidget(m_alerts, 2);

    m_pages = new QStackedWidget(splitter);
    m_nothingChosen = new QLabel(tr("Choose a kiosk in the table to see and change its settings."), m_pages);
    m_nothingChosen->setAlignment(Qt::AlignCenter);
    m_nothingChosen->setWordWrap(true);
    m_pages->addWidget(m_nothingChosen);
    // The chosen kiosk's pages get the larger share (their forms are wide); the splitter moves.
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({640, 960});
    splitter->setChildrenCollapsible(false);

    connect(m_table, &FleetTable::currentLinkChanged, this, [this](fleet::KioskLink *link) {
        m_removeArmed = false;
        openKiosk(link);
    });
    connect(&fleet, &fleet::ConsoleFleet::linkRemoved, this, &ConsoleWindow::onLinkRemoved);
    updateButtons();
}

RemoteKioskPanel *ConsoleWindow::currentPanel() const
{
    return qobject_cast<RemoteKioskPanel *>(m_pages->currentWidget());
}

void ConsoleWindow::openKiosk(fleet::KioskLink *link)
{
    if (!link) {
        m_pages->setCurrentWidget(m_nothingChosen);
        updateButtons();
        return;
    }
    if (m_table->currentLink() != link)
        m_table->selectLink(link); // comes back here through currentLinkChanged
    RemoteKioskPanel *panel = m_panels.value(link);
    if (!panel) {
        panel = new RemoteKioskPanel(*link, m_pages);
        m_pages->addWidget(panel);
        m_panels.insert(link, panel);
    }
    m_pages->setCurrentWidget(panel);
    updateButtons();
}

bool ConsoleWindow::removeCurrent()
{
    fleet::KioskLink *link = m_table->currentLink();
    if (!link)
        return false;
    if (!m_removeArmed) {
        m_removeArmed = true;
        updateButtons();
        return false;
    }
    m_removeArmed = false;
    const bool removed = m_fleet.remove(link->name());
    updateButtons();
    return removed;
}

void ConsoleWindow::onLinkRemoved(fleet::KioskLink *link)
{
    if (RemoteKioskPanel *panel = m_panels.take(link)) {
        m_pages->removeWidget(panel);
        delete panel;
    }
    openKiosk(m_table->currentLink());
}

void ConsoleWindow::updateButtons()
{
    const bool chosen = m_table->currentLink() != nullptr;
    m_reconnect->setEnabled(chosen);
    m_remove->setEnabled(chosen);
    m_remove->setText(m_removeArmed ? tr("Tap again to remove") : tr("Remove kiosk"));
}

} // namespace zk::ui
