// RetryPolicy: the decision for every ErrorKind, jittered backoff, server hints
// (retry-after-ms, retry-after seconds and HTTP date, x-should-retry) read through
// ErrorClassifier, the turn deadline, the end of the model chain, context trimming.

#include "llm/errorclassifier.h"
#include "llm/retrypolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk::llm;
using Action = RetryDecision::Action;

Q_DECLARE_METATYPE(zk::llm::ErrorKind)
Q_DECLARE_METATYPE(zk::llm::RetryDecision::Action)

namespace {

constexpr qint64 kPlentyOfTime = 60000;

RetryPolicy fixedPolicy(double random)
{
    return RetryPolicy(RetrySettings{}, [random] { return random; });
}

LlmError errorOf(ErrorKind kind)
{
    LlmError e;
    e.kind = kind;
    return e;
}

QByteArray apiError(const char *type, const char *code)
{
    return "{\"error\":{\"message\":\"m\",\"type\":\"" + QByteArray(type) + "\",\"param\":null,\"code\":"
        + (code ? "\"" + QByteArray(code) + "\"" : QByteArray("null")) + "}}";
}

const QDateTime kNow = QDateTime(QDate(2026, 11, 22), QTime(12, 0, 0), Qt::UTC);

LlmError http(int status, const ErrorClassifier::Headers &headers, const QByteArray &body = apiError("server_error", nullptr))
{
    return ErrorClassifier::fromHttp(status, headers, body, kNow);
}

const char *actionName(Action a)
{
    switch (a) {
    case Action::RetrySameModel: return "RetrySameModel";
    case Action::TrimContextAndRetry: return "TrimContextAndRetry";
    case Action::NextModel: return "NextModel";
    case Action::AnswerLocally: return "AnswerLocally";
    }
    return "?";
}

} // namespace

namespace QTest {
template <>
char *toString(const Action &a)
{
    return qstrdup(actionName(a));
}
} // namespace QTest

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backoff_data()
    {
        QTest::addColumn<double>("random");
        QTest::addColumn<QList<qint64>>("expected"); // n = 0..5
        QTest::newRow("r=0") << 0.0 << QList<qint64>{500, 1000, 2000, 4000, 8000, 8000};
        QTest::newRow("r=1") << 1.0 << QList<qint64>{375, 750, 1500, 3000, 6000, 6000};
        QTest::newRow("r=0.5") << 0.5 << QList<qint64>{438, 875, 1750, 3500, 7000, 7000};
        // A random source out of range is clamped to [0, 1].
        QTest::newRow("r=7") << 7.0 << QList<qint64>{375, 750, 1500, 3000, 6000, 6000};
    }

    void backoff()
    {
        QFETCH(double, random);
        QFETCH(QList<qint64>, expected);
        const RetryPolicy policy = fixedPolicy(random);
        for (int n = 0; n < expected.size(); ++n)
            QCOMPARE(policy.backoffMs(n), expected.at(n));
        // Far past the cap, no overflow.
        QCOMPARE(policy.backoffMs(1000), expected.last());
    }

    void backoffFromSettings()
    {
        const RetryPolicy policy(RetrySettings{3, 100, 1000}, [] { return 0.0; });
        QCOMPARE(policy.backoffMs(0), 100);
        QCOMPARE(policy.backoffMs(3), 800);
        QCOMPARE(policy.backoffMs(4), 1000);
    }

    void defaultRandomJitters()
    {
        const RetryPolicy policy; // QRandomGenerator::global()
        QSet<qint64> seen;
        for (int i = 0; i < 200; ++i) {
            const qint64 ms = policy.backoffMs(0);
            QVERIFY2(ms >= 375 && ms <= 500, QByteArray::number(ms).constData());
            seen.insert(ms);
        }
        QVERIFY(seen.size() > 10);
    }

    void everyKind_data()
    {
        QTest::addColumn<ErrorKind>("kind");
        QTest::addColumn<Action>("action");
        QTest::addColumn<Action>("actionWithoutNextModel");
        QTest::addColumn<bool>("staffAlert");
        QTest::addColumn<bool>("retryable");

        const auto retry = [](const char *name, ErrorKind kind) {
            QTest::newRow(name) << kind << Action::RetrySameModel << Action::RetrySameModel << false << true;
        };
        retry("connection refused", ErrorKind::ConnectionRefused);
        retry("dns", ErrorKind::HostNotFound);
        retry("tls", ErrorKind::Tls);
        retry("connect timeout", ErrorKind::ConnectTimeout);
        retry("first-byte timeout", ErrorKind::FirstByteTimeout);
        retry("stalled", ErrorKind::StreamStalled);
        retry("network", ErrorKind::Network);
        retry("429 rate", ErrorKind::RateLimited);
        retry("408/409/5xx", ErrorKind::Retryable);
        retry("non-JSON body", ErrorKind::NonJsonErrorBody);
        retry("no [DONE]", ErrorKind::StreamEndedEarly);
        retry("error mid-stream", ErrorKind::StreamError);

        QTest::newRow("400") << ErrorKind::BadRequest << Action::NextModel << Action::AnswerLocally << false << false;
        QTest::newRow("other status") << ErrorKind::HttpOther << Action::NextModel << Action::AnswerLocally << false << false;
        QTest::newRow("404 model") << ErrorKind::ModelNotFound << Action::NextModel << Action::AnswerLocally << false << false;
        QTest::newRow("context length") << ErrorKind::ContextLengthExceeded << Action::TrimContextAndRetry
                                        << Action::TrimContextAndRetry << false << false;
        QTest::newRow("401/403") << ErrorKind::Unauthorized << Action::AnswerLocally << Action::AnswerLocally << true << false;
        QTest::newRow("quota") << ErrorKind::InsufficientQuota << Action::AnswerLocally << Action::AnswerLocally << true << false;
        QTest::newRow("content filter") << ErrorKind::ContentFilter << Action::AnswerLocally << Action::AnswerLocally << false << false;
        QTest::newRow("cancelled") << ErrorKind::Cancelled << Action::AnswerLocally << Action::AnswerLocally << false << false;
        QTest::newRow("none") << ErrorKind::None << Action::NextModel << Action::AnswerLocally << false << false;
    }

    void everyKind()
    {
        QFETCH(ErrorKind, kind);
        QFETCH(Action, action);
        QFETCH(Action, actionWithoutNextModel);
        QFETCH(bool, staffAlert);
        QFETCH(bool, retryable);

        const RetryPolicy policy = fixedPolicy(0.0);
        QCOMPARE(RetryPolicy::isRetryable(kind), retryable);

        const RetryDecision d = policy.decide(errorOf(kind), 0, false, true, kPlentyOfTime);
        QCOMPARE(d.action, action);
        QCOMPARE(d.staffAlert, staffAlert);
        QCOMPARE(d.waitMs, action == Action::RetrySameModel ? 500 : 0);
        QVERIFY(!d.reason.isEmpty());
        m_kindsDecided.insert(int(kind));

        const RetryDecision last = policy.decide(errorOf(kind), 0, false, false, kPlentyOfTime);
        QCOMPARE(last.action, actionWithoutNextModel);
        QCOMPARE(last.staffAlert, staffAlert);
    }

    void everyKindIsInTheTable()
    {
        // everyKind ran before: each ErrorKind must have had a row there.
        if (m_kindsDecided.isEmpty())
            QSKIP("run together with everyKind");
        for (int k = int(ErrorKind::None); k <= int(ErrorKind::Cancelled); ++k)
            QVERIFY2(m_kindsDecided.contains(k), qPrintable(errorKindName(ErrorKind(k))));
    }

    void retriesPerModel()
    {
        const RetryPolicy policy = fixedPolicy(0.0);
        const LlmError e = errorOf(ErrorKind::Retryable);
        RetryDecision d = policy.decide(e, 0, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::RetrySameModel);
        QCOMPARE(d.waitMs, 500);
        d = policy.decide(e, 1, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::RetrySameModel);
        QCOMPARE(d.waitMs, 1000);
        // Two retries spent: the next model, or a local answer at the end of the chain.
        d = policy.decide(e, 2, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::NextModel);
        QCOMPARE(d.waitMs, 0);
        d = policy.decide(e, 2, false, false, kPlentyOfTime);
        QCOMPARE(d.action, Action::AnswerLocally);
        QVERIFY(!d.staffAlert);

        const RetryPolicy none(RetrySettings{0, 500, 8000}, [] { return 0.0; });
        QCOMPARE(none.decide(e, 0, false, true, kPlentyOfTime).action, Action::NextModel);
    }

    void serverHints_data()
    {
        QTest::addColumn<ErrorClassifier::Headers>("headers");
        QTest::addColumn<qint64>("waitMs");
        QTest::newRow("retry-after-ms") << ErrorClassifier::Headers{{"retry-after-ms", "1500"}} << qint64(1500);
        QTest::newRow("retry-after-ms wins") << ErrorClassifier::Headers{{"retry-after", "9"}, {"retry-after-ms", "250"}}
                                             << qint64(250);
        QTest::newRow("retry-after seconds") << ErrorClassifier::Headers{{"Retry-After", "3"}} << qint64(3000);
        QTest::newRow("retry-after date") << ErrorClassifier::Headers{{"retry-after", "Sun, 22 Nov 2026 12:00:04 GMT"}}
                                          << qint64(4000);
        // A server hint is not capped at maxDelayMs.
        QTest::newRow("long hint") << ErrorClassifier::Headers{{"retry-after", "20"}} << qint64(20000);
        QTest::newRow("zero") << ErrorClassifier::Headers{{"retry-after-ms", "0"}} << qint64(0);
        QTest::newRow("junk: backoff") << ErrorClassifier::Headers{{"retry-after", "soon"}} << qint64(500);
        QTest::newRow("none: backoff") << ErrorClassifier::Headers{} << qint64(500);
    }

    void serverHints()
    {
        QFETCH(ErrorClassifier::Headers, headers);
        QFETCH(qint64, waitMs);
        const RetryPolicy policy = fixedPolicy(0.0);
        for (int status : {429, 503}) {
            const RetryDecision d = policy.decide(http(status, headers, apiError("requests", "rate_limit_exceeded")),
                                                  0, false, true, kPlentyOfTime);
            QCOMPARE(d.action, Action::RetrySameModel);
            QCOMPARE(d.waitMs, waitMs);
        }
    }

    void hintPastDeadline()
    {
        const RetryPolicy policy = fixedPolicy(0.0);
        const LlmError e = http(429, {{"retry-after", "20"}}, apiError("requests", "rate_limit_exceeded"));
        QCOMPARE(e.kind, ErrorKind::RateLimited);
        RetryDecision d = policy.decide(e, 0, false, true, 10000);
        QCOMPARE(d.action, Action::NextModel);
        QCOMPARE(d.waitMs, 0);
        d = policy.decide(e, 0, false, false, 10000);
        QCOMPARE(d.action, Action::AnswerLocally);
        QCOMPARE(d.waitMs, 0);
    }

    void shouldRetryHeader()
    {
        const RetryPolicy policy = fixedPolicy(0.0);
        // false forbids a retry of a status that is normally retried.
        LlmError e = http(503, {{"x-should-retry", "false"}});
        QCOMPARE(e.kind, ErrorKind::Retryable);
        QCOMPARE(policy.decide(e, 0, false, true, kPlentyOfTime).action, Action::NextModel);
        QCOMPARE(policy.decide(e, 0, false, false, kPlentyOfTime).action, Action::AnswerLocally);
        e = http(503, {{"x-should-retry", "false"}, {"retry-after-ms", "100"}});
        QCOMPARE(policy.decide(e, 0, false, true, kPlentyOfTime).action, Action::NextModel);

        // true allows a retry of a status that normally is not.
        e = http(400, {{"x-should-retry", "true"}}, apiError("invalid_request_error", nullptr));
        QCOMPARE(e.kind, ErrorKind::BadRequest);
        RetryDecision d = policy.decide(e, 0, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::RetrySameModel);
        QCOMPARE(d.waitMs, 500);
        // ... still within the retry budget.
        QCOMPARE(policy.decide(e, 2, false, true, kPlentyOfTime).action, Action::NextModel);
        e = http(404, {{"x-should-retry", "true"}}, apiError("invalid_request_error", "model_not_found"));
        QCOMPARE(policy.decide(e, 0, false, true, kPlentyOfTime).action, Action::RetrySameModel);

        // ... but never for the key or the quota.
        for (int status : {401, 403}) {
            e = http(status, {{"x-should-retry", "true"}}, apiError("invalid_request_error", "invalid_api_key"));
            QCOMPARE(e.kind, ErrorKind::Unauthorized);
            d = policy.decide(e, 0, false, true, kPlentyOfTime);
            QCOMPARE(d.action, Action::AnswerLocally);
            QVERIFY(d.staffAlert);
        }
        e = http(429, {{"x-should-retry", "true"}, {"retry-after", "1"}}, apiError("insufficient_quota", "insufficient_quota"));
        QCOMPARE(e.kind, ErrorKind::InsufficientQuota);
        d = policy.decide(e, 0, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::AnswerLocally);
        QVERIFY(d.staffAlert);

        // The content filter and a cancel are not statuses: the header changes nothing.
        LlmError filtered = errorOf(ErrorKind::ContentFilter);
        filtered.shouldRetry = true;
        QCOMPARE(policy.decide(filtered, 0, false, true, kPlentyOfTime).action, Action::AnswerLocally);
    }

    void deadlineCutOff()
    {
        const RetryPolicy policy = fixedPolicy(0.0);
        const LlmError e = errorOf(ErrorKind::FirstByteTimeout);
        QCOMPARE(policy.decide(e, 0, false, true, 501).action, Action::RetrySameModel);
        // A 500 ms wait that reaches or passes the deadline moves on at once.
        RetryDecision d = policy.decide(e, 0, false, true, 500);
        QCOMPARE(d.action, Action::NextModel);
        QCOMPARE(d.waitMs, 0);
        d = policy.decide(e, 1, false, true, 999); // second retry waits 1000
        QCOMPARE(d.action, Action::NextModel);
        d = policy.decide(e, 0, false, false, 100);
        QCOMPARE(d.action, Action::AnswerLocally);
        d = policy.decide(e, 0, false, true, -5); // already past
        QCOMPARE(d.action, Action::NextModel);
    }

    void contextTrimmedOnce()
    {
        const RetryPolicy policy = fixedPolicy(0.0);
        const LlmError e = http(400, {}, apiError("invalid_request_error", "context_length_exceeded"));
        QCOMPARE(e.kind, ErrorKind::ContextLengthExceeded);
        RetryDecision d = policy.decide(e, 0, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::TrimContextAndRetry);
        QCOMPARE(d.waitMs, 0);
        // Already trimmed: the next model (or a local answer).
        QCOMPARE(policy.decide(e, 1, true, true, kPlentyOfTime).action, Action::NextModel);
        QCOMPARE(policy.decide(e, 1, true, false, kPlentyOfTime).action, Action::AnswerLocally);
        // The trim does not depend on the retry budget; a trimmed request is a new
        // request, so x-should-retry: false does not forbid it.
        QCOMPARE(policy.decide(e, 2, false, true, kPlentyOfTime).action, Action::TrimContextAndRetry);
        const LlmError noRetry = http(400, {{"x-should-retry", "false"}},
                                      apiError("invalid_request_error", "context_length_exceeded"));
        QCOMPARE(policy.decide(noRetry, 0, false, true, kPlentyOfTime).action, Action::TrimContextAndRetry);
        // The same error inside a stream.
        LlmError streamed;
        streamed.code = u"context_length_exceeded"_s;
        QCOMPARE(policy.decide(ErrorClassifier::fromStreamError(streamed), 0, false, true, kPlentyOfTime).action,
                 Action::TrimContextAndRetry);
        // No time left at all: move on.
        QCOMPARE(policy.decide(e, 0, false, true, 0).action, Action::NextModel);
    }

    void proxyHtmlIsRetried()
    {
        const RetryPolicy policy = fixedPolicy(1.0);
        const LlmError e = http(502, {}, "<html><body>Bad gateway</body></html>");
        QCOMPARE(e.kind, ErrorKind::NonJsonErrorBody);
        const RetryDecision d = policy.decide(e, 1, false, true, kPlentyOfTime);
        QCOMPARE(d.action, Action::RetrySameModel);
        QCOMPARE(d.waitMs, 750);
    }

private:
    QSet<int> m_kindsDecided;
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
