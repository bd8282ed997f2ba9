#include "fleet/jsonrpc.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace zk::fleet::rpc {

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

Result<Request, Failure> parse(const QByteArray &frame)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Failure{ParseError, u"Parse error: "_s + parseError.errorString(), {}};
    if (!doc.isObject())
        return Failure{InvalidRequest, u"Invalid Request: expected one JSON object (batches are not supported)"_s, {}};
    const QJsonObject o = doc.object();
    const QJsonValue id = o.value(u"id"_s);
    const bool idOk = id.isUndefined() || id.isString() || id.isDouble() || id.isNull();
    Failure invalid{InvalidRequest, {}, idOk && !id.isUndefined() ? id : QJsonValue(QJsonValue::Null)};
    if (!idOk) {
        invalid.message = u"Invalid Request: id must be a string or a number"_s;
        return invalid;
    }
    if (o.value(u"jsonrpc"_s) != QJsonValue(u"2.0"_s)) {
        invalid.message = u"Invalid Request: jsonrpc must be \"2.0\""_s;
        return invalid;
    }
    const QJsonValue method = o.value(u"method"_s);
    if (!method.isString() || method.toString().isEmpty()) {
        invalid.message = u"Invalid Request: method must be a non-empty string"_s;
        return invalid;
    }
    const QJsonValue params = o.value(u"params"_s);
    if (!params.isUndefined() && !params.isObject() && !params.isArray()) {
        invalid.message = u"Invalid Request: params must be an object"_s;
        return invalid;
    }
    if (params.isArray())
        return Failure{InvalidParams, u"Invalid params: this kiosk takes named params (an object)"_s, invalid.id};
    return Request{id, method.toString(), params.toObject()};
}

QByteArray response(const QJsonValue &id, const QJsonValue &result)
{
    return compact(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"result"_s, result}});
}

QByteArray error(const QJsonValue &id, int code, const QString &message)
{
    return compact(QJsonObject{{u"jsonrpc"_s, u"2.0"_s},
                               {u"id"_s, id.isUndefined() ? QJsonValue(QJsonValue::Null) : id},
                               {u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}});
}

QByteArray error(const Failure &failure)
{
    return error(failure.id, failure.code, failure.message);
}

QByteArray notification(const QString &method, const QJsonObject &params)
{
    return compact(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, method}, {u"params"_s, params}});
}

QByteArray request(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    return compact(
        QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}, {u"params"_s, params}});
}

} // namespace zk::fleet::rpc
