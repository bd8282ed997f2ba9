// The first kiosk window on the offscreen platform: pick an animal, tap a
// suggested question, watch the streamed reply, stop one, switch language.
#include "chatwindow.h"
#include "core/kioskcore.h"
#include "fakeopenaiserver.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using zk::test::FakeOpenAiServer;
using zk::test::Script;

class TestChatWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<zk::KioskCore> m_core;
    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<zk::ui::ChatWindow> m_window;

    QPushButton *button(const QString &text) const
    {
        for (QPushButton *b : m_window->findChildren<QPushButton *>())
            if (b->text() == text && b->isVisible())
                return b;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeOpenAiServer>();
        QVERIFY(m_server->listen());
        zk::Config c;
        c.dataDir = m_dir->path();
        c.baseUrl = m_server->baseUrl();
        c.apiKey = u"sk-ui-test"_s;
        // The model call alone: remote moderation has its own tests (tst_safety, tst_moderationclient).
        c.moderationRemote = false;
        m_core = std::make_unique<zk::KioskCore>(c);
        QVERIFY(m_core->open().ok());
        m_translator = std::make_unique<QTranslator>();
        m_window = std::make_unique<zk::ui::ChatWindow>(*m_core, *m_translator);
        m_window->setLanguage(u"en"_s);
        m_window->resize(1280, 800);
        m_window->show();
    }

    void cleanup()
    {
        m_window.reset();
        m_core.reset();
        m_server.reset();
        m_translator.reset();
    }

    void pickAnimalTapChipAndSeeStreamedReply()
    {
        auto *card = m_window->findChild<QPushButton *>(u"card_red_panda"_s);
        QVERIFY(card);
        QCOMPARE(card->text(), u"Zara the Red Panda"_s);
        QVERIFY(card->height() >= 64);
        QTest::mouseClick(card, Qt::LeftButton);

        Script s = Script::text(u"I munch bamboo all day long. It is crunchy!"_s, 10);
        s.interChunkDelayMs = 10;
        m_server->enqueue(s);
        const auto chips = m_window->findChildren<QPushButton *>(u"chip"_s);
        QVERIFY(chips.size() >= 3);
        const QString question = chips.first()->text();
        QSignalSpy done(m_window.get(), &zk::ui::ChatWindow::replyFinished);
        QTest::mouseClick(chips.first(), Qt::LeftButton);
        QVERIFY(m_window->isStreaming());
        QVERIFY(done.wait(10000));
        QVERIFY(m_window->transcript().contains(question));
        QVERIFY(m_window->transcript().contains(u"I munch bamboo all day long. It is crunchy!"_s));
        QCOMPARE(m_server->lastRequest().json.value(u"messages"_s).toArray().last().toObject()
                     .value(u"content"_s).toString(), question);
    }

    void stopEndsTheReply()
    {
        m_window->showAnimal(u"tiger"_s);
        Script s = Script::text(QString(u"Tigers are strong swimmers. "_s).repeated(30), 200);
        s.interChunkDelayMs = 20;
        m_server->enqueue(s);
        QSignalSpy done(m_window.get(), &zk::ui::ChatWindow::replyFinished);
        m_window->sendQuestion(u"Can you swim?"_s);
        QTest::qWait(300);
        QPushButton *stop = button(u"Stop"_s);
        QVERIFY(stop && stop->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QCOMPARE(done.size(), 1);
        QVERIFY(!m_window->isStreaming());
        QVERIFY(!m_window->transcript().contains(QString(u"Tigers are strong swimmers. "_s).repeated(30)));
    }

    void emptyQuestionGetsKindPrompt()
    {
        m_window->showAnimal(u"lemur"_s);
        m_window->sendQuestion(u"   "_s);
        QVERIFY(m_server->requests().isEmpty());
        bool found = false;
        for (QLabel *l : m_window->findChildren<QLabel *>())
            found = found || (l->isVisible() && l->text().contains(u"Type a question"_s));
        QVERIFY(found);
    }

    void languageSwitchChangesText()
    {
        QVERIFY(button(u"Español"_s));
        QTest::mouseClick(button(u"Español"_s), Qt::LeftButton);
        QVERIFY(button(u"English"_s)); // the button now offers the way back
        auto *card = m_window->findChild<QPushButton *>(u"card_red_panda"_s);
        QVERIFY(card);
        QCOMPARE(card->text(), u"Zara, la panda roja"_s);
        bool found = false;
        for (QLabel *l : m_window->findChildren<QLabel *>())
            found = found || l->text() == u"¡Toca un animal para hablar!"_s;
        QVERIFY(found);
    }
};

QTEST_MAIN(TestChatWindow)
#include "tst_chatwindow.moc"
