#pragma once

#include <QByteArray>
#include <QString>

namespace zk {
class KioskCore;
}

namespace zk::cli {

// zookioskctl's fleet commands (exit codes as cli::ExitCode).

// `fleet set-token`: stores the token (read from stdin by the caller), sealed.
int fleetSetToken(KioskCore &core, const QByteArray &token);
// `serve`: the remote endpoint and the kiosk's background services, without
// a screen, until SIGTERM or SIGINT. Prints "LISTENING <url>" once bound.
int serve(KioskCore &core);
// `remote URL METHOD [JSON]`: one call as a staff console; prints the result
// as JSON. `caFile`: PEM certificates to trust for wss (else the system's).
int remoteCall(const QString &url, const QString &method, const QString &paramsJson, const QByteArray &token,
               const QString &caFile, int timeoutMs = 15000);

} // namespace zk::cli
