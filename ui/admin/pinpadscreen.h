#pragma once

#include "admin/pinvault.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace zk::ui {

class OnScreenKeyboard;
class PinGate;

// The staff PIN pad: big digit keys (a passphrase with the touch keyboard
// instead), "OK", "Clear" and "Back to the kiosk". On first entry it asks
// for a new PIN twice; then it checks the PIN through the PinGate (off the
// GUI thread) and says how many tries are left, or for how many minutes
// entry is locked. It decides nothing: the vault does.
class PinPadScreen : public QWidget
{
    Q_OBJECT

public:
    enum class Stage { Enter, NewPin, ConfirmPin };

    explicit PinPadScreen(PinGate &gate, QWidget *parent = nullptr);

    // A fresh start: the field emptied, the stage and message for the vault's state.
    void reset();
    Stage stage() const { return m_stage; }
    QString message() const;
    QLineEdit *field() const { return m_field; }
    // Types digits as the keys would (tests, a hardware keypad).
    void typeDigits(const QString &digits);
    void submit();

Q_SIGNALS:
    void unlocked();
    void cancelled();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void setStage(Stage stage);
    void setMessage(const QString &text, bool error);
    void setPassphraseMode(bool on);
    void onVerified(const admin::PinVault::Outcome &outcome);
    void onPinSet(bool ok, const QString &problem);
    void showLock(const QDateTime &until);
    void updateLock();
    void updateEnabled();

    PinGate &m_gate;
    Stage m_stage = Stage::Enter;
    QString m_firstEntry;
    QDateTime m_lockedUntil;
    bool m_passphrase = false;

    QLabel *m_title = nullptr;
    QLabel *m_message = nullptr;
    QLineEdit *m_field = nullptr;
    QWidget *m_digits = nullptr;
    QList<QPushButton *> m_digitKeys;
    QPushButton *m_clear = nullptr;
    QPushButton *m_ok = nullptr;
    QPushButton *m_mode = nullptr;
    QPushButton *m_back = nullptr;
    OnScreenKeyboard *m_keyboard = nullptr;
    QTimer *m_lockTimer = nullptr;
};

} // namespace zk::ui
