#pragma once

#include <QByteArray>
#include <QString>

namespace zk {
class KioskCore;
struct Config;
}

namespace zk::cli {

// zookioskctl's fleet commands (exit codes as cli::ExitCode).

// `fleet set-token`: stores the token (read from stdin by the caller), sealed.
int fleetSetToken(KioskCore &core, const QByteArray &token);
// `fleet migrate`: creates or upgrades the central database's tables.
int fleetMigrate(const Config &config);
// `fleet sync`: ships the outbox now, until it is empty (exit 0) or the
// central store fails (exit 1). `quiet`: no report on stdout (after `ask`).
int fleetSync(KioskCore &core, int timeoutMs, bool quiet = false);
// `fleet usage` / `fleet history`: read-only views of the central store.
int fleetUsage(const Config &config, int days, bool json);
int fleetHistory(const Config &config, int limit, bool json);
// `serve`: the remote endpoint (when configured), the central sync (when
// configured) and the kiosk's background services, without a screen, until
// SIGTERM or SIGINT. Prints "LISTENING <url>" once bound, "SYNCING <kiosk id>"
// when the central sync runs.
int serve(KioskCore &core);
// `remote URL METHOD [JSON]`: one call as a staff console; prints the result
// as JSON. `caFile`: PEM certificates to trust for wss (else the system's).
int remoteCall(const QString &url, const QString &method, const QString &paramsJson, const QByteArray &token,
               const QString &caFile, int timeoutMs = 15000);

} // namespace zk::cli
