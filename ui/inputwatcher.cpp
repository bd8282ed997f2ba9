#include "inputwatcher.h"

#include <QEvent>
#include <QInputDevice>
#include <QMouseEvent>
#include <QTouchEvent>

namespace zk::ui {

InputWatcher::InputWatcher(QObject *parent) : QObject(parent) {}

bool InputWatcher::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin: {
        Q_EMIT activity();
        auto *pointer = static_cast<QPointerEvent *>(event);
        if (pointer->points().isEmpty())
            break;
        // Mouse presses that Qt made from a touch carry the touch screen: the touch counted already.
        if (event->type() == QEvent::MouseButtonPress && pointer->device()
            && pointer->device()->type() == QInputDevice::DeviceType::TouchScreen)
            break;
        // The same press reaches the window and then each widget it propagates to.
        const QPointF position = pointer->points().constFirst().globalPosition();
        if (pointer->timestamp() == m_lastPressTimestamp && position == m_lastPressPosition)
            break;
        m_lastPressTimestamp = pointer->timestamp();
        m_lastPressPosition = position;
        Q_EMIT pressed(position);
        break;
    }
    case QEvent::MouseMove:
        // A drag; a resting mouse that merely twitches is nobody.
        if (static_cast<QMouseEvent *>(event)->buttons() != Qt::NoButton)
            Q_EMIT activity();
        break;
    case QEvent::MouseButtonRelease:
    case QEvent::TouchUpdate:
    case QEvent::Wheel:
    case QEvent::KeyPress:
        Q_EMIT activity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace zk::ui
