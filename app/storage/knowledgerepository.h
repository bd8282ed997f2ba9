#pragma once

#include "core/result.h"
#include "persona/knowledgecontent.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace zk::storage {

class Database;

// Each animal's curated question-and-answer facts (knowledge_entries) and
// their full-text index (knowledge_fts, the same rowid), searched for the
// offline answers given when no model can be reached.
class KnowledgeRepository
{
public:
    explicit KnowledgeRepository(Database &db) : m_db(db) {}

    // Seeds the shipped knowledge. For each animal in `entries` whose stored
    // entries differ from these (another content version, or an entry or
    // language missing or extra), replaces all of that animal's entries and
    // index rows in one transaction (for the whole call). Animals not in the
    // database are skipped with a warning. Returns how many rows were written
    // (0 when everything was already current: idempotent).
    Result<int> seed(const QList<persona::KnowledgeEntry> &entries);

    // Runs `seeder` (which seeds the shipped knowledge) before the first read
    // (bestMatch, count), once: a command that never needs an offline answer
    // does not pay for indexing ~500 entries. The kiosk seeds at start instead.
    void seedBeforeFirstRead(std::function<Status()> seeder) { m_seeder = std::move(seeder); }

    struct Match
    {
        QString key;       // the entry's key ("diet-main")
        QString answer;    // in the animal's voice
        double score = 0;  // FTS5 bm25 relevance, negated: higher is better
    };

    // The entry of `animalId` in `language` that best answers `question`, or
    // nullopt when none is relevant enough. The question is reduced to
    // conversation::searchTerms() (so no visitor text reaches the MATCH syntax
    // unquoted), each term prefix-matched and OR-combined, ranked with bm25
    // weighting questions (10) and keywords (6) above the answer (1).
    // Relevance: the terms are weighed against this animal's entries. Generic
    // words ("like", "tienes", question words, numbers) and words most entries
    // use ("panda" for the red panda) are not distinctive. With distinctive
    // terms, the entry's questions or keywords must contain one, and when the
    // question also has words this animal's knowledge never uses, at least as
    // many, one of them in both its questions and its keywords; with none,
    // they must contain every word as used. So "What do you eat?" finds the
    // food entry, while "Do you like pizza?", "What's the capital of France?"
    // and "asdf qwerty" give nullopt. Among relevant entries: most distinctive
    // terms, then most exact words, then bm25.
    Result<std::optional<Match>> bestMatch(const QString &animalId, const QString &language,
                                           const QString &question) const;

    // Stored entries of `animalId` in `language`; an empty argument means any.
    Result<int> count(const QString &animalId, const QString &language) const;

private:
    Status ensureSeeded() const;

    Database &m_db;
    mutable std::function<Status()> m_seeder;
};

} // namespace zk::storage
