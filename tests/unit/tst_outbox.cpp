// The central store's kiosk side without a server: the outbox rows written
// with each turn, usage row and event (in the same transaction, so a write
// that rolls back leaves none), the outbox repository, and the central URL
// (parsing and the redaction that keeps its password out of logs).

#include "central/centralurl.h"
#include "central/kioskid.h"
#include "core/config.h"
#include "storage/database.h"
#include "storage/outboxrepository.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace zk::storage;
using zk::central::CentralUrl;

class TestOutbox : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    void exec(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        QVERIFY2(q.exec(sql), qPrintable(sql));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<Database>(m_dir.filePath(u"outbox-%1.db"_s).arg(QDateTime::currentMSecsSinceEpoch()));
        QVERIFY(m_db->open());
        exec(u"INSERT INTO animals (id, created_at, updated_at) VALUES ('red_panda', 'x', 'x')"_s);
        exec(u"INSERT INTO settings (key, value, updated_at) VALUES ('central_outbox', 'on', 'x')"_s);
    }

    void cleanup() { m_db.reset(); }

    void turnAndUsageEnqueuedWithTheirTransaction()
    {
        ConversationRepository conversations(*m_db);
        const auto conversation = conversations.create(u"red_panda"_s, u"es"_s);
        QVERIFY(conversation);
        Turn turn;
        turn.id = u"turn-1"_s;
        turn.conversationId = conversation->id;
        turn.visitorText = u"¿Qué comes? 🎋"_s;
        turn.reply = u"¡Bambú!"_s;
        turn.createdAt = u"2026-11-23T08:00:00.000Z"_s;
        turn.finishedAt = u"2026-11-23T08:00:01.000Z"_s;
        UsageRecord usage{u""_s, u""_s, u"gpt-4o"_s, u"reply"_s, 120, 8, false, u""_s};
        usage.costUsd = 0.0042;
        QVERIFY(conversations.saveTurn(turn, usage));

        OutboxRepository outbox(m_db->connection());
        const auto rows = outbox.oldest(10);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->at(0).entity, u"turn"_s);
        QCOMPARE(rows->at(0).rowKey, u"turn-1"_s);
        const QJsonObject t = QJsonDocument::fromJson(rows->at(0).payload.toUtf8()).object();
        QCOMPARE(t.value(u"visitor_text"_s).toString(), u"¿Qué comes? 🎋"_s);
        QCOMPARE(t.value(u"animal_id"_s).toString(), u"red_panda"_s);
        QCOMPARE(t.value(u"language"_s).toString(), u"es"_s);
        QCOMPARE(t.value(u"seq"_s).toInt(), 1);
        QVERIFY(t.value(u"first_token_ms"_s).isNull());
        QCOMPARE(rows->at(1).entity, u"usage"_s);
        const QJsonObject u = QJsonDocument::fromJson(rows->at(1).payload.toUtf8()).object();
        QCOMPARE(u.value(u"turn_id"_s).toString(), u"turn-1"_s);
        QCOMPARE(u.value(u"cost_usd"_s).toDouble(), 0.0042);

        // A turn that cannot be stored (same id again) leaves no outbox row.
        QVERIFY(!conversations.saveTurn(turn, usage));
        QCOMPARE(outbox.pendingCount().valueOr(-1), 2);

        QVERIFY(outbox.remove({rows->at(0).id, rows->at(1).id}));
        QCOMPARE(outbox.pendingCount().valueOr(-1), 0);
        // Shipped rows are gone from the outbox, not from the kiosk.
        QCOMPARE(conversations.turns(conversation->id).value().size(), 1);
    }

    void eventsEnqueuedWithTheirDetails()
    {
        EventRepository events(*m_db);
        Event e;
        e.kind = u"budget_80"_s;
        e.category = u"alert"_s;
        e.message = u"Daily budget at 80%"_s;
        e.detailsJson = uR"({"spentUsd": 4.0})"_s;
        const auto id = events.record(e);
        QVERIFY(id);
        OutboxRepository outbox(m_db->connection());
        const auto rows = outbox.oldest(10);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->at(0).entity, u"event"_s);
        QCOMPARE(rows->at(0).rowKey, QString::number(id.value()));
        const QJsonObject o = QJsonDocument::fromJson(rows->at(0).payload.toUtf8()).object();
        QCOMPARE(o.value(u"kind"_s).toString(), u"budget_80"_s);
        QCOMPARE(o.value(u"details"_s).toString(), uR"({"spentUsd": 4.0})"_s);
    }

    // A kiosk without a central store keeps no outbox; old rows go with the retention period.
    void offUntilSwitchedOnAndPurgedWithRetention()
    {
        exec(u"DELETE FROM settings WHERE key = 'central_outbox'"_s);
        EventRepository events(*m_db);
        Event e;
        e.kind = u"quiet"_s;
        e.category = u"system"_s;
        QVERIFY(events.record(e));
        OutboxRepository outbox(m_db->connection());
        QCOMPARE(outbox.pendingCount().valueOr(-1), 0);

        exec(u"INSERT INTO settings (key, value, updated_at) VALUES ('central_outbox', 'on', 'x')"_s);
        e.createdAt = u"2026-01-01T00:00:00.000Z"_s;
        QVERIFY(events.record(e));
        e.createdAt.clear();
        QVERIFY(events.record(e));
        QCOMPARE(outbox.pendingCount().valueOr(-1), 2);
        QCOMPARE(outbox.purgeOlderThan(QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC)).valueOr(-1), 1);
        QCOMPARE(outbox.pendingCount().valueOr(-1), 1);
    }

    // Generated once and kept; a configured id wins without replacing it.
    void kioskIdIsStable()
    {
        SettingsRepository settings(*m_db);
        const auto first = zk::central::resolveKioskId(settings, {});
        QVERIFY(first);
        QVERIFY(first->startsWith(u"kiosk-"_s));
        QCOMPARE(zk::central::resolveKioskId(settings, {}).value(), first.value());
        QCOMPARE(zk::central::resolveKioskId(settings, u"north-gate"_s).value(), u"north-gate"_s);
        QCOMPARE(zk::central::resolveKioskId(settings, {}).value(), first.value());
    }

    void centralUrlParsesAndRedacts()
    {
        const auto url = CentralUrl::parse(u"postgresql://zoo%40north:s3cr%2Ft@db.zoo.lan:6543/kiosks?sslmode=require"_s);
        QVERIFY(url);
        QCOMPARE(url->host, u"db.zoo.lan"_s);
        QCOMPARE(url->port, 6543);
        QCOMPARE(url->database, u"kiosks"_s);
        QCOMPARE(url->user, u"zoo@north"_s);
        QCOMPARE(url->password, u"s3cr/t"_s);
        QCOMPARE(url->sslMode, u"require"_s);
        QVERIFY(!url->redacted().contains(u"s3cr"_s));
        QVERIFY(url->redacted().contains(u"***"_s));
        QVERIFY(!url->connectOptions().contains(u"s3cr"_s));
        QVERIFY(!CentralUrl::redact(u"postgres://u:topsecret@h/db"_s).contains(u"topsecret"_s));

        QCOMPARE(CentralUrl::parse(u"postgres://h/db"_s)->port, 5432);
        QVERIFY(!CentralUrl::parse(u"mysql://u:p@h/db"_s));
        QVERIFY(!CentralUrl::parse(u"postgresql://u:p@h"_s));          // no database
        QVERIFY(!CentralUrl::parse(u"postgresql://h/db?host=evil"_s)); // no libpq options beyond the known ones
        QVERIFY(!CentralUrl::parse(u"postgresql://h/db?sslmode=maybe"_s));
        const auto bad = CentralUrl::parse(u"mysql://u:hunter2@h/db"_s);
        QVERIFY(!bad.error().message.contains(u"hunter2"_s));
    }

    // The config shows the URL without its password, and a malformed one is
    // reported without repeating it.
    void configNeverRepeatsThePassword()
    {
        QProcessEnvironment env;
        env.insert(u"ZOOKIOSK_CENTRAL_URL"_s, u"postgresql://zoo:hunter2@db/zoo"_s);
        auto out = zk::ConfigLoader::load({}, env);
        QVERIFY(out.warnings.isEmpty());
        QCOMPARE(out.config.centralUrl, u"postgresql://zoo:hunter2@db/zoo"_s);
        QVERIFY(!zk::ConfigLoader::currentValue(out.config, u"central/url"_s).contains(u"hunter2"_s));
        QVERIFY(!zk::ConfigLoader::isStaffKey(u"central/url"_s));

        env.insert(u"ZOOKIOSK_CENTRAL_URL"_s, u"postgresql://zoo:hunter2@db"_s); // no database: refused
        out = zk::ConfigLoader::load({}, env);
        QCOMPARE(out.warnings.size(), 1);
        QVERIFY(!out.warnings.first().contains(u"hunter2"_s));
        QVERIFY(out.config.centralUrl.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
