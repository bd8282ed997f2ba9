#include "storage/cacherepository.h"

#include "storage/database.h"
#include "storage/sqlstatement.h"

using namespace Qt::StringLiterals;

namespace zk::storage {

namespace {

QString storedTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

Result<std::optional<QString>> AnswerCacheRepository::lookup(const QString &animalId, const QString &language,
                                                              const QString &questionKey,
                                                              const QDateTime &now) const
{
    using Reply = std::optional<QString>;
    if (questionKey.isEmpty() || !now.isValid())
        return Reply();
    auto db = openConnection(m_db);
    if (!db)
        return db.error();

    // One statement reads and counts: the hit is only counted for a live entry.
    Statement q(*db, u"UPDATE answer_cache SET hits = hits + 1 WHERE animal_id = ? AND language = ? "
                     "AND question_key = ? AND expires_at > ? RETURNING reply"_s);
    q.bind(sqlText(animalId)).bind(sqlText(language)).bind(questionKey).bind(storedTime(now));
    if (!q.exec())
        return q.error(u"Cannot read the answer cache of animal %1"_s.arg(animalId));
    if (!q.next())
        return Reply();
    return Reply(q.text(0));
}

Status AnswerCacheRepository::store(const QString &animalId, const QString &language, const QString &questionKey,
                                    const QString &reply, const QString &model, const QString &promptVersion,
                                    const QDateTime &now, int ttlHours)
{
    if (questionKey.isEmpty() || reply.trimmed().isEmpty())
        return makeError(u"An answer cache entry needs a question key and a reply"_s);
    if (ttlHours < 1)
        return makeError(u"An answer cache entry needs a time to live of at least one hour, not %1"_s.arg(ttlHours));
    if (!now.isValid())
        return makeError(u"An answer cache entry needs a valid time"_s);
    auto db = openConnection(m_db);
    if (!db)
        return db.error();

    Statement q(*db, u"INSERT INTO answer_cache (animal_id, language, question_key, reply, model, prompt_version, "
                     "created_at, expires_at, hits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) "
                     "ON CONFLICT (animal_id, language, question_key) DO UPDATE SET reply = excluded.reply, "
                     "model = excluded.model, prompt_version = excluded.prompt_version, "
                     "created_at = excluded.created_at, expires_at = excluded.expires_at, hits = 0"_s);
    q.bind(sqlText(animalId))
        .bind(sqlText(language))
        .bind(questionKey)
        .bind(reply)
        .bind(sqlText(model))
        .bind(sqlText(promptVersion))
        .bind(storedTime(now))
        .bind(storedTime(now.addSecs(qint64(ttlHours) * 3600)));
    if (!q.exec())
        return q.error(u"Cannot store an answer of animal %1 in the cache"_s.arg(animalId));
    return {};
}

Result<int> AnswerCacheRepository::purgeExpired(const QDateTime &now)
{
    if (!now.isValid())
        return makeError(u"Purging the answer cache needs a valid time"_s);
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"DELETE FROM answer_cache WHERE expires_at <= ?"_s);
    q.bind(storedTime(now));
    if (!q.exec())
        return q.error(u"Cannot purge the answer cache"_s);
    return q.rowsAffected();
}

Status AnswerCacheRepository::clear(const QString &animalId)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"DELETE FROM answer_cache WHERE (? = '' OR animal_id = ?)"_s);
    q.bind(sqlText(animalId)).bind(sqlText(animalId));
    if (!q.exec())
        return q.error(u"Cannot clear the answer cache"_s);
    return {};
}

} // namespace zk::storage
