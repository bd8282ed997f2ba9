// ModerationClient / ModerationCall against the local OpenAI-compatible
// server: a clean and a flagged answer (scores, the API's flags, model,
// x-request-id, latency), what goes on the wire (model, input, Authorization,
// no visitor text in the URL or headers), every fault the server can play
// (HTTP and HTML errors, malformed and truncated JSON, dropped and stalled
// connections, no first byte), the short total timeout, abort, self-deletion,
// HTTPS with a CA made at run time, and the pure body parser.

#include "llm/moderationcall.h"
#include "llm/moderationclient.h"
#include "safety/moderationpolicy.h"

#include "fakeopenaiserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using zk::llm::ClientSettings;
using zk::llm::ErrorKind;
using zk::llm::ModerationCall;
using zk::llm::ModerationClient;
using zk::llm::ModerationResult;
using zk::test::FakeOpenAiServer;
using zk::test::ModerationScript;
using zk::test::Script;
using zk::test::TlsCredentials;

Q_DECLARE_METATYPE(zk::llm::ErrorKind)
Q_DECLARE_METATYPE(zk::test::ModerationScript)

namespace QTest {
template <>
char *toString(const ErrorKind &kind)
{
    return qstrdup(zk::llm::errorKindName(kind).toUtf8().constData());
}
} // namespace QTest

namespace {

const QString ApiKey = u"sk-test-moderation-0001"_s;
// Distinctive visitor text: it must appear in the JSON body and nowhere else.
const QString VisitorText = u"Can the lion eat me? zebra-7Q4x"_s;

struct Outcome
{
    std::optional<ModerationResult> result;
    int finishedCount = 0;
};

void watch(ModerationCall *call, Outcome *outcome)
{
    QObject::connect(call, &ModerationCall::finished, call, [outcome](const ModerationResult &r) {
        outcome->result = r;
        ++outcome->finishedCount;
    });
}

ModerationScript withFault(Script::Fault fault, int status = 0)
{
    ModerationScript m;
    m.fault = fault;
    m.status = status;
    return m;
}

} // namespace

class TestModerationClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;

    ClientSettings settings(const QUrl &baseUrl = {}) const
    {
        ClientSettings s;
        s.baseUrl = baseUrl.isEmpty() ? m_server->baseUrl() : baseUrl;
        s.apiKey = ApiKey;
        return s;
    }

    // Runs one call to its end (the call must finish well within `waitMs`).
    ModerationResult moderate(ModerationClient &client, const QString &text, int waitMs = 10000)
    {
        Outcome outcome;
        QPointer<ModerationCall> call = client.moderate(text);
        watch(call, &outcome);
        if (!QTest::qWaitFor([&] { return outcome.result.has_value(); }, waitMs))
            qWarning() << "the moderation call did not finish";
        // It deletes itself after finished().
        if (!QTest::qWaitFor([&] { return call.isNull(); }, 2000))
            qWarning() << "the moderation call did not delete itself";
        return outcome.result.value_or(ModerationResult{});
    }

    static void verifyFailed(const ModerationResult &r)
    {
        QVERIFY(!r.ok());
        QVERIFY(!r.flagged);
        QVERIFY(r.scores.isEmpty());
        QVERIFY(r.flaggedCategories.isEmpty());
        QVERIFY(r.appliedInputTypes.isEmpty());
        QVERIFY(r.latencyMs >= 0);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_server->setExpectedApiKey(ApiKey);
        m_network = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup()
    {
        m_server->dropAllConnections();
        m_network.reset();
        m_server.reset();
    }

    void cleanInput()
    {
        ModerationClient client(m_network.get(), settings());
        const ModerationResult r = moderate(client, u"What do red pandas eat?"_s);
        QVERIFY2(r.ok(), qPrintable(zk::llm::errorKindName(r.error.kind) + u": "_s + r.error.message));
        QCOMPARE(r.error.kind, ErrorKind::None);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(!r.flagged);
        QVERIFY(r.flaggedCategories.isEmpty());
        // Every category the API returns, with its score.
        QStringList all = zk::safety::ModerationPolicy::apiCategories();
        all.sort();
        QCOMPARE(r.scores.keys(), all);
        for (auto it = r.scores.cbegin(); it != r.scores.cend(); ++it)
            QVERIFY2(it.value() >= 0.0 && it.value() < 0.001, qPrintable(it.key()));
        QCOMPARE(r.scores.value(u"violence"_s), 3.2628796e-05);
        QCOMPARE(r.appliedInputTypes.size(), 13);
        QCOMPARE(r.appliedInputTypes.value(u"sexual/minors"_s), QStringList{u"text"_s});
        QCOMPARE(r.model, u"omni-moderation-latest"_s);
        QVERIFY2(r.id.startsWith(u"modr-"_s), qPrintable(r.id));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(r.requestId.toLatin1(), m_server->lastRequest().requestId);
        QVERIFY(r.requestId.startsWith(u"req_"_s));
        QVERIFY(r.latencyMs >= 0 && r.latencyMs < 2500);

        const auto decision = zk::safety::ModerationPolicy().evaluate(r.scores, r.flaggedCategories);
        QCOMPARE(decision.verdict, zk::safety::ModerationVerdict::Allow);
    }

    void flaggedInputWithScores()
    {
        ModerationScript m = ModerationScript::flagging({u"violence"_s, u"violence/graphic"_s});
        m.scores = {{u"violence"_s, 0.71}, {u"harassment"_s, 0.2}};
        m_server->setModeration(m);
        ModerationClient client(m_network.get(), settings());
        const ModerationResult r = moderate(client, VisitorText);
        QVERIFY(r.ok());
        QVERIFY(r.flagged);
        QCOMPARE(r.flaggedCategories, (QStringList{u"violence"_s, u"violence/graphic"_s}));
        QCOMPARE(r.scores.size(), 13);
        QCOMPARE(r.scores.value(u"violence"_s), 0.71);
        QCOMPARE(r.scores.value(u"violence/graphic"_s), 0.9321);
        QCOMPARE(r.scores.value(u"harassment"_s), 0.2);

        const auto decision = zk::safety::ModerationPolicy().evaluate(r.scores, r.flaggedCategories);
        QCOMPARE(decision.verdict, zk::safety::ModerationVerdict::Block);
        QCOMPARE(decision.riskScore, 0.9321);
        QCOMPARE(decision.blockedCategories, (QStringList{u"violence/graphic"_s, u"violence"_s}));
        QCOMPARE(decision.storedCategories(), QStringList{u"violence"_s});
    }

    void escalatedBandComesThrough()
    {
        ModerationScript m;
        m.scores = {{u"hate"_s, 0.2}};  // no flag from the API, but in our escalate band
        m_server->setModeration(m);
        ModerationClient client(m_network.get(), settings());
        const ModerationResult r = moderate(client, u"Why do hyenas laugh?"_s);
        QVERIFY(r.ok());
        QVERIFY(!r.flagged);
        const auto decision = zk::safety::ModerationPolicy().evaluate(r.scores, r.flaggedCategories);
        QCOMPARE(decision.verdict, zk::safety::ModerationVerdict::Escalate);
        QCOMPARE(decision.riskScore, 0.2);
        QCOMPARE(decision.storedCategories(), QStringList{u"hate"_s});
    }

    void modelReplyAndVisitorTextAreCheckedAlike()
    {
        // Flags only for texts containing "tiger": the visitor's message is
        // clean, the model's reply is not.
        m_server->setModeration(ModerationScript::flagging({u"violence/graphic"_s}, u"tiger"_s));
        ModerationClient client(m_network.get(), settings());
        const ModerationResult question = moderate(client, u"What is your favourite food?"_s);
        const ModerationResult reply = moderate(client, u"I am a tiger and I crunch bones!"_s);
        QVERIFY(question.ok());
        QVERIFY(reply.ok());
        QVERIFY(!question.flagged);
        QVERIFY(reply.flagged);
        QCOMPARE(reply.flaggedCategories, QStringList{u"violence/graphic"_s});
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(1).json.value(u"input"_s).toString(), u"I am a tiger and I crunch bones!"_s);
    }

    void requestOnTheWire()
    {
        ModerationClient client(m_network.get(), settings());
        QVERIFY(client.hasApiKey());
        QCOMPARE(client.timeoutMs(), ModerationClient::DefaultTimeoutMs);
        QVERIFY(moderate(client, VisitorText).ok());

        const auto req = m_server->lastRequest();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/v1/moderations"));
        QVERIFY(req.query.isEmpty());
        QCOMPARE(req.json.size(), 2);
        QCOMPARE(req.json.value(u"model"_s).toString(), u"omni-moderation-latest"_s);
        QCOMPARE(req.json.value(u"input"_s).toString(), VisitorText);
        QCOMPARE(req.header("authorization"), "Bearer " + ApiKey.toUtf8());
        QVERIFY(req.header("content-type").startsWith("application/json"));
        QCOMPARE(req.header("accept"), QByteArray("application/json"));
        QVERIFY(req.header("user-agent").startsWith("ZooKiosk/"));
        QVERIFY(req.encrypted == false);

        // The visitor's text only in the body: never in the URL or a header.
        const QByteArray marker = "zebra-7Q4x";
        QVERIFY(!req.path.contains(marker));
        QVERIFY(!req.query.contains(marker));
        for (const auto &[name, value] : req.headers) {
            QVERIFY2(!name.contains(marker), name.constData());
            QVERIFY2(!value.contains(marker), name.constData());
            QVERIFY2(!QByteArray::fromPercentEncoding(value).contains(marker), name.constData());
        }
        QVERIFY(req.body.contains(marker));
        // The API key only in Authorization.
        for (const auto &[name, value] : req.headers)
            if (name != "authorization")
                QVERIFY2(!value.contains(ApiKey.toUtf8()), name.constData());
        QVERIFY(!req.body.contains(ApiKey.toUtf8()));
    }

    void pureRequestPieces()
    {
        ModerationClient trailing(m_network.get(), settings(QUrl(u"https://api.example.test/v1//"_s)));
        QCOMPARE(trailing.endpoint(), QUrl(u"https://api.example.test/v1/moderations"_s));
        const QNetworkRequest request = trailing.networkRequest();
        QCOMPARE(request.url(), QUrl(u"https://api.example.test/v1/moderations"_s));
        QCOMPARE(request.rawHeader("Accept"), QByteArray("application/json"));
        QCOMPARE(request.rawHeader("Authorization"), "Bearer " + ApiKey.toUtf8());
        // HTTPS: peer verification, TLS 1.2 or later; the key never follows a redirect.
        QCOMPARE(request.sslConfiguration().peerVerifyMode(), QSslSocket::VerifyPeer);
        QCOMPARE(request.sslConfiguration().protocol(), QSsl::TlsV1_2OrLater);
        QCOMPARE(request.attribute(QNetworkRequest::RedirectPolicyAttribute).toInt(),
                 int(QNetworkRequest::ManualRedirectPolicy));

        const QJsonObject body = QJsonDocument::fromJson(ModerationClient::body(u"héllo \"zoo\"\n🦁"_s)).object();
        QCOMPARE(body.value(u"model"_s).toString(), u"omni-moderation-latest"_s);
        QCOMPARE(body.value(u"input"_s).toString(), u"héllo \"zoo\"\n🦁"_s);
        QCOMPARE(QJsonDocument::fromJson(ModerationClient::body(u"x"_s, u"omni-moderation-2024-09-26"_s))
                     .object().value(u"model"_s).toString(),
                 u"omni-moderation-2024-09-26"_s);

        ModerationClient zero(m_network.get(), settings(), 0);
        QCOMPARE(zero.timeoutMs(), ModerationClient::DefaultTimeoutMs);
    }

    void faults_data()
    {
        QTest::addColumn<ModerationScript>("script");
        QTest::addColumn<ErrorKind>("kind");
        QTest::addColumn<int>("status");

        using F = Script::Fault;
        QTest::newRow("429 rate limit") << withFault(F::HttpError) << ErrorKind::RateLimited << 429;
        QTest::newRow("400") << withFault(F::HttpError, 400) << ErrorKind::BadRequest << 400;
        QTest::newRow("403") << withFault(F::HttpError, 403) << ErrorKind::Unauthorized << 403;
        QTest::newRow("500") << withFault(F::HttpError, 500) << ErrorKind::Retryable << 500;
        QTest::newRow("503") << withFault(F::HttpError, 503) << ErrorKind::Retryable << 503;
        QTest::newRow("502 cloudflare json") << withFault(F::HttpError, 502) << ErrorKind::Retryable << 502;
        QTest::newRow("error mid stream = 500") << withFault(F::ErrorMidStream) << ErrorKind::Retryable << 500;
        QTest::newRow("html 502") << withFault(F::HtmlError) << ErrorKind::NonJsonErrorBody << 502;
        QTest::newRow("html 503") << withFault(F::HtmlError, 503) << ErrorKind::NonJsonErrorBody << 503;
        QTest::newRow("malformed json") << withFault(F::MalformedChunk) << ErrorKind::NonJsonErrorBody << 200;
        {
            ModerationScript m = withFault(F::MalformedChunk);
            m.chunkedEncoding = false;
            QTest::newRow("malformed json, not chunked") << m << ErrorKind::NonJsonErrorBody << 200;
        }
        {
            ModerationScript m = withFault(F::MalformedChunk);
            m.writeSplit = 5;
            QTest::newRow("malformed json, split writes") << m << ErrorKind::NonJsonErrorBody << 200;
        }
        // Half the body, then the connection closes mid chunked body.
        QTest::newRow("dropped (chunked)") << withFault(F::DropAfterChunks) << ErrorKind::StreamEndedEarly << 200;
        {
            // Close-delimited body: the close looks like a clean end, the JSON is cut.
            ModerationScript m = withFault(F::DropAfterChunks);
            m.chunkedEncoding = false;
            QTest::newRow("dropped (close-delimited)") << m << ErrorKind::NonJsonErrorBody << 200;
        }
        // Half the body, then silence: the total timeout ends it.
        QTest::newRow("stalled mid body") << withFault(F::StallAfterChunks) << ErrorKind::StreamStalled << 200;
        // Nothing at all: the total timeout ends it.
        QTest::newRow("no first byte") << withFault(F::NoFirstByte) << ErrorKind::FirstByteTimeout << 0;
        {
            ModerationScript m;
            m.delayMs = 3000;
            QTest::newRow("answer later than the timeout") << m << ErrorKind::FirstByteTimeout << 0;
        }
        {
            ModerationScript m = withFault(F::HttpError, 429);
            m.delayMs = 3000;
            QTest::newRow("error later than the timeout") << m << ErrorKind::FirstByteTimeout << 0;
        }
    }

    void faults()
    {
        QFETCH(ModerationScript, script);
        QFETCH(ErrorKind, kind);
        QFETCH(int, status);
        constexpr int timeoutMs = 700;
        m_server->setModeration(script);
        ModerationClient client(m_network.get(), settings(), timeoutMs);
        QElapsedTimer clock;
        clock.start();
        const ModerationResult r = moderate(client, VisitorText);
        const qint64 elapsed = clock.elapsed();
        verifyFailed(r);
        QCOMPARE(r.error.kind, kind);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(r.error.httpStatus, status);
        QVERIFY(!r.error.message.isEmpty());
        QVERIFY(!r.error.message.contains(VisitorText));
        QCOMPARE(m_server->requests().size(), 1);
        // Never past the total timeout (plus scheduling slack).
        QVERIFY2(elapsed < timeoutMs + 600, qPrintable(QString::number(elapsed)));
        if (kind == ErrorKind::FirstByteTimeout || kind == ErrorKind::StreamStalled)
            QVERIFY2(r.latencyMs >= timeoutMs - 5, qPrintable(QString::number(r.latencyMs)));
        else
            QVERIFY2(r.latencyMs < timeoutMs, qPrintable(QString::number(r.latencyMs)));
    }

    void httpErrorDetails()
    {
        ModerationScript m = withFault(Script::Fault::HttpError, 429);
        m.headers = {{"retry-after-ms", "1500"}, {"x-should-retry", "false"}};
        m_server->setModeration(m);
        ModerationClient client(m_network.get(), settings());
        const ModerationResult r = moderate(client, VisitorText);
        verifyFailed(r);
        QCOMPARE(r.error.kind, ErrorKind::RateLimited);
        QCOMPARE(r.error.retryAfterMs, std::optional<qint64>(1500));
        QCOMPARE(r.error.shouldRetry, std::optional<bool>(false));
        QCOMPARE(r.error.code, u"rate_limit_exceeded"_s);
        QCOMPARE(r.requestId.toLatin1(), m_server->lastRequest().requestId);
    }

    void wrongApiKey()
    {
        ClientSettings s = settings();
        s.apiKey = u"sk-wrong-key-123456789"_s;
        ModerationClient client(m_network.get(), s);
        const ModerationResult r = moderate(client, VisitorText);
        verifyFailed(r);
        QCOMPARE(r.error.kind, ErrorKind::Unauthorized);
        QCOMPARE(r.httpStatus, 401);
        QCOMPARE(r.error.code, u"invalid_api_key"_s);
    }

    void noApiKey()
    {
        ClientSettings s = settings();
        s.apiKey.clear();
        ModerationClient client(m_network.get(), s);
        QVERIFY(!client.hasApiKey());
        const ModerationResult r = moderate(client, VisitorText);
        verifyFailed(r);
        QCOMPARE(r.error.kind, ErrorKind::Unauthorized);
    }

    void answerJustInsideTheTimeout()
    {
        ModerationScript m = ModerationScript::flagging({u"sexual"_s});
        m.delayMs = 150;
        m.writeSplit = 3;     // the body arrives in many small pieces
        m_server->setModeration(m);
        ModerationClient client(m_network.get(), settings(), 2000);
        const ModerationResult r = moderate(client, VisitorText);
        QVERIFY(r.ok());
        QCOMPARE(r.flaggedCategories, QStringList{u"sexual"_s});
        QVERIFY2(r.latencyMs >= 150, qPrintable(QString::number(r.latencyMs)));
    }

    void notChunkedAnswer()
    {
        ModerationScript m;
        m.chunkedEncoding = false;
        m_server->setModeration(m);
        ModerationClient client(m_network.get(), settings());
        const ModerationResult r = moderate(client, VisitorText);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.scores.size(), 13);
    }

    void connectionRefused()
    {
        // A port that was just free.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        ModerationClient client(m_network.get(), settings(QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port))), 2000);
        const ModerationResult r = moderate(client, VisitorText);
        verifyFailed(r);
        QCOMPARE(r.error.kind, ErrorKind::ConnectionRefused);
        QCOMPARE(r.httpStatus, 0);
    }

    void serverDropsEveryConnection()
    {
        // Nothing answers; the test drops the connection once the request is in.
        m_server->setModeration(withFault(Script::Fault::NoFirstByte));
        ModerationClient client(m_network.get(), settings(), 5000);
        Outcome outcome;
        watch(client.moderate(VisitorText), &outcome);
        // Drop every connection as soon as its request is in. (Qt's HTTP/1 stack
        // sends a request again, once, when the connection closes before any
        // answer byte: the moderation request is safe to repeat.)
        connect(m_server.get(), &FakeOpenAiServer::requestReceived, this,
                [this] { QTimer::singleShot(0, m_server.get(), [this] { m_server->dropAllConnections(); }); });
        QVERIFY(QTest::qWaitFor([&] { return outcome.result.has_value(); }, 4000));
        QVERIFY(m_server->requests().size() >= 1 && m_server->requests().size() <= 2);
        verifyFailed(*outcome.result);
        // Closed before any status line: a transport failure, not a timeout.
        QCOMPARE(outcome.result->error.kind, ErrorKind::StreamEndedEarly);
        QCOMPARE(outcome.result->httpStatus, 0);
        QVERIFY(outcome.result->latencyMs < 3000);
    }

    void abortInFlight()
    {
        m_server->setModeration(withFault(Script::Fault::NoFirstByte));
        ModerationClient client(m_network.get(), settings(), 5000);
        Outcome outcome;
        QPointer<ModerationCall> call = client.moderate(VisitorText);
        watch(call, &outcome);
        QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
        QVERIFY(received.wait(3000));
        QVERIFY(!call->isFinished());
        call->abort();
        // finished() at once, with Cancelled.
        QCOMPARE(outcome.finishedCount, 1);
        QVERIFY(call->isFinished());
        verifyFailed(*outcome.result);
        QCOMPARE(outcome.result->error.kind, ErrorKind::Cancelled);
        QCOMPARE(call->result().error.kind, ErrorKind::Cancelled);
        call->abort(); // a second abort is a no-op
        QCOMPARE(outcome.finishedCount, 1);
        QVERIFY(QTest::qWaitFor([&] { return call.isNull(); }, 2000));
        QTest::qWait(50);
        QCOMPARE(outcome.finishedCount, 1);
    }

    void abortBeforeSending()
    {
        ModerationClient client(m_network.get(), settings());
        Outcome outcome;
        QPointer<ModerationCall> call = client.moderate(VisitorText);
        watch(call, &outcome);
        call->abort();
        QCOMPARE(outcome.finishedCount, 1);
        QCOMPARE(outcome.result->error.kind, ErrorKind::Cancelled);
        QVERIFY(QTest::qWaitFor([&] { return call.isNull(); }, 2000));
        QTest::qWait(100);
        QCOMPARE(outcome.finishedCount, 1);
    }

    void clientDestroyedMidCall()
    {
        m_server->setModeration(withFault(Script::Fault::NoFirstByte));
        auto client = std::make_unique<ModerationClient>(m_network.get(), settings(), 5000);
        Outcome outcome;
        QPointer<ModerationCall> call = client->moderate(VisitorText);
        watch(call, &outcome);
        QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
        QVERIFY(received.wait(3000));
        client.reset();          // takes its calls with it, quietly
        QVERIFY(call.isNull());
        QTest::qWait(100);
        QCOMPARE(outcome.finishedCount, 0);
    }

    void concurrentCallsKeepTheirOwnAnswers()
    {
        // Answers in request order: the first flagged, the second clean and slow.
        m_server->enqueueModeration(ModerationScript::flagging({u"hate"_s}));
        ModerationScript slow;
        slow.delayMs = 200;
        m_server->enqueueModeration(slow);
        ModerationClient client(m_network.get(), settings());
        Outcome first, second;
        watch(client.moderate(u"first"_s), &first);
        QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
        QVERIFY(received.wait(3000));
        watch(client.moderate(u"second"_s), &second);
        QVERIFY(QTest::qWaitFor([&] { return first.result && second.result; }, 5000));
        QVERIFY(first.result->ok());
        QVERIFY(second.result->ok());
        QCOMPARE(first.result->flaggedCategories, QStringList{u"hate"_s});
        QVERIFY(second.result->flaggedCategories.isEmpty());
        QVERIFY(first.result->requestId != second.result->requestId);
        QCOMPARE(first.finishedCount, 1);
        QCOMPARE(second.finishedCount, 1);
    }

    void overHttps()
    {
        QString error;
        const TlsCredentials credentials = TlsCredentials::selfSigned({u"DNS:localhost"_s, u"IP:127.0.0.1"_s}, 2, &error);
        QVERIFY2(!credentials.isNull(), qPrintable(error));
        QVERIFY(m_server->listenTls(credentials));
        QCOMPARE(m_server->baseUrl().scheme(), u"https"_s);
        m_server->setModeration(ModerationScript::flagging({u"self-harm/intent"_s}));

        ClientSettings s = settings();
        s.extraCaCertificates = {credentials.certificate()};
        ModerationClient client(m_network.get(), s);
        const ModerationResult r = moderate(client, VisitorText);
        QVERIFY2(r.ok(), qPrintable(zk::llm::errorKindName(r.error.kind) + u": "_s + r.error.message));
        QCOMPARE(r.flaggedCategories, QStringList{u"self-harm/intent"_s});
        const auto req = m_server->lastRequest();
        QVERIFY(req.encrypted);
        QVERIFY2(req.tlsProtocol == u"TLSv1.3"_s || req.tlsProtocol == u"TLSv1.2"_s, qPrintable(req.tlsProtocol));
        QCOMPARE(req.alpn, QByteArray("http/1.1"));
        QCOMPARE(req.json.value(u"input"_s).toString(), VisitorText);

        // Without the CA the certificate is refused: a TLS failure, no request seen.
        m_server->clearRequests();
        QNetworkAccessManager freshNetwork; // no TLS session to resume from the trusting client
        ModerationClient untrustingFresh(&freshNetwork, settings());
        const ModerationResult refused = moderate(untrustingFresh, VisitorText);
        verifyFailed(refused);
        QCOMPARE(refused.error.kind, ErrorKind::Tls);
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY(m_server->tlsHandshakeFailures() >= 1);
    }

    // --- the pure body parser -------------------------------------------------------

    void parseBodyRejects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("no results") << QByteArray(R"({"id":"modr-1","model":"m"})");
        QTest::newRow("results not an array") << QByteArray(R"({"results":{"flagged":true}})");
        QTest::newRow("empty results") << QByteArray(R"({"results":[]})");
        QTest::newRow("result not an object") << QByteArray(R"({"results":[1]})");
        QTest::newRow("no category_scores") << QByteArray(R"({"results":[{"flagged":false,"categories":{}}]})");
        QTest::newRow("category_scores not an object")
            << QByteArray(R"({"results":[{"flagged":false,"category_scores":[0.1]}]})");
        QTest::newRow("no numeric score")
            << QByteArray(R"({"results":[{"flagged":false,"category_scores":{"hate":null,"sexual":"0.9"}}]})");
        QTest::newRow("second result broken")
            << QByteArray(R"({"results":[{"category_scores":{"hate":0.1}},{"flagged":true}]})");
        // (A cut body built by left(): moc 6.4 counts braces inside raw strings.)
        QTest::newRow("truncated")
            << QByteArray(R"({"id":"modr-1","results":[{"flagged":false,"category_scores":{"hate":0.1}}]})").left(40);
        QTest::newRow("an error object") << QByteArray(R"({"error":{"message":"x","type":"server_error"}})");
    }

    void parseBodyRejects()
    {
        QFETCH(QByteArray, body);
        const auto r = ModerationCall::parseBody(body);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.isEmpty());
    }

    void parseBodyReadsTheDocumentedShape()
    {
        // The shape of the moderation guide's omni-moderation-latest example.
        const QByteArray body = R"({
  "id": "modr-0d9740456c391e43c445bf0f010940c7",
  "model": "omni-moderation-latest",
  "results": [
    {
      "flagged": true,
      "categories": {
        "harassment": true, "harassment/threatening": true, "sexual": false, "hate": false,
        "hate/threatening": false, "illicit": false, "illicit/violent": false, "self-harm/intent": false,
        "self-harm/instructions": false, "self-harm": false, "sexual/minors": false, "violence": true,
        "violence/graphic": true
      },
      "category_scores": {
        "harassment": 0.8189693396524255, "harassment/threatening": 0.804985420696006,
        "sexual": 1.573112165348997e-6, "hate": 0.007562942636942845, "hate/threatening": 0.004208854591835476,
        "illicit": 0.030535955153511665, "illicit/violent": 0.008925306722380033,
        "self-harm/intent": 0.00023023930975076432, "self-harm/instructions": 0.0002293869201073356,
        "self-harm": 0.012598046106750154, "sexual/minors": 2.212566909570261e-8,
        "violence": 0.9999264200621284, "violence/graphic": 0.843064871157054
      },
      "category_applied_input_types": {
        "harassment": ["text"], "harassment/threatening": ["text"], "sexual": ["text", "image"],
        "hate": ["text"], "hate/threatening": ["text"], "illicit": ["text"], "illicit/violent": ["text"],
        "self-harm/intent": ["text", "image"], "self-harm/instructions": ["text", "image"],
        "self-harm": ["text", "image"], "sexual/minors": ["text"], "violence": ["text", "image"],
        "violence/graphic": ["text", "image"]
      }
    }
  ]
})";
        const auto parsed = ModerationCall::parseBody(body);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
        const ModerationResult &r = parsed.value();
        QCOMPARE(r.id, u"modr-0d9740456c391e43c445bf0f010940c7"_s);
        QCOMPARE(r.model, u"omni-moderation-latest"_s);
        QVERIFY(r.flagged);
        QCOMPARE(r.scores.size(), 13);
        QCOMPARE(r.scores.value(u"violence"_s), 0.9999264200621284);
        QCOMPARE(r.scores.value(u"sexual/minors"_s), 2.212566909570261e-8);
        QCOMPARE(r.flaggedCategories, (QStringList{u"harassment"_s, u"harassment/threatening"_s, u"violence"_s,
                                                   u"violence/graphic"_s}));
        QCOMPARE(r.appliedInputTypes.value(u"sexual"_s), (QStringList{u"text"_s, u"image"_s}));
        QCOMPARE(r.appliedInputTypes.value(u"hate"_s), QStringList{u"text"_s});
        QCOMPARE(r.error.kind, ErrorKind::None);

        const auto decision = zk::safety::ModerationPolicy().evaluate(r.scores, r.flaggedCategories);
        QCOMPARE(decision.verdict, zk::safety::ModerationVerdict::Block);
        QCOMPARE(decision.riskScore, 0.9999264200621284);
        QCOMPARE(decision.topCategory, u"violence"_s);
        QCOMPARE(decision.storedCategories(), (QStringList{u"violence"_s, u"harassment"_s}));
    }

    void parseBodyLenientWhereItIsSafe()
    {
        // null scores (a category this model does not score) are skipped; a
        // missing `flagged` follows the categories; unknown keys are ignored.
        const auto a = ModerationCall::parseBody(
            R"({"results":[{"categories":{"hate":true},"category_scores":{"hate":0.6,"illicit":null},"extra":1}],"usage":{}})");
        QVERIFY(a.ok());
        QVERIFY(a->flagged);
        QCOMPARE(a->scores, (QMap<QString, double>{{u"hate"_s, 0.6}}));
        QCOMPARE(a->flaggedCategories, QStringList{u"hate"_s});
        QVERIFY(a->model.isEmpty());

        // Several results (one per input string) merge: highest score, union of flags.
        const auto b = ModerationCall::parseBody(
            R"({"model":"m","results":[)"
            R"({"flagged":false,"categories":{"hate":false},"category_scores":{"hate":0.1,"violence":0.7}},)"
            R"({"flagged":true,"categories":{"hate":true},"category_scores":{"hate":0.8,"violence":0.2}}]})");
        QVERIFY(b.ok());
        QVERIFY(b->flagged);
        QCOMPARE(b->scores.value(u"hate"_s), 0.8);
        QCOMPARE(b->scores.value(u"violence"_s), 0.7);
        QCOMPARE(b->flaggedCategories, QStringList{u"hate"_s});

        // The API's `flagged` wins over the categories when both are present.
        const auto c = ModerationCall::parseBody(
            R"({"results":[{"flagged":false,"categories":{"hate":false},"category_scores":{"hate":0.01}}]})");
        QVERIFY(c.ok());
        QVERIFY(!c->flagged);
    }
};

QTEST_GUILESS_MAIN(TestModerationClient)
#include "tst_moderationclient.moc"
