#include "llm/retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace zk::llm {

namespace {

using Action = RetryDecision::Action;

RetryDecision decision(Action action, QString reason, qint64 waitMs = 0, bool staffAlert = false)
{
    RetryDecision d;
    d.action = action;
    d.waitMs = waitMs;
    d.staffAlert = staffAlert;
    d.reason = std::move(reason);
    return d;
}

// No (further) call on this model: the next one, or a local answer when none is left.
RetryDecision moveOn(bool hasNextModel, const QString &reason)
{
    return hasNextModel ? decision(Action::NextModel, reason + u"; next model"_s)
                        : decision(Action::AnswerLocally, reason + u"; no model left, answering locally"_s);
}

} // namespace

RetryPolicy::RetryPolicy(RetrySettings settings, std::function<double()> random01)
    : m_settings(settings)
    , m_random01(std::move(random01))
{
    m_settings.maxRetriesPerModel = std::max(0, m_settings.maxRetriesPerModel);
    m_settings.baseDelayMs = std::max(0, m_settings.baseDelayMs);
    m_settings.maxDelayMs = std::max(m_settings.baseDelayMs, m_settings.maxDelayMs);
    if (!m_random01)
        m_random01 = [] { return QRandomGenerator::global()->generateDouble(); };
}

bool RetryPolicy::isRetryable(ErrorKind kind)
{
    return isTransientFailure(kind);
}

qint64 RetryPolicy::backoffMs(int retryIndex) const
{
    // base * 2^n without overflow: past 2^30 the cap has long been reached.
    const double exponential = double(m_settings.baseDelayMs) * std::ldexp(1.0, std::clamp(retryIndex, 0, 30));
    const double capped = std::min(exponential, double(m_settings.maxDelayMs));
    const double random = std::clamp(m_random01(), 0.0, 1.0);
    return std::llround(capped * (1.0 - 0.25 * random));
}

RetryDecision RetryPolicy::decide(const LlmError &error, int retriesDoneOnThisModel, bool contextAlreadyTrimmed,
                                  bool hasNextModel, qint64 msLeftBeforeDeadline) const
{
    const QString kind = errorKindName(error.kind);
    switch (error.kind) {
    case ErrorKind::Unauthorized:
    case ErrorKind::InsufficientQuota:
        // Every model shares the key and the quota: no retry, no other model.
        return decision(Action::AnswerLocally, kind + u": staff must act; answering locally"_s, 0, true);
    case ErrorKind::ContentFilter:
        return decision(Action::AnswerLocally, kind + u": the safety layer answers"_s);
    case ErrorKind::Cancelled:
        return decision(Action::AnswerLocally, kind + u": the turn was cancelled"_s);
    case ErrorKind::ContextLengthExceeded:
        // A trimmed request is a different request: x-should-retry (about this
        // one) does not forbid it.
        if (contextAlreadyTrimmed)
            return moveOn(hasNextModel, kind + u" after trimming"_s);
        if (msLeftBeforeDeadline <= 0)
            return moveOn(hasNextModel, kind + u": the turn deadline has come"_s);
        return decision(Action::TrimContextAndRetry, kind + u": trimming the context once"_s);
    default:
        break;
    }

    const bool retryable = error.shouldRetry.value_or(isRetryable(error.kind));
    if (!retryable) {
        if (error.shouldRetry == false)
            return moveOn(hasNextModel, kind + u": x-should-retry is false"_s);
        return moveOn(hasNextModel, kind + u": not retried"_s);
    }
    const int done = std::max(0, retriesDoneOnThisModel);
    if (done >= m_settings.maxRetriesPerModel)
        return moveOn(hasNextModel, kind + u": %1 retries spent on this model"_s.arg(done));

    const bool hinted = error.retryAfterMs.has_value();
    const qint64 wait = hinted ? std::max<qint64>(0, *error.retryAfterMs) : backoffMs(done);
    if (wait >= msLeftBeforeDeadline)
        return moveOn(hasNextModel, kind + u": a wait of %1 ms would pass the turn deadline (%2 ms left)"_s
                                             .arg(wait).arg(msLeftBeforeDeadline));
    return decision(Action::RetrySameModel,
                    kind + u": retry %1 of %2 after %3 ms%4"_s.arg(done + 1).arg(m_settings.maxRetriesPerModel)
                               .arg(wait).arg(hinted ? u" (server hint)"_s : QString()),
                    wait);
}

} // namespace zk::llm
