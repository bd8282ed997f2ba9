#include "llm/ratelimiter.h"

#include "core/logging.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace zk::llm {

namespace {

QByteArray header(const RateLimiter::Headers &headers, QByteArrayView name)
{
    for (const auto &h : headers)
        if (h.first.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    return {};
}

// A count from a header; missing, junk, NaN and negative values (-1) are unknown.
std::optional<double> count(const RateLimiter::Headers &headers, QByteArrayView name)
{
    const QByteArray value = header(headers, name);
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0)
        return std::nullopt;
    return v;
}

} // namespace

// ---- Bucket -------------------------------------------------------------------

double RateLimiter::Bucket::levelAt(qint64 now) const
{
    if (unlimited())
        return capacity;
    const qint64 elapsed = std::max<qint64>(0, now - at);
    if (heldUntil) {
        if (now < *heldUntil)
            return level;
        // Full again at heldUntil (less what was taken meanwhile), then the usual refill.
        const double full = capacity + std::min(0.0, level);
        return std::min(capacity, full + double(now - *heldUntil) * standardRate());
    }
    return std::min(capacity, level + double(elapsed) * rate.value_or(standardRate()));
}

qint64 RateLimiter::Bucket::waitFor(double amount, qint64 now) const
{
    if (unlimited())
        return 0;
    const double needed = std::min(amount, capacity); // larger than the bucket: wait for a full one
    if (levelAt(now) >= needed)
        return 0;
    if (heldUntil && now < *heldUntil) {
        const double full = capacity + std::min(0.0, level);
        const qint64 untilFull = *heldUntil - now;
        if (full >= needed)
            return untilFull;
        return untilFull + qint64(std::ceil((needed - full) / standardRate()));
    }
    const double r = rate.value_or(standardRate());
    return std::max<qint64>(1, qint64(std::ceil((needed - levelAt(now)) / r)));
}

void RateLimiter::Bucket::advance(qint64 now)
{
    if (now < at)
        now = at; // a clock that went back: no refill, no drain
    level = levelAt(now);
    at = now;
    if (heldUntil && now >= *heldUntil)
        heldUntil.reset();
    if (level >= capacity)
        rate.reset();
}

void RateLimiter::Bucket::apply(std::optional<double> limit, std::optional<double> remaining,
                                std::optional<qint64> resetMs, qint64 now)
{
    advance(now);
    if (limit && *limit > 0 && *limit != capacity) {
        // A limit of 0 or -1 means unknown: the configured size stays.
        if (unlimited())
            level = *limit;
        capacity = *limit;
        level = std::min(level, capacity);
    }
    if (unlimited())
        return;
    if (!remaining)
        return; // a reset time speaks of the server's remaining count: alone it says nothing
    level = std::min(*remaining, capacity);
    heldUntil.reset();
    rate.reset();
    if (resetMs && *resetMs > 0 && level < capacity) {
        if (level < 1.0) {
            heldUntil = now + *resetMs; // empty until the reset time, then full
            rate.reset();
        } else {
            heldUntil.reset();
            rate = (capacity - level) / double(*resetMs); // full at the reset time
        }
    }
}

double RateLimiter::Bucket::fraction(qint64 now) const
{
    if (unlimited())
        return 1.0;
    return std::clamp(levelAt(now) / capacity, 0.0, 1.0);
}

// ---- RateLimiter ----------------------------------------------------------------

RateLimiter::RateLimiter(RateLimitSettings settings, std::function<qint64()> nowMs)
    : m_nowMs(std::move(nowMs))
{
    if (!m_nowMs)
        m_nowMs = [] { return QDateTime::currentMSecsSinceEpoch(); };
    const qint64 now = m_nowMs();
    m_requests.capacity = m_requests.level = std::max(0, settings.requestsPerMinute);
    m_tokens.capacity = m_tokens.level = std::max(0, settings.tokensPerMinute);
    m_requests.at = m_tokens.at = now;
}

qint64 RateLimiter::waitMsFor(int estimatedTokens) const
{
    const qint64 now = m_nowMs();
    return std::max(m_requests.waitFor(1.0, now), m_tokens.waitFor(std::max(0, estimatedTokens), now));
}

void RateLimiter::consume(int estimatedTokens)
{
    const qint64 now = m_nowMs();
    m_requests.advance(now);
    m_tokens.advance(now);
    if (!m_requests.unlimited())
        m_requests.level -= 1.0;
    if (!m_tokens.unlimited())
        m_tokens.level -= std::max(0, estimatedTokens);
}

void RateLimiter::adjustTokens(int estimated, int actual)
{
    if (m_tokens.unlimited())
        return;
    m_tokens.advance(m_nowMs());
    m_tokens.level = std::min(m_tokens.capacity, m_tokens.level + double(std::max(0, estimated) - std::max(0, actual)));
}

void RateLimiter::updateFromHeaders(const Headers &headers)
{
    const qint64 now = m_nowMs();
    auto reset = [&](QByteArrayView name) -> std::optional<qint64> {
        const QByteArray value = header(headers, name);
        return value.isEmpty() ? std::nullopt : parseDuration(value);
    };
    m_requests.apply(count(headers, "x-ratelimit-limit-requests"), count(headers, "x-ratelimit-remaining-requests"),
                     reset("x-ratelimit-reset-requests"), now);
    m_tokens.apply(count(headers, "x-ratelimit-limit-tokens"), count(headers, "x-ratelimit-remaining-tokens"),
                   reset("x-ratelimit-reset-tokens"), now);
    if (lowHeadroom()) {
        const Headroom h = headroom();
        qCWarning(lcLlm) << "Rate-limit headroom is low: requests" << h.requests << "tokens" << h.tokens;
    }
}

Headroom RateLimiter::headroom() const
{
    const qint64 now = m_nowMs();
    return {m_requests.fraction(now), m_tokens.fraction(now)};
}

bool RateLimiter::lowHeadroom() const
{
    const Headroom h = headroom();
    return h.requests < kLowHeadroom || h.tokens < kLowHeadroom;
}

std::optional<qint64> RateLimiter::parseDuration(QByteArrayView text)
{
    const QByteArrayView s = text.trimmed();
    if (s.isEmpty())
        return std::nullopt;

    auto number = [&](qsizetype &i) -> std::optional<double> {
        const qsizetype start = i;
        bool digits = false;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
            digits = true;
        }
        if (i < s.size() && s[i] == '.') {
            ++i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                ++i;
                digits = true;
            }
        }
        if (!digits)
            return std::nullopt;
        bool ok = false;
        const double v = s.sliced(start, i - start).toByteArray().toDouble(&ok);
        return ok ? std::optional<double>(v) : std::nullopt;
    };

    double totalMs = 0;
    qsizetype i = 0;
    if (const auto seconds = number(i); seconds && i == s.size())
        totalMs = *seconds * 1000.0; // a bare number: seconds
    else
        i = 0;
    while (i < s.size()) {
        const auto v = number(i);
        if (!v)
            return std::nullopt;
        const QByteArrayView rest = s.sliced(i);
        double unitMs = 0;
        qsizetype unitLength = 0;
        if (rest.startsWith("ms")) {
            unitMs = 1;
            unitLength = 2;
        } else if (rest.startsWith("us")) {
            unitMs = 1e-3;
            unitLength = 2;
        } else if (rest.startsWith("\xc2\xb5s")) { // µs
            unitMs = 1e-3;
            unitLength = 3;
        } else if (rest.startsWith("ns")) {
            unitMs = 1e-6;
            unitLength = 2;
        } else if (rest.startsWith("h")) {
            unitMs = 3600000;
            unitLength = 1;
        } else if (rest.startsWith("m")) {
            unitMs = 60000;
            unitLength = 1;
        } else if (rest.startsWith("s")) {
            unitMs = 1000;
            unitLength = 1;
        } else {
            return std::nullopt;
        }
        totalMs += *v * unitMs;
        i += unitLength;
    }
    if (!std::isfinite(totalMs) || totalMs > 1e15)
        return std::nullopt;
    return std::llround(totalMs);
}

} // namespace zk::llm
