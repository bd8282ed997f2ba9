#pragma once

#include "admin/adminpage.h"

class QComboBox;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

class UsageReportView;

// A remote kiosk's usage and cost (usage.get) over the last 7, 30 or 90
// days, drawn by the admin panel's UsageReportView; the budget warning's
// share comes from the kiosk's settings (config.get budget/alert_ratio).
class RemoteUsagePage : public AdminPage
{
    Q_OBJECT

public:
    explicit RemoteUsagePage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    void setDays(int days);
    UsageReportView *report() const { return m_report; }

Q_SIGNALS:
    void loaded();

private:
    fleet::KioskLink &m_link;
    int m_days = 30;
    double m_alertRatio = 0.8;
    QComboBox *m_range = nullptr;
    UsageReportView *m_report = nullptr;
};

} // namespace zk::ui
