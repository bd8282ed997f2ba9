// Outside opening hours the kiosk is black; a touch wakes it without pressing
// what is under it; it goes dark again after the wake time; opening time lifts
// it. The clock is injected.
#include "screenblanker.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using zk::OpeningHours;
using zk::ui::ScreenBlanker;

class TestScreenBlanker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blanksWakesAndLifts()
    {
        QDateTime now(QDate(2026, 11, 23), QTime(22, 0)); // a Monday night
        QWidget window;
        window.resize(800, 600);
        auto *button = new QPushButton(u"Tap"_s, &window);
        button->setGeometry(100, 100, 200, 100);
        QSignalSpy clicked(button, &QPushButton::clicked);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        ScreenBlanker blanker(&window, *OpeningHours::parse(u"mon-fri 09:00-17:00"_s), 200, [&now] { return now; });
        QSignalSpy changed(&blanker, &ScreenBlanker::blankChanged);
        QVERIFY(blanker.isBlank());                     // closed at start: black at once
        QCOMPARE(blanker.geometry(), window.rect());

        QTest::mouseClick(button, Qt::LeftButton);      // wakes, presses nothing
        QVERIFY(!blanker.isBlank());
        QCOMPARE(clicked.count(), 0);
        QTest::mouseClick(button, Qt::LeftButton);      // awake: the kiosk works
        QCOMPARE(clicked.count(), 1);

        blanker.evaluate();                             // touched just now: stays awake
        QVERIFY(!blanker.isBlank());
        QTest::qWait(250);
        blanker.evaluate();                             // the wake time passed: dark again
        QVERIFY(blanker.isBlank());

        now = QDateTime(QDate(2026, 11, 24), QTime(9, 0)); // Tuesday opening time
        blanker.evaluate();
        QVERIFY(!blanker.isBlank());
        QCOMPARE(changed.count(), 3); // woken, dark again, lifted
    }

    void alwaysOpenNeverBlanks()
    {
        QWidget window;
        ScreenBlanker blanker(&window, OpeningHours{}, 0, [] { return QDateTime(QDate(2026, 1, 1), QTime(3, 0)); });
        blanker.evaluate();
        QVERIFY(!blanker.isBlank());
    }
};

QTEST_MAIN(TestScreenBlanker)
#include "tst_screenblanker.moc"
