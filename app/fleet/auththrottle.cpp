#include "fleet/auththrottle.h"

#include <algorithm>

namespace zk::fleet {

namespace {
constexpr qsizetype kMaxAddresses = 10000;   // memory stays bounded under a spray of addresses
}

AuthThrottle::AuthThrottle(ThrottleSettings settings, std::function<qint64()> nowMs)
    : m_settings(settings), m_now(std::move(nowMs))
{
}

int AuthThrottle::failures(const QString &address) const
{
    const auto it = m_entries.constFind(address);
    if (it == m_entries.cend() || m_now() - it->lastFailureMs >= m_settings.forgetAfterMs)
        return 0;
    return it->failures;
}

int AuthThrottle::delayMs(const QString &address) const
{
    const int n = failures(address);
    if (n <= 0)
        return 0;
    qint64 delay = m_settings.baseDelayMs;
    for (int i = 1; i < n && delay < m_settings.maxDelayMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, m_settings.maxDelayMs));
}

bool AuthThrottle::isLockedOut(const QString &address) const
{
    return failures(address) >= m_settings.lockoutAfter;
}

int AuthThrottle::recordFailure(const QString &address)
{
    forgetOld();
    Entry &e = m_entries[address];
    if (m_now() - e.lastFailureMs >= m_settings.forgetAfterMs)
        e.failures = 0;
    ++e.failures;
    e.lastFailureMs = m_now();
    return e.failures;
}

void AuthThrottle::recordSuccess(const QString &address)
{
    m_entries.remove(address);
}

void AuthThrottle::forgetOld()
{
    const qint64 now = m_now();
    m_entries.removeIf([&](const auto &it) { return now - it.value().lastFailureMs >= m_settings.forgetAfterMs; });
    if (m_entries.size() >= kMaxAddresses)
        m_entries.clear();   // a flood of addresses: start over rather than grow without bound
}

} // namespace zk::fleet
