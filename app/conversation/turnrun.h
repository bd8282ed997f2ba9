#pragma once

#include "conversation/turnservices.h"
#include "conversation/turntypes.h"
#include "persona/animal.h"
#include "persona/promptcomposer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace zk::llm {
class ChatStream;
}

namespace zk::conversation {

class ModelCall;
struct ModelCallResult;

// One visitor turn in flight, from the composed prompt to the stored row.
// The stages read top to bottom in start():
//   emergency mode? -> cached first-turn answer? -> key and budget? ->
//   the model chain (retries, fallback, breaker, rate limit, deadline) ->
//   else a local answer (offline knowledge or the emergency message) -> store -> emit.
// (Input checks and moderation stages join as the safety work lands.)
// Emits replyDelta() as text arrives and exactly one finished(); deletes itself after.
class TurnRun : public QObject
{
    Q_OBJECT

public:
    TurnRun(TurnServices services, const PipelineSettings &settings, persona::Animal animal,
            persona::ComposedPrompt prompt, storage::Conversation conversation,
            QList<llm::ChatMessage> context, bool firstTurn, QString visitorText, QObject *parent);

    // Runs the turn; the pipeline queues this call right after creating the run.
    void start();
    // Ends the turn now: the call is aborted and the turn stored as cancelled.
    void cancel();
    const storage::Conversation &conversation() const { return m_conversation; }
    // The model call in flight, if any (for instrumentation and benchmarks).
    const llm::ChatStream *currentStream() const;

Q_SIGNALS:
    void replyDelta(const QString &text);
    void finished(const zk::conversation::TurnOutcome &outcome);

private:
    void beginTurn();
    bool answerFromCache();
    void callModels();
    void onCallFinished(const ModelCallResult &result);
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
    QString m_visitorText;

    QPointer<ModelCall> m_call;
    QString m_shown;                    // text the visitor has seen so far
    QElapsedTimer m_clock;
    QTimer m_deadline;
    QTimer m_journal;                   // saves the shown text to the in-flight journal
    static constexpr int kJournalIntervalMs = 500;
    storage::Turn m_turn;
    std::optional<llm::Usage> m_usage;
    QString m_usageModel;
    bool m_done = false;
};

} // namespace zk::conversation
