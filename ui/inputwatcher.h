#pragma once

#include <QObject>
#include <QPointF>

namespace zk::ui {

// Watches every input event of the application (installed on qApp): reports
// any touch, click, wheel or key as activity, and each new press once, with
// its screen position, however many widgets the event passes through.
class InputWatcher : public QObject
{
    Q_OBJECT

public:
    explicit InputWatcher(QObject *parent = nullptr);

Q_SIGNALS:
    void activity();
    void pressed(const QPointF &globalPosition);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    quint64 m_lastPressTimestamp = 0;
    QPointF m_lastPressPosition{-1, -1};
};

} // namespace zk::ui
