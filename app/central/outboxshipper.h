#pragma once

#include "core/result.h"

#include <QString>

namespace zk::storage {
class OutboxRepository;
}

namespace zk::central {

class CentralConnection;

// Ships the outbox to the central database, one batch at a time: reads the
// oldest rows, upserts them (and the kiosk's row) in one PostgreSQL
// transaction with INSERT ... ON CONFLICT (kiosk_id, row_id) DO NOTHING, and
// deletes them from the outbox only after that commit. Delivery is
// at-least-once (a crash after the commit ships the batch again) and the
// upsert makes it exactly-once in the central tables. Blocking: run it on a
// worker thread (CentralSync) or in the CLI.
class OutboxShipper
{
public:
    OutboxShipper(storage::OutboxRepository &outbox, CentralConnection &central, QString kioskId, int batchSize);

    struct Batch
    {
        int shipped = 0;
        bool more = false;   // a full batch: there may be more
    };
    // On failure the connection is dropped (the next batch reconnects) and
    // the outbox keeps the rows.
    Result<Batch> shipBatch();

    // The central schema version the upserts need.
    static constexpr int kRequiredSchema = 1;

private:
    storage::OutboxRepository &m_outbox;
    CentralConnection &m_central;
    QString m_kioskId;
    int m_batchSize;
};

} // namespace zk::central
