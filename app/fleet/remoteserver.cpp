#include "fleet/remoteserver.h"

#include "fleet/fleetlogging.h"
#include "fleet/auththrottle.h"
#include "fleet/listenspec.h"
#include "storage/repositories.h"

#include <QJsonDocument>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace zk::fleet {

RemoteServer::RemoteServer(RemoteMethods &methods, AuthThrottle &throttle, storage::EventRepository &events,
                           RemoteSession::TokenSource token, RemoteServerSettings settings, QObject *parent)
    : QObject(parent), m_methods(methods), m_throttle(throttle), m_events(events), m_token(std::move(token)),
      m_settings(settings)
{
}

RemoteServer::~RemoteServer()
{
    // Sessions are children; they must not call back into a half-destroyed server.
    for (RemoteSession *s : std::as_const(m_sessions))
        s->disconnect(this);
}

Status RemoteServer::listen(const ListenSpec &spec)
{
    delete m_server;
    m_server = new QWebSocketServer(u"zookiosk"_s,
                                    spec.tls ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode, this);
    if (spec.tls)
        m_server->setSslConfiguration(spec.ssl);
    m_server->setHandshakeTimeout(std::chrono::milliseconds(5000));
    m_server->setMaxPendingConnections(m_settings.maxConnections);
    connect(m_server, &QWebSocketServer::newConnection, this, &RemoteServer::onNewConnection);
    connect(m_server, &QWebSocketServer::acceptError, this, [](QAbstractSocket::SocketError error) {
        qCWarning(lcFleet) << "remote endpoint: accept error" << error;
    });
    connect(m_server, &QWebSocketServer::peerVerifyError, this, [](const QSslError &error) {
        qCInfo(lcFleet).noquote() << "remote endpoint: TLS:" << error.errorString();
    });
    if (!m_server->listen(spec.address, spec.port))
        return makeError(u"the remote endpoint cannot listen on %1 port %2: %3"_s.arg(spec.address.toString())
                             .arg(spec.port)
                             .arg(m_server->errorString()));
    qCInfo(lcFleet).noquote() << "remote endpoint listening on" << url().toString();
    return {};
}

QUrl RemoteServer::url() const
{
    if (!m_server || !m_server->isListening())
        return {};
    QUrl url;
    url.setScheme(m_server->secureMode() == QWebSocketServer::SecureMode ? u"wss"_s : u"ws"_s);
    url.setHost(m_server->serverAddress().toString());
    url.setPort(m_server->serverPort());
    return url;
}

void RemoteServer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        auto *session = new RemoteSession(socket, m_methods, m_token, m_settings.session, this);
        connect(session, &RemoteSession::closed, this, [this](RemoteSession *s) {
            m_sessions.removeOne(s);
            s->deleteLater();
        });
        connect(session, &RemoteSession::loginFailed, this, &RemoteServer::onLoginFailed);
        connect(session, &RemoteSession::loginSucceeded, this, &RemoteServer::onLoginSucceeded);
        connect(session, &RemoteSession::flooded, this, [this](RemoteSession *s) {
            recordEvent(storage::Severity::Warning, u"security"_s, u"remote_flood"_s,
                        u"Remote console %1 sent too many requests; disconnected."_s.arg(s->peer()),
                        {{u"peer"_s, s->peer()}});
        });
        m_sessions.append(session);
        const QString address = session->peerAddress();
        if (m_throttle.isLockedOut(address)) {
            session->refuse(u"Too many failed logins from this address; try again later"_s);
            continue;
        }
        if (m_sessions.size() > m_settings.maxConnections) {
            session->refuse(u"Too many console connections"_s);
            continue;
        }
        session->start(m_throttle.delayMs(address));
    }
}

void RemoteServer::onLoginFailed(RemoteSession *session, const QString &why)
{
    const int failures = m_throttle.recordFailure(session->peerAddress());
    const int delay = m_throttle.delayMs(session->peerAddress());
    const bool locked = m_throttle.isLockedOut(session->peerAddress());
    const QString next = locked ? u"further connections from it are refused for %1 minutes"_s.arg(
                                      m_throttle.settings().forgetAfterMs / 60000)
                                : u"its next challenge waits %1 ms"_s.arg(delay);
    recordEvent(failures >= 3 ? storage::Severity::Error : storage::Severity::Warning, u"security"_s,
                u"remote_auth_failed"_s,
                u"Remote login from %1 failed (%2; %3 in a row); %4."_s.arg(session->peer(), why).arg(failures).arg(next),
                {{u"peer"_s, session->peer()}, {u"reason"_s, why}, {u"failures"_s, failures}, {u"locked"_s, locked}});
}

void RemoteServer::onLoginSucceeded(RemoteSession *session)
{
    m_throttle.recordSuccess(session->peerAddress());
    recordEvent(storage::Severity::Info, u"remote"_s, u"remote_login"_s,
                u"Remote console %1 logged in."_s.arg(session->peer()), {{u"peer"_s, session->peer()}});
}

void RemoteServer::pushAlert(const QJsonObject &event)
{
    const QList<RemoteSession *> sessions = m_sessions; // a send may close one
    for (RemoteSession *s : sessions)
        s->pushAlert(event);
}

void RemoteServer::recordEvent(storage::Severity severity, const QString &category, const QString &kind, const QString &message,
                               const QJsonObject &details)
{
    storage::Event event;
    event.severity = severity;
    event.category = category;
    event.kind = kind;
    event.message = message;
    event.detailsJson = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    if (const auto r = m_events.record(event); !r)
        qCWarning(lcFleet).noquote() << "remote endpoint: cannot record" << kind << ":" << r.error().message;
}

} // namespace zk::fleet
