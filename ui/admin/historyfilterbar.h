#pragma once

#include "storage/repositories.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QPushButton;

namespace zk::ui {

// The history filters: animal, source, blocked-only, an optional date range
// and words to search, with the search button. It only holds the choices
// (filter()); the admin panel's History page queries the kiosk's database
// with them and the staff console's sends them as history.query.
class HistoryFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryFilterBar(QWidget *parent = nullptr);

    // The animal choices (id, shown name) after "All animals"; the choice stays when it still exists.
    void setAnimals(const QList<std::pair<QString, QString>> &animals);
    storage::HistoryFilter filter() const;

    QComboBox *animalChoice() const { return m_animal; }
    QComboBox *sourceChoice() const { return m_source; }
    QCheckBox *dateRange() const { return m_useDates; }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    QCheckBox *blockedOnly() const { return m_blocked; }
    QLineEdit *searchField() const { return m_search; }

Q_SIGNALS:
    // The search button or Return in the search field.
    void searchRequested();

private:
    QComboBox *m_animal = nullptr;
    QComboBox *m_source = nullptr;
    QCheckBox *m_useDates = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QCheckBox *m_blocked = nullptr;
    QLineEdit *m_search = nullptr;
    QPushButton *m_searchButton = nullptr;
};

} // namespace zk::ui
