#include "llm/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace zk::llm {

namespace {

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System: return u"system"_s;
    case ChatMessage::Role::User: return u"user"_s;
    case ChatMessage::Role::Assistant: return u"assistant"_s;
    }
    return u"user"_s;
}

} // namespace

RequestBuilder::RequestBuilder(QUrl baseUrl, QString apiKey, QList<QSslCertificate> extraCaCertificates)
    : m_baseUrl(std::move(baseUrl)), m_apiKey(std::move(apiKey)), m_extraCa(std::move(extraCaCertificates))
{
}

QUrl RequestBuilder::url(const QString &name) const
{
    QUrl url = m_baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u'/' + name);
    return url;
}

QUrl RequestBuilder::endpoint(ApiFlavor api) const
{
    return url(api == ApiFlavor::Responses ? u"responses"_s : u"chat/completions"_s);
}

QNetworkRequest RequestBuilder::networkRequest(ApiFlavor api) const
{
    QNetworkRequest request(endpoint(api));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("ZooKiosk/" ZK_VERSION));
    // Streams must reach the visitor as they are written: no caching, no
    // redirects to other hosts (the key would follow), no pipelining surprises.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (endpoint(api).scheme() == u"https") {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!m_extraCa.isEmpty())
            tls.addCaCertificates(m_extraCa);
        request.setSslConfiguration(tls);
    }
    return request;
}

QByteArray RequestBuilder::body(const ChatRequest &request)
{
    QJsonObject body;
    body.insert(u"model"_s, request.model);
    body.insert(u"stream"_s, true);
    body.insert(u"temperature"_s, request.temperature);

    if (request.api == ApiFlavor::Responses) {
        // Responses API: the system prompt goes into `instructions`, the turns into `input`.
        QJsonArray input;
        QString instructions;
        for (const ChatMessage &m : request.messages) {
            if (m.role == ChatMessage::Role::System) {
                instructions += (instructions.isEmpty() ? QString() : u"\n\n"_s) + m.content;
                continue;
            }
            input.append(QJsonObject{{u"role"_s, roleName(m.role)}, {u"content"_s, m.content}});
        }
        if (!instructions.isEmpty())
            body.insert(u"instructions"_s, instructions);
        body.insert(u"input"_s, input);
        body.insert(u"max_output_tokens"_s, request.maxOutputTokens);
        body.insert(u"store"_s, false);
        if (!request.safetyIdentifier.isEmpty())
            body.insert(u"safety_identifier"_s, request.safetyIdentifier);
    } else {
        QJsonArray messages;
        for (const ChatMessage &m : request.messages)
            messages.append(QJsonObject{{u"role"_s, roleName(m.role)}, {u"content"_s, m.content}});
        body.insert(u"messages"_s, messages);
        body.insert(u"max_completion_tokens"_s, request.maxOutputTokens);
        body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
        if (!request.safetyIdentifier.isEmpty()) {
            body.insert(u"safety_identifier"_s, request.safetyIdentifier);
            body.insert(u"user"_s, request.safetyIdentifier);
        }
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ChatRequest RequestBuilder::fromBody(const QJsonObject &body)
{
    auto role = [](const QString &name) {
        if (name == u"system" || name == u"developer")
            return ChatMessage::Role::System;
        return name == u"assistant" ? ChatMessage::Role::Assistant : ChatMessage::Role::User;
    };
    ChatRequest r;
    r.model = body.value(u"model"_s).toString();
    r.temperature = body.value(u"temperature"_s).toDouble(0.7);
    r.safetyIdentifier = body.value(u"safety_identifier"_s).toString();
    if (body.contains(u"input"_s)) {
        r.api = ApiFlavor::Responses;
        r.maxOutputTokens = body.value(u"max_output_tokens"_s).toInt(300);
        if (body.contains(u"instructions"_s))
            r.messages << ChatMessage{ChatMessage::Role::System, body.value(u"instructions"_s).toString()};
        for (const QJsonValue &m : body.value(u"input"_s).toArray())
            r.messages << ChatMessage{role(m[u"role"_s].toString()), m[u"content"_s].toString()};
    } else {
        r.maxOutputTokens = body.value(u"max_completion_tokens"_s).toInt(300);
        for (const QJsonValue &m : body.value(u"messages"_s).toArray())
            r.messages << ChatMessage{role(m[u"role"_s].toString()), m[u"content"_s].toString()};
    }
    return r;
}

} // namespace zk::llm
