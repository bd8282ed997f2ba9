#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

namespace zk::ui {

// When a visitor has walked away: after `idleMs` without a touch it starts a
// countdown of `countdownMs` ("Are you still there?"), and when that runs out
// the visit is over. Any activity restarts it; a reply still streaming counts
// as activity. Runs only while enabled (during a visit).
class IdleController : public QObject
{
    Q_OBJECT

public:
    IdleController(int idleMs, int countdownMs, QObject *parent = nullptr);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    // A reply is streaming: hold the timers while it does.
    void setBusy(bool busy);
    // A touch, a click or a key.
    void activity();
    bool isCountingDown() const { return m_countdown.isActive(); }
    int secondsLeft() const;

Q_SIGNALS:
    void countdownStarted(int secondsLeft);
    void countdownTick(int secondsLeft);
    void countdownCancelled();
    void timedOut();

private:
    void restart();
    void startCountdown();
    void cancelCountdown();

    int m_countdownMs;
    bool m_enabled = false;
    bool m_busy = false;
    QTimer m_idle;
    QTimer m_countdown;       // fires once, when the countdown is over
    QTimer m_tick;            // refreshes the seconds shown
    QDeadlineTimer m_deadline;
};

} // namespace zk::ui
