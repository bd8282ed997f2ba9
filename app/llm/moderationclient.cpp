#include "llm/moderationclient.h"

#include "core/logging.h"
#include "llm/moderationcall.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace zk::llm {

ModerationClient::ModerationClient(QNetworkAccessManager *network, ClientSettings settings, int timeoutMs,
                                   QString model, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(std::move(settings))
    , m_builder(m_settings.baseUrl, m_settings.apiKey, m_settings.extraCaCertificates)
    , m_timeoutMs(timeoutMs > 0 ? timeoutMs : DefaultTimeoutMs)
    , m_model(model.isEmpty() ? defaultModel() : std::move(model))
{
}

QUrl ModerationClient::endpoint() const
{
    return m_builder.url(u"moderations"_s);
}

QNetworkRequest ModerationClient::networkRequest() const
{
    // The chat request carries everything a call to the API needs (Authorization,
    // User-Agent, TLS 1.2+ with peer verification and the extra CAs, no cache, no
    // redirects that would carry the key elsewhere); only the URL and the
    // expected body type differ.
    QNetworkRequest request = m_builder.networkRequest(ApiFlavor::ChatCompletions);
    request.setUrl(endpoint());
    request.setRawHeader("Accept", "application/json");
    return request;
}

QByteArray ModerationClient::body(const QString &input, const QString &model)
{
    const QJsonObject body{{u"model"_s, model}, {u"input"_s, input}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ModerationCall *ModerationClient::moderate(const QString &input)
{
    const QNetworkRequest request = networkRequest();
    qCDebug(lcLlm) << "POST" << request.url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery) << "chars"
                   << input.size();
    QNetworkReply *reply = m_network->post(request, body(input, m_model));
    return new ModerationCall(reply, m_timeoutMs, this);
}

} // namespace zk::llm
