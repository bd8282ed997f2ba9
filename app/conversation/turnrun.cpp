#include "conversation/turnrun.h"

#include "conversation/modelcall.h"
#include "conversation/offlineanswerer.h"
#include "conversation/questionkey.h"
#include "conversation/replytext.h"
#include "core/ids.h"
#include "core/logging.h"
#include "cost/budgetguard.h"
#include "cost/modelrouter.h"
#include "cost/pricetable.h"
#include "llm/chatstream.h"
#include "llm/openaiclient.h"
#include "llm/requestbuilder.h"
#include "storage/cacherepository.h"
#include "storage/failedrequestrepository.h"
#include "storage/repositories.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace zk::conversation {

using storage::ReplySource;
using storage::Severity;
using storage::TurnStatus;

TurnRun::TurnRun(TurnServices services, const PipelineSettings &settings, persona::Animal animal,
                 persona::ComposedPrompt prompt, storage::Conversation conversation,
                 QList<llm::ChatMessage> context, bool firstTurn, QString visitorText, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
    , m_settings(settings)
    , m_animal(std::move(animal))
    , m_prompt(std::move(prompt))
    , m_conversation(std::move(conversation))
    , m_context(std::move(context))
    , m_firstTurn(firstTurn)
    , m_visitorText(std::move(visitorText))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &TurnRun::onDeadline);
    m_journal.setSingleShot(true);
    m_journal.setInterval(kJournalIntervalMs);
    connect(&m_journal, &QTimer::timeout, this, [this] {
        if (!m_done)
            (void)m_services.conversations.updatePending(m_turn.id, m_shown);
    });
}

const llm::ChatStream *TurnRun::currentStream() const
{
    return m_call ? m_call->currentStream() : nullptr;
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

    if (m_services.emergencyMode && m_services.emergencyMode()) {
        answerLocally(u"emergency_mode"_s);
        return;
    }
    if (answerFromCache())
        return;
    if (!m_services.client || !m_services.client->hasApiKey() || m_settings.modelChain.isEmpty()) {
        answerLocally(u"no_api_key"_s);
        return;
    }
    if (!m_services.budget.allowsApiCall()) {
        answerLocally(u"budget_exhausted"_s);
        return;
    }
    callModels();
}

bool TurnRun::answerFromCache()
{
    if (!m_settings.cacheEnabled || !m_firstTurn)
        return false;
    const QString key = questionKey(m_visitorText);
    if (key.isEmpty())
        return false;
    const auto hit = m_services.cache.lookup(m_animal.id, m_conversation.language, key,
                                             QDateTime::currentDateTimeUtc());
    if (!hit || !hit.value())
        return false;
    m_turn.reply = *hit.value();
    m_turn.firstTokenMs = m_clock.elapsed();
    m_shown = m_turn.reply;
    Q_EMIT replyDelta(m_turn.reply);
    complete(ReplySource::Cache, TurnStatus::Completed);
    return true;
}

llm::ChatRequest TurnRun::buildRequest() const
{
    llm::ChatRequest request;
    request.api = m_settings.api;
    request.temperature = m_settings.temperature;
    request.maxOutputTokens = m_settings.maxOutputTokens;
    request.safetyIdentifier = hashId(m_conversation.id);
    request.messages << llm::ChatMessage{llm::ChatMessage::Role::System, m_prompt.text};
    request.messages << m_context;
    request.messages << llm::ChatMessage{llm::ChatMessage::Role::User, m_visitorText};
    return request;
}

void TurnRun::callModels()
{
    const QStringList chain = m_services.router.chainFor(m_visitorText, m_settings.modelChain);
    // Journal the turn, so a crash mid-stream cannot lose what the visitor saw.
    m_turn.model = chain.first();
    if (const Status s = m_services.conversations.beginPending(m_turn); !s)
        qCWarning(lcConversation).noquote() << "could not journal the turn:" << s.error().message;

    ModelCallObserver observer;
    observer.callFailed = [this](const llm::ChatRequest &request, const llm::StreamResult &result) {
        storage::FailedRequest failed;
        failed.turnId = m_turn.id;
        failed.conversationHash = hashId(m_conversation.id);
        failed.api = request.api == llm::ApiFlavor::Responses ? u"responses"_s : u"chat"_s;
        failed.model = request.model;
        failed.requestJson = llm::RequestBuilder::body(request);
        failed.errorKind = llm::errorKindName(result.error.kind);
        failed.httpStatus = result.error.httpStatus;
        failed.requestId = result.requestId;
        (void)m_services.failedRequests.record(failed);
        recordEvent(Severity::Warning, u"error"_s, u"llm_error"_s,
                    u"model %1: %2 (HTTP %3)"_s.arg(request.model, failed.errorKind).arg(failed.httpStatus),
                    result.requestId);
    };
    observer.staffAlert = [this](const llm::LlmError &error) {
        const bool quota = error.kind == llm::ErrorKind::InsufficientQuota;
        recordEvent(Severity::Critical, u"alert"_s, quota ? u"quota_exhausted"_s : u"api_key_rejected"_s,
                    quota ? u"The OpenAI account has no quota left: visitors get offline answers until it is topped up"_s
                          : u"The OpenAI API refused the key (HTTP %1): visitors get offline answers until it is fixed"_s
                                .arg(error.httpStatus));
    };
    observer.breakerTouched = m_services.breakerChanged;
    observer.rateLimitLow = [this] {
        recordEvent(Severity::Warning, u"alert"_s, u"ratelimit_low"_s,
                    u"Less than 10% of the API rate limit is left"_s);
    };

    m_call = new ModelCall(ModelCall::Deps{*m_services.client, m_services.retry, m_services.breaker,
                                           m_services.rateLimiter, observer},
                           buildRequest(), chain, QDeadlineTimer(m_settings.turnDeadlineMs), this);
    connect(m_call, &ModelCall::textReceived, this, [this](const QString &delta) {
        if (m_done)
            return;
        if (!m_turn.firstTokenMs)
            m_turn.firstTokenMs = m_clock.elapsed();
        m_shown += delta;
        if (!m_journal.isActive())
            m_journal.start();
        Q_EMIT replyDelta(delta);
    });
    connect(m_call, &ModelCall::finished, this, &TurnRun::onCallFinished);
    m_deadline.start(m_settings.turnDeadlineMs);
    m_call->start();
}

void TurnRun::onCallFinished(const ModelCallResult &result)
{
    if (m_done)
        return;
    const llm::StreamResult &stream = result.stream;
    m_turn.requestId = stream.requestId;
    if (result.lastError.kind != llm::ErrorKind::None)
        m_turn.errorKind = llm::errorKindName(result.lastError.kind);
    if (result.attempts > 0) {
        m_usage = stream.usage;
        m_usageModel = stream.model.isEmpty() ? m_turn.model : stream.model;
    }

    switch (result.outcome) {
    case ModelCallResult::Outcome::Answered: {
        m_turn.model = result.model;
        m_usageModel = result.model;
        const ReplySource source = result.modelIndex == 0 ? ReplySource::Model : ReplySource::FallbackModel;
        if (source == ReplySource::FallbackModel)
            recordEvent(Severity::Info, u"error"_s, u"fallback_model"_s,
                        u"answered by fallback model %1"_s.arg(result.model), stream.requestId);
        if (m_shown.trimmed().isEmpty()) {
            m_turn.errorKind = stream.refusal.isEmpty() ? u"empty_reply"_s : u"refusal"_s;
            answerLocally(m_turn.errorKind);
            return;
        }
        m_turn.reply = m_shown;
        const bool complete = stream.finishReason != u"length";
        if (complete && m_firstTurn && m_settings.cacheEnabled) {
            const QString key = questionKey(m_visitorText);
            if (!key.isEmpty())
                (void)m_services.cache.store(m_animal.id, m_conversation.language, key, m_turn.reply, result.model,
                                             m_prompt.version, QDateTime::currentDateTimeUtc(),
                                             m_settings.cacheTtlHours);
        }
        this->complete(source, complete ? TurnStatus::Completed : TurnStatus::Partial);
        return;
    }
    case ModelCallResult::Outcome::Partial:
        // The visitor already saw text: keep it up to the last complete sentence.
        m_turn.model = result.model;
        m_turn.reply = untilLastSentence(m_shown);
        complete(result.modelIndex > 0 ? ReplySource::FallbackModel : ReplySource::Model, TurnStatus::Partial);
        return;
    case ModelCallResult::Outcome::BreakerOpen:
        answerLocally(u"breaker_open"_s);
        return;
    case ModelCallResult::Outcome::RateLimited:
        answerLocally(u"rate_limited_locally"_s);
        return;
    case ModelCallResult::Outcome::NoAnswer:
        answerLocally(m_turn.errorKind.isEmpty() ? u"no_answer"_s : m_turn.errorKind);
        return;
    }
}

void TurnRun::onDeadline()
{
    if (m_done || !m_shown.isEmpty())
        return; // text is flowing: the visitor already has an answer growing
    qCInfo(lcConversation) << "turn deadline passed with no text; answering locally";
    if (m_call)
        m_call->abort();
    if (m_turn.errorKind.isEmpty())
        m_turn.errorKind = u"turn_deadline"_s;
    answerLocally(u"turn_deadline"_s);
}

void TurnRun::answerLocally(const QString &why)
{
    if (m_done)
        return;
    m_deadline.stop();
    if (m_call)
        m_call->abort();
    const OfflineAnswerer::Answer answer = m_services.offline.answer(m_animal, m_conversation.language, m_visitorText);
    qCInfo(lcConversation).noquote() << "answering locally (" << why << "):"
                                     << (answer.matched ? u"offline knowledge"_s : u"emergency message"_s);
    m_turn.reply = answer.text;
    m_turn.model.clear();
    if (m_turn.errorKind.isEmpty() && why != u"emergency_mode" && why != u"no_api_key")
        m_turn.errorKind = why;
    m_shown = m_turn.reply;
    if (!m_turn.firstTokenMs)
        m_turn.firstTokenMs = m_clock.elapsed();
    Q_EMIT replyDelta(m_turn.reply);
    complete(answer.matched ? ReplySource::Offline : ReplySource::Emergency, TurnStatus::Completed);
}

void TurnRun::cancel()
{
    if (m_done)
        return;
    if (!m_clock.isValid())
        beginTurn(); // cancelled before it started: nothing was sent; store what the visitor asked
    if (m_call) {
        if (m_call->attempts() > 0)
            m_usageModel = m_turn.model; // a request went out: its usage is estimated
        m_call->abort();
    }
    m_turn.reply = m_shown;
    m_turn.errorKind = llm::errorKindName(llm::ErrorKind::Cancelled);
    complete(ReplySource::Model, TurnStatus::Cancelled);
}

void TurnRun::recordEvent(Severity severity, const QString &category, const QString &kind, const QString &message,
                          const QString &requestId)
{
    storage::Event event;
    event.severity = severity;
    event.category = category;
    event.kind = kind;
    event.message = message;
    event.conversationHash = hashId(m_conversation.id);
    event.requestId = requestId;
    if (const auto r = m_services.events.record(event); !r)
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
        storage::UsageRecord record{m_turn.id, m_conversation.id, m_usageModel, u"reply"_s,
                                    u.promptTokens, u.completionTokens, u.estimated, m_turn.finishedAt};
        record.costUsd = m_services.prices.costUsd(m_usageModel, u.promptTokens, u.completionTokens);
        usage = record;
    }

    TurnOutcome outcome;
    auto saved = m_services.conversations.saveTurn(m_turn, usage);
    if (saved) {
        outcome.turn = saved.value();
        outcome.stored = true;
    } else {
        outcome.turn = m_turn;
        qCCritical(lcConversation).noquote() << "could not store turn:" << saved.error().message;
        recordEvent(Severity::Error, u"error"_s, u"turn_not_stored"_s,
                    u"a finished turn could not be stored: %1"_s.arg(saved.error().message));
    }
    if (usage)
        m_services.budget.checkThresholds();
    Q_EMIT finished(outcome);
    deleteLater();
}

} // namespace zk::conversation
