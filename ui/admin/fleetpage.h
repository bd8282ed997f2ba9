#pragma once

#include "admin/adminpage.h"

#include <QPointer>

class QLabel;
class QPushButton;
class QTableWidget;

namespace zk {
class KioskCore;
}

namespace zk::ui {

// Fleet: a read-only view of the central store (central::FleetQueries) — the
// fleet's rows, today's fleet budget, usage by day and kiosk over the last 7
// days and the latest turns of every kiosk. The read runs on a pool thread
// with a connection of its own; the page shows "Loading" until it is back.
// Without central/url it says the central store is off.
class FleetPage : public AdminPage
{
    Q_OBJECT

public:
    explicit FleetPage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    QString statusText() const;
    QTableWidget *usageTable() const { return m_usage; }
    QTableWidget *turnsTable() const { return m_turns; }
    bool loading() const { return m_loading; }

Q_SIGNALS:
    void loaded();

private:
    KioskCore &m_core;
    bool m_loading = false;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_refresh = nullptr;
    QTableWidget *m_usage = nullptr;
    QTableWidget *m_turns = nullptr;
};

} // namespace zk::ui
