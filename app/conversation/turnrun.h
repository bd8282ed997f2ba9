#pragma once

#include "conversation/turnservices.h"
#include "central/fleetreservation.h"
#include "conversation/turntypes.h"
#include "persona/animal.h"
#include "persona/promptcomposer.h"
#include "safety/outputgate.h"
#include "safety/safetyverdict.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace zk::llm {
class ChatStream;
class ModerationCall;
struct ModerationResult;
}

namespace zk::safety {
struct ModerationDecision;
}

namespace zk::central {
}

namespace zk::conversation {

class ModelCall;
struct ModelCallResult;

// One visitor turn in flight, from the composed prompt to the stored row.
// The stages read top to bottom in start():
//   blocked by the offline input checks? (kind reply) -> emergency mode? ->
//   cached first-turn answer? -> key and budget? -> the fleet's budget in the
//   central store, when there is one (reserved; unreachable: the local budget
//   decides alone) -> remote moderation of the
//   message -> the model chain (retries, fallback, breaker, rate limit,
//   deadline), its reply let through sentence by sentence by the output gate ->
//   remote moderation of the finished reply -> store -> emit.
//   No model answer: a local answer (offline knowledge or the emergency message).
// Emits replyDelta() as text is cleared to show, replyReplaced() when what was
// shown is withdrawn for a kind redirect, and exactly one finished(); deletes
// itself after.
class TurnRun : public QObject
{
    Q_OBJECT

public:
    TurnRun(TurnServices services, const PipelineSettings &settings, persona::Animal animal,
            persona::ComposedPrompt prompt, storage::Conversation conversation,
            QList<llm::ChatMessage> context, bool firstTurn, safety::InputVerdict input, QObject *parent);

    // Runs the turn; the pipeline queues this call right after creating the run.
    void start();
    // Ends the turn now: the call is aborted and the turn stored as cancelled.
    void cancel();
    const storage::Conversation &conversation() const { return m_conversation; }
    // The model call in flight, if any (for instrumentation and benchmarks).
    const llm::ChatStream *currentStream() const;

Q_SIGNALS:
    void replyDelta(const QString &text);
    // Everything shown so far is withdrawn; show `text` instead.
    void replyReplaced(const QString &text);
    void finished(const zk::conversation::TurnOutcome &outcome);

private:
    void beginTurn();
    bool answerFromCache();
    void reserveFleetBudget();
    void onFleetDecided(zk::central::FleetReservation::Outcome outcome);
    double estimateCostUsd() const;
    void askModels();
    void moderateInput();
    void onInputModerated(const llm::ModerationResult &result);
    void callModels();
    void onModelText(const QString &delta);
    void onCallFinished(const ModelCallResult &result);
    void moderateReply(storage::ReplySource source, storage::TurnStatus status);
    void finishAnswer(storage::ReplySource source, storage::TurnStatus status);
    void answerSafely(const safety::SafetyBlock &block);
    void show(const QString &text);
    static safety::SafetyBlock remoteBlock(const safety::ModerationDecision &decision, const char *layer);
    void markEscalated(const safety::ModerationDecision &decision, const char *layer, const QString &what,
                       const QString &requestId);
    void recordModerationFailure(const llm::ModerationResult &result, const QString &what);
    void onDeadline();
    void answerLocally(const QString &why);
    void complete(storage::ReplySource source, storage::TurnStatus status);
    llm::ChatRequest buildRequest() const;
    void recordEvent(storage::Severity severity, const QString &category, const QString &kind,
                     const QString &message, const QString &requestId = {});

    TurnServices m_services;
    const PipelineSettings &m_settings;
    persona::Animal m_animal;
    persona::ComposedPrompt m_prompt;
    storage::Conversation m_conversation;
    QList<llm::ChatMessage> m_context;
    bool m_firstTurn;
    safety::InputVerdict m_input;
    QString m_visitorText;              // m_input.outgoing: personal data replaced
    QString m_reminder;                 // the personal-data reminder, put before the reply

    QPointer<ModelCall> m_call;
    QPointer<llm::ModerationCall> m_moderation;
    std::optional<safety::OutputGate> m_gate;
    QString m_shown;                    // text the visitor has seen so far
    QElapsedTimer m_clock;
    QTimer m_deadline;
    QTimer m_journal;                   // saves the shown text to the in-flight journal
    static constexpr int kJournalIntervalMs = 500;
    QPointer<central::FleetReservation> m_fleet; // settled with the call's cost in complete()
    storage::Turn m_turn;
    std::optional<llm::Usage> m_usage;
    QString m_usageModel;
    bool m_done = false;
};

} // namespace zk::conversation
