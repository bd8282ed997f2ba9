#pragma once

#include "admin/adminpage.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace zk::fleet {
class KioskLink;
}

namespace zk::ui {

// A remote kiosk's conversation history (history.query): the last turns,
// filtered by animal, blocked-only and full-text search, each with its
// time, animal, source, question and answer.
class RemoteHistoryPage : public AdminPage
{
    Q_OBJECT

public:
    static constexpr int kShownRows = 200;

    explicit RemoteHistoryPage(fleet::KioskLink &link, QWidget *parent = nullptr);

    void refresh() override;
    void search();

    QLineEdit *animalField() const { return m_animal; }
    QLineEdit *searchField() const { return m_search; }
    QCheckBox *blockedOnly() const { return m_blocked; }
    QTableWidget *table() const { return m_table; }
    QString message() const;

Q_SIGNALS:
    void loaded();

private:
    fleet::KioskLink &m_link;
    QLineEdit *m_animal = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_blocked = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace zk::ui
