// A whole visit to the kiosk on the offscreen platform, against the local fake
// OpenAI server: attract screen -> picker -> chat -> a chip -> the reply
// streams in -> Stop -> the visitor walks away -> attract again; the language
// switch, the three screen sizes, the lockdown and the staff gesture.
// Every check looks at what is on the screen.
#include "accessbar.h"
#include "animalcard.h"
#include "attractscreen.h"
#include "chatscreen.h"
#include "conversation/turnpipeline.h"
#include "conversation/turnrun.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"
#include "idleoverlay.h"
#include "kioskwindow.h"
#include "pickerscreen.h"
#include "speech/readaloud.h"
#include "storage/repositories.h"
#include "transcriptview.h"
#include "typingindicator.h"
#include "wrapbutton.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>
#include <QTranslator>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::Script;
using namespace zk::ui;

class TestKioskWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<zk::KioskCore> m_core;
    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<KioskWindow> m_window;

    void start(bool withKey = true, int idleMs = 60000, int countdownMs = 10000)
    {
        m_window.reset();
        m_core.reset();
        zk::Config c;
        c.dataDir = m_dir->path();
        c.baseUrl = m_server->baseUrl();
        if (withKey)
            c.apiKey = u"sk-ui-test"_s;
        // The model call alone: remote moderation has its own tests.
        c.moderationRemote = false;
        c.cacheEnabled = false;
        c.kioskIdleMs = idleMs;
        c.kioskIdleCountdownMs = countdownMs;
        m_core = std::make_unique<zk::KioskCore>(c);
        QVERIFY(m_core->open().ok());
        m_window = std::make_unique<KioskWindow>(*m_core, *m_translator);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    template<typename T> T *screen() const { return m_window->findChild<T *>(); }

    // The visible push button with this text, or nullptr.
    QPushButton *button(const QString &text) const
    {
        for (QPushButton *b : m_window->findChildren<QPushButton *>())
            if (b->isVisible() && b->text() == text)
                return b;
        return nullptr;
    }

    bool labelShows(const QString &text) const
    {
        for (QLabel *l : m_window->findChildren<QLabel *>())
            if (l->isVisible() && l->text() == text)
                return true;
        return false;
    }

    QStringList chipTexts() const
    {
        QStringList out;
        for (WrapButton *chip : screen<ChatScreen>()->chips())
            if (chip->isVisible())
                out << chip->label();
        return out;
    }

    QString transcriptText() const { return screen<TranscriptView>()->toPlainText(); }

    // Every visible button lies inside the window and is a touch target.
    void checkFits(const char *screenName, int minButtons, QSize size)
    {
        QCoreApplication::processEvents();
        const QImage picture = m_window->grab().toImage();
        QCOMPARE(picture.size(), size);
        const QRect window = m_window->rect();
        int buttons = 0;
        for (QPushButton *b : m_window->findChildren<QPushButton *>()) {
            if (!b->isVisible())
                continue;
            const QRect r(b->mapTo(m_window.get(), QPoint(0, 0)), b->size());
            const QString where = u"%1: %2 (%3) at %4,%5 %6x%7"_s
                                      .arg(QString::fromLatin1(screenName), b->objectName(), b->text())
                                      .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
            QVERIFY2(window.contains(r), qPrintable(where));
            QVERIFY2(r.height() >= 64 && r.width() >= 64, qPrintable(where));
            ++buttons;
        }
        QVERIFY2(buttons >= minButtons, qPrintable(u"%1: %2 buttons"_s.arg(QString::fromLatin1(screenName)).arg(buttons)));
    }

    void openChat(const QString &animalId)
    {
        QTest::mouseClick(screen<AttractScreen>(), Qt::LeftButton);
        auto *card = m_window->findChild<AnimalCard *>(u"card_"_s + animalId);
        QVERIFY(card && card->isVisible());
        QTest::mouseClick(card, Qt::LeftButton);
        QVERIFY(screen<ChatScreen>()->isVisible());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        m_translator = std::make_unique<QTranslator>();
        start();
    }

    void cleanup()
    {
        m_window.reset();
        m_core.reset();
        m_server.reset();
        m_translator.reset();
    }

    void attractThenPickerShowsEveryAnimal()
    {
        auto *attract = screen<AttractScreen>();
        QVERIFY(attract->isVisible());
        QCOMPARE(m_window->screenName(), u"attract"_s);
        QVERIFY(labelShows(u"Tap to talk to an animal!"_s));
        QTest::mouseClick(attract, Qt::LeftButton, {}, QPoint(400, 300));
        QVERIFY(!attract->isVisible());
        QVERIFY(screen<PickerScreen>()->isVisible());
        QCOMPARE(m_window->screenName(), u"picker"_s);
        const auto cards = screen<PickerScreen>()->cards();
        QCOMPARE(cards.size(), 6);
        QStringList names;
        for (AnimalCard *card : cards) {
            QVERIFY(card->isVisible());
            QVERIFY(card->height() >= 64);
            QVERIFY(!card->speciesText().isEmpty());
            names << card->nameText();
        }
        QVERIFY(names.contains(u"Zara the Red Panda"_s));
        m_window->showAnimal(u"red_panda"_s);
        QCOMPARE(m_window->screenName(), u"chat"_s);
    }

    void visitChipStreamsStopsAndRefreshesChips()
    {
        openChat(u"red_panda"_s);
        QVERIFY(labelShows(u"Zara the Red Panda"_s));
        const QStringList chips = chipTexts();
        QVERIFY(chips.size() >= 3 && chips.size() <= 4);
        QVERIFY(chips.contains(u"Are you a bear?"_s));

        // Four sentences, each let through by the output checks as it ends.
        const QString reply = u"No, I am not a bear! Red pandas have their own family. "
                              "I munch bamboo all day long. It is crunchy and tasty!"_s;
        Script s = Script::text(reply, 16);
        s.interChunkDelayMs = 60;
        s.firstByteDelayMs = 250;
        m_server->enqueue(s);
        auto *transcript = screen<TranscriptView>();
        QList<int> lengths;
        connect(transcript->document(), &QTextDocument::contentsChanged, this,
                [&] { lengths << transcript->toPlainText().size(); });
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        WrapButton *chip = screen<ChatScreen>()->chips().first();
        const QString question = chip->label();
        QTest::mouseClick(chip, Qt::LeftButton);
        QVERIFY(m_window->isStreaming());
        QVERIFY(button(u"Stop"_s));
        QVERIFY(!button(u"Send"_s));
        QVERIFY(screen<TypingIndicator>()->isVisible()); // before the first words
        QVERIFY(transcriptText().contains(question));
        const int before = transcriptText().size();
        QTRY_VERIFY_WITH_TIMEOUT(!screen<TypingIndicator>()->isVisible(), 5000);
        QVERIFY(done.wait(10000));
        QVERIFY(transcriptText().contains(reply));
        QVERIFY(button(u"Send"_s));
        QVERIFY(!button(u"Stop"_s));
        // The reply grew on screen in several steps, not all at once.
        QSet<int> growth;
        for (int n : std::as_const(lengths))
            if (n > before && n < transcriptText().size())
                growth << n;
        QVERIFY2(growth.size() >= 2, qPrintable(u"steps: %1"_s.arg(growth.size())));
        QCOMPARE(m_server->lastRequest().json.value(u"messages"_s).toArray().last().toObject()
                     .value(u"content"_s).toString(), question);
        // New suggestions: the question just asked is not offered again.
        const QStringList after = chipTexts();
        QVERIFY(after.size() >= 3);
        QVERIFY(!after.contains(question));
        QVERIFY(after != chips);
        QVERIFY(screen<ChatScreen>()->statusText().isEmpty());

        // Stop in the middle of a long reply.
        const QString longReply = QString(u"Bamboo is my favourite food. "_s).repeated(40);
        Script slow = Script::text(longReply, 80);
        slow.interChunkDelayMs = 40;
        m_server->enqueue(slow);
        m_window->sendQuestion(u"Tell me about bamboo"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcriptText().contains(u"Bamboo is my favourite food."_s), 5000);
        QPushButton *stop = button(u"Stop"_s);
        QVERIFY(stop);
        QTest::mouseClick(stop, Qt::LeftButton);
        QCOMPARE(done.size(), 2);
        QVERIFY(!m_window->isStreaming());
        QVERIFY(button(u"Send"_s));
        const QString shown = transcriptText();
        QVERIFY(!shown.contains(longReply.trimmed()));
        QTest::qWait(300); // nothing more arrives after Stop
        QCOMPARE(transcriptText(), shown);
        const auto turns = m_core->conversations().history({}, 10);
        QVERIFY(turns.ok());
        QCOMPARE(turns.value().first().status, zk::storage::TurnStatus::Cancelled);
    }

    void typedQuestionWithTouchKeyboard()
    {
        openChat(u"tiger"_s);
        auto *input = m_window->findChild<QLineEdit *>(u"questionInput"_s);
        QWidget *keys = screen<ChatScreen>()->keyboardSlot();
        QVERIFY(!keys->isVisible());
        QTest::mouseClick(input, Qt::LeftButton);
        QVERIFY(keys->isVisible());
        // Empty question: a kind prompt, nothing sent.
        QTest::mouseClick(m_window->findChild<QPushButton *>(u"key_send"_s), Qt::LeftButton);
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY(screen<ChatScreen>()->statusText().startsWith(u"Type a question for"_s));
        m_server->enqueue(Script::text(u"I love to swim in cool water."_s, 4));
        for (const char *k : {"key_h", "key_i"})
            QTest::mouseClick(m_window->findChild<QPushButton *>(QString::fromLatin1(k)), Qt::LeftButton);
        QCOMPARE(input->text(), u"hi"_s);
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        QTest::mouseClick(m_window->findChild<QPushButton *>(u"key_send"_s), Qt::LeftButton);
        QVERIFY(done.wait(10000));
        QVERIFY(transcriptText().contains(u"I love to swim in cool water."_s));
        QVERIFY(!keys->isVisible());
    }

    // A reply that arrives faster than it can be laid out (here all at once)
    // is shown a frame's worth at a time, and the turn ends on screen only
    // once every word of it is there.
    void aBurstIsShownOverFramesAndThenEnds()
    {
        openChat(u"macaw"_s);
        QString reply;
        for (int i = 0; reply.size() < 20000; ++i)
            reply += u"Sentence number %1 about my bright feathers. "_s.arg(i);
        reply = reply.trimmed();
        m_server->enqueue(Script::text(reply, 2));
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        screen<ChatScreen>()->sendQuestion(u"Tell me everything!"_s);
        const auto runs = m_core->pipeline().findChildren<zk::conversation::TurnRun *>();
        QVERIFY(!runs.isEmpty());
        bool streamingAfterTheTurn = false;
        int shownWhenTheTurnEnded = -1;
        connect(runs.last(), &zk::conversation::TurnRun::finished, this, [&] {
            streamingAfterTheTurn = m_window->isStreaming();
            shownWhenTheTurnEnded = int(transcriptText().size());
        });
        QVERIFY(done.wait(10000));
        QVERIFY(streamingAfterTheTurn);                     // still showing it
        QVERIFY(shownWhenTheTurnEnded < reply.size());
        QVERIFY(!m_window->isStreaming());
        QVERIFY(transcriptText().contains(reply.right(200)));
        QCOMPARE(screen<TranscriptView>()->lastReply(), reply);
    }

    void readAloudButtonUnderEachReplyWhenSpeechIsThere()
    {
        openChat(u"macaw"_s);
        auto *transcript = screen<TranscriptView>();
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        // No speech engine (yet): no button.
        m_window->chatScreen()->setReadAloudAvailable(false);
        m_server->enqueue(Script::text(u"I can fly very fast."_s, 3));
        m_window->sendQuestion(u"Can you fly?"_s);
        QVERIFY(done.wait(10000));
        QVERIFY(!transcript->toPlainText().contains(QChar::ObjectReplacementCharacter));

        m_window->chatScreen()->setReadAloudAvailable(true);
        m_server->enqueue(Script::text(u"I eat nuts and fruit."_s, 3));
        m_window->sendQuestion(u"What do you eat?"_s);
        QVERIFY(done.wait(10000));
        QCOMPARE(transcript->toPlainText().count(QChar::ObjectReplacementCharacter), 1);
        QSignalSpy say(m_window->chatScreen(), &ChatScreen::readAloudRequested);
        QTextCursor button = transcript->document()->find(QString(QChar::ObjectReplacementCharacter));
        QVERIFY(!button.isNull());
        button.setPosition(button.selectionStart());
        const QRect at = transcript->cursorRect(button);
        QTest::mouseClick(transcript->viewport(), Qt::LeftButton, {}, QPoint(at.x() + 30, at.center().y()));
        QTRY_COMPARE_WITH_TIMEOUT(say.size(), 1, 2000);
        QCOMPARE(say.first().at(0).toString(), u"I eat nuts and fruit."_s);
        QCOMPARE(say.first().at(1).toString(), u"en"_s);
    }

    // The window follows ReadAloud's availability (here an engine that is not
    // installed, so that the test does not depend on this machine's speech setup).
    void readAloudAvailabilityIsFollowed()
    {
        ReadAloud speech(u"zk-no-such-engine"_s);
        m_window.reset();
        m_window = std::make_unique<KioskWindow>(*m_core, *m_translator, &speech);
        m_window->resize(1280, 800);
        m_window->show();
        if (!speech.isAvailable()) {
            QSignalSpy started(&speech, &ReadAloud::engineStarted);
            QVERIFY(started.wait(20000));
        }
        QVERIFY(!speech.isAvailable());
        openChat(u"reindeer"_s);
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        m_server->enqueue(Script::text(u"My antlers grow back every year."_s, 3));
        m_window->sendQuestion(u"Do your antlers fall off?"_s);
        QVERIFY(done.wait(10000));
        QCOMPARE(transcriptText().count(QChar::ObjectReplacementCharacter), 0);
        Q_EMIT speech.availableChanged(true); // as when an engine comes up
        m_server->enqueue(Script::text(u"I can run very fast."_s, 3));
        m_window->sendQuestion(u"Can you run?"_s);
        QVERIFY(done.wait(10000));
        QCOMPARE(transcriptText().count(QChar::ObjectReplacementCharacter), 1);
        m_window.reset(); // before the speech helper it points to
    }

    void idleCountdownEndsTheVisit()
    {
        start(true, 1000, 1000);
        openChat(u"lemur"_s);
        // A reply streaming for longer than the idle time counts as activity.
        Script s = Script::text(u"I jump from tree to tree. My tail helps me balance. I love the sun."_s, 15);
        s.interChunkDelayMs = 150;
        m_server->enqueue(s);
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        auto *overlay = screen<IdleOverlay>();
        m_window->sendQuestion(u"Can you jump?"_s);
        QElapsedTimer streaming;
        streaming.start();
        while (done.isEmpty() && streaming.elapsed() < 10000) {
            QVERIFY(!overlay->isVisible());
            QTest::qWait(50);
        }
        QVERIFY(!done.isEmpty());
        QVERIFY(streaming.elapsed() > 1500);
        QVERIFY(transcriptText().contains(u"I love the sun."_s));

        // Then nobody touches: "Are you still there?" with a countdown; a tap keeps the visit.
        QTRY_VERIFY_WITH_TIMEOUT(overlay->isVisible(), 3000);
        QCOMPARE(overlay->questionText(), u"Are you still there?"_s);
        QCOMPARE(overlay->secondsText(), u"1"_s);
        QTest::mouseClick(overlay, Qt::LeftButton);
        QVERIFY(!overlay->isVisible());
        QVERIFY(screen<ChatScreen>()->isVisible());

        // Nobody again: the visit ends, the screen forgets it, the database keeps it.
        QTRY_VERIFY_WITH_TIMEOUT(overlay->isVisible(), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(screen<AttractScreen>()->isVisible(), 3000);
        QVERIFY(!overlay->isVisible());
        QVERIFY(!transcriptText().contains(u"Can you jump?"_s));
        QVERIFY(!transcriptText().contains(u"I love the sun."_s));
        const auto turns = m_core->conversations().history({}, 10);
        QVERIFY(turns.ok());
        QCOMPARE(turns.value().size(), 1);
        QCOMPARE(turns.value().first().visitorText, u"Can you jump?"_s);
        // The next visitor starts a new conversation, with nothing of the old one.
        QTest::mouseClick(screen<AttractScreen>(), Qt::LeftButton);
        QTest::mouseClick(m_window->findChild<AnimalCard *>(u"card_lemur"_s), Qt::LeftButton);
        QCOMPARE(screen<TranscriptView>()->messageCount(), 0);
    }

    void languageSwitchChangesEverything()
    {
        QVERIFY(labelShows(u"Tap to talk to an animal!"_s));
        QTest::mouseClick(button(u"Español"_s), Qt::LeftButton);
        QVERIFY(button(u"English"_s)); // the button now offers the way back
        QVERIFY(labelShows(u"¡Toca para hablar con un animal!"_s));
        QTest::mouseClick(screen<AttractScreen>(), Qt::LeftButton);
        QVERIFY(labelShows(u"¡Toca un animal para hablar!"_s));
        auto *card = m_window->findChild<AnimalCard *>(u"card_red_panda"_s);
        QCOMPARE(card->nameText(), u"Zara, la panda roja"_s);
        QTest::mouseClick(card, Qt::LeftButton);
        QVERIFY(button(u"Otros animales"_s));
        QVERIFY(button(u"Empezar de nuevo"_s));
        QVERIFY(chipTexts().contains(u"¿Eres un oso?"_s));

        // The model is asked to answer in Spanish.
        m_server->enqueue(Script::text(u"¡No, no soy un oso! Soy una panda roja."_s, 6));
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        QTest::mouseClick(screen<ChatScreen>()->chips().first(), Qt::LeftButton);
        QVERIFY(done.wait(10000));
        const QJsonArray messages = m_server->lastRequest().json.value(u"messages"_s).toArray();
        QVERIFY(messages.first().toObject().value(u"content"_s).toString().contains(u"Reply in Spanish"_s));
        QVERIFY(transcriptText().contains(u"Tú"_s));

        // Back to English mid-visit: chips, buttons and names follow.
        QTest::mouseClick(button(u"English"_s), Qt::LeftButton);
        QVERIFY(button(u"Other animals"_s));
        QVERIFY(labelShows(u"Zara the Red Panda"_s));
        for (const QString &chip : chipTexts())
            QVERIFY2(!chip.startsWith(u'¿'), qPrintable(chip));
        QVERIFY(!chipTexts().contains(u"Are you a bear?"_s)); // asked in Spanish already
        QVERIFY(transcriptText().contains(u"You"_s));
    }

    void offlineAnswersShowACalmStatusLine()
    {
        start(false); // no API key
        openChat(u"cougar"_s);
        QCOMPARE(screen<ChatScreen>()->statusText(), u"Our animal ambassadors are taking a short break."_s);
        QSignalSpy done(m_window.get(), &KioskWindow::replyFinished);
        m_window->sendQuestion(u"What do you eat?"_s);
        QVERIFY(done.wait(10000));
        QVERIFY(screen<ChatScreen>()->statusText().contains(u"short break"_s));
        QVERIFY(transcriptText().size() > 40);
        QVERIFY(m_server->requests().isEmpty());

        // A proxy's HTML error page never reaches the visitor.
        start(true);
        openChat(u"cougar"_s);
        for (int i = 0; i < 6; ++i)
            m_server->enqueue(Script::htmlError(502));
        QSignalSpy failedOver(m_window.get(), &KioskWindow::replyFinished);
        m_window->sendQuestion(u"What do you eat?"_s);
        QVERIFY(failedOver.wait(30000));
        const QString text = transcriptText();
        QVERIFY(!text.contains(u"<"_s));
        QVERIFY(!text.contains(u"502"_s));
        QVERIFY(!text.contains(u"{"_s));
        QVERIFY(screen<ChatScreen>()->statusText().contains(u"short break"_s));
    }

    void layoutsFitTheThreeScreenSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1080x1920 portrait") << QSize(1080, 1920);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }

    void layoutsFitTheThreeScreenSizes()
    {
        QFETCH(QSize, size);
        m_window->resize(size);
        checkFits("attract", 4, size); // the accessibility bar
        if (QTest::currentTestFailed())
            return;
        QVERIFY(labelShows(u"Tap to talk to an animal!"_s));
        m_window->showPicker();
        checkFits("picker", 6 + 4, size);
        if (QTest::currentTestFailed())
            return;
        for (AnimalCard *card : screen<PickerScreen>()->cards())
            QVERIFY(card->isVisible());
        m_window->showAnimal(u"macaw"_s);
        checkFits("chat", 4 + 3 + 3, size);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(screen<TranscriptView>()->height() >= 150);
        // The keyboard up: everything still fits.
        QTest::mouseClick(m_window->findChild<QLineEdit *>(u"questionInput"_s), Qt::LeftButton);
        QVERIFY(screen<ChatScreen>()->keyboardSlot()->isVisible());
        checkFits("chat with keyboard", 30, size);
        if (QTest::currentTestFailed())
            return;
        // Largest text.
        m_window->theme().enlargeText();
        m_window->theme().enlargeText();
        checkFits("chat, largest text", 30, size);
    }

    void textSizeAndContrastButtons()
    {
        auto *title = m_window->findChild<QLabel *>(u"attractTitle"_s);
        const int normal = title->font().pixelSize();
        QTest::mouseClick(button(u"A+"_s), Qt::LeftButton);
        QVERIFY(title->font().pixelSize() > normal);
        QTest::mouseClick(button(u"A+"_s), Qt::LeftButton);
        QVERIFY(!button(u"A+"_s)->isEnabled()); // three steps
        QTest::mouseClick(button(u"A−"_s), Qt::LeftButton);
        QTest::mouseClick(button(u"A−"_s), Qt::LeftButton);
        QCOMPARE(title->font().pixelSize(), normal);

        const QPoint corner(m_window->width() - 4, m_window->height() - 4);
        QCOMPARE(m_window->grab().toImage().pixelColor(corner), QColor(0xf4f9f1));
        QTest::mouseClick(button(u"High contrast"_s), Qt::LeftButton);
        QCOMPARE(m_window->grab().toImage().pixelColor(corner), QColor(Qt::black));
    }

    void visitorsCannotCloseIt()
    {
        QVERIFY(!m_window->close());
        QVERIFY(m_window->isVisible());
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTest::keyClick(m_window.get(), Qt::Key_F4, Qt::AltModifier);
        QTest::keyClick(m_window.get(), Qt::Key_Q, Qt::ControlModifier);
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
        QVERIFY(m_window->isVisible());
        // Escape never reaches the widgets.
        openChat(u"reindeer"_s);
        auto *input = m_window->findChild<QLineEdit *>(u"questionInput"_s);
        input->setFocus();
        QTest::keyClicks(input, u"hello"_s);
        QTest::keyClick(input, Qt::Key_Escape);
        QCOMPARE(input->text(), u"hello"_s);
        QVERIFY(m_window->isVisible());
        // A deliberate shutdown goes through.
        m_window->allowClose();
        QVERIFY(m_window->close());
    }

    void fullScreenOnThePrimaryScreenWithoutFrame()
    {
        m_window->showKiosk();
        QVERIFY(m_window->windowFlags().testFlag(Qt::FramelessWindowHint));
        QCOMPARE(m_window->geometry(), QGuiApplication::primaryScreen()->geometry());
        QVERIFY(m_window->isFullScreen());
    }

    void fiveCornerTapsCallStaff()
    {
        QSignalSpy staff(m_window.get(), &KioskWindow::staffGestureDetected);
        for (int i = 0; i < 4; ++i)
            QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, QPoint(12, 12));
        QCOMPARE(staff.size(), 0);
        QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, QPoint(40, 30));
        QCOMPARE(staff.size(), 1);
        // Taps on the attract screen, elsewhere, do not count and start over.
        for (int i = 0; i < 4; ++i)
            QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, QPoint(12, 12));
        QTest::mouseClick(screen<AttractScreen>(), Qt::LeftButton, {}, QPoint(600, 400));
        QTest::mouseClick(m_window.get(), Qt::LeftButton, {}, QPoint(12, 12));
        QCOMPARE(staff.size(), 1);
    }
};

QTEST_MAIN(TestKioskWindow)
#include "tst_kioskwindow.moc"
