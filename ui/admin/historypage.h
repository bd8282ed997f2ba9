#pragma once

#include "admin/adminpage.h"
#include "storage/repositories.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace zk {
class KioskCore;
}

namespace zk::ui {

class HistoryFilterBar;

// History: the stored turns filtered by animal, date range, source and
// blocked-only, with full-text search (FTS5); each turn with its source,
// model, risk score, categories and latency; the whole filtered set
// exported to CSV or JSON (admin/historyexport) at a path staff choose.
class HistoryPage : public AdminPage
{
    Q_OBJECT

public:
    static constexpr int kShownRows = 500;

    explicit HistoryPage(KioskCore &core, QWidget *parent = nullptr);

    void refresh() override;
    // Runs the query with the filters as they are on screen.
    void search();
    storage::HistoryFilter filter() const;
    bool exportTo(const QString &format);

    HistoryFilterBar *filters() const { return m_filters; }
    QComboBox *animalChoice() const;
    QComboBox *sourceChoice() const;
    QCheckBox *dateRange() const;
    QDateEdit *fromDate() const;
    QDateEdit *toDate() const;
    QCheckBox *blockedOnly() const;
    QLineEdit *searchField() const;
    QLineEdit *exportPath() const { return m_path; }
    QTableWidget *table() const { return m_table; }
    QString message() const;

private:
    void setMessage(const QString &text, const QString &role);

    KioskCore &m_core;
    HistoryFilterBar *m_filters = nullptr;
    QTableWidget *m_table = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_csv = nullptr;
    QPushButton *m_json = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
