#include "central/centralconnection.h"

#include "central/centrallogging.h"
#include "central/centralschema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace zk::central {

Error centralFailure(const QString &what, const QString &driverText)
{
    return makeError(what + u": "_s + driverText.simplified());
}

CentralConnection::CentralConnection(CentralUrl url, const QString &purpose)
    : m_url(std::move(url))
    , m_name(u"zk-central-%1-%2"_s.arg(purpose, QUuid::createUuid().toString(QUuid::WithoutBraces)))
{
}

CentralConnection::~CentralConnection()
{
    close();
}

void CentralConnection::drop()
{
    m_schemaChecked = false;
    m_broken = true;
}

void CentralConnection::close()
{
    m_schemaChecked = false;
    m_broken = false;
    if (!QSqlDatabase::contains(m_name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

Result<QSqlDatabase> CentralConnection::open()
{
    if (m_broken)
        close();
    if (QSqlDatabase::contains(m_name)) {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            return db;
        db = QSqlDatabase();
        close();
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
    if (!db.isValid()) {
        db = QSqlDatabase();
        close();
        return makeError(u"The PostgreSQL driver (QPSQL, Debian package libqt6sql6-psql) is not installed"_s);
    }
    db.setHostName(m_url.host);
    db.setPort(m_url.port);
    db.setDatabaseName(m_url.database);
    db.setUserName(m_url.user);
    db.setPassword(m_url.password);
    db.setConnectOptions(m_url.connectOptions());
    if (!db.open()) {
        // libpq's message names host and port, never the password.
        Error error = centralFailure(u"Cannot connect to the central database %1"_s.arg(m_url.redacted()),
                                     db.lastError().text());
        db = QSqlDatabase();
        close();
        return error;
    }
    QSqlQuery q(db);
    if (!q.exec(u"SET statement_timeout = '20s'"_s) || !q.exec(u"SET TIME ZONE 'UTC'"_s)) {
        Error error = centralFailure(u"Cannot set up the central database session"_s, q.lastError().text());
        q = QSqlQuery();
        db = QSqlDatabase();
        close();
        return error;
    }
    return db;
}

Result<QSqlDatabase> CentralConnection::openAtSchema(int version)
{
    if (const Status s = requireSchema(version); !s) {
        drop();
        return s.error();
    }
    return open();
}

Status CentralConnection::requireSchema(int version)
{
    if (m_schemaChecked)
        return {};
    auto db = open();
    if (!db)
        return db.error();
    const auto current = CentralSchema::currentVersion(*db);
    if (!current)
        return current.error();
    if (*current < version)
        return makeError(u"The central database %1 has schema version %2; this kiosk needs %3: run "
                         "`zookioskctl fleet migrate`"_s.arg(m_url.redacted()).arg(*current).arg(version));
    m_schemaChecked = true;
    return {};
}

} // namespace zk::central
