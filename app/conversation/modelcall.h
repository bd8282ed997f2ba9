#pragma once

#include "llm/llmtypes.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace zk::llm {
class ChatStream;
class CircuitBreaker;
class OpenAiClient;
class RateLimiter;
class RetryPolicy;
}

namespace zk::conversation {

// What the resilience layer tells the turn and the staff about one call.
struct ModelCallObserver
{
    // A call failed (to be recorded for staff and replay): the request body and the result.
    std::function<void(const llm::ChatRequest &request, const llm::StreamResult &result)> callFailed;
    // The key was refused or the quota is spent: staff must act.
    std::function<void(const llm::LlmError &error)> staffAlert;
    // The breaker's state may have changed: persist it.
    std::function<void()> breakerTouched;
    // The rate-limit headroom went below 10%.
    std::function<void()> rateLimitLow;
};

// How the model chain ended.
struct ModelCallResult
{
    enum class Outcome {
        Answered,        // a model streamed a complete reply
        Partial,         // text was shown, then the stream broke
        NoAnswer,        // every try failed before any text: answer locally
        BreakerOpen,     // no request went out: the breaker is open
        RateLimited,     // the local rate limit would not allow a call before the deadline
    };
    Outcome outcome = Outcome::NoAnswer;
    QString model;               // the model that answered (as the API named it), if any
    int modelIndex = -1;         // its place in the chain
    llm::StreamResult stream;    // the last stream's result
    llm::LlmError lastError;     // the last failure, if any
    int attempts = 0;            // requests sent
};

// Runs one reply across the model chain: rate limit -> breaker -> stream ->
// on failure retry with backoff, trim the context, or move down the chain,
// within the turn's deadline. Emits textReceived() as text arrives and one
// finished(); never shows an error to anybody.
class ModelCall : public QObject
{
    Q_OBJECT

public:
    struct Deps
    {
        llm::OpenAiClient &client;
        llm::RetryPolicy &retry;
        llm::CircuitBreaker &breaker;
        llm::RateLimiter &rateLimiter;
        ModelCallObserver observer;
    };

    ModelCall(Deps deps, llm::ChatRequest request, QStringList modelChain, QDeadlineTimer deadline,
              QObject *parent = nullptr);

    void start();
    void abort();                       // stop now; finished() is not emitted
    bool textShown() const { return m_textShown; }
    int attempts() const { return m_result.attempts; }
    const llm::ChatStream *currentStream() const;

Q_SIGNALS:
    void textReceived(const QString &delta);
    void finished(const zk::conversation::ModelCallResult &result);

private:
    void attempt();
    void onStreamFinished(const llm::StreamResult &result);
    void finish(ModelCallResult::Outcome outcome);
    void trimContext();
    int estimatedTokens() const;

    Deps m_deps;
    llm::ChatRequest m_request;
    QStringList m_chain;
    QDeadlineTimer m_deadline;
    int m_modelIndex = 0;
    int m_retriesOnModel = 0;
    bool m_trimmed = false;
    bool m_textShown = false;
    bool m_done = false;
    QPointer<llm::ChatStream> m_stream;
    QTimer m_wait;
    ModelCallResult m_result;
};

} // namespace zk::conversation
