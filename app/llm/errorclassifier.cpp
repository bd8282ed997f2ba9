#include "llm/errorclassifier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace zk::llm {

namespace {

QByteArray header(const ErrorClassifier::Headers &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    return {};
}

} // namespace

std::optional<qint64> ErrorClassifier::retryAfterMs(const Headers &headers, const QDateTime &now)
{
    bool ok = false;
    const QByteArray ms = header(headers, "retry-after-ms");
    if (!ms.isEmpty()) {
        const double v = ms.toDouble(&ok);
        if (ok && v >= 0)
            return qint64(v);
    }
    const QByteArray after = header(headers, "retry-after");
    if (after.isEmpty())
        return std::nullopt;
    const double seconds = after.toDouble(&ok);
    if (ok && seconds >= 0)
        return qint64(seconds * 1000.0);
    // An HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when = QDateTime::fromString(QString::fromLatin1(after), Qt::RFC2822Date);
    if (!when.isValid())
        when = QLocale::c().toDateTime(QString::fromLatin1(after).remove(u" GMT"_s), u"ddd, dd MMM yyyy HH:mm:ss"_s);
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(when));
}

LlmError ErrorClassifier::fromHttp(int status, const Headers &headers, const QByteArray &body, const QDateTime &now)
{
    LlmError e;
    e.httpStatus = status;
    e.retryAfterMs = retryAfterMs(headers, now);
    const QByteArray shouldRetry = header(headers, "x-should-retry");
    if (shouldRetry == "true")
        e.shouldRetry = true;
    else if (shouldRetry == "false")
        e.shouldRetry = false;

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject error = doc.object().value(u"error"_s).toObject();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        e.kind = ErrorKind::NonJsonErrorBody;
        e.message = u"HTTP %1 with a body that is not JSON (%2 bytes)"_s.arg(status).arg(body.size());
        return e;
    }
    e.code = error.value(u"code"_s).toVariant().toString();
    e.type = error.value(u"type"_s).toString();
    e.message = error.value(u"message"_s).toString();
    if (e.message.isEmpty())
        e.message = u"HTTP %1"_s.arg(status);

    if (status == 400)
        e.kind = e.code == u"context_length_exceeded" ? ErrorKind::ContextLengthExceeded : ErrorKind::BadRequest;
    else if (status == 401 || status == 403)
        e.kind = ErrorKind::Unauthorized;
    else if (status == 404)
        e.kind = (e.code == u"model_not_found" || e.code.isEmpty()) ? ErrorKind::ModelNotFound : ErrorKind::HttpOther;
    else if (status == 429)
        e.kind = (e.code == u"insufficient_quota" || e.type == u"insufficient_quota")
            ? ErrorKind::InsufficientQuota : ErrorKind::RateLimited;
    else if (status == 408 || status == 409 || status >= 500)
        e.kind = ErrorKind::Retryable;
    else
        e.kind = ErrorKind::HttpOther;
    return e;
}

LlmError ErrorClassifier::fromNetwork(QNetworkReply::NetworkError error, const QString &detail)
{
    LlmError e;
    e.message = detail;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        e.kind = ErrorKind::ConnectionRefused;
        break;
    case QNetworkReply::HostNotFoundError:
        e.kind = ErrorKind::HostNotFound;
        break;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        e.kind = error == QNetworkReply::SslHandshakeFailedError ? ErrorKind::Tls : ErrorKind::Network;
        break;
    case QNetworkReply::RemoteHostClosedError:
        e.kind = ErrorKind::StreamEndedEarly;
        break;
    case QNetworkReply::OperationCanceledError:
        e.kind = ErrorKind::Cancelled;
        break;
    case QNetworkReply::TimeoutError:
        e.kind = ErrorKind::ConnectTimeout;
        break;
    default:
        e.kind = ErrorKind::Network;
        break;
    }
    return e;
}

LlmError ErrorClassifier::fromStreamError(const LlmError &decoded)
{
    LlmError e = decoded;
    e.kind = ErrorKind::StreamError;
    if (e.code == u"context_length_exceeded")
        e.kind = ErrorKind::ContextLengthExceeded;
    return e;
}

} // namespace zk::llm
