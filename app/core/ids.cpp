#include "core/ids.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QUuid>

namespace zk {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString hashId(const QString &id, const QByteArray &salt)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("zookiosk-id:"));
    hash.addData(salt);
    hash.addData(id.toUtf8());
    return QString::fromLatin1(hash.result().left(16).toHex());
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace zk
