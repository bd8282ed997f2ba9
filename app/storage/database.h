#pragma once

#include "core/result.h"

#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <memory>

namespace zk::storage {

class WalCheckpointer;

// The on-device SQLite file. Opens it with WAL and foreign keys, runs
// `PRAGMA integrity_check` and, if the file is damaged or unreadable, moves it
// aside (zookiosk.db.corrupt-<timestamp>, with its -wal/-shm) and starts a fresh
// one (from the template, if one is set), then applies the pending versioned
// migrations from qrc (:/schema/NNN-*.sql), all in one transaction. Each
// Database owns one named QSqlDatabase connection, used from the thread that
// opened it.
class Database
{
public:
    explicit Database(QString filePath);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    Status open();
    // Apply migrations up to `targetVersion` only (tests of the upgrade path).
    Status open(int targetVersion);
    void close();

    QSqlDatabase connection() const;
    QString filePath() const { return m_filePath; }
    int schemaVersion() const;
    static int latestSchemaVersion();

    // PRAGMA integrity_check on the open connection (the Health page): the
    // first problem SQLite reports, empty when the file is sound.
    QString checkIntegrity() const;

    // Switches off SQLite's automatic checkpoint on this connection and runs
    // checkpoints on a thread of their own every `interval` instead (see
    // WalCheckpointer): for the kiosk, whose UI thread uses this connection.
    // Only for a file database that is open; stops with close().
    Status startBackgroundCheckpoints(std::chrono::milliseconds interval);
    bool backgroundCheckpoints() const { return m_checkpointer != nullptr; }

    // Set by open() when a damaged file was moved aside: where it went.
    QString recoveredFrom() const { return m_recoveredFrom; }

    // A database file made at build time with the latest schema and the
    // built-in content (zk::writeDatabaseTemplate): when the file does not
    // exist yet, open() starts from a copy of it instead of creating the
    // schema and seeding statement by statement. Migrations still run from
    // whatever version the copy has, so a stale or missing template only
    // costs time. Set before open(); empty (the default) = no template.
    void setTemplate(const QString &templatePath) { m_templatePath = templatePath; }
    // Set by open() when the file was started from the template.
    bool createdFromTemplate() const { return m_fromTemplate; }

private:
    bool copyTemplate();
    Status openConnection();
    Status migrate(int targetVersion);
    bool integrityOk();
    Status moveAside();

    QString m_filePath;
    QString m_connectionName;
    QString m_recoveredFrom;
    QString m_templatePath;
    bool m_fromTemplate = false;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

// RAII transaction: rolls back in the destructor unless commit() succeeded.
class ScopedTransaction
{
public:
    explicit ScopedTransaction(QSqlDatabase db);
    ~ScopedTransaction();
    ScopedTransaction(const ScopedTransaction &) = delete;
    ScopedTransaction &operator=(const ScopedTransaction &) = delete;

    bool active() const { return m_active; }
    Status commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace zk::storage
