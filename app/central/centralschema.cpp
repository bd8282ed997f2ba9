#include "central/centralschema.h"

#include "central/centralconnection.h"
#include "central/centrallogging.h"
#include "core/resources.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {

// Any fixed number: the lock that serialises migrations across the fleet.
constexpr qint64 kMigrationLock = 7'203'001;

QMap<int, QString> scripts()
{
    zk::ensureResources();
    QMap<int, QString> paths;
    static const QRegularExpression name(u"^(\\d+)-[^/]*\\.sql$"_s);
    const QDir dir(u":/central"_s);
    for (const QString &file : dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch m = name.match(file);
        if (m.hasMatch())
            paths.insert(m.captured(1).toInt(), dir.filePath(file));
    }
    return paths;
}

} // namespace

int CentralSchema::latestVersion()
{
    const QMap<int, QString> all = scripts();
    return all.isEmpty() ? 0 : all.lastKey();
}

Result<int> CentralSchema::currentVersion(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT to_regclass('central_schema_version') IS NOT NULL"_s) || !q.next())
        return centralFailure(u"Cannot read the central schema version"_s, q.lastError().text());
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM central_schema_version"_s) || !q.next())
        return centralFailure(u"Cannot read the central schema version"_s, q.lastError().text());
    return q.value(0).toInt();
}

Result<int> CentralSchema::migrate(QSqlDatabase db)
{
    const QMap<int, QString> all = scripts();
    if (all.isEmpty() || all.firstKey() != 1 || all.lastKey() != all.size())
        return makeError(u"The central schema scripts in :/central are not 1..N without gaps"_s);
    if (!db.transaction())
        return centralFailure(u"Cannot begin the central migration"_s, db.lastError().text());
    QSqlQuery q(db);
    const auto fail = [&](const QString &what) {
        Error error = centralFailure(what, q.lastError().text());
        q = QSqlQuery();
        db.rollback();
        return error;
    };
    if (!q.exec(u"SELECT pg_advisory_xact_lock(%1)"_s.arg(kMigrationLock)))
        return fail(u"Cannot lock the central schema"_s);
    if (!q.exec(u"CREATE TABLE IF NOT EXISTS central_schema_version (version integer PRIMARY KEY, "
                "applied_at timestamptz NOT NULL DEFAULT now())"_s))
        return fail(u"Cannot create the central schema version table"_s);
    if (!q.exec(u"SELECT COALESCE(MAX(version), 0) FROM central_schema_version"_s) || !q.next())
        return fail(u"Cannot read the central schema version"_s);
    const int current = q.value(0).toInt();
    if (current > all.lastKey()) {
        q = QSqlQuery();
        db.rollback();
        return makeError(u"The central database has schema version %1, newer than this build knows (%2): "
                         "install a newer Zoo Kiosk"_s.arg(current).arg(all.lastKey()));
    }
    for (int version = current + 1; version <= all.lastKey(); ++version) {
        QFile file(all.value(version));
        if (!file.open(QIODevice::ReadOnly)) {
            q = QSqlQuery();
            db.rollback();
            return makeError(u"Cannot read %1"_s.arg(file.fileName()));
        }
        // One simple query: PostgreSQL runs a script of several statements.
        if (!q.exec(QString::fromUtf8(file.readAll())))
            return fail(u"Central schema step %1 failed"_s.arg(version));
        q.prepare(u"INSERT INTO central_schema_version (version) VALUES (?)"_s);
        q.addBindValue(version);
        if (!q.exec())
            return fail(u"Cannot record central schema step %1"_s.arg(version));
        qCInfo(lcCentral) << "central schema step" << version << "applied";
    }
    q = QSqlQuery();
    if (!db.commit())
        return centralFailure(u"Cannot commit the central migration"_s, db.lastError().text());
    return all.lastKey();
}

} // namespace zk::central
