#pragma once

#include "llm/openaiclient.h"
#include "llm/requestbuilder.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace zk::llm {

// The Health page's "Test connection" (and `zookioskctl health
// --check-connection`): GET {base}/models with the kiosk's key and TLS
// settings, answered as a plain verdict for staff. Never blocks the event loop.
class ConnectivityCheck : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        bool ok = false;
        int httpStatus = 0;
        qint64 latencyMs = 0;
        int models = 0;          // models the key can use (when ok)
        QString errorKind;       // errorKindName(), empty when ok
        QString message;         // for staff; never the key
    };

    ConnectivityCheck(QNetworkAccessManager *network, const ClientSettings &settings, int timeoutMs,
                      QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(const zk::llm::ConnectivityCheck::Outcome &outcome);

private:
    void onFinished();
    void finish(Outcome outcome);

    QNetworkAccessManager *m_network;
    ClientSettings m_settings;
    RequestBuilder m_builder;
    int m_timeoutMs;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    bool m_done = false;
};

} // namespace zk::llm
