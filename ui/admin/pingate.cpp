#include "admin/pingate.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace zk::ui {

PinGate::PinGate(admin::PinVault &vault, QObject *parent) : QObject(parent), m_vault(vault) {}

bool PinGate::isSet() const
{
    return m_vault.isSet();
}

QDateTime PinGate::lockedUntil() const
{
    const QDateTime until = m_vault.lockedUntil();
    return until.isValid() && QDateTime::currentDateTimeUtc() < until ? until : QDateTime();
}

void PinGate::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void PinGate::verify(const QString &pin)
{
    if (m_busy)
        return;
    const admin::PinVault::Challenge challenge = m_vault.beginVerify();
    if (!challenge.needsDerivation) {
        Q_EMIT verified(challenge.early);
        return;
    }
    setBusy(true);
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, challenge] {
        watcher->deleteLater();
        const admin::PinVault::Outcome outcome = m_vault.finishVerify(challenge, watcher->result());
        setBusy(false);
        Q_EMIT verified(outcome);
    });
    // The worker gets copies only: it never touches the vault or the database.
    watcher->setFuture(QtConcurrent::run([challenge, pin] { return admin::PinVault::matches(challenge, pin); }));
}

Status PinGate::setPin(const QString &pin, const QString &who)
{
    if (m_busy)
        return makeError(u"busy"_s);
    if (const Status s = admin::PinVault::validate(pin); !s)
        return s;
    setBusy(true);
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, who] {
        watcher->deleteLater();
        const Status stored = m_vault.setHashed(watcher->result(), who);
        setBusy(false);
        Q_EMIT pinSet(stored.ok(), stored.ok() ? QString() : stored.error().message);
    });
    const int iterations = m_vault.iterations();
    watcher->setFuture(QtConcurrent::run([pin, iterations] { return admin::PinVault::hashForStorage(pin, iterations); }));
    return {};
}

} // namespace zk::ui
