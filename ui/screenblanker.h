#pragma once

#include "core/openinghours.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace zk::ui {

// Outside opening hours (kiosk/opening_hours) the kiosk shows a black screen
// over everything: on LCD and OLED panels black is as close to "display off"
// as a Wayland client under cage can get. A touch wakes it (and is swallowed,
// so it does not also press a button); it goes dark again after `wakeMs`
// without input, and lifts by itself at opening time. While somebody is
// using the kiosk at closing time it waits for them to stop.
class ScreenBlanker : public QWidget
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    ScreenBlanker(QWidget *window, const OpeningHours &hours, int wakeMs,
                  Clock clock = [] { return QDateTime::currentDateTime(); });
    ~ScreenBlanker() override;

    bool isBlank() const { return isVisible(); }
    // Decides now (also run every few seconds by a timer).
    void evaluate();

Q_SIGNALS:
    void blankChanged(bool blank);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void setBlank(bool blank);

    OpeningHours m_hours;
    int m_wakeMs;
    Clock m_clock;
    QTimer m_check;
    QElapsedTimer m_sinceInput;   // started by the first input
};

} // namespace zk::ui
