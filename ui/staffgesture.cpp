#include "staffgesture.h"

namespace zk::ui {

StaffGesture::StaffGesture(QObject *parent) : QObject(parent)
{
    m_clock.start();
}

void StaffGesture::tap(const QPointF &position)
{
    if (position.x() < 0 || position.y() < 0 || position.x() >= kCornerPx || position.y() >= kCornerPx) {
        m_taps.clear();
        return;
    }
    const qint64 now = m_clock.elapsed();
    m_taps.append(now);
    while (!m_taps.isEmpty() && now - m_taps.constFirst() > kWindowMs)
        m_taps.removeFirst();
    if (m_taps.size() >= kTaps) {
        m_taps.clear();
        Q_EMIT detected();
    }
}

} // namespace zk::ui
