#include "conversation/contextwindow.h"


using namespace Qt::StringLiterals;

namespace zk::conversation {

int estimateTokens(const QString &text)
{
    return 4 + int((text.size() + 3) / 4);
}

bool ContextWindow::eligible(const storage::Turn &turn)
{
    return !turn.blocked && !turn.reply.trimmed().isEmpty()
        && turn.source != storage::ReplySource::Blocked
        && turn.status != storage::TurnStatus::Failed;
}

namespace {

int turnTokens(const storage::Turn &t)
{
    return estimateTokens(t.visitorText) + estimateTokens(t.reply);
}

} // namespace

ContextWindow::Plan ContextWindow::build(const QList<storage::Turn> &turns,
                                         const std::optional<storage::Summary> &summary) const
{
    Plan plan;
    QList<storage::Turn> candidates;
    for (const storage::Turn &t : turns)
        if (eligible(t) && (!summary || t.seq > summary->throughSeq))
            candidates << t;

    int keep = m_settings.maxTurns;
    if (summary) {
        plan.usesSummary = true;
        keep = std::min(keep, m_settings.turnsAfterSummary);
        const QString note = u"Summary of this conversation so far: "_s + summary->text;
        plan.messages << llm::ChatMessage{llm::ChatMessage::Role::System, note};
        plan.tokens += estimateTokens(note);
    }

    // Newest first until the count or the budget runs out, then restore order.
    QList<storage::Turn> chosen;
    for (auto it = candidates.crbegin(); it != candidates.crend() && chosen.size() < keep; ++it) {
        const int cost = turnTokens(*it);
        if (plan.tokens + cost > m_settings.tokenBudget)
            break;
        plan.tokens += cost;
        chosen.prepend(*it);
    }
    for (const storage::Turn &t : chosen) {
        plan.messages << llm::ChatMessage{llm::ChatMessage::Role::User, t.visitorText};
        plan.messages << llm::ChatMessage{llm::ChatMessage::Role::Assistant, t.reply};
    }
    return plan;
}

std::optional<int> ContextWindow::summaryDue(const QList<storage::Turn> &turns,
                                             const std::optional<storage::Summary> &summary) const
{
    QList<storage::Turn> uncovered;
    int tokens = 0;
    for (const storage::Turn &t : turns) {
        if (!eligible(t) || (summary && t.seq <= summary->throughSeq))
            continue;
        uncovered << t;
        tokens += turnTokens(t);
    }
    if (tokens <= m_settings.summaryThresholdTokens || uncovered.size() <= m_settings.turnsAfterSummary)
        return std::nullopt;
    // Summarise everything but the last turnsAfterSummary eligible turns.
    return uncovered.at(uncovered.size() - m_settings.turnsAfterSummary - 1).seq;
}

} // namespace zk::conversation
