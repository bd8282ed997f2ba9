#pragma once

#include "fleet/kioskhealth.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

class QTimer;

namespace zk::fleet {

class RemoteClient;
class RemoteReply;

// How often a KioskLink polls, how long it waits for a login and how it backs off.
struct LinkTiming
{
    int pollMs = 5000;
    int connectTimeoutMs = 10000;
    int firstRetryMs = 1000;
    int maxRetryMs = 30000;
};

// The staff console's connection to one kiosk: logs in with the kiosk's
// token (RemoteClient), polls status.get, turns the answer into the status
// light (assessStatus), reconnects after a loss with a growing pause, and
// forwards the kiosk's pushed alerts. Pages call the kiosk through call().
// A refused login is not retried by itself (a wrong token would only lock
// the console out): reconnect() tries again.
class KioskLink : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Connecting,   // opening or logging in (grey)
        Connected,    // logged in (green or amber, by the last status)
        Unreachable,  // no connection, or it was lost; retrying (red)
        Refused,      // the kiosk refused the login: wrong token (red)
    };
    Q_ENUM(State)

    // Why the last attempt failed (None while it goes well).
    enum class Failure {
        None,
        NoAnswer,       // no connection, lost, or no answer in time
        Untrusted,      // wss: the kiosk's certificate is not trusted here
        LoginRefused,   // the token
    };

    using Timing = LinkTiming;

    KioskLink(QString name, QUrl url, QByteArray token, Timing timing = {},
              QSslConfiguration ssl = QSslConfiguration::defaultConfiguration(), QObject *parent = nullptr);
    ~KioskLink() override;

    const QString &name() const { return m_name; }
    const QUrl &url() const { return m_url; }
    State state() const { return m_state; }
    // Grey or red from the state; green or amber from the last status while connected.
    KioskHealth health() const;
    const QJsonObject &lastStatus() const { return m_status; }
    // The kiosk's own words for the last failure (English, for the tooltip and logs).
    const QString &lastError() const { return m_error; }
    Failure failure() const { return m_failure; }
    // The pause before the next attempt while Unreachable.
    int retryInMs() const { return m_retryMs; }

    void start();
    // Now, instead of after the pause (or after a refused login).
    void reconnect();
    // Asks for status.get now (the poll does it every pollMs).
    void pollNow();

    // A call on the kiosk; the reply finishes with an error at once when the
    // link is not connected. Owned by the link until it finishes.
    RemoteReply *call(const QString &method, const QJsonObject &params = {});

Q_SIGNALS:
    void stateChanged(zk::fleet::KioskLink::State state);
    void statusUpdated(const QJsonObject &status);
    void alertReceived(const QJsonObject &event);

private:
    void connectNow();
    void dropClient();
    void setState(State state);
    void onLoggedIn();
    void onReplied(qint64 id, const QJsonValue &result);
    void onFailed(qint64 id, int code, const QString &message);
    void onClosed();
    void scheduleRetry();
    void failPending(const QString &message);

    QString m_name;
    QUrl m_url;
    QByteArray m_token;
    Timing m_timing;
    QSslConfiguration m_ssl;
    State m_state = State::Connecting;
    QJsonObject m_status;
    QString m_error;
    int m_retryMs = 0;
    Failure m_failure = Failure::None;
    RemoteClient *m_client = nullptr;
    QTimer *m_poll = nullptr;
    QTimer *m_retry = nullptr;
    QTimer *m_connectTimeout = nullptr;
    QHash<qint64, QPointer<RemoteReply>> m_pending;
};

} // namespace zk::fleet
