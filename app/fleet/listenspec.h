#pragma once

#include "core/config.h"
#include "core/result.h"

#include <QHostAddress>
#include <QSslConfiguration>

#include <optional>

namespace zk::fleet {

// Where and how the remote endpoint listens, checked before it starts:
// HOST:PORT from remote/listen (or ZOOKIOSK_REMOTE_LISTEN); plain ws only
// when HOST is loopback (127.0.0.0/8, ::1, localhost); otherwise TLS (wss)
// with remote/tls_cert and remote/tls_key, and a clear refusal when they
// are missing or unreadable. A certificate and key make it wss on loopback too.
struct ListenSpec
{
    QHostAddress address;
    quint16 port = 0;           // 0: any free port (tests)
    bool tls = false;
    QSslConfiguration ssl;      // the server's certificate and key when tls

    // std::nullopt when the endpoint is off (remote/listen empty).
    static Result<std::optional<ListenSpec>> fromConfig(const Config &config);
};

} // namespace zk::fleet
