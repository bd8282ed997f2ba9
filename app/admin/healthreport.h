#pragma once

#include <QJsonObject>

namespace zk {
class KioskCore;
}

namespace zk::admin {

// The Health page's figures (also `zookioskctl health --json`): the API key
// and where it came from, emergency mode, the circuit breaker, rate-limit
// headroom, today's turns and blocks, the last 50 events by severity, and
// the database's size and integrity.
QJsonObject healthReport(KioskCore &core);

} // namespace zk::admin
