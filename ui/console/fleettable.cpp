#include "console/fleettable.h"

#include "console/consolewords.h"
#include "fleet/consolefleet.h"

#include <QEvent>
#include <QHeaderView>

using namespace Qt::StringLiterals;

namespace zk::ui {

FleetTable::FleetTable(fleet::ConsoleFleet &fleet, QWidget *parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(u"fleetTable"_s);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setIconSize(QSize(32, 32));
    setWordWrap(true);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setMinimumSectionSize(64);
    horizontalHeader()->setSectionResizeMode(LightColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(KioskColumn, QHeaderView::Interactive);
    horizontalHeader()->resizeSection(KioskColumn, 230);
    setTextElideMode(Qt::ElideMiddle);
    horizontalHeader()->setSectionResizeMode(SummaryColumn, QHeaderView::Stretch);
    retranslate();
    connect(this, &QTableWidget::itemSelectionChanged, this, [this] { Q_EMIT currentLinkChanged(currentLink()); });
    connect(&fleet, &fleet::ConsoleFleet::linkAdded, this, &FleetTable::addLink);
    connect(&fleet, &fleet::ConsoleFleet::linkRemoved, this, &FleetTable::removeLink);
    for (fleet::KioskLink *link : fleet.links())
        addLink(link);
}

fleet::KioskLink *FleetTable::currentLink() const
{
    const QList<QTableWidgetItem *> selected = selectedItems();
    return selected.isEmpty() ? nullptr : linkAt(selected.first()->row());
}

int FleetTable::rowOf(const fleet::KioskLink *link) const
{
    return int(m_rows.indexOf(link));
}

fleet::KioskLink *FleetTable::linkAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : nullptr;
}

void FleetTable::selectLink(const fleet::KioskLink *link)
{
    if (const int row = rowOf(link); row >= 0)
        selectRow(row);
}

void FleetTable::addLink(fleet::KioskLink *link)
{
    const int row = rowCount();
    insertRow(row);
    m_rows.append(link);
    for (int c = 0; c < ColumnCount; ++c)
        setItem(row, c, new QTableWidgetItem);
    connect(link, &fleet::KioskLink::stateChanged, this, [this, link] { updateRow(link); });
    connect(link, &fleet::KioskLink::statusUpdated, this, [this, link] { updateRow(link); });
    updateRow(link);
}

void FleetTable::removeLink(fleet::KioskLink *link)
{
    const int row = rowOf(link);
    if (row < 0)
        return;
    link->disconnect(this);
    m_rows.removeAt(row);
    removeRow(row);
}

void FleetTable::updateRow(fleet::KioskLink *link)
{
    const int row = rowOf(link);
    if (row < 0)
        return;
    const fleet::KioskHealth health = link->health();
    QTableWidgetItem *light = item(row, LightColumn);
    light->setIcon(ConsoleWords::lightIcon(health.light));
    light->setToolTip(ConsoleWords::lightName(health.light));
    light->setData(Qt::AccessibleTextRole, ConsoleWords::lightName(health.light));
    light->setData(Qt::UserRole, int(health.light));
    QTableWidgetItem *kiosk = item(row, KioskColumn);
    kiosk->setText(link->name() + u'\n' + link->url().toDisplayString());
    kiosk->setToolTip(link->url().toDisplayString());
    QTableWidgetItem *summary = item(row, SummaryColumn);
    summary->setText(ConsoleWords::summary(*link));
    // The kiosk's own words for the last failure, for the curious.
    summary->setToolTip(link->lastError());
}

void FleetTable::retranslate()
{
    setHorizontalHeaderLabels({tr("Status"), tr("Kiosk"), tr("What it means")});
    for (fleet::KioskLink *link : std::as_const(m_rows))
        updateRow(link);
}

void FleetTable::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QTableWidget::changeEvent(event);
}

} // namespace zk::ui
