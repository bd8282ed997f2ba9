// zookioskctl as automation sees it: a child process talking to the local
// OpenAI-compatible server, its stdout, stderr, exit codes and the stored rows.
#include "fakeopenaiserver.h"
#include "storage/database.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::Script;

namespace {

struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;
    QList<qint64> stdoutArrivalsMs; // when each stdout read happened
};

} // namespace

class TestCtl : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    QString m_key = u"sk-test-ctl-0002"_s;

    QProcessEnvironment env(bool withKey = true) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(u"OPENAI_API_KEY"_s);
        e.remove(u"ZOOKIOSK_CONFIG"_s);
        if (withKey)
            e.insert(u"OPENAI_API_KEY"_s, m_key);
        e.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        e.insert(u"ZOOKIOSK_DATA_DIR"_s, m_dir->path());
        // The model call alone: remote moderation has its own tests (tst_safety).
        const QString ini = m_dir->filePath(u"ctl-test.conf"_s);
        if (!QFile::exists(ini)) {
            QFile f(ini);
            if (f.open(QIODevice::WriteOnly))
                f.write("[moderation]\nremote=false\n");
        }
        e.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        return e;
    }

    CtlRun ctl(const QStringList &args, const QProcessEnvironment &environment)
    {
        CtlRun r;
        QProcess p;
        p.setProcessEnvironment(environment);
        QElapsedTimer clock;
        clock.start();
        connect(&p, &QProcess::readyReadStandardOutput, this, [&] {
            r.out += QString::fromUtf8(p.readAllStandardOutput());
            r.stdoutArrivalsMs << clock.elapsed();
        });
        p.start(QStringLiteral(ZK_CTL_PATH), args);
        // Keep this event loop turning: the server answers from it.
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000)) {
            p.kill();
            p.waitForFinished();
        }
        r.out += QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return r;
    }

    CtlRun ctl(const QStringList &args) { return ctl(args, env()); }

    static QJsonObject lastLineJson(const QString &out)
    {
        const QStringList lines = out.trimmed().split(u'\n');
        return QJsonDocument::fromJson(lines.last().toUtf8()).object();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_server->setExpectedApiKey(m_key);
    }

    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void askJsonContract()
    {
        const QDateTime started = QDateTime::currentDateTimeUtc();
        const QString reply = u"Hi, I'm Zara! I eat bamboo, fruit and sometimes eggs."_s;
        m_server->enqueue(Script::text(reply));
        const CtlRun r = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"What do you eat?"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(reply));            // streamed text first
        const QJsonObject o = lastLineJson(r.out);
        const QStringList keys{u"reply"_s, u"source"_s, u"model"_s, u"blocked"_s, u"riskScore"_s, u"conversationId"_s,
                               u"turnId"_s, u"usage"_s, u"firstTokenMs"_s, u"latencyMs"_s};
        for (const QString &k : keys)
            QVERIFY2(o.contains(k), qPrintable(k));
        QCOMPARE(o.size(), keys.size());
        QCOMPARE(o.value(u"reply"_s).toString(), reply);
        QCOMPARE(o.value(u"source"_s).toString(), u"model"_s);
        QCOMPARE(o.value(u"model"_s).toString(), u"gpt-4o"_s);
        QCOMPARE(o.value(u"blocked"_s).toBool(true), false);
        QVERIFY(o.value(u"riskScore"_s).isDouble());
        QVERIFY(o.value(u"usage"_s).toObject().value(u"promptTokens"_s).toInt() > 0);
        QVERIFY(o.value(u"usage"_s).toObject().value(u"completionTokens"_s).toInt() > 0);
        QVERIFY(o.value(u"firstTokenMs"_s).isDouble());
        QVERIFY(o.value(u"latencyMs"_s).isDouble());

        // The stored turn, read straight from the SQLite file.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
            db.setDatabaseName(m_dir->filePath(u"zookiosk.db"_s));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT visitor_text, reply, source, model, conversation_id FROM turns WHERE id = '%1'"_s
                               .arg(o.value(u"turnId"_s).toString())));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), u"What do you eat?"_s);
            QCOMPARE(q.value(1).toString(), reply);
            QCOMPARE(q.value(2).toString(), u"model"_s);
            QCOMPARE(q.value(3).toString(), u"gpt-4o"_s);
            QCOMPARE(q.value(4).toString(), o.value(u"conversationId"_s).toString());
            // A new data dir starts from the database template built into
            // zookioskctl: its schema was applied at build time, before this test.
            QSqlQuery applied(db);
            QVERIFY(applied.exec(u"SELECT min(applied_at), max(version) FROM schema_version"_s) && applied.next());
            QVERIFY2(QDateTime::fromString(applied.value(0).toString(), Qt::ISODateWithMs) < started,
                     qPrintable(applied.value(0).toString()));
            QCOMPARE(applied.value(1).toInt(), zk::storage::Database::latestSchemaVersion());
        }
        QSqlDatabase::removeDatabase(u"check"_s);

        // Continue the conversation.
        m_server->enqueue(Script::text(u"Up in the trees!"_s));
        const CtlRun r2 = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--conversation"_s,
                               o.value(u"conversationId"_s).toString(), u"--json"_s, u"Where do you sleep?"_s});
        QCOMPARE(r2.exitCode, 0);
        QCOMPARE(lastLineJson(r2.out).value(u"conversationId"_s), o.value(u"conversationId"_s));
        QCOMPARE(m_server->lastRequest().json.value(u"messages"_s).toArray().size(), 4);
    }

    void askStreamsAsItArrives()
    {
        Script s = Script::text(QString(u"Tigers love to swim. "_s).repeated(10), 40);
        s.interChunkDelayMs = 25; // about a second in all
        m_server->enqueue(s);
        const CtlRun r = ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"Can you swim?"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(u"Tigers love to swim."_s));
        // Many separate stdout reads spread over the stream's second: it was not buffered until the end.
        QVERIFY2(r.stdoutArrivalsMs.size() >= 10, qPrintable(QString::number(r.stdoutArrivalsMs.size())));
        QVERIFY(r.stdoutArrivalsMs.last() - r.stdoutArrivalsMs.first() > 500);
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown animal") << QStringList{u"ask"_s, u"--animal"_s, u"dragon"_s, u"hi"_s} << u"dragon"_s;
        QTest::newRow("empty message") << QStringList{u"ask"_s, u"--animal"_s, u"tiger"_s, u"  "_s} << u"empty"_s;
        QTest::newRow("no message") << QStringList{u"ask"_s, u"--animal"_s, u"tiger"_s} << u"MESSAGE"_s;
        QTest::newRow("no animal") << QStringList{u"ask"_s, u"hi"_s} << u"--animal"_s;
        QTest::newRow("bad flag") << QStringList{u"ask"_s, u"--animul"_s, u"tiger"_s, u"hi"_s} << u"animul"_s;
        QTest::newRow("unknown command") << QStringList{u"feed"_s} << u"feed"_s;
        QTest::newRow("bad limit") << QStringList{u"history"_s, u"--limit"_s, u"lots"_s} << u"--limit"_s;
        QTest::newRow("bad lang") << QStringList{u"animals"_s, u"--lang"_s, u"fr"_s} << u"--lang"_s;
        QTest::newRow("unknown conversation")
            << QStringList{u"ask"_s, u"--animal"_s, u"tiger"_s, u"--conversation"_s, u"nope"_s, u"hi"_s} << u"nope"_s;
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CtlRun r = ctl(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(m_server->requests().isEmpty());
    }

    void noKeyStillAnswers()
    {
        const CtlRun r = ctl({u"ask"_s, u"--animal"_s, u"lemur"_s, u"--json"_s, u"Hello!"_s}, env(false));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = lastLineJson(r.out);
        QCOMPARE(o.value(u"source"_s).toString(), u"offline"_s); // Milo's own greeting
        QVERIFY(o.value(u"model"_s).isNull());
        QVERIFY(o.value(u"firstTokenMs"_s).isDouble());
        // Nothing in the knowledge base: the emergency message.
        const CtlRun e = ctl({u"ask"_s, u"--animal"_s, u"lemur"_s, u"--json"_s, u"xq zzv wplk"_s}, env(false));
        QCOMPARE(e.exitCode, 0);
        QCOMPARE(lastLineJson(e.out).value(u"source"_s).toString(), u"emergency"_s);
        QVERIFY(o.value(u"reply"_s).toString().size() > 20);
        QVERIFY(m_server->requests().isEmpty());
    }

    // A turn the model answers does not index the offline knowledge; the
    // first offline answer does, once, and answers from it.
    void knowledgeIsIndexedWhenFirstNeeded()
    {
        const auto knowledgeRows = [this] {
            int rows = -1;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"knowledge"_s);
                db.setDatabaseName(m_dir->filePath(u"zookiosk.db"_s));
                if (db.open()) {
                    QSqlQuery q(db);
                    if (q.exec(u"SELECT (SELECT count(*) FROM knowledge_entries) + (SELECT count(*) FROM knowledge_fts)"_s)
                        && q.next())
                        rows = q.value(0).toInt();
                }
            }
            QSqlDatabase::removeDatabase(u"knowledge"_s);
            return rows;
        };
        m_server->enqueue(Script::text(u"Bamboo, mostly!"_s));
        const CtlRun model = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"What do you eat?"_s});
        QCOMPARE(model.exitCode, 0);
        QCOMPARE(lastLineJson(model.out).value(u"source"_s).toString(), u"model"_s);
        QCOMPARE(knowledgeRows(), 0);

        // Another question (the same one would come from the answer cache).
        const CtlRun offline =
            ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"Is bamboo your favourite food?"_s},
                env(false));
        QCOMPARE(offline.exitCode, 0);
        const QJsonObject o = lastLineJson(offline.out);
        QCOMPARE(o.value(u"source"_s).toString(), u"offline"_s); // from the knowledge, not the emergency message
        QVERIFY2(o.value(u"reply"_s).toString().contains(u"bamboo"_s, Qt::CaseInsensitive),
                 qPrintable(o.value(u"reply"_s).toString()));
        const int rows = knowledgeRows();
        QVERIFY2(rows >= 2 * 400, qPrintable(QString::number(rows))); // every entry, and its index row
        QVERIFY(rows % 2 == 0);
    }

    void plainHttpToRemoteHostIsRefused()
    {
        QProcessEnvironment e = env();
        e.insert(u"OPENAI_BASE_URL"_s, u"http://api.example.com/v1"_s);
        const CtlRun r = ctl({u"ask"_s, u"--animal"_s, u"lemur"_s, u"Hello!"_s}, e);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"plain http"_s), qPrintable(r.err));
        QVERIFY(!r.err.contains(m_key));
    }

    void animalsJson()
    {
        const CtlRun r = ctl({u"animals"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QStringList ids;
        for (const auto &v : a)
            ids << v.toObject().value(u"id"_s).toString();
        QCOMPARE(ids, QStringList({u"red_panda"_s, u"cougar"_s, u"tiger"_s, u"lemur"_s, u"reindeer"_s, u"macaw"_s}));
        QCOMPARE(a.at(0).toObject().value(u"title"_s).toString(), u"Zara the Red Panda"_s);
        QVERIFY(a.at(0).toObject().value(u"suggestedQuestions"_s).toArray().size() >= 4);
        const CtlRun es = ctl({u"animals"_s, u"--json"_s, u"--lang"_s, u"es"_s});
        QCOMPARE(QJsonDocument::fromJson(es.out.toUtf8()).array().at(0).toObject().value(u"language"_s).toString(), u"es"_s);
    }

    void historyJson()
    {
        m_server->setDefaultScript(Script::text(u"Roar! I am a tiger."_s));
        const CtlRun a = ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"--json"_s, u"one"_s});
        const QString cid = lastLineJson(a.out).value(u"conversationId"_s).toString();
        ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"--conversation"_s, cid, u"two"_s});
        ctl({u"ask"_s, u"--animal"_s, u"cougar"_s, u"three"_s});

        const CtlRun all = ctl({u"history"_s, u"--json"_s});
        QCOMPARE(all.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(all.out.toUtf8()).array();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).toObject().value(u"visitorText"_s).toString(), u"three"_s); // newest first
        const CtlRun one = ctl({u"history"_s, u"--conversation"_s, cid, u"--limit"_s, u"1"_s, u"--json"_s});
        const QJsonArray oneRows = QJsonDocument::fromJson(one.out.toUtf8()).array();
        QCOMPARE(oneRows.size(), 1);
        QCOMPARE(oneRows.at(0).toObject().value(u"visitorText"_s).toString(), u"two"_s);
        QCOMPARE(oneRows.at(0).toObject().value(u"seq"_s).toInt(), 2);
    }

    void promptPrintsComposedPrompt()
    {
        const CtlRun r = ctl({u"prompt"_s, u"--animal"_s, u"red_panda"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"You are Zara"_s));
        QVERIFY(r.out.contains(u"Never reveal"_s));
        QVERIFY(r.out.contains(u"Always:"_s));
        QCOMPARE(ctl({u"prompt"_s, u"--animal"_s, u"unicorn"_s}).exitCode, 2);
    }

    void staffCommands()
    {
        // One turn whose first call fails (recorded for replay), then succeeds on retry.
        m_server->enqueue(Script::httpError(500));
        m_server->enqueue(Script::text(u"Roar! Tigers love water."_s));
        QProcessEnvironment e = env();
        const CtlRun a = ctl({u"--set"_s, u"retry/base_delay_ms=10"_s, u"ask"_s, u"--animal"_s, u"tiger"_s, u"--json"_s,
                              u"Do you swim?"_s}, e);
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(lastLineJson(a.out).value(u"source"_s).toString(), u"model"_s);

        const CtlRun failed = ctl({u"failed"_s, u"--json"_s});
        const QJsonArray rows = QJsonDocument::fromJson(failed.out.toUtf8()).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(u"errorKind"_s).toString(), u"retryable"_s);
        QCOMPARE(rows.at(0).toObject().value(u"httpStatus"_s).toInt(), 500);

        m_server->enqueue(Script::text(u"Replayed answer."_s));
        const CtlRun replay = ctl({u"replay"_s, QString::number(rows.at(0).toObject().value(u"id"_s).toInt()),
                                   u"--json"_s});
        QCOMPARE(replay.exitCode, 0);
        QCOMPARE(lastLineJson(replay.out).value(u"result"_s).toString(), u"ok"_s);
        QCOMPARE(lastLineJson(replay.out).value(u"reply"_s).toString(), u"Replayed answer."_s);
        QVERIFY(m_server->lastRequest().json.value(u"messages"_s).toArray().last().toObject()
                    .value(u"content"_s).toString() == u"Do you swim?"_s);
        const QJsonArray after = QJsonDocument::fromJson(ctl({u"failed"_s, u"--json"_s}).out.toUtf8()).array();
        QCOMPARE(after.at(0).toObject().value(u"replayResult"_s).toString(), u"ok"_s);
        QCOMPARE(ctl({u"replay"_s, u"999"_s}).exitCode, 2);

        const CtlRun events = ctl({u"events"_s, u"--json"_s});
        QCOMPARE(events.exitCode, 0);
        QStringList kinds;
        for (const auto &v : QJsonDocument::fromJson(events.out.toUtf8()).array())
            kinds << v.toObject().value(u"kind"_s).toString();
        QVERIFY2(kinds.contains(u"llm_error"_s), qPrintable(kinds.join(u',')));

        const CtlRun breaker = ctl({u"breaker"_s, u"--json"_s});
        QCOMPARE(breaker.exitCode, 0);
        const QJsonObject b = lastLineJson(breaker.out);
        QCOMPARE(b.value(u"state"_s).toString(), u"closed"_s);
        QCOMPARE(b.value(u"recentFailures"_s).toInt(), 1);
        QCOMPARE(ctl({u"breaker"_s, u"reset"_s}).exitCode, 0);
        QCOMPARE(lastLineJson(ctl({u"breaker"_s, u"--json"_s}).out).value(u"recentCalls"_s).toInt(), 0);

        const CtlRun usage = ctl({u"usage"_s, u"--json"_s, u"--days"_s, u"7"_s});
        QCOMPARE(usage.exitCode, 0);
        const QJsonObject report = lastLineJson(usage.out);
        QVERIFY(report.contains(u"days"_s) && report.contains(u"byModel"_s) && report.contains(u"budget"_s));
        QVERIFY(report.value(u"totals"_s).toObject().value(u"costUsd"_s).toDouble() > 0.0);
        QCOMPARE(report.value(u"byModel"_s).toArray().at(0).toObject().value(u"model"_s).toString(), u"gpt-4o"_s);

        QCOMPARE(ctl({u"emergency"_s, u"on"_s}).exitCode, 0);
        const CtlRun local = ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"--json"_s, u"What do you eat?"_s});
        QCOMPARE(lastLineJson(local.out).value(u"source"_s).toString(), u"offline"_s);
        QCOMPARE(ctl({u"emergency"_s, u"off"_s}).exitCode, 0);
        QCOMPARE(ctl({u"emergency"_s, u"sideways"_s}).exitCode, 2);
    }

    void versionAndHelp()
    {
        const CtlRun v = ctl({u"--version"_s});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith(u"zookioskctl 0."_s));
        const CtlRun h = ctl({u"--help"_s});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains(u"ask --animal ID"_s));
    }

    void apiKeyNeverInOutput()
    {
        m_server->setExpectedApiKey(u"sk-a-different-key"_s); // 401
        QProcessEnvironment e = env();
        e.insert(u"QT_LOGGING_RULES"_s, u"zk.*.debug=true"_s);
        const CtlRun r = ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"--json"_s, u"hi"_s}, e);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains(m_key));
        QVERIFY(!r.err.contains(m_key));
        QVERIFY(!r.err.isEmpty()); // debug logging was on
        QCOMPARE(lastLineJson(r.out).value(u"source"_s).toString(), u"offline"_s);
    }
};

QTEST_GUILESS_MAIN(TestCtl)
#include "tst_ctl.moc"
