// RateLimiter: request and token buckets, waits, continuous refill, correction
// from the x-ratelimit-* headers (missing, -1, 0 and junk values included),
// parseDuration, low headroom.

#include "llm/ratelimiter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::llm;
using Headers = RateLimiter::Headers;

class TestRateLimiter : public QObject
{
    Q_OBJECT

    qint64 m_now = 0;

    RateLimiter make(int requestsPerMinute, int tokensPerMinute)
    {
        return RateLimiter(RateLimitSettings{requestsPerMinute, tokensPerMinute}, [this] { return m_now; });
    }

private Q_SLOTS:
    void init() { m_now = 1'700'000'000'000; }

    void freshBucketsAreFull()
    {
        const RateLimiter limiter = make(500, 30000);
        QCOMPARE(limiter.waitMsFor(1000), 0);
        QCOMPARE(limiter.waitMsFor(30000), 0);
        QCOMPARE(limiter.headroom().requests, 1.0);
        QCOMPARE(limiter.headroom().tokens, 1.0);
        QVERIFY(!limiter.lowHeadroom());
        const RateLimiter defaults(RateLimitSettings{}, [this] { return m_now; });
        QCOMPARE(defaults.waitMsFor(30000), 0);
        QCOMPARE(defaults.waitMsFor(30001), 0); // more than the bucket: a full bucket will do
    }

    void requestBucket()
    {
        RateLimiter limiter = make(60, 1'000'000); // one request a second
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(limiter.waitMsFor(10), 0);
            limiter.consume(10);
        }
        QCOMPARE(limiter.waitMsFor(10), 1000);
        QCOMPARE(limiter.headroom().requests, 0.0);
        m_now += 400;
        QCOMPARE(limiter.waitMsFor(10), 600);
        m_now += 600;
        QCOMPARE(limiter.waitMsFor(10), 0);
        limiter.consume(10);
        QCOMPARE(limiter.waitMsFor(10), 1000);
    }

    void tokenBucket()
    {
        RateLimiter limiter = make(1000, 6000); // 100 tokens a second
        limiter.consume(5000);
        QCOMPARE(limiter.waitMsFor(1000), 0);
        QCOMPARE(limiter.waitMsFor(1001), 10); // 1 token = 10 ms
        QCOMPARE(limiter.waitMsFor(3000), 20000);
        QCOMPARE(limiter.headroom().tokens, 1000.0 / 6000.0);
        m_now += 5000; // +500
        QCOMPARE(limiter.waitMsFor(1500), 0);
        QCOMPARE(limiter.waitMsFor(2500), 10000);
        QCOMPARE(limiter.waitMsFor(-5), 0);
    }

    void waitsForBothBuckets()
    {
        RateLimiter limiter = make(60, 6000);
        limiter.consume(6000);          // both nearly empty: 59 requests left, 0 tokens
        QCOMPARE(limiter.waitMsFor(0), 0);
        QCOMPARE(limiter.waitMsFor(200), 2000);
        for (int i = 0; i < 59; ++i)
            limiter.consume(0);
        QCOMPARE(limiter.waitMsFor(0), 1000);    // requests decide
        QCOMPARE(limiter.waitMsFor(500), 5000);  // tokens decide
    }

    void requestBiggerThanTheBucketWaitsForAFullOne()
    {
        RateLimiter limiter = make(500, 6000);
        QCOMPARE(limiter.waitMsFor(100000), 0); // full now
        limiter.consume(3000);
        QCOMPARE(limiter.waitMsFor(100000), 30000);
        QCOMPARE(limiter.waitMsFor(6000), 30000);
        // Overdrawn (the caller went anyway): the debt is paid first.
        limiter.consume(6000); // level -3000
        QCOMPARE(limiter.waitMsFor(100000), 90000);
        QCOMPARE(limiter.headroom().tokens, 0.0);
    }

    void refillIsContinuousAndCapped()
    {
        RateLimiter limiter = make(600, 60000);
        limiter.consume(30000);
        QCOMPARE(limiter.headroom().tokens, 0.5);
        m_now += 15000;
        QCOMPARE(limiter.headroom().tokens, 0.75);
        m_now += 120000;
        QCOMPARE(limiter.headroom().tokens, 1.0);
        QCOMPARE(limiter.headroom().requests, 1.0);
        // The cap holds after a long rest: a full bucket, not more.
        limiter.consume(60000);
        QCOMPARE(limiter.waitMsFor(1), 1);
        QCOMPARE(limiter.headroom().tokens, 0.0);
        m_now += 30000;
        limiter.consume(0);
        QCOMPARE(limiter.headroom().tokens, 0.5);
        m_now -= 6000; // a clock that goes back neither refills nor drains
        QCOMPARE(limiter.headroom().tokens, 0.5);
        limiter.consume(0);
        QCOMPARE(limiter.headroom().tokens, 0.5);
        m_now += 6000;
        QCOMPARE(limiter.headroom().tokens, 0.5);
    }

    void adjustTokens()
    {
        RateLimiter limiter = make(500, 10000);
        limiter.consume(5000);
        limiter.adjustTokens(5000, 1000); // used less than estimated: given back
        QCOMPARE(limiter.headroom().tokens, 0.9);
        limiter.adjustTokens(1000, 4000); // used more
        QCOMPARE(limiter.headroom().tokens, 0.6);
        limiter.adjustTokens(100000, 0); // never above the capacity
        QCOMPARE(limiter.headroom().tokens, 1.0);
    }

    void headersCorrectTheBuckets()
    {
        RateLimiter limiter = make(500, 30000);
        limiter.updateFromHeaders({{"x-ratelimit-limit-requests", "100"},
                                   {"X-RateLimit-Limit-Tokens", "10000"},
                                   {"x-ratelimit-remaining-requests", "50"},
                                   {"x-ratelimit-remaining-tokens", "2500"}});
        QCOMPARE(limiter.headroom().requests, 0.5);
        QCOMPARE(limiter.headroom().tokens, 0.25);
        // Refill follows the new size: 10000 a minute.
        QCOMPARE(limiter.waitMsFor(3500), 6000);
        // A request bigger than the new bucket waits for a full one.
        QCOMPARE(limiter.waitMsFor(20000), 45000);
        // Remaining above the limit is clamped.
        limiter.updateFromHeaders({{"x-ratelimit-remaining-tokens", "99999"}});
        QCOMPARE(limiter.headroom().tokens, 1.0);
    }

    void unusableHeadersAreIgnored_data()
    {
        QTest::addColumn<Headers>("headers");
        QTest::newRow("missing") << Headers{};
        QTest::newRow("-1") << Headers{{"x-ratelimit-limit-requests", "-1"}, {"x-ratelimit-limit-tokens", "-1"},
                                       {"x-ratelimit-remaining-requests", "-1"}, {"x-ratelimit-remaining-tokens", "-1"}};
        QTest::newRow("0 limit") << Headers{{"x-ratelimit-limit-requests", "0"}, {"x-ratelimit-limit-tokens", "0"}};
        QTest::newRow("junk") << Headers{{"x-ratelimit-limit-requests", "lots"}, {"x-ratelimit-limit-tokens", ""},
                                         {"x-ratelimit-remaining-requests", "n/a"}, {"x-ratelimit-remaining-tokens", "nan"},
                                         {"x-ratelimit-reset-requests", "soon"}, {"x-ratelimit-reset-tokens", "-1s"}};
        QTest::newRow("reset without remaining") << Headers{{"x-ratelimit-reset-requests", "1s"},
                                                             {"x-ratelimit-reset-tokens", "6m0s"}};
    }

    void unusableHeadersAreIgnored()
    {
        QFETCH(Headers, headers);
        RateLimiter limiter = make(100, 10000);
        limiter.consume(5000);
        const Headroom before = limiter.headroom();
        QCOMPARE(before.requests, 0.99);
        QCOMPARE(before.tokens, 0.5);
        limiter.updateFromHeaders(headers);
        QCOMPARE(limiter.headroom().requests, before.requests);
        QCOMPARE(limiter.headroom().tokens, before.tokens);
        // The configured sizes still rule the refill.
        QCOMPARE(limiter.waitMsFor(6000), 6000);
        m_now += 30000;
        QCOMPARE(limiter.headroom().tokens, 1.0);
    }

    void zeroRemainingWithResetIsEmptyUntilReset()
    {
        RateLimiter limiter = make(500, 30000);
        limiter.updateFromHeaders({{"x-ratelimit-remaining-tokens", "0"}, {"x-ratelimit-reset-tokens", "6m0s"},
                                   {"x-ratelimit-remaining-requests", "0"}, {"x-ratelimit-reset-requests", "1s"}});
        QCOMPARE(limiter.headroom().tokens, 0.0);
        QCOMPARE(limiter.headroom().requests, 0.0);
        QVERIFY(limiter.lowHeadroom());
        QCOMPARE(limiter.waitMsFor(1), 360000);
        m_now += 1000;
        QCOMPARE(limiter.headroom().requests, 1.0); // its reset has come: full
        m_now += 300000;
        QCOMPARE(limiter.headroom().tokens, 0.0); // no refill while held
        QCOMPARE(limiter.waitMsFor(100), 59000);
        m_now += 59000;
        QCOMPARE(limiter.waitMsFor(30000), 0);
        QCOMPARE(limiter.headroom().tokens, 1.0);
        // ... and the usual refill after that.
        limiter.consume(30000);
        m_now += 30000;
        QCOMPARE(limiter.headroom().tokens, 0.5);
    }

    void zeroRemainingWithoutResetRefills()
    {
        RateLimiter limiter = make(500, 30000);
        limiter.updateFromHeaders({{"x-ratelimit-remaining-requests", "0"}});
        QCOMPARE(limiter.waitMsFor(1), 120); // 60000 / 500
        QCOMPARE(limiter.headroom().tokens, 1.0);
    }

    void resetTellsWhenTheBucketIsFull()
    {
        RateLimiter limiter = make(500, 10000);
        limiter.updateFromHeaders({{"x-ratelimit-remaining-tokens", "5000"}, {"x-ratelimit-reset-tokens", "10s"}});
        QCOMPARE(limiter.headroom().tokens, 0.5);
        m_now += 5000;
        QCOMPARE(limiter.headroom().tokens, 0.75);
        QCOMPARE(limiter.waitMsFor(10000), 5000);
        m_now += 5000;
        QCOMPARE(limiter.headroom().tokens, 1.0);
        // Full again: back to one bucket a minute.
        limiter.consume(5000);
        m_now += 6000;
        QCOMPARE(limiter.headroom().tokens, 0.6);
    }

    void headersCanAddALimitTheConfigLacked()
    {
        RateLimiter limiter = make(0, 0); // no client-side limit configured
        limiter.consume(1'000'000);
        QCOMPARE(limiter.waitMsFor(1'000'000), 0);
        QCOMPARE(limiter.headroom().tokens, 1.0);
        limiter.updateFromHeaders({{"x-ratelimit-limit-tokens", "1000"}, {"x-ratelimit-remaining-tokens", "50"}});
        QCOMPARE(limiter.headroom().tokens, 0.05);
        QVERIFY(limiter.lowHeadroom());
        QCOMPARE(limiter.waitMsFor(0), 0); // requests still unlimited
        QCOMPARE(limiter.waitMsFor(100), 3000);
    }

    void lowHeadroom()
    {
        RateLimiter limiter = make(100, 100000);
        for (int i = 0; i < 90; ++i)
            limiter.consume(0);
        QCOMPARE(limiter.headroom().requests, 0.1);
        QVERIFY(!limiter.lowHeadroom()); // 10% is not below 10%
        limiter.consume(0);
        QVERIFY(limiter.lowHeadroom());
        m_now += 600; // one request back
        QVERIFY(!limiter.lowHeadroom());

        limiter.updateFromHeaders({{"x-ratelimit-remaining-tokens", "9999"}});
        QVERIFY(limiter.lowHeadroom());
        limiter.updateFromHeaders({{"x-ratelimit-remaining-tokens", "10000"}});
        QVERIFY(!limiter.lowHeadroom());
    }

    void parseDuration_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms"); // -1: nullopt
        QTest::newRow("1s") << QByteArray("1s") << qint64(1000);
        QTest::newRow("6m0s") << QByteArray("6m0s") << qint64(360000);
        QTest::newRow("12ms") << QByteArray("12ms") << qint64(12);
        QTest::newRow("20ms") << QByteArray("20ms") << qint64(20);
        QTest::newRow("1h2m3.5s") << QByteArray("1h2m3.5s") << qint64(3723500);
        QTest::newRow("0.5s") << QByteArray("0.5s") << qint64(500);
        QTest::newRow("0.1s") << QByteArray("0.1s") << qint64(100);
        QTest::newRow("1m30s") << QByteArray("1m30s") << qint64(90000);
        QTest::newRow("2m59.56s") << QByteArray("2m59.56s") << qint64(179560);
        QTest::newRow("1m1ms") << QByteArray("1m1ms") << qint64(60001);
        QTest::newRow("1500us") << QByteArray("1500us") << qint64(2);
        QTest::newRow("2000µs") << QByteArray("2000\xc2\xb5s") << qint64(2);
        QTest::newRow("3000000ns") << QByteArray("3000000ns") << qint64(3);
        QTest::newRow(".5s") << QByteArray(".5s") << qint64(500);
        QTest::newRow("0s") << QByteArray("0s") << qint64(0);
        QTest::newRow("0") << QByteArray("0") << qint64(0);
        QTest::newRow("bare seconds") << QByteArray("2.5") << qint64(2500);
        QTest::newRow("spaces") << QByteArray("  7s ") << qint64(7000);
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
        QTest::newRow("junk") << QByteArray("soon") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-1s") << qint64(-1);
        QTest::newRow("-1") << QByteArray("-1") << qint64(-1);
        QTest::newRow("unit only") << QByteArray("ms") << qint64(-1);
        QTest::newRow("unknown unit") << QByteArray("3d") << qint64(-1);
        QTest::newRow("space inside") << QByteArray("1 s") << qint64(-1);
        QTest::newRow("two dots") << QByteArray("1.2.3s") << qint64(-1);
        QTest::newRow("trailing junk") << QByteArray("1sx") << qint64(-1);
        QTest::newRow("dot") << QByteArray(".s") << qint64(-1);
        QTest::newRow("huge") << QByteArray("99999999999999h") << qint64(-1);
    }

    void parseDuration()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        const std::optional<qint64> parsed = RateLimiter::parseDuration(text);
        if (ms < 0)
            QCOMPARE(parsed, std::nullopt);
        else
            QCOMPARE(parsed, ms);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
