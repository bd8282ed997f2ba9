#pragma once

#include "persona/animal.h"

#include <QString>

namespace zk::storage {
class KnowledgeRepository;
}

namespace zk::conversation {

// Answers a visitor on the kiosk itself, with no model: from the animal's
// curated knowledge (already in its voice, first person) when an entry is
// relevant, otherwise with the animal's emergency message. Used when no model
// can be reached (no key, breaker open, budget spent, network down,
// emergency mode). Never throws and never returns an empty text.
class OfflineAnswerer
{
public:
    explicit OfflineAnswerer(storage::KnowledgeRepository &knowledge) : m_knowledge(knowledge) {}

    struct Answer
    {
        QString text;
        bool matched = false;   // false: the emergency message (source "emergency"), else source "offline"
        QString entryKey;       // the knowledge entry used, when matched
    };

    Answer answer(const persona::Animal &animal, const QString &language, const QString &question) const;

    // The animal's emergency message in `language` (else English, else its
    // first text), or a built-in resting message when it has none.
    static QString emergencyMessage(const persona::Animal &animal, const QString &language);

private:
    storage::KnowledgeRepository &m_knowledge;
};

} // namespace zk::conversation
