#pragma once

#include "persona/animal.h"
#include "theme.h"

#include <QWidget>

class QStackedWidget;
class QTranslator;

namespace zk {
class KioskCore;
}

namespace zk::ui {

class AccessBar;
class AttractScreen;
class ChatScreen;
class IdleController;
class IdleOverlay;
class InputWatcher;
class KeyLockdown;
class OnScreenKeyboard;
class PickerScreen;
class ReadAloud;
class StaffGesture;

// The kiosk's one window: the attract screen, the animal picker and the chat,
// with the accessibility bar over all of them; ends a visit when the visitor
// has gone (IdleController), cannot be closed by a visitor, and reports the
// hidden staff gesture. It wires the screens to the core; they decide nothing.
class KioskWindow : public QWidget
{
    Q_OBJECT

public:
    // readAloud: speaks replies on request; nullptr = no "Read aloud" buttons.
    KioskWindow(KioskCore &core, QTranslator &translator, ReadAloud *readAloud = nullptr, QWidget *parent = nullptr);
    ~KioskWindow() override;

    void showAnimal(const QString &animalId);
    void sendQuestion(const QString &text);
    void setLanguage(const QString &language);
    QString language() const { return m_language; }
    bool isStreaming() const;
    void showAttract();
    // Ends the visit as when the visitor walks away (the database keeps the
    // conversation) and shows the attract screen; also when staff step in.
    void endVisit();
    void showPicker();
    // Frameless, on top, covering the primary screen, also without a window manager.
    void showKiosk();
    // Lets close() through, for a deliberate shutdown (staff, the session).
    void allowClose() { m_closeAllowed = true; }
    // The screen a visitor sees: "attract", "picker" or "chat" (for remote status).
    QString screenName() const;

    ChatScreen *chatScreen() const { return m_chat; }
    Theme &theme() { return m_theme; }

Q_SIGNALS:
    void replyFinished();
    // Five taps in the top-left corner within three seconds; the admin panel
    // (PIN pad) connects here.
    void staffGestureDetected();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void loadAnimals();
    void applyTheme();
    void onPressed(const QPointF &globalPosition);
    void setUpKeyboard();
    void setUpReadAloud();

    KioskCore &m_core;
    QTranslator &m_translator;
    ReadAloud *m_readAloud = nullptr;
    QString m_language;
    QList<persona::Animal> m_animals;
    bool m_closeAllowed = false;

    Theme m_theme;
    IdleController *m_idle = nullptr;
    InputWatcher *m_watcher = nullptr;
    KeyLockdown *m_lockdown = nullptr;
    StaffGesture *m_staffGesture = nullptr;

    AccessBar *m_accessBar = nullptr;
    QStackedWidget *m_stack = nullptr;
    AttractScreen *m_attract = nullptr;
    PickerScreen *m_picker = nullptr;
    ChatScreen *m_chat = nullptr;
    IdleOverlay *m_idleOverlay = nullptr;
    OnScreenKeyboard *m_keyboard = nullptr;
};

} // namespace zk::ui
