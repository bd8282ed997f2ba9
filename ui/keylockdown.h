#pragma once

#include <QObject>

namespace zk::ui {

// Swallows the keys that close or leave a window (Alt+F4, Ctrl+Q, Ctrl+W,
// Escape, F11, ...) for the whole application (installed on qApp), so a
// visitor with a keyboard cannot take the kiosk down.
class KeyLockdown : public QObject
{
    Q_OBJECT

public:
    explicit KeyLockdown(QObject *parent = nullptr);

    static bool isBlocked(int key, Qt::KeyboardModifiers modifiers);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace zk::ui
