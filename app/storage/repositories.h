#pragma once

#include "core/result.h"
#include "persona/animal.h"
#include "storage/storedtypes.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>

#include <functional>
#include <optional>

namespace zk::storage {

class Database;

// Animals and their per-language texts.
class AnimalRepository
{
public:
    explicit AnimalRepository(Database &db) : m_db(db) {}

    Result<QList<persona::Animal>> list(bool activeOnly = true) const;   // by sortOrder
    Result<std::optional<persona::Animal>> find(const QString &id) const;
    // Seeds one default animal: inserted if absent; replaced if present, not
    // staff-edited and its contentHash differs; otherwise left alone.
    // Returns true when the row was written.
    Result<bool> seedDefault(const persona::Animal &animal);
    // The same for many, in one transaction (all or none); returns how many
    // rows were written.
    Result<int> seedDefaults(const QList<persona::Animal> &animals);
    // Staff edit: writes the animal and marks it staffEdited.
    Status saveEdited(const persona::Animal &animal);

private:
    Database &m_db;
};

class GuardrailRepository
{
public:
    explicit GuardrailRepository(Database &db) : m_db(db) {}

    // Active rules that apply to `animalId`: global ones and the animal's own.
    Result<QList<persona::GuardrailRule>> activeFor(const QString &animalId) const;
    Result<QList<persona::GuardrailRule>> all() const;
    // Inserted when no rule with the same seedKey was ever seeded; never
    // overwrites, and a rule staff deleted stays deleted.
    Result<bool> seedDefault(const persona::GuardrailRule &rule);
    // The same for many, in one transaction (all or none); returns how many
    // rules were inserted.
    Result<int> seedDefaults(const QList<persona::GuardrailRule> &rules);
    Result<qint64> save(const persona::GuardrailRule &rule); // insert (id 0) or update
    Status remove(qint64 id);

private:
    Database &m_db;
};

// What staff look for in the stored conversations (all optional).
struct HistoryFilter
{
    QString conversationId;
    QString animalId;
    QDate from;                        // first day included (UTC)
    QDate to;                          // last day included (UTC)
    std::optional<ReplySource> source;
    bool blockedOnly = false;
    QString search;                    // words in the visitor's text or the reply (full-text)
    int limit = 100;                   // <= 0: no limit
};

struct HistoryRow
{
    Turn turn;
    QString animalId;
    QString language;
};

class ConversationRepository
{
public:
    explicit ConversationRepository(Database &db) : m_db(db) {}

    Result<Conversation> create(const QString &animalId, const QString &language);
    Result<std::optional<Conversation>> find(const QString &id) const;
    Status end(const QString &id);

    // Writes the turn (assigning seq = last + 1) and its usage row, if any,
    // in one transaction: either both are stored or neither.
    Result<Turn> saveTurn(Turn turn, const std::optional<UsageRecord> &usage);
    Result<QList<Turn>> turns(const QString &conversationId) const;           // by seq

    // The in-flight journal: a turn whose model call started (id, conversation,
    // visitor text, prompt version, createdAt, model) and the text shown so far.
    // saveTurn() removes the entry in its own transaction.
    Status beginPending(const Turn &turn);
    Status updatePending(const QString &turnId, const QString &shownText);
    // Turns a crash interrupted become stored turns with status failed,
    // error kind "interrupted" and the text the visitor saw. Returns how many.
    Result<int> recoverPending();
    // Newest first across conversations, or of one conversation when given.
    Result<QList<Turn>> history(const QString &conversationId, int limit) const;
    // Newest first, filtered (the History page, zookioskctl history/export).
    Result<QList<HistoryRow>> query(const HistoryFilter &filter) const;
    // How many turns, and how many of them blocked, were asked on the UTC
    // days from..to (both included; invalid = no bound). One COUNT query.
    struct TurnCounts
    {
        int turns = 0;
        int blocked = 0;
    };
    Result<TurnCounts> countTurns(const QDate &from, const QDate &to) const;
    // Deletes turns asked before `cutoff` (their search rows too, and
    // conversations left empty) in one transaction; usage rows stay for the
    // cost figures. Returns how many turns went.
    Result<int> purgeOlderThan(const QDateTime &cutoff);

    Result<std::optional<Summary>> latestSummary(const QString &conversationId) const;
    // Stores the summary and its usage row in one transaction.
    Status saveSummary(const Summary &summary, const std::optional<UsageRecord> &usage);

    // The prompt text behind a version hash, stored once per version.
    Status rememberPromptVersion(const QString &hash, const QString &animalId, const QString &text);

private:
    Database &m_db;
};

class EventRepository
{
public:
    explicit EventRepository(Database &db) : m_db(db) {}

    Result<qint64> record(Event event);              // createdAt filled when empty
    Result<QList<Event>> recent(int limit) const;    // newest first
    // Deletes events older than `cutoff` (the retention period); returns how many.
    Result<int> purgeOlderThan(const QDateTime &cutoff);

    // Called with each event once stored (id and createdAt filled in).
    std::function<void(const Event &)> onRecorded;

private:
    Database &m_db;
};

} // namespace zk::storage
