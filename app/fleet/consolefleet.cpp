#include "fleet/consolefleet.h"

#include "fleet/fleetlogging.h"

using namespace Qt::StringLiterals;

namespace zk::fleet {

ConsoleFleet::ConsoleFleet(KioskRoster &roster, KioskLink::Timing timing, QObject *parent)
    : QObject(parent), m_roster(roster), m_timing(timing)
{
}

ConsoleFleet::~ConsoleFleet()
{
    qDeleteAll(std::exchange(m_links, {}));
}

Status ConsoleFleet::start()
{
    auto entries = m_roster.load();
    if (!entries)
        return entries.error();
    m_entries = entries.value();
    for (const KioskEntry &e : std::as_const(m_entries))
        connectEntry(e);
    return {};
}

KioskLink *ConsoleFleet::link(const QString &name) const
{
    for (KioskLink *l : m_links)
        if (l->name() == name)
            return l;
    return nullptr;
}

ConsoleFleet::AddOutcome ConsoleFleet::add(const KioskEntry &entry, EntryProblem *problem)
{
    const EntryProblem p = KioskRoster::check(entry, m_entries);
    if (problem)
        *problem = p;
    if (p != EntryProblem::None)
        return AddOutcome::Refused;
    KioskEntry clean = entry;
    clean.name = entry.name.trimmed();
    QList<KioskEntry> next = m_entries;
    next.append(clean);
    if (const Status s = m_roster.save(next); !s) {
        qCWarning(lcFleet) << "console: the kiosk list was not saved:" << s.error().message;
        return AddOutcome::SaveFailed;
    }
    m_entries = next;
    connectEntry(clean);
    return AddOutcome::Added;
}

bool ConsoleFleet::remove(const QString &name)
{
    KioskLink *l = link(name);
    if (!l)
        return false;
    QList<KioskEntry> next = m_entries;
    next.removeIf([&](const KioskEntry &e) { return e.name == name; });
    if (const Status s = m_roster.save(next); !s) {
        qCWarning(lcFleet) << "console: the kiosk list was not saved:" << s.error().message;
        return false;
    }
    m_entries = next;
    m_links.removeOne(l);
    Q_EMIT linkRemoved(l);
    l->deleteLater();
    return true;
}

KioskLink *ConsoleFleet::connectEntry(const KioskEntry &entry)
{
    auto *l = new KioskLink(entry.name, entry.url, entry.token, m_timing, KioskRoster::sslConfiguration(entry));
    connect(l, &KioskLink::alertReceived, this, [this, l](const QJsonObject &event) { Q_EMIT alertReceived(l, event); });
    m_links.append(l);
    Q_EMIT linkAdded(l);
    l->start();
    return l;
}

} // namespace zk::fleet
