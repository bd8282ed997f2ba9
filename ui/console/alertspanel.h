#pragma once

#include <QJsonObject>
#include <QListWidget>

namespace zk::fleet {
class ConsoleFleet;
class KioskLink;
}

namespace zk::ui {

// The staff console's live alerts: every event.alert of every kiosk, newest
// first, coloured by severity, with the kiosk's name and the time it
// happened on the kiosk (local time). Keeps the last kMaxAlerts.
class AlertsPanel : public QListWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxAlerts = 500;

    explicit AlertsPanel(fleet::ConsoleFleet &fleet, QWidget *parent = nullptr);

    void addAlert(const QString &kiosk, const QJsonObject &event);
};

} // namespace zk::ui
