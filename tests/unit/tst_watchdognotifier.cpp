// The sd_notify protocol spoken by WatchdogNotifier, against a fake
// NOTIFY_SOCKET: READY=1 and STATUS=, WATCHDOG=1 at half of WATCHDOG_USEC from
// this thread's event loop, and no heartbeat while that loop is blocked.
#include "core/watchdognotifier.h"
#include "notifysocket.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using zk::WatchdogNotifier;
using zk::test::countMessages;
using zk::test::NotifySocket;

class TestWatchdogNotifier : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QProcessEnvironment env(const QString &socket, const QString &watchdogUsec = {})
    {
        QProcessEnvironment e;
        e.insert(u"NOTIFY_SOCKET"_s, socket);
        if (!watchdogUsec.isEmpty())
            e.insert(u"WATCHDOG_USEC"_s, watchdogUsec);
        return e;
    }

private Q_SLOTS:
    void inactiveWithoutSocket()
    {
        WatchdogNotifier n{QProcessEnvironment()};
        QVERIFY(!n.isActive());
        QCOMPARE(n.heartbeatInterval().count(), 0);
        QVERIFY(!n.notifyReady(u"x"_s));
        QVERIFY(!n.send("WATCHDOG=1"));
        WatchdogNotifier relative{env(u"relative/path"_s, u"1000000"_s)};
        QVERIFY(!relative.isActive());
        QCOMPARE(relative.heartbeatInterval().count(), 0);
    }

    void readyAndStatusWithoutWatchdog()
    {
        NotifySocket socket(m_dir.filePath(u"notify-1"_s));
        QVERIFY(socket.isBound());
        WatchdogNotifier n{env(socket.name())};
        QVERIFY(n.isActive());
        QCOMPARE(n.heartbeatInterval().count(), 0);
        QVERIFY(n.notifyReady(u"Showing the kiosk screen"_s));
        QVERIFY(n.notifyStatus(u"Closed: screen blank"_s));
        QTest::qWait(50);
        const auto messages = socket.drain();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0], QByteArray("READY=1\nSTATUS=Showing the kiosk screen"));
        QCOMPARE(messages[1], QByteArray("STATUS=Closed: screen blank"));
        QCOMPARE(n.heartbeatsSent(), 0);
    }

    void heartbeatsFromTheEventLoop_data()
    {
        QTest::addColumn<QString>("socketName");
        QTest::newRow("path") << m_dir.filePath(u"notify-2"_s);
        QTest::newRow("abstract") << u"@zk-test-notify-%1"_s.arg(QCoreApplication::applicationPid());
    }

    void heartbeatsFromTheEventLoop()
    {
        QFETCH(QString, socketName);
        NotifySocket socket(socketName);
        QVERIFY(socket.isBound());
        WatchdogNotifier n{env(socket.name(), u"100000"_s)}; // 100 ms: a heartbeat every 50 ms
        QCOMPARE(n.heartbeatInterval().count(), 50);

        QVERIFY(n.notifyReady());
        QTest::qWait(400);
        auto messages = socket.drain();
        QCOMPARE(messages.value(0), QByteArray("READY=1"));
        const int beats = countMessages(messages, "WATCHDOG=1");
        QVERIFY2(beats >= 3, qPrintable(u"%1 heartbeats in 400 ms"_s.arg(beats))); // 8 on an idle machine

        // A frozen event loop: this thread blocks, so no heartbeat is sent.
        QThread::msleep(400);
        messages = socket.drain();
        QCOMPARE(countMessages(messages, "WATCHDOG=1"), 0);

        // The loop turns again: heartbeats come back.
        QVERIFY(QTest::qWaitFor([&] { messages += socket.drain(); return countMessages(messages, "WATCHDOG=1") >= 2; },
                                2000));

        QVERIFY(n.notifyStopping());
        socket.drain();
        QTest::qWait(200);
        QCOMPARE(countMessages(socket.drain(), "WATCHDOG=1"), 0);
    }

    void goneSocketIsNotFatal()
    {
        WatchdogNotifier n{env(m_dir.filePath(u"nobody-listens"_s), u"20000"_s)};
        QVERIFY(n.isActive());
        QVERIFY(!n.notifyReady());
        QTest::qWait(50);
        QCOMPARE(n.heartbeatsSent(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWatchdogNotifier)
#include "tst_watchdognotifier.moc"
