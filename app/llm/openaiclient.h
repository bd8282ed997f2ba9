#pragma once

#include "llm/llmtypes.h"
#include "llm/requestbuilder.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;

namespace zk::llm {

class ChatStream;

struct ClientSettings
{
    QUrl baseUrl;
    QString apiKey;
    int connectTimeoutMs = 5000;
    int firstByteTimeoutMs = 10000;
    int betweenChunksTimeoutMs = 15000;
    QList<QSslCertificate> extraCaCertificates; // trusted beside the system CAs
};

// Starts streamed model calls over an injected QNetworkAccessManager, on the
// caller's event loop; nothing blocks.
class OpenAiClient : public QObject
{
    Q_OBJECT

public:
    OpenAiClient(QNetworkAccessManager *network, ClientSettings settings, QObject *parent = nullptr);

    bool hasApiKey() const { return !m_settings.apiKey.isEmpty(); }
    const ClientSettings &settings() const { return m_settings; }

    // The stream is a child of this client; it deletes itself after finished().
    ChatStream *startStream(const ChatRequest &request);

private:
    QNetworkAccessManager *m_network;
    ClientSettings m_settings;
    RequestBuilder m_builder;
};

} // namespace zk::llm
