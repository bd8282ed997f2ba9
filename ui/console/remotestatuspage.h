#pragma once

#include "admin/adminpage.h"

#include <QJsonObject>

class QLabel;
class QPushButton;
class QTableWidget;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

// A remote kiosk's status and health (status.get): its light and what it
// means, version, uptime and screen, the circuit breaker with a reset
// button (breaker.reset), emergency mode with its switch (emergency.set),
// today's and this month's spending, and its last events.
class RemoteStatusPage : public AdminPage
{
    Q_OBJECT

public:
    explicit RemoteStatusPage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    void resetBreaker();
    void setEmergency(bool on);

    QString summaryText() const;
    QString breakerText() const;
    QString emergencyText() const;
    QString message() const;
    QPushButton *emergencyButton() const { return m_emergencyButton; }
    QTableWidget *events() const { return m_events; }

private:
    void show(const QJsonObject &status);
    void setMessage(const QString &text, const QString &role);

    fleet::KioskLink &m_link;
    bool m_emergencyOn = false;
    QLabel *m_summary = nullptr;
    QLabel *m_about = nullptr;
    QLabel *m_breaker = nullptr;
    QPushButton *m_reset = nullptr;
    QLabel *m_emergency = nullptr;
    QPushButton *m_emergencyButton = nullptr;
    QLabel *m_budget = nullptr;
    QTableWidget *m_events = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
