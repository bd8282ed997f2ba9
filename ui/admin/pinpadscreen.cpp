#include "admin/pinpadscreen.h"

#include "admin/admintouch.h"
#include "admin/pingate.h"
#include "keyboard/onscreenkeyboard.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {
constexpr int kKeyPx = 96;
}

PinPadScreen::PinPadScreen(PinGate &gate, QWidget *parent) : QWidget(parent), m_gate(gate)
{
    setObjectName(u"pinPadScreen"_s);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(24, 24, 24, 24);
    outer->setSpacing(16);
    outer->addStretch(1);

    m_title = new QLabel(this);
    m_title->setProperty("zkRole", u"title"_s);
    m_title->setAlignment(Qt::AlignCenter);
    outer->addWidget(m_title);

    m_message = new QLabel(this);
    m_message->setObjectName(u"pinMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    outer->addWidget(m_message);

    m_field = new QLineEdit(this);
    m_field->setObjectName(u"pinField"_s);
    m_field->setEchoMode(QLineEdit::Password);
    m_field->setAlignment(Qt::AlignCenter);
    m_field->setMaxLength(128);
    m_field->setFixedWidth(3 * kKeyPx + 2 * 16);
    m_field->setMinimumHeight(admintouch::kTouchPx);
    connect(m_field, &QLineEdit::returnPressed, this, &PinPadScreen::submit);
    connect(m_field, &QLineEdit::textChanged, this, &PinPadScreen::updateEnabled);
    outer->addWidget(m_field, 0, Qt::AlignHCenter);

    m_digits = new QWidget(this);
    auto *grid = new QGridLayout(m_digits);
    grid->setSpacing(16);
    grid->setContentsMargins(0, 0, 0, 0);
    const QString order = u"123456789"_s;
    for (int i = 0; i < 10; ++i) {
        const QString digit = i < 9 ? QString(order.at(i)) : u"0"_s;
        QPushButton *key = admintouch::touchButton(digit, m_digits, u"pinKey_"_s + digit);
        key->setProperty("zkRole", u"pinKey"_s);
        key->setFixedSize(kKeyPx, kKeyPx);
        connect(key, &QPushButton::clicked, this, [this, digit] { typeDigits(digit); });
        m_digitKeys << key;
        if (i < 9)
            grid->addWidget(key, i / 3, i % 3);
        else
            grid->addWidget(key, 3, 1);
    }
    m_clear = admintouch::touchButton(QString(), m_digits, u"pinClear"_s);
    m_clear->setProperty("zkRole", u"secondary"_s);
    m_clear->setFixedSize(kKeyPx, kKeyPx);
    connect(m_clear, &QPushButton::clicked, m_field, &QLineEdit::backspace);
    grid->addWidget(m_clear, 3, 0);
    m_ok = admintouch::touchButton(QString(), m_digits, u"pinOk"_s);
    m_ok->setFixedSize(kKeyPx, kKeyPx);
    connect(m_ok, &QPushButton::clicked, this, &PinPadScreen::submit);
    grid->addWidget(m_ok, 3, 2);
    outer->addWidget(m_digits, 0, Qt::AlignHCenter);

    m_keyboard = new OnScreenKeyboard(this);
    m_keyboard->setObjectName(u"pinKeyboard"_s);
    m_keyboard->setTarget(m_field);
    m_keyboard->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(m_keyboard, &OnScreenKeyboard::sendRequested, this, &PinPadScreen::submit);
    m_keyboard->hide();
    outer->addWidget(m_keyboard);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    m_mode = admintouch::touchButton(QString(), this, u"pinMode"_s);
    m_mode->setProperty("zkRole", u"secondary"_s);
    connect(m_mode, &QPushButton::clicked, this, [this] { setPassphraseMode(!m_passphrase); });
    row->addWidget(m_mode);
    m_back = admintouch::touchButton(QString(), this, u"pinBack"_s);
    m_back->setProperty("zkRole", u"secondary"_s);
    connect(m_back, &QPushButton::clicked, this, &PinPadScreen::cancelled);
    row->addWidget(m_back);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(1);

    m_lockTimer = new QTimer(this);
    m_lockTimer->setInterval(1000);
    connect(m_lockTimer, &QTimer::timeout, this, &PinPadScreen::updateLock);

    connect(&m_gate, &PinGate::verified, this, &PinPadScreen::onVerified);
    connect(&m_gate, &PinGate::pinSet, this, &PinPadScreen::onPinSet);
    connect(&m_gate, &PinGate::busyChanged, this, [this](bool busy) {
        if (busy)
            setMessage(tr("Checking…"), false);
        updateEnabled();
    });
    retranslate();
    reset();
}

void PinPadScreen::reset()
{
    m_field->clear();
    m_firstEntry.clear();
    setPassphraseMode(false);
    setStage(m_gate.isSet() ? Stage::Enter : Stage::NewPin);
    if (const QDateTime until = m_gate.lockedUntil(); until.isValid() && m_stage == Stage::Enter)
        showLock(until);
    else {
        m_lockedUntil = {};
        m_lockTimer->stop();
        setMessage(m_stage == Stage::NewPin
                       ? tr("No staff PIN is set yet. Choose one: at least 6 digits, or a passphrase of at least 10 characters.")
                       : QString(),
                   false);
    }
    updateEnabled();
}

QString PinPadScreen::message() const
{
    return m_message->text();
}

void PinPadScreen::typeDigits(const QString &digits)
{
    if (!m_field->isEnabled())
        return;
    m_field->insert(digits);
}

void PinPadScreen::setStage(Stage stage)
{
    m_stage = stage;
    switch (stage) {
    case Stage::Enter:
        m_title->setText(tr("Staff PIN"));
        break;
    case Stage::NewPin:
        m_title->setText(tr("Choose a staff PIN"));
        break;
    case Stage::ConfirmPin:
        m_title->setText(tr("Enter the new PIN again"));
        break;
    }
}

void PinPadScreen::setMessage(const QString &text, bool error)
{
    admintouch::showStatus(m_message, text, error ? u"error"_s : QString());
}

void PinPadScreen::setPassphraseMode(bool on)
{
    m_passphrase = on;
    m_digits->setVisible(!on);
    m_keyboard->setFixedHeight(m_keyboard->heightForWidth(std::max(width() - 48, 640)));
    m_keyboard->setVisible(on);
    m_field->setReadOnly(false);
    m_field->setFixedWidth(on ? 600 : 3 * kKeyPx + 2 * 16);
    m_mode->setText(on ? tr("Use digits") : tr("Use a passphrase"));
    if (on)
        m_field->setFocus();
}

void PinPadScreen::submit()
{
    if (m_gate.isBusy() || m_lockedUntil.isValid())
        return;
    const QString entry = m_field->text();
    if (entry.isEmpty())
        return;
    switch (m_stage) {
    case Stage::Enter:
        m_gate.verify(entry);
        return;
    case Stage::NewPin:
        if (const Status s = admin::PinVault::validate(entry); !s) {
            setMessage(tr("Not accepted: use at least 6 digits (not all the same), or a passphrase of at least 10 characters."), true);
            m_field->clear();
            return;
        }
        m_firstEntry = entry;
        m_field->clear();
        setStage(Stage::ConfirmPin);
        setMessage(tr("Enter the same PIN once more to confirm it."), false);
        return;
    case Stage::ConfirmPin:
        if (entry != m_firstEntry) {
            m_firstEntry.clear();
            m_field->clear();
            setStage(Stage::NewPin);
            setMessage(tr("The two entries were different. Please choose the PIN again."), true);
            return;
        }
        if (const Status s = m_gate.setPin(entry, u"admin panel"_s); !s)
            setMessage(tr("The PIN could not be saved."), true);
        return;
    }
}

void PinPadScreen::onVerified(const admin::PinVault::Outcome &outcome)
{
    m_field->clear();
    using Check = admin::PinVault::Check;
    switch (outcome.check) {
    case Check::Accepted:
        setMessage(QString(), false);
        Q_EMIT unlocked();
        return;
    case Check::Wrong:
        setMessage(tr("Wrong PIN. Tries left before entry locks: %1.").arg(outcome.triesLeft), true);
        return;
    case Check::LockedOut:
        showLock(outcome.lockedUntil);
        return;
    case Check::NotSet:
        reset();
        return;
    }
}

void PinPadScreen::onPinSet(bool ok, const QString &problem)
{
    m_field->clear();
    m_firstEntry.clear();
    if (!ok) {
        Q_UNUSED(problem); // developer text; staff get a plain message
        setStage(Stage::NewPin);
        setMessage(tr("The PIN could not be saved."), true);
        return;
    }
    setStage(Stage::Enter);
    setMessage(QString(), false);
    Q_EMIT unlocked();
}

void PinPadScreen::showLock(const QDateTime &until)
{
    m_lockedUntil = until;
    m_lockTimer->start();
    updateLock();
}

void PinPadScreen::updateLock()
{
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(m_lockedUntil);
    if (!m_lockedUntil.isValid() || seconds <= 0) {
        m_lockedUntil = {};
        m_lockTimer->stop();
        setMessage(QString(), false);
        updateEnabled();
        return;
    }
    const int minutes = int(std::ceil(double(seconds) / 60.0));
    setMessage(tr("Too many wrong PINs. Entry is locked; try again in %1 min.").arg(minutes), true);
    updateEnabled();
}

void PinPadScreen::updateEnabled()
{
    const bool open = !m_gate.isBusy() && !m_lockedUntil.isValid();
    m_field->setEnabled(open);
    for (QPushButton *key : std::as_const(m_digitKeys))
        key->setEnabled(open);
    m_clear->setEnabled(open);
    m_ok->setEnabled(open && !m_field->text().isEmpty());
    m_keyboard->setEnabled(open);
}

void PinPadScreen::retranslate()
{
    m_clear->setText(tr("Del"));
    m_ok->setText(tr("OK"));
    m_back->setText(tr("Back to the kiosk"));
    m_mode->setText(m_passphrase ? tr("Use digits") : tr("Use a passphrase"));
    setStage(m_stage);
}

void PinPadScreen::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace zk::ui
