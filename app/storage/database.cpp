#include "storage/database.h"
#include "storage/sqlstatement.h"
#include "storage/walcheckpointer.h"

#include "core/ids.h"
#include "core/logging.h"
#include "core/resources.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace zk::storage {

using namespace Qt::StringLiterals;

namespace {

const QString kSchemaDir = u":/schema"_s;

// SQLite primary result codes that mean "this file is not a sound database"
// (as opposed to busy, read-only, out of disk, ...: those never move a file).
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteNotADb = 26;

bool isDamageError(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff; // extended codes carry the primary in the low byte
    return ok && (code == kSqliteCorrupt || code == kSqliteNotADb);
}

Error sqlFailure(const QString &what, const QSqlError &error)
{
    const QString message = what + u": "_s + error.text();
    qCWarning(lcDb).noquote() << message;
    return makeError(message);
}

// The migration scripts in qrc, by version: :/schema/NNN-name.sql.
struct SchemaScripts
{
    QMap<int, QString> paths;
    QString problem; // non-empty when the set is not 1..N without gaps
};

const SchemaScripts &schemaScripts()
{
    static const SchemaScripts scripts = [] {
        zk::ensureResources(); // the qrc sits in a static archive
        SchemaScripts s;
        for (const QString &file : zk::filesWithSuffix(kSchemaDir, u".sql")) {
            // NNN-name.sql
            const qsizetype dash = file.indexOf(u'-');
            bool digits = dash > 0;
            for (qsizetype i = 0; i < dash; ++i)
                digits = digits && file.at(i).isDigit() && file.at(i).unicode() < 128;
            const int version = digits ? QStringView(file).left(dash).toInt() : 0;
            if (!digits || version <= 0) {
                s.problem = u"schema file %1 is not named NNN-name.sql"_s.arg(file);
                continue;
            }
            if (s.paths.contains(version))
                s.problem = u"two schema files for version %1"_s.arg(version);
            s.paths.insert(version, kSchemaDir + u'/' + file);
        }
        if (s.paths.isEmpty())
            s.problem = u"no schema files in %1"_s.arg(kSchemaDir);
        else if (s.paths.firstKey() != 1 || s.paths.lastKey() != s.paths.size())
            s.problem = u"schema versions in %1 are not 1..N without gaps"_s.arg(kSchemaDir);
        return s;
    }();
    return scripts;
}

// A CREATE TRIGGER statement read so far whose body has not reached its END:
// a ';' there ends a statement of the body, not the trigger.
bool insideTriggerBody(const QString &statement)
{
    static const QRegularExpression trigger(u"^CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression end(u"\\bEND$"_s, QRegularExpression::CaseInsensitiveOption);
    const QString trimmed = statement.trimmed();
    return trigger.match(trimmed).hasMatch() && !end.match(trimmed).hasMatch();
}

// Splits a migration script into statements on ';' outside quotes and
// comments; comments are dropped. A CREATE TRIGGER runs to its END.
QStringList splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    const qsizetype n = script.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == u'-' && next == u'-') {
            while (i < n && script.at(i) != u'\n')
                ++i;
            current += u'\n';
        } else if (c == u'/' && next == u'*') {
            i += 2;
            while (i + 1 < n && !(script.at(i) == u'*' && script.at(i + 1) == u'/'))
                ++i;
            ++i;
            current += u' ';
        } else if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            const QChar close = c == u'[' ? QChar(u']') : c;
            current += c;
            for (++i; i < n; ++i) {
                current += script.at(i);
                if (script.at(i) == close) {
                    // A doubled quote is an escaped quote, not the end.
                    if (close != u']' && i + 1 < n && script.at(i + 1) == close) {
                        current += script.at(++i);
                        continue;
                    }
                    break;
                }
            }
        } else if (c == u';' && insideTriggerBody(current)) {
            current += c;
        } else if (c == u';') {
            const QString statement = current.trimmed();
            if (!statement.isEmpty())
                statements.append(statement);
            current.clear();
        } else {
            current += c;
        }
    }
    const QString rest = current.trimmed();
    if (!rest.isEmpty())
        statements.append(rest);
    return statements;
}

bool tableExists(const QSqlDatabase &db, const QString &table)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"_s);
    q.addBindValue(table);
    return q.exec() && q.next();
}

// Returns the problem found, or an empty string when the file is sound.
// Errors that do not show damage (busy, I/O, ...) are not reported here:
// the next statement will fail with them and open() returns that error.
QString integrityProblem(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"PRAGMA integrity_check"_s)) {
        if (isDamageError(q.lastError()))
            return q.lastError().text();
        qCWarning(lcDb).noquote() << "integrity check could not run:" << q.lastError().text();
        return {};
    }
    QStringList problems;
    while (q.next()) {
        const QString row = q.value(0).toString();
        if (row != u"ok")
            problems.append(row);
    }
    if (q.lastError().isValid() && isDamageError(q.lastError()))
        problems.append(q.lastError().text());
    return problems.join(u"; "_s);
}

} // namespace

// ---------------------------------------------------------------------------

Database::Database(QString filePath)
    : m_filePath(std::move(filePath))
{
}

Database::~Database()
{
    close();
}

int Database::latestSchemaVersion()
{
    const SchemaScripts &scripts = schemaScripts();
    return scripts.paths.isEmpty() ? 0 : scripts.paths.lastKey();
}

Status Database::open()
{
    return open(latestSchemaVersion());
}

Status Database::open(int targetVersion)
{
    close();
    m_recoveredFrom.clear();

    const SchemaScripts &scripts = schemaScripts();
    if (!scripts.problem.isEmpty()) {
        qCCritical(lcDb).noquote() << "Database migrations are unusable:" << scripts.problem;
        return makeError(u"Database migrations are unusable: "_s + scripts.problem);
    }
    if (targetVersion < 1 || targetVersion > latestSchemaVersion()) {
        return makeError(u"Requested schema version %1 is outside 1..%2"_s
                             .arg(targetVersion).arg(latestSchemaVersion()));
    }

    const bool inMemory = m_filePath == u":memory:";
    if (!inMemory) {
        const QFileInfo info(m_filePath);
        QDir dir = info.absoluteDir();
        if (!dir.exists()) {
            if (!dir.mkpath(u"."_s))
                return makeError(u"Cannot create the database directory %1"_s.arg(dir.absolutePath()));
            QFile::setPermissions(dir.absolutePath(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
    }

    // Checked before the read-write connection exists: a damaged file, its
    // -wal and -shm are moved aside exactly as found.
    m_fromTemplate = false;
    if (!inMemory && !integrityOk()) {
        if (Status st = moveAside(); !st)
            return st;
    }
    if (!inMemory && !m_templatePath.isEmpty() && !QFileInfo::exists(m_filePath))
        m_fromTemplate = copyTemplate();
    if (Status st = openConnection(); !st)
        return st;
    if (m_fromTemplate) {
        // A template that does not check out is dropped: the schema is made
        // statement by statement instead.
        if (const QString problem = integrityProblem(connection()); !problem.isEmpty()) {
            qCWarning(lcDb).noquote() << "The database template" << m_templatePath << "is unusable:" << problem;
            close();
            m_fromTemplate = false;
            for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
                QFile::remove(m_filePath + suffix);
            if (Status st = openConnection(); !st)
                return st;
        }
    }

    // A file written by a newer build is refused before anything touches it.
    const int current = schemaVersion();
    if (current > latestSchemaVersion()) {
        close();
        const QString message =
            u"Database %1 has schema version %2, newer than this build supports (%3); "
            "refusing to open it. Install a newer Zoo Kiosk or restore a backup."_s
                .arg(m_filePath).arg(current).arg(latestSchemaVersion());
        qCCritical(lcDb).noquote() << message;
        return makeError(message);
    }

    // Per-connection settings (journal_mode=WAL is also recorded in the file).
    QSqlDatabase db = connection();
    for (const QString &pragma : {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = NORMAL"_s,
                                  u"PRAGMA foreign_keys = ON"_s}) {
        QSqlQuery q(db);
        if (!q.exec(pragma)) {
            Error error = sqlFailure(u"Cannot configure the database (%1)"_s.arg(pragma), q.lastError());
            q = QSqlQuery();
            db = QSqlDatabase();
            close();
            return error;
        }
        if (q.next() && pragma.contains(u"journal_mode"_s) && !inMemory
            && q.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            qCWarning(lcDb).noquote() << "Database" << m_filePath << "stays in journal mode"
                                      << q.value(0).toString() << "instead of WAL";
        }
    }
    db = QSqlDatabase();

    if (Status st = migrate(targetVersion); !st) {
        close();
        return st;
    }

    if (!m_recoveredFrom.isEmpty()) {
        QSqlQuery q(connection());
        q.prepare(u"INSERT INTO events (created_at, severity, category, kind, message, details) "
                  "VALUES (?, 'error', 'system', 'db_recovered', ?, ?)"_s);
        q.addBindValue(isoNow());
        q.addBindValue(u"The database file was damaged and has been moved to %1; "
                       "a fresh database was created."_s.arg(m_recoveredFrom));
        q.addBindValue(QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"moved_to"_s, m_recoveredFrom}}).toJson(QJsonDocument::Compact)));
        if (!q.exec())
            sqlFailure(u"Cannot record the database recovery event"_s, q.lastError());
    }
    return {};
}

bool Database::copyTemplate()
{
    // Copied under a name of its own and renamed into place, so that no one
    // ever opens a half-copied file; if another process made the database in
    // the meantime, its file wins and the copy is dropped.
    const QString partial = m_filePath + u".new-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QFile source(m_templatePath);
    QFile target(partial);
    if (!source.open(QIODevice::ReadOnly) || !target.open(QIODevice::WriteOnly)) {
        qCWarning(lcDb).noquote() << "Cannot copy the database template" << m_templatePath << "to" << partial << ":"
                                  << (source.isOpen() ? target.errorString() : source.errorString());
        return false;
    }
    target.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray bytes = source.readAll();
    const bool written = !bytes.isEmpty() && target.write(bytes) == bytes.size() && target.flush();
    target.close();
    if (!written)
        qCWarning(lcDb).noquote() << "Cannot copy the database template to" << partial << ":" << target.errorString();
    if (written && QFile::rename(partial, m_filePath))
        return true;
    QFile::remove(partial); // unwritten, or another process made the database first
    return false;
}

Status Database::startBackgroundCheckpoints(std::chrono::milliseconds interval)
{
    const QSqlDatabase db = connection();
    if (!db.isOpen() || m_filePath == u":memory:")
        return makeError(u"Background checkpoints need an open database file"_s);
    if (m_checkpointer)
        return {};
    QSqlQuery q(db);
    if (!q.exec(u"PRAGMA wal_autocheckpoint = 0"_s))
        return sqlFailure(u"Cannot switch off automatic checkpoints"_s, q.lastError());
    m_checkpointer = std::make_unique<WalCheckpointer>(m_filePath, interval);
    m_checkpointer->start();
    return {};
}

void Database::close()
{
    m_checkpointer.reset(); // its last checkpoint first, while this connection still holds the log
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    } // the last handle must be gone before removeDatabase()
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

QSqlDatabase Database::connection() const
{
    if (m_connectionName.isEmpty())
        return {};
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::schemaVersion() const
{
    const QSqlDatabase db = connection();
    if (!db.isOpen() || !tableExists(db, u"schema_version"_s))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s) || !q.next())
        return 0;
    return q.value(0).toInt();
}

Status Database::openConnection()
{
    m_connectionName = u"zk-db-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    if (!db.isValid()) {
        Error error = sqlFailure(u"The QSQLITE driver is not available"_s, db.lastError());
        db = QSqlDatabase();
        close();
        return error;
    }
    db.setDatabaseName(m_filePath);
    if (!db.open()) {
        Error error = sqlFailure(u"Cannot open database %1"_s.arg(m_filePath), db.lastError());
        db = QSqlDatabase();
        close();
        return error;
    }
    if (m_filePath != u":memory:") {
        // Conversations live here: owner only (SQLite gives -wal/-shm the same mode).
        QFile::setPermissions(m_filePath, QFile::ReadOwner | QFile::WriteOwner);
    }
    QSqlQuery q(db);
    if (!q.exec(u"PRAGMA busy_timeout = 5000"_s)) {
        Error error = sqlFailure(u"Cannot configure the database"_s, q.lastError());
        q = QSqlQuery();
        db = QSqlDatabase();
        close();
        return error;
    }
    return {};
}

QString Database::checkIntegrity() const
{
    return integrityProblem(connection());
}

bool Database::integrityOk()
{
    const QFileInfo info(m_filePath);
    if (!info.exists() || info.size() == 0)
        return true; // nothing yet: SQLite starts an empty database

    // A read-only connection of its own: it neither checkpoints nor deletes
    // the -wal on close, so a damaged set of files stays as it was, and it
    // still sees what the -wal holds.
    const QString probeName = u"zk-db-check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString problem;
    {
        QSqlDatabase probe = QSqlDatabase::addDatabase(u"QSQLITE"_s, probeName);
        probe.setDatabaseName(m_filePath);
        probe.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (probe.open()) {
            problem = integrityProblem(probe);
            probe.close();
        } else {
            // Cannot even look (permissions, ...): not evidence of damage; the
            // read-write open reports the real error.
            qCWarning(lcDb).noquote() << "Cannot check" << m_filePath << ":" << probe.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(probeName);

    if (problem.isEmpty())
        return true;
    qCCritical(lcDb).noquote() << "Database" << m_filePath << "is damaged:" << problem.left(2000);
    return false;
}

Status Database::moveAside()
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss"_s);
    QString target = m_filePath + u".corrupt-"_s + stamp;
    for (int n = 1; QFile::exists(target) || QFile::exists(target + u"-wal"_s); ++n)
        target = m_filePath + u".corrupt-"_s + stamp + u'-' + QString::number(n);

    if (!QFile::rename(m_filePath, target)) {
        const QString message = u"Database %1 is damaged and could not be moved aside to %2"_s
                                    .arg(m_filePath, target);
        qCCritical(lcDb).noquote() << message;
        return makeError(message);
    }
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        const QString companion = m_filePath + suffix;
        if (QFile::exists(companion) && !QFile::rename(companion, target + suffix) && !QFile::remove(companion)) {
            // A stale -wal next to the fresh file would be replayed into it.
            const QString message =
                u"Cannot move or remove %1 after moving the damaged database aside"_s.arg(companion);
            qCCritical(lcDb).noquote() << message;
            return makeError(message);
        }
    }
    qCCritical(lcDb).noquote() << "Moved the damaged database to" << target;
    m_recoveredFrom = target;
    return {};
}

Status Database::migrate(int targetVersion)
{
    const int current = schemaVersion();
    if (current >= targetVersion)
        return {};

    // All pending versions in one transaction: a new database is created in
    // one write, and an upgrade that fails half-way leaves the file as it was.
    const SchemaScripts &scripts = schemaScripts();
    ScopedTransaction tx(connection());
    if (!tx.active())
        return makeError(u"Cannot start the transaction for schema versions %1..%2"_s
                             .arg(current + 1).arg(targetVersion));
    for (int version = current + 1; version <= targetVersion; ++version) {
        const QString path = scripts.paths.value(version);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(u"Cannot read migration %1: %2"_s.arg(path, file.errorString()));
        const QStringList statements = splitStatements(QString::fromUtf8(file.readAll()));
        for (const QString &statement : statements) {
            QSqlQuery q(connection());
            if (!q.exec(statement)) {
                return sqlFailure(u"Migration to schema version %1 failed in %2 at \"%3\""_s
                                      .arg(version).arg(path, statement.simplified().left(80)),
                                  q.lastError());
            }
        }
        Statement record(connection(), u"INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"_s);
        record.bind(version).bind(isoNow());
        if (!record.exec())
            return record.error(u"Cannot record schema version %1"_s.arg(version));
    }
    if (Status st = tx.commit(); !st)
        return st;
    qCInfo(lcDb).noquote() << "Database" << m_filePath << "migrated to schema version" << targetVersion;
    return {};
}

// ---------------------------------------------------------------------------

ScopedTransaction::ScopedTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    if (!m_db.isOpen()) {
        qCWarning(lcDb) << "Cannot begin a transaction: the database is not open";
        return;
    }
    // IMMEDIATE takes the write lock now (waiting up to busy_timeout), so a
    // read-then-write transaction cannot fail half-way on a snapshot conflict
    // with another connection (the kiosk and zookioskctl share the file).
    QSqlQuery q(m_db);
    if (q.exec(u"BEGIN IMMEDIATE"_s))
        m_active = true;
    else
        sqlFailure(u"Cannot begin a transaction"_s, q.lastError());
}

ScopedTransaction::~ScopedTransaction()
{
    if (!m_active)
        return;
    QSqlQuery q(m_db);
    if (!q.exec(u"ROLLBACK"_s))
        sqlFailure(u"Cannot roll back a transaction"_s, q.lastError());
}

Status ScopedTransaction::commit()
{
    if (!m_active)
        return makeError(u"No active transaction to commit"_s);
    QSqlQuery q(m_db);
    if (!q.exec(u"COMMIT"_s))
        return sqlFailure(u"Cannot commit a transaction"_s, q.lastError()); // still active: rolled back later
    m_active = false;
    return {};
}

} // namespace zk::storage
