#pragma once

#include "core/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace zk::storage {

class Database;

// The small helpers every repository uses.

// A developer-facing error (logged under zk.db) for a failed SQL step.
Error sqlFailure(const QString &what, const QSqlQuery &query);
// The open connection of `database`, or an error when it is not open.
Result<QSqlDatabase> openConnection(const Database &database);
// A NOT NULL text column: a null QString would otherwise bind as SQL NULL.
QVariant sqlText(const QString &value);
// A nullable text column: empty is stored as NULL.
QVariant sqlOptionalText(const QString &value);

// A prepared statement with positional (?) values. Every value reaches SQLite
// as a bound parameter; SQL text is never built from data.
class Statement
{
public:
    Statement(const QSqlDatabase &db, const QString &sql)
        : m_query(db)
    {
        m_query.setForwardOnly(true);
        m_prepared = m_query.prepare(sql);
    }

    // Positional values for the next exec(); a statement can be bound and run
    // again (one prepare for many rows).
    Statement &bind(const QVariant &value)
    {
        m_query.bindValue(m_bound++, value);
        return *this;
    }

    bool exec()
    {
        m_bound = 0;
        return m_prepared && m_query.exec();
    }
    bool next() { return m_query.next(); }
    QVariant value(int column) const { return m_query.value(column); }
    QString text(int column) const { return m_query.value(column).toString(); }
    int integer(int column) const { return m_query.value(column).toInt(); }
    qint64 integer64(int column) const { return m_query.value(column).toLongLong(); }
    bool flag(int column) const { return m_query.value(column).toInt() != 0; }
    int rowsAffected() const { return m_query.numRowsAffected(); }
    qint64 lastInsertId() const { return m_query.lastInsertId().toLongLong(); }
    Error error(const QString &what) const { return sqlFailure(what, m_query); }

private:
    QSqlQuery m_query;
    bool m_prepared = false;
    int m_bound = 0;
};

} // namespace zk::storage
