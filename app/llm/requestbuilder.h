#pragma once

#include "llm/llmtypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QUrl>

namespace zk::llm {

// Builds the HTTP request for one streamed model call. Pure: no I/O.
// The API key goes only into the Authorization header; the visitor's text only
// into the JSON body, never into headers or the URL.
class RequestBuilder
{
public:
    RequestBuilder(QUrl baseUrl, QString apiKey, QList<QSslCertificate> extraCaCertificates = {});

    QUrl endpoint(ApiFlavor api) const;           // {base}/chat/completions or {base}/responses
    QUrl url(const QString &name) const;          // {base}/<name>, e.g. "moderations", "models"
    QNetworkRequest networkRequest(ApiFlavor api) const;
    static QByteArray body(const ChatRequest &request);
    // The request a body() came from (to replay a recorded call).
    static ChatRequest fromBody(const QJsonObject &body);

private:
    QUrl m_baseUrl;
    QString m_apiKey;
    QList<QSslCertificate> m_extraCa;
};

} // namespace zk::llm
