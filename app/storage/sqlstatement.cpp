#include "storage/sqlstatement.h"

#include "core/logging.h"
#include "storage/database.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace zk::storage {

Error sqlFailure(const QString &what, const QSqlQuery &query)
{
    const QString message = what + u": "_s + query.lastError().text();
    qCWarning(lcDb).noquote() << message;
    return makeError(message);
}

Result<QSqlDatabase> openConnection(const Database &database)
{
    QSqlDatabase db = database.connection();
    if (!db.isValid() || !db.isOpen()) {
        qCWarning(lcDb) << "Repository used while the database is not open";
        return makeError(u"The database is not open"_s);
    }
    return db;
}

QVariant sqlText(const QString &value)
{
    return value.isNull() ? QVariant(QString(u""_s)) : QVariant(value);
}

QVariant sqlOptionalText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

} // namespace zk::storage
