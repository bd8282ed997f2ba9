#pragma once

#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>

namespace zk::storage {

// Takes SQLite's WAL checkpoints off the thread that uses the database. With
// journal_mode=WAL and synchronous=NORMAL a commit is not synced to the disk;
// a checkpoint is (it copies the log into the database file and fsyncs), and
// SQLite runs one inside whichever commit makes the log pass 1,000 pages: on
// the kiosk that is the UI thread, which must never wait for the disk. The
// database's own connection has automatic checkpoints switched off
// (Database::startBackgroundCheckpoints), and this thread, with a connection
// of its own, runs a PASSIVE checkpoint (it never blocks readers or writers)
// every `interval`, and a last one when it stops.
class WalCheckpointer : public QThread
{
    Q_OBJECT

public:
    WalCheckpointer(QString filePath, std::chrono::milliseconds interval, QObject *parent = nullptr);
    ~WalCheckpointer() override; // stops the thread, after a last checkpoint

    // Checkpoints that ran, and that failed (for tests and the logs).
    int checkpoints() const { return m_checkpoints.load(); }
    int failures() const { return m_failures.load(); }

protected:
    void run() override;

private:
    QString m_filePath;
    std::chrono::milliseconds m_interval;
    std::atomic<int> m_checkpoints{0};
    std::atomic<int> m_failures{0};
};

} // namespace zk::storage
