#pragma once

#include <QPointer>
#include <QWidget>

class QStackedWidget;
class QTimer;

namespace zk {
class KioskCore;
}

namespace zk::ui {

class AdminPanel;
class PinGate;
class PinPadScreen;

// Where staff go from the kiosk's hidden gesture: the PIN pad, then the admin
// panel. With a parent it covers the parent (the kiosk window) as a page on
// top of it; without one it is a frameless full-screen window of its own
// (both work without a window manager). It closes, back to the kiosk, on
// "Lock and close", on "Back to the kiosk", and by itself after idleLockMs
// without a touch. The panel is built anew at each unlock, so nothing a
// member of staff left open is there for the next person.
class StaffConsole : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDefaultIdleLockMs = 2 * 60 * 1000;

    explicit StaffConsole(KioskCore &core, QWidget *parent = nullptr, int idleLockMs = kDefaultIdleLockMs);
    ~StaffConsole() override;

    // Shows the PIN pad (a no-op while already open).
    void open();
    // Closes the panel and the PIN pad: back to the kiosk.
    void lock();
    bool isOpen() const { return isVisible(); }
    bool isUnlocked() const;
    int idleLockMs() const;

    PinPadScreen *pinPad() const { return m_pinPad; }
    AdminPanel *panel() const;

Q_SIGNALS:
    void opened();
    void unlocked();
    void locked();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onUnlocked();
    void fitToParent();

    KioskCore &m_core;
    PinGate *m_gate = nullptr;
    QStackedWidget *m_stack = nullptr;
    PinPadScreen *m_pinPad = nullptr;
    QPointer<AdminPanel> m_panel;
    QTimer *m_idle = nullptr;
};

} // namespace zk::ui
