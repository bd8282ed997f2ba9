#include "idleoverlay.h"

#include <QEvent>
#include <QFrame>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

IdleOverlay::IdleOverlay(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"idleOverlay"_s);
    setAttribute(Qt::WA_StyledBackground);
    auto *outer = new QVBoxLayout(this);
    auto *panel = new QFrame(this);
    panel->setObjectName(u"idlePanel"_s);
    panel->setMaximumWidth(900);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(48, 40, 48, 40);
    layout->setSpacing(16);
    m_question = new QLabel(panel);
    m_question->setProperty("zkRole", u"title"_s);
    m_hint = new QLabel(panel);
    m_seconds = new QLabel(panel);
    m_seconds->setObjectName(u"idleSeconds"_s);
    m_seconds->setProperty("zkRole", u"countdown"_s);
    for (QLabel *l : {m_question, m_hint, m_seconds}) {
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        layout->addWidget(l);
    }
    m_stillHere = new QPushButton(panel);
    m_stillHere->setObjectName(u"stillHere"_s);
    connect(m_stillHere, &QPushButton::clicked, this, &IdleOverlay::stillHere);
    layout->addWidget(m_stillHere);
    outer->addWidget(panel, 0, Qt::AlignCenter);
    parent->installEventFilter(this); // cover the window as it is resized
    retranslate();
    hide();
}

void IdleOverlay::showCountdown(int secondsLeft)
{
    setGeometry(parentWidget()->rect());
    setSecondsLeft(secondsLeft);
    show();
    raise();
}

void IdleOverlay::setSecondsLeft(int secondsLeft)
{
    m_seconds->setText(QString::number(secondsLeft));
}

QString IdleOverlay::questionText() const
{
    return m_question->text();
}

QString IdleOverlay::secondsText() const
{
    return m_seconds->text();
}

void IdleOverlay::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

bool IdleOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void IdleOverlay::mousePressEvent(QMouseEvent *event)
{
    event->accept();
    Q_EMIT stillHere();
}

void IdleOverlay::retranslate()
{
    m_question->setText(tr("Are you still there?"));
    m_hint->setText(tr("Tap anywhere to keep talking."));
    m_stillHere->setText(tr("I'm still here!"));
}

} // namespace zk::ui
