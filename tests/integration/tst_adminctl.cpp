// The admin panel's actions from a script (issue 6): guardrail edits change
// the composed prompt and persist; history filters and exports hold exactly
// the filtered turns. zookioskctl runs as a child process, offline (no key):
// the animals answer from their knowledge base and every turn is stored.
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

class TestAdminCtl : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run ctl(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(u"OPENAI_API_KEY"_s);
        e.remove(u"ZOOKIOSK_CONFIG"_s);
        e.insert(u"ZOOKIOSK_DATA_DIR"_s, m_dir->path());
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(ZK_CTL_PATH), args);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000))
            p.kill();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void guardrailEditsChangeThePrompt()
    {
        const QString text = u"Never call yourself a house cat."_s;
        QVERIFY(!ctl({u"prompt"_s, u"--animal"_s, u"tiger"_s}).out.contains(text));
        const Run added = ctl({u"guardrails"_s, u"add"_s, u"--type"_s, u"NEVER"_s, u"--animal"_s, u"tiger"_s,
                               u"--json"_s, text});
        QCOMPARE(added.exitCode, 0);
        const qint64 id = QJsonDocument::fromJson(added.out.toUtf8()).object().value(u"id"_s).toInteger();
        QVERIFY(id > 0);
        QVERIFY(ctl({u"prompt"_s, u"--animal"_s, u"tiger"_s}).out.contains(text));       // persisted
        QVERIFY(!ctl({u"prompt"_s, u"--animal"_s, u"red_panda"_s}).out.contains(text));  // tiger's own
        QCOMPARE(ctl({u"guardrails"_s, u"disable"_s, QString::number(id)}).exitCode, 0);
        QVERIFY(!ctl({u"prompt"_s, u"--animal"_s, u"tiger"_s}).out.contains(text));
        QCOMPARE(ctl({u"guardrails"_s, u"set"_s, QString::number(id), u"--global"_s}).exitCode, 0);
        QCOMPARE(ctl({u"guardrails"_s, u"enable"_s, QString::number(id)}).exitCode, 0);
        QVERIFY(ctl({u"prompt"_s, u"--animal"_s, u"red_panda"_s}).out.contains(text)); // now global
        QCOMPARE(ctl({u"guardrails"_s, u"delete"_s, QString::number(id)}).exitCode, 0);
        QVERIFY(!ctl({u"prompt"_s, u"--animal"_s, u"red_panda"_s}).out.contains(text));
        // Bad input: a clear refusal, exit 2.
        QCOMPARE(ctl({u"guardrails"_s, u"add"_s, u"--type"_s, u"MAYBE"_s, u"x"_s}).exitCode, 2);
        QCOMPARE(ctl({u"guardrails"_s, u"add"_s, u"--type"_s, u"NEVER"_s, u"   "_s}).exitCode, 2);
        QCOMPARE(ctl({u"guardrails"_s, u"delete"_s, u"99999"_s}).exitCode, 2);
        const Run events = ctl({u"events"_s, u"--json"_s});
        QVERIFY(events.out.contains(u"guardrail_deleted"_s));
    }

    void animalEditsMakeANewPromptVersion()
    {
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"lemur"_s, u"--json"_s, u"What do you eat?"_s}).exitCode, 0);
        const Run edited = ctl({u"animals"_s, u"set"_s, u"lemur"_s, u"personality"_s,
                                u"Sunny, bouncy and very fond of sunbathing with friends."_s});
        QCOMPARE(edited.exitCode, 0);
        const Run facts = ctl({u"animals"_s, u"set"_s, u"lemur"_s, u"facts"_s, u"--lang"_s, u"es"_s,
                               u"[\"Los lémures viven solo en Madagascar.\"]"_s});
        QCOMPARE(facts.exitCode, 0);
        QVERIFY(ctl({u"prompt"_s, u"--animal"_s, u"lemur"_s}).out.contains(u"fond of sunbathing"_s));
        QVERIFY(ctl({u"prompt"_s, u"--animal"_s, u"lemur"_s, u"--lang"_s, u"es"_s}).out.contains(u"solo en Madagascar"_s));
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"lemur"_s, u"--json"_s, u"Do you like the sun?"_s}).exitCode, 0);
        const QJsonArray turns = QJsonDocument::fromJson(
            ctl({u"history"_s, u"--animal"_s, u"lemur"_s, u"--json"_s}).out.toUtf8()).array();
        QCOMPARE(turns.size(), 2);
        const QString after = turns.at(0).toObject().value(u"promptVersion"_s).toString();
        const QString before = turns.at(1).toObject().value(u"promptVersion"_s).toString();
        QVERIFY(!after.isEmpty() && !before.isEmpty());
        QVERIFY(after != before); // each turn records the prompt version it used

        QCOMPARE(ctl({u"animals"_s, u"set"_s, u"lemur"_s, u"facts"_s, u"not json"_s}).exitCode, 2);
        QCOMPARE(ctl({u"animals"_s, u"set"_s, u"lemur"_s, u"name"_s, u"  "_s}).exitCode, 2);
        QCOMPARE(ctl({u"animals"_s, u"set"_s, u"lemur"_s, u"wings"_s, u"two"_s}).exitCode, 2);
        QCOMPARE(ctl({u"animals"_s, u"set"_s, u"dodo"_s, u"name"_s, u"Dodo"_s}).exitCode, 2);
        QCOMPARE(ctl({u"animals"_s, u"disable"_s, u"lemur"_s}).exitCode, 0);
        const QJsonArray all = QJsonDocument::fromJson(ctl({u"animals"_s, u"--json"_s}).out.toUtf8()).array();
        bool lemurActive = true;
        for (const QJsonValue &a : all)
            if (a.toObject().value(u"id"_s).toString() == u"lemur")
                lemurActive = a.toObject().value(u"active"_s).toBool();
        QVERIFY(!lemurActive);
    }

    void settingsAreValidatedStoredAndApplied()
    {
        QCOMPARE(ctl({u"config"_s, u"set"_s, u"budget/daily_usd"_s, u"7.25"_s}).exitCode, 0);
        const Run usage = ctl({u"usage"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(usage.out.toUtf8()).object().value(u"budget"_s).toObject()
                     .value(u"dailyUsd"_s).toDouble(), 7.25); // applied at the next start
        const Run get = ctl({u"config"_s, u"get"_s, u"budget/daily_usd"_s, u"--json"_s});
        const QJsonObject entry = QJsonDocument::fromJson(get.out.toUtf8()).object().value(u"budget/daily_usd"_s).toObject();
        QCOMPARE(entry.value(u"value"_s).toString(), u"7.25"_s);
        QCOMPARE(entry.value(u"source"_s).toString(), u"staff"_s);

        // Refused with a message naming the problem; nothing stored.
        const Run bad = ctl({u"config"_s, u"set"_s, u"timeouts/connect_ms"_s, u"fast"_s});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(u"whole number"_s), qPrintable(bad.err));
        QCOMPARE(ctl({u"config"_s, u"set"_s, u"no/such_key"_s, u"1"_s}).exitCode, 2);
        // Where the API key goes is not a staff setting.
        QCOMPARE(ctl({u"config"_s, u"set"_s, u"openai/base_url"_s, u"https://elsewhere.example/v1"_s}).exitCode, 2);
        const Run all = ctl({u"config"_s, u"get"_s, u"--json"_s});
        const QJsonObject values = QJsonDocument::fromJson(all.out.toUtf8()).object();
        QVERIFY(values.contains(u"models/chain"_s));
        QVERIFY(!values.contains(u"openai/base_url"_s));
        QCOMPARE(values.value(u"timeouts/connect_ms"_s).toObject().value(u"value"_s).toString(), u"5000"_s);

        QCOMPARE(ctl({u"config"_s, u"unset"_s, u"budget/daily_usd"_s}).exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(ctl({u"usage"_s, u"--json"_s}).out.toUtf8()).object().value(u"budget"_s)
                     .toObject().value(u"dailyUsd"_s).toDouble(), 5.0);
    }

    // Turns older than the retention period go, once a day, when the core
    // opens (and hourly checks in a kiosk that runs for days).
    void oldTurnsArePurged()
    {
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"macaw"_s, u"Can you talk?"_s}).exitCode, 0);
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"macaw"_s, u"What colours are you?"_s}).exitCode, 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"age"_s);
            db.setDatabaseName(m_dir->filePath(u"zookiosk.db"_s));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"UPDATE turns SET created_at = '2020-01-01T10:00:00.000Z' WHERE visitor_text = 'Can you talk?'"_s));
            QVERIFY(q.exec(u"INSERT INTO events (created_at, severity, category, kind, message) VALUES "
                           "('2020-01-01T10:00:00.000Z', 'info', 'remote', 'remote_call', 'an old remote call')"_s));
            QVERIFY(q.exec(u"DELETE FROM settings WHERE key = 'history_last_purge'"_s));
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"age"_s);
        QCOMPARE(ctl({u"config"_s, u"set"_s, u"history/retention_days"_s, u"0"_s}).exitCode, 2); // 1..3650
        const QJsonArray turns = QJsonDocument::fromJson(ctl({u"history"_s, u"--json"_s}).out.toUtf8()).array();
        QCOMPARE(turns.size(), 1);
        QCOMPARE(turns.first().toObject().value(u"visitorText"_s).toString(), u"What colours are you?"_s);
        // The events log keeps the same period.
        const QString events = ctl({u"events"_s, u"--json"_s}).out;
        QVERIFY(events.contains(u"history_purged"_s));
        QVERIFY(events.contains(u"1 turns and 1 events older than 30 days"_s));
        QVERIFY(!events.contains(u"an old remote call"_s));
    }

    void exportHoldsTheFilteredTurns()
    {
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"What do you eat?"_s}).exitCode, 0);
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"How fast can you run?"_s}).exitCode, 0);
        QCOMPARE(ctl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"Do you like water?"_s}).exitCode, 0);

        const Run tigers = ctl({u"history"_s, u"--animal"_s, u"tiger"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(tigers.out.toUtf8()).array().size(), 2);

        const QString csvPath = m_dir->filePath(u"tigers.csv"_s);
        QCOMPARE(ctl({u"export"_s, u"--format"_s, u"csv"_s, u"--animal"_s, u"tiger"_s, u"--out"_s, csvPath}).exitCode, 0);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(u"\r\n"_s, Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header + the two tiger turns
        QVERIFY(lines.at(1).contains(u",tiger,"_s) && lines.at(2).contains(u",tiger,"_s));
        QVERIFY(!lines.join(u'\n').contains(u"What do you eat?"_s));

        const Run json = ctl({u"export"_s, u"--format"_s, u"json"_s, u"--search"_s, u"water"_s});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().toObject().value(u"visitorText"_s).toString(), u"Do you like water?"_s);
        QCOMPARE(rows.first().toObject().value(u"animal"_s).toString(), u"tiger"_s);

        QCOMPARE(ctl({u"export"_s, u"--format"_s, u"xml"_s}).exitCode, 2);
        QCOMPARE(ctl({u"history"_s, u"--from"_s, u"yesterday"_s}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestAdminCtl)
#include "tst_adminctl.moc"
