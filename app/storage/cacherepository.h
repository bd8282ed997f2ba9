#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace zk::storage {

class Database;

// First-turn replies to common questions (answer_cache), per animal and
// language, keyed by the normalised question (conversation::questionKey()).
// Only replies that passed every safety check belong here; the caller decides.
// Times are stored as ISO-8601 UTC text with milliseconds, so they compare as
// text.
class AnswerCacheRepository
{
public:
    explicit AnswerCacheRepository(Database &db) : m_db(db) {}

    // The reply stored for the key if it has not expired at `now` (expires_at
    // later than now); counts the hit. nullopt when absent or expired.
    Result<std::optional<QString>> lookup(const QString &animalId, const QString &language,
                                          const QString &questionKey, const QDateTime &now) const;
    // Stores (or replaces, resetting its hits) the reply for the key, valid
    // for `ttlHours` (at least 1) from `now`. An empty key or reply is an error.
    Status store(const QString &animalId, const QString &language, const QString &questionKey,
                 const QString &reply, const QString &model, const QString &promptVersion,
                 const QDateTime &now, int ttlHours);
    // Removes the entries expired at `now`; returns how many.
    Result<int> purgeExpired(const QDateTime &now);
    // Removes every entry, or those of one animal.
    Status clear(const QString &animalId = {});

private:
    Database &m_db;
};

} // namespace zk::storage
