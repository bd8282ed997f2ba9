// The staff console's status light (fleet/kioskhealth): status.get's answer
// read into green or amber with the concerns behind it.
#include "fleet/kioskhealth.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::fleet::Concern;
using zk::fleet::Light;

namespace {

QJsonObject healthy()
{
    return QJsonObject{{u"breaker"_s, QJsonObject{{u"state"_s, u"closed"_s}}},
                       {u"emergencyMode"_s, false},
                       {u"online"_s, true},
                       {u"budget"_s, QJsonObject{{u"spentTodayUsd"_s, 1.0}, {u"dailyUsd"_s, 5.0},
                                                 {u"spentMonthUsd"_s, 10.0}, {u"monthlyUsd"_s, 100.0},
                                                 {u"exhausted"_s, false}}}};
}

} // namespace

class TestKioskHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthyIsGreen()
    {
        const auto h = zk::fleet::assessStatus(healthy());
        QCOMPARE(h.light, Light::Green);
        QVERIFY(h.concerns.isEmpty());
        QCOMPARE(h.budgetShare, 0.2);
    }

    void breakerOpenOrHalfOpenIsAmber()
    {
        for (const QString &state : {u"open"_s, u"half_open"_s}) {
            QJsonObject s = healthy();
            s.insert(u"breaker"_s, QJsonObject{{u"state"_s, state}});
            const auto h = zk::fleet::assessStatus(s);
            QCOMPARE(h.light, Light::Amber);
            QCOMPARE(h.concerns, QList{Concern::BreakerOpen});
        }
    }

    void budgetAtEightyPercentOfTheDayOrTheMonth()
    {
        QJsonObject s = healthy();
        s.insert(u"budget"_s, QJsonObject{{u"spentTodayUsd"_s, 3.99}, {u"dailyUsd"_s, 5.0},
                                          {u"spentMonthUsd"_s, 79.0}, {u"monthlyUsd"_s, 100.0}});
        QCOMPARE(zk::fleet::assessStatus(s).light, Light::Green);   // 79.8% and 79%
        s.insert(u"budget"_s, QJsonObject{{u"spentTodayUsd"_s, 1.0}, {u"dailyUsd"_s, 5.0},
                                          {u"spentMonthUsd"_s, 80.0}, {u"monthlyUsd"_s, 100.0}});
        const auto month = zk::fleet::assessStatus(s);
        QCOMPARE(month.concerns, QList{Concern::BudgetHigh});
        QCOMPARE(month.budgetShare, 0.8);
        // No budget set (0): no share, no concern.
        s.insert(u"budget"_s, QJsonObject{{u"spentTodayUsd"_s, 1.0}, {u"dailyUsd"_s, 0.0}});
        QCOMPARE(zk::fleet::assessStatus(s).light, Light::Green);
        // Spent: that concern, not also "high".
        s.insert(u"budget"_s, QJsonObject{{u"spentTodayUsd"_s, 5.0}, {u"dailyUsd"_s, 5.0}, {u"exhausted"_s, true}});
        QCOMPARE(zk::fleet::assessStatus(s).concerns, QList{Concern::BudgetSpent});
    }

    void emergencyAndOfflineAreAmber()
    {
        QJsonObject s = healthy();
        s.insert(u"emergencyMode"_s, true);
        s.insert(u"online"_s, false);
        const auto h = zk::fleet::assessStatus(s);
        QCOMPARE(h.light, Light::Amber);
        QCOMPARE(h.concerns, (QList{Concern::EmergencyMode, Concern::Offline}));
    }
};

QTEST_GUILESS_MAIN(TestKioskHealth)
#include "tst_kioskhealth.moc"
