#include "core/config.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::ConfigLoader;

class TestConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeIni(const QByteArray &content)
    {
        const QString path = m_dir.filePath(u"zookiosk-%1.conf"_s.arg(++m_count));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return path;
    }
    int m_count = 0;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void defaults()
    {
        const auto out = ConfigLoader::load({}, QProcessEnvironment());
        QCOMPARE(out.config.baseUrl, QUrl(u"https://api.openai.com/v1"_s));
        QCOMPARE(out.config.modelChain, QStringList({u"gpt-4o"_s, u"gpt-4o-mini"_s}));
        QCOMPARE(out.config.connectTimeoutMs, 5000);
        QCOMPARE(out.config.firstByteTimeoutMs, 10000);
        QCOMPARE(out.config.betweenChunksTimeoutMs, 15000);
        QCOMPARE(out.config.turnDeadlineMs, 12000);
        QCOMPARE(out.config.contextMaxTurns, 10);
        QCOMPARE(out.config.summaryThresholdTokens, 2000);
        QVERIFY(out.config.apiKey.isEmpty());
        QVERIFY(!out.config.dataDir.isEmpty());
        QVERIFY(out.config.databasePath().endsWith(u"/zookiosk.db"_s));
        QVERIFY(out.warnings.isEmpty());
        QVERIFY(out.fatalError.isEmpty());
    }

    void precedenceFlagOverEnvOverFileOverDefault()
    {
        const QString ini = writeIni("[openai]\nbase_url=https://file.example/v1\n"
                                     "[models]\nchain=\"file-a,file-b\"\n"
                                     "[generation]\ntemperature=0.3\nmax_output_tokens=111\n"
                                     "[storage]\ndata_dir=/tmp/from-file\n");
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        env.insert(u"OPENAI_BASE_URL"_s, u"https://env.example/v1"_s);
        env.insert(u"ZOOKIOSK_DATA_DIR"_s, u"/tmp/from-env"_s);
        env.insert(u"OPENAI_API_KEY"_s, u"sk-test-123"_s);

        auto out = ConfigLoader::load({}, env);
        QCOMPARE(out.config.configFile, QFileInfo(ini).absoluteFilePath());
        QCOMPARE(out.config.baseUrl.host(), u"env.example"_s);          // env beats file
        QCOMPARE(out.config.modelChain, QStringList({u"file-a"_s, u"file-b"_s})); // file beats default
        QCOMPARE(out.config.temperature, 0.3);
        QCOMPARE(out.config.maxOutputTokens, 111);
        QCOMPARE(out.config.dataDir, u"/tmp/from-env"_s);
        QCOMPARE(out.config.apiKey, u"sk-test-123"_s);

        QMap<QString, QString> flags{{u"openai/base_url"_s, u"https://flag.example/v1"_s},
                                     {u"storage/data_dir"_s, u"/tmp/from-flag"_s},
                                     {u"models/chain"_s, u"flag-model"_s}};
        out = ConfigLoader::load(flags, env);
        QCOMPARE(out.config.baseUrl.host(), u"flag.example"_s);          // flag beats env
        QCOMPARE(out.config.dataDir, u"/tmp/from-flag"_s);
        QCOMPARE(out.config.modelChain, QStringList({u"flag-model"_s}));
        QVERIFY2(out.warnings.isEmpty(), qPrintable(out.warnings.join(u'\n')));
    }

    void configFlagBeatsEnvironmentFile()
    {
        const QString a = writeIni("[generation]\nmax_output_tokens=200\n");
        const QString b = writeIni("[generation]\nmax_output_tokens=222\n");
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, a);
        const auto out = ConfigLoader::load({{u"config"_s, b}}, env);
        QCOMPARE(out.config.maxOutputTokens, 222);
    }

    void malformedValuesNameTheKeyAndKeepDefaults()
    {
        const QString ini = writeIni("[timeouts]\nconnect_ms=soon\nturn_deadline_ms=-4\n"
                                     "[generation]\ntemperature=hot\n[openai]\napi=carrier-pigeon\n"
                                     "[mystery]\nkey=1\n");
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        const auto out = ConfigLoader::load({}, env);
        QCOMPARE(out.config.connectTimeoutMs, 5000);
        QCOMPARE(out.config.turnDeadlineMs, 12000);
        QCOMPARE(out.config.temperature, 0.7);
        QCOMPARE(out.config.api, zk::llm::ApiFlavor::ChatCompletions);
        const QString all = out.warnings.join(u'\n');
        QVERIFY2(all.contains(u"timeouts/connect_ms"_s) && all.contains(u"soon"_s), qPrintable(all));
        QVERIFY(all.contains(u"timeouts/turn_deadline_ms"_s));
        QVERIFY(all.contains(u"generation/temperature"_s));
        QVERIFY(all.contains(u"openai/api"_s));
        QVERIFY(all.contains(u"mystery/key"_s));
        QCOMPARE(out.warnings.size(), 5);
        QVERIFY(out.fatalError.isEmpty());
    }

    void malformedFlagFallsBackToFileValue()
    {
        const QString ini = writeIni("[context]\nmax_turns=7\n");
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        const auto out = ConfigLoader::load({{u"context/max_turns"_s, u"many"_s}}, env);
        QCOMPARE(out.config.contextMaxTurns, 7);
        QCOMPARE(out.warnings.size(), 1);
    }

    void unreadableConfigFileWarns()
    {
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, m_dir.filePath(u"missing.conf"_s));
        const auto out = ConfigLoader::load({}, env);
        QCOMPARE(out.warnings.size(), 1);
        QVERIFY(out.warnings.first().contains(u"missing.conf"_s));
    }

    void resilienceAndCostSettings()
    {
        const QString ini = writeIni("[budget]\ndaily_usd=2.5\nmonthly_usd=40\n"
                                     "[prices]\ngpt-4o=\"2.5,10\"\nbroken-model=cheap\n"
                                     "[kiosk]\nemergency_mode=on\n[cache]\nenabled=false\nttl_hours=6\n"
                                     "[breaker]\nfailure_ratio=2\n");
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        const auto out = ConfigLoader::load({{u"prices/gpt-4o-mini"_s, u"0.15,0.6"_s}}, env);
        QCOMPARE(out.config.budgetDailyUsd, 2.5);
        QCOMPARE(out.config.budgetMonthlyUsd, 40.0);
        QCOMPARE(out.config.priceOverrides.value(u"gpt-4o"_s), qMakePair(2.5, 10.0));
        QCOMPARE(out.config.priceOverrides.value(u"gpt-4o-mini"_s), qMakePair(0.15, 0.6));
        QVERIFY(!out.config.priceOverrides.contains(u"broken-model"_s));
        QVERIFY(out.config.emergencyMode);
        QVERIFY(!out.config.cacheEnabled);
        QCOMPARE(out.config.cacheTtlHours, 6);
        QCOMPARE(out.config.breakerFailureRatio, 0.5);
        const QString all = out.warnings.join(u'\n');
        QVERIFY2(all.contains(u"prices/broken-model"_s) && all.contains(u"breaker/failure_ratio"_s), qPrintable(all));
        QCOMPARE(out.warnings.size(), 2);
        QVERIFY(ConfigLoader::isKnownKey(u"prices/some-model"_s));
        QVERIFY(!ConfigLoader::isKnownKey(u"prices/"_s));
        QVERIFY(!ConfigLoader::isKnownKey(u"budget/weekly_usd"_s));
    }

    void safetySettings()
    {
        const QString ini = writeIni("[moderation]\nremote=off\ntimeout_ms=1500\nblock\\violence=0.4\n"
                                     "block\\self-harm\\intent=0.1\nblock\\sexual=7\n"
                                     "[safety]\nself_harm_reply_es=\"Habla con un adulto.\"\n");
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        const auto out = ConfigLoader::load({{u"moderation/block/hate"_s, u"0.2"_s},
                                             {u"moderation/block/Bad Name"_s, u"0.2"_s}}, env);
        QVERIFY(!out.config.moderationRemote);
        QCOMPARE(out.config.moderationTimeoutMs, 1500);
        QCOMPARE(out.config.moderationModel, u"omni-moderation-latest"_s);
        QCOMPARE(out.config.moderationBlockThresholds.value(u"violence"_s), 0.4);
        QCOMPARE(out.config.moderationBlockThresholds.value(u"self-harm/intent"_s), 0.1);
        QCOMPARE(out.config.moderationBlockThresholds.value(u"hate"_s), 0.2);
        QVERIFY(!out.config.moderationBlockThresholds.contains(u"sexual"_s));
        QCOMPARE(out.config.selfHarmReplyEs, u"Habla con un adulto."_s);
        QVERIFY(out.config.selfHarmReplyEn.isEmpty());
        const QString all = out.warnings.join(u'\n');
        QVERIFY2(all.contains(u"moderation/block/sexual"_s) && all.contains(u"moderation/block/Bad Name"_s),
                 qPrintable(all));
        QCOMPARE(out.warnings.size(), 2);
        QVERIFY(ConfigLoader::isKnownKey(u"moderation/block/violence/graphic"_s));
        QVERIFY(!ConfigLoader::isKnownKey(u"moderation/block/"_s));
    }

    void responsesApiSelectable()
    {
        const auto out = ConfigLoader::load({{u"openai/api"_s, u"responses"_s}}, QProcessEnvironment());
        QCOMPARE(out.config.api, zk::llm::ApiFlavor::Responses);
    }

    void baseUrlSchemes_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("https remote") << u"https://api.openai.com/v1"_s << true;
        QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8080/v1"_s << true;
        QTest::newRow("http 127.5.6.7") << u"http://127.5.6.7:8080/v1"_s << true;
        QTest::newRow("http localhost") << u"http://localhost:9/v1"_s << true;
        QTest::newRow("http ::1") << u"http://[::1]:8080/v1"_s << true;
        QTest::newRow("http remote") << u"http://api.openai.com/v1"_s << false;
        QTest::newRow("http lan") << u"http://192.168.1.20/v1"_s << false;
        QTest::newRow("http lookalike") << u"http://localhost.evil.example/v1"_s << false;
        QTest::newRow("ftp") << u"ftp://127.0.0.1/v1"_s << false;
    }

    void baseUrlSchemes()
    {
        QFETCH(QString, url);
        QFETCH(bool, accepted);
        QProcessEnvironment env;
        env.insert(u"OPENAI_BASE_URL"_s, url);
        const auto out = ConfigLoader::load({}, env);
        QCOMPARE(out.fatalError.isEmpty(), accepted);
        if (!accepted)
            QVERIFY(out.fatalError.contains(QUrl(url).host()));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
