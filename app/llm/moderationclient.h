#pragma once

#include "llm/openaiclient.h"
#include "llm/requestbuilder.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace zk::llm {

class ModerationCall;

// Checks text with POST {base}/moderations (omni-moderation-latest), not
// streamed, over an injected QNetworkAccessManager, on the caller's event
// loop; nothing blocks. Same base URL, API key, TLS settings and extra CAs as
// the chat client (ClientSettings); its connect / first-byte / between-chunk
// timeouts are not used: one short total timeout bounds the whole call, so a
// slow moderation service delays a visitor's turn by at most that much.
class ModerationClient : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultTimeoutMs = 2500;
    static QString defaultModel() { return QStringLiteral("omni-moderation-latest"); }

    ModerationClient(QNetworkAccessManager *network, ClientSettings settings, int timeoutMs = DefaultTimeoutMs,
                     QString model = defaultModel(), QObject *parent = nullptr);

    bool hasApiKey() const { return !m_settings.apiKey.isEmpty(); }
    int timeoutMs() const { return m_timeoutMs; }
    const QString &model() const { return m_model; }
    const ClientSettings &settings() const { return m_settings; }

    // Starts checking `input` (the visitor's message or the model's finished
    // reply). The call is a child of this client; it emits finished() once and
    // deletes itself after. The text goes only into the JSON body.
    ModerationCall *moderate(const QString &input);

    // Pure pieces of the request, public for tests.
    QUrl endpoint() const;                       // {base}/moderations
    QNetworkRequest networkRequest() const;      // headers and TLS as the chat client, Accept: application/json
    static QByteArray body(const QString &input, const QString &model = defaultModel());

private:
    QNetworkAccessManager *m_network;
    ClientSettings m_settings;
    RequestBuilder m_builder;
    int m_timeoutMs;
    QString m_model;
};

} // namespace zk::llm
