// UsageRepository reads (grouping by local day and model, sources, the
// estimated flag, time ranges) and the usage report's JSON shape. Real SQLite
// in a temporary directory; the kiosk's time zone is fixed to CET so the local
// day differs from the UTC one around midnight.

#include "cost/budgetguard.h"
#include "cost/usagereport.h"
#include "persona/defaultcontent.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/usagerepository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <ctime>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace zk::storage;
using zk::cost::BudgetStatus;
using zk::cost::usageReportJson;

namespace {

template <typename R>
QByteArray errorOf(const R &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

#define ZK_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto &zkResult_ = (expr);                                                                                \
        QVERIFY2(zkResult_.ok(), errorOf(zkResult_).constData());                                                      \
    } while (false)

QDateTime local(int y, int m, int d, int h = 12, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::LocalTime);
}

QStringList keysOf(const QJsonObject &o)
{
    QStringList keys = o.keys();
    keys.sort();
    return keys;
}

} // namespace

class TestUsageReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void groupsByLocalDayAndModel();
    void estimatedFlag();
    void sourcesByDay();
    void rangesAreHalfOpen();
    void spentUsdSumsCost();
    void closedDatabaseIsAnError();
    void reportShape();
    void reportFiguresAndSources();
    void emptyReport();
    void panelFigures();

private:
    void seed();
    // A stored turn; with a usage row when `model` is not empty.
    void turn(const QDateTime &at, ReplySource source, const QString &model = {}, int prompt = 0, int completion = 0,
              double cost = 0.0, bool estimated = false);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UsageRepository> m_usage;
    QString m_conversationId;
};

void TestUsageReport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    tzset();
}

void TestUsageReport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>(m_dir->filePath(u"zookiosk.db"_s));
    ZK_VERIFY_OK(m_db->open());
    m_usage = std::make_unique<UsageRepository>(*m_db);

    const auto content = zk::persona::loadDefaultContent();
    ZK_VERIFY_OK(content);
    QVERIFY(!content->animals.isEmpty());
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(content->animals.first()));
    const auto conversation = ConversationRepository(*m_db).create(content->animals.first().id, u"es"_s);
    ZK_VERIFY_OK(conversation);
    m_conversationId = conversation->id;
}

void TestUsageReport::cleanup()
{
    m_usage.reset();
    m_db.reset();
    m_dir.reset();
}

void TestUsageReport::turn(const QDateTime &at, ReplySource source, const QString &model, int prompt, int completion,
                           double cost, bool estimated)
{
    const QString stamp = UsageRepository::storedTime(at);
    Turn t;
    t.conversationId = m_conversationId;
    t.visitorText = u"¿Qué comes?"_s;
    t.reply = u"¡Bambú!"_s;
    t.source = source;
    t.model = model;
    t.createdAt = stamp;
    t.finishedAt = stamp;
    std::optional<UsageRecord> usage;
    if (!model.isEmpty()) {
        UsageRecord u;
        u.model = model;
        u.purpose = u"reply"_s;
        u.promptTokens = prompt;
        u.completionTokens = completion;
        u.estimated = estimated;
        u.costUsd = cost;
        u.createdAt = stamp;
        usage = u;
    }
    ZK_VERIFY_OK(ConversationRepository(*m_db).saveTurn(t, usage));
}

// Two local days; the first instant of the 22nd is still the 21st in UTC.
void TestUsageReport::seed()
{
    turn(local(2026, 11, 21, 18, 0), ReplySource::Model, u"gpt-4o"_s, 1000, 200, 0.0045);
    turn(local(2026, 11, 21, 23, 59), ReplySource::Cache);
    turn(local(2026, 11, 22, 0, 30), ReplySource::Model, u"gpt-4o"_s, 1200, 300, 0.006);     // 23:30 UTC on the 21st
    turn(local(2026, 11, 22, 9, 0), ReplySource::Model, u"gpt-4o"_s, 800, 100, 0.003);
    turn(local(2026, 11, 22, 9, 5), ReplySource::FallbackModel, u"gpt-4o-mini"_s, 900, 150, 0.000225, true);
    turn(local(2026, 11, 22, 9, 10), ReplySource::Offline);
    turn(local(2026, 11, 22, 9, 15), ReplySource::Offline);
    turn(local(2026, 11, 22, 9, 20), ReplySource::Blocked);

    // A summary's call: usage without a turn.
    Summary summary;
    summary.conversationId = m_conversationId;
    summary.throughSeq = 2;
    summary.text = u"Hablamos de bambú."_s;
    summary.model = u"gpt-4o-mini"_s;
    summary.createdAt = UsageRepository::storedTime(local(2026, 11, 22, 9, 6));
    UsageRecord u;
    u.model = u"gpt-4o-mini"_s;
    u.purpose = u"summary"_s;
    u.promptTokens = 400;
    u.completionTokens = 60;
    u.costUsd = 0.000096;
    ZK_VERIFY_OK(ConversationRepository(*m_db).saveSummary(summary, u));
}

// ---------------------------------------------------------------------------

void TestUsageReport::groupsByLocalDayAndModel()
{
    seed();
    const auto rows = m_usage->byDayAndModel({}, {});
    ZK_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 3);

    const auto &a = rows->at(0);
    QCOMPARE(a.day, u"2026-11-21"_s);
    QCOMPARE(a.model, u"gpt-4o"_s);
    QCOMPARE(a.calls, 1);
    QCOMPARE(a.promptTokens, 1000);
    QCOMPARE(a.completionTokens, 200);
    QCOMPARE(a.costUsd, 0.0045);

    const auto &b = rows->at(1);
    QCOMPARE(b.day, u"2026-11-22"_s); // includes the call at 00:30 local (23:30 UTC the day before)
    QCOMPARE(b.model, u"gpt-4o"_s);
    QCOMPARE(b.calls, 2);
    QCOMPARE(b.promptTokens, 2000);
    QCOMPARE(b.completionTokens, 400);
    QCOMPARE(b.costUsd, 0.009);

    const auto &c = rows->at(2);
    QCOMPARE(c.day, u"2026-11-22"_s);
    QCOMPARE(c.model, u"gpt-4o-mini"_s);
    QCOMPARE(c.calls, 2); // the reply and the summary
    QCOMPARE(c.promptTokens, 1300);
    QCOMPARE(c.completionTokens, 210);
    QCOMPARE(c.costUsd, 0.000321);
}

void TestUsageReport::estimatedFlag()
{
    seed();
    const auto rows = m_usage->byDayAndModel({}, {});
    ZK_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 3);
    QVERIFY(!rows->at(0).anyEstimated);
    QVERIFY(!rows->at(1).anyEstimated);
    QVERIFY(rows->at(2).anyEstimated); // one of its two calls was estimated
}

void TestUsageReport::sourcesByDay()
{
    seed();
    const auto rows = m_usage->turnsByDayAndSource({}, {});
    ZK_VERIFY_OK(rows);
    QStringList seen;
    for (const auto &r : *rows)
        seen << u"%1 %2 %3"_s.arg(r.day, r.source).arg(r.turns);
    QCOMPARE(seen, (QStringList{u"2026-11-21 cache 1"_s, u"2026-11-21 model 1"_s, u"2026-11-22 blocked 1"_s,
                                u"2026-11-22 fallback_model 1"_s, u"2026-11-22 model 2"_s,
                                u"2026-11-22 offline 2"_s}));
}

void TestUsageReport::rangesAreHalfOpen()
{
    seed();
    const QDateTime dayStart = local(2026, 11, 22, 0, 0);
    const QDateTime dayEnd = local(2026, 11, 23, 0, 0);

    auto rows = m_usage->byDayAndModel(dayStart.toUTC(), dayEnd.toUTC());
    ZK_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).day, u"2026-11-22"_s);

    // Exactly at the start is in; exactly at the end is out.
    turn(dayStart, ReplySource::Model, u"o4-mini"_s, 10, 10, 0.5);
    turn(dayEnd, ReplySource::Model, u"o4-mini"_s, 10, 10, 0.7);
    const auto spent = m_usage->spentUsd(dayStart.toUTC(), dayEnd.toUTC());
    ZK_VERIFY_OK(spent);
    QCOMPARE(*spent, 0.006 + 0.003 + 0.000225 + 0.000096 + 0.5);

    const auto turns = m_usage->turnsByDayAndSource(dayStart, dayEnd); // any time spec works
    ZK_VERIFY_OK(turns);
    int total = 0;
    for (const auto &r : *turns) {
        QCOMPARE(r.day, u"2026-11-22"_s);
        total += r.turns;
    }
    QCOMPARE(total, 7);

    // Only a lower bound.
    rows = m_usage->byDayAndModel(dayEnd, {});
    ZK_VERIFY_OK(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->at(0).day, u"2026-11-23"_s);
    QCOMPARE(rows->at(0).costUsd, 0.7);
}

void TestUsageReport::spentUsdSumsCost()
{
    auto none = m_usage->spentUsd({}, {});
    ZK_VERIFY_OK(none);
    QCOMPARE(*none, 0.0);
    seed();
    const auto all = m_usage->spentUsd({}, {});
    ZK_VERIFY_OK(all);
    QCOMPARE(*all, 0.0045 + 0.006 + 0.003 + 0.000225 + 0.000096);
}

void TestUsageReport::closedDatabaseIsAnError()
{
    m_db->close();
    QVERIFY(!m_usage->spentUsd({}, {}).ok());
    QVERIFY(!m_usage->byDayAndModel({}, {}).ok());
    QVERIFY(!m_usage->turnsByDayAndSource({}, {}).ok());
}

void TestUsageReport::reportShape()
{
    seed();
    BudgetStatus budget;
    budget.dailyUsd = 5.0;
    budget.monthlyUsd = 100.0;
    budget.spentTodayUsd = 0.009321;
    budget.spentMonthUsd = 0.013821;
    const QJsonObject report = usageReportJson(*m_usage->byDayAndModel({}, {}),
                                               *m_usage->turnsByDayAndSource({}, {}), budget, u"2026-11-22"_s);

    QCOMPARE(keysOf(report), (QStringList{u"budget"_s, u"byModel"_s, u"days"_s, u"pricesAsOf"_s, u"totals"_s}));
    QCOMPARE(report.value(u"pricesAsOf"_s).toString(), u"2026-11-22"_s);

    const QStringList totalsKeys{u"calls"_s,        u"completionTokens"_s, u"costUsd"_s,
                                 u"promptTokens"_s, u"sources"_s,          u"turns"_s};
    const QStringList sourceKeys{u"blocked"_s, u"cache"_s,   u"emergency"_s,
                                 u"fallback_model"_s, u"model"_s, u"offline"_s};
    const QStringList modelKeys{u"calls"_s,   u"completionTokens"_s, u"costUsd"_s,
                                u"estimated"_s, u"model"_s,          u"promptTokens"_s};

    const QJsonArray days = report.value(u"days"_s).toArray();
    QCOMPARE(days.size(), 2);
    for (const QJsonValue &d : days) {
        const QJsonObject day = d.toObject();
        QStringList dayKeys = QStringList(totalsKeys) << u"day"_s << u"models"_s;
        dayKeys.sort();
        QCOMPARE(keysOf(day), dayKeys);
        QVERIFY(day.value(u"models"_s).isArray());
        QCOMPARE(keysOf(day.value(u"sources"_s).toObject()), sourceKeys);
        for (const QJsonValue &m : day.value(u"models"_s).toArray())
            QCOMPARE(keysOf(m.toObject()), modelKeys);
    }
    QCOMPARE(days.at(0).toObject().value(u"day"_s).toString(), u"2026-11-21"_s);
    QCOMPARE(days.at(1).toObject().value(u"day"_s).toString(), u"2026-11-22"_s);

    const QJsonObject totals = report.value(u"totals"_s).toObject();
    QCOMPARE(keysOf(totals), totalsKeys);
    QCOMPARE(keysOf(totals.value(u"sources"_s).toObject()), sourceKeys);

    const QJsonArray byModel = report.value(u"byModel"_s).toArray();
    QCOMPARE(byModel.size(), 2);
    for (const QJsonValue &m : byModel)
        QCOMPARE(keysOf(m.toObject()), modelKeys);

    const QJsonObject b = report.value(u"budget"_s).toObject();
    QCOMPARE(keysOf(b), (QStringList{u"dailyAlert"_s, u"dailyUsd"_s, u"exhausted"_s, u"monthlyAlert"_s,
                                     u"monthlyUsd"_s, u"resumesAt"_s, u"spendUnknown"_s, u"spentMonthUsd"_s,
                                     u"spentTodayUsd"_s}));
    QVERIFY(b.value(u"resumesAt"_s).isNull());
    QCOMPARE(b.value(u"dailyUsd"_s).toDouble(), 5.0);
    QCOMPARE(b.value(u"spentTodayUsd"_s).toDouble(), 0.009321);
    QCOMPARE(b.value(u"exhausted"_s).toBool(), false);
}

void TestUsageReport::reportFiguresAndSources()
{
    seed();
    BudgetStatus budget;
    budget.exhausted = true;
    budget.dailyAlert = true;
    budget.resumesAt = local(2026, 11, 23, 0, 0);
    const QJsonObject report = usageReportJson(*m_usage->byDayAndModel({}, {}),
                                               *m_usage->turnsByDayAndSource({}, {}), budget, u"x"_s);

    const QJsonObject first = report.value(u"days"_s).toArray().at(0).toObject();
    QCOMPARE(first.value(u"turns"_s).toInt(), 2);
    QCOMPARE(first.value(u"calls"_s).toInt(), 1);
    QCOMPARE(first.value(u"promptTokens"_s).toInteger(), 1000);
    QCOMPARE(first.value(u"costUsd"_s).toDouble(), 0.0045);
    QCOMPARE(first.value(u"sources"_s).toObject().value(u"cache"_s).toInt(), 1);
    QCOMPARE(first.value(u"sources"_s).toObject().value(u"emergency"_s).toInt(), 0);

    const QJsonObject second = report.value(u"days"_s).toArray().at(1).toObject();
    QCOMPARE(second.value(u"turns"_s).toInt(), 6);
    QCOMPARE(second.value(u"calls"_s).toInt(), 4);
    QCOMPARE(second.value(u"costUsd"_s).toDouble(), 0.009321);
    const QJsonObject sources = second.value(u"sources"_s).toObject();
    QCOMPARE(sources.value(u"model"_s).toInt(), 2);
    QCOMPARE(sources.value(u"fallback_model"_s).toInt(), 1);
    QCOMPARE(sources.value(u"offline"_s).toInt(), 2);
    QCOMPARE(sources.value(u"blocked"_s).toInt(), 1);
    QCOMPARE(sources.value(u"cache"_s).toInt(), 0);
    const QJsonArray models = second.value(u"models"_s).toArray();
    QCOMPARE(models.size(), 2);
    QCOMPARE(models.at(0).toObject().value(u"model"_s).toString(), u"gpt-4o"_s);
    QCOMPARE(models.at(0).toObject().value(u"estimated"_s).toBool(), false);
    QCOMPARE(models.at(1).toObject().value(u"model"_s).toString(), u"gpt-4o-mini"_s);
    QCOMPARE(models.at(1).toObject().value(u"estimated"_s).toBool(), true);
    QCOMPARE(models.at(1).toObject().value(u"calls"_s).toInt(), 2);

    const QJsonObject totals = report.value(u"totals"_s).toObject();
    QCOMPARE(totals.value(u"turns"_s).toInt(), 8);
    QCOMPARE(totals.value(u"calls"_s).toInt(), 5);
    QCOMPARE(totals.value(u"promptTokens"_s).toInteger(), 4300);
    QCOMPARE(totals.value(u"completionTokens"_s).toInteger(), 810);
    QCOMPARE(totals.value(u"costUsd"_s).toDouble(), 0.013821);
    QCOMPARE(totals.value(u"sources"_s).toObject().value(u"model"_s).toInt(), 3);

    const QJsonArray byModel = report.value(u"byModel"_s).toArray();
    QCOMPARE(byModel.at(0).toObject().value(u"model"_s).toString(), u"gpt-4o"_s);
    QCOMPARE(byModel.at(0).toObject().value(u"calls"_s).toInt(), 3);
    QCOMPARE(byModel.at(0).toObject().value(u"costUsd"_s).toDouble(), 0.0135);
    QCOMPARE(byModel.at(1).toObject().value(u"promptTokens"_s).toInteger(), 1300);

    const QJsonObject b = report.value(u"budget"_s).toObject();
    QCOMPARE(b.value(u"exhausted"_s).toBool(), true);
    QCOMPARE(b.value(u"dailyAlert"_s).toBool(), true);
    QCOMPARE(b.value(u"resumesAt"_s).toString(), u"2026-11-23T00:00:00+01:00"_s);
}

void TestUsageReport::emptyReport()
{
    const QJsonObject report = usageReportJson({}, {}, BudgetStatus{}, u"x"_s);
    QVERIFY(report.value(u"days"_s).toArray().isEmpty());
    QVERIFY(report.value(u"byModel"_s).toArray().isEmpty());
    const QJsonObject totals = report.value(u"totals"_s).toObject();
    QCOMPARE(totals.value(u"turns"_s).toInt(), 0);
    QCOMPARE(totals.value(u"costUsd"_s).toDouble(), 0.0);
    QCOMPARE(totals.value(u"sources"_s).toObject().size(), 6);
}

// The admin panel's usage and health figures: latency percentiles (nearest
// rank) of model answers by day, turns per animal, failures by kind, and
// today's turns and blocks counted in SQL.
void TestUsageReport::panelFigures()
{
    QCOMPARE(UsageRepository::percentile({}, 50), 0);
    QCOMPARE(UsageRepository::percentile({7}, 95), 7);
    const QList<qint64> tens = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
    QCOMPARE(UsageRepository::percentile(tens, 50), 500);
    QCOMPARE(UsageRepository::percentile(tens, 95), 1000);
    QCOMPARE(UsageRepository::percentile(tens, 90), 900);

    const auto add = [this](const QDateTime &at, ReplySource source, qint64 latencyMs, const QString &errorKind,
                            bool blocked) {
        Turn t;
        t.conversationId = m_conversationId;
        t.visitorText = u"hola"_s;
        t.reply = u"hola"_s;
        t.source = source;
        t.latencyMs = latencyMs;
        t.errorKind = errorKind;
        t.blocked = blocked;
        t.createdAt = UsageRepository::storedTime(at);
        t.finishedAt = t.createdAt;
        ZK_VERIFY_OK(ConversationRepository(*m_db).saveTurn(t, std::nullopt));
    };
    add(local(2026, 11, 22, 10, 0), ReplySource::Model, 1000, {}, false);
    add(local(2026, 11, 22, 10, 5), ReplySource::FallbackModel, 3000, u"timeout"_s, false);
    add(local(2026, 11, 22, 10, 10), ReplySource::Offline, 5, u"server_error"_s, false);
    add(local(2026, 11, 22, 10, 15), ReplySource::Blocked, 2, {}, true);
    add(local(2026, 11, 24, 10, 0), ReplySource::Model, 200, {}, false);

    const auto latency = m_usage->latencyByDay(local(2026, 11, 22, 0, 0), local(2026, 11, 23, 0, 0));
    ZK_VERIFY_OK(latency);
    QCOMPARE(latency->size(), 1);
    QCOMPARE(latency->first().day, u"2026-11-22"_s);
    QCOMPARE(latency->first().turns, 2); // model answers only
    QCOMPARE(latency->first().p50Ms, 1000);
    QCOMPARE(latency->first().p95Ms, 3000);

    const auto failures = m_usage->failuresByKind({}, {});
    ZK_VERIFY_OK(failures);
    QCOMPARE(failures->size(), 2);
    QCOMPARE(failures->at(0).key, u"server_error"_s);
    QCOMPARE(failures->at(1).key, u"timeout"_s);
    QCOMPARE(failures->at(1).count, 1);

    const auto animals = m_usage->turnsByAnimal(local(2026, 11, 22, 0, 0), local(2026, 11, 23, 0, 0));
    ZK_VERIFY_OK(animals);
    QCOMPARE(animals->size(), 1);
    QCOMPARE(animals->first().count, 4);

    const auto counts = ConversationRepository(*m_db).countTurns(QDate(2026, 11, 22), QDate(2026, 11, 22));
    ZK_VERIFY_OK(counts);
    QCOMPARE(counts->turns, 4);
    QCOMPARE(counts->blocked, 1);
    const auto all = ConversationRepository(*m_db).countTurns({}, {});
    QCOMPARE(all->turns, 5);
    QCOMPARE(ConversationRepository(*m_db).countTurns(QDate(2026, 11, 23), QDate(2026, 11, 23))->turns, 0);
}

QTEST_GUILESS_MAIN(TestUsageReport)
#include "tst_usagereport.moc"
