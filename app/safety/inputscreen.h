#pragma once

#include "safety/safetyverdict.h"
#include "safety/textnormalizer.h"

namespace zk::safety {

class InjectionDetector;
class LocalModerator;
class PiiRedactor;

// The offline checks of a visitor's message, in order: invisible characters
// out -> empty? -> too long? -> personal data replaced -> self-harm signals ->
// prompt injection -> local moderation. Pure and fast (run on every message,
// before anything leaves the kiosk).
class InputScreen
{
public:
    InputScreen(const InjectionDetector &injection, const LocalModerator &moderator, const PiiRedactor &pii,
                int maxChars);

    InputVerdict screen(const QString &text) const;
    int maxChars() const { return m_maxChars; }

private:
    const InjectionDetector &m_injection;
    const LocalModerator &m_moderator;
    const PiiRedactor &m_pii;
    TextNormalizer m_normalizer;
    int m_maxChars;
};

} // namespace zk::safety
