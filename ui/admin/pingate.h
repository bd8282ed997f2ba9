#pragma once

#include "admin/pinvault.h"

#include <QObject>

namespace zk::ui {

// The staff PIN checks without freezing the screen: the PBKDF2 derivation
// (about 0.3 s) runs on a worker thread (Qt Concurrent); the vault's
// database steps stay on this thread. One check at a time.
class PinGate : public QObject
{
    Q_OBJECT

public:
    explicit PinGate(admin::PinVault &vault, QObject *parent = nullptr);

    bool isSet() const;
    bool isBusy() const { return m_busy; }
    // When entry opens again; invalid when it is not locked.
    QDateTime lockedUntil() const;

    // Starts a check; verified() follows (at once when nothing is to derive).
    void verify(const QString &pin);
    // A clear message when the PIN is too weak (checked at once), else
    // starts hashing it; pinSet() follows.
    Status setPin(const QString &pin, const QString &who);

Q_SIGNALS:
    void busyChanged(bool busy);
    void verified(const zk::admin::PinVault::Outcome &outcome);
    void pinSet(bool ok, const QString &problem);

private:
    void setBusy(bool busy);

    admin::PinVault &m_vault;
    bool m_busy = false;
};

} // namespace zk::ui
