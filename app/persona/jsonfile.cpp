#include "persona/jsonfile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace zk::persona {

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"a boolean"_s;
    case QJsonValue::Double: return u"a number"_s;
    case QJsonValue::String: return u"a string"_s;
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"undefined"_s;
}

Result<QJsonObject> readJsonObject(const QString &path, const QString &label)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"%1: cannot open %2: %3"_s.arg(label, quoted(path), file.errorString()));
    const QByteArray data = file.readAll();

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Turn the byte offset into a line and column a human can find.
        const QByteArray before = data.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return makeError(u"%1: invalid JSON at line %2, column %3: %4"_s
                             .arg(label).arg(line).arg(column).arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return makeError(u"%1: the top level must be a JSON object"_s.arg(label));
    return doc.object();
}

} // namespace zk::persona
