// The real zookiosk (offscreen) under a fake systemd notification socket, as
// the kiosk service starts it (Type=notify, WatchdogSec=): READY=1 once the
// screen is up, WATCHDOG=1 at half of WATCHDOG_USEC, and silence while the
// process is frozen (SIGSTOP), so systemd would restart it.
#include "../unit/notifysocket.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using zk::test::countMessages;
using zk::test::NotifySocket;

class TestKioskWatchdog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void heartbeatsStopWhenFrozen()
    {
        const QString kiosk = QFileInfo(QStringLiteral(ZK_CTL_PATH)).dir().filePath(u"zookiosk"_s);
        if (!QFileInfo(kiosk).isExecutable())
            QSKIP("zookiosk is not built");
        QTemporaryDir dir;
        NotifySocket socket(dir.filePath(u"notify"_s));
        QVERIFY(socket.isBound());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"OPENAI_API_KEY"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"ZOOKIOSK_DATA_DIR"_s, dir.filePath(u"data"_s));
        env.insert(u"ZOOKIOSK_CONFIG"_s, dir.filePath(u"none.conf"_s));
        env.insert(u"OPENAI_BASE_URL"_s, u"http://127.0.0.1:9/v1"_s);
        env.insert(u"NOTIFY_SOCKET"_s, socket.name());
        env.insert(u"WATCHDOG_USEC"_s, u"400000"_s); // a heartbeat every 200 ms
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(kiosk, {u"--windowed"_s});
        QVERIFY(p.waitForStarted());
        auto stop = qScopeGuard([&] {
            ::kill(pid_t(p.processId()), SIGCONT);
            p.kill();
            p.waitForFinished();
        });

        QList<QByteArray> messages;
        QVERIFY2(QTest::qWaitFor([&] { messages += socket.drain(); return countMessages(messages, "READY=1") == 1; },
                                 20000),
                 "no READY=1 from zookiosk");
        QVERIFY(QTest::qWaitFor([&] { messages += socket.drain(); return countMessages(messages, "WATCHDOG=1") >= 3; },
                                5000));

        // Frozen: not one heartbeat in 1.2 s (three intervals' worth would be six).
        QVERIFY(::kill(pid_t(p.processId()), SIGSTOP) == 0);
        QTest::qWait(100); // a datagram sent just before the stop
        socket.drain();
        QTest::qWait(1200);
        QCOMPARE(countMessages(socket.drain(), "WATCHDOG=1"), 0);

        // Thawed: they come back, from the same process.
        QVERIFY(::kill(pid_t(p.processId()), SIGCONT) == 0);
        messages.clear();
        QVERIFY(QTest::qWaitFor([&] { messages += socket.drain(); return countMessages(messages, "WATCHDOG=1") >= 2; },
                                5000));
        QCOMPARE(p.state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(TestKioskWatchdog)
#include "tst_kioskwatchdog.moc"
