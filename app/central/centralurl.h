#pragma once

#include "core/result.h"

#include <QString>

namespace zk::central {

// Where the central PostgreSQL database is, from a libpq-style URL:
//   postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require&connect_timeout=5
// (scheme postgresql or postgres; user, password and port optional; user and
// password percent-decoded). Query items other than sslmode, sslrootcert and
// connect_timeout are refused, so nothing unexpected reaches libpq.
// The password is only ever handed to the driver: redacted() is the form for
// logs, events and `zookioskctl config get`.
struct CentralUrl
{
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString password;
    QString sslMode;          // empty: libpq's default (prefer)
    QString sslRootCert;
    int connectTimeoutS = 5;

    static Result<CentralUrl> parse(const QString &text);
    // The URL with the password replaced by "***" (no password: as given).
    static QString redact(const QString &text);
    QString redacted() const;
    // The QPSQL connect options (libpq keywords): timeouts, keepalives so a
    // dead network is noticed in seconds, TLS.
    QString connectOptions() const;
};

} // namespace zk::central
