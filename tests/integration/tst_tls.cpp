// The production path: the OpenAI client over HTTPS (TLS 1.2 or later, HTTP/1.1
// through ALPN), against the local server with a certificate made at run time
// and trusted through Config::caCertificatesFile / openai/ca_file, beside the
// system CAs. Also the server's own TLS side, and the standalone executable.
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"
#include "storage/repositories.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace zk;
using zk::test::FakeOpenAiServer;
using zk::test::Script;
using zk::test::TlsCredentials;

namespace {

struct TurnWatcher
{
    QString streamed;
    std::optional<conversation::TurnOutcome> outcome;

    void watch(conversation::TurnRun *run)
    {
        QObject::connect(run, &conversation::TurnRun::replyDelta, run, [this](const QString &d) { streamed += d; });
        QObject::connect(run, &conversation::TurnRun::finished, run,
                         [this](const conversation::TurnOutcome &o) { outcome = o; });
    }
};

const QString ApiKey = u"sk-test-tls-0001"_s;

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_certDir;          // cert.pem / key.pem of the default credentials
    TlsCredentials m_credentials;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<KioskCore> m_core;

    QString caFile() const { return m_certDir.filePath(u"cert.pem"_s); }

    Config config(const QString &caCertificatesFile) const
    {
        Config c;
        c.dataDir = m_dir->path();
        c.baseUrl = m_server->baseUrl();
        c.apiKey = ApiKey;
        // The model call alone: remote moderation has its own tests (tst_safety, tst_moderationclient).
        c.moderationRemote = false;
        c.caCertificatesFile = caCertificatesFile;
        c.modelChain = {u"gpt-4o"_s, u"gpt-4o-mini"_s};
        c.connectTimeoutMs = 3000;
        c.firstByteTimeoutMs = 3000;
        c.betweenChunksTimeoutMs = 3000;
        c.turnDeadlineMs = 8000;
        c.retryMaxPerModel = 1;
        c.retryBaseDelayMs = 10;
        c.retryMaxDelayMs = 20;
        return c;
    }

    bool openCore(const Config &c)
    {
        m_core.reset();
        m_core = std::make_unique<KioskCore>(c);
        return m_core->open().ok();
    }

    conversation::TurnOutcome runTurn(const QString &text, TurnWatcher *watcher = nullptr)
    {
        TurnWatcher local;
        TurnWatcher &w = watcher ? *watcher : local;
        auto run = m_core->pipeline().ask({u"red_panda"_s, {}, text, u"en"_s});
        if (!run) {
            qWarning() << "rejected:" << run.error().detail;
            return {};
        }
        w.watch(run.value());
        if (!QTest::qWaitFor([&] { return w.outcome.has_value(); }, 20000))
            qWarning() << "turn did not finish";
        if (!m_core->pipeline().isIdle()) {
            QSignalSpy idle(&m_core->pipeline(), &conversation::TurnPipeline::idle);
            idle.wait(10000);
        }
        return w.outcome.value_or(conversation::TurnOutcome{});
    }

    static void verifyLocalAnswer(const conversation::TurnOutcome &o)
    {
        QVERIFY(o.stored);
        QVERIFY2(o.turn.source == storage::ReplySource::Emergency || o.turn.source == storage::ReplySource::Offline,
                 qPrintable(storage::replySourceName(o.turn.source)));
        QVERIFY(!o.turn.reply.isEmpty());
        QCOMPARE(o.turn.errorKind, u"tls"_s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QSslSocket::supportsSsl(), "Qt has a TLS backend");
        QString error;
        m_credentials = TlsCredentials::selfSigned({u"DNS:localhost"_s, u"IP:127.0.0.1"_s}, 2, &error);
        QVERIFY2(!m_credentials.isNull(), qPrintable(error));
        QVERIFY(m_certDir.isValid());
        QVERIFY2(m_credentials.writeTo(m_certDir.path(), &error), qPrintable(error));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listenTls(m_credentials));
        m_server->setExpectedApiKey(ApiKey);
    }

    void cleanup()
    {
        m_core.reset();
        m_server.reset();
        m_dir.reset();
    }

    void selfSignedCertificate()
    {
        const QSslCertificate cert = m_credentials.certificate();
        QVERIFY(!cert.isNull());
        QVERIFY(cert.isSelfSigned());
        QCOMPARE(cert.subjectInfo(QSslCertificate::CommonName), QStringList{u"localhost"_s});
        const auto names = cert.subjectAlternativeNames();
        QCOMPARE(names.values(QSsl::AlternativeNameEntryType::DnsEntry), QStringList{u"localhost"_s});
        QCOMPARE(names.values(QSsl::AlternativeNameEntryType::IpAddressEntry), QStringList{u"127.0.0.1"_s});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(cert.effectiveDate() < now);
        QVERIFY(cert.expiryDate() > now.addDays(1) && cert.expiryDate() < now.addDays(3));
        QCOMPARE(m_credentials.privateKey().algorithm(), QSsl::Ec);
        QCOMPARE(cert.publicKey().algorithm(), QSsl::Ec);

        // Two calls, two different certificates (serial and key).
        const TlsCredentials other = TlsCredentials::selfSigned();
        QVERIFY(other.certificate().serialNumber() != cert.serialNumber());
        QVERIFY(other.privateKeyPem != m_credentials.privateKeyPem);

        // What was written is what listenTls serves, and reads back.
        QString error;
        const TlsCredentials read =
            TlsCredentials::readFrom(caFile(), m_certDir.filePath(u"key.pem"_s), &error);
        QVERIFY2(!read.isNull(), qPrintable(error));
        QCOMPARE(read.certificate(), cert);
        QCOMPARE(QFile::permissions(m_certDir.filePath(u"key.pem"_s)) & (QFile::ReadOther | QFile::ReadGroup),
                 QFile::Permissions());
        QVERIFY(TlsCredentials::readFrom(caFile(), caFile(), &error).isNull());   // a certificate is no key
        QVERIFY(error.contains(u"private key"_s));
        QCOMPARE(m_server->baseUrl(), QUrl(u"https://127.0.0.1:%1/v1"_s.arg(m_server->port())));
        QVERIFY(m_server->isTls());
    }

    // The server's side with a raw QSslSocket: TLS 1.3 by default, TLS 1.2 still
    // accepted, and ALPN picks http/1.1 even when the client prefers h2.
    void serverNegotiatesHttp11_data()
    {
        QTest::addColumn<QSsl::SslProtocol>("clientProtocols");
        QTest::addColumn<QString>("expected");
        QTest::newRow("1.2 or later") << QSsl::TlsV1_2OrLater << u"TLSv1.3"_s;
        QTest::newRow("1.2 only") << QSsl::TlsV1_2 << u"TLSv1.2"_s;
        QTest::newRow("1.3 only") << QSsl::TlsV1_3 << u"TLSv1.3"_s;
    }

    void serverNegotiatesHttp11()
    {
        QFETCH(QSsl::SslProtocol, clientProtocols);
        QFETCH(QString, expected);

        QSslSocket socket;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setProtocol(clientProtocols);
        tls.addCaCertificate(m_credentials.certificate());
        tls.setAllowedNextProtocols({QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1});
        socket.setSslConfiguration(tls);
        socket.connectToHostEncrypted(u"127.0.0.1"_s, m_server->port());
        // Not waitForEncrypted(): the server answers from this thread's event loop.
        QVERIFY2(QTest::qWaitFor([&] { return socket.isEncrypted(); }, 5000), qPrintable(socket.errorString()));
        QCOMPARE(socket.sessionCipher().protocolString(), expected);
        QCOMPARE(socket.sslConfiguration().nextNegotiatedProtocol(), QByteArray("http/1.1"));
        QCOMPARE(socket.sslConfiguration().nextProtocolNegotiationStatus(),
                 QSslConfiguration::NextProtocolNegotiationNegotiated);

        socket.write("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ApiKey.toLatin1()
                     + "\r\n\r\n");
        QByteArray response;
        const auto complete = [&] {   // head plus Content-Length bytes
            response += socket.readAll();
            const qsizetype headEnd = response.indexOf("\r\n\r\n");
            const qsizetype lengthAt = response.indexOf("Content-Length: ");
            if (headEnd < 0 || lengthAt < 0 || lengthAt > headEnd)
                return false;
            const qsizetype lineEnd = response.indexOf('\r', lengthAt);
            const qsizetype length = response.mid(lengthAt + 16, lineEnd - lengthAt - 16).toLongLong();
            return response.size() >= headEnd + 4 + length;
        };
        QVERIFY(QTest::qWaitFor(complete, 5000));
        QVERIFY2(response.startsWith("HTTP/1.1 200 OK\r\n"), response.left(200).constData());
        QVERIFY(response.contains("gpt-4o-mini"));

        QCOMPARE(m_server->requests().size(), 1);
        const auto request = m_server->lastRequest();
        QVERIFY(request.encrypted);
        QCOMPARE(request.tlsProtocol, expected);
        QVERIFY(!request.tlsCipher.isEmpty());
        QCOMPARE(request.alpn, QByteArray("http/1.1"));
        QCOMPARE(m_server->tlsHandshakeFailures(), 0);
    }

    void plainHttpServerRecordsNoTls()
    {
        FakeOpenAiServer plain;
        QVERIFY(plain.listen());
        QVERIFY(!plain.isTls());
        QCOMPARE(plain.baseUrl().scheme(), u"http"_s);
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(plain.baseUrl().toString() + u"/models"_s));
        request.setRawHeader("Authorization", "Bearer k");
        std::unique_ptr<QNetworkReply> reply(nam.get(request));
        QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 5000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(!plain.lastRequest().encrypted);
        QVERIFY(plain.lastRequest().tlsProtocol.isEmpty());
        QVERIFY(plain.lastRequest().alpn.isEmpty());

        // The same object can go from HTTPS to HTTP and back.
        m_server->close();
        QVERIFY(m_server->listen());
        QCOMPARE(m_server->baseUrl().scheme(), u"http"_s);
        QVERIFY(m_server->listenTls(m_credentials));
        QCOMPARE(m_server->baseUrl().scheme(), u"https"_s);
    }

    void streamedTurnOverTls()
    {
        QVERIFY(openCore(config(caFile())));
        const QString reply = u"I'm Zara! I love munching bamboo high up in the trees. ¡Hola! 🐼"_s;
        Script s = Script::text(reply, 12);
        s.writeSplit = 7;   // TLS records cut mid-line and mid-UTF-8
        s.interChunkDelayMs = 5;
        m_server->enqueue(s);

        TurnWatcher w;
        const auto o = runTurn(u"What do you like to eat?"_s, &w);
        QVERIFY(o.stored);
        QCOMPARE(w.streamed, reply);
        QCOMPARE(o.turn.reply, reply);
        QCOMPARE(o.turn.source, storage::ReplySource::Model);
        QCOMPARE(o.turn.status, storage::TurnStatus::Completed);
        QCOMPARE(o.turn.model, u"gpt-4o"_s);
        QVERIFY(o.turn.errorKind.isEmpty());
        QVERIFY(!o.turn.usageEstimated);

        const auto stored = m_core->conversations().turns(o.turn.conversationId);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->first().reply, reply);
        QCOMPARE(stored->first().visitorText, u"What do you like to eat?"_s);
        QCOMPARE(stored->first().requestId.toLatin1(), m_server->lastRequest().requestId);

        // The server saw TLS 1.3 and HTTP/1.1 (QNetworkAccessManager offers h2 too).
        QCOMPARE(m_server->requests().size(), 1);
        const auto request = m_server->lastRequest();
        QVERIFY(request.encrypted);
        QCOMPARE(request.tlsProtocol, u"TLSv1.3"_s);
        QCOMPARE(request.alpn, QByteArray("http/1.1"));
        QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(request.header("authorization"), "Bearer " + ApiKey.toLatin1());
        QCOMPARE(m_server->tlsHandshakeFailures(), 0);
    }

    // Many deltas in one socket write, then a second turn on the kept-alive
    // TLS connection (no second handshake).
    void longStreamAndKeepAliveOverTls()
    {
        QVERIFY(openCore(config(caFile())));
        QStringList words;
        for (int i = 0; i < 400; ++i)
            words << (i % 2 ? u"bamboo"_s : u"leaves"_s);
        const QString reply = words.join(u' ') + u'.';
        m_server->enqueue(Script::text(reply, 401));
        const auto first = runTurn(u"Tell me everything you eat"_s);
        QCOMPARE(first.turn.status, storage::TurnStatus::Completed);
        QCOMPARE(first.turn.reply, reply);

        m_server->enqueue(Script::text(u"Up in the trees!"_s));
        const auto second = runTurn(u"Where do you sleep?"_s);
        QCOMPARE(second.turn.reply, u"Up in the trees!"_s);
        const auto requests = m_server->requests();
        QVERIFY(requests.size() >= 2);
        QCOMPARE(requests.last().connectionId, requests.at(requests.size() - 2).connectionId);
        QCOMPARE(m_server->acceptedConnections(), 1);
    }

    // Faults behave as over plain HTTP: a dropped TLS connection mid-stream is a
    // stream that ended early, not a TLS error.
    void droppedStreamOverTls()
    {
        QVERIFY(openCore(config(caFile())));
        m_server->enqueue(Script::dropAfter(9));
        TurnWatcher w;
        const auto o = runTurn(u"Tell me about you"_s, &w);
        QCOMPARE(o.turn.status, storage::TurnStatus::Partial);
        QCOMPARE(o.turn.errorKind, u"stream_ended_early"_s);
        QVERIFY(!w.streamed.isEmpty());
        QVERIFY(m_server->lastRequest().encrypted);
    }

    // No CA file: the system CAs do not know the throwaway certificate. The
    // handshake fails, nothing reaches the server's HTTP side, the visitor gets
    // the local answer and the turn records "tls".
    void untrustedCertificateIsRejected()
    {
        QVERIFY(openCore(config(QString())));
        const auto o = runTurn(u"Hello?"_s);
        verifyLocalAnswer(o);
        QCOMPARE(m_server->requests().size(), 0);
        QVERIFY(m_server->tlsHandshakeFailures() >= 1);
    }

    // Trusted, but issued for another host: hostname verification still applies.
    void certificateForAnotherHostIsRejected()
    {
        QTemporaryDir otherDir;
        const TlsCredentials other = TlsCredentials::selfSigned({u"DNS:zoo.example"_s});
        QVERIFY(!other.isNull());
        QVERIFY(other.writeTo(otherDir.path()));
        m_server->close();
        QVERIFY(m_server->listenTls(other));

        QVERIFY(openCore(config(otherDir.filePath(u"cert.pem"_s))));
        const auto o = runTurn(u"Hello?"_s);
        verifyLocalAnswer(o);
        QCOMPARE(m_server->requests().size(), 0);
        QVERIFY(m_server->tlsHandshakeFailures() >= 1);
    }

    // A CA file that exists but holds another certificate does not help either.
    void wrongCaFileIsRejected()
    {
        QTemporaryDir otherDir;
        QVERIFY(TlsCredentials::selfSigned().writeTo(otherDir.path()));
        QVERIFY(openCore(config(otherDir.filePath(u"cert.pem"_s))));
        const auto o = runTurn(u"Hello?"_s);
        verifyLocalAnswer(o);
        QCOMPARE(m_server->requests().size(), 0);
    }

    // zk_fakeopenai --make-cert DIR, then --tls-cert/--tls-key; a
    // QNetworkAccessManager trusting DIR/cert.pem gets HTTP/1.1 over TLS.
    void standaloneExecutableServesHttps()
    {
        QTemporaryDir dir;
        QProcess make;
        make.start(QStringLiteral(ZK_FAKEOPENAI_PATH), {u"--make-cert"_s, dir.path()});
        QVERIFY(make.waitForFinished(10000));
        QCOMPARE(make.exitCode(), 0);
        const QString certFile = dir.filePath(u"cert.pem"_s);
        const QString keyFile = dir.filePath(u"key.pem"_s);
        const TlsCredentials made = TlsCredentials::readFrom(certFile, keyFile);
        QVERIFY(!made.isNull());

        QProcess lonely;   // --tls-cert without --tls-key is a usage error
        lonely.start(QStringLiteral(ZK_FAKEOPENAI_PATH), {u"--tls-cert"_s, certFile});
        QVERIFY(lonely.waitForFinished(10000));
        QCOMPARE(lonely.exitCode(), 2);

        QProcess server;
        server.start(QStringLiteral(ZK_FAKEOPENAI_PATH),
                     {u"--tls-cert"_s, certFile, u"--tls-key"_s, keyFile, u"--reply"_s, u"Hi over TLS"_s});
        QVERIFY(QTest::qWaitFor([&] { return server.canReadLine(); }, 10000));
        const QByteArray first = server.readLine();
        QVERIFY2(first.startsWith("PORT "), first.constData());
        const int port = first.mid(5).trimmed().toInt();
        QVERIFY(port > 0);

        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(u"https://127.0.0.1:%1/v1/chat/completions"_s.arg(port)));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(certFile));
        request.setSslConfiguration(tls);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        request.setRawHeader("Authorization", "Bearer k");
        std::unique_ptr<QNetworkReply> reply(nam.post(
            request, R"({"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]})"));
        QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool(), false);
        QCOMPARE(reply->sslConfiguration().sessionProtocol(), QSsl::TlsV1_3);
        const QByteArray body = reply->readAll();
        QVERIFY(body.contains(R"("content":" over")"));
        QVERIFY(body.endsWith("data: [DONE]\n\n"));

        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 0);
    }

    // zookioskctl, as the benchmark and a kiosk behind a TLS-inspecting proxy
    // run it: --set openai/ca_file=PEM.
    void ctlAsksOverTls()
    {
        const QString reply = u"Hi, I'm Zara! I eat bamboo, fruit and sometimes eggs."_s;
        m_server->enqueue(Script::text(reply));
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(u"ZOOKIOSK_CONFIG"_s);
        e.insert(u"OPENAI_API_KEY"_s, ApiKey);
        e.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        e.insert(u"ZOOKIOSK_DATA_DIR"_s, m_dir->path());
        QProcess p;
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(ZK_CTL_PATH), {u"--set"_s, u"openai/ca_file="_s + caFile(), u"--set"_s,
                                              u"moderation/remote=false"_s, u"ask"_s, u"--animal"_s,
                                              u"red_panda"_s, u"What do you eat?"_s});
        // Keep this event loop turning: the server answers from it.
        QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(err));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), reply + u'\n');
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(m_server->lastRequest().encrypted);
        QCOMPARE(m_server->lastRequest().alpn, QByteArray("http/1.1"));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
