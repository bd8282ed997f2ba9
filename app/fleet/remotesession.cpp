#include "fleet/remotesession.h"

#include "admin/crypto.h"
#include "fleet/fleetlogging.h"
#include "fleet/remotemethods.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace zk::fleet {

namespace {
constexpr int kNonceBytes = 32;
const QString kLogin = u"auth.login"_s;
} // namespace

RemoteSession::RemoteSession(QWebSocket *socket, RemoteMethods &methods, TokenSource token, SessionSettings settings,
                             QObject *parent)
    : QObject(parent), m_socket(socket), m_methods(methods), m_token(std::move(token)), m_settings(settings)
{
    m_socket->setParent(this);
    m_address = m_socket->peerAddress().toString();
    m_peer = (m_socket->peerAddress().protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]:%2"_s : u"%1:%2"_s)
                 .arg(m_address)
                 .arg(m_socket->peerPort());
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_settings.maxMessageBytes));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_settings.maxMessageBytes));
    m_tokens = m_settings.burst;
    m_bucketClock.start();

    connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteSession::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this] {
        closeWith(rpc::error(QJsonValue(QJsonValue::Null), rpc::InvalidRequest,
                             u"Invalid Request: text frames only"_s),
                  u"binary frame"_s);
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        m_closing = true;
        m_challengeTimer.stop();
        m_loginTimer.stop();
        Q_EMIT closed(this);
    });

    m_challengeTimer.setSingleShot(true);
    connect(&m_challengeTimer, &QTimer::timeout, this, &RemoteSession::sendChallenge);
    m_loginTimer.setSingleShot(true);
    connect(&m_loginTimer, &QTimer::timeout, this, [this] {
        if (!m_authenticated)
            closeWith(rpc::error(QJsonValue(QJsonValue::Null), rpc::NotLoggedIn, u"No login in time"_s),
                      u"login timeout"_s);
    });
}

RemoteSession::~RemoteSession()
{
    m_socket->disconnect(this);
}

void RemoteSession::start(int delayMs)
{
    m_loginTimer.start(m_settings.loginTimeoutMs + delayMs);
    if (delayMs <= 0)
        sendChallenge();
    else
        m_challengeTimer.start(delayMs);
}

void RemoteSession::refuse(const QString &reason)
{
    closeWith(rpc::error(QJsonValue(QJsonValue::Null), rpc::AuthFailed, reason), reason);
}

void RemoteSession::sendChallenge()
{
    if (m_closing)
        return;
    m_nonce = admin::randomBytes(kNonceBytes);
    if (m_nonce.isEmpty()) {
        closeWith(rpc::error(QJsonValue(QJsonValue::Null), rpc::InternalError, u"No random bytes"_s),
                  u"no random bytes"_s);
        return;
    }
    m_challengeSent = true;
    send(rpc::notification(u"auth.challenge"_s,
                           QJsonObject{{u"nonce"_s, QString::fromLatin1(m_nonce.toBase64())}}));
}

bool RemoteSession::takeToken()
{
    const double elapsed = double(m_bucketClock.restart()) / 1000.0;
    m_tokens = std::min(double(m_settings.burst), m_tokens + elapsed * m_settings.framesPerSecond);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

void RemoteSession::onText(const QString &text)
{
    if (m_closing)
        return;
    if (!takeToken()) {
        Q_EMIT flooded(this);
        closeWith(rpc::error(QJsonValue(QJsonValue::Null), rpc::TooManyRequests,
                             u"Too many requests: at most %1 per second"_s.arg(m_settings.framesPerSecond)),
                  u"flood"_s);
        return;
    }
    const auto request = rpc::parse(text.toUtf8());
    if (!request) {
        send(rpc::error(request.error()));
        return;
    }
    handle(request.value());
}

void RemoteSession::handle(const rpc::Request &request)
{
    if (request.method == kLogin) {
        if (m_authenticated) {
            if (!request.isNotification())
                send(rpc::error(request.id, rpc::AuthFailed, u"Already logged in; a nonce is good for one login"_s));
            return;
        }
        login(request);
        return;
    }
    if (!m_authenticated) {
        closeWith(rpc::error(request.isNotification() ? QJsonValue(QJsonValue::Null) : request.id, rpc::NotLoggedIn,
                             u"Log in first (auth.login)"_s),
                  u"call before login"_s);
        return;
    }
    if (!RemoteMethods::isKnown(request.method)) {
        if (!request.isNotification())
            send(rpc::error(request.id, rpc::MethodNotFound, u"Method not found: "_s + request.method));
        return;
    }
    auto reply = m_methods.call(request.method, request.params, m_peer);
    if (request.isNotification() || m_closing)
        return;
    if (reply)
        send(rpc::response(request.id, reply.value()));
    else
        send(rpc::error(request.id, reply.error().code, reply.error().message));
}

void RemoteSession::login(const rpc::Request &request)
{
    static const QRegularExpression hex(u"^[0-9a-fA-F]{64}$"_s);
    const QJsonValue id = request.isNotification() ? QJsonValue(QJsonValue::Null) : request.id;
    if (!m_challengeSent) {
        closeWith(rpc::error(id, rpc::AuthFailed, u"Authentication failed: no challenge was sent yet"_s),
                  u"login before challenge"_s);
        return;
    }
    if (m_nonce.isEmpty()) {
        Q_EMIT loginFailed(this, u"nonce_reused"_s);
        closeWith(rpc::error(id, rpc::AuthFailed, u"Authentication failed: the nonce was already used"_s),
                  u"nonce reused"_s);
        return;
    }
    const QByteArray nonce = std::exchange(m_nonce, QByteArray()); // single use, whatever happens next
    const QJsonValue hmac = request.params.value(u"hmac"_s);
    if (!hmac.isString() || !hex.match(hmac.toString()).hasMatch()) {
        Q_EMIT loginFailed(this, u"malformed"_s);
        closeWith(rpc::error(id, rpc::InvalidParams,
                             u"Invalid params: \"hmac\" must be the hex HMAC-SHA256 of the nonce (64 characters)"_s),
                  u"malformed login"_s);
        return;
    }
    const QByteArray token = m_token ? m_token() : QByteArray();
    if (token.isEmpty()) {
        Q_EMIT loginFailed(this, u"no_token"_s);
        closeWith(rpc::error(id, rpc::AuthFailed, u"Authentication failed: no fleet token is set on this kiosk"_s),
                  u"no token"_s);
        return;
    }
    const QByteArray expected = admin::hmacSha256(token, nonce);
    const QByteArray given = QByteArray::fromHex(hmac.toString().toLatin1());
    if (expected.isEmpty() || !admin::constantTimeEqual(expected, given)) {
        Q_EMIT loginFailed(this, u"wrong_hmac"_s);
        closeWith(rpc::error(id, rpc::AuthFailed, u"Authentication failed"_s), u"wrong hmac"_s);
        return;
    }
    m_authenticated = true;
    m_loginTimer.stop();
    Q_EMIT loginSucceeded(this);
    if (!request.isNotification())
        send(rpc::response(id, QJsonObject{{u"ok"_s, true}, {u"methods"_s, QJsonArray::fromStringList(RemoteMethods::names())}}));
}

void RemoteSession::pushAlert(const QJsonObject &event)
{
    if (m_authenticated && !m_closing)
        send(rpc::notification(u"event.alert"_s, event));
}

void RemoteSession::send(const QByteArray &frame)
{
    if (m_closing)
        return;
    if (m_socket->bytesToWrite() > m_settings.maxPendingBytes) {
        qCWarning(lcFleet).noquote() << "remote console" << m_peer << "does not read its messages; closing";
        m_closing = true;
        m_socket->abort();
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(frame));
}

void RemoteSession::closeWith(const QByteArray &lastFrame, const QString &reason)
{
    if (m_closing)
        return;
    send(lastFrame);
    m_closing = true;
    m_challengeTimer.stop();
    m_loginTimer.stop();
    m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
    // A console that never answers the close frame is cut off.
    QTimer::singleShot(2000, m_socket, [socket = m_socket] {
        if (socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
    });
}

} // namespace zk::fleet
