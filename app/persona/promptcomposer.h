#pragma once

#include "persona/animal.h"

#include <QList>
#include <QString>

namespace zk::persona {

struct ComposedPrompt
{
    QString text;
    QString version;   // first 16 hex digits of SHA-256 of the text; stored with every turn
};

// Composes the system prompt for one animal: the persona block, the active
// guardrails grouped by type, standard guidelines for children, and the
// protection rules. Deterministic: the same inputs give the same text and version.
class PromptComposer
{
public:
    ComposedPrompt compose(const Animal &animal, const QList<GuardrailRule> &rules, const QString &language) const;

    static QString versionOf(const QString &text);
};

} // namespace zk::persona
