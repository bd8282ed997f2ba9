// The admin panel's Fleet page against a real PostgreSQL server (the
// launcher of the integration tests): what two kiosks shipped is listed, the
// read happens off the GUI thread, an unreachable store is a plain message
// (never the URL's password), and without a central store the page says so.
#include "../integration/pgserver.h"

#include "admin/fleetpage.h"
#include "central/centralconnection.h"
#include "central/centralschema.h"
#include "central/centralsync.h"
#include "core/ids.h"
#include "core/kioskcore.h"
#include "storage/database.h"
#include "storage/repositories.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::test::PgServer;

class TestFleetPage : public QObject
{
    Q_OBJECT

    PgServer m_pg;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<zk::KioskCore> m_core;

    void start(const QString &centralUrl, const QString &kioskId)
    {
        m_core.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        zk::Config c;
        c.dataDir = m_dir->path();
        c.moderationRemote = false;
        c.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s); // nothing listens: no test reaches a network
        c.centralUrl = centralUrl;
        c.centralKioskId = kioskId;
        m_core = std::make_unique<zk::KioskCore>(c);
        QVERIFY(m_core->open().ok());
    }

    // One turn stored by the kiosk and shipped with its sync.
    void storeAndShip(const QString &visitorText)
    {
        auto conversation = m_core->conversations().create(u"red_panda"_s, u"en"_s);
        QVERIFY(conversation);
        zk::storage::Turn turn;
        turn.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        turn.conversationId = conversation->id;
        turn.visitorText = visitorText;
        turn.reply = u"Bamboo!"_s;
        turn.source = zk::storage::ReplySource::Offline;
        turn.createdAt = zk::isoNow();
        turn.finishedAt = turn.createdAt;
        QVERIFY(m_core->conversations().saveTurn(turn, std::nullopt));
        QSignalSpy cycle(m_core->centralSync(), &zk::central::CentralSync::cycleFinished);
        m_core->centralSync()->syncNow();
        QVERIFY(cycle.wait(20000));
        QVERIFY2(cycle.first().first().value<zk::central::SyncReport>().ok,
                 qPrintable(cycle.first().first().value<zk::central::SyncReport>().problem));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QSqlDatabase::isDriverAvailable(u"QPSQL"_s),
                 "Qt's PostgreSQL driver (QPSQL) is missing: install the Debian package libqt6sql6-psql");
        QVERIFY2(m_pg.init(), qPrintable(m_pg.error()));
        QVERIFY2(m_pg.start(), qPrintable(m_pg.error()));
        QVERIFY(m_pg.createDatabase(u"fleet"_s).isEmpty());
        const auto url = zk::central::CentralUrl::parse(m_pg.url(u"fleet"_s));
        QVERIFY(url);
        zk::central::CentralConnection connection(*url, u"test"_s);
        auto db = connection.open();
        QVERIFY2(db, qPrintable(db ? QString() : db.error().message));
        QVERIFY(zk::central::CentralSchema::migrate(*db));
    }

    void cleanup()
    {
        m_core.reset();
        m_dir.reset();
    }

    void listsWhatTheKiosksShipped()
    {
        start(m_pg.url(u"fleet"_s), u"north-gate"_s);
        storeAndShip(u"Where do you sleep?"_s);
        start(m_pg.url(u"fleet"_s), u"south-gate"_s);
        storeAndShip(u"What do you eat?"_s);

        zk::ui::FleetPage page(*m_core);
        QSignalSpy loaded(&page, &zk::ui::FleetPage::loaded);
        page.refresh();
        QVERIFY(page.loading()); // the GUI thread went on while the read runs
        QVERIFY(loaded.wait(20000));
        QVERIFY2(page.statusText().contains(u"2 kiosks, 2 turns"_s), qPrintable(page.statusText()));
        QCOMPARE(page.turnsTable()->rowCount(), 2);
        QStringList kiosks;
        for (int r = 0; r < page.usageTable()->rowCount(); ++r)
            kiosks << page.usageTable()->item(r, 1)->text();
        kiosks.sort();
        QCOMPARE(kiosks, (QStringList{u"north-gate"_s, u"south-gate"_s}));
        QCOMPARE(page.turnsTable()->item(0, 4)->text(), u"What do you eat?"_s); // newest first
    }

    void unreachableIsAPlainMessage()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closed = probe.serverPort();
        probe.close();
        start(u"postgresql://zk:sekrit-pw@127.0.0.1:%1/fleet?connect_timeout=2"_s.arg(closed), u"west"_s);
        zk::ui::FleetPage page(*m_core);
        QSignalSpy loaded(&page, &zk::ui::FleetPage::loaded);
        page.refresh();
        QVERIFY(loaded.wait(20000));
        QVERIFY2(page.statusText().contains(u"cannot be reached"_s), qPrintable(page.statusText()));
        QVERIFY(!page.statusText().contains(u"sekrit"_s));
        QCOMPARE(page.turnsTable()->rowCount(), 0);
    }

    void offWithoutACentralStore()
    {
        start(QString(), QString());
        zk::ui::FleetPage page(*m_core);
        page.refresh();
        QVERIFY(!page.loading());
        QVERIFY2(page.statusText().contains(u"central store is off"_s), qPrintable(page.statusText()));
    }
};

QTEST_MAIN(TestFleetPage)
#include "tst_fleetpage.moc"
