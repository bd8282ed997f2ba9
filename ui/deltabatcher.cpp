#include "deltabatcher.h"

namespace zk::ui {

DeltaBatcher::DeltaBatcher(int intervalMs, int maxChars, QObject *parent) : QObject(parent), m_maxChars(maxChars)
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
    QString batch;
    if (m_maxChars > 0 && m_pending.size() > m_maxChars) {
        qsizetype cut = m_maxChars;
        if (m_pending.at(cut - 1).isHighSurrogate())
            --cut; // never half a character
        batch = m_pending.left(cut);
        m_pending.remove(0, cut);
        m_timer.start(); // the rest in the next frame
    } else {
        batch = std::exchange(m_pending, QString());
    }
    Q_EMIT batchReady(batch);
    if (m_pending.isEmpty())
        Q_EMIT drained();
}

void DeltaBatcher::clear()
{
    m_timer.stop();
    m_pending.clear();
}

} // namespace zk::ui
