// BudgetGuard: spend per local day and month with an injected clock (across
// midnight and the month's end), the 80% alert once, 100% stops API calls
// until the period ends, alerts survive a restart, a zero budget, and an
// unreadable spend. Real SQLite in a temporary directory.
//
// The kiosk's time zone is fixed to Central European Time (with its DST rule,
// as a POSIX TZ string so no tzdata is needed): local midnight is then 23:00
// or 22:00 UTC, so a UTC calendar would give different answers.

#include "cost/budgetguard.h"
#include "persona/defaultcontent.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/usagerepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <ctime>
#include <memory>

using namespace Qt::StringLiterals;
using namespace zk::storage;
using zk::cost::BudgetGuard;
using zk::cost::BudgetSettings;
using zk::cost::BudgetStatus;

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

QDateTime local(int y, int m, int d, int h = 12, int min = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s, ms), Qt::LocalTime);
}

} // namespace

class TestBudgetGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void timeZoneIsFixed();
    void spentTodayAndThisMonth();
    void periodsFollowTheClockAcrossMidnightAndMonthEnd();
    void alertAt80PercentOnce();
    void exhaustedDayStopsCallsUntilTomorrow();
    void exhaustedMonthStopsCallsUntilNextMonth();
    void crossingBothThresholdsAtOnce();
    void alertsAreNotRepeatedAfterRestart();
    void monthlyAlertIsItsOwn();
    void zeroBudgetMeansNoCalls();
    void alertRatioOfOneOrMoreHasNoEarlyWarning();
    void unreadableSpendStopsCalls();
    void alertIsRetriedWhenItCouldNotBeRecorded();

private:
    void openDatabase();
    std::unique_ptr<BudgetGuard> guard(BudgetSettings settings = {});
    // One stored turn with its usage row, asked and finished at `at`.
    void spend(double usd, const QDateTime &at, const QString &model = u"gpt-4o"_s);
    QList<Event> events(const QString &kind);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UsageRepository> m_usage;
    std::unique_ptr<EventRepository> m_events;
    QString m_conversationId;
    QDateTime m_now;
};

void TestBudgetGuard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    tzset();
}

void TestBudgetGuard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    openDatabase();

    const auto content = zk::persona::loadDefaultContent();
    ZK_VERIFY_OK(content);
    QVERIFY(!content->animals.isEmpty());
    ZK_VERIFY_OK(AnimalRepository(*m_db).seedDefault(content->animals.first()));
    const auto conversation = ConversationRepository(*m_db).create(content->animals.first().id, u"en"_s);
    ZK_VERIFY_OK(conversation);
    m_conversationId = conversation->id;
    m_now = local(2026, 11, 22, 10, 0);
}

void TestBudgetGuard::cleanup()
{
    m_usage.reset();
    m_events.reset();
    m_db.reset();
    m_dir.reset();
}

void TestBudgetGuard::openDatabase()
{
    m_usage.reset();
    m_events.reset();
    m_db.reset();
    m_db = std::make_unique<Database>(m_dir->filePath(u"zookiosk.db"_s));
    ZK_VERIFY_OK(m_db->open());
    m_usage = std::make_unique<UsageRepository>(*m_db);
    m_events = std::make_unique<EventRepository>(*m_db);
}

std::unique_ptr<BudgetGuard> TestBudgetGuard::guard(BudgetSettings settings)
{
    return std::make_unique<BudgetGuard>(*m_usage, *m_events, settings, [this] { return m_now; });
}

void TestBudgetGuard::spend(double usd, const QDateTime &at, const QString &model)
{
    const QString stamp = UsageRepository::storedTime(at);
    Turn turn;
    turn.conversationId = m_conversationId;
    turn.visitorText = u"What do you eat?"_s;
    turn.reply = u"Bamboo!"_s;
    turn.model = model;
    turn.createdAt = stamp;
    turn.finishedAt = stamp;
    UsageRecord usage;
    usage.model = model;
    usage.purpose = u"reply"_s;
    usage.promptTokens = 100;
    usage.completionTokens = 50;
    usage.createdAt = stamp;
    usage.costUsd = usd;
    ZK_VERIFY_OK(ConversationRepository(*m_db).saveTurn(turn, usage));
}

QList<Event> TestBudgetGuard::events(const QString &kind)
{
    QList<Event> matching;
    const auto all = m_events->recent(1000);
    if (!all.ok())
        return matching;
    for (const Event &e : *all) {
        if (e.kind == kind)
            matching.append(e);
    }
    return matching;
}

// ---------------------------------------------------------------------------

void TestBudgetGuard::timeZoneIsFixed()
{
    // Winter: UTC+1. Local midnight of 22 November is 23:00 UTC on the 21st.
    QCOMPARE(local(2026, 11, 22, 0, 0).toUTC(), QDateTime(QDate(2026, 11, 21), QTime(23, 0), Qt::UTC));
    // Summer: UTC+2.
    QCOMPARE(local(2026, 7, 1, 0, 0).toUTC(), QDateTime(QDate(2026, 6, 30), QTime(22, 0), Qt::UTC));
}

void TestBudgetGuard::spentTodayAndThisMonth()
{
    spend(1.00, local(2026, 11, 21, 23, 59, 59, 999)); // yesterday (22:59 UTC on the 21st)
    spend(2.00, local(2026, 11, 22, 0, 0));            // today's first instant (23:00 UTC on the 21st)
    spend(0.50, local(2026, 11, 22, 0, 30));           // today locally, yesterday in UTC
    spend(0.25, local(2026, 11, 22, 23, 59, 59, 999)); // today's last millisecond
    spend(8.00, local(2026, 11, 23, 0, 0));            // tomorrow
    spend(4.00, local(2026, 10, 31, 23, 59, 59));      // last month
    spend(0.10, local(2026, 11, 1, 0, 0));             // this month's first instant
    spend(16.0, local(2026, 12, 1, 0, 0));             // next month

    const BudgetStatus s = guard({5.0, 100.0, 0.8})->status();
    QCOMPARE(s.day, u"2026-11-22"_s);
    QCOMPARE(s.month, u"2026-11"_s);
    QCOMPARE(s.spentTodayUsd, 2.75);
    QCOMPARE(s.spentMonthUsd, 1.00 + 2.00 + 0.50 + 0.25 + 8.00 + 0.10);
    QCOMPARE(s.dailyUsd, 5.0);
    QCOMPARE(s.monthlyUsd, 100.0);
    QVERIFY(!s.dailyAlert);
    QVERIFY(!s.exhausted);
    QVERIFY(!s.spendUnknown);
    QVERIFY(!s.resumesAt.isValid());
}

void TestBudgetGuard::periodsFollowTheClockAcrossMidnightAndMonthEnd()
{
    spend(3.00, local(2026, 11, 30, 23, 59, 59));
    spend(1.00, local(2026, 12, 1, 0, 0, 1));
    const auto g = guard();

    m_now = local(2026, 11, 30, 23, 59, 59, 999);
    BudgetStatus s = g->status();
    QCOMPARE(s.day, u"2026-11-30"_s);
    QCOMPARE(s.spentTodayUsd, 3.00);
    QCOMPARE(s.spentMonthUsd, 3.00);

    m_now = local(2026, 12, 1, 0, 0, 0);
    s = g->status();
    QCOMPARE(s.day, u"2026-12-01"_s);
    QCOMPARE(s.month, u"2026-12"_s);
    QCOMPARE(s.spentTodayUsd, 1.00);
    QCOMPARE(s.spentMonthUsd, 1.00);

    // Year end too.
    spend(2.00, local(2026, 12, 31, 23, 0));
    m_now = local(2027, 1, 1, 0, 0, 0);
    s = g->status();
    QCOMPARE(s.month, u"2027-01"_s);
    QCOMPARE(s.spentTodayUsd, 0.0);
    QCOMPARE(s.spentMonthUsd, 0.0);
}

void TestBudgetGuard::alertAt80PercentOnce()
{
    const auto g = guard({5.0, 100.0, 0.8});
    spend(3.90, m_now.addSecs(-60));
    g->checkThresholds();
    QVERIFY(!g->status().dailyAlert);
    QCOMPARE(events(u"budget_80"_s).size(), 0);

    spend(0.20, m_now.addSecs(-30)); // 4.10 >= 4.00
    g->checkThresholds();
    QVERIFY(g->status().dailyAlert);
    QVERIFY(g->allowsApiCall());
    auto alerts = events(u"budget_80"_s);
    QCOMPARE(alerts.size(), 1);
    const Event &e = alerts.first();
    QCOMPARE(e.severity, Severity::Warning);
    QCOMPARE(e.category, u"alert"_s);
    QVERIFY2(e.message.contains(u"$4.10"_s) && e.message.contains(u"$5.00"_s), qPrintable(e.message));
    QCOMPARE(e.createdAt, UsageRepository::storedTime(m_now));
    const QJsonObject details = QJsonDocument::fromJson(e.detailsJson.toUtf8()).object();
    QCOMPARE(details.value(u"period"_s).toString(), u"day"_s);
    QCOMPARE(details.value(u"periodKey"_s).toString(), u"2026-11-22"_s);
    QCOMPARE(details.value(u"threshold"_s).toDouble(), 0.8);
    QCOMPARE(details.value(u"spentUsd"_s).toDouble(), 4.10);
    QCOMPARE(details.value(u"budgetUsd"_s).toDouble(), 5.0);

    // More spend and more checks in the same day: no second alert.
    spend(0.10, m_now.addSecs(-10));
    g->checkThresholds();
    g->checkThresholds();
    QCOMPARE(events(u"budget_80"_s).size(), 1);
    QCOMPARE(events(u"budget_100"_s).size(), 0);
}

void TestBudgetGuard::exhaustedDayStopsCallsUntilTomorrow()
{
    const auto g = guard({5.0, 100.0, 0.8});
    spend(4.99, m_now.addSecs(-60));
    QVERIFY(g->allowsApiCall());
    spend(0.01, m_now.addSecs(-30)); // exactly 5.00 (within float noise)
    QVERIFY(!g->allowsApiCall());
    BudgetStatus s = g->status();
    QVERIFY(s.exhausted);
    QVERIFY(s.dailyExhausted);
    QVERIFY(!s.monthlyExhausted);
    QCOMPARE(s.resumesAt, local(2026, 11, 23, 0, 0));

    g->checkThresholds();
    const auto stops = events(u"budget_100"_s);
    QCOMPARE(stops.size(), 1);
    QCOMPARE(stops.first().severity, Severity::Error);
    QCOMPARE(stops.first().category, u"alert"_s);
    QVERIFY2(stops.first().message.contains(u"2026-11-23T00:00:00+01:00"_s), qPrintable(stops.first().message));

    // Still blocked at the day's last millisecond; open again at midnight.
    m_now = local(2026, 11, 22, 23, 59, 59, 999);
    QVERIFY(!g->allowsApiCall());
    m_now = local(2026, 11, 23, 0, 0);
    QVERIFY(g->allowsApiCall());
    QVERIFY(!g->status().resumesAt.isValid());
}

void TestBudgetGuard::exhaustedMonthStopsCallsUntilNextMonth()
{
    const auto g = guard({5.0, 10.0, 0.8});
    spend(4.50, local(2026, 11, 20, 12, 0));
    spend(4.50, local(2026, 11, 21, 12, 0));
    spend(1.00, local(2026, 11, 22, 9, 0)); // month: 10.00
    BudgetStatus s = g->status();
    QVERIFY(s.monthlyExhausted);
    QVERIFY(!s.dailyExhausted);
    QVERIFY(!g->allowsApiCall());
    QCOMPARE(s.resumesAt, local(2026, 12, 1, 0, 0));

    // A new day does not help; a new month does.
    m_now = local(2026, 11, 30, 8, 0);
    QVERIFY(!g->allowsApiCall());
    m_now = local(2026, 12, 1, 0, 0);
    QVERIFY(g->allowsApiCall());

    // Both spent: resume at the later of the two (the month's end).
    m_now = local(2026, 11, 22, 10, 0);
    spend(5.00, local(2026, 11, 22, 9, 30)); // day: 6.00
    s = g->status();
    QVERIFY(s.dailyExhausted && s.monthlyExhausted);
    QCOMPARE(s.resumesAt, local(2026, 12, 1, 0, 0));
}

void TestBudgetGuard::crossingBothThresholdsAtOnce()
{
    const auto g = guard({5.0, 100.0, 0.8});
    spend(6.00, m_now.addSecs(-5));
    g->checkThresholds();
    QCOMPARE(events(u"budget_80"_s).size(), 1);
    QCOMPARE(events(u"budget_100"_s).size(), 1);
    g->checkThresholds();
    QCOMPARE(events(u"budget_80"_s).size(), 1);
    QCOMPARE(events(u"budget_100"_s).size(), 1);
}

void TestBudgetGuard::alertsAreNotRepeatedAfterRestart()
{
    {
        const auto g = guard({5.0, 100.0, 0.8});
        spend(4.50, m_now.addSecs(-60));
        g->checkThresholds();
        QCOMPARE(events(u"budget_80"_s).size(), 1);
    }

    // "Restart": a new connection to the same file and a new guard.
    openDatabase();
    {
        const auto g = guard({5.0, 100.0, 0.8});
        g->checkThresholds();
        QCOMPARE(events(u"budget_80"_s).size(), 1);

        // The next day is a new period with its own alert.
        m_now = local(2026, 11, 23, 10, 0);
        spend(4.50, m_now.addSecs(-60));
        g->checkThresholds();
        QCOMPARE(events(u"budget_80"_s).size(), 2);
    }
}

void TestBudgetGuard::monthlyAlertIsItsOwn()
{
    const auto g = guard({50.0, 100.0, 0.8});
    spend(40.00, local(2026, 11, 10, 12, 0));
    spend(41.00, local(2026, 11, 22, 9, 0)); // day: 41 of 50 (82%), month: 81 of 100 (81%)
    g->checkThresholds();
    const auto alerts = events(u"budget_80"_s);
    QCOMPARE(alerts.size(), 2);
    QStringList periods;
    for (const Event &e : alerts)
        periods << QJsonDocument::fromJson(e.detailsJson.toUtf8()).object().value(u"periodKey"_s).toString();
    periods.sort();
    QCOMPARE(periods, (QStringList{u"2026-11"_s, u"2026-11-22"_s}));
    const BudgetStatus s = g->status();
    QVERIFY(s.dailyAlert);
    QVERIFY(s.monthlyAlert);
    QVERIFY(!s.exhausted);
}

void TestBudgetGuard::zeroBudgetMeansNoCalls()
{
    {
        const auto g = guard({0.0, 100.0, 0.8});
        QVERIFY(!g->allowsApiCall());
        const BudgetStatus s = g->status();
        QVERIFY(s.exhausted);
        QVERIFY(s.dailyExhausted);
        QVERIFY(!s.resumesAt.isValid()); // not until the budget is raised
        QVERIFY(!s.dailyAlert);
        g->checkThresholds();
    }
    {
        const auto g = guard({5.0, 0.0, 0.8});
        QVERIFY(!g->allowsApiCall());
        QVERIFY(g->status().monthlyExhausted);
        m_now = local(2026, 12, 1, 0, 0);
        QVERIFY(!g->allowsApiCall());
        g->checkThresholds();
    }
    QCOMPARE(events(u"budget_80"_s).size(), 0);
    QCOMPARE(events(u"budget_100"_s).size(), 0);
}

void TestBudgetGuard::alertRatioOfOneOrMoreHasNoEarlyWarning()
{
    const auto g = guard({5.0, 100.0, 1.0});
    spend(4.90, m_now.addSecs(-60));
    g->checkThresholds();
    QVERIFY(!g->status().dailyAlert);
    QCOMPARE(events(u"budget_80"_s).size(), 0);
    spend(0.20, m_now.addSecs(-30));
    g->checkThresholds();
    QCOMPARE(events(u"budget_80"_s).size(), 0);
    QCOMPARE(events(u"budget_100"_s).size(), 1);
}

void TestBudgetGuard::unreadableSpendStopsCalls()
{
    const auto g = guard();
    QVERIFY(g->allowsApiCall());
    m_db->close();
    QVERIFY(!g->allowsApiCall());
    const BudgetStatus s = g->status();
    QVERIFY(s.spendUnknown);
    QVERIFY(s.exhausted);
    g->checkThresholds(); // nothing to do, nothing crashes
}

void TestBudgetGuard::alertIsRetriedWhenItCouldNotBeRecorded()
{
    const auto g = guard({5.0, 100.0, 0.8});
    spend(4.50, m_now.addSecs(-60));

    // The events table is out of reach: the alert cannot be recorded ...
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"ALTER TABLE events RENAME TO events_away"_s));
    g->checkThresholds();
    QVERIFY(q.exec(u"ALTER TABLE events_away RENAME TO events"_s));
    QCOMPARE(events(u"budget_80"_s).size(), 0);

    // ... so it is not marked as raised, and the next check raises it.
    g->checkThresholds();
    QCOMPARE(events(u"budget_80"_s).size(), 1);
}

QTEST_GUILESS_MAIN(TestBudgetGuard)
#include "tst_budgetguard.moc"
