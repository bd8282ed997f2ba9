#include "llm/openaiclient.h"

#include "core/logging.h"
#include "llm/chatstream.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace zk::llm {

OpenAiClient::OpenAiClient(QNetworkAccessManager *network, ClientSettings settings, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(std::move(settings))
    , m_builder(m_settings.baseUrl, m_settings.apiKey, m_settings.extraCaCertificates)
{
}

ChatStream *OpenAiClient::startStream(const ChatRequest &request)
{
    const QNetworkRequest networkRequest = m_builder.networkRequest(request.api);
    qCDebug(lcLlm) << "POST" << networkRequest.url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)
                   << "model" << request.model << "messages" << request.messages.size();
    QNetworkReply *reply = m_network->post(networkRequest, RequestBuilder::body(request));
    return new ChatStream(reply, request.api, m_settings, this);
}

} // namespace zk::llm
