#pragma once

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace zk::fleet {
class ConsoleFleet;
class KioskLink;
}

namespace zk::ui {

class AddKioskForm;
class AlertsPanel;
class FleetTable;
class RemoteKioskPanel;

// The staff console (`zookiosk --console`): an ordinary desktop window with
// the fleet table (a status light per kiosk), adding and removing kiosks,
// the live alerts of every kiosk and, for the kiosk chosen in the table,
// its admin pages over the remote channel.
class ConsoleWindow : public QWidget
{
    Q_OBJECT

public:
    explicit ConsoleWindow(fleet::ConsoleFleet &fleet, QWidget *parent = nullptr);

    FleetTable *fleetTable() const { return m_table; }
    AlertsPanel *alertsPanel() const { return m_alerts; }
    AddKioskForm *addForm() const { return m_addForm; }
    // The open kiosk's pages (null when none is chosen).
    RemoteKioskPanel *currentPanel() const;
    // Opens the kiosk's pages (as choosing it in the table does).
    void openKiosk(fleet::KioskLink *link);
    // The first call arms the button; the second removes the chosen kiosk.
    bool removeCurrent();

private:
    void onLinkRemoved(fleet::KioskLink *link);
    void updateButtons();

    fleet::ConsoleFleet &m_fleet;
    FleetTable *m_table = nullptr;
    AlertsPanel *m_alerts = nullptr;
    AddKioskForm *m_addForm = nullptr;
    QPushButton *m_reconnect = nullptr;
    QPushButton *m_remove = nullptr;
    bool m_removeArmed = false;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_nothingChosen = nullptr;
    QHash<fleet::KioskLink *, RemoteKioskPanel *> m_panels;
};

} // namespace zk::ui
