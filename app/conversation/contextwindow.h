#pragma once

#include "llm/llmtypes.h"
#include "storage/storedtypes.h"

#include <QList>

#include <optional>

namespace zk::conversation {

struct ContextSettings
{
    int maxTurns = 10;                // last N turns sent back to the model
    int tokenBudget = 3000;           // for the history part of the prompt
    int summaryThresholdTokens = 2000;// past this, older turns get summarised
    int turnsAfterSummary = 5;        // turns kept verbatim beside the summary
};

// A rough, conservative token count (about four characters per token, plus the
// per-message overhead of the chat format). Used for budgets and estimates.
int estimateTokens(const QString &text);

// Chooses which earlier turns go back to the model. Pure: no I/O.
class ContextWindow
{
public:
    explicit ContextWindow(ContextSettings settings) : m_settings(settings) {}

    struct Plan
    {
        QList<llm::ChatMessage> messages; // summary (as a system note) and user/assistant pairs, oldest first
        bool usesSummary = false;
        int tokens = 0;
    };

    // Turns eligible to go back to the model: not blocked, with a reply.
    static bool eligible(const storage::Turn &turn);

    Plan build(const QList<storage::Turn> &turns, const std::optional<storage::Summary> &summary) const;

    // When the history not yet covered by a summary grows past the threshold,
    // the seq through which a (new) summary should reach; nullopt when none is needed.
    std::optional<int> summaryDue(const QList<storage::Turn> &turns,
                                  const std::optional<storage::Summary> &summary) const;

private:
    ContextSettings m_settings;
};

} // namespace zk::conversation
