// Whatever the network, the API or the budget does, the visitor gets a kind
// answer: each fault of the local OpenAI-compatible server against the real
// pipeline, with the reply, its source, the stored turn and the requests seen.
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"
#include "llm/circuitbreaker.h"
#include "storage/cacherepository.h"
#include "storage/failedrequestrepository.h"
#include "storage/repositories.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk;
using storage::ReplySource;
using storage::TurnStatus;
using zk::test::FakeOpenAiServer;
using zk::test::Script;

class TestResilience : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<KioskCore> m_core;
    Config m_config;

    void openCore()
    {
        m_core.reset();
        m_core = std::make_unique<KioskCore>(m_config);
        QVERIFY(m_core->open().ok());
    }

    storage::Turn ask(const QString &text, const QString &animal = u"red_panda"_s, const QString &cid = {})
    {
        auto run = m_core->pipeline().ask({animal, cid, text, u"en"_s});
        if (!run)
            return {};
        std::optional<conversation::TurnOutcome> outcome;
        connect(run.value(), &conversation::TurnRun::finished, this,
                [&](const conversation::TurnOutcome &o) { outcome = o; });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 20000))
            qWarning("the turn did not finish within 20 s");  // the empty turn returned fails the caller
        if (!m_core->pipeline().isIdle()) {
            QSignalSpy idle(&m_core->pipeline(), &conversation::TurnPipeline::idle);
            idle.wait(10000);
        }
        return outcome ? outcome->turn : storage::Turn{};
    }

    QStringList eventKinds()
    {
        QStringList kinds;
        for (const auto &e : m_core->events().recent(100).valueOr({}))
            kinds << e.kind;
        return kinds;
    }

    QStringList requestedModels()
    {
        QStringList models;
        for (const auto &r : m_server->requests())
            models << r.json.value(u"model"_s).toString();
        return models;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_config = Config();
        m_config.dataDir = m_dir->path();
        m_config.baseUrl = m_server->baseUrl();
        m_config.apiKey = u"sk-test-resilience"_s;
        // The model call alone: remote moderation has its own tests (tst_safety, tst_moderationclient).
        m_config.moderationRemote = false;
        m_config.retryBaseDelayMs = 40;
        m_config.retryMaxDelayMs = 200;
        m_config.firstByteTimeoutMs = 400;
        m_config.betweenChunksTimeoutMs = 400;
        m_config.cacheEnabled = false;
        openCore();
    }

    void cleanup()
    {
        m_core.reset();
        m_server.reset();
        m_dir.reset();
    }

    void retryableStatusesAreRetriedOnTheSameModel_data()
    {
        QTest::addColumn<Script>("fault");
        QTest::newRow("500") << Script::httpError(500);
        QTest::newRow("503") << Script::httpError(503);
        QTest::newRow("408") << Script::httpError(408);
        QTest::newRow("409") << Script::httpError(409);
        QTest::newRow("429 rate") << Script::httpError(429);
        QTest::newRow("html 502 proxy") << Script::htmlError(502);
        QTest::newRow("drop before text") << Script::dropAfter(0);
        QTest::newRow("error before text") << Script::errorMidStream(0);
        QTest::newRow("no first byte") << Script::noFirstByte();
        QTest::newRow("stall before text") << Script::stallAfter(0);
    }

    void retryableStatusesAreRetriedOnTheSameModel()
    {
        QFETCH(Script, fault);
        m_server->enqueue(fault);
        m_server->enqueue(Script::text(u"Back again! I love bamboo."_s));
        const storage::Turn t = ask(u"Tell me a bamboo fact"_s);
        QCOMPARE(t.reply, u"Back again! I love bamboo."_s);
        QCOMPARE(t.source, ReplySource::Model);
        QCOMPARE(requestedModels(), QStringList({u"gpt-4o"_s, u"gpt-4o"_s}));
        QVERIFY(eventKinds().contains(u"llm_error"_s));
        const auto failed = m_core->failedRequests().recent(5);
        QCOMPARE(failed->size(), 1);
        QVERIFY(!failed->first().requestJson.contains("sk-test-resilience"));
        QVERIFY(failed->first().requestJson.contains("Tell me a bamboo fact"));
    }

    void retriesExhaustedMoveDownTheChain()
    {
        for (int i = 0; i < 3; ++i)
            m_server->enqueue(Script::httpError(500));
        m_server->enqueue(Script::text(u"The backup model is here."_s));
        const storage::Turn t = ask(u"Hi"_s);
        QCOMPARE(t.source, ReplySource::FallbackModel);
        QCOMPARE(requestedModels(), QStringList({u"gpt-4o"_s, u"gpt-4o"_s, u"gpt-4o"_s, u"gpt-4o-mini"_s}));
    }

    void retryAfterHeaderIsHonoured()
    {
        m_server->enqueue(Script::httpError(429, {{"retry-after-ms", "300"}}));
        m_server->enqueue(Script::text(u"Thanks for waiting."_s));
        QElapsedTimer clock;
        clock.start();
        const storage::Turn t = ask(u"Hi"_s);
        QCOMPARE(t.source, ReplySource::Model);
        QVERIFY2(clock.elapsed() >= 300, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(requestedModels(), QStringList({u"gpt-4o"_s, u"gpt-4o"_s}));
    }

    void longRetryAfterMovesToTheNextModelAtOnce()
    {
        m_server->enqueue(Script::httpError(429, {{"retry-after", "120"}}));
        m_server->enqueue(Script::text(u"Quick answer from the backup."_s));
        QElapsedTimer clock;
        clock.start();
        const storage::Turn t = ask(u"Hi"_s);
        QCOMPARE(t.source, ReplySource::FallbackModel);
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(requestedModels(), QStringList({u"gpt-4o"_s, u"gpt-4o-mini"_s}));
    }

    void shouldRetryFalseIsHonoured()
    {
        m_server->enqueue(Script::httpError(500, {{"x-should-retry", "false"}}));
        m_server->enqueue(Script::text(u"From the backup."_s));
        const storage::Turn t = ask(u"Hi"_s);
        QCOMPARE(t.source, ReplySource::FallbackModel);
        QCOMPARE(requestedModels(), QStringList({u"gpt-4o"_s, u"gpt-4o-mini"_s}));
    }

    void unauthorizedAndQuotaAreNeverRetried_data()
    {
        QTest::addColumn<Script>("fault");
        QTest::addColumn<QString>("alert");
        QTest::newRow("401") << Script::httpError(401) << u"api_key_rejected"_s;
        QTest::newRow("403") << Script::httpError(403) << u"api_key_rejected"_s;
        QTest::newRow("quota") << Script::httpError(429, {}, QByteArray(
                                      "{\"error\":{\"message\":\"You exceeded your current quota.\",\"type\":"
                                      "\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"))
                               << u"quota_exhausted"_s;
    }

    void unauthorizedAndQuotaAreNeverRetried()
    {
        QFETCH(Script, fault);
        QFETCH(QString, alert);
        m_server->setDefaultScript(fault);
        const storage::Turn t = ask(u"What do you eat?"_s);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(t.source, ReplySource::Offline); // Zara's own food fact
        QVERIFY(t.reply.contains(u"bamboo"_s, Qt::CaseInsensitive));
        QVERIFY(eventKinds().contains(alert));
    }

    void contextLengthExceededTrimsOnce()
    {
        m_server->setDefaultScript(Script::text(u"Sure thing."_s));
        QString cid;
        for (int i = 0; i < 4; ++i)
            cid = ask(u"Question number %1"_s.arg(i), u"red_panda"_s, cid).conversationId;
        m_server->clearRequests();
        m_server->enqueue(Script::httpError(400, {}, QByteArray(
            "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\",\"type\":"
            "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}")));
        const storage::Turn t = ask(u"And one more?"_s, u"red_panda"_s, cid);
        QCOMPARE(t.source, ReplySource::Model);
        const auto reqs = m_server->requests();
        QCOMPARE(reqs.size(), 2);
        const int before = reqs.at(0).json.value(u"messages"_s).toArray().size();
        const int after = reqs.at(1).json.value(u"messages"_s).toArray().size();
        QCOMPARE(before, 10);   // system + 4 turns + question
        QVERIFY2(after < before && after >= 2, qPrintable(u"%1 -> %2"_s.arg(before).arg(after)));
        QCOMPARE(reqs.at(1).json.value(u"messages"_s).toArray().last().toObject().value(u"content"_s).toString(),
                 u"And one more?"_s);
    }

    void brokenStreamAfterTextIsKeptToTheLastSentence_data()
    {
        QTest::addColumn<Script>("fault");
        QTest::newRow("drop") << Script::dropAfter(9);
        QTest::newRow("stall") << Script::stallAfter(9);
        QTest::newRow("error") << Script::errorMidStream(9);
    }

    void brokenStreamAfterTextIsKeptToTheLastSentence()
    {
        QFETCH(Script, fault);
        m_server->enqueue(fault);
        const storage::Turn t = ask(u"Who are you?"_s);
        QCOMPARE(t.status, TurnStatus::Partial);
        QCOMPARE(t.reply, u"Hi there! I'm Rosie the red panda."_s);
        QCOMPARE(m_server->requests().size(), 1); // text was shown: no retry
    }

    void contentFilterIsReplacedByAKindRedirect()
    {
        m_server->enqueue(Script::contentFilter());
        const storage::Turn t = ask(u"What do you eat?"_s);
        QCOMPARE(m_server->requests().size(), 1); // never retried
        QCOMPARE(t.source, ReplySource::Blocked);
        QVERIFY(t.blocked);
        QCOMPARE(t.blockLayer, u"model"_s);
        QCOMPARE(t.errorKind, u"content_filter"_s);
        QVERIFY(!t.reply.contains(u"Rosie"_s)); // the filtered text is not what is kept
        QVERIFY(t.reply.contains(u"Zara"_s));   // the animal's own kind redirect
    }

    void breakerOpensAndNothingGoesOut()
    {
        m_config.retryMaxPerModel = 0;
        m_config.modelChain = {u"gpt-4o"_s};
        openCore();
        m_server->setDefaultScript(Script::httpError(503));
        for (int i = 0; i < 5; ++i)
            ask(u"Hello"_s);
        QCOMPARE(m_server->requests().size(), 5);
        QCOMPARE(m_core->breaker().state(), llm::BreakerState::Open);
        QVERIFY(eventKinds().contains(u"breaker_open"_s));

        const storage::Turn t = ask(u"What do you eat?"_s);
        QCOMPARE(m_server->requests().size(), 5);  // nothing went out
        QCOMPARE(t.source, ReplySource::Offline);
        QCOMPARE(t.errorKind, u"breaker_open"_s);

        // The state survives a restart...
        openCore();
        QCOMPARE(m_core->breaker().state(), llm::BreakerState::Open);
        ask(u"Hello"_s);
        QCOMPARE(m_server->requests().size(), 5);
        // ...and staff can reset it.
        QVERIFY(m_core->resetBreaker(u"test"_s).ok());
        m_server->setDefaultScript(Script::text(u"All better."_s));
        QCOMPARE(ask(u"Hello"_s).source, ReplySource::Model);
        QVERIFY(eventKinds().contains(u"breaker_reset"_s));
    }

    void budgetSpentMeansNoApiCalls()
    {
        m_config.budgetDailyUsd = 0.0005; // about one turn of gpt-4o
        openCore();
        m_server->setDefaultScript(Script::text(QString(u"Bamboo is great. "_s).repeated(20)));
        ask(u"Tell me about bamboo"_s);
        const int sent = m_server->requests().size();
        QCOMPARE(sent, 1);
        QVERIFY2(eventKinds().contains(u"budget_100"_s), qPrintable(eventKinds().join(u',')));
        const storage::Turn t = ask(u"What do you eat?"_s);
        QCOMPARE(m_server->requests().size(), sent);
        QCOMPARE(t.source, ReplySource::Offline);
    }

    void emergencyModeAnswersLocally()
    {
        QVERIFY(m_core->setEmergencyMode(true, u"test"_s).ok());
        QCOMPARE(ask(u"What do you eat?"_s).source, ReplySource::Offline);
        QCOMPARE(ask(u"xq zzv wplk"_s).source, ReplySource::Emergency);
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY(m_core->setEmergencyMode(false, u"test"_s).ok());
        m_server->enqueue(Script::text(u"Hello!"_s));
        QCOMPARE(ask(u"Hi"_s).source, ReplySource::Model);
    }

    void cacheServesCommonFirstQuestions()
    {
        m_config.cacheEnabled = true;
        openCore();
        m_server->enqueue(Script::text(u"I eat bamboo, berries and sometimes eggs."_s));
        const storage::Turn first = ask(u"What do you eat?"_s);
        QCOMPARE(first.source, ReplySource::Model);
        const storage::Turn second = ask(u"  what do you EAT??"_s);
        QCOMPARE(second.source, ReplySource::Cache);
        QCOMPARE(second.reply, first.reply);
        QCOMPARE(m_server->requests().size(), 1);
        // Not for a later turn of a conversation.
        m_server->enqueue(Script::text(u"Still bamboo!"_s));
        QCOMPARE(ask(u"What do you eat?"_s, u"red_panda"_s, second.conversationId).source, ReplySource::Model);
    }

    void localRateLimitWaitsOrAnswersLocally()
    {
        m_config.rateRequestsPerMinute = 1;
        openCore();
        zk::test::RateLimits noHeaders;
        noHeaders.enabled = false; // the server's headers would resize the bucket to its own limits
        m_server->setRateLimits(noHeaders);
        m_server->setDefaultScript(Script::text(u"Hello there."_s));
        QCOMPARE(ask(u"Hi"_s).source, ReplySource::Model);
        // The bucket refills in a minute: longer than the turn deadline, so no call is fired into a 429.
        const storage::Turn t = ask(u"What do you eat?"_s);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(t.source, ReplySource::Offline);
        QCOMPARE(t.errorKind, u"rate_limited_locally"_s);
    }

    void rateLimitHeadersCorrectTheBuckets()
    {
        zk::test::RateLimits nearlyOut;
        nearlyOut.limitRequests = 100;
        nearlyOut.remainingRequests = 3; // 3% left
        nearlyOut.resetRequests = "6m0s";
        m_server->setRateLimits(nearlyOut);
        m_server->setDefaultScript(Script::text(u"Hello there."_s));
        QCOMPARE(ask(u"Hi"_s).source, ReplySource::Model);
        QVERIFY2(eventKinds().contains(u"ratelimit_low"_s), qPrintable(eventKinds().join(u',')));
    }

    void connectionRefusedAnswersWithinTheDeadline()
    {
        m_config.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s); // nothing listens there
        m_config.turnDeadlineMs = 3000;
        openCore();
        QElapsedTimer clock;
        clock.start();
        const storage::Turn t = ask(u"What do you eat?"_s);
        QCOMPARE(t.source, ReplySource::Offline);
        QVERIFY(clock.elapsed() < 3500);
        QCOMPARE(t.errorKind, u"connection_refused"_s);
    }
};

QTEST_GUILESS_MAIN(TestResilience)
#include "tst_resilience.moc"
