#pragma once

#include "admin/adminpage.h"

class QLabel;
class QTableWidget;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

class HistoryFilterBar;

// A remote kiosk's conversation history (history.query) with the admin
// panel's filters (HistoryFilterBar: animal, source, blocked-only, dates,
// words): the latest turns, each with its time, animal, source, question and
// answer.
class RemoteHistoryPage : public AdminPage
{
    Q_OBJECT

public:
    static constexpr int kShownRows = 200;

    explicit RemoteHistoryPage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    void search();

    HistoryFilterBar *filters() const { return m_filters; }
    QTableWidget *table() const { return m_table; }
    QString message() const;

Q_SIGNALS:
    void loaded();

private:
    fleet::KioskLink &m_link;
    HistoryFilterBar *m_filters = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
