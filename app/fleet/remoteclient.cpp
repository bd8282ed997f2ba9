#include "fleet/remoteclient.h"

#include "admin/crypto.h"
#include "fleet/jsonrpc.h"

#include <QJsonDocument>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace zk::fleet {

RemoteClient::RemoteClient(QByteArray token, QSslConfiguration ssl, QObject *parent)
    : QObject(parent), m_token(std::move(token)), m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    m_socket->setSslConfiguration(ssl);
    m_socket->setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteClient::onText);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        if (!m_loggedIn)
            Q_EMIT failed(0, rpc::ServerError,
                          m_socket->closeReason().isEmpty() ? m_socket->errorString() : m_socket->closeReason());
        Q_EMIT closed();
    });
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        Q_EMIT tlsFailed(texts);
        Q_EMIT failed(0, rpc::ServerError, u"TLS: "_s + texts.join(u"; "_s));
    });
}

RemoteClient::~RemoteClient()
{
    m_socket->disconnect(this);
}

void RemoteClient::open(const QUrl &url)
{
    m_socket->open(url);
}

qint64 RemoteClient::call(const QString &method, const QJsonObject &params)
{
    const qint64 id = m_nextId++;
    if (m_loggedIn)
        sendNow(id, method, params);
    else
        m_queued.append({id, method, params});
    return id;
}

void RemoteClient::sendNow(qint64 id, const QString &method, const QJsonObject &params)
{
    m_socket->sendTextMessage(QString::fromUtf8(rpc::request(double(id), method, params)));
}

void RemoteClient::onText(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString method = o.value(u"method"_s).toString();
    if (method == u"auth.challenge") {
        const QByteArray nonce = QByteArray::fromBase64(o.value(u"params"_s).toObject().value(u"nonce"_s).toString().toLatin1());
        m_loginId = m_nextId++;
        const QString hmac = QString::fromLatin1(admin::hmacSha256(m_token, nonce).toHex());
        m_socket->sendTextMessage(
            QString::fromUtf8(rpc::request(double(m_loginId), u"auth.login"_s, QJsonObject{{u"hmac"_s, hmac}})));
        return;
    }
    if (method == u"event.alert") {
        Q_EMIT alert(o.value(u"params"_s).toObject());
        return;
    }
    const qint64 id = qint64(o.value(u"id"_s).toDouble());
    if (o.contains(u"error"_s)) {
        const QJsonObject e = o.value(u"error"_s).toObject();
        Q_EMIT failed(id == m_loginId ? 0 : id, e.value(u"code"_s).toInt(), e.value(u"message"_s).toString());
        return;
    }
    if (id == m_loginId && !m_loggedIn) {
        m_loggedIn = true;
        Q_EMIT loggedIn();
        const auto queued = std::exchange(m_queued, {});
        for (const auto &[qid, qmethod, qparams] : queued)
            sendNow(qid, qmethod, qparams);
        return;
    }
    Q_EMIT replied(id, o.value(u"result"_s));
}

} // namespace zk::fleet
