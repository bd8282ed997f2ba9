#include "admin/staffconsole.h"

#include "admin/adminpanel.h"
#include "admin/admintouch.h"
#include "admin/pingate.h"
#include "admin/pinpadscreen.h"
#include "core/kioskcore.h"
#include "core/logging.h"

#include <QApplication>
#include <QEvent>
#include <QScreen>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

StaffConsole::StaffConsole(KioskCore &core, QWidget *parent, int idleLockMs) : QWidget(parent), m_core(core)
{
    setObjectName(u"staffConsole"_s);
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(admintouch::styleSheet());
    if (!parent)
        setWindowFlags(Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    m_gate = new PinGate(core.pins(), this);
    m_pinPad = new PinPadScreen(*m_gate, m_stack);
    m_stack->addWidget(m_pinPad);
    connect(m_pinPad, &PinPadScreen::unlocked, this, &StaffConsole::onUnlocked);
    connect(m_pinPad, &PinPadScreen::cancelled, this, &StaffConsole::lock);

    m_idle = new QTimer(this);
    m_idle->setSingleShot(true);
    m_idle->setInterval(std::max(idleLockMs, 1));
    connect(m_idle, &QTimer::timeout, this, [this] {
        if (m_gate->isBusy()) { // a PIN being checked is not idleness
            m_idle->start();
            return;
        }
        if (m_panel)
            m_core.recordStaffEvent(u"security"_s, u"admin_auto_locked"_s,
                                    u"The admin panel locked itself after %1 s without a touch."_s.arg(m_idle->interval() / 1000));
        lock();
    });
    if (parent)
        parent->installEventFilter(this);
    hide();
}

StaffConsole::~StaffConsole()
{
    qApp->removeEventFilter(this);
}

bool StaffConsole::isUnlocked() const
{
    return m_panel != nullptr;
}

AdminPanel *StaffConsole::panel() const
{
    return m_panel;
}

int StaffConsole::idleLockMs() const
{
    return m_idle->interval();
}

void StaffConsole::open()
{
    if (isVisible())
        return;
    m_pinPad->reset();
    m_stack->setCurrentWidget(m_pinPad);
    qApp->installEventFilter(this); // every touch, click and key keeps it open
    if (parentWidget()) {
        fitToParent();
        show();
        raise();
    } else {
        // Without a window manager showFullScreen() alone keeps the natural size.
        if (QScreen *screen = QGuiApplication::primaryScreen())
            setGeometry(screen->geometry());
        showFullScreen();
    }
    m_idle->start();
    Q_EMIT opened();
}

void StaffConsole::onUnlocked()
{
    if (m_panel)
        m_panel->deleteLater();
    m_panel = new AdminPanel(m_core, m_stack);
    connect(m_panel, &AdminPanel::lockRequested, this, &StaffConsole::lock);
    m_stack->addWidget(m_panel);
    m_stack->setCurrentWidget(m_panel);
    m_panel->showPage(AdminPanel::Animals);
    m_core.recordStaffEvent(u"security"_s, u"admin_unlocked"_s, u"The admin panel was opened with the staff PIN."_s);
    m_idle->start();
    Q_EMIT unlocked();
}

void StaffConsole::lock()
{
    m_idle->stop();
    qApp->removeEventFilter(this);
    if (m_panel) {
        m_stack->removeWidget(m_panel);
        delete m_panel; // nothing stays on screen or in memory for the next person
    }
    m_pinPad->reset();
    hide();
    Q_EMIT locked();
}

void StaffConsole::fitToParent()
{
    if (QWidget *p = parentWidget())
        setGeometry(p->rect());
}

bool StaffConsole::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize) {
        fitToParent();
        return false;
    }
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::KeyPress:
    case QEvent::Wheel:
        if (isVisible())
            m_idle->start();
        break;
    default:
        break;
    }
    return false;
}

} // namespace zk::ui
