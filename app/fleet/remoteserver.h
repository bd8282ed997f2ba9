#pragma once

#include "core/result.h"
#include "fleet/remotesession.h"
#include "storage/storedtypes.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>

class QWebSocketServer;

namespace zk::storage {
class EventRepository;
}

namespace zk::fleet {

class AuthThrottle;
class RemoteMethods;
struct ListenSpec;

struct RemoteServerSettings
{
    SessionSettings session;
    int maxConnections = 64;     // more at once are refused
};

// The remote management endpoint: a QWebSocketServer (ws on loopback, wss
// otherwise; see ListenSpec) that gives each console a RemoteSession, slows
// down and records failed logins (AuthThrottle; "security" events with the
// peer address), records logins, and pushes alerts to every logged-in console.
class RemoteServer : public QObject
{
    Q_OBJECT

public:
    RemoteServer(RemoteMethods &methods, AuthThrottle &throttle, storage::EventRepository &events,
                 RemoteSession::TokenSource token, RemoteServerSettings settings, QObject *parent = nullptr);
    ~RemoteServer() override;

    Status listen(const ListenSpec &spec);
    // ws://127.0.0.1:PORT or wss://HOST:PORT, the port as bound (also when 0 was asked for).
    QUrl url() const;
    int connectionCount() const { return int(m_sessions.size()); }

    // event.alert to every logged-in console.
    void pushAlert(const QJsonObject &event);

private:
    void onNewConnection();
    void onLoginFailed(RemoteSession *session, const QString &why);
    void onLoginSucceeded(RemoteSession *session);
    void recordEvent(storage::Severity severity, const QString &category, const QString &kind, const QString &message,
                     const QJsonObject &details);

    RemoteMethods &m_methods;
    AuthThrottle &m_throttle;
    storage::EventRepository &m_events;
    RemoteSession::TokenSource m_token;
    RemoteServerSettings m_settings;
    QWebSocketServer *m_server = nullptr;
    QList<RemoteSession *> m_sessions;
};

} // namespace zk::fleet
