// The remote management channel (issue 8): a real kiosk core on SQLite in a
// temporary directory, its WebSocket endpoint on 127.0.0.1 (port 0), and
// consoles as in-process QWebSocket clients speaking JSON-RPC 2.0: the
// challenge and login, every refusal (wrong HMAC, replayed nonce, calls
// before login, malformed, unknown, mistyped, oversized, floods), each
// method's effect, pushed alerts, wss with a throwaway certificate, and the
// real `zookioskctl serve` + `zookioskctl remote` binaries.
#include "admin/crypto.h"
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/config.h"
#include "core/kioskcore.h"
#include "fleet/auththrottle.h"
#include "fleet/listenspec.h"
#include "fleet/remoteclient.h"
#include "fleet/remoteendpoint.h"
#include "fleet/remotemethods.h"
#include "fleet/remotetokenstore.h"
#include "llm/circuitbreaker.h"
#include "storage/repositories.h"
#include "tlscredentials.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;
using zk::fleet::RemoteEndpoint;

namespace {

const QByteArray kToken = "remote-test-token-0123456789";

// One console connection, recording what the kiosk sends.
class Console
{
public:
    explicit Console(const QUrl &url, const QSslConfiguration *ssl = nullptr)
    {
        if (ssl)
            m_socket.setSslConfiguration(*ssl);
        QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &text) {
            const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
            if (o.value(u"method"_s).toString() == u"event.alert")
                alerts.append(o.value(u"params"_s).toObject());
            else
                m_inbox.append(o);
        });
        QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [this] { closed = true; });
        m_socket.open(url);
    }

    // The next non-alert message (an empty object after the timeout).
    QJsonObject next(int timeoutMs = 3000)
    {
        if (!QTest::qWaitFor([this] { return !m_inbox.isEmpty(); }, timeoutMs))
            return {};
        return m_inbox.takeFirst();
    }

    QByteArray challenge()
    {
        const QJsonObject c = next();
        if (c.value(u"method"_s).toString() != u"auth.challenge")
            return {};
        return QByteArray::fromBase64(c.value(u"params"_s).toObject().value(u"nonce"_s).toString().toLatin1());
    }

    void sendRaw(const QByteArray &frame) { m_socket.sendTextMessage(QString::fromUtf8(frame)); }

    QByteArray requestFrame(const QString &method, const QJsonObject &params)
    {
        return QJsonDocument(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, ++m_id}, {u"method"_s, method},
                                         {u"params"_s, params}})
            .toJson(QJsonDocument::Compact);
    }

    QJsonObject call(const QString &method, const QJsonObject &params = {})
    {
        sendRaw(requestFrame(method, params));
        return next();
    }

    static QByteArray loginParamsHmac(const QByteArray &token, const QByteArray &nonce)
    {
        return zk::admin::hmacSha256(token, nonce).toHex();
    }

    QJsonObject login(const QByteArray &token = kToken)
    {
        const QByteArray nonce = challenge();
        return call(u"auth.login"_s, {{u"hmac"_s, QString::fromLatin1(loginParamsHmac(token, nonce))}});
    }

    bool waitClosed(int timeoutMs = 3000)
    {
        return QTest::qWaitFor([this] { return closed; }, timeoutMs);
    }

    QWebSocket &socket() { return m_socket; }

    QList<QJsonObject> alerts;
    bool closed = false;

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_inbox;
    int m_id = 0;
};

int errorCode(const QJsonObject &reply)
{
    return reply.value(u"error"_s).toObject().value(u"code"_s).toInt();
}

} // namespace

class TestRemote : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<zk::KioskCore> m_core;
    std::unique_ptr<RemoteEndpoint> m_endpoint;

    static QProcessEnvironment cleanEnvironment(const QString &dataDir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"OPENAI_API_KEY"_s, u"OPENAI_BASE_URL"_s, u"ZOOKIOSK_CONFIG"_s,
                                    u"ZOOKIOSK_REMOTE_LISTEN"_s, u"ZOOKIOSK_REMOTE_TOKEN"_s})
            env.remove(name);
        env.insert(u"ZOOKIOSK_DATA_DIR"_s, dataDir);
        return env;
    }

    static std::unique_ptr<zk::KioskCore> openCore(const QString &dataDir, QMap<QString, QString> flags)
    {
        flags.insert(u"openai/base_url"_s, u"http://127.0.0.1:9/v1"_s);   // never reached: no key
        flags.insert(u"breaker/consecutive_failures"_s, u"2"_s);
        flags.insert(u"moderation/remote"_s, u"false"_s);
        const auto loaded = zk::ConfigLoader::load(flags, cleanEnvironment(dataDir));
        auto core = std::make_unique<zk::KioskCore>(loaded.config);
        if (const zk::Status s = core->open(); !s) {
            qWarning() << s.error().message;
            return nullptr;
        }
        zk::fleet::RemoteTokenStore tokens(
            zk::fleet::RemoteTokenStore::sealedSetting(core->settings(), core->secretBox()));
        if (!tokens.set(kToken))
            return nullptr;
        return core;
    }

    static RemoteEndpoint::Options quickOptions()
    {
        RemoteEndpoint::Options o;
        o.throttle.baseDelayMs = 300;
        o.throttle.maxDelayMs = 1000;
        o.throttle.lockoutAfter = 3;
        o.server.session.burst = 30;
        o.server.session.framesPerSecond = 20;
        return o;
    }

    QUrl url() const { return m_endpoint->url(); }

    bool hasEvent(const QString &kind, const QString &text)
    {
        const auto events = m_core->events().recent(200);
        for (const zk::storage::Event &e : events.value())
            if (e.kind == kind && (e.message.contains(text) || e.detailsJson.contains(text)))
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_core = openCore(m_dir.path(), {{u"remote/listen"_s, u"127.0.0.1:0"_s}});
        QVERIFY(m_core);
    }

    // A fresh endpoint (and login throttle) for every test.
    void init()
    {
        auto started = RemoteEndpoint::start(*m_core, quickOptions());
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        QVERIFY(started.value());
        m_endpoint = std::move(started).value();
        QCOMPARE(url().scheme(), u"ws"_s);
    }

    void cleanup() { m_endpoint.reset(); }

    void cleanupTestCase() { m_core.reset(); }

    void offByDefaultAndListenRules()
    {
        zk::Config config;
        auto off = zk::fleet::ListenSpec::fromConfig(config);
        QVERIFY(off && !off.value());
        const auto fromEnv = zk::ConfigLoader::load({}, [] {
            QProcessEnvironment e;
            e.insert(u"ZOOKIOSK_REMOTE_LISTEN"_s, u"[::1]:8765"_s);
            return e;
        }());
        QCOMPARE(fromEnv.config.remoteListen, u"[::1]:8765"_s);
        auto loopback6 = zk::fleet::ListenSpec::fromConfig(fromEnv.config);
        QVERIFY(loopback6 && loopback6.value() && !loopback6.value()->tls && loopback6.value()->port == 8765);
        QVERIFY(!zk::ConfigLoader::validate(u"remote/listen"_s, u"x"_s).isEmpty());   // not a staff setting
        config.remoteListen = u"0.0.0.0:8765"_s;
        auto open = zk::fleet::ListenSpec::fromConfig(config);
        QVERIFY(!open);
        QVERIFY2(open.error().message.contains(u"TLS"_s), qPrintable(open.error().message));
        config.remoteTlsCert = m_dir.filePath(u"missing.pem"_s);
        auto half = zk::fleet::ListenSpec::fromConfig(config);
        QVERIFY(!half && half.error().message.contains(u"remote/tls_key"_s));
        config.remoteTlsKey = m_dir.filePath(u"missing-key.pem"_s);
        auto missing = zk::fleet::ListenSpec::fromConfig(config);
        QVERIFY(!missing && missing.error().message.contains(u"missing.pem"_s));
    }

    void throttleGrowsLocksAndForgets()
    {
        qint64 now = 1000;
        zk::fleet::AuthThrottle t({100, 350, 4, 60000}, [&now] { return now; });
        const QString a = u"10.0.0.7"_s;
        QCOMPARE(t.delayMs(a), 0);
        QCOMPARE(t.recordFailure(a), 1);
        QCOMPARE(t.delayMs(a), 100);
        t.recordFailure(a);
        QCOMPARE(t.delayMs(a), 200);
        t.recordFailure(a);
        QCOMPARE(t.delayMs(a), 350);   // capped
        QVERIFY(!t.isLockedOut(a));
        t.recordFailure(a);
        QVERIFY(t.isLockedOut(a));
        QCOMPARE(t.delayMs(u"10.0.0.8"_s), 0);   // per address
        now += 60000;
        QVERIFY(!t.isLockedOut(a));             // forgotten after a quiet while
        t.recordFailure(a);
        QCOMPARE(t.failures(a), 1);
        t.recordSuccess(a);
        QCOMPARE(t.delayMs(a), 0);
    }

    void loginThenStatus()
    {
        Console c(url());
        const QByteArray nonce = c.challenge();
        QCOMPARE(nonce.size(), 32);
        const QJsonObject ok = c.call(u"auth.login"_s,
                                      {{u"hmac"_s, QString::fromLatin1(Console::loginParamsHmac(kToken, nonce))}});
        QVERIFY2(ok.value(u"result"_s).toObject().value(u"ok"_s).toBool(), QJsonDocument(ok).toJson().constData());
        const QJsonObject status = c.call(u"status.get"_s).value(u"result"_s).toObject();
        QCOMPARE(status.value(u"screen"_s).toString(), u"headless"_s);
        QVERIFY(!status.value(u"version"_s).toString().isEmpty());
        QVERIFY(status.contains(u"uptimeSeconds"_s));
        QCOMPARE(status.value(u"breaker"_s).toObject().value(u"state"_s).toString(), u"closed"_s);
        QVERIFY(status.value(u"budget"_s).toObject().contains(u"spentTodayUsd"_s));
        QVERIFY(status.value(u"lastEvents"_s).isArray());
        QVERIFY(hasEvent(u"remote_login"_s, u"127.0.0.1:"_s));
        m_endpoint->methods().setScreenProvider([] { return u"chat"_s; });
        QCOMPARE(c.call(u"status.get"_s).value(u"result"_s).toObject().value(u"screen"_s).toString(), u"chat"_s);
    }

    void wrongHmacIsRefusedRecordedAndSlowedDown()
    {
        {
            Console c(url());
            const QJsonObject reply = c.login("not-the-token-at-all");
            QCOMPARE(errorCode(reply), -32002);
            QVERIFY(c.waitClosed());
        }
        QVERIFY(hasEvent(u"remote_auth_failed"_s, u"127.0.0.1"_s));
        // The next challenge from this address waits (300 ms after one failure).
        QElapsedTimer timer;
        timer.start();
        {
            Console c(url());
            QVERIFY(!c.challenge().isEmpty());
            QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
            QCOMPARE(errorCode(c.call(u"auth.login"_s, {{u"hmac"_s, QString(64, u'0')}})), -32002);
            QVERIFY(c.waitClosed());
        }
        {
            Console c(url());   // a malformed hmac is a failure too: the third one locks the address out
            c.challenge();
            QCOMPARE(errorCode(c.call(u"auth.login"_s, {{u"hmac"_s, 42}})), -32602);
            QVERIFY(c.waitClosed());
        }
        Console refused(url());
        QCOMPARE(errorCode(refused.next()), -32002);   // no challenge at all
        QVERIFY(refused.waitClosed());
    }

    void replayedNonceIsRefused()
    {
        Console a(url());
        const QByteArray nonce = a.challenge();
        const QByteArray loginFrame = a.requestFrame(
            u"auth.login"_s, {{u"hmac"_s, QString::fromLatin1(Console::loginParamsHmac(kToken, nonce))}});
        a.sendRaw(loginFrame);
        QVERIFY(a.next().value(u"result"_s).toObject().value(u"ok"_s).toBool());
        a.sendRaw(loginFrame);   // the same nonce again on the same connection
        QCOMPARE(errorCode(a.next()), -32002);

        Console b(url());        // a recorded login replayed on another connection
        QVERIFY(!b.challenge().isEmpty());
        b.sendRaw(loginFrame);
        QCOMPARE(errorCode(b.next()), -32002);
        QVERIFY(b.waitClosed());
        QVERIFY(!a.closed);
    }

    void nothingButLoginBeforeLogin()
    {
        Console c(url());
        QVERIFY(!c.challenge().isEmpty());
        const QJsonObject reply = c.call(u"emergency.set"_s, {{u"on"_s, true}});
        QCOMPARE(errorCode(reply), -32001);
        QVERIFY(c.waitClosed());
        QVERIFY(!m_core->emergencyMode());
    }

    void badInputGetsTheRightErrors()
    {
        Console c(url());
        QVERIFY(c.login().value(u"result"_s).isObject());
        c.sendRaw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
        QJsonObject reply = c.next();
        QCOMPARE(errorCode(reply), -32700);
        QVERIFY(reply.value(u"id"_s).isNull());
        c.sendRaw("[1, 2, 3]");
        QCOMPARE(errorCode(c.next()), -32600);
        c.sendRaw("{\"jsonrpc\": \"1.0\", \"id\": 7, \"method\": \"status.get\"}");
        reply = c.next();
        QCOMPARE(errorCode(reply), -32600);
        QCOMPARE(reply.value(u"id"_s).toInt(), 7);
        c.sendRaw("{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": 12}");
        QCOMPARE(errorCode(c.next()), -32600);
        c.sendRaw("{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"status.get\", \"params\": [1]}");
        QCOMPARE(errorCode(c.next()), -32602);
        QCOMPARE(errorCode(c.call(u"kiosk.selfDestruct"_s)), -32601);
        QCOMPARE(errorCode(c.call(u"animals.list"_s, {{u"language"_s, 5}})), -32602);
        QCOMPARE(errorCode(c.call(u"emergency.set"_s, {{u"on"_s, u"yes"_s}})), -32602);
        QCOMPARE(errorCode(c.call(u"history.query"_s, {{u"limit"_s, u"ten"_s}})), -32602);
        QCOMPARE(errorCode(c.call(u"usage.get"_s, {{u"days"_s, 2.5}})), -32602);
        QCOMPARE(errorCode(c.call(u"animals.upsert"_s, {{u"id"_s, u"unicorn"_s}, {u"active"_s, false}})), -32004);
        // Still connected and answering.
        QVERIFY(c.call(u"status.get"_s).value(u"result"_s).isObject());
        QVERIFY(!c.closed);
    }

    void oversizedFrameClosesTheConnection()
    {
        Console c(url());
        QVERIFY(c.login().value(u"result"_s).isObject());
        QByteArray big = c.requestFrame(u"status.get"_s, {{u"pad"_s, QString(70 * 1024, u'x')}});
        c.sendRaw(big);
        QVERIFY(c.waitClosed());
        QCOMPARE(c.socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        Console again(url());   // the kiosk still answers
        QVERIFY(again.login().value(u"result"_s).isObject());
    }

    void floodIsClosed()
    {
        Console c(url());
        QVERIFY(c.login().value(u"result"_s).isObject());
        for (int i = 0; i < 100; ++i)
            c.sendRaw(c.requestFrame(u"status.get"_s, {{u"events"_s, 0}}));
        // Meanwhile a visitor still gets an answer.
        zk::conversation::TurnRequest request;
        request.animalId = u"tiger"_s;
        request.text = u"What do tigers eat?"_s;
        auto run = m_core->pipeline().ask(request);
        QVERIFY(run);
        QSignalSpy finished(run.value(), &zk::conversation::TurnRun::finished);
        QVERIFY(finished.wait(5000));
        QVERIFY(c.waitClosed());
        bool limited = false;
        for (QJsonObject m = c.next(100); !m.isEmpty(); m = c.next(100))
            limited = limited || errorCode(m) == -32003;
        QVERIFY(limited);
        QVERIFY(hasEvent(u"remote_flood"_s, u"127.0.0.1"_s));
    }

    void methodsDoWhatTheySay()
    {
        Console c(url());
        QVERIFY(c.login().value(u"result"_s).isObject());

        // animals.upsert then animals.list
        QJsonObject reply = c.call(u"animals.upsert"_s,
                                   {{u"id"_s, u"tiger"_s},
                                    {u"fields"_s, QJsonObject{{u"name"_s, u"Tigris"_s},
                                                              {u"questions"_s, QJsonArray{u"Do you like water?"_s}}}}});
        QCOMPARE(reply.value(u"result"_s).toObject().value(u"name"_s).toString(), u"Tigris"_s);
        QCOMPARE(errorCode(c.call(u"animals.upsert"_s, {{u"id"_s, u"tiger"_s},
                                                        {u"fields"_s, QJsonObject{{u"name"_s, QString(60, u'n')}}}})),
                 -32602);
        QCOMPARE(errorCode(c.call(u"animals.upsert"_s, {{u"id"_s, u"lemur"_s}, {u"active"_s, false}})), 0);
        const QJsonArray animals = c.call(u"animals.list"_s).value(u"result"_s).toArray();
        bool renamed = false, hidden = false;
        for (const QJsonValue &a : animals) {
            renamed = renamed || (a[u"id"_s] == u"tiger"_s && a[u"name"_s] == u"Tigris"_s);
            hidden = hidden || (a[u"id"_s] == u"lemur"_s && a[u"active"_s] == false);
        }
        QVERIFY(renamed && hidden);
        QVERIFY(c.call(u"animals.upsert"_s, {{u"id"_s, u"lemur"_s}, {u"active"_s, true}}).contains(u"result"_s));

        // guardrails.upsert then guardrails.list
        reply = c.call(u"guardrails.upsert"_s,
                       {{u"type"_s, u"NEVER"_s}, {u"animal"_s, u"tiger"_s}, {u"text"_s, u"Never roar at children."_s}});
        const qint64 id = reply.value(u"result"_s).toObject().value(u"id"_s).toInteger();
        QVERIFY2(id > 0, QJsonDocument(reply).toJson().constData());
        QCOMPARE(errorCode(c.call(u"guardrails.upsert"_s, {{u"type"_s, u"MAYBE"_s}, {u"text"_s, u"x"_s}})), -32602);
        QCOMPARE(errorCode(c.call(u"guardrails.upsert"_s, {{u"id"_s, id}, {u"text"_s, u"   "_s}})), -32602);
        QVERIFY(c.call(u"guardrails.upsert"_s, {{u"id"_s, id}, {u"active"_s, false}}).contains(u"result"_s));
        bool found = false;
        for (const QJsonValue &r : c.call(u"guardrails.list"_s, {{u"animal"_s, u"tiger"_s}}).value(u"result"_s).toArray())
            found = found || (r[u"id"_s].toInteger() == id && r[u"active"_s] == false);
        QVERIFY(found);

        // emergency.set and breaker.reset
        QCOMPARE(c.call(u"emergency.set"_s, {{u"on"_s, true}}).value(u"result"_s)[u"emergencyMode"_s].toBool(), true);
        QVERIFY(m_core->emergencyMode());
        QVERIFY(c.call(u"status.get"_s).value(u"result"_s)[u"emergencyMode"_s].toBool());
        QVERIFY(c.call(u"emergency.set"_s, {{u"on"_s, false}}).contains(u"result"_s));
        QVERIFY(!m_core->emergencyMode());
        QCOMPARE(c.call(u"breaker.reset"_s).value(u"result"_s)[u"state"_s].toString(), u"closed"_s);

        // config.set (validated like the settings page) and config.get; a second console
        // (one connection's rate limit is for people, not for this test's pace)
        Console c2(url());
        QVERIFY(c2.login().value(u"result"_s).isObject());
        QCOMPARE(errorCode(c2.call(u"config.set"_s, {{u"key"_s, u"budget/daily_usd"_s}, {u"value"_s, u"lots"_s}})),
                 -32602);
        QCOMPARE(errorCode(c2.call(u"config.set"_s, {{u"key"_s, u"openai/base_url"_s}, {u"value"_s, u"http://evil"_s}})),
                 -32602);
        QCOMPARE(errorCode(c2.call(u"config.set"_s, {{u"key"_s, u"remote/listen"_s}, {u"value"_s, u"0.0.0.0:1"_s}})),
                 -32602);
        QVERIFY(c2.call(u"config.set"_s, {{u"key"_s, u"budget/daily_usd"_s}, {u"value"_s, 7.5}}).contains(u"result"_s));
        const QJsonObject setting = c2.call(u"config.get"_s, {{u"key"_s, u"budget/daily_usd"_s}})
                                        .value(u"result"_s)[u"budget/daily_usd"_s].toObject();
        QCOMPARE(setting.value(u"source"_s).toString(), u"staff"_s);
        QCOMPARE(m_core->staffSettings().value().value(u"budget/daily_usd"_s), u"7.5"_s);
        QVERIFY(c2.call(u"config.set"_s, {{u"key"_s, u"budget/daily_usd"_s}, {u"value"_s, QJsonValue::Null}})
                    .contains(u"result"_s));
        QVERIFY(!m_core->staffSettings().value().contains(u"budget/daily_usd"_s));

        // history.query over stored turns
        const auto conversation = m_core->conversations().create(u"tiger"_s, u"en"_s);
        QVERIFY(conversation);
        zk::storage::Turn turn;
        turn.id = u"turn-remote-1"_s;
        turn.conversationId = conversation->id;
        turn.visitorText = u"Can tigers swim across rivers?"_s;
        turn.reply = u"Yes, tigers love water."_s;
        turn.source = zk::storage::ReplySource::Offline;
        turn.createdAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        turn.finishedAt = turn.createdAt;
        QVERIFY(m_core->conversations().saveTurn(turn, std::nullopt));
        const QJsonArray rows = c2.call(u"history.query"_s, {{u"search"_s, u"swim"_s}, {u"animal"_s, u"tiger"_s}})
                                    .value(u"result"_s).toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first()[u"visitorText"_s].toString(), turn.visitorText);
        QCOMPARE(rows.first()[u"animal"_s].toString(), u"tiger"_s);
        QCOMPARE(c2.call(u"history.query"_s, {{u"search"_s, u"swim"_s}, {u"animal"_s, u"macaw"_s}})
                     .value(u"result"_s).toArray().size(), 0);

        // usage.get
        const QJsonObject usage = c2.call(u"usage.get"_s, {{u"days"_s, 7}}).value(u"result"_s).toObject();
        QVERIFY(usage.contains(u"totals"_s) && usage.contains(u"budget"_s));

        // Every remote action is an event with the peer address.
        QVERIFY(hasEvent(u"remote_call"_s, u"guardrails.upsert"_s));
        QVERIFY(hasEvent(u"emergency_on"_s, u"remote console 127.0.0.1:"_s));
        QVERIFY(hasEvent(u"setting_changed"_s, u"remote console 127.0.0.1:"_s));
        QVERIFY(hasEvent(u"remote_call"_s, u"history.query by remote console 127.0.0.1:"_s));
    }

    // A console polling reads cannot flood the events table: a successful
    // read is recorded once a minute per console address and method, with
    // the number of calls it stands for; refusals and changes one by one.
    void pollingReadsAreCountedNotFlooded()
    {
        const auto remoteCalls = [this](const QString &text) {
            int n = 0;
            const auto events = m_core->events().recent(500); // kept: the loop reads into it
            for (const zk::storage::Event &e : events.value())
                if (e.kind == u"remote_call"_s && e.message.contains(text))
                    ++n;
            return n;
        };
        const int before = remoteCalls(u"status.get by remote console 10.1.2.3"_s);
        {
            zk::fleet::RemoteMethods methods(*m_core);
            for (int i = 0; i < 30; ++i) // two connections of one console
                QVERIFY(methods.call(u"status.get"_s, {}, i % 2 ? u"10.1.2.3:5001"_s : u"10.1.2.3:5002"_s).ok());
            QCOMPARE(remoteCalls(u"status.get by remote console 10.1.2.3"_s), before + 1);
            QVERIFY(!methods.call(u"status.get"_s, {{u"events"_s, u"many"_s}}, u"10.1.2.3:5001"_s).ok());
            QCOMPARE(remoteCalls(u"status.get by remote console 10.1.2.3:5001 refused"_s), 1);
        } // the endpoint stops: the calls not recorded yet are
        QCOMPARE(remoteCalls(u"10.1.2.3:5001 (29 calls since the last record)"_s), 1);
    }

    void alertsArePushed()
    {
        Console staff(url());
        QVERIFY(staff.login().value(u"result"_s).isObject());
        Console listener(url());
        listener.challenge();   // not logged in: gets no alerts

        // A failed login elsewhere.
        {
            Console intruder(url());
            QCOMPARE(errorCode(intruder.login("guessing-the-token-123")), -32002);
        }
        QVERIFY(QTest::qWaitFor([&] { return !staff.alerts.isEmpty(); }, 3000));
        QCOMPARE(staff.alerts.last().value(u"kind"_s).toString(), u"remote_auth_failed"_s);
        QCOMPARE(staff.alerts.last().value(u"category"_s).toString(), u"security"_s);

        // The breaker opens (two failures in a row here).
        m_core->breaker().recordFailure();
        m_core->breaker().recordFailure();
        QVERIFY(QTest::qWaitFor([&] {
            return std::any_of(staff.alerts.cbegin(), staff.alerts.cend(),
                               [](const QJsonObject &a) { return a.value(u"kind"_s).toString() == u"breaker_open"; });
        }, 3000));
        QVERIFY(m_core->resetBreaker(u"test"_s));

        // A self-harm flag from a visitor's turn.
        zk::conversation::TurnRequest request;
        request.animalId = u"red_panda"_s;
        request.text = u"I want to kill myself"_s;
        auto run = m_core->pipeline().ask(request);
        QVERIFY(run);
        QVERIFY(QTest::qWaitFor([&] {
            return std::any_of(staff.alerts.cbegin(), staff.alerts.cend(),
                               [](const QJsonObject &a) { return a.value(u"kind"_s).toString() == u"self_harm"; });
        }, 5000));
        QVERIFY(QTest::qWaitFor([&] { return m_core->pipeline().isIdle(); }, 5000));
        QVERIFY(listener.alerts.isEmpty());
    }

    void wssWithAThrowawayCertificate()
    {
        QTemporaryDir dir;
        QString error;
        const zk::test::TlsCredentials credentials = zk::test::TlsCredentials::selfSigned(
            {u"DNS:localhost"_s, u"IP:127.0.0.1"_s}, 2, &error);
        QVERIFY2(!credentials.isNull(), qPrintable(error));
        QVERIFY(credentials.writeTo(dir.path(), &error));
        auto core = openCore(dir.path(), {{u"remote/listen"_s, u"127.0.0.1:0"_s},
                                          {u"remote/tls_cert"_s, dir.filePath(u"cert.pem"_s)},
                                          {u"remote/tls_key"_s, dir.filePath(u"key.pem"_s)}});
        QVERIFY(core);
        auto endpoint = RemoteEndpoint::start(*core, quickOptions());
        QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().message));
        const QUrl wss = endpoint.value()->url();
        QCOMPARE(wss.scheme(), u"wss"_s);

        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.addCaCertificate(credentials.certificate());
        zk::fleet::RemoteClient client(kToken, trusting);
        QSignalSpy replied(&client, &zk::fleet::RemoteClient::replied);
        client.open(wss);
        const qint64 id = client.call(u"status.get"_s);
        QVERIFY(replied.wait(5000));
        QCOMPARE(replied.first().at(0).toLongLong(), id);
        QCOMPARE(replied.first().at(1).value<QJsonValue>()[u"screen"_s].toString(), u"headless"_s);

        // A console that does not trust the certificate gets no further than the handshake.
        zk::fleet::RemoteClient untrusting(kToken);
        QSignalSpy failed(&untrusting, &zk::fleet::RemoteClient::failed);
        QSignalSpy untrustedReplies(&untrusting, &zk::fleet::RemoteClient::replied);
        untrusting.open(wss);
        untrusting.call(u"status.get"_s);
        QVERIFY(failed.wait(5000));
        QVERIFY(untrustedReplies.isEmpty());
        endpoint.value().reset();
    }

    void realServeAndRemoteBinaries()
    {
        QTemporaryDir dir;
        const QProcessEnvironment env = cleanEnvironment(dir.path());
        QProcess setToken;
        setToken.setProcessEnvironment(env);
        setToken.start(QStringLiteral(ZK_CTL_PATH), {u"fleet"_s, u"set-token"_s});
        setToken.write(kToken + '\n');
        setToken.closeWriteChannel();
        QVERIFY(setToken.waitForFinished(30000));
        QCOMPARE(setToken.exitCode(), 0);

        QProcess serve;
        QProcessEnvironment serveEnv = env;
        serveEnv.insert(u"ZOOKIOSK_REMOTE_LISTEN"_s, u"127.0.0.1:0"_s);
        serve.setProcessEnvironment(serveEnv);
        serve.start(QStringLiteral(ZK_CTL_PATH), {u"serve"_s});
        QString listening;
        QVERIFY(QTest::qWaitFor([&] {
            serve.waitForReadyRead(50);
            listening += QString::fromUtf8(serve.readAllStandardOutput());
            return listening.contains(u'\n') || serve.state() == QProcess::NotRunning;
        }, 20000));
        QVERIFY2(listening.startsWith(u"LISTENING ws://127.0.0.1:"_s),
                 qPrintable(listening + QString::fromUtf8(serve.readAllStandardError())));
        const QString wsUrl = listening.section(u' ', 1).trimmed();

        const auto remote = [&](const QStringList &args, const QByteArray &token) {
            QProcess p;
            QProcessEnvironment e = env;
            e.insert(u"ZOOKIOSK_REMOTE_TOKEN"_s, QString::fromLatin1(token));
            p.setProcessEnvironment(e);
            p.start(QStringLiteral(ZK_CTL_PATH), QStringList{u"remote"_s, wsUrl} + args);
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return std::pair{p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput())};
        };
        const auto [statusCode, status] = remote({u"status.get"_s}, kToken);
        QCOMPARE(statusCode, 0);
        QCOMPARE(status.object().value(u"screen"_s).toString(), u"headless"_s);
        const auto [setCode, set] = remote({u"emergency.set"_s, u"{\"on\": true}"_s}, kToken);
        QCOMPARE(setCode, 0);
        QCOMPARE(set.object().value(u"emergencyMode"_s).toBool(), true);
        const auto [badCode, bad] = remote({u"config.set"_s, u"{\"key\": \"kiosk/language\", \"value\": \"fr\"}"_s},
                                           kToken);
        QCOMPARE(badCode, 1);
        QCOMPARE(bad.object().value(u"error"_s)[u"code"_s].toInt(), -32602);
        const auto [wrongCode, wrong] = remote({u"status.get"_s}, "a-wrong-token-of-some-length");
        QCOMPARE(wrongCode, 1);
        QCOMPARE(wrong.object().value(u"error"_s)[u"code"_s].toInt(), -32002);

        serve.terminate();   // SIGTERM: a clean stop
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRemote)
#include "tst_remote.moc"
