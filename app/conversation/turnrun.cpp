#include "conversation/turnrun.h"

#include "conversation/contextwindow.h"
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
#include "llm/moderationcall.h"
#include "llm/moderationclient.h"
#include "llm/openaiclient.h"
#include "llm/requestbuilder.h"
#include "safety/moderationpolicy.h"
#include "storage/cacherepository.h"
#include "storage/failedrequestrepository.h"
#include "storage/repositories.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace zk::conversation {

using storage::ReplySource;
using storage::Severity;
using storage::TurnStatus;

TurnRun::TurnRun(TurnServices services, const PipelineSettings &settings, persona::Animal animal,
                 persona::ComposedPrompt prompt, storage::Conversation conversation,
                 QList<llm::ChatMessage> context, bool firstTurn, safety::InputVerdict input, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
    , m_settings(settings)
    , m_animal(std::move(animal))
    , m_prompt(std::move(prompt))
    , m_conversation(std::move(conversation))
    , m_context(std::move(context))
    , m_firstTurn(firstTurn)
    , m_input(std::move(input))
    , m_visitorText(m_input.outgoing)
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
    m_turn.riskScore = m_input.riskScore;
    m_turn.personalData = m_input.personalData.join(u',');
    if (!m_input.personalData.isEmpty())
        m_reminder = m_services.safetyReplies.text(safety::SafetyReply::PersonalData, m_animal,
                                                   m_conversation.language, qHash(m_turn.id));
}

// Shows text to the visitor: the personal-data reminder goes first, once.
void TurnRun::show(const QString &text)
{
    if (text.isEmpty())
        return;
    if (!m_turn.firstTokenMs)
        m_turn.firstTokenMs = m_clock.elapsed();
    const bool first = m_shown.isEmpty();
    m_shown += text;
    Q_EMIT replyDelta(first && !m_reminder.isEmpty() ? m_reminder + text : text);
}

void TurnRun::start()
{
    if (m_done || m_clock.isValid())
        return; // cancelled before it started, or started twice
    beginTurn();

    if (m_input.kind == safety::InputVerdict::Kind::Blocked) {
        answerSafely(m_input.block);
        return;
    }
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
    if (m_services.fleetBudget) {
        reserveFleetBudget();
        return;
    }
    askModels();
}

void TurnRun::askModels()
{
    if (m_services.moderation)
        moderateInput();
    else
        callModels();
}

// The most this turn's model call can cost: the prompt as estimated (plus a
// margin) and the full output allowance, at the dearest model it may use.
double TurnRun::estimateCostUsd() const
{
    int promptTokens = estimateTokens(m_prompt.text) + estimateTokens(m_visitorText);
    for (const llm::ChatMessage &m : std::as_const(m_context))
        promptTokens += estimateTokens(m.content);
    promptTokens += promptTokens / 4 + 16;
    double most = 0.0;
    for (const QString &model : m_services.router.chainFor(m_visitorText, m_settings.modelChain))
        most = std::max(most, m_services.prices.costUsd(model, promptTokens, m_settings.maxOutputTokens));
    return most;
}

void TurnRun::reserveFleetBudget()
{
    m_fleet = new central::FleetReservation(*m_services.fleetBudget, this);
    connect(m_fleet, &central::FleetReservation::decided, this, &TurnRun::onFleetDecided);
    m_fleet->reserve(estimateCostUsd());
}

void TurnRun::onFleetDecided(central::FleetReservation::Outcome outcome)
{
    if (m_done)
        return;
    if (outcome == central::FleetReservation::Outcome::Refused)
        answerLocally(u"fleet_budget_exhausted"_s);
    else
        askModels(); // granted, or the local budget (already checked) decides alone
}

void TurnRun::moderateInput()
{
    m_moderation = m_services.moderation->moderate(m_visitorText);
    connect(m_moderation, &llm::ModerationCall::finished, this, &TurnRun::onInputModerated);
}

void TurnRun::recordModerationFailure(const llm::ModerationResult &result, const QString &what)
{
    recordEvent(Severity::Warning, u"safety"_s, u"moderation_unavailable"_s,
                u"remote moderation of the %1 failed (%2, HTTP %3): the local checks' verdict stands"_s
                    .arg(what, llm::errorKindName(result.error.kind))
                    .arg(result.httpStatus),
                result.requestId);
}

// What remote moderation's Block verdict becomes: a kind redirect, stored
// with the policy's categories and score.
safety::SafetyBlock TurnRun::remoteBlock(const safety::ModerationDecision &decision, const char *layer)
{
    return safety::SafetyBlock{true, safety::SafetyReply::Redirect, decision.storedCategories(), decision.riskScore,
                               QString::fromLatin1(layer), decision.blockedCategories.join(u',')};
}

// The middle band: allowed, but recorded on the turn and as an event for staff.
void TurnRun::markEscalated(const safety::ModerationDecision &decision, const char *layer, const QString &what,
                            const QString &requestId)
{
    m_turn.escalated = true;
    m_turn.blockCategories = decision.storedCategories().join(u',');
    m_turn.blockLayer = QString::fromLatin1(layer);
    recordEvent(Severity::Info, u"safety"_s, u"escalated"_s,
                u"%1 but escalated for review (%2, score %3)"_s.arg(what, decision.escalatedCategories.join(u','))
                    .arg(decision.riskScore, 0, 'f', 3),
                requestId);
}

void TurnRun::onInputModerated(const llm::ModerationResult &result)
{
    if (m_done)
        return;
    if (!result.ok()) {
        recordModerationFailure(result, u"message"_s);
        callModels();
        return;
    }
    const safety::ModerationDecision decision = m_services.moderationPolicy.evaluate(result.scores,
                                                                                     result.flaggedCategories);
    m_turn.riskScore = std::max(m_turn.riskScore, decision.riskScore);
    if (decision.verdict == safety::ModerationVerdict::Block) {
        safety::SafetyBlock block = remoteBlock(decision, safety::layer::InputRemote);
        if (block.isSelfHarm())
            block.reply = safety::SafetyReply::SelfHarm;
        answerSafely(block);
        return;
    }
    if (decision.verdict == safety::ModerationVerdict::Escalate)
        markEscalated(decision, safety::layer::InputRemote, u"a message was allowed"_s, result.requestId);
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
    show(*hit.value());
    m_turn.reply = m_shown;
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
    QStringList publicText;
    for (const persona::AnimalText &t : std::as_const(m_animal.texts))
        publicText << t.name << t.title << t.species << t.personality << t.conservationStatus << t.facts;
    m_gate.emplace(m_services.outputModerator, safety::PersonaGuard(m_prompt.text, publicText));
    observer.rateLimitLow = [this] {
        recordEvent(Severity::Warning, u"alert"_s, u"ratelimit_low"_s,
                    u"Less than 10% of the API rate limit is left"_s);
    };

    m_call = new ModelCall(ModelCall::Deps{*m_services.client, m_services.retry, m_services.breaker,
                                           m_services.rateLimiter, observer},
                           buildRequest(), chain, QDeadlineTimer(m_settings.turnDeadlineMs), this);
    connect(m_call, &ModelCall::textReceived, this, &TurnRun::onModelText);
    connect(m_call, &ModelCall::finished, this, &TurnRun::onCallFinished);
    m_deadline.start(m_settings.turnDeadlineMs);
    m_call->start();
}

// Model text reaches the visitor only through the output gate, a sentence at a time.
void TurnRun::onModelText(const QString &delta)
{
    if (m_done || !m_gate)
        return;
    const safety::OutputGate::Step step = m_gate->push(delta);
    if (step.block.blocked) {
        answerSafely(step.block);
        return;
    }
    if (step.release.isEmpty())
        return;
    show(step.release);
    if (!m_journal.isActive())
        m_journal.start();
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
        if (m_gate) {
            const safety::OutputGate::Step last = m_gate->finish();
            if (last.block.blocked) {
                answerSafely(last.block);
                return;
            }
            show(last.release);
        }
        if (m_shown.trimmed().isEmpty()) {
            if (!stream.refusal.isEmpty()) {
                safety::SafetyBlock block{true, safety::SafetyReply::Redirect, {u"refusal"_s}, 0.0,
                                          QString::fromLatin1(safety::layer::Model), u"the model refused"_s};
                answerSafely(block);
                return;
            }
            m_turn.errorKind = u"empty_reply"_s;
            answerLocally(m_turn.errorKind);
            return;
        }
        moderateReply(source, stream.finishReason != u"length" ? TurnStatus::Completed : TurnStatus::Partial);
        return;
    }
    case ModelCallResult::Outcome::Partial:
        // The visitor already saw text: keep it up to the last complete sentence.
        m_turn.model = result.model;
        if (m_shown.trimmed().isEmpty()) { // text came, but not a sentence had passed the gate yet
            answerLocally(m_turn.errorKind.isEmpty() ? u"stream_broken"_s : m_turn.errorKind);
            return;
        }
        m_shown = untilLastSentence(m_shown);
        moderateReply(result.modelIndex > 0 ? ReplySource::FallbackModel : ReplySource::Model, TurnStatus::Partial);
        return;
    case ModelCallResult::Outcome::BreakerOpen:
        answerLocally(u"breaker_open"_s);
        return;
    case ModelCallResult::Outcome::RateLimited:
        answerLocally(u"rate_limited_locally"_s);
        return;
    case ModelCallResult::Outcome::NoAnswer:
        if (result.lastError.kind == llm::ErrorKind::ContentFilter) {
            // The API's own filter stopped the reply: whatever was shown is replaced.
            m_turn.model = result.model.isEmpty() ? m_turn.model : result.model;
            safety::SafetyBlock block{true, safety::SafetyReply::Redirect, {u"content_filter"_s}, 1.0,
                                      QString::fromLatin1(safety::layer::Model), u"finish_reason content_filter"_s};
            answerSafely(block);
            return;
        }
        answerLocally(m_turn.errorKind.isEmpty() ? u"no_answer"_s : m_turn.errorKind);
        return;
    }
}

// The finished reply, as shown, goes to remote moderation before it is stored
// (and cached); the visitor already reads it, and a flag replaces it.
void TurnRun::moderateReply(ReplySource source, TurnStatus status)
{
    m_deadline.stop();
    if (!m_services.moderation) {
        finishAnswer(source, status);
        return;
    }
    m_moderation = m_services.moderation->moderate(m_shown);
    connect(m_moderation, &llm::ModerationCall::finished, this, [this, source, status](const llm::ModerationResult &r) {
        if (m_done)
            return;
        if (!r.ok()) {
            recordModerationFailure(r, u"reply"_s);
            finishAnswer(source, status);
            return;
        }
        const safety::ModerationDecision decision = m_services.moderationPolicy.evaluate(r.scores, r.flaggedCategories);
        if (decision.verdict == safety::ModerationVerdict::Block) {
            answerSafely(remoteBlock(decision, safety::layer::OutputRemote));
            return;
        }
        if (decision.verdict == safety::ModerationVerdict::Escalate && !m_turn.escalated)
            markEscalated(decision, safety::layer::OutputRemote, u"a reply was shown"_s, r.requestId);
        m_turn.riskScore = std::max(m_turn.riskScore, decision.riskScore);
        finishAnswer(source, status);
    });
}

void TurnRun::finishAnswer(ReplySource source, TurnStatus status)
{
    m_turn.reply = m_shown;
    if (status == TurnStatus::Completed && m_firstTurn && m_settings.cacheEnabled && m_reminder.isEmpty()) {
        const QString key = questionKey(m_visitorText);
        if (!key.isEmpty())
            (void)m_services.cache.store(m_animal.id, m_conversation.language, key, m_turn.reply, m_turn.model,
                                         m_prompt.version, QDateTime::currentDateTimeUtc(), m_settings.cacheTtlHours);
    }
    complete(source, status);
}

// The kiosk answers by itself with a kind reply in the animal's voice: the
// message or the reply was not safe to pass on. Whatever was shown is
// withdrawn. The turn is stored as blocked with its categories and layer, and
// staff get an event (a high-severity alert for self-harm signals).
void TurnRun::answerSafely(const safety::SafetyBlock &block)
{
    if (m_done)
        return;
    m_deadline.stop();
    if (m_call) {
        if (m_call->attempts() > 0 && m_usageModel.isEmpty())
            m_usageModel = m_turn.model; // stopped mid-stream: its usage is estimated
        m_call->abort();
    }
    if (m_moderation)
        m_moderation->abort();
    const QString text = m_services.safetyReplies.text(block.reply, m_animal, m_conversation.language,
                                                       qHash(m_turn.id));
    const bool withdraw = !m_shown.isEmpty();
    m_turn.blocked = true;
    m_turn.escalated = false;
    m_turn.blockCategories = block.categories.join(u',');
    m_turn.blockLayer = block.layer;
    m_turn.riskScore = std::max(m_turn.riskScore, block.riskScore);
    m_turn.reply = text;
    m_reminder.clear();
    m_shown = text;
    if (!m_turn.firstTokenMs)
        m_turn.firstTokenMs = m_clock.elapsed();

    const QString where = block.layer.startsWith(u"input") ? u"message"_s : u"reply"_s;
    if (block.isSelfHarm()) {
        recordEvent(Severity::Critical, u"alert"_s, u"self_harm"_s,
                    u"A visitor at %1 wrote something that may mean they are hurting or in danger. They were kindly "
                    "asked to talk to a grown-up they trust or to zoo staff nearby. Please look out for them."_s
                        .arg(m_animal.displayName(u"en"_s)));
    } else if (block.layer == QLatin1StringView(safety::layer::InputInjection)) {
        recordEvent(Severity::Warning, u"security"_s, u"prompt_injection"_s,
                    u"a message tried to change the animal's rules (%1) and was not sent to the model"_s
                        .arg(block.evidence));
    } else {
        recordEvent(Severity::Warning, u"safety"_s, where == u"message" ? u"input_blocked"_s : u"output_blocked"_s,
                    u"a %1 was blocked by %2 (%3)%4"_s.arg(where, block.layer, m_turn.blockCategories,
                                                          block.evidence.isEmpty() ? QString()
                                                                                   : u": "_s + block.evidence));
    }
    qCInfo(lcSafety).noquote() << "turn in conversation" << hashId(m_conversation.id) << "blocked by" << block.layer
                               << m_turn.blockCategories;
    if (withdraw)
        Q_EMIT replyReplaced(text);
    else
        Q_EMIT replyDelta(text);
    complete(ReplySource::Blocked, TurnStatus::Completed);
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
    m_turn.model.clear();
    if (m_turn.errorKind.isEmpty() && why != u"emergency_mode" && why != u"no_api_key")
        m_turn.errorKind = why;
    const bool withdraw = !m_shown.isEmpty();
    if (withdraw) {
        m_shown = answer.text;
        if (!m_reminder.isEmpty())
            m_shown.prepend(m_reminder); // stays in front, as stored below
        Q_EMIT replyReplaced(m_shown);
    } else {
        show(answer.text);
    }
    m_turn.reply = m_shown;
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
    if (m_moderation)
        m_moderation->abort();
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
    if (!m_reminder.isEmpty() && !m_turn.reply.isEmpty() && !m_turn.reply.startsWith(m_reminder))
        m_turn.reply.prepend(m_reminder); // what the visitor saw
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
    if (m_fleet) {
        m_fleet->cancel();
        m_fleet->settle(usage ? usage->costUsd : 0.0);
    }
    Q_EMIT finished(outcome);
    deleteLater();
}

} // namespace zk::conversation
