#include "kioskwindow.h"

#include "accessbar.h"
#include "attractscreen.h"
#include "chatscreen.h"
#include "core/kioskcore.h"
#include "core/logging.h"
#include "idlecontroller.h"
#include "idleoverlay.h"
#include "inputwatcher.h"
#include "keyboard/onscreenkeyboard.h"
#include "keylockdown.h"
#include "pickerscreen.h"
#include "speech/readaloud.h"
#include "staffgesture.h"
#include "storage/repositories.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLineEdit>
#include <QScreen>
#include <QStackedWidget>
#include <QTranslator>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

KioskWindow::KioskWindow(KioskCore &core, QTranslator &translator, ReadAloud *readAloud, QWidget *parent)
    : QWidget(parent), m_core(core), m_translator(translator), m_readAloud(readAloud),
      m_language(core.config().language)
{
    setObjectName(u"kioskWindow"_s);
    setAttribute(Qt::WA_StyledBackground);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_accessBar = new AccessBar(m_theme, this);
    connect(m_accessBar, &AccessBar::languageRequested, this, &KioskWindow::setLanguage);
    layout->addWidget(m_accessBar);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack, 1);

    m_attract = new AttractScreen(m_stack);
    m_picker = new PickerScreen(m_stack);
    m_chat = new ChatScreen(core, m_theme, m_stack);
    m_stack->addWidget(m_attract);
    m_stack->addWidget(m_picker);
    m_stack->addWidget(m_chat);
    connect(m_attract, &AttractScreen::tapped, this, &KioskWindow::showPicker);
    connect(m_picker, &PickerScreen::animalChosen, this, &KioskWindow::showAnimal);
    connect(m_chat, &ChatScreen::otherAnimalsRequested, this, &KioskWindow::showPicker);
    connect(m_chat, &ChatScreen::replyFinished, this, &KioskWindow::replyFinished);

    // A visit ends when the visitor has walked away.
    const Config &config = core.config();
    m_idle = new IdleController(config.kioskIdleMs, config.kioskIdleCountdownMs, this);
    m_idleOverlay = new IdleOverlay(this);
    connect(m_chat, &ChatScreen::streamingChanged, m_idle, &IdleController::setBusy);
    connect(m_idle, &IdleController::countdownStarted, m_idleOverlay, &IdleOverlay::showCountdown);
    connect(m_idle, &IdleController::countdownTick, m_idleOverlay, &IdleOverlay::setSecondsLeft);
    connect(m_idle, &IdleController::countdownCancelled, m_idleOverlay, &QWidget::hide);
    connect(m_idle, &IdleController::timedOut, this, &KioskWindow::endVisit);
    connect(m_idleOverlay, &IdleOverlay::stillHere, m_idle, &IdleController::activity);

    // Every touch, click and key in the application; the closing keys go nowhere.
    m_watcher = new InputWatcher(this);
    m_lockdown = new KeyLockdown(this);
    m_staffGesture = new StaffGesture(this);
    qApp->installEventFilter(m_watcher);
    qApp->installEventFilter(m_lockdown);
    connect(m_watcher, &InputWatcher::activity, m_idle, &IdleController::activity);
    connect(m_watcher, &InputWatcher::pressed, this, &KioskWindow::onPressed);
    connect(m_staffGesture, &StaffGesture::detected, this, &KioskWindow::staffGestureDetected);

    connect(&m_theme, &Theme::changed, this, &KioskWindow::applyTheme);
    applyTheme();
    setUpKeyboard();
    setUpReadAloud();
    loadAnimals();
    setLanguage(m_language);
    showAttract();
}

KioskWindow::~KioskWindow()
{
    qApp->removeEventFilter(m_watcher);
    qApp->removeEventFilter(m_lockdown);
}

void KioskWindow::loadAnimals()
{
    const auto list = m_core.animals().list(true);
    if (!list) {
        qCWarning(lcUi).noquote() << "could not load animals:" << list.error().message;
        return;
    }
    m_animals = list.value();
    m_attract->setAnimals(m_animals);
    m_picker->setAnimals(m_animals);
}

void KioskWindow::applyTheme()
{
    setStyleSheet(m_theme.styleSheet());
}

void KioskWindow::setLanguage(const QString &language)
{
    m_language = language == u"es" ? u"es"_s : u"en"_s;
    qApp->removeTranslator(&m_translator);
    if (m_translator.load(u":/i18n/zookiosk_%1.qm"_s.arg(m_language)))
        qApp->installTranslator(&m_translator);
    else
        qCWarning(lcUi).noquote() << "no translation for" << m_language;
    // Every screen retranslates itself on LanguageChange; Qt posts it, but the
    // visitor (and the caller) should see the new language at once.
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(this, &change);
    m_accessBar->setLanguage(m_language);
    m_keyboard->setLanguage(m_language);
    m_picker->setLanguage(m_language);
    m_chat->setLanguage(m_language);
    setWindowTitle(tr("Zoo Kiosk"));
}

void KioskWindow::showAttract()
{
    m_idle->setEnabled(false);
    m_stack->setCurrentWidget(m_attract);
}

void KioskWindow::showPicker()
{
    m_stack->setCurrentWidget(m_picker);
    m_idle->setEnabled(true);
}

void KioskWindow::showAnimal(const QString &animalId)
{
    for (const persona::Animal &a : std::as_const(m_animals)) {
        if (a.id != animalId)
            continue;
        m_chat->setAnimal(a);
        m_stack->setCurrentWidget(m_chat);
        m_idle->setEnabled(true);
        return;
    }
    qCWarning(lcUi).noquote() << "no active animal" << animalId;
}

void KioskWindow::sendQuestion(const QString &text)
{
    m_chat->sendQuestion(text);
}

bool KioskWindow::isStreaming() const
{
    return m_chat->isStreaming();
}

// The visitor walked away: the conversation ends (the database keeps it), the
// screen forgets it, and the next visitor finds the kiosk as it was.
void KioskWindow::endVisit()
{
    m_idleOverlay->hide();
    if (m_readAloud)
        m_readAloud->stop();
    m_chat->endVisit();
    m_theme.reset();
    setLanguage(m_core.config().language);
    showAttract();
}

QString KioskWindow::screenName() const
{
    const QWidget *current = m_stack->currentWidget();
    if (current == m_chat)
        return u"chat"_s;
    if (current == m_picker)
        return u"picker"_s;
    return u"attract"_s;
}

void KioskWindow::showKiosk()
{
    setWindowFlags(windowFlags() | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint);
    // Without a window manager showFullScreen() alone keeps the natural size.
    if (QScreen *screen = QGuiApplication::primaryScreen())
        setGeometry(screen->geometry());
    showFullScreen();
}

// A "Read aloud" button under each reply, once a speech engine has answered.
void KioskWindow::setUpReadAloud()
{
    if (!m_readAloud)
        return;
    m_chat->setReadAloudAvailable(m_readAloud->isAvailable());
    connect(m_readAloud, &ReadAloud::availableChanged, m_chat, &ChatScreen::setReadAloudAvailable);
    connect(m_chat, &ChatScreen::readAloudRequested, m_readAloud, &ReadAloud::say);
    // Leaving the chat silences it.
    connect(m_chat, &ChatScreen::otherAnimalsRequested, m_readAloud, &ReadAloud::stop);
}

void KioskWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeAllowed) {
        QWidget::closeEvent(event);
        return;
    }
    qCInfo(lcUi) << "close request ignored (kiosk lockdown)";
    event->ignore();
}

void KioskWindow::onPressed(const QPointF &globalPosition)
{
    if (isVisible())
        m_staffGesture->tap(mapFromGlobal(globalPosition));
}

void KioskWindow::setUpKeyboard()
{
    m_keyboard = new OnScreenKeyboard(m_chat->keyboardSlot());
    m_keyboard->setTarget(m_chat->input());
    // It fills the slot, which the chat screen sizes to the keyboard's height for its width.
    m_keyboard->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_chat->keyboardSlot()->layout()->addWidget(m_keyboard);
    connect(m_keyboard, &OnScreenKeyboard::sendRequested, m_chat, &ChatScreen::sendTyped);
}

} // namespace zk::ui
