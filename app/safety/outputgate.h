#pragma once

#include "safety/personaguard.h"
#include "safety/safetyverdict.h"
#include "safety/sentencesplitter.h"
#include "safety/textnormalizer.h"

namespace zk::safety {

class LocalModerator;

// Lets a streamed reply through sentence by sentence, each sentence only
// after the local output checks (word lists and categories, persona guard)
// passed it; the delay is at most one sentence. Once a sentence fails, the
// gate stays shut and the caller replaces what was shown.
class OutputGate
{
public:
    OutputGate(const LocalModerator &moderator, PersonaGuard persona);

    struct Step
    {
        QString release;         // text cleared to show now (may be empty)
        SafetyBlock block;       // blocked: show nothing more, replace the reply
    };

    Step push(const QString &delta);
    // The stream ended: the last, unfinished sentence.
    Step finish();
    const QString &released() const { return m_released; }
    bool isShut() const { return m_shut; }

private:
    Step checkSentences(const QStringList &sentences);

    const LocalModerator &m_moderator;
    PersonaGuard m_persona;
    SentenceSplitter m_splitter;
    TextNormalizer m_normalizer;
    QString m_released;
    QStringList m_tailWords; // the last folded words shown, for checks across sentences
    static constexpr qsizetype kTailWords = 40; // well over PersonaGuard::kLeakRunWords and any guarded phrase
    bool m_shut = false;
};

} // namespace zk::safety
