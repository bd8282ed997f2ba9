#include "idlecontroller.h"

namespace zk::ui {

IdleController::IdleController(int idleMs, int countdownMs, QObject *parent)
    : QObject(parent), m_countdownMs(countdownMs)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleMs);
    m_countdown.setSingleShot(true);
    m_countdown.setInterval(countdownMs);
    m_tick.setInterval(250); // the shown second changes on time
    connect(&m_idle, &QTimer::timeout, this, &IdleController::startCountdown);
    connect(&m_tick, &QTimer::timeout, this, [this] { Q_EMIT countdownTick(secondsLeft()); });
    connect(&m_countdown, &QTimer::timeout, this, [this] {
        m_tick.stop();
        m_enabled = false; // the visit is over until the next one starts
        Q_EMIT timedOut();
    });
}

void IdleController::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (enabled) {
        restart();
    } else {
        m_idle.stop();
        cancelCountdown();
    }
}

void IdleController::setBusy(bool busy)
{
    m_busy = busy;
    if (busy) {
        m_idle.stop();
        cancelCountdown();
    } else {
        restart();
    }
}

void IdleController::activity()
{
    if (!m_enabled)
        return;
    cancelCountdown();
    restart();
}

int IdleController::secondsLeft() const
{
    if (!m_countdown.isActive())
        return 0;
    return int((m_deadline.remainingTime() + 999) / 1000);
}

void IdleController::restart()
{
    if (m_enabled && !m_busy)
        m_idle.start();
}

void IdleController::startCountdown()
{
    if (!m_enabled || m_busy)
        return;
    m_deadline.setRemainingTime(m_countdownMs);
    m_countdown.start();
    m_tick.start();
    Q_EMIT countdownStarted(secondsLeft());
}

void IdleController::cancelCountdown()
{
    if (!m_countdown.isActive())
        return;
    m_countdown.stop();
    m_tick.stop();
    Q_EMIT countdownCancelled();
}

} // namespace zk::ui
