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

    QComboBox *animalChoice() const { return m_animal; }
    QComboBox *sourceChoice() const { return m_source; }
    QCheckBox *dateRange() const { return m_useDates; }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    QCheckBox *blockedOnly() const { return m_blocked; }
    QLineEdit *searchField() const { return m_search; }
    QLineEdit *exportPath() const { return m_path; }
    QTableWidget *table() const { return m_table; }
    QString message() const;

private:
    void setMessage(const QString &text, const QString &role);

    KioskCore &m_core;
    QComboBox *m_animal = nullptr;
    QComboBox *m_source = nullptr;
    QCheckBox *m_useDates = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QCheckBox *m_blocked = nullptr;
    QLineEdit *m_search = nullptr;
    QPushButton *m_searchButton = nullptr;
    QTableWidget *m_table = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_csv = nullptr;
    QPushButton *m_json = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
