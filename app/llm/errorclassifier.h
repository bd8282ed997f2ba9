#pragma once

#include "llm/llmtypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QNetworkReply>
#include <QPair>

namespace zk::llm {

// Maps what came back from the wire to a typed LlmError. Pure: no I/O.
class ErrorClassifier
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // An HTTP status >= 400 with its headers and (complete) body.
    static LlmError fromHttp(int status, const Headers &headers, const QByteArray &body,
                             const QDateTime &now = QDateTime::currentDateTimeUtc());
    // A transport failure reported by QNetworkReply (no HTTP status).
    static LlmError fromNetwork(QNetworkReply::NetworkError error, const QString &detail);
    // An `error` object found inside a stream.
    static LlmError fromStreamError(const LlmError &decoded);

    // retry-after-ms, then retry-after (seconds or an HTTP date), in ms.
    static std::optional<qint64> retryAfterMs(const Headers &headers, const QDateTime &now);
};

} // namespace zk::llm
