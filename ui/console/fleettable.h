#pragma once

#include <QTableWidget>

namespace zk::fleet {
class ConsoleFleet;
class KioskLink;
}

namespace zk::ui {

// The staff console's fleet table: one row per kiosk with its status light
// (its name as tooltip and accessible text), the kiosk's name over its
// address, and what the light means in words; it follows the links' state and
// status as they change.
class FleetTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column { LightColumn, KioskColumn, SummaryColumn, ColumnCount };

    explicit FleetTable(fleet::ConsoleFleet &fleet, QWidget *parent = nullptr);

    fleet::KioskLink *currentLink() const;
    int rowOf(const fleet::KioskLink *link) const;
    fleet::KioskLink *linkAt(int row) const;
    void selectLink(const fleet::KioskLink *link);

Q_SIGNALS:
    void currentLinkChanged(zk::fleet::KioskLink *link);

protected:
    void changeEvent(QEvent *event) override;

private:
    void addLink(fleet::KioskLink *link);
    void removeLink(fleet::KioskLink *link);
    void updateRow(fleet::KioskLink *link);
    void retranslate();

    QList<fleet::KioskLink *> m_rows;
};

} // namespace zk::ui
