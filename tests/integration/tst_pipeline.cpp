// The visitor turn pipeline end to end, in process: real SQLite file, real
// HTTP over QNetworkAccessManager, against the local OpenAI-compatible server.
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/ids.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"
#include "storage/repositories.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk;
using zk::test::FakeOpenAiServer;
using zk::test::Script;

namespace {

struct TurnWatcher
{
    QString streamed;
    std::optional<conversation::TurnOutcome> outcome;
    QList<qint64> deltaTimes;

    void watch(conversation::TurnRun *run)
    {
        QObject::connect(run, &conversation::TurnRun::replyDelta, run, [this](const QString &d) { streamed += d; });
        QObject::connect(run, &conversation::TurnRun::finished, run,
                         [this](const conversation::TurnOutcome &o) { outcome = o; });
    }
};

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<KioskCore> m_core;

    Config config()
    {
        Config c;
        c.dataDir = m_dir->path();
        c.baseUrl = m_server->baseUrl();
        c.apiKey = u"sk-test-pipeline-0001"_s;
        // The model call alone: remote moderation has its own tests (tst_safety, tst_moderationclient).
        c.moderationRemote = false;
        c.modelChain = {u"gpt-4o"_s, u"gpt-4o-mini"_s};
        c.connectTimeoutMs = 2000;
        c.firstByteTimeoutMs = 2000;
        c.betweenChunksTimeoutMs = 2000;
        c.turnDeadlineMs = 8000;
        return c;
    }

    void openCore(const Config &c)
    {
        m_core.reset();
        m_core = std::make_unique<KioskCore>(c);
        QVERIFY2(m_core->open().ok(), "core opens");
    }

    conversation::TurnOutcome runTurn(const QString &text, const QString &conversationId = {},
                                      const QString &animal = u"red_panda"_s, TurnWatcher *watcher = nullptr,
                                      const QString &language = u"en"_s)
    {
        TurnWatcher local;
        TurnWatcher &w = watcher ? *watcher : local;
        auto run = m_core->pipeline().ask({animal, conversationId, text, language});
        if (!run) {
            qWarning() << "rejected:" << run.error().detail;
            return {};
        }
        w.watch(run.value());
        if (!QTest::qWaitFor([&] { return w.outcome.has_value(); }, 15000))
            qWarning() << "turn did not finish";
        if (!m_core->pipeline().isIdle()) {
            QSignalSpy idle(&m_core->pipeline(), &conversation::TurnPipeline::idle);
            idle.wait(10000);
        }
        return w.outcome.value_or(conversation::TurnOutcome{});
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_server->setExpectedApiKey(u"sk-test-pipeline-0001"_s);
        openCore(config());
    }

    void cleanup()
    {
        m_core.reset();
        m_server.reset();
        m_dir.reset();
    }

    void streamedTurnEndToEnd()
    {
        const QString reply = u"I'm Zara! I love munching bamboo high up in the trees. ¡Hola! 🐼"_s;
        Script s = Script::text(reply, 12);
        s.writeSplit = 7; // events arrive split mid-line and mid-UTF-8
        s.interChunkDelayMs = 5;
        m_server->enqueue(s);

        TurnWatcher w;
        const auto outcome = runTurn(u"What do you like to eat?"_s, {}, u"red_panda"_s, &w);
        QVERIFY(outcome.stored);
        QCOMPARE(w.streamed, reply);
        QCOMPARE(outcome.turn.reply, reply);
        QCOMPARE(outcome.turn.source, storage::ReplySource::Model);
        QCOMPARE(outcome.turn.status, storage::TurnStatus::Completed);
        QCOMPARE(outcome.turn.model, u"gpt-4o"_s);
        QVERIFY(outcome.turn.firstTokenMs.has_value());
        QVERIFY(outcome.turn.latencyMs >= *outcome.turn.firstTokenMs);
        QVERIFY(outcome.turn.promptTokens > 100);      // the system prompt is long
        QVERIFY(outcome.turn.completionTokens > 0);
        QVERIFY(!outcome.turn.usageEstimated);

        // The stored row.
        const auto stored = m_core->conversations().turns(outcome.turn.conversationId);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), 1);
        const storage::Turn &t = stored->first();
        QCOMPARE(t.visitorText, u"What do you like to eat?"_s);
        QCOMPARE(t.reply, reply);
        QCOMPARE(t.seq, 1);
        QCOMPARE(t.promptVersion.size(), 16);
        QVERIFY(!t.requestId.isEmpty());
        QCOMPARE(t.requestId.toLatin1(), m_server->lastRequest().requestId);

        // The request the server received.
        QCOMPARE(m_server->requests().size(), 1);
        const auto req = m_server->lastRequest();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(req.header("authorization"), QByteArray("Bearer sk-test-pipeline-0001"));
        QCOMPARE(req.json.value(u"model"_s).toString(), u"gpt-4o"_s);
        QCOMPARE(req.json.value(u"stream"_s).toBool(), true);
        QCOMPARE(req.json.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(), true);
        const QJsonArray messages = req.json.value(u"messages"_s).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(u"role"_s).toString(), u"system"_s);
        QVERIFY(messages.at(0).toObject().value(u"content"_s).toString().contains(u"You are Zara"_s));
        QCOMPARE(messages.at(1).toObject().value(u"content"_s).toString(), u"What do you like to eat?"_s);
        // A hashed per-conversation identifier; never visitor text in headers or the URL.
        QCOMPARE(req.json.value(u"safety_identifier"_s).toString(), hashId(outcome.turn.conversationId));
        QVERIFY(req.json.value(u"safety_identifier"_s).toString() != outcome.turn.conversationId);
        for (const auto &h : req.headers)
            QVERIFY(!h.second.contains("like to eat"));
        QVERIFY(!req.query.contains("eat"));
    }

    void conversationCarriesContext()
    {
        m_server->enqueue(Script::text(u"I eat bamboo."_s));
        const auto first = runTurn(u"What do you eat?"_s);
        m_server->enqueue(Script::text(u"About 20 hours a day!"_s));
        const auto second = runTurn(u"How long do you sleep?"_s, first.turn.conversationId);
        QCOMPARE(second.turn.conversationId, first.turn.conversationId);
        QCOMPARE(second.turn.seq, 2);
        const QJsonArray messages = m_server->lastRequest().json.value(u"messages"_s).toArray();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.at(1).toObject().value(u"content"_s).toString(), u"What do you eat?"_s);
        QCOMPARE(messages.at(2).toObject().value(u"role"_s).toString(), u"assistant"_s);
        QCOMPARE(messages.at(2).toObject().value(u"content"_s).toString(), u"I eat bamboo."_s);
    }

    void spanishAsksForSpanish()
    {
        m_server->enqueue(Script::text(u"¡Como bambú!"_s));
        const auto o = runTurn(u"¿Qué comes?"_s, {}, u"red_panda"_s, nullptr, u"es"_s);
        QCOMPARE(o.turn.reply, u"¡Como bambú!"_s);
        const QString system = m_server->lastRequest().json.value(u"messages"_s).toArray().at(0).toObject()
                                   .value(u"content"_s).toString();
        QVERIFY(system.contains(u"Reply in Spanish"_s));
    }

    void responsesApi()
    {
        Config c = config();
        c.api = llm::ApiFlavor::Responses;
        openCore(c);
        m_server->enqueue(Script::text(u"Hello from the Responses API. I love trees."_s, 6));
        TurnWatcher w;
        const auto o = runTurn(u"Hi!"_s, {}, u"tiger"_s, &w);
        QCOMPARE(m_server->lastRequest().path, QByteArray("/v1/responses"));
        QCOMPARE(w.streamed, u"Hello from the Responses API. I love trees."_s);
        QCOMPARE(o.turn.source, storage::ReplySource::Model);
        QVERIFY(o.turn.completionTokens > 0);
        QVERIFY(!o.turn.usageEstimated);
    }

    void fallbackModelAfterModelNotFound()
    {
        m_server->enqueue(Script::httpError(404));
        m_server->enqueue(Script::text(u"The backup model answers. I love snow."_s));
        const auto o = runTurn(u"Do you like snow?"_s, {}, u"reindeer"_s);
        QCOMPARE(o.turn.source, storage::ReplySource::FallbackModel);
        QCOMPARE(o.turn.model, u"gpt-4o-mini"_s);
        QCOMPARE(o.turn.reply, u"The backup model answers. I love snow."_s);
        const auto reqs = m_server->requests();
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs.at(0).json.value(u"model"_s).toString(), u"gpt-4o"_s);
        QCOMPARE(reqs.at(1).json.value(u"model"_s).toString(), u"gpt-4o-mini"_s);
        const auto events = m_core->events().recent(10);
        QVERIFY(events.ok());
        QStringList kinds;
        for (const auto &e : events.value()) {
            kinds << e.kind;
            if (e.kind == u"llm_error")
                QVERIFY(e.message.contains(u"model_not_found"_s));
        }
        QVERIFY2(kinds.contains(u"llm_error"_s) && kinds.contains(u"fallback_model"_s), qPrintable(kinds.join(u',')));
    }

    void unauthorizedIsNotRetriedAndVisitorGetsKindAnswer()
    {
        m_server->setExpectedApiKey(u"sk-some-other-key"_s);
        const auto o = runTurn(u"Hello?"_s, {}, u"macaw"_s);
        QCOMPARE(m_server->requests().size(), 1);
        // Answered on the kiosk: the greeting from Ruby's own knowledge.
        QCOMPARE(o.turn.source, storage::ReplySource::Offline);
        QVERIFY(!o.turn.reply.isEmpty());
        QVERIFY(!o.turn.reply.contains(u"401"_s) && !o.turn.reply.contains(u"error"_s, Qt::CaseInsensitive));
        QCOMPARE(o.turn.errorKind, u"unauthorized"_s);
        QVERIFY(o.stored);
    }

    void brokenStreamKeepsCompleteSentences()
    {
        m_server->enqueue(Script::dropAfter(9)); // default reply, cut after 9 words: "... red panda. I love"
        TurnWatcher w;
        const auto o = runTurn(u"Tell me about you"_s, {}, u"red_panda"_s, &w);
        QCOMPARE(o.turn.status, storage::TurnStatus::Partial);
        // The output gate shows whole sentences only: the visitor never saw the
        // cut-off words, and what was shown is what is kept.
        QVERIFY2(o.turn.reply.endsWith(u'!') || o.turn.reply.endsWith(u'.'), qPrintable(o.turn.reply));
        QCOMPARE(w.streamed, o.turn.reply);
        QVERIFY(!w.streamed.contains(u"I love"_s));
        QCOMPARE(o.turn.errorKind, u"stream_ended_early"_s);
        QVERIFY(o.turn.usageEstimated);
    }

    void malformedChunkIsSkipped()
    {
        m_server->enqueue(Script::malformedChunk(3));
        const auto o = runTurn(u"Hi"_s);
        QCOMPARE(o.turn.status, storage::TurnStatus::Completed);
        QCOMPARE(o.turn.source, storage::ReplySource::Model);
        QCOMPARE(o.turn.reply, m_server->defaultScript().reply);
    }

    void cancelBeforeFirstByteAbortsAtOnce()
    {
        m_server->enqueue(Script::noFirstByte());
        auto run = m_core->pipeline().ask({u"cougar"_s, {}, u"Are you there?"_s, u"en"_s});
        QVERIFY(run.ok());
        TurnWatcher w;
        w.watch(run.value());
        QVERIFY(QTest::qWaitFor([&] { return m_server->requests().size() == 1; }, 5000));
        QCOMPARE(m_server->openConnections(), 1);
        QElapsedTimer clock;
        clock.start();
        run.value()->cancel();
        QVERIFY(w.outcome.has_value()); // finished synchronously
        QCOMPARE(w.outcome->turn.status, storage::TurnStatus::Cancelled);
        QVERIFY(w.outcome->stored);
        QVERIFY(QTest::qWaitFor([&] { return m_server->openConnections() == 0; }, 2000));
        qInfo("connection closed %lld ms after cancel", clock.elapsed());
        const auto stored = m_core->conversations().turns(w.outcome->turn.conversationId);
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->first().status, storage::TurnStatus::Cancelled);
    }

    void cancelMidStreamKeepsWhatWasShown()
    {
        Script s = Script::text(QString(u"Red pandas are great climbers. "_s).repeated(20), 100);
        s.interChunkDelayMs = 20;
        m_server->enqueue(s);
        auto run = m_core->pipeline().ask({u"red_panda"_s, {}, u"Climb?"_s, u"en"_s});
        QVERIFY(run.ok());
        TurnWatcher w;
        w.watch(run.value());
        QVERIFY(QTest::qWaitFor([&] { return w.streamed.size() > 40; }, 5000));
        run.value()->cancel();
        QVERIFY(w.outcome.has_value());
        QCOMPARE(w.outcome->turn.status, storage::TurnStatus::Cancelled);
        QCOMPARE(w.outcome->turn.reply, w.streamed);
        QVERIFY(w.outcome->turn.usageEstimated);
        QVERIFY(w.outcome->turn.completionTokens > 0);
    }

    void crashMidStreamKeepsWhatTheVisitorSaw()
    {
        Script s = Script::text(QString(u"Reindeer can see ultraviolet light. "_s).repeated(20), 100);
        s.interChunkDelayMs = 20;
        m_server->enqueue(s);
        auto run = m_core->pipeline().ask({u"reindeer"_s, {}, u"What can you see?"_s, u"en"_s});
        QVERIFY(run.ok());
        TurnWatcher w;
        w.watch(run.value());
        QVERIFY(QTest::qWaitFor([&] { return w.streamed.size() > 200; }, 5000));
        QTest::qWait(700); // past the journal interval
        const QString seen = w.streamed;
        // "Crash": the process state goes away without the turn finishing.
        m_core.reset();
        QVERIFY(!w.outcome.has_value());

        openCore(config());
        const auto turns = m_core->conversations().history({}, 10);
        QVERIFY(turns.ok());
        QCOMPARE(turns->size(), 1);
        const storage::Turn t = turns->first();
        QCOMPARE(t.status, storage::TurnStatus::Failed);
        QCOMPARE(t.errorKind, u"interrupted"_s);
        QCOMPARE(t.visitorText, u"What can you see?"_s);
        QVERIFY2(t.reply.size() > 100 && seen.startsWith(t.reply), qPrintable(t.reply));
        const auto events = m_core->events().recent(5);
        QVERIFY(events.ok());
        bool recorded = false;
        for (const auto &e : events.value())
            recorded = recorded || e.kind == u"turns_recovered"_s;
        QVERIFY(recorded);
        // Recovered once only.
        openCore(config());
        QCOMPARE(m_core->conversations().history({}, 10)->size(), 1);
    }

    void noApiKeyGivesRestingMessage()
    {
        Config c = config();
        c.apiKey.clear();
        openCore(c);
        const auto o = runTurn(u"Hello!"_s, {}, u"lemur"_s);
        QCOMPARE(o.turn.source, storage::ReplySource::Offline);
        QVERIFY(o.turn.reply.size() > 20);
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY(o.stored);
    }

    void firstByteTimeoutFallsBackWithinDeadline()
    {
        Config c = config();
        c.firstByteTimeoutMs = 300;
        openCore(c);
        m_server->enqueue(Script::noFirstByte());
        m_server->enqueue(Script::text(u"Here I am. Sorry for the wait!"_s));
        const auto o = runTurn(u"Hello?"_s, {}, u"tiger"_s);
        // A first-byte timeout is retried on the same model after a short backoff.
        QCOMPARE(o.turn.source, storage::ReplySource::Model);
        QCOMPARE(o.turn.reply, u"Here I am. Sorry for the wait!"_s);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(1).json.value(u"model"_s).toString(), u"gpt-4o"_s);
    }

    void summaryAfterLongConversation()
    {
        Config c = config();
        c.summaryThresholdTokens = 150;
        c.turnsAfterSummary = 2;
        openCore(c);
        const QString longReply = QString(u"Bamboo is my favourite food and I eat lots of it every day. "_s).repeated(4);
        m_server->setDefaultScript(Script::text(longReply));
        QString cid;
        for (int i = 0; i < 3; ++i)
            cid = runTurn(u"Tell me more about bamboo %1"_s.arg(i), cid).turn.conversationId;
        // Turn 3 pushed the history past the threshold: a summary request went out.
        const auto reqs = m_server->requests();
        QCOMPARE(reqs.size(), 4);
        const QJsonObject summaryReq = reqs.last().json;
        QCOMPARE(summaryReq.value(u"model"_s).toString(), u"gpt-4o-mini"_s);
        QVERIFY(summaryReq.value(u"messages"_s).toArray().at(0).toObject().value(u"content"_s).toString()
                    .contains(u"at most 150 words"_s));
        const auto summary = m_core->conversations().latestSummary(cid);
        QVERIFY(summary.ok() && summary->has_value());
        QCOMPARE(summary->value().throughSeq, 1);
        QVERIFY(summary->value().text.split(u' ').size() <= 151);

        m_server->enqueue(Script::text(u"Okay!"_s));
        runTurn(u"And now?"_s, cid);
        // The visitor turn's request (a new summary request may follow it).
        const QJsonArray messages = m_server->requests().at(4).json.value(u"messages"_s).toArray();
        // system prompt, summary note, last 2 turns (4 messages), the new question
        QCOMPARE(messages.size(), 7);
        QVERIFY(messages.at(1).toObject().value(u"content"_s).toString().startsWith(u"Summary of this conversation"_s));
    }

    void rejectsBadRequests()
    {
        auto &p = m_core->pipeline();
        QCOMPARE(p.ask({u"dragon"_s, {}, u"hi"_s, u"en"_s}).error().reason, conversation::Rejection::UnknownAnimal);
        QCOMPARE(p.ask({u"tiger"_s, {}, u"   \n"_s, u"en"_s}).error().reason, conversation::Rejection::EmptyMessage);
        QCOMPARE(p.ask({u"tiger"_s, {}, QString(501, u'a'), u"en"_s}).error().reason, conversation::Rejection::TooLong);
        QCOMPARE(p.ask({u"tiger"_s, u"no-such-conversation"_s, u"hi"_s, u"en"_s}).error().reason,
                 conversation::Rejection::UnknownConversation);
        QVERIFY(m_server->requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
