// kiosk/opening_hours: parsing, open/closed at injected times (weekdays,
// weekends, past midnight) and the next change.
#include "core/config.h"
#include "core/openinghours.h"

#include <QTest>

using namespace Qt::StringLiterals;
using zk::OpeningHours;

namespace {
// 2026-11-23 is a Monday.
QDateTime at(int dayOffset, const char *time)
{
    return QDateTime(QDate(2026, 11, 23).addDays(dayOffset), QTime::fromString(QString::fromLatin1(time), u"HH:mm"_s));
}
} // namespace

class TestOpeningHours : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyIsAlwaysOpen()
    {
        const auto h = OpeningHours::parse({});
        QVERIFY(h);
        QVERIFY(h->isAlwaysOpen());
        QVERIFY(h->isOpen(at(0, "03:00")));
        QVERIFY(!h->nextChange(at(0, "03:00")).isValid());
    }

    void weekdaysAndWeekend()
    {
        const auto h = OpeningHours::parse(u"Mon-Fri 09:00-17:30, sat-sunday 10:00-18:00"_s);
        QVERIFY2(h, h ? "" : qPrintable(h.error().message));
        QCOMPARE(h->toString(), u"mon-fri 09:00-17:30, sat-sun 10:00-18:00"_s);
        QVERIFY(!h->isOpen(at(0, "08:59")));
        QVERIFY(h->isOpen(at(0, "09:00")));
        QVERIFY(h->isOpen(at(4, "17:29")));
        QVERIFY(!h->isOpen(at(4, "17:30")));
        QVERIFY(!h->isOpen(at(5, "09:30")));   // Saturday
        QVERIFY(h->isOpen(at(5, "10:00")));
        QVERIFY(h->isOpen(at(6, "17:59")));    // Sunday
        QCOMPARE(h->nextChange(at(0, "08:15")), at(0, "09:00"));
        QCOMPARE(h->nextChange(at(0, "12:00")), at(0, "17:30"));
        QCOMPARE(h->nextChange(at(4, "20:00")), at(5, "10:00"));
    }

    void pastMidnightAndWrappingDays()
    {
        const auto h = OpeningHours::parse(u"fri-mon 18:00-02:00"_s);
        QVERIFY(h);
        QVERIFY(h->isOpen(at(4, "23:00")));   // Friday night
        QVERIFY(h->isOpen(at(5, "01:59")));   // into Saturday
        QVERIFY(!h->isOpen(at(5, "02:00")));
        QVERIFY(h->isOpen(at(1, "01:00")));   // Monday's night runs into Tuesday
        QVERIFY(!h->isOpen(at(1, "18:30")));  // but Tuesday evening is closed
        const auto daily = OpeningHours::parse(u"08:00-24:00"_s);
        QVERIFY(daily);
        QVERIFY(daily->isOpen(at(2, "23:59")));
        QVERIFY(!daily->isOpen(at(2, "00:30")));
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no times") << u"mon-fri"_s;
        QTest::newRow("bad day") << u"funday 09:00-17:00"_s;
        QTest::newRow("bad time") << u"09:00-25:00"_s;
        QTest::newRow("daily range") << u"daily-mon 09:00-10:00"_s;
        QTest::newRow("words") << u"always"_s;
    }

    void malformed()
    {
        QFETCH(QString, text);
        QVERIFY(!OpeningHours::parse(text));
    }

    void configKey()
    {
        QVERIFY(zk::ConfigLoader::isKnownKey(u"kiosk/opening_hours"_s));
        QVERIFY(!zk::ConfigLoader::validate(u"kiosk/opening_hours"_s, u"nonsense"_s).isEmpty());
        QVERIFY(zk::ConfigLoader::validate(u"kiosk/opening_hours"_s, u"mon-fri 09:00-17:00"_s).isEmpty());
        const auto out = zk::ConfigLoader::load({{u"kiosk/opening_hours"_s, u"daily 9:00-17:00"_s}}, {});
        QCOMPARE(out.config.kioskOpeningHours, u"09:00-17:00"_s);
    }
};

QTEST_GUILESS_MAIN(TestOpeningHours)
#include "tst_openinghours.moc"
