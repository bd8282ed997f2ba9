#pragma once

#include "safety/textnormalizer.h"

#include <QMultiHash>
#include <QString>
#include <QStringList>

namespace zk::safety {

struct PersonaFinding
{
    bool flagged = false;
    QString reason;     // "prompt_leak" or "persona_drop"
    QString evidence;   // the matched words (folded), for staff
};

// Checks a reply against the persona it should speak as: a reply that
// reveals the system prompt (seven or more words in a row from its
// instructions, or talk about "my instructions") or drops the persona
// ("as an AI language model", "soy un modelo de lenguaje", "developer mode")
// is flagged. The persona's own facts and description are not secret: a reply
// that repeats them is fine.
class PersonaGuard
{
public:
    // `publicText`: the parts of the prompt a reply may repeat (facts,
    // personality, names, conservation status).
    PersonaGuard(const QString &systemPrompt, const QStringList &publicText);

    PersonaFinding check(const QString &reply) const;
    // The same on a reply's folded words (NormalizedText::words); the output
    // gate passes the words of the text shown so far and the new sentence.
    PersonaFinding check(const QStringList &words) const;

    static constexpr int kLeakRunWords = 7;

private:
    static size_t runHash(const size_t *wordHashes);

    // The instructions' folded words, and where each run of kLeakRunWords of
    // them that is not also in the public text starts, by runHash(): a
    // reply's run is looked up by hash and then compared word by word.
    QStringList m_words;
    QMultiHash<size_t, qsizetype> m_secretRunStarts;
};

} // namespace zk::safety
