#pragma once

#include "central/centralurl.h"
#include "core/result.h"

#include <QSqlDatabase>
#include <QString>

namespace zk::central {

// One QPSQL connection to the central database, owned by the thread that
// made this object (Qt's SQL connections are per thread): a worker thread's,
// or the CLI's main thread. open() connects when there is no live connection,
// so after a failure the next open() reconnects; drop() forgets a connection
// that failed mid-transaction. Errors name the database by its redacted URL.
class CentralConnection
{
public:
    // `purpose` tells the connections of one process apart ("sync", "budget").
    CentralConnection(CentralUrl url, const QString &purpose);
    ~CentralConnection();
    CentralConnection(const CentralConnection &) = delete;
    CentralConnection &operator=(const CentralConnection &) = delete;

    Result<QSqlDatabase> open();
    // Marks the connection broken (it failed mid-transaction, or the server
    // went away): the next open() closes it and makes a fresh one. Callers
    // may still hold queries on it, which is why it is not closed here.
    void drop();
    // open(), once the central schema is known to be at least `version`
    // (checked once per connection; an older schema wants `zookioskctl fleet
    // migrate`, and a failed check drops the connection).
    Result<QSqlDatabase> openAtSchema(int version);
    const CentralUrl &url() const { return m_url; }

private:
    void close();
    Status requireSchema(int version);

    CentralUrl m_url;
    QString m_name;
    bool m_schemaChecked = false;
    bool m_broken = false;
};

// The QSqlError of a failed step as one line, prefixed with `what`.
Error centralFailure(const QString &what, const QString &driverText);

} // namespace zk::central
