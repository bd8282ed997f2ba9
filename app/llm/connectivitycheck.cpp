#include "llm/connectivitycheck.h"

#include "llm/errorclassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace zk::llm {

ConnectivityCheck::ConnectivityCheck(QNetworkAccessManager *network, const ClientSettings &settings, int timeoutMs,
                                     QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(settings)
    , m_builder(settings.baseUrl, settings.apiKey, settings.extraCaCertificates)
    , m_timeoutMs(timeoutMs)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_reply)
            m_reply->abort();
        Outcome o;
        o.errorKind = errorKindName(ErrorKind::ConnectTimeout);
        o.message = u"No answer from %1 within %2 ms."_s.arg(m_settings.baseUrl.host()).arg(m_timeoutMs);
        finish(o);
    });
}

void ConnectivityCheck::start()
{
    m_clock.start();
    if (m_settings.apiKey.isEmpty()) {
        Outcome o;
        o.errorKind = errorKindName(ErrorKind::Unauthorized);
        o.message = u"No OpenAI API key is set: enter one in the admin panel or with zookioskctl set-api-key."_s;
        finish(o);
        return;
    }
    QNetworkRequest request = m_builder.networkRequest(ApiFlavor::ChatCompletions);
    request.setUrl(m_builder.url(u"models"_s));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::ContentTypeHeader, QVariant());
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &ConnectivityCheck::onFinished);
    m_timeout.start(m_timeoutMs);
}

void ConnectivityCheck::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_done)
        return;
    reply->deleteLater();
    Outcome o;
    o.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (o.httpStatus == 200) {
        o.ok = true;
        o.models = int(QJsonDocument::fromJson(body).object().value(u"data"_s).toArray().size());
        o.message = u"Connected to %1: the key can use %2 models."_s.arg(m_settings.baseUrl.host()).arg(o.models);
    } else if (o.httpStatus >= 400) {
        ErrorClassifier::Headers headers;
        for (const auto &pair : reply->rawHeaderPairs())
            headers << pair;
        const LlmError e = ErrorClassifier::fromHttp(o.httpStatus, headers, body);
        o.errorKind = errorKindName(e.kind);
        o.message = u"%1 answered HTTP %2 (%3)."_s.arg(m_settings.baseUrl.host()).arg(o.httpStatus).arg(o.errorKind);
    } else {
        const LlmError e = ErrorClassifier::fromNetwork(reply->error(), reply->errorString());
        o.errorKind = errorKindName(e.kind);
        o.message = u"%1 cannot be reached: %2."_s.arg(m_settings.baseUrl.host(), reply->errorString());
    }
    finish(o);
}

void ConnectivityCheck::finish(Outcome outcome)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    outcome.latencyMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    Q_EMIT finished(outcome);
}

} // namespace zk::llm
