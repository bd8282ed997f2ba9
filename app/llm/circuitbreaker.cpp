#include "llm/circuitbreaker.h"

#include "core/logging.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::llm {

QString breakerStateName(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed: return u"closed"_s;
    case BreakerState::Open: return u"open"_s;
    case BreakerState::HalfOpen: return u"half_open"_s;
    }
    return u"closed"_s;
}

std::optional<BreakerState> breakerStateFromName(QStringView name)
{
    for (BreakerState s : {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen}) {
        if (name == breakerStateName(s))
            return s;
    }
    return std::nullopt;
}

CircuitBreaker::CircuitBreaker(QString endpoint, BreakerSettings settings, std::function<QDateTime()> now)
    : m_endpoint(std::move(endpoint))
    , m_settings(settings)
    , m_now(std::move(now))
{
    m_settings.consecutiveFailures = std::max(1, m_settings.consecutiveFailures);
    m_settings.window = std::max(1, m_settings.window);
    m_settings.failureRatio = std::clamp(m_settings.failureRatio, 0.0, 1.0);
    m_settings.openMs = std::max(0, m_settings.openMs);
    if (!m_now)
        m_now = [] { return QDateTime::currentDateTimeUtc(); };
}

bool CircuitBreaker::countsAsFailure(ErrorKind kind)
{
    return isTransientFailure(kind);
}

bool CircuitBreaker::allowRequest()
{
    const QDateTime now = m_now();
    switch (m_state) {
    case BreakerState::Closed:
        return true;
    case BreakerState::Open:
        if (m_openedAt && m_openedAt->msecsTo(now) < m_settings.openMs)
            return false;
        setState(BreakerState::HalfOpen);
        m_probeSentAt = now;
        qCInfo(lcLlm).noquote() << "Circuit breaker" << m_endpoint << "sends one probe";
        return true;
    case BreakerState::HalfOpen:
        if (m_probeSentAt && m_probeSentAt->msecsTo(now) < m_settings.openMs)
            return false; // the probe is out; its result decides
        if (m_probeSentAt)
            qCWarning(lcLlm).noquote() << "Circuit breaker" << m_endpoint << "gave up a probe that never reported";
        m_probeSentAt = now;
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    record(true);
}

void CircuitBreaker::recordFailure()
{
    record(false);
}

void CircuitBreaker::record(bool ok)
{
    switch (m_state) {
    case BreakerState::Open:
        return; // a call that started before the breaker opened
    case BreakerState::HalfOpen:
        m_probeSentAt.reset();
        if (ok) {
            m_consecutiveFailures = 0;
            m_recent.clear();
            m_openedAt.reset();
            setState(BreakerState::Closed);
            qCInfo(lcLlm).noquote() << "Circuit breaker" << m_endpoint << "closed: the probe succeeded";
        } else {
            ++m_consecutiveFailures;
            open();
            qCWarning(lcLlm).noquote() << "Circuit breaker" << m_endpoint << "open again: the probe failed";
        }
        return;
    case BreakerState::Closed:
        break;
    }

    m_consecutiveFailures = ok ? 0 : m_consecutiveFailures + 1;
    m_recent.append(ok ? u'1' : u'0');
    if (m_recent.size() > m_settings.window)
        m_recent.remove(0, m_recent.size() - m_settings.window);
    if (shouldOpen()) {
        qCWarning(lcLlm).noquote() << "Circuit breaker" << m_endpoint << "open:" << m_consecutiveFailures
                                   << "failures in a row, recent" << m_recent;
        open();
    }
}

bool CircuitBreaker::shouldOpen() const
{
    if (m_consecutiveFailures >= m_settings.consecutiveFailures)
        return true;
    if (m_recent.size() < m_settings.window)
        return false;
    const auto failures = m_recent.count(u'0');
    return double(failures) >= m_settings.failureRatio * double(m_settings.window);
}

void CircuitBreaker::open()
{
    m_openedAt = m_now();
    m_probeSentAt.reset();
    setState(BreakerState::Open);
}

void CircuitBreaker::setState(BreakerState to)
{
    const BreakerState from = m_state;
    m_state = to;
    if (from != to && onStateChanged)
        onStateChanged(from, to);
}

void CircuitBreaker::reset()
{
    m_consecutiveFailures = 0;
    m_recent.clear();
    m_openedAt.reset();
    m_probeSentAt.reset();
    setState(BreakerState::Closed);
}

BreakerSnapshot CircuitBreaker::snapshot() const
{
    BreakerSnapshot s;
    s.state = m_state;
    s.consecutiveFailures = m_consecutiveFailures;
    s.recent = m_recent;
    s.openedAt = m_openedAt;
    return s;
}

void CircuitBreaker::restore(const BreakerSnapshot &snapshot)
{
    m_state = snapshot.state;
    m_consecutiveFailures = std::max(0, snapshot.consecutiveFailures);
    m_recent.clear();
    for (QChar c : snapshot.recent) {
        if (c == u'0' || c == u'1')
            m_recent.append(c);
    }
    if (m_recent.size() > m_settings.window)
        m_recent.remove(0, m_recent.size() - m_settings.window);
    m_openedAt = snapshot.openedAt;
    if (m_openedAt && !m_openedAt->isValid())
        m_openedAt.reset();
    const QDateTime now = m_now();
    if (m_state == BreakerState::Open && (!m_openedAt || *m_openedAt > now))
        m_openedAt = now; // open since an unknown time (or the clock went back): wait a full period
    if (m_state == BreakerState::Closed)
        m_openedAt.reset();
    m_probeSentAt.reset(); // a probe in flight did not survive the restart
}

} // namespace zk::llm
