#pragma once

#include <QString>

namespace zk {

// A fresh random id (UUID without braces) for conversations and turns.
QString newId();

// A stable, non-reversible short hash of an id for logs, events and the API's
// safety identifier: hex SHA-256 of a salt and the id, first 16 bytes.
QString hashId(const QString &id, const QByteArray &salt = {});

// Milliseconds since the epoch, UTC, and ISO-8601 UTC text for storage.
qint64 nowMs();
QString isoNow();

} // namespace zk
