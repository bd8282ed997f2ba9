#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace zk::fleet::rpc {

// JSON-RPC 2.0 error codes: the standard ones and this kiosk's (-32000..-32099).
enum Code {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    ServerError = -32000,      // storage failed
    NotLoggedIn = -32001,      // anything but auth.login before login
    AuthFailed = -32002,       // wrong HMAC, nonce already used, no token set
    TooManyRequests = -32003,  // the connection's rate limit
    NotFound = -32004,         // an unknown animal, guardrail, conversation
};

struct Failure
{
    int code = InternalError;
    QString message;
    QJsonValue id = QJsonValue(QJsonValue::Null);   // the request's id when it could be read
};

struct Request
{
    QJsonValue id;             // string or number; Undefined for a notification
    QString method;
    QJsonObject params;        // {} when absent

    bool isNotification() const { return id.isUndefined(); }
};

// One text frame. A batch (array) is refused as InvalidRequest; params must
// be an object when present (by-position params: InvalidParams).
Result<Request, Failure> parse(const QByteArray &frame);

QByteArray response(const QJsonValue &id, const QJsonValue &result);
QByteArray error(const Failure &failure);
QByteArray error(const QJsonValue &id, int code, const QString &message);
QByteArray notification(const QString &method, const QJsonObject &params);
QByteArray request(const QJsonValue &id, const QString &method, const QJsonObject &params);

} // namespace zk::fleet::rpc
