#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <functional>

namespace zk::storage {
class EventRepository;
class SettingsRepository;
}

namespace zk::admin {

// The staff PIN (at least 6 digits) or passphrase (at least 10 characters),
// kept only as PBKDF2-HMAC-SHA256 with a random per-install salt, in the
// settings table. Five wrong tries in a row lock entry for five minutes
// (recorded as a security event); the count and the lock survive a restart.
class PinVault
{
public:
    static constexpr int kDefaultIterations = 600'000; // OWASP's figure for PBKDF2-HMAC-SHA256
    static constexpr int kMinIterations = 100'000;
    static constexpr int kMaxTries = 5;
    static constexpr int kLockSeconds = 5 * 60;

    using Clock = std::function<QDateTime()>;

    // `iterations` for new PINs (tests pass kMinIterations to run faster;
    // a stored hash keeps the count it was made with).
    PinVault(storage::SettingsRepository &settings, storage::EventRepository &events,
             int iterations = kDefaultIterations, Clock clock = {});

    enum class Check { Accepted, Wrong, LockedOut, NotSet };
    struct Outcome
    {
        Check check = Check::NotSet;
        int triesLeft = 0;        // after a wrong try
        QDateTime lockedUntil;    // when locked out
    };

    bool isSet() const;
    // A clear message when the PIN or passphrase is too weak.
    static Status validate(const QString &pin);
    Status setPin(const QString &pin, const QString &who);
    Outcome verify(const QString &pin);
    QDateTime lockedUntil() const;

    // The same two steps split for a caller that keeps its event loop free
    // (the admin panel's PIN pad): the PBKDF2 derivation (about 0.3 s) may run
    // on any thread; the steps that read and write the database run on the
    // database's thread. verify() and setPin() are exactly these steps in a row.
    struct Challenge
    {
        Outcome early;           // NotSet or LockedOut: decided without a derivation
        bool needsDerivation = false;
        int iterations = 0;
        QByteArray salt;
        QByteArray hash;
    };
    Challenge beginVerify() const;
    // Thread-safe and slow: does `pin` match the challenge's stored hash?
    static bool matches(const Challenge &challenge, const QString &pin);
    Outcome finishVerify(const Challenge &challenge, bool matched);
    // Thread-safe and slow: the stored form of a valid `pin` (empty on failure).
    static QString hashForStorage(const QString &pin, int iterations);
    int iterations() const { return m_iterations; }
    // Stores a hash made by hashForStorage() (refused when it is malformed).
    Status setHashed(const QString &stored, const QString &who);

private:
    QDateTime now() const;
    Status saveFailures(int failures, const QDateTime &lockedUntil);

    storage::SettingsRepository &m_settings;
    storage::EventRepository &m_events;
    int m_iterations;
    Clock m_clock;
};

} // namespace zk::admin
