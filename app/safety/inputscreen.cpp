#include "safety/inputscreen.h"

#include "safety/injectiondetector.h"
#include "safety/localmoderator.h"
#include "safety/piiredactor.h"

using namespace Qt::StringLiterals;

namespace zk::safety {

InputScreen::InputScreen(const InjectionDetector &injection, const LocalModerator &moderator, const PiiRedactor &pii,
                         int maxChars)
    : m_injection(injection)
    , m_moderator(moderator)
    , m_pii(pii)
    , m_maxChars(maxChars)
{
}

InputVerdict InputScreen::screen(const QString &text) const
{
    InputVerdict verdict;
    verdict.cleaned = TextNormalizer::clean(text);
    verdict.length = int(verdict.cleaned.size());
    if (verdict.cleaned.isEmpty()) {
        verdict.kind = InputVerdict::Kind::Empty;
        return verdict;
    }
    if (verdict.length > m_maxChars) {
        verdict.kind = InputVerdict::Kind::TooLong;
        return verdict;
    }

    // Personal data never leaves the kiosk: everything below sees the redacted text.
    const Redaction redaction = m_pii.redact(verdict.cleaned);
    verdict.outgoing = redaction.text;
    verdict.personalData = redaction.kindNames();

    // Matching runs on the visitor's own text (not the placeholders).
    const NormalizedText normalized = m_normalizer.normalizeCleaned(verdict.cleaned);
    const ModerationFinding moderation = m_moderator.checkInput(normalized);
    verdict.riskScore = moderation.score;

    auto block = [&](SafetyReply reply, QStringList categories, double score, const char *layer, QString evidence) {
        verdict.kind = InputVerdict::Kind::Blocked;
        verdict.block = SafetyBlock{true, reply, std::move(categories), score, QString::fromLatin1(layer),
                                    std::move(evidence)};
        verdict.riskScore = std::max(verdict.riskScore, score);
        return verdict;
    };

    // Self-harm first: a warm reply, whatever else the message holds.
    if (moderation.flagged && moderation.categories.contains(u"self-harm"_s))
        return block(SafetyReply::SelfHarm, moderation.categories, moderation.score, layer::InputLocal,
                     moderation.evidence);
    const InjectionFinding injection = m_injection.check(normalized);
    if (injection.detected)
        return block(SafetyReply::Injection, {u"injection"_s}, std::max(injection.score, 0.5), layer::InputInjection,
                     injection.rule + (injection.evidence.isEmpty() ? QString() : u": "_s + injection.evidence));
    if (moderation.flagged)
        return block(SafetyReply::Redirect, moderation.categories, moderation.score, layer::InputLocal,
                     moderation.evidence);
    return verdict;
}

} // namespace zk::safety
