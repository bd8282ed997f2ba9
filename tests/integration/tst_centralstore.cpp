// The central store against a real PostgreSQL server (pgserver.h) started by
// the test on 127.0.0.1: `zookioskctl fleet migrate`, the outbox shipped by
// `ask` and `fleet sync`, a connection cut and a server restart in the middle
// of a sync (the in-process CentralSync), a zookioskctl killed in the middle
// of a sync, and the fleet budget shared by two kiosk processes at once.
// Every check ends with the central rows equal to the kiosks' rows, exactly.
// No PostgreSQL binaries: the test fails and says which package to install.
#include "fakeopenaiserver.h"
#include "pgserver.h"

#include "central/centralconnection.h"
#include "central/centralschema.h"
#include "central/centralsync.h"
#include "central/centralurl.h"
#include "central/fleetledger.h"
#include "storage/database.h"

#include <QDate>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::PgServer;

namespace {

struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

// One kiosk's data directory and config file.
struct Kiosk
{
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    QString id;
    QString databaseFile() const { return dir->filePath(u"zookiosk.db"_s); }
};

} // namespace

class TestCentralStore : public QObject
{
    Q_OBJECT

    PgServer m_pg;
    std::unique_ptr<FakeOpenAiServer> m_server;
    QString m_database;     // this test function's central database
    int m_databases = 0;
    QString m_key = u"sk-test-central-0008"_s;
    QStringList m_outputs;  // every zookioskctl stdout and stderr: no password in any

    QString centralUrl() const { return m_pg.url(m_database); }

    // A value from the central database, on a fresh connection each time (the
    // server may have been restarted since the last one).
    QVariant central(const QString &sql)
    {
        QVariant value;
        {
            QSqlDatabase db = m_pg.connect(u"zk-check"_s, m_database);
            QSqlQuery q(db);
            if (db.isOpen() && q.exec(sql) && q.next())
                value = q.value(0);
            else
                qWarning().noquote() << "central check failed:" << sql << q.lastError().text() << db.lastError().text();
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"zk-check"_s);
        return value;
    }

    static QVariant local(const QString &file, const QString &sql)
    {
        QVariant value;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"zk-local-check"_s);
            db.setDatabaseName(file);
            QSqlQuery q(db);
            if (db.open() && q.exec(sql) && q.next())
                value = q.value(0);
            else
                qWarning().noquote() << "local check failed:" << sql << q.lastError().text();
            q = QSqlQuery();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"zk-local-check"_s);
        return value;
    }

    // `count` turns in one new conversation, written straight into the file
    // as the kiosk would (the outbox triggers fire the same way).
    static bool insertTurns(const QString &file, int count, const QString &tag)
    {
        bool ok = true;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"zk-seed"_s);
            db.setDatabaseName(file);
            ok = db.open() && db.transaction();
            QSqlQuery q(db);
            const QString conversation = u"conv-"_s + tag;
            const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
            q.prepare(u"INSERT INTO conversations (id, animal_id, language, started_at) VALUES (?, 'red_panda', 'en', ?)"_s);
            q.addBindValue(conversation);
            q.addBindValue(at);
            ok = ok && q.exec();
            q.prepare(u"INSERT INTO turns (id, conversation_id, seq, visitor_text, reply, source, status, created_at, "
                      "finished_at) VALUES (?, ?, ?, ?, ?, 'offline', 'completed', ?, ?)"_s);
            for (int i = 1; ok && i <= count; ++i) {
                q.addBindValue(u"%1-%2"_s.arg(tag).arg(i));
                q.addBindValue(conversation);
                q.addBindValue(i);
                q.addBindValue(u"Question %1, with 'quotes' and ünïcödé?"_s.arg(i));
                q.addBindValue(u"Answer %1."_s.arg(i));
                q.addBindValue(at);
                q.addBindValue(at);
                ok = q.exec();
                if (!ok)
                    qWarning().noquote() << q.lastError().text();
            }
            q = QSqlQuery();
            ok = ok && db.commit();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"zk-seed"_s);
        return ok;
    }

    QProcessEnvironment env(const Kiosk &kiosk, const QString &extraIni = {}) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"OPENAI_API_KEY"_s, m_key);
        e.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        e.insert(u"ZOOKIOSK_DATA_DIR"_s, kiosk.dir->path());
        e.insert(u"ZOOKIOSK_CENTRAL_URL"_s, centralUrl());
        e.insert(u"ZOOKIOSK_KIOSK_ID"_s, kiosk.id);
        const QString ini = kiosk.dir->filePath(u"kiosk.conf"_s);
        QFile f(ini);
        if (f.open(QIODevice::WriteOnly))
            f.write("[moderation]\nremote=false\n[cache]\nenabled=false\n" + extraIni.toUtf8());
        e.insert(u"ZOOKIOSK_CONFIG"_s, ini);
        return e;
    }

    QProcess *startCtl(const QStringList &args, const QProcessEnvironment &environment)
    {
        auto *p = new QProcess(this);
        p->setProcessEnvironment(environment);
        p->start(QStringLiteral(ZK_CTL_PATH), args);
        return p;
    }

    CtlRun finish(QProcess *p, int timeoutMs = 60000)
    {
        CtlRun r;
        // This event loop must keep turning: the fake OpenAI server answers from it.
        if (!QTest::qWaitFor([&] { return p->state() == QProcess::NotRunning; }, timeoutMs)) {
            p->kill();
            p->waitForFinished();
        }
        r.out = QString::fromUtf8(p->readAllStandardOutput());
        r.err = QString::fromUtf8(p->readAllStandardError());
        r.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        m_outputs << r.out << r.err;
        p->deleteLater();
        return r;
    }

    CtlRun ctl(const QStringList &args, const QProcessEnvironment &environment)
    {
        return finish(startCtl(args, environment));
    }

    void migrate(const Kiosk &kiosk)
    {
        const CtlRun r = ctl({u"fleet"_s, u"migrate"_s}, env(kiosk));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    // Central rows of a kiosk equal its own rows, table by table.
    void compareWithKiosk(const Kiosk &kiosk)
    {
        const QString file = kiosk.databaseFile();
        QCOMPARE(local(file, u"SELECT COUNT(*) FROM central_outbox"_s).toInt(), 0);
        for (const QString &table : {u"turns"_s, u"usage"_s, u"events"_s}) {
            const qint64 here = local(file, u"SELECT COUNT(*) FROM %1"_s.arg(table)).toLongLong();
            const qint64 there = central(u"SELECT COUNT(*) FROM %1 WHERE kiosk_id = '%2'"_s.arg(table, kiosk.id))
                                     .toLongLong();
            QVERIFY2(here == there, qPrintable(u"%1: %2 at the kiosk, %3 centrally"_s.arg(table).arg(here).arg(there)));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QSqlDatabase::isDriverAvailable(u"QPSQL"_s),
                 "Qt's PostgreSQL driver (QPSQL) is missing: install the Debian package libqt6sql6-psql");
        QVERIFY2(m_pg.init(), qPrintable(m_pg.error()));
        QVERIFY2(m_pg.start(), qPrintable(m_pg.error()));
        if (::geteuid() == 0)
            QVERIFY(m_pg.runsAsOtherUser()); // as root, the server runs as nobody
    }

    void init()
    {
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_server->setExpectedApiKey(m_key);
        if (!m_pg.running())
            QVERIFY2(m_pg.start(), qPrintable(m_pg.error()));
        m_database = u"zoo_%1"_s.arg(++m_databases);
        const QString problem = m_pg.createDatabase(m_database);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanup()
    {
        m_server.reset();
    }

    void cleanupTestCase()
    {
        for (const QString &output : std::as_const(m_outputs))
            QVERIFY2(!output.contains(m_pg.password()), "the central database password reached zookioskctl's output");
        m_pg.stop();
    }

    void migrateCreatesTheSchemaOnce()
    {
        Kiosk kiosk;
        kiosk.id = u"kiosk-migrate"_s;
        const CtlRun first = ctl({u"fleet"_s, u"migrate"_s}, env(kiosk));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY2(first.out.contains(u"schema version %1 (was 0)"_s.arg(zk::central::CentralSchema::latestVersion())),
                 qPrintable(first.out));
        QVERIFY(first.out.contains(u"***"_s)); // the URL is shown, its password is not
        const CtlRun again = ctl({u"fleet"_s, u"migrate"_s}, env(kiosk));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(central(u"SELECT COUNT(*) FROM central_schema_version"_s).toInt(),
                 zk::central::CentralSchema::latestVersion());
        QCOMPARE(central(u"SELECT to_regclass('fleet_reservations') IS NOT NULL"_s).toBool(), true);

        // Without the schema a sync says what to do instead of shipping.
        const QString other = u"zoo_unmigrated"_s;
        QVERIFY(m_pg.createDatabase(other).isEmpty());
        QProcessEnvironment e = env(kiosk);
        e.insert(u"ZOOKIOSK_CENTRAL_URL"_s, m_pg.url(other));
        QCOMPARE(ctl({u"events"_s}, e).exitCode, 0);
        QVERIFY(insertTurns(kiosk.databaseFile(), 1, u"unmigrated"_s));
        const CtlRun sync = ctl({u"fleet"_s, u"sync"_s}, e);
        QCOMPARE(sync.exitCode, 1);
        QVERIFY2(sync.err.contains(u"fleet migrate"_s), qPrintable(sync.err));

        // A malformed URL is refused without being repeated.
        e.insert(u"ZOOKIOSK_CENTRAL_URL"_s, u"mysql://zk:hunter2secret@127.0.0.1/zoo"_s);
        const CtlRun bad = ctl({u"fleet"_s, u"migrate"_s}, e);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(!bad.err.contains(u"hunter2secret"_s));
    }

    // A visitor's turn reaches the central store with `ask` (which syncs after
    // the turn); the kiosk's other rows with `fleet sync`.
    void askShipsTheTurnUsageAndEvents()
    {
        Kiosk kiosk;
        kiosk.id = u"kiosk-ask"_s;
        migrate(kiosk);
        const QString reply = u"Hi, I'm Rosie! I munch bamboo all day."_s;
        m_server->enqueue(zk::test::Script::text(reply));
        const CtlRun ask = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"What do you eat?"_s}, env(kiosk));
        QVERIFY2(ask.exitCode == 0, qPrintable(ask.err));
        const QJsonObject o = QJsonDocument::fromJson(ask.out.trimmed().split(u'\n').last().toUtf8()).object();
        const QString turnId = o.value(u"turnId"_s).toString();
        QVERIFY(!turnId.isEmpty());

        QCOMPARE(central(u"SELECT reply FROM turns WHERE kiosk_id = 'kiosk-ask' AND row_id = '%1'"_s.arg(turnId)).toString(),
                 reply);
        QCOMPARE(central(u"SELECT animal_id FROM turns WHERE row_id = '%1'"_s.arg(turnId)).toString(), u"red_panda"_s);
        QCOMPARE(central(u"SELECT COUNT(*) FROM usage WHERE kiosk_id = 'kiosk-ask' AND turn_id = '%1'"_s.arg(turnId))
                     .toInt(),
                 1);
        const CtlRun sync = ctl({u"fleet"_s, u"sync"_s}, env(kiosk));
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.err));
        compareWithKiosk(kiosk);
        // Shipping again adds nothing.
        QCOMPARE(ctl({u"fleet"_s, u"sync"_s}, env(kiosk)).exitCode, 0);
        compareWithKiosk(kiosk);

        const CtlRun history = ctl({u"fleet"_s, u"history"_s, u"--json"_s}, env(kiosk));
        QVERIFY2(history.exitCode == 0, qPrintable(history.err));
        QVERIFY(history.out.contains(turnId));
        const CtlRun usage = ctl({u"fleet"_s, u"usage"_s, u"--json"_s}, env(kiosk));
        QVERIFY2(usage.exitCode == 0, qPrintable(usage.err));
        const QJsonObject totals = QJsonDocument::fromJson(usage.out.toUtf8()).object().value(u"totals"_s).toObject();
        QCOMPARE(totals.value(u"turns"_s).toInt(), 1);
        QCOMPARE(totals.value(u"kiosks"_s).toInt(), 1);
    }

    // The connection is cut in the middle of a sync (backends terminated),
    // then the server goes away and comes back: every row arrives, once.
    void connectionCutAndServerRestartMidSync()
    {
        Kiosk kiosk;
        kiosk.id = u"kiosk-cut"_s;
        migrate(kiosk);
        const int total = 4000;
        {
            zk::storage::Database db(kiosk.databaseFile());
            QVERIFY(db.open());
            // What KioskCore does when a central store is configured.
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(u"INSERT INTO settings (key, value, updated_at) VALUES ('central_outbox', 'on', 'x')"_s));
        }
        QVERIFY(insertTurns(kiosk.databaseFile(), total, u"cut"_s));
        QCOMPARE(local(kiosk.databaseFile(), u"SELECT COUNT(*) FROM central_outbox"_s).toInt(), total);

        const auto url = zk::central::CentralUrl::parse(centralUrl());
        QVERIFY(url);
        zk::central::SyncSettings settings{*url, kiosk.id, kiosk.databaseFile(), 20, 200, 2000};
        zk::central::CentralSync sync(settings);
        QSignalSpy unreachable(&sync, &zk::central::CentralSync::unreachable);
        QSignalSpy recovered(&sync, &zk::central::CentralSync::recovered);
        sync.start();

        const auto shipped = [&] { return central(u"SELECT COUNT(*) FROM turns WHERE kiosk_id = 'kiosk-cut'"_s).toInt(); };
        QVERIFY(QTest::qWaitFor([&] { return shipped() > 0; }, 20000));
        // Cut every connection the kiosk has, whatever it was doing.
        const int atCut = shipped();
        QVERIFY2(atCut < total, "the sync finished before the cut: too few rows for this machine");
        QVERIFY(central(u"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'zookiosk'"_s).isValid());
        // And then the server itself goes away for a while.
        QVERIFY(QTest::qWaitFor([&] { return shipped() > atCut; }, 20000) || shipped() == total);
        const int atStop = shipped();
        m_pg.stop();
        QVERIFY(QTest::qWaitFor([&] { return unreachable.count() > 0; }, 20000));
        QTest::qWait(1500); // a few failed attempts with backoff
        QVERIFY2(m_pg.start(), qPrintable(m_pg.error()));
        QVERIFY(QTest::qWaitFor([&] { return recovered.count() > 0; }, 20000));
        QVERIFY(QTest::qWaitFor([&] {
            return local(kiosk.databaseFile(), u"SELECT COUNT(*) FROM central_outbox"_s).toInt() == 0;
        }, 30000));
        qInfo() << "rows shipped at the cut:" << atCut << "at the stop:" << atStop << "of" << total;
        // Each outage is reported once and its end once, however many retries it took.
        QTRY_COMPARE_WITH_TIMEOUT(recovered.count(), unreachable.count(), 10000);
        QVERIFY(!sync.failing());
        QCOMPARE(shipped(), total);
        QCOMPARE(central(u"SELECT COUNT(DISTINCT row_id) FROM turns WHERE kiosk_id = 'kiosk-cut'"_s).toInt(), total);
        QCOMPARE(central(u"SELECT COUNT(*) FROM turns WHERE kiosk_id = 'kiosk-cut' AND visitor_text LIKE '%ünïcödé?'"_s)
                     .toInt(),
                 total);
    }

    // zookioskctl is killed in the middle of `fleet sync`; the next run
    // finishes the job, and nothing arrives twice.
    void killedMidSyncResumes()
    {
        Kiosk kiosk;
        kiosk.id = u"kiosk-kill"_s;
        migrate(kiosk);
        const QString ini = u"[central]\nbatch_size=10\n"_s;
        QCOMPARE(ctl({u"events"_s}, env(kiosk, ini)).exitCode, 0); // creates and seeds the kiosk's database
        const int total = 2000;
        QVERIFY(insertTurns(kiosk.databaseFile(), total, u"kill"_s));

        const auto shipped = [&] { return central(u"SELECT COUNT(*) FROM turns WHERE kiosk_id = 'kiosk-kill'"_s).toInt(); };
        QProcess *first = startCtl({u"fleet"_s, u"sync"_s}, env(kiosk, ini));
        QVERIFY(QTest::qWaitFor([&] { return shipped() > 0 || first->state() == QProcess::NotRunning; }, 30000));
        ::kill(pid_t(first->processId()), SIGKILL);
        const CtlRun killed = finish(first);
        QCOMPARE(killed.exitCode, -1); // it did not get to finish
        const int atKill = shipped();
        QVERIFY2(atKill > 0 && atKill < total, qPrintable(u"%1 of %2 rows shipped at the kill"_s.arg(atKill).arg(total)));
        QCOMPARE(local(kiosk.databaseFile(), u"SELECT COUNT(*) FROM central_outbox"_s).toInt() + atKill >= total, true);

        // Restarted with the default batch size: what was shipped stays shipped.
        const CtlRun again = ctl({u"fleet"_s, u"sync"_s}, env(kiosk));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(shipped(), total);
        compareWithKiosk(kiosk);
    }

    // `zookioskctl serve` (the kiosk's background services without a screen)
    // ships what is written while it runs, on its timer, and stops cleanly.
    void serveShipsInTheBackground()
    {
        Kiosk kiosk;
        kiosk.id = u"kiosk-serve"_s;
        migrate(kiosk);
        const QString ini = u"[central]\nsync_interval_ms=200\n"_s;
        QProcess *serve = startCtl({u"serve"_s}, env(kiosk, ini));
        QString out;
        QVERIFY(QTest::qWaitFor([&] {
            out += QString::fromUtf8(serve->readAllStandardOutput());
            return out.contains(u"SYNCING kiosk-serve"_s) || serve->state() == QProcess::NotRunning;
        }, 30000));
        QVERIFY2(out.contains(u"SYNCING kiosk-serve"_s), qPrintable(out + QString::fromUtf8(serve->readAllStandardError())));
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(kiosk.databaseFile()); }, 10000));
        QVERIFY(insertTurns(kiosk.databaseFile(), 300, u"serve-1"_s));
        QVERIFY(QTest::qWaitFor([&] {
            return central(u"SELECT COUNT(*) FROM turns WHERE kiosk_id = 'kiosk-serve'"_s).toInt() == 300;
        }, 20000));
        QVERIFY(insertTurns(kiosk.databaseFile(), 200, u"serve-2"_s));
        QVERIFY(QTest::qWaitFor([&] {
            return central(u"SELECT COUNT(*) FROM turns WHERE kiosk_id = 'kiosk-serve'"_s).toInt() == 500;
        }, 20000));
        ::kill(pid_t(serve->processId()), SIGTERM);
        const CtlRun stopped = finish(serve);
        QVERIFY2(stopped.exitCode == 0, qPrintable(stopped.err));
        compareWithKiosk(kiosk);
    }

    // Two kiosks, each a zookioskctl process asking at the same time, share
    // one fleet budget: together they never commit more than it, and once it
    // is spent both answer offline.
    void fleetBudgetSharedByTwoKioskProcesses()
    {
        Kiosk a, b;
        a.id = u"kiosk-a"_s;
        b.id = u"kiosk-b"_s;
        migrate(a);
        const double limit = 0.6;
        // 10 cents per thousand tokens: a call costs about 20 cents.
        const QString ini = u"[central]\nfleet_daily_usd=%1\n[budget]\ndaily_usd=1000\nmonthly_usd=10000\n"
                            "[prices]\ngpt-4o=100,100\ngpt-4o-mini=100,100\n"_s.arg(limit);
        const int rounds = 4;
        for (int i = 0; i < rounds; ++i) {
            QProcess *pa = startCtl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"Kiosk A question %1?"_s.arg(i)},
                                    env(a, ini));
            QProcess *pb = startCtl({u"ask"_s, u"--animal"_s, u"tiger"_s, u"Kiosk B question %1?"_s.arg(i)},
                                    env(b, ini));
            const CtlRun ra = finish(pa);
            const CtlRun rb = finish(pb);
            QVERIFY2(ra.exitCode == 0, qPrintable(ra.err)); // a visitor always gets an answer
            QVERIFY2(rb.exitCode == 0, qPrintable(rb.err));
        }
        QCOMPARE(ctl({u"fleet"_s, u"sync"_s}, env(a, ini)).exitCode, 0);
        QCOMPARE(ctl({u"fleet"_s, u"sync"_s}, env(b, ini)).exitCode, 0);
        compareWithKiosk(a);
        compareWithKiosk(b);

        const QString today = QDate::currentDate().toString(Qt::ISODate);
        const double committed = central(u"SELECT committed_usd FROM fleet_budget_days WHERE day = '%1'"_s.arg(today))
                                     .toDouble();
        const double spent = central(u"SELECT COALESCE(SUM(cost_usd), 0) FROM usage"_s).toDouble();
        const double settled = central(u"SELECT COALESCE(SUM(actual_usd), 0) FROM fleet_reservations"_s).toDouble();
        const int answered = central(u"SELECT COUNT(*) FROM turns WHERE source IN ('model', 'fallback_model')"_s).toInt();
        const int refused = central(u"SELECT COUNT(*) FROM turns WHERE error_kind = 'fleet_budget_exhausted'"_s).toInt();
        qInfo() << "fleet budget" << limit << "committed" << committed << "spent" << spent << "answered by the model"
                << answered << "refused" << refused;
        QVERIFY2(spent > 0.0 && spent <= limit + 1e-6, qPrintable(QString::number(spent)));
        QVERIFY(committed <= limit + 1e-6);
        QCOMPARE(central(u"SELECT COUNT(*) FROM fleet_reservations WHERE settled_at IS NULL"_s).toInt(), 0);
        QVERIFY(qAbs(committed - settled) < 1e-5);   // every estimate replaced by the actual cost
        QVERIFY(qAbs(spent - settled) < 1e-5);       // and that is what the usage rows say
        QVERIFY(answered >= 2);
        QVERIFY(refused >= 1);
        QCOMPARE(answered + refused, 2 * rounds);
        QVERIFY(central(u"SELECT COUNT(DISTINCT kiosk_id) FROM turns WHERE source = 'model'"_s).toInt() == 2);
        QVERIFY(central(u"SELECT COUNT(*) FROM events WHERE kind = 'fleet_budget_100'"_s).toInt() >= 1);
    }

    // The model call that summarises a long conversation reserves fleet
    // budget and settles its actual cost, as a visitor's turn does.
    void summariesAreChargedToTheFleetBudget()
    {
        Kiosk k;
        k.id = u"kiosk-summary"_s;
        migrate(k);
        const QString ini = u"[central]\nfleet_daily_usd=50\n[budget]\ndaily_usd=1000\nmonthly_usd=10000\n"
                            "[prices]\ngpt-4o=100,100\ngpt-4o-mini=100,100\n"
                            "[context]\nsummary_threshold_tokens=100\nturns_after_summary=1\n"_s;
        const QString longReply =
            u"Red pandas spend most of their lives up in the trees of the mountain forests, where they eat bamboo "
            "leaves, fruit, acorns and sometimes eggs, and they wrap their fluffy tails around themselves to stay "
            "warm when the wind is cold and the snow falls on the branches around them."_s;
        QString conversation;
        for (int i = 0; i < 3; ++i) {
            m_server->enqueue(zk::test::Script::text(longReply));
            QStringList args{u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s};
            if (!conversation.isEmpty())
                args << u"--conversation"_s << conversation;
            args << u"Tell me about your day in the trees, part %1?"_s.arg(i + 1);
            const CtlRun ask = ctl(args, env(k, ini));
            QVERIFY2(ask.exitCode == 0, qPrintable(ask.err));
            const QJsonObject o = QJsonDocument::fromJson(ask.out.trimmed().split(u'\n').last().toUtf8()).object();
            QCOMPARE(o.value(u"source"_s).toString(), u"model"_s);
            conversation = o.value(u"conversationId"_s).toString();
        }
        QCOMPARE(ctl({u"fleet"_s, u"sync"_s}, env(k, ini)).exitCode, 0);
        compareWithKiosk(k);
        const int summaries = central(u"SELECT COUNT(*) FROM usage WHERE purpose = 'summary'"_s).toInt();
        QVERIFY2(summaries >= 1, "no summary was written: the test did not reach its point");
        const int calls = central(u"SELECT COUNT(*) FROM usage"_s).toInt();
        QCOMPARE(central(u"SELECT COUNT(*) FROM fleet_reservations"_s).toInt(), calls); // one per model call
        QCOMPARE(central(u"SELECT COUNT(*) FROM fleet_reservations WHERE settled_at IS NULL"_s).toInt(), 0);
        const double spent = central(u"SELECT COALESCE(SUM(cost_usd), 0) FROM usage"_s).toDouble();
        const double settled = central(u"SELECT COALESCE(SUM(actual_usd), 0) FROM fleet_reservations"_s).toDouble();
        QVERIFY2(spent > 0.0 && qAbs(spent - settled) < 1e-5,
                 qPrintable(u"spent %1, settled %2"_s.arg(spent).arg(settled)));
    }

    // The central store cannot be reached: the visitor is answered under the
    // local budget, an event says so, and the turn waits in the outbox.
    void unreachableFallsBackToTheLocalBudget()
    {
        Kiosk kiosk;
        kiosk.id = u"kiosk-offline"_s;
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        QProcessEnvironment e = env(kiosk, u"[central]\nfleet_daily_usd=5\n"_s);
        e.insert(u"ZOOKIOSK_CENTRAL_URL"_s, u"postgresql://zk:%1@127.0.0.1:%2/zoo?connect_timeout=2"_s
                                                .arg(m_pg.password()).arg(closedPort));
        m_server->enqueue(zk::test::Script::text(u"I love climbing trees!"_s));
        const CtlRun ask = ctl({u"ask"_s, u"--animal"_s, u"red_panda"_s, u"--json"_s, u"Do you climb?"_s}, e);
        QVERIFY2(ask.exitCode == 0, qPrintable(ask.err));
        const QJsonObject o = QJsonDocument::fromJson(ask.out.trimmed().split(u'\n').last().toUtf8()).object();
        QCOMPARE(o.value(u"source"_s).toString(), u"model"_s);
        QVERIFY2(ask.err.contains(u"central store was not reached"_s), qPrintable(ask.err));
        const QString file = kiosk.databaseFile();
        QCOMPARE(local(file, u"SELECT COUNT(*) FROM events WHERE kind = 'fleet_budget_unreachable'"_s).toInt(), 1);
        QCOMPARE(local(file, u"SELECT COUNT(*) FROM events WHERE kind = 'central_unreachable'"_s).toInt(), 1);
        QCOMPARE(local(file, u"SELECT COUNT(*) FROM central_outbox WHERE entity = 'turn'"_s).toInt(), 1);
        QVERIFY(!local(file, u"SELECT group_concat(message) FROM events"_s).toString().contains(m_pg.password()));
    }
};

QTEST_GUILESS_MAIN(TestCentralStore)
#include "tst_centralstore.moc"
