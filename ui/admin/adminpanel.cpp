#include "admin/adminpanel.h"

#include "admin/admintouch.h"
#include "admin/animalspage.h"
#include "admin/fleetpage.h"
#include "admin/guardrailspage.h"
#include "admin/healthpage.h"
#include "admin/historypage.h"
#include "admin/pagestack.h"
#include "admin/settingspage.h"
#include "admin/usagepage.h"
#include "keyboard/onscreenkeyboard.h"

#include <QApplication>
#include <QEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace zk::ui {

AdminPanel::AdminPanel(KioskCore &core, QWidget *parent) : QWidget(parent)
{
    setObjectName(u"adminPanel"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);

    auto *top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setProperty("zkRole", u"title"_s);
    top->addWidget(m_title, 1);
    m_keyboardButton = admintouch::touchButton(QString(), this, u"keyboardButton"_s);
    m_keyboardButton->setCheckable(true);
    m_keyboardButton->setProperty("zkRole", u"secondary"_s);
    connect(m_keyboardButton, &QPushButton::clicked, this, [this](bool on) { setKeyboardVisible(on); });
    top->addWidget(m_keyboardButton);
    m_lock = admintouch::touchButton(QString(), this, u"lockButton"_s);
    m_lock->setProperty("zkRole", u"danger"_s);
    connect(m_lock, &QPushButton::clicked, this, &AdminPanel::lockRequested);
    top->addWidget(m_lock);
    layout->addLayout(top);

    m_nav = new QWidget(this);
    m_navLayout = new QGridLayout(m_nav);
    m_navLayout->setContentsMargins(0, 0, 0, 0);
    m_navLayout->setSpacing(8);
    static const char *const names[] = {"navAnimals", "navGuardrails", "navHistory", "navUsage", "navHealth", "navSettings", "navFleet"};
    for (int i = 0; i < PageCount; ++i) {
        m_buttons << admintouch::toggleButton(QString(), m_nav, QString::fromLatin1(names[i]));
    }
    layout->addWidget(m_nav);

    m_stack = new PageStack(this);
    m_animals = new AnimalsPage(core, m_stack);
    m_guardrails = new GuardrailsPage(core, m_stack);
    m_history = new HistoryPage(core, m_stack);
    m_usage = new UsagePage(core, m_stack);
    m_health = new HealthPage(core, m_stack);
    m_settings = new SettingsPage(core, m_stack);
    m_fleet = new FleetPage(core, m_stack);
    // In the order of Page and of the buttons.
    const QList<AdminPage *> pages = {m_animals, m_guardrails, m_history, m_usage, m_health, m_settings, m_fleet};
    for (int i = 0; i < PageCount; ++i)
        m_stack->addPage(pages.at(i), m_buttons.at(i));
    connect(m_stack, &PageStack::pageShown, this, [this](int index) { m_current = Page(index); });
    layout->addWidget(m_stack, 1);

    m_keyboard = new OnScreenKeyboard(this);
    m_keyboard->setObjectName(u"adminKeyboard"_s);
    m_keyboard->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_keyboard->hide();
    connect(m_keyboard, &OnScreenKeyboard::sendRequested, this, &AdminPanel::onKeyboardSend);
    layout->addWidget(m_keyboard);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) { onFocusChanged(now); });

    placeButtons();
    retranslate();
}

void AdminPanel::showPage(Page p)
{
    m_stack->showPage(int(p));
}

void AdminPanel::setKeyboardVisible(bool visible)
{
    // Its own height for the width (keys of at least 64 px); the page gets the rest.
    m_keyboard->setFixedHeight(m_keyboard->heightForWidth(width() - 32));
    m_keyboard->setVisible(visible);
    m_keyboardButton->setChecked(visible);
    // While typing, the page buttons make room (a short landscape screen).
    m_nav->setVisible(!visible);
}

void AdminPanel::onFocusChanged(QWidget *now)
{
    if (!now || !isAncestorOf(now) || m_keyboard->isAncestorOf(now))
        return;
    if (auto *line = qobject_cast<QLineEdit *>(now); line && !line->isReadOnly()) {
        m_keyboard->setTarget(line);
        setKeyboardVisible(true);
    } else if (auto *text = qobject_cast<QPlainTextEdit *>(now); text && !text->isReadOnly()) {
        m_keyboard->setTextTarget(text);
        setKeyboardVisible(true);
    }
}

// The keyboard's enter key: a new line in a long text; in a one-line field
// what Return does (History's search), and the keyboard goes away.
void AdminPanel::onKeyboardSend()
{
    if (QPlainTextEdit *text = m_keyboard->textTarget()) {
        text->insertPlainText(u"\n"_s);
        return;
    }
    if (QLineEdit *line = m_keyboard->target())
        Q_EMIT line->returnPressed();
    setKeyboardVisible(false);
}

// The page buttons in one row when there is room (landscape), else in two rows.
void AdminPanel::placeButtons()
{
    const int columns = width() >= 1200 || width() == 0 ? PageCount : (PageCount + 1) / 2;
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QPushButton *b : std::as_const(m_buttons))
        m_navLayout->removeWidget(b);
    for (int i = 0; i < m_buttons.size(); ++i)
        m_navLayout->addWidget(m_buttons.at(i), i / columns, i % columns);
}

void AdminPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeButtons();
    m_keyboard->setFixedHeight(m_keyboard->heightForWidth(width() - 32));
}

void AdminPanel::retranslate()
{
    m_title->setText(tr("Staff admin panel"));
    m_lock->setText(tr("Lock and close"));
    m_keyboardButton->setText(tr("Keyboard"));
    const QStringList labels = {tr("Animals"), tr("Guardrails"), tr("History"), tr("Usage and cost"), tr("Health"),
                                tr("Settings"), tr("Fleet")};
    for (int i = 0; i < m_buttons.size(); ++i)
        m_buttons.at(i)->setText(labels.at(i));
}

void AdminPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace zk::ui
