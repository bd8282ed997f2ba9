#pragma once

#include "llm/llmtypes.h"

#include <QString>

#include <functional>

namespace zk::llm {

struct RetrySettings
{
    int maxRetriesPerModel = 2;
    int baseDelayMs = 500;
    int maxDelayMs = 8000;
};

// What to do after one failed model call.
struct RetryDecision
{
    enum class Action {
        RetrySameModel,      // wait waitMs, then call the same model again
        TrimContextAndRetry, // drop older context, then call the same model again at once
        NextModel,           // go on to the next model of the chain at once
        AnswerLocally,       // no further model call this turn: cache, offline or the safety layer answers
    };
    Action action = Action::AnswerLocally;
    qint64 waitMs = 0;
    bool staffAlert = false; // the failure needs a person (API key, quota)
    QString reason;          // developer-facing, for logs; never shown to visitors
};

// Decides retries, model fallback and local answers for a failed call. Pure:
// the jitter comes from an injected source of random numbers in [0, 1).
//
// Retries: at most maxRetriesPerModel per model, for transient failures only.
// Each waits backoffMs(n) = min(base * 2^n, max) * (1 - 0.25 * random), or the
// server's retry-after(-ms) hint when there is one (not capped). A wait that
// would reach the turn deadline moves on to the next model at once.
// x-should-retry: false forbids a retry; true allows one even for a status that
// is not normally retried, but never for 401/403 or insufficient_quota.
//
// The caller must not ask for a retry once text was shown to the visitor
// (a stream that broke midway): it keeps what was shown instead.
class RetryPolicy
{
public:
    explicit RetryPolicy(RetrySettings settings = {}, std::function<double()> random01 = {});

    RetryDecision decide(const LlmError &error, int retriesDoneOnThisModel, bool contextAlreadyTrimmed,
                         bool hasNextModel, qint64 msLeftBeforeDeadline) const;

    // The jittered wait before retry number retryIndex (0-based), in ms.
    qint64 backoffMs(int retryIndex) const;

    // Transient failures worth another try on the same model: transport errors,
    // timeouts, stalls, 408/409/429 (rate)/5xx, non-JSON proxy bodies, streams
    // that ended early or carried an error object.
    static bool isRetryable(ErrorKind kind);

    const RetrySettings &settings() const { return m_settings; }

private:
    RetrySettings m_settings;
    std::function<double()> m_random01;
};

} // namespace zk::llm
