#pragma once

#include "fleet/jsonrpc.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

class QWebSocket;

namespace zk::fleet {

class RemoteMethods;

struct SessionSettings
{
    qint64 maxMessageBytes = 64 * 1024;   // a bigger frame or message closes the connection
    int loginTimeoutMs = 10000;           // no login within this: closed
    int burst = 40;                       // rate limit: a bucket of this many frames,
    double framesPerSecond = 20.0;        // refilled at this rate; empty: an error, then closed
    qint64 maxPendingBytes = 4 * 1024 * 1024;   // a console that stops reading is closed
};

// One console connection: the challenge, the login, then JSON-RPC calls
// (RemoteMethods) and pushed alerts. The only thing that works before login
// is auth.login, once, against this connection's single-use nonce. Every
// refusal is a JSON-RPC error; a wrong login, a second login attempt, a
// call before login, a flood, a binary or oversized frame end the connection.
class RemoteSession : public QObject
{
    Q_OBJECT

public:
    // The shared token, read when a login arrives (empty: none is set).
    using TokenSource = std::function<QByteArray()>;

    // Takes ownership of `socket`.
    RemoteSession(QWebSocket *socket, RemoteMethods &methods, TokenSource token, SessionSettings settings,
                  QObject *parent = nullptr);
    ~RemoteSession() override;

    // Sends the challenge after `delayMs` (the throttle's delay for this address).
    void start(int delayMs);
    // Refuses the connection at once (a locked-out address, too many connections).
    void refuse(const QString &reason);
    // An event.alert notification, if logged in.
    void pushAlert(const QJsonObject &event);

    bool isAuthenticated() const { return m_authenticated; }
    QString peer() const { return m_peer; }            // "address:port"
    QString peerAddress() const { return m_address; }  // for the throttle

Q_SIGNALS:
    void loginSucceeded(zk::fleet::RemoteSession *session);
    // why: "wrong_hmac", "nonce_reused", "no_token", "malformed"
    void loginFailed(zk::fleet::RemoteSession *session, const QString &why);
    void flooded(zk::fleet::RemoteSession *session);
    void closed(zk::fleet::RemoteSession *session);

private:
    void sendChallenge();
    void onText(const QString &text);
    void handle(const rpc::Request &request);
    void login(const rpc::Request &request);
    bool takeToken();
    void send(const QByteArray &frame);
    void closeWith(const QByteArray &lastFrame, const QString &reason);

    QWebSocket *m_socket;
    RemoteMethods &m_methods;
    TokenSource m_token;
    SessionSettings m_settings;
    QString m_peer;
    QString m_address;
    QByteArray m_nonce;          // raw bytes; cleared once a login has used it
    bool m_challengeSent = false;
    bool m_authenticated = false;
    bool m_closing = false;
    QTimer m_challengeTimer;
    QTimer m_loginTimer;
    double m_tokens = 0;
    QElapsedTimer m_bucketClock;
};

} // namespace zk::fleet
