#include "deltabatcher.h"

namespace zk::ui {

DeltaBatcher::DeltaBatcher(int intervalMs, QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DeltaBatcher::flush);
}

void DeltaBatcher::add(const QString &delta)
{
    if (delta.isEmpty())
        return;
    m_pending += delta;
    if (!m_timer.isActive())
        m_timer.start();
}

void DeltaBatcher::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty())
        return;
    const QString batch = std::exchange(m_pending, QString());
    Q_EMIT batchReady(batch);
}

void DeltaBatcher::clear()
{
    m_timer.stop();
    m_pending.clear();
}

} // namespace zk::ui
