#include "conversation/turnrun.h"

#include "conversation/replytext.h"
#include "core/ids.h"
#include "core/logging.h"
#include "llm/chatstream.h"
#include "llm/openaiclient.h"
#include "storage/repositories.h"

using namespace Qt::StringLiterals;

namespace zk::conversation {

using storage::ReplySource;
using storage::TurnStatus;

TurnRun::TurnRun(Deps deps, const PipelineSettings &settings, persona::Animal animal,
                 persona::ComposedPrompt prompt, storage::Conversation conversation,
                 QList<llm::ChatMessage> context, QString visitorText, QObject *parent)
    : QObject(parent)
    , m_deps(deps)
    , m_settings(settings)
    , m_animal(std::move(animal))
    , m_prompt(std::move(prompt))
    , m_conversation(std::move(conversation))
    , m_context(std::move(context))
    , m_visitorText(std::move(visitorText))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &TurnRun::onDeadline);
}

const llm::ChatStream *TurnRun::currentStream() const
{
    return m_stream.data();
}

void TurnRun::beginTurn()
{
    m_clock.start();
    m_turn.id = newId();
    m_turn.conversationId = m_conversation.id;
    m_turn.visitorText = m_visitorText;
    m_turn.promptVersion = m_prompt.version;
    m_turn.createdAt = isoNow();
}

void TurnRun::start()
{
    if (m_done || m_clock.isValid())
        return; // cancelled before it started, or started twice
    beginTurn();

    if (!m_deps.client || !m_deps.client->hasApiKey() || m_settings.modelChain.isEmpty()) {
        answerLocally();
        return;
    }
    // Journal the turn, so a crash mid-stream cannot lose what the visitor saw.
    m_turn.model = m_settings.modelChain.first();
    if (const Status s = m_deps.conversations.beginPending(m_turn); !s)
        qCWarning(lcConversation).noquote() << "could not journal the turn:" << s.error().message;
    m_journal.setSingleShot(true);
    m_journal.setInterval(kJournalIntervalMs);
    connect(&m_journal, &QTimer::timeout, this, [this] {
        if (!m_done)
            (void)m_deps.conversations.updatePending(m_turn.id, m_shown);
    });
    m_deadline.start(m_settings.turnDeadlineMs);
    tryModel(0);
}

llm::ChatRequest TurnRun::buildRequest(const QString &model) const
{
    llm::ChatRequest request;
    request.model = model;
    request.api = m_settings.api;
    request.temperature = m_settings.temperature;
    request.maxOutputTokens = m_settings.maxOutputTokens;
    request.safetyIdentifier = hashId(m_conversation.id);
    request.messages << llm::ChatMessage{llm::ChatMessage::Role::System, m_prompt.text};
    request.messages << m_context;
    request.messages << llm::ChatMessage{llm::ChatMessage::Role::User, m_visitorText};
    return request;
}

void TurnRun::tryModel(int index)
{
    m_modelIndex = index;
    const QString model = m_settings.modelChain.at(index);
    m_stream = m_deps.client->startStream(buildRequest(model));
    connect(m_stream, &llm::ChatStream::textReceived, this, [this](const QString &delta) {
        if (m_done)
            return;
        if (m_shown.isEmpty() && m_turn.firstTokenMs == std::nullopt)
            m_turn.firstTokenMs = m_clock.elapsed();
        m_shown += delta;
        if (!m_journal.isActive())
            m_journal.start();
        Q_EMIT replyDelta(delta);
    });
    connect(m_stream, &llm::ChatStream::finished, this, &TurnRun::onStreamFinished);
}

void TurnRun::onStreamFinished(const llm::StreamResult &result)
{
    m_stream = nullptr;
    if (m_done)
        return;
    const QString model = m_settings.modelChain.at(m_modelIndex);
    m_turn.requestId = result.requestId;
    m_turn.model = result.model.isEmpty() ? model : result.model;
    m_usage = result.usage;
    m_usageModel = model;
    const ReplySource modelSource = m_modelIndex == 0 ? ReplySource::Model : ReplySource::FallbackModel;

    if (result.error.kind == llm::ErrorKind::None) {
        if (m_shown.trimmed().isEmpty()) {
            // A clean end with nothing to say (or only a refusal): answer locally.
            m_turn.errorKind = u"empty_reply"_s;
            answerLocally();
            return;
        }
        m_turn.reply = m_shown;
        complete(modelSource, result.finishReason == u"length" ? TurnStatus::Partial : TurnStatus::Completed);
        return;
    }

    recordError(result, model);
    m_turn.errorKind = llm::errorKindName(result.error.kind);
    if (!m_shown.isEmpty()) {
        // The visitor already saw text: keep it up to the last complete sentence.
        m_turn.reply = untilLastSentence(m_shown);
        complete(modelSource, TurnStatus::Partial);
        return;
    }
    if (result.error.kind != llm::ErrorKind::Unauthorized && m_modelIndex + 1 < m_settings.modelChain.size()) {
        tryModel(m_modelIndex + 1);
        return;
    }
    answerLocally();
}

void TurnRun::onDeadline()
{
    if (m_done || !m_shown.isEmpty())
        return; // text is flowing: the visitor already has an answer growing
    qCInfo(lcConversation) << "turn deadline passed with no text; answering locally";
    m_turn.errorKind = u"turn_deadline"_s;
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
        m_stream = nullptr;
    }
    answerLocally();
}

void TurnRun::answerLocally()
{
    // Until the offline knowledge base lands, the animal's own kind message.
    const persona::AnimalText *text = m_animal.text(m_conversation.language);
    m_turn.reply = text ? text->emergencyMessage : QString();
    m_turn.model.clear();
    if (m_turn.reply.isEmpty())
        m_turn.reply = u"Our animal ambassadors are taking a short break. Please come back soon!"_s;
    m_shown = m_turn.reply;
    Q_EMIT replyDelta(m_turn.reply);
    complete(ReplySource::Emergency, TurnStatus::Completed);
}

void TurnRun::cancel()
{
    if (m_done)
        return;
    if (!m_clock.isValid())
        beginTurn(); // cancelled before it started: nothing was sent; store what the visitor asked
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
        m_stream = nullptr;
    }
    m_turn.reply = m_shown;
    m_turn.errorKind = llm::errorKindName(llm::ErrorKind::Cancelled);
    if (m_modelIndex >= 0)
        m_usageModel = m_settings.modelChain.at(m_modelIndex);
    complete(m_modelIndex > 0 ? ReplySource::FallbackModel : ReplySource::Model, TurnStatus::Cancelled);
}

void TurnRun::recordError(const llm::StreamResult &result, const QString &model)
{
    storage::Event event;
    event.severity = storage::Severity::Warning;
    event.category = u"error"_s;
    event.kind = u"llm_error"_s;
    event.message = u"model %1: %2 (HTTP %3)"_s.arg(model, llm::errorKindName(result.error.kind))
                        .arg(result.error.httpStatus);
    event.conversationHash = hashId(m_conversation.id);
    event.requestId = result.requestId;
    if (const auto r = m_deps.events.record(event); !r)
        qCWarning(lcConversation).noquote() << "could not record event:" << r.error().message;
}

void TurnRun::complete(ReplySource source, TurnStatus status)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    m_journal.stop();

    m_turn.source = source;
    m_turn.status = status;
    m_turn.latencyMs = m_clock.elapsed();
    m_turn.finishedAt = isoNow();

    std::optional<storage::UsageRecord> usage;
    if (!m_usageModel.isEmpty()) {
        llm::Usage u;
        if (m_usage) {
            u = *m_usage;
        } else {
            // No usage chunk (cancelled or broken stream): estimate it and say so.
            u.estimated = true;
            u.promptTokens = estimateTokens(m_prompt.text) + estimateTokens(m_visitorText);
            for (const llm::ChatMessage &m : std::as_const(m_context))
                u.promptTokens += estimateTokens(m.content);
            u.completionTokens = m_shown.isEmpty() ? 0 : estimateTokens(m_shown);
        }
        m_turn.promptTokens = u.promptTokens;
        m_turn.completionTokens = u.completionTokens;
        m_turn.usageEstimated = u.estimated;
        usage = storage::UsageRecord{m_turn.id, m_conversation.id, m_usageModel, u"reply"_s,
                                     u.promptTokens, u.completionTokens, u.estimated, m_turn.finishedAt};
    }

    TurnOutcome outcome;
    auto saved = m_deps.conversations.saveTurn(m_turn, usage);
    if (saved) {
        outcome.turn = saved.value();
        outcome.stored = true;
    } else {
        outcome.turn = m_turn;
        qCCritical(lcConversation).noquote() << "could not store turn:" << saved.error().message;
        storage::Event event;
        event.severity = storage::Severity::Error;
        event.category = u"error"_s;
        event.kind = u"turn_not_stored"_s;
        event.message = u"a finished turn could not be stored: %1"_s.arg(saved.error().message);
        event.conversationHash = hashId(m_conversation.id);
        (void)m_deps.events.record(event);
    }
    Q_EMIT finished(outcome);
    deleteLater();
}

} // namespace zk::conversation
