#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

class QWebSocket;

namespace zk::fleet {

// The console side of the remote channel (zookioskctl remote; the Widgets
// staff console can use it too): connects, answers the challenge with
// HMAC-SHA256(token, nonce), then sends calls; alerts arrive as signals.
// Calls made before the login completes wait for it.
class RemoteClient : public QObject
{
    Q_OBJECT

public:
    // `ssl` for wss: e.g. with the kiosk's certificate added as a CA.
    RemoteClient(QByteArray token, QSslConfiguration ssl = QSslConfiguration::defaultConfiguration(),
                 QObject *parent = nullptr);
    ~RemoteClient() override;

    void open(const QUrl &url);
    // Returns the request id (replied/failed carry it).
    qint64 call(const QString &method, const QJsonObject &params = {});
    bool isLoggedIn() const { return m_loggedIn; }

Q_SIGNALS:
    void loggedIn();
    void replied(qint64 id, const QJsonValue &result);
    // An error reply (id of the call), or id 0 for the connection: login refused, closed, TLS failure.
    void failed(qint64 id, int code, const QString &message);
    void alert(const QJsonObject &event);
    void closed();
    // The kiosk's certificate was refused (also reported as failed(0, ...)).
    void tlsFailed(const QStringList &errors);

private:
    void onText(const QString &text);
    void sendNow(qint64 id, const QString &method, const QJsonObject &params);

    QByteArray m_token;
    QWebSocket *m_socket;
    bool m_loggedIn = false;
    qint64 m_loginId = 0;
    qint64 m_nextId = 1;
    QList<std::tuple<qint64, QString, QJsonObject>> m_queued;
};

} // namespace zk::fleet
