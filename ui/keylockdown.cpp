#include "keylockdown.h"

#include <QEvent>
#include <QKeyEvent>

namespace zk::ui {

KeyLockdown::KeyLockdown(QObject *parent) : QObject(parent) {}

bool KeyLockdown::isBlocked(int key, Qt::KeyboardModifiers modifiers)
{
    const Qt::KeyboardModifiers mods = modifiers & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    switch (key) {
    case Qt::Key_Escape:
    case Qt::Key_F11:
    case Qt::Key_Close:
    case Qt::Key_Back:
        return true;
    case Qt::Key_F4:
        return mods != Qt::NoModifier;            // Alt+F4, Ctrl+F4
    case Qt::Key_Q:
    case Qt::Key_W:
        return mods.testFlag(Qt::ControlModifier); // quit, close window
    case Qt::Key_Tab:
        return mods.testAnyFlags(Qt::AltModifier | Qt::MetaModifier); // window switching
    case Qt::Key_Backspace:
        return mods.testFlags(Qt::ControlModifier | Qt::AltModifier); // X server kill
    default:
        return false;
    }
}

bool KeyLockdown::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride
        || event->type() == QEvent::KeyRelease) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (isBlocked(key->key(), key->modifiers())) {
            event->accept();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace zk::ui
