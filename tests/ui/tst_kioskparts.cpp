// The kiosk screen's small parts on their own, with short intervals: the idle
// countdown, the staff gesture, the closing keys, the delta batching, the theme
// and the kiosk settings.
#include "core/config.h"
#include "deltabatcher.h"
#include "idlecontroller.h"
#include "keylockdown.h"
#include "staffgesture.h"
#include "theme.h"
#include "transcriptview.h"

#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::StringLiterals;
using namespace zk::ui;

class TestKioskParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idleStartsCountdownThenTimesOut()
    {
        IdleController idle(100, 300);
        QSignalSpy started(&idle, &IdleController::countdownStarted);
        QSignalSpy ticks(&idle, &IdleController::countdownTick);
        QSignalSpy timedOut(&idle, &IdleController::timedOut);
        idle.setEnabled(true);
        QVERIFY(started.wait(1000));
        QCOMPARE(started.first().first().toInt(), 1); // 300 ms shows as "1"
        QVERIFY(idle.isCountingDown());
        QVERIFY(timedOut.wait(1000));
        QVERIFY(!ticks.isEmpty());
        QVERIFY(!idle.isCountingDown());
        QVERIFY(!idle.isEnabled()); // until the next visit
    }

    void activityCancelsTheCountdown()
    {
        IdleController idle(100, 400);
        QSignalSpy started(&idle, &IdleController::countdownStarted);
        QSignalSpy cancelled(&idle, &IdleController::countdownCancelled);
        QSignalSpy timedOut(&idle, &IdleController::timedOut);
        idle.setEnabled(true);
        QVERIFY(started.wait(1000));
        idle.activity();
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!idle.isCountingDown());
        QTest::qWait(250); // less than idle + countdown
        QCOMPARE(timedOut.size(), 0);
    }

    void streamingCountsAsActivity()
    {
        IdleController idle(80, 80);
        QSignalSpy started(&idle, &IdleController::countdownStarted);
        idle.setEnabled(true);
        idle.setBusy(true);
        QTest::qWait(400);
        QCOMPARE(started.size(), 0);
        idle.setBusy(false);
        QVERIFY(started.wait(1000));
    }

    void disabledNeverCountsDown()
    {
        IdleController idle(50, 50);
        QSignalSpy started(&idle, &IdleController::countdownStarted);
        idle.activity();
        QTest::qWait(200);
        QCOMPARE(started.size(), 0);
    }

    void fiveCornerTapsWithinThreeSeconds()
    {
        StaffGesture gesture;
        QSignalSpy detected(&gesture, &StaffGesture::detected);
        for (int i = 0; i < 4; ++i)
            gesture.tap(QPointF(10, 20));
        QCOMPARE(detected.size(), 0);
        gesture.tap(QPointF(90, 5));
        QCOMPARE(detected.size(), 1);
        // A tap elsewhere starts the count again.
        for (int i = 0; i < 4; ++i)
            gesture.tap(QPointF(10, 10));
        gesture.tap(QPointF(500, 300));
        gesture.tap(QPointF(10, 10));
        QCOMPARE(detected.size(), 1);
    }

    void closingKeysAreBlocked()
    {
        QVERIFY(KeyLockdown::isBlocked(Qt::Key_Escape, Qt::NoModifier));
        QVERIFY(KeyLockdown::isBlocked(Qt::Key_F4, Qt::AltModifier));
        QVERIFY(KeyLockdown::isBlocked(Qt::Key_Q, Qt::ControlModifier));
        QVERIFY(KeyLockdown::isBlocked(Qt::Key_W, Qt::ControlModifier));
        QVERIFY(KeyLockdown::isBlocked(Qt::Key_Tab, Qt::AltModifier));
        QVERIFY(KeyLockdown::isBlocked(Qt::Key_Backspace, Qt::ControlModifier | Qt::AltModifier));
        // Typing goes through.
        QVERIFY(!KeyLockdown::isBlocked(Qt::Key_Q, Qt::NoModifier));
        QVERIFY(!KeyLockdown::isBlocked(Qt::Key_W, Qt::ShiftModifier));
        QVERIFY(!KeyLockdown::isBlocked(Qt::Key_Backspace, Qt::NoModifier));
        QVERIFY(!KeyLockdown::isBlocked(Qt::Key_Tab, Qt::NoModifier));
    }

    void deltasArriveInOneBatchPerFrame()
    {
        DeltaBatcher batcher(16);
        QSignalSpy batches(&batcher, &DeltaBatcher::batchReady);
        for (int i = 0; i < 2000; ++i)
            batcher.add(u"ab"_s);
        QCOMPARE(batches.size(), 0);
        QVERIFY(batches.wait(500));
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches.first().first().toString().size(), 4000);
        batcher.add(u"x"_s);
        batcher.clear();
        QTest::qWait(60);
        QCOMPARE(batches.size(), 1);
    }

    void aBurstIsShownAFrameAtATime()
    {
        DeltaBatcher batcher(16, 4000);
        QSignalSpy batches(&batcher, &DeltaBatcher::batchReady);
        QSignalSpy drained(&batcher, &DeltaBatcher::drained);
        QString burst;
        while (burst.size() < 7995)
            burst += u"word "_s;     // 7,995 characters
        burst += u"abcd"_s;            // 7,999
        burst += u"\U0001F43C"_s;      // a panda: two UTF-16 units, at 7,999 and 8,000
        burst += QString(1999, u'x');  // 10,000 in all
        QCOMPARE(burst.size(), 10000);
        batcher.add(burst.left(6000));
        batcher.add(burst.mid(6000));
        QVERIFY(batches.wait(500));
        QCOMPARE(batches.size(), 1);
        QCOMPARE(batches.at(0).first().toString().size(), 4000); // one frame's worth
        QCOMPARE(drained.size(), 0);
        QVERIFY(batches.wait(500)); // the next frame: up to the panda, never half of it
        QCOMPARE(batches.at(1).first().toString().size(), 3999);
        QVERIFY(batches.wait(500));
        QCOMPARE(batches.at(2).first().toString().size(), 2001);
        QVERIFY(batches.at(2).first().toString().startsWith(u"\U0001F43C"_s));
        QCOMPARE(drained.size(), 1);
        QString shown;
        for (const auto &b : std::as_const(batches))
            shown += b.first().toString();
        QCOMPARE(shown, burst);
        QCOMPARE(batcher.pendingChars(), 0);
        // Without a bound, one batch.
        DeltaBatcher unbounded(16);
        QSignalSpy one(&unbounded, &DeltaBatcher::batchReady);
        unbounded.add(burst);
        QVERIFY(one.wait(500));
        QCOMPARE(one.size(), 1);
        QCOMPARE(one.first().first().toString(), burst);
    }

    void themeHasThreeTextStepsAndHighContrast()
    {
        Theme theme;
        QSignalSpy changed(&theme, &Theme::changed);
        QCOMPARE(theme.px(20), 20);
        QVERIFY(!theme.canShrinkText());
        theme.enlargeText();
        theme.enlargeText();
        theme.enlargeText(); // only three steps
        QCOMPARE(changed.size(), 2);
        QCOMPARE(theme.px(20), 30);
        QVERIFY(!theme.canEnlargeText());
        QVERIFY(theme.styleSheet().contains(u"font-size: 90px"_s)); // the 60 px title, enlarged
        theme.setHighContrast(true);
        QCOMPARE(theme.palette().background, QColor(Qt::black));
        QVERIFY(theme.styleSheet().contains(u"#ffff00"_s));
        theme.reset();
        QCOMPARE(theme.px(20), 20);
        QVERIFY(!theme.highContrast());
        // Touch targets never shrink below 64 px.
        QVERIFY(theme.styleSheet().contains(u"min-height: 64px"_s));
    }

    // A very long reply goes on in new paragraphs after sentence ends, so
    // each frame's append lays out one short paragraph, not the whole reply;
    // the reply's text itself is unchanged.
    void longReplySplitsIntoParagraphs()
    {
        Theme theme;
        TranscriptView view(theme);
        view.resize(800, 600);
        view.addVisitorMessage(u"Tell me everything!"_s);
        view.startReply(u"Zara"_s);
        QString reply;
        const QString sentence = u"Red pandas spend most of the day resting in tall trees. "_s;
        for (int i = 0; i < 200; ++i) {
            const QString chunk = sentence.mid(0, 20) + sentence.mid(20); // two appends per sentence
            view.appendToReply(sentence.left(20));
            view.appendToReply(sentence.mid(20));
            reply += chunk;
        }
        QCOMPARE(view.lastReply(), reply);
        int longest = 0;
        int blocks = 0;
        for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next()) {
            longest = std::max(longest, int(b.length()));
            ++blocks;
        }
        QVERIFY2(longest < 1400, qPrintable(QString::number(longest)));
        QVERIFY(blocks > 8);
        view.finishReply(reply, false);
        QCOMPARE(view.lastReply(), reply);
        // A short reply stays one paragraph.
        view.startReply(u"Zara"_s);
        const int before = view.document()->blockCount();
        view.appendToReply(u"I love bamboo. It is crunchy! Do you?"_s);
        QCOMPARE(view.document()->blockCount(), before);
    }

    // The final reply is usually the shown text plus a last batch not drawn
    // yet: only that tail is added (laying out a long reply again stalls a
    // frame). A reply the gate changed is replaced whole.
    void finishReplyAppendsTheTailAndReplacesOnlyChangedText()
    {
        Theme theme;
        TranscriptView view(theme);
        view.resize(800, 600);
        view.addVisitorMessage(u"What do you eat?"_s);
        view.startReply(u"Zara"_s);
        view.appendToReply(u"I eat bamboo. "_s);
        int removed = 0;
        connect(view.document(), &QTextDocument::contentsChange, this,
                [&removed](int, int charsRemoved, int) { removed += charsRemoved; });
        view.finishReply(u"I eat bamboo. And berries!"_s, false);
        QCOMPARE(removed, 0);
        QCOMPARE(view.lastReply(), u"I eat bamboo. And berries!"_s);
        QVERIFY(view.document()->toPlainText().contains(u"I eat bamboo. And berries!"_s));

        view.addVisitorMessage(u"Tell me more"_s);
        view.startReply(u"Zara"_s);
        view.appendToReply(u"Something the gate stops"_s);
        removed = 0;
        view.finishReply(u"Let's talk about bamboo instead!"_s, false);
        QVERIFY(removed > 0);
        QCOMPARE(view.lastReply(), u"Let's talk about bamboo instead!"_s);
        QVERIFY(!view.document()->toPlainText().contains(u"gate stops"_s));
    }

    // The viewport paints its own background (the theme's surface colour), so
    // a streamed line repaints only the viewport and scrolling can copy pixels;
    // it follows the theme.
    void transcriptViewportIsOpaqueInEveryTheme()
    {
        Theme theme;
        QWidget window;
        window.setStyleSheet(theme.styleSheet());
        auto *view = new TranscriptView(theme, &window);
        window.resize(800, 600);
        view->resize(800, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(view->viewport()->autoFillBackground());
        QCOMPARE(view->viewport()->palette().color(view->viewport()->backgroundRole()), theme.palette().surface);
        const QColor normal = theme.palette().surface;
        theme.setHighContrast(true);
        window.setStyleSheet(theme.styleSheet());
        QVERIFY(theme.palette().surface != normal); // the contrast theme has its own surface
        QVERIFY(view->viewport()->autoFillBackground());
        QCOMPARE(view->viewport()->palette().color(view->viewport()->backgroundRole()), theme.palette().surface);
        // What is drawn: the viewport's corner pixel is the surface colour.
        const QImage image = view->viewport()->grab().toImage();
        QCOMPARE(image.pixelColor(2, 2), theme.palette().surface);
    }

    void kioskSettings()
    {
        QMap<QString, QString> flags{{u"kiosk/idle_ms"_s, u"30000"_s},
                                     {u"kiosk/idle_countdown_ms"_s, u"5000"_s},
                                     {u"kiosk/hide_cursor"_s, u"true"_s}};
        auto out = zk::ConfigLoader::load(flags, QProcessEnvironment());
        QCOMPARE(out.config.kioskIdleMs, 30000);
        QCOMPARE(out.config.kioskIdleCountdownMs, 5000);
        QVERIFY(out.config.kioskHideCursor);
        QVERIFY(out.warnings.isEmpty());

        const zk::Config defaults;
        QCOMPARE(defaults.kioskIdleMs, 60000);
        QCOMPARE(defaults.kioskIdleCountdownMs, 10000);
        QVERIFY(!defaults.kioskHideCursor);
        flags = {{u"kiosk/idle_ms"_s, u"5"_s}, {u"kiosk/hide_cursor"_s, u"maybe"_s}};
        out = zk::ConfigLoader::load(flags, QProcessEnvironment());
        QCOMPARE(out.config.kioskIdleMs, 60000);
        QVERIFY(!out.config.kioskHideCursor);
        QCOMPARE(out.warnings.size(), 2);
        QVERIFY(out.warnings.first().contains(u"kiosk/"_s));
    }
};

QTEST_MAIN(TestKioskParts)
#include "tst_kioskparts.moc"
