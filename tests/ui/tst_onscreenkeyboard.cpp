// The on-screen keyboard on the offscreen platform, driven only by mouse
// clicks on its keys (as touch arrives): text goes in at the cursor, the
// Spanish layout has ñ, accents and opening marks, shift, the symbols page,
// backspace (and its repeat while held), send, maxLength, key sizes and focus.
#include "keyboard/onscreenkeyboard.h"

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using zk::ui::OnScreenKeyboard;

class TestOnScreenKeyboard : public QObject
{
    Q_OBJECT

    std::unique_ptr<QWidget> m_window;
    QLineEdit *m_edit = nullptr;
    OnScreenKeyboard *m_keyboard = nullptr;

    QPushButton *key(const QString &name) const
    {
        for (QPushButton *b : m_keyboard->findChildren<QPushButton *>(u"key_"_s + name))
            if (b->isVisible())
                return b;
        return nullptr;
    }

    // Taps the key (press and release at its centre) and checks focus stayed in the edit.
    void tap(const QString &name)
    {
        QPushButton *b = key(name);
        QVERIFY2(b, qPrintable(u"no visible key "_s + name));
        QTest::mouseClick(b, Qt::LeftButton);
        QCOMPARE(QApplication::focusWidget(), m_edit);
    }

    void typeWord(const QString &letters)
    {
        for (const QChar c : letters)
            tap(QString(c));
    }

    QList<QPushButton *> visibleKeys() const
    {
        QList<QPushButton *> keys;
        for (QPushButton *b : m_keyboard->findChildren<QPushButton *>())
            if (b->isVisible())
                keys.append(b);
        return keys;
    }

    void showAt(const QSize &size)
    {
        m_window->resize(size);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE(m_keyboard->width(), m_window->contentsRect().width());
    }

private Q_SLOTS:
    void init()
    {
        m_window = std::make_unique<QWidget>();
        auto *layout = new QVBoxLayout(m_window.get());
        layout->setContentsMargins(0, 0, 0, 0);
        m_edit = new QLineEdit(m_window.get());
        layout->addWidget(m_edit);
        layout->addStretch(1);
        m_keyboard = new OnScreenKeyboard(m_window.get());
        m_keyboard->setTarget(m_edit);
        layout->addWidget(m_keyboard);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        m_edit->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), m_edit);
    }

    void cleanup() { m_window.reset(); }

    void typesAtTheCursor()
    {
        typeWord(u"hi"_s);
        QCOMPARE(m_edit->text(), u"hi"_s);
        tap(u"space"_s);
        typeWord(u"zoo"_s);
        QCOMPARE(m_edit->text(), u"hi zoo"_s);
        m_edit->setCursorPosition(2);
        tap(u","_s);
        QCOMPARE(m_edit->text(), u"hi, zoo"_s);
        QCOMPARE(m_edit->cursorPosition(), 3);
        // A selection is replaced, as with a physical keyboard.
        m_edit->setSelection(4, 3);
        typeWord(u"you"_s);
        QCOMPARE(m_edit->text(), u"hi, you"_s);
    }

    void keysNeverTakeFocus()
    {
        const auto keys = m_keyboard->findChildren<QPushButton *>();
        QVERIFY(keys.size() > 40);
        for (QPushButton *b : keys)
            QCOMPARE(b->focusPolicy(), Qt::NoFocus);
        QCOMPARE(m_keyboard->focusPolicy(), Qt::NoFocus);
        // Between the keys too.
        QTest::mouseClick(m_keyboard, Qt::LeftButton, {}, QPoint(1, 1));
        QCOMPARE(QApplication::focusWidget(), m_edit);
        tap(u"page"_s);
        tap(u"7"_s);
        QCOMPARE(m_edit->text(), u"7"_s);
    }

    void englishLayout()
    {
        QCOMPARE(m_keyboard->language(), u"en"_s);
        for (const QString &k : {u"q"_s, u"m"_s, u"'"_s, u"?"_s, u"."_s, u","_s})
            QVERIFY2(key(k), qPrintable(k));
        QVERIFY(!key(u"ñ"_s));
        QCOMPARE(key(u"space"_s)->text(), u"space"_s);
        QCOMPARE(key(u"send"_s)->text(), u"send"_s);
        QCOMPARE(key(u"page"_s)->text(), u"123"_s);
    }

    void spanishLayoutHasItsLetters()
    {
        m_keyboard->setLanguage(u"es"_s);
        QCOMPARE(m_keyboard->language(), u"es"_s);
        for (const QString &k : {u"ñ"_s, u"á"_s, u"é"_s, u"í"_s, u"ó"_s, u"ú"_s, u"ü"_s, u"¿"_s, u"¡"_s, u"?"_s,
                                 u"!"_s})
            QVERIFY2(key(k), qPrintable(k));
        tap(u"¿"_s);
        typeWord(u"qué"_s);
        tap(u"space"_s);
        typeWord(u"comes"_s);
        tap(u"?"_s);
        tap(u"space"_s);
        tap(u"¡"_s);
        typeWord(u"ñam"_s);
        tap(u"!"_s);
        QCOMPARE(m_edit->text(), u"¿qué comes? ¡ñam!"_s);
        // Back to English: ñ is gone again; unknown languages fall back to English.
        m_keyboard->setLanguage(u"fr"_s);
        QCOMPARE(m_keyboard->language(), u"en"_s);
        QVERIFY(!key(u"ñ"_s));
        QVERIFY(key(u"q"_s));
    }

    void shiftIsOneShot()
    {
        tap(u"shift"_s);
        QCOMPARE(key(u"a"_s)->text(), u"A"_s);
        QVERIFY(key(u"shift"_s)->isChecked());
        typeWord(u"aa"_s);
        QCOMPARE(m_edit->text(), u"Aa"_s);
        QCOMPARE(key(u"a"_s)->text(), u"a"_s);
        QVERIFY(!key(u"shift"_s)->isChecked());
        // Tapped twice: off again.
        tap(u"shift"_s);
        tap(u"shift"_s);
        tap(u"b"_s);
        QCOMPARE(m_edit->text(), u"Aab"_s);
        m_keyboard->setLanguage(u"es"_s);
        tap(u"shift"_s);
        tap(u"ñ"_s);
        tap(u"shift"_s);
        tap(u"á"_s);
        QCOMPARE(m_edit->text(), u"AabÑÁ"_s);
    }

    void symbolsPage()
    {
        tap(u"page"_s);
        QVERIFY(!key(u"q"_s));
        QCOMPARE(key(u"page"_s)->text(), u"ABC"_s);
        typeWord(u"42"_s);
        tap(u"@"_s);
        tap(u"page"_s);
        QCOMPARE(key(u"page"_s)->text(), u"123"_s);
        tap(u"z"_s);
        QCOMPARE(m_edit->text(), u"42@z"_s);
    }

    void backspaceDeletesBeforeTheCursor()
    {
        typeWord(u"lion"_s);
        m_edit->setCursorPosition(2);
        tap(u"backspace"_s);
        QCOMPARE(m_edit->text(), u"lon"_s);
        QCOMPARE(m_edit->cursorPosition(), 1);
        m_edit->setCursorPosition(0);
        tap(u"backspace"_s); // nothing before the cursor
        QCOMPARE(m_edit->text(), u"lon"_s);
    }

    void backspaceRepeatsWhileHeld()
    {
        m_edit->setText(u"abcdefghijklmnopqrstuvwxyz"_s);
        QPushButton *b = key(u"backspace"_s);
        QVERIFY(b);
        QTest::mousePress(b, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_edit->text().size() <= 26 - 4, 3000);
        QTest::mouseRelease(b, Qt::LeftButton);
        const qsizetype left = m_edit->text().size();
        QTest::qWait(400);
        QCOMPARE(m_edit->text().size(), left); // stops on release
        QVERIFY(m_edit->text().startsWith(u"abc"_s));
    }

    void sendEmitsAndKeepsTheText()
    {
        QSignalSpy send(m_keyboard, &OnScreenKeyboard::sendRequested);
        typeWord(u"hello"_s);
        tap(u"send"_s);
        QCOMPARE(send.size(), 1);
        QCOMPARE(m_edit->text(), u"hello"_s);
        tap(u"page"_s);
        tap(u"send"_s);
        QCOMPARE(send.size(), 2);
    }

    void maxLengthIsRespected()
    {
        m_edit->setMaxLength(5);
        typeWord(u"elephant"_s);
        QCOMPARE(m_edit->text(), u"eleph"_s);
        tap(u"space"_s);
        QCOMPARE(m_edit->text(), u"eleph"_s);
        tap(u"backspace"_s);
        typeWord(u"ant"_s);
        QCOMPARE(m_edit->text(), u"elepa"_s);
    }

    void readOnlyOrMissingTargetTypesNothing()
    {
        m_edit->setReadOnly(true);
        m_edit->setText(u"zoo"_s);
        typeWord(u"ab"_s);
        tap(u"backspace"_s);
        QCOMPARE(m_edit->text(), u"zoo"_s);
        m_edit->setReadOnly(false);
        m_keyboard->setTarget(nullptr);
        QTest::mouseClick(key(u"a"_s), Qt::LeftButton);
        QCOMPARE(m_edit->text(), u"zoo"_s);
        // A target that goes away is forgotten, not used.
        auto *other = new QLineEdit(m_window.get());
        m_keyboard->setTarget(other);
        delete other;
        QCOMPARE(m_keyboard->target(), nullptr);
        QTest::mouseClick(key(u"a"_s), Qt::LeftButton);
    }

    void keysAreBigEnough_data()
    {
        QTest::addColumn<QSize>("screen");
        QTest::addColumn<QString>("language");
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080), QSize(1080, 1920)}) {
            for (const QString &lang : {u"en"_s, u"es"_s}) {
                const QByteArray name = QByteArray::number(size.width()) + 'x' + QByteArray::number(size.height())
                                        + ' ' + lang.toLatin1();
                QTest::newRow(name.constData()) << size << lang;
            }
        }
    }

    void keysAreBigEnough()
    {
        QFETCH(QSize, screen);
        QFETCH(QString, language);
        m_keyboard->setLanguage(language);
        showAt(screen);
        const int expectedHeight = OnScreenKeyboard::keyHeightForWidth(m_keyboard->width());
        QVERIFY(expectedHeight >= 64);
        // Spanish has one row more: the layout gives the keyboard its new height.
        QTRY_VERIFY(m_keyboard->height() >= m_keyboard->heightForWidth(m_keyboard->width()));
        for (const bool symbols : {false, true}) {
            if (symbols)
                tap(u"page"_s);
            const auto keys = visibleKeys();
            QVERIFY(keys.size() >= 30);
            for (QPushButton *b : keys) {
                QVERIFY2(b->width() >= 64 && b->height() >= 64,
                         qPrintable(u"%1 is %2x%3"_s.arg(b->objectName()).arg(b->width()).arg(b->height())));
                QVERIFY(b->height() >= expectedHeight - 1);
                QVERIFY(m_keyboard->rect().contains(b->geometry()));
            }
        }
    }

    void keysGrowWithTheWidth()
    {
        showAt(QSize(1280, 800));
        const int small = key(u"a"_s)->height();
        showAt(QSize(1920, 1080));
        const int large = key(u"a"_s)->height();
        QVERIFY2(large > small, qPrintable(u"%1 -> %2"_s.arg(small).arg(large)));
        QCOMPARE(OnScreenKeyboard::keyHeightForWidth(1280), 64);
        QVERIFY(OnScreenKeyboard::keyHeightForWidth(1920) > 64);
        QCOMPARE(OnScreenKeyboard::keyHeightForWidth(800), 64);
    }

    void windowStyleDoesNotResizeKeys()
    {
        // The kiosk's window sheet pads every QPushButton; the keys keep their grid.
        m_window->setStyleSheet(u"QPushButton { min-height: 90px; min-width: 200px; padding: 8px 18px; }"_s);
        showAt(QSize(1280, 800));
        QPushButton *q = key(u"q"_s);
        QPushButton *w = key(u"w"_s);
        QVERIFY(q->geometry().right() < w->geometry().left());
        QVERIFY(q->width() < 200);
        tap(u"q"_s);
        QCOMPARE(m_edit->text(), u"q"_s);
    }
};

QTEST_MAIN(TestOnScreenKeyboard)
#include "tst_onscreenkeyboard.moc"
