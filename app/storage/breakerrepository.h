#pragma once

#include "core/result.h"
#include "llm/circuitbreaker.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace zk::storage {

class Database;

// The circuit breaker of each API endpoint (table breaker_state), so that an
// open breaker stays open across a restart and staff can see it.
class BreakerRepository
{
public:
    explicit BreakerRepository(Database &db) : m_db(db) {}

    // Nothing stored for `endpoint`: an empty optional.
    Result<std::optional<llm::BreakerSnapshot>> load(const QString &endpoint) const;
    // Inserts or replaces the endpoint's row (updated_at = now).
    Status save(const QString &endpoint, const llm::BreakerSnapshot &snapshot);
    // Every stored endpoint, by name.
    Result<QList<QPair<QString, llm::BreakerSnapshot>>> all() const;

private:
    Database &m_db;
};

} // namespace zk::storage
