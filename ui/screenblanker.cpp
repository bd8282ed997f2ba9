#include "screenblanker.h"

#include <QApplication>
#include <QEvent>
#include <QPainter>

namespace zk::ui {

namespace {
bool isInput(QEvent::Type type)
{
    switch (type) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TouchEnd:
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::Wheel:
        return true;
    default:
        return false;
    }
}
} // namespace

ScreenBlanker::ScreenBlanker(QWidget *window, const OpeningHours &hours, int wakeMs, Clock clock)
    : QWidget(window), m_hours(hours), m_wakeMs(wakeMs), m_clock(std::move(clock))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::BlankCursor);
    hide();
    if (m_hours.isAlwaysOpen())
        return; // nothing to do, ever
    window->installEventFilter(this);
    qApp->installEventFilter(this); // last installed, so it sees (and can swallow) input first
    m_check.setInterval(5000);
    connect(&m_check, &QTimer::timeout, this, &ScreenBlanker::evaluate);
    m_check.start();
    evaluate();
}

ScreenBlanker::~ScreenBlanker()
{
    qApp->removeEventFilter(this);
}

void ScreenBlanker::evaluate()
{
    const bool open = m_hours.isOpen(m_clock());
    setBlank(!open && (!m_sinceInput.isValid() || m_sinceInput.elapsed() >= m_wakeMs));
}

void ScreenBlanker::setBlank(bool blank)
{
    if (blank == isBlank())
        return;
    if (blank) {
        setGeometry(parentWidget()->rect());
        raise();
        show();
    } else {
        hide();
    }
    Q_EMIT blankChanged(blank);
}

bool ScreenBlanker::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    if (!isInput(event->type()))
        return false;
    m_sinceInput.restart();
    if (!isBlank())
        return false;
    // The waking touch: the screen comes back, the touch presses nothing.
    if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::TouchBegin
        || event->type() == QEvent::KeyPress)
        setBlank(false);
    return true;
}

void ScreenBlanker::paintEvent(QPaintEvent *)
{
    QPainter(this).fillRect(rect(), Qt::black);
}

} // namespace zk::ui
