#pragma once

#include "conversation/turntypes.h"
#include "persona/animal.h"
#include "persona/promptcomposer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace zk::llm {
class ChatStream;
class OpenAiClient;
}
namespace zk::storage {
class ConversationRepository;
class EventRepository;
}

namespace zk::conversation {

// One visitor turn in flight, from the composed prompt to the stored row.
// The stages read top to bottom in start() and the handlers after it:
//   compose prompt + context -> stream from the model chain -> store -> emit.
// (Input checks and moderation stages join here as the safety work lands.)
// Emits replyDelta() as text arrives and exactly one finished(); deletes itself after.
class TurnRun : public QObject
{
    Q_OBJECT

public:
    struct Deps
    {
        storage::ConversationRepository &conversations;
        storage::EventRepository &events;
        llm::OpenAiClient *client;          // nullptr: no API key, answer locally
    };

    TurnRun(Deps deps, const PipelineSettings &settings, persona::Animal animal,
            persona::ComposedPrompt prompt, storage::Conversation conversation,
            QList<llm::ChatMessage> context, QString visitorText, QObject *parent);

    // Runs the turn; the pipeline queues this call right after creating the run.
    void start();
    // Ends the turn now: the stream is aborted and the turn stored as cancelled.
    void cancel();
    const storage::Conversation &conversation() const { return m_conversation; }
    // The model call in flight, if any (for instrumentation and benchmarks).
    const llm::ChatStream *currentStream() const;

Q_SIGNALS:
    void replyDelta(const QString &text);
    void finished(const zk::conversation::TurnOutcome &outcome);

private:
    void beginTurn();
    void tryModel(int index);
    void onStreamFinished(const llm::StreamResult &result);
    void onDeadline();
    void answerLocally();
    void complete(storage::ReplySource source, storage::TurnStatus status);
    llm::ChatRequest buildRequest(const QString &model) const;
    void recordError(const llm::StreamResult &result, const QString &model);

    Deps m_deps;
    const PipelineSettings &m_settings;
    persona::Animal m_animal;
    persona::ComposedPrompt m_prompt;
    storage::Conversation m_conversation;
    QList<llm::ChatMessage> m_context;
    QString m_visitorText;

    QPointer<llm::ChatStream> m_stream;
    int m_modelIndex = -1;
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
