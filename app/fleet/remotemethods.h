#pragma once

#include "core/result.h"
#include "fleet/jsonrpc.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <functional>

namespace zk {
class KioskCore;
}

namespace zk::fleet {

// The methods a logged-in staff console may call, mapped onto the kiosk's
// own staff operations (KioskCore, admin/staffedits, admin/staffqueries):
// the same validation and the same events as the admin panel and
// zookioskctl, with "remote console <peer>" as who did it. Params are checked
// by type (InvalidParams), unknown ids give NotFound, a storage failure
// ServerError. Every call is also recorded as a "remote"/"remote_call" event
// with the peer address and the outcome: changes and refusals one by one;
// successful reads (status.get, *.list, config.get, history.query,
// usage.get), which a console polls many times a minute, at most once a
// minute per console address and method, with the number of calls they
// stand for (details "calls"), so that polling cannot flood the events table.
class RemoteMethods
{
public:
    explicit RemoteMethods(KioskCore &core);
    ~RemoteMethods(); // records the reads not recorded yet
    static constexpr qint64 kReadRecordIntervalMs = 60'000;

    // What the kiosk screen shows ("attract", "picker", "chat", ...); without
    // a provider (zookioskctl serve) status.get says "headless".
    void setScreenProvider(std::function<QString()> provider) { m_screen = std::move(provider); }

    static bool isKnown(const QString &method);
    static QStringList names();
    Result<QJsonValue, rpc::Failure> call(const QString &method, const QJsonObject &params, const QString &peer);

private:
    using Reply = Result<QJsonValue, rpc::Failure>;
    Reply statusGet(const QJsonObject &params);
    Reply animalsList(const QJsonObject &params);
    Reply animalsUpsert(const QJsonObject &params, const QString &who);
    Reply guardrailsList(const QJsonObject &params);
    Reply guardrailsUpsert(const QJsonObject &params, const QString &who);
    Reply emergencySet(const QJsonObject &params, const QString &who);
    Reply breakerReset(const QJsonObject &params, const QString &who);
    Reply configGet(const QJsonObject &params);
    Reply configSet(const QJsonObject &params, const QString &who);
    Reply historyQuery(const QJsonObject &params);
    Reply usageGet(const QJsonObject &params);

    static bool isReadOnly(const QString &method);
    void recordCall(const QString &method, const QString &peer, const QString &who, const Reply &reply, int calls);
    void flushReads(bool all);

    struct ReadTally
    {
        QString method;
        QString peer;          // the latest peer (address:port) of this address
        int calls = 0;         // successful calls not recorded yet
        QElapsedTimer since;   // since the last record
    };

    KioskCore &m_core;
    std::function<QString()> m_screen;
    QElapsedTimer m_uptime;
    QHash<QString, ReadTally> m_reads; // by "<address> <method>"
};

} // namespace zk::fleet
