// The API key and the staff PIN as an operator handles them with zookioskctl:
// read from stdin only, stored sealed or hashed, never found in plain text in
// any file of the data dir, the config or the logs of a full run.
#include "fakeopenaiserver.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::Script;

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    const QString m_storedKey = u"sk-proj-STOREDSECRET-7c1d"_s;
    QStringList m_logs; // every stdout and stderr of the run

    QProcessEnvironment env(const QString &envKey = {}) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(u"OPENAI_API_KEY"_s);
        if (!envKey.isEmpty())
            e.insert(u"OPENAI_API_KEY"_s, envKey);
        e.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        e.insert(u"ZOOKIOSK_DATA_DIR"_s, m_dir->filePath(u"data"_s));
        e.insert(u"ZOOKIOSK_CONFIG"_s, m_dir->filePath(u"kiosk.conf"_s));
        e.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s); // the most talkative logs
        return e;
    }

    Run ctl(const QStringList &args, const QByteArray &stdinBytes = {}, const QString &envKey = {})
    {
        Run r;
        QProcess p;
        p.setProcessEnvironment(env(envKey));
        p.start(QStringLiteral(ZK_CTL_PATH), args);
        p.write(stdinBytes);
        p.closeWriteChannel();
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000)) {
            p.kill();
            p.waitForFinished();
        }
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        m_logs << r.out << r.err;
        return r;
    }

    // Every file under the temporary dir (data dir, config) holding `needle`.
    QStringList filesContaining(const QByteArray &needle) const
    {
        QStringList found;
        QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                found << f.fileName();
        }
        return found;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(QDir(m_dir->path()).mkpath(u"data"_s));
        QFile conf(m_dir->filePath(u"kiosk.conf"_s));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("[moderation]\nremote=false\n");
        conf.close();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_logs.clear();
    }

    void storedKeyIsUsedAndNeverInPlainText()
    {
        // Not from argv.
        QCOMPARE(ctl({u"set-api-key"_s, m_storedKey}).exitCode, 2);
        const Run set = ctl({u"set-api-key"_s}, m_storedKey.toUtf8() + "\n");
        QCOMPARE(set.exitCode, 0);
        QVERIFY2(set.out.contains(u"\u20267c1d"_s), qPrintable(set.out));

        // The stored key reaches the API (the server accepts only it).
        m_server->setExpectedApiKey(m_storedKey);
        m_server->enqueue(Script::text(u"Bamboo is my favourite!"_s, 4));
        const Run ask = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"What do you eat?"_s});
        QCOMPARE(ask.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(ask.out.split(u'\n', Qt::SkipEmptyParts).last().toUtf8()).object();
        QCOMPARE(result.value(u"source"_s).toString(), u"model"_s);
        QCOMPARE(m_server->lastRequest().path, QByteArray("/v1/chat/completions"));

        const Run status = ctl({u"admin"_s, u"status"_s, u"--json"_s});
        const QJsonObject s = QJsonDocument::fromJson(status.out.toUtf8()).object();
        QCOMPARE(s.value(u"apiKey"_s).toString(), u"\u20267c1d"_s);
        QCOMPARE(s.value(u"apiKeySource"_s).toString(), u"stored"_s);

        // Nowhere in plain text: no file under the data dir or config, no log line.
        QCOMPARE(filesContaining(m_storedKey.toUtf8()), QStringList());
        QCOMPARE(filesContaining("STOREDSECRET"), QStringList());
        for (const QString &log : std::as_const(m_logs))
            QVERIFY2(!log.contains(u"STOREDSECRET"_s), qPrintable(log));
    }

    void environmentKeyWins()
    {
        QCOMPARE(ctl({u"set-api-key"_s}, m_storedKey.toUtf8() + "\n").exitCode, 0);
        const QString envKey = u"sk-env-key-0042"_s;
        m_server->setExpectedApiKey(envKey);
        m_server->enqueue(Script::text(u"Hello from the treetops!"_s, 2));
        const Run ask = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"Hi!"_s}, {}, envKey);
        QCOMPARE(ask.exitCode, 0);
        QVERIFY2(ask.out.contains(u"\"source\":\"model\""_s), qPrintable(ask.out));
        const Run status = ctl({u"admin"_s, u"status"_s, u"--json"_s}, {}, envKey);
        QVERIFY(status.out.contains(u"\"apiKeySource\":\"environment\""_s));
    }

    // The Health page's connection test: GET /v1/models with the kiosk's key.
    void healthChecksTheConnection()
    {
        QCOMPARE(ctl({u"set-api-key"_s}, m_storedKey.toUtf8() + "\n").exitCode, 0);
        m_server->setExpectedApiKey(m_storedKey);
        m_server->setModels({u"gpt-4o"_s, u"gpt-4o-mini"_s, u"omni-moderation-latest"_s});
        const Run ok = ctl({u"health"_s, u"--check-connection"_s, u"--json"_s});
        QCOMPARE(ok.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(ok.out.toUtf8()).object();
        const QJsonObject connection = report.value(u"connection"_s).toObject();
        QCOMPARE(connection.value(u"ok"_s).toBool(), true);
        QCOMPARE(connection.value(u"models"_s).toInt(), 3);
        QCOMPARE(m_server->lastRequest().path, QByteArray("/v1/models"));
        QCOMPARE(report.value(u"apiKeySource"_s).toString(), u"stored"_s);
        QVERIFY(report.value(u"database"_s).toObject().value(u"integrityOk"_s).toBool());
        QVERIFY(report.contains(u"breaker"_s) && report.contains(u"rateLimitHeadroom"_s));

        m_server->setExpectedApiKey(u"sk-some-other-key"_s); // the stored key is refused: 401
        const Run refused = ctl({u"health"_s, u"--check-connection"_s, u"--json"_s});
        QCOMPARE(refused.exitCode, 1);
        const QJsonObject bad = QJsonDocument::fromJson(refused.out.toUtf8()).object().value(u"connection"_s).toObject();
        QCOMPARE(bad.value(u"ok"_s).toBool(), false);
        QCOMPARE(bad.value(u"httpStatus"_s).toInt(), 401);
        QCOMPARE(bad.value(u"errorKind"_s).toString(), u"unauthorized"_s);
        QVERIFY(!refused.out.contains(u"STOREDSECRET"_s));
    }

    void pinFromStdinStoredHashed()
    {
        QCOMPARE(ctl({u"admin"_s, u"set-pin"_s}, "1234\n").exitCode, 2); // too short: a clear refusal
        const Run set = ctl({u"admin"_s, u"set-pin"_s}, "583920\n");
        QCOMPARE(set.exitCode, 0);
        const Run status = ctl({u"admin"_s, u"status"_s, u"--json"_s});
        QVERIFY(status.out.contains(u"\"pinSet\":true"_s));
        QCOMPARE(filesContaining("583920"), QStringList());
        for (const QString &log : std::as_const(m_logs))
            QVERIFY(!log.contains(u"583920"_s));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
