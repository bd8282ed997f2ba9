#pragma once

#include "core/result.h"
#include "fleet/auththrottle.h"
#include "fleet/remotemethods.h"
#include "fleet/remoteserver.h"
#include "fleet/remotetokenstore.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace zk {
class KioskCore;
}
namespace zk::storage {
struct Event;
}

namespace zk::fleet {

// Wires the remote management channel onto a kiosk (zookiosk and
// `zookioskctl serve` alike): the token store, the methods, the login
// throttle and the server, and the kiosk's alerts (categories "alert" and
// "security": budget thresholds, breaker changes, self-harm flags, failed
// logins, ...) pushed to the consoles as event.alert.
class RemoteEndpoint : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        RemoteServerSettings server;
        ThrottleSettings throttle;
    };

    // Null when the endpoint is off (no remote/listen); an error when the
    // settings are refused (plain ws off loopback, TLS files missing), no
    // fleet token is set, or the port cannot be bound.
    static Result<std::unique_ptr<RemoteEndpoint>> start(KioskCore &core, const Options &options);
    static Result<std::unique_ptr<RemoteEndpoint>> start(KioskCore &core) { return start(core, Options{}); }
    ~RemoteEndpoint() override;

    QUrl url() const { return m_server->url(); }
    RemoteServer &server() { return *m_server; }
    RemoteMethods &methods() { return m_methods; }

    // Which events reach the consoles as event.alert.
    static bool isAlert(const storage::Event &event);

private:
    RemoteEndpoint(KioskCore &core, const Options &options);

    KioskCore &m_core;
    RemoteTokenStore m_tokens;
    RemoteMethods m_methods;
    AuthThrottle m_throttle;
    RemoteServer *m_server = nullptr;
};

} // namespace zk::fleet
