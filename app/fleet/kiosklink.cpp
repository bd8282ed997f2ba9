#include "fleet/kiosklink.h"

#include "fleet/fleetlogging.h"
#include "fleet/jsonrpc.h"
#include "fleet/remoteclient.h"
#include "fleet/remotereply.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::fleet {

KioskLink::KioskLink(QString name, QUrl url, QByteArray token, Timing timing, QSslConfiguration ssl, QObject *parent)
    : QObject(parent), m_name(std::move(name)), m_url(std::move(url)), m_token(std::move(token)), m_timing(timing),
      m_ssl(std::move(ssl)), m_poll(new QTimer(this)), m_retry(new QTimer(this)), m_connectTimeout(new QTimer(this))
{
    m_poll->setInterval(m_timing.pollMs);
    connect(m_poll, &QTimer::timeout, this, &KioskLink::pollNow);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &KioskLink::connectNow);
    m_connectTimeout->setSingleShot(true);
    m_connectTimeout->setInterval(m_timing.connectTimeoutMs);
    connect(m_connectTimeout, &QTimer::timeout, this, [this] {
        m_error = u"no answer within %1 ms"_s.arg(m_timing.connectTimeoutMs);
        dropClient();
        onClosed();
    });
}

KioskLink::~KioskLink()
{
    dropClient();
    failPending(u"the console closed the connection"_s);
}

KioskHealth KioskLink::health() const
{
    switch (m_state) {
    case State::Connecting:
        return KioskHealth{};
    case State::Unreachable:
    case State::Refused:
        return KioskHealth{Light::Red, {}, 0};
    case State::Connected:
        break;
    }
    return m_status.isEmpty() ? KioskHealth{} : assessStatus(m_status);
}

void KioskLink::start()
{
    connectNow();
}

void KioskLink::reconnect()
{
    m_retry->stop();
    m_retryMs = 0;
    connectNow();
}

void KioskLink::connectNow()
{
    dropClient();
    m_failure = Failure::None;
    m_error.clear();
    m_status = {};
    setState(State::Connecting);
    m_client = new RemoteClient(m_token, m_ssl, this);
    connect(m_client, &RemoteClient::loggedIn, this, &KioskLink::onLoggedIn);
    connect(m_client, &RemoteClient::replied, this, &KioskLink::onReplied);
    connect(m_client, &RemoteClient::failed, this, &KioskLink::onFailed);
    connect(m_client, &RemoteClient::alert, this, &KioskLink::alertReceived);
    connect(m_client, &RemoteClient::closed, this, &KioskLink::onClosed);
    connect(m_client, &RemoteClient::tlsFailed, this, [this] { m_failure = Failure::Untrusted; });
    m_connectTimeout->start();
    qCDebug(lcFleet) << "console: connecting to" << m_name << m_url.toDisplayString();
    m_client->open(m_url);
}

void KioskLink::dropClient()
{
    m_poll->stop();
    m_connectTimeout->stop();
    if (!m_client)
        return;
    m_client->disconnect(this);
    m_client->deleteLater();
    m_client = nullptr;
}

void KioskLink::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void KioskLink::onLoggedIn()
{
    m_connectTimeout->stop();
    m_retryMs = 0;
    m_error.clear();
    m_failure = Failure::None;
    setState(State::Connected);
    pollNow();
    m_poll->start();
}

void KioskLink::pollNow()
{
    if (m_state != State::Connected)
        return;
    RemoteReply *reply = call(u"status.get"_s, {{u"events"_s, 0}});
    connect(reply, &RemoteReply::finished, this, [this, reply] {
        if (!reply->isOk() || m_state != State::Connected)
            return;
        m_status = reply->result().toObject();
        Q_EMIT statusUpdated(m_status);
    });
}

RemoteReply *KioskLink::call(const QString &method, const QJsonObject &params)
{
    auto *reply = new RemoteReply(method, this);
    if (m_state != State::Connected || !m_client) {
        QTimer::singleShot(0, reply, [reply] { reply->fail(RemoteReply::Disconnected, u"not connected"_s); });
        return reply;
    }
    m_pending.insert(m_client->call(method, params), reply);
    return reply;
}

void KioskLink::onReplied(qint64 id, const QJsonValue &result)
{
    if (const QPointer<RemoteReply> reply = m_pending.take(id))
        reply->finish(result);
}

void KioskLink::onFailed(qint64 id, int code, const QString &message)
{
    if (id != 0) {
        if (const QPointer<RemoteReply> reply = m_pending.take(id))
            reply->fail(code, message);
        return;
    }
    // The connection: the login refused (then the kiosk closes), TLS, a lost socket.
    if (code == rpc::AuthFailed)
        m_failure = Failure::LoginRefused;
    if (m_error.isEmpty() || code == rpc::AuthFailed)
        m_error = message;
    qCInfo(lcFleet) << "console:" << m_name << "connection failed:" << code << message;
}

void KioskLink::onClosed()
{
    dropClient();
    failPending(u"the connection closed"_s);
    m_status = {};
    if (m_failure == Failure::LoginRefused) {
        setState(State::Refused);
        return;
    }
    if (m_failure == Failure::None)
        m_failure = Failure::NoAnswer;
    if (m_error.isEmpty())
        m_error = u"the connection closed"_s;
    scheduleRetry();   // first: the new state says when the next attempt is
    setState(State::Unreachable);
}

void KioskLink::scheduleRetry()
{
    m_retryMs = m_retryMs == 0 ? m_timing.firstRetryMs : std::min(m_retryMs * 2, m_timing.maxRetryMs);
    m_retry->start(m_retryMs);
}

void KioskLink::failPending(const QString &message)
{
    const auto pending = std::exchange(m_pending, {});
    for (const QPointer<RemoteReply> &reply : pending)
        if (reply)
            reply->fail(RemoteReply::Disconnected, message);
}

} // namespace zk::fleet
