#include "typingindicator.h"

#include <QEvent>

using namespace Qt::StringLiterals;

namespace zk::ui {

TypingIndicator::TypingIndicator(QWidget *parent) : QLabel(parent)
{
    setObjectName(u"typingIndicator"_s);
    setProperty("zkRole", u"typing"_s);
    m_timer.setInterval(400);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_dots = (m_dots + 1) % 4;
        render();
    });
    hide();
}

void TypingIndicator::start(const QString &animalName)
{
    m_name = animalName;
    m_dots = 0;
    render();
    show();
    m_timer.start();
}

void TypingIndicator::stop()
{
    m_timer.stop();
    hide();
}

void TypingIndicator::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QLabel::changeEvent(event);
}

void TypingIndicator::render()
{
    setText(tr("%1 is thinking").arg(m_name) + u' ' + QString(u"●"_s).repeated(m_dots + 1));
}

} // namespace zk::ui
