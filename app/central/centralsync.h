#pragma once

#include "central/centralurl.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace zk::central {

// How one sync cycle went: every batch until the outbox was empty, or the
// first failure.
struct SyncReport
{
    bool ok = true;
    int shipped = 0;          // rows shipped in this cycle
    qint64 remaining = -1;    // rows left in the outbox (-1: unknown)
    QString problem;          // why it failed (the URL redacted)
};

struct SyncSettings
{
    CentralUrl url;
    QString kioskId;
    QString databaseFile;     // the kiosk's SQLite file (the worker opens its own connection)
    int batchSize = 200;
    int intervalMs = 5000;    // between cycles while things work
    int maxBackoffMs = 60000; // after failures the wait doubles up to this
};

// Ships the outbox to the central database off the caller's thread: a
// worker thread with its own SQLite and PostgreSQL connections runs a cycle
// (OutboxShipper batches until the outbox is empty) every intervalMs once
// started, and on syncNow(). After a failure it waits 1 s, 2 s, 4 s ... up to
// maxBackoffMs. unreachable() fires once when cycles start failing and
// recovered() once when they work again, so a long outage is one event, not
// one per retry.
class CentralSync : public QObject
{
    Q_OBJECT

public:
    explicit CentralSync(SyncSettings settings, QObject *parent = nullptr);
    ~CentralSync() override; // stops after the batch in progress

    // Periodic cycles from now on (the first one at once).
    void start();
    // One cycle as soon as the worker is free (also when not started).
    void syncNow();
    bool failing() const { return m_failing; }

Q_SIGNALS:
    void cycleFinished(const zk::central::SyncReport &report);
    void unreachable(const QString &problem);
    void recovered(int failedCycles);

private:
    void onCycle(const zk::central::SyncReport &report);

    QThread m_thread;
    QObject *m_worker = nullptr;  // lives in m_thread
    std::shared_ptr<std::atomic<bool>> m_stopping;
    bool m_failing = false;
    int m_failedCycles = 0;
};

} // namespace zk::central

Q_DECLARE_METATYPE(zk::central::SyncReport)
