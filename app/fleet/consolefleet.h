#pragma once

#include "fleet/kiosklink.h"
#include "fleet/kioskroster.h"

#include <QList>
#include <QObject>

namespace zk::fleet {

// The staff console's fleet: the kiosk list (KioskRoster) and one KioskLink
// per kiosk, kept in step. Adding or removing a kiosk saves the list; the
// alerts of every kiosk arrive here with the kiosk they came from.
class ConsoleFleet : public QObject
{
    Q_OBJECT

public:
    ConsoleFleet(KioskRoster &roster, KioskLink::Timing timing = {}, QObject *parent = nullptr);
    ~ConsoleFleet() override;

    // Reads the list and connects to every kiosk on it.
    Status start();
    const QList<KioskLink *> &links() const { return m_links; }
    KioskLink *link(const QString &name) const;

    // Checks, saves and connects; nothing changes when the entry is refused
    // (the problem) or the list cannot be saved (SaveFailed).
    enum class AddOutcome { Added, Refused, SaveFailed };
    AddOutcome add(const KioskEntry &entry, EntryProblem *problem = nullptr);
    bool remove(const QString &name);

Q_SIGNALS:
    void linkAdded(zk::fleet::KioskLink *link);
    // Before the link is deleted.
    void linkRemoved(zk::fleet::KioskLink *link);
    void alertReceived(zk::fleet::KioskLink *link, const QJsonObject &event);

private:
    KioskLink *connectEntry(const KioskEntry &entry);

    KioskRoster &m_roster;
    KioskLink::Timing m_timing;
    QList<KioskEntry> m_entries;
    QList<KioskLink *> m_links;
};

} // namespace zk::fleet
