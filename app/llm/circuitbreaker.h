#pragma once

#include "llm/llmtypes.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>

namespace zk::llm {

enum class BreakerState { Closed, Open, HalfOpen };

// "closed", "open", "half_open": the names stored in breaker_state.state.
QString breakerStateName(BreakerState state);
std::optional<BreakerState> breakerStateFromName(QStringView name);

struct BreakerSettings
{
    int consecutiveFailures = 5; // open after this many failures in a row
    int window = 20;             // ... or when the last `window` calls hold
    double failureRatio = 0.5;   //     at least this share of failures
    int openMs = 60000;          // then, after this long, one probe call decides
};

// What survives a restart (table breaker_state).
struct BreakerSnapshot
{
    BreakerState state = BreakerState::Closed;
    int consecutiveFailures = 0;
    QString recent;                  // oldest first: '1' ok, '0' failed; at most `window` characters
    std::optional<QDateTime> openedAt;
};

// The circuit breaker of one API endpoint. Pure: the clock is injected.
//
// Closed: every request goes out. It opens when `consecutiveFailures` calls in a
// row failed, or when the window is full (exactly `window` calls recorded) and
// failures / window >= failureRatio. Open: no request goes out (the caller
// answers from the cache or offline) until openMs have passed since openedAt;
// then allowRequest() moves to HalfOpen and lets exactly one probe through.
// The probe's success closes the breaker (clearing the count and the window);
// its failure opens it again with a fresh openedAt. A probe that never reports
// (a caller that lost it) is given up after another openMs, and a new probe is
// allowed, so the breaker cannot stay half-open for ever.
//
// The caller reports every call that allowRequest() let through: recordFailure()
// when countsAsFailure(kind), recordSuccess() otherwise (a 400 or a content
// filter proves the endpoint answers). Results that arrive while the breaker is
// open (calls started before it opened) change nothing.
class CircuitBreaker
{
public:
    CircuitBreaker(QString endpoint, BreakerSettings settings, std::function<QDateTime()> now);

    bool allowRequest();
    void recordSuccess();
    void recordFailure();
    void reset(); // staff: back to closed, counts cleared

    BreakerSnapshot snapshot() const;
    // Loads a persisted state (does not call onStateChanged). A half-open
    // snapshot, or an open one whose openedAt is at least openMs old, lets the
    // next allowRequest() probe.
    void restore(const BreakerSnapshot &snapshot);

    BreakerState state() const { return m_state; }
    QString endpoint() const { return m_endpoint; }
    const BreakerSettings &settings() const { return m_settings; }

    // Failures that say the endpoint is unwell: transport errors, timeouts,
    // stalls, 408/409/429 (rate)/5xx, non-JSON proxy bodies, broken streams.
    // Not 400, 401/403, 404, insufficient_quota, content filter or cancel.
    static bool countsAsFailure(ErrorKind kind);

    // Called on every transition (also Open -> HalfOpen inside allowRequest()).
    std::function<void(BreakerState from, BreakerState to)> onStateChanged;

private:
    void record(bool ok);
    void setState(BreakerState to);
    void open();
    bool shouldOpen() const;

    QString m_endpoint;
    BreakerSettings m_settings;
    std::function<QDateTime()> m_now;
    BreakerState m_state = BreakerState::Closed;
    int m_consecutiveFailures = 0;
    QString m_recent;
    std::optional<QDateTime> m_openedAt;
    std::optional<QDateTime> m_probeSentAt; // HalfOpen: the probe in flight
};

} // namespace zk::llm
