#include "console/alertspanel.h"

#include "admin/admintouch.h"
#include "console/consolewords.h"
#include "fleet/consolefleet.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace zk::ui {

AlertsPanel::AlertsPanel(fleet::ConsoleFleet &fleet, QWidget *parent) : QListWidget(parent)
{
    setObjectName(u"alertsPanel"_s);
    setWordWrap(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    admintouch::makeKinetic(this);
    connect(&fleet, &fleet::ConsoleFleet::alertReceived, this,
            [this](fleet::KioskLink *link, const QJsonObject &event) { addAlert(link->name(), event); });
}

void AlertsPanel::addAlert(const QString &kiosk, const QJsonObject &event)
{
    QDateTime at = QDateTime::fromString(event.value(u"createdAt"_s).toString(), Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::currentDateTime();
    const QString severity = event.value(u"severity"_s).toString();
    // The message is the kiosk's event text (as on its Health page).
    auto *item = new QListWidgetItem(tr("%1 · %2 · %3\n%4")
                                         .arg(at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), kiosk,
                                              ConsoleWords::severityName(severity),
                                              event.value(u"message"_s).toString()));
    item->setBackground(ConsoleWords::severityColour(severity));
    item->setForeground(QColor(0x1f, 0x2a, 0x24));
    item->setData(Qt::UserRole, kiosk);
    item->setData(Qt::UserRole + 1, event.value(u"kind"_s).toString());
    insertItem(0, item);
    while (count() > kMaxAlerts)
        delete takeItem(count() - 1);
}

} // namespace zk::ui
