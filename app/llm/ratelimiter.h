#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <functional>
#include <optional>

namespace zk::llm {

struct RateLimitSettings
{
    int requestsPerMinute = 500; // <= 0: no client-side limit until a header gives one
    int tokensPerMinute = 30000;
};

// Fraction remaining in each bucket, 0..1.
struct Headroom
{
    double requests = 1.0;
    double tokens = 1.0;
};

// Client-side request and token buckets, so that the kiosk waits in a queue
// rather than fire into a 429. Each bucket holds up to its per-minute limit and
// refills continuously over one minute. Pure: the clock is injected.
//
// The x-ratelimit-* headers of each response correct the buckets:
//   limit-requests / limit-tokens      resize the bucket (0, -1, junk: unknown, keep config);
//   remaining-requests / -tokens       set its level (-1, junk: ignored);
//   reset-requests / -tokens           ("1s", "6m0s") when the bucket is full again, read with
//                                      remaining-*: it refills to full by then; an empty one
//                                      ("0 remaining") stays empty until then.
class RateLimiter
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // nowMs: a monotonic clock in ms (default: the wall clock).
    RateLimiter(RateLimitSettings settings, std::function<qint64()> nowMs);

    // 0: go now. Otherwise how long until both buckets allow one request of
    // about `estimatedTokens` tokens. Never infinite: a request larger than the
    // whole token bucket waits for a full bucket.
    qint64 waitMsFor(int estimatedTokens) const;
    // Takes one request and `estimatedTokens` tokens (the level may go below zero).
    void consume(int estimatedTokens);
    // The usage report came: gives back (or takes) the difference.
    void adjustTokens(int estimated, int actual);
    void updateFromHeaders(const Headers &headers);

    Headroom headroom() const;
    bool lowHeadroom() const; // below 10% in either bucket: record an alert

    // A Go-style duration ("1s", "6m0s", "12ms", "1h2m3.5s", "0.5s", "250us")
    // in ms, rounded; a bare number is seconds. Junk or negative: nullopt.
    static std::optional<qint64> parseDuration(QByteArrayView text);

    static constexpr double kLowHeadroom = 0.1;

private:
    // One token bucket. Level is exact at `at`; it refills at `rate` per ms
    // (capacity per minute unless a reset header said otherwise) and, while
    // `heldUntil` lies ahead, not at all (then it is full at once).
    struct Bucket
    {
        double capacity = 0;   // <= 0: unlimited
        double level = 0;
        qint64 at = 0;
        std::optional<double> rate;       // from a reset header, until full
        std::optional<qint64> heldUntil;  // "0 remaining" with a reset time

        bool unlimited() const { return capacity <= 0; }
        double standardRate() const { return capacity / 60000.0; }
        double levelAt(qint64 now) const;
        qint64 waitFor(double amount, qint64 now) const;
        void advance(qint64 now);
        void apply(std::optional<double> limit, std::optional<double> remaining,
                   std::optional<qint64> resetMs, qint64 now);
        double fraction(qint64 now) const;
    };

    std::function<qint64()> m_nowMs;
    Bucket m_requests;
    Bucket m_tokens;
};

} // namespace zk::llm
