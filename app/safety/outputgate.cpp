#include "safety/outputgate.h"

#include "safety/localmoderator.h"

using namespace Qt::StringLiterals;

namespace zk::safety {

OutputGate::OutputGate(const LocalModerator &moderator, PersonaGuard persona)
    : m_moderator(moderator)
    , m_persona(std::move(persona))
{
}

OutputGate::Step OutputGate::push(const QString &delta)
{
    if (m_shut)
        return {};
    return checkSentences(m_splitter.push(delta));
}

OutputGate::Step OutputGate::finish()
{
    if (m_shut)
        return {};
    const QString rest = m_splitter.takeRest();
    if (rest.isEmpty())
        return {};
    return checkSentences({rest});
}

OutputGate::Step OutputGate::checkSentences(const QStringList &sentences)
{
    Step step;
    for (const QString &sentence : sentences) {
        const NormalizedText normalized = m_normalizer.normalize(sentence);
        const ModerationFinding finding = m_moderator.checkOutput(normalized);
        if (finding.flagged) {
            m_shut = true;
            step.block = SafetyBlock{true, SafetyReply::Redirect, finding.categories, finding.score,
                                     QString::fromLatin1(layer::OutputLocal), finding.evidence};
            step.release.clear();
            return step;
        }
        // The persona guard reads the sentence's words after the last words
        // shown before it, so a leak that spans sentences is seen, at a cost
        // that does not grow with the length of the reply.
        QStringList context = m_tailWords;
        context += normalized.words;
        const PersonaFinding persona = m_persona.check(context);
        if (persona.flagged) {
            m_shut = true;
            step.block = SafetyBlock{true, SafetyReply::Redirect, {persona.reason}, 1.0,
                                     QString::fromLatin1(layer::OutputPersona), persona.evidence};
            step.release.clear();
            return step;
        }
        step.release += sentence;
        if (context.size() > kTailWords)
            context.remove(0, context.size() - kTailWords);
        m_tailWords = std::move(context);
    }
    m_released += step.release;
    return step;
}

} // namespace zk::safety
