#include "conversation/modelcall.h"

#include "conversation/contextwindow.h"
#include "core/logging.h"
#include "llm/chatstream.h"
#include "llm/circuitbreaker.h"
#include "llm/openaiclient.h"
#include "llm/ratelimiter.h"
#include "llm/retrypolicy.h"

using namespace Qt::StringLiterals;

namespace zk::conversation {

using llm::RetryDecision;

ModelCall::ModelCall(Deps deps, llm::ChatRequest request, QStringList modelChain, QDeadlineTimer deadline,
                     QObject *parent)
    : QObject(parent)
    , m_deps(std::move(deps))
    , m_request(std::move(request))
    , m_chain(std::move(modelChain))
    , m_deadline(deadline)
{
    m_wait.setSingleShot(true);
    connect(&m_wait, &QTimer::timeout, this, &ModelCall::attempt);
}

const llm::ChatStream *ModelCall::currentStream() const
{
    return m_stream.data();
}

void ModelCall::start()
{
    if (m_chain.isEmpty()) {
        finish(ModelCallResult::Outcome::NoAnswer);
        return;
    }
    attempt();
}

void ModelCall::abort()
{
    m_done = true;
    m_wait.stop();
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
        m_stream = nullptr;
    }
}

int ModelCall::estimatedTokens() const
{
    int tokens = m_request.maxOutputTokens;
    for (const llm::ChatMessage &m : m_request.messages)
        tokens += estimateTokens(m.content);
    return tokens;
}

void ModelCall::attempt()
{
    if (m_done)
        return;
    if (m_deadline.hasExpired()) {
        finish(ModelCallResult::Outcome::NoAnswer);
        return;
    }
    // 1. The breaker: while open, nothing goes out.
    if (!m_deps.breaker.allowRequest()) {
        if (m_deps.observer.breakerTouched)
            m_deps.observer.breakerTouched();
        finish(m_result.attempts == 0 ? ModelCallResult::Outcome::BreakerOpen : ModelCallResult::Outcome::NoAnswer);
        return;
    }
    // 2. The local rate limit: wait in line rather than fire into a 429.
    const int tokens = estimatedTokens();
    if (const qint64 wait = m_deps.rateLimiter.waitMsFor(tokens); wait > 0) {
        if (wait >= m_deadline.remainingTime()) {
            finish(ModelCallResult::Outcome::RateLimited);
            return;
        }
        qCInfo(lcLlm) << "waiting" << wait << "ms for the local rate limit";
        m_wait.start(int(wait));
        return;
    }
    m_deps.rateLimiter.consume(tokens);

    // 3. The call.
    m_request.model = m_chain.at(m_modelIndex);
    ++m_result.attempts;
    m_stream = m_deps.client.startStream(m_request);
    connect(m_stream, &llm::ChatStream::textReceived, this, [this](const QString &delta) {
        m_textShown = true;
        Q_EMIT textReceived(delta);
    });
    connect(m_stream, &llm::ChatStream::finished, this, &ModelCall::onStreamFinished);
}

void ModelCall::onStreamFinished(const llm::StreamResult &result)
{
    m_stream = nullptr;
    if (m_done)
        return;
    m_result.stream = result;
    m_deps.rateLimiter.updateFromHeaders(result.responseHeaders);
    if (result.usage)
        m_deps.rateLimiter.adjustTokens(estimatedTokens(),
                                        result.usage->promptTokens + result.usage->completionTokens);
    else if (result.text.isEmpty() && result.error.kind != llm::ErrorKind::None)
        m_deps.rateLimiter.adjustTokens(estimatedTokens(), 0); // refused before generating: no tokens spent
    if (m_deps.observer.rateLimitLow && m_deps.rateLimiter.lowHeadroom())
        m_deps.observer.rateLimitLow();

    const llm::LlmError &error = result.error;
    if (error.kind == llm::ErrorKind::None) {
        m_deps.breaker.recordSuccess();
        if (m_deps.observer.breakerTouched)
            m_deps.observer.breakerTouched();
        m_result.model = result.model.isEmpty() ? m_chain.at(m_modelIndex) : result.model;
        m_result.modelIndex = m_modelIndex;
        finish(ModelCallResult::Outcome::Answered);
        return;
    }

    m_result.lastError = error;
    if (llm::CircuitBreaker::countsAsFailure(error.kind))
        m_deps.breaker.recordFailure();
    else
        m_deps.breaker.recordSuccess(); // the endpoint is up; the request itself was refused
    if (m_deps.observer.breakerTouched)
        m_deps.observer.breakerTouched();
    if (m_deps.observer.callFailed)
        m_deps.observer.callFailed(m_request, result);

    if (error.kind == llm::ErrorKind::ContentFilter) {
        // The API's own filter stopped the reply: whatever was shown is replaced
        // by a kind local answer (the safety layer's redirect when it lands).
        finish(ModelCallResult::Outcome::NoAnswer);
        return;
    }
    if (m_textShown) {
        m_result.model = result.model.isEmpty() ? m_chain.at(m_modelIndex) : result.model;
        m_result.modelIndex = m_modelIndex;
        finish(ModelCallResult::Outcome::Partial);
        return;
    }

    const bool hasNext = m_modelIndex + 1 < m_chain.size();
    const RetryDecision decision = m_deps.retry.decide(error, m_retriesOnModel, m_trimmed, hasNext,
                                                       m_deadline.remainingTime());
    if (decision.staffAlert && m_deps.observer.staffAlert)
        m_deps.observer.staffAlert(error);
    qCInfo(lcLlm).noquote() << "model" << m_chain.at(m_modelIndex) << llm::errorKindName(error.kind) << "->"
                            << decision.reason;
    switch (decision.action) {
    case RetryDecision::Action::RetrySameModel:
        ++m_retriesOnModel;
        m_wait.start(int(std::max<qint64>(0, decision.waitMs)));
        return;
    case RetryDecision::Action::TrimContextAndRetry:
        trimContext();
        m_wait.start(0);
        return;
    case RetryDecision::Action::NextModel:
        if (hasNext) {
            ++m_modelIndex;
            m_retriesOnModel = 0;
            m_wait.start(0);
            return;
        }
        finish(ModelCallResult::Outcome::NoAnswer);
        return;
    case RetryDecision::Action::AnswerLocally:
        finish(ModelCallResult::Outcome::NoAnswer);
        return;
    }
}

void ModelCall::trimContext()
{
    // Keep the system prompt(s) and the visitor's question; drop the older half of the history.
    m_trimmed = true;
    QList<llm::ChatMessage> kept;
    QList<llm::ChatMessage> history;
    for (qsizetype i = 0; i < m_request.messages.size(); ++i) {
        const llm::ChatMessage &m = m_request.messages.at(i);
        if (i == 0 || i == m_request.messages.size() - 1)
            continue;
        if (m.role != llm::ChatMessage::Role::System)
            history << m;
    }
    const qsizetype keepFrom = history.size() / 2 + (history.size() / 2) % 2; // whole user/assistant pairs
    kept << m_request.messages.first();
    kept << history.mid(keepFrom);
    kept << m_request.messages.last();
    m_request.messages = kept;
}

void ModelCall::finish(ModelCallResult::Outcome outcome)
{
    if (m_done)
        return;
    m_done = true;
    m_wait.stop();
    m_result.outcome = outcome;
    Q_EMIT finished(m_result);
}

} // namespace zk::conversation
