#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QSizeF>

namespace zk::ui {

// The hidden way in for staff: five taps in the top-left corner within three
// seconds. A tap anywhere else starts the count again. (The PIN pad and the
// admin panel that follow are the admin issue's; they connect to the signal.)
class StaffGesture : public QObject
{
    Q_OBJECT

public:
    static constexpr int kTaps = 5;
    static constexpr int kWindowMs = 3000;
    static constexpr int kCornerPx = 96;

    explicit StaffGesture(QObject *parent = nullptr);

    // A press at `position` in window coordinates.
    void tap(const QPointF &position);

Q_SIGNALS:
    void detected();

private:
    QElapsedTimer m_clock;
    QList<qint64> m_taps;
};

} // namespace zk::ui
