#pragma once

#include "admin/adminpage.h"

#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace zk {
class KioskCore;
}
namespace zk::llm {
class ConnectivityCheck;
}

namespace zk::ui {

// Health: a connection test, the circuit breaker with a reset button,
// rate-limit headroom, today's turns and blocks (one COUNT query), the last
// 50 events with their counts by severity, the database's size and an
// integrity check on request.
class HealthPage : public AdminPage
{
    Q_OBJECT

public:
    explicit HealthPage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    void testConnection();
    void resetBreaker();
    void checkIntegrity();

    QString breakerText() const;
    QString connectionText() const;
    QString todayText() const;
    QString integrityText() const;
    QTableWidget *events() const { return m_events; }

private:
    KioskCore &m_core;
    QPointer<llm::ConnectivityCheck> m_check;

    QLabel *m_key = nullptr;
    QLabel *m_connection = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_breaker = nullptr;
    QPushButton *m_reset = nullptr;
    QProgressBar *m_requests = nullptr;
    QProgressBar *m_tokens = nullptr;
    QLabel *m_today = nullptr;
    QLabel *m_severity = nullptr;
    QTableWidget *m_events = nullptr;
    QLabel *m_database = nullptr;
    QLabel *m_integrity = nullptr;
    QPushButton *m_integrityButton = nullptr;
};

} // namespace zk::ui
