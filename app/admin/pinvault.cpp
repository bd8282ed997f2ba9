#include "admin/pinvault.h"

#include "admin/crypto.h"
#include "storage/repositories.h"
#include "storage/settingsrepository.h"

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace zk::admin {

namespace {

// "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>", one setting.
const QString kHashKey = u"admin_pin_hash"_s;
const QString kFailuresKey = u"admin_pin_failures"_s;
const QString kLockedUntilKey = u"admin_pin_locked_until"_s;
constexpr int kSaltBytes = 16;

struct StoredHash
{
    int iterations = 0;
    QByteArray salt;
    QByteArray hash;
};

std::optional<StoredHash> parseHash(const QString &text)
{
    const QStringList parts = text.split(u'$');
    if (parts.size() != 4 || parts.at(0) != u"pbkdf2-sha256")
        return std::nullopt;
    bool ok = false;
    StoredHash h;
    h.iterations = parts.at(1).toInt(&ok);
    h.salt = QByteArray::fromBase64(parts.at(2).toLatin1());
    h.hash = QByteArray::fromBase64(parts.at(3).toLatin1());
    if (!ok || h.iterations < PinVault::kMinIterations || h.salt.size() < kSaltBytes || h.hash.size() != 32)
        return std::nullopt;
    return h;
}

int settingInt(storage::SettingsRepository &settings, const QString &key)
{
    const auto v = settings.value(key);
    return v && v.value() ? v.value()->toInt() : 0;
}

} // namespace

PinVault::PinVault(storage::SettingsRepository &settings, storage::EventRepository &events, int iterations,
                   Clock clock)
    : m_settings(settings)
    , m_events(events)
    , m_iterations(std::max(iterations, kMinIterations))
    , m_clock(std::move(clock))
{
}

QDateTime PinVault::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

bool PinVault::isSet() const
{
    const auto v = m_settings.value(kHashKey);
    return v && v.value() && parseHash(*v.value()).has_value();
}

Status PinVault::validate(const QString &pin)
{
    const bool digitsOnly = !pin.isEmpty() && std::all_of(pin.cbegin(), pin.cend(), [](QChar c) {
        return c >= u'0' && c <= u'9';
    });
    if (digitsOnly) {
        if (pin.size() < 6)
            return makeError(u"a PIN needs at least 6 digits"_s);
        if (pin.count(pin.front()) == pin.size())
            return makeError(u"a PIN of one digit repeated is too easy to guess"_s);
        return {};
    }
    if (pin.trimmed().size() < 10)
        return makeError(u"use at least 6 digits, or a passphrase of at least 10 characters"_s);
    return {};
}

Status PinVault::setPin(const QString &pin, const QString &who)
{
    if (const Status s = validate(pin); !s)
        return s;
    return setHashed(hashForStorage(pin, m_iterations), who);
}

QString PinVault::hashForStorage(const QString &pin, int iterations)
{
    const QByteArray salt = randomBytes(kSaltBytes);
    const QByteArray hash = pbkdf2Sha256(pin.toUtf8(), salt, std::max(iterations, kMinIterations));
    if (salt.isEmpty() || hash.isEmpty())
        return {};
    return u"pbkdf2-sha256$%1$%2$%3"_s.arg(std::max(iterations, kMinIterations))
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

Status PinVault::setHashed(const QString &stored, const QString &who)
{
    if (stored.isEmpty() || !parseHash(stored))
        return makeError(u"the PIN could not be hashed (OpenSSL)"_s);
    if (const Status s = m_settings.setValue(kHashKey, stored); !s)
        return s;
    (void)saveFailures(0, {});
    storage::Event event;
    event.severity = storage::Severity::Info;
    event.category = u"security"_s;
    event.kind = u"admin_pin_set"_s;
    event.message = u"The staff PIN was set by %1."_s.arg(who);
    (void)m_events.record(event);
    return {};
}

QDateTime PinVault::lockedUntil() const
{
    const auto v = m_settings.value(kLockedUntilKey);
    if (!v || !v.value() || v.value()->isEmpty())
        return {};
    return QDateTime::fromString(*v.value(), Qt::ISODateWithMs);
}

Status PinVault::saveFailures(int failures, const QDateTime &until)
{
    if (const Status s = m_settings.setValue(kFailuresKey, QString::number(failures)); !s)
        return s;
    return m_settings.setValue(kLockedUntilKey, until.isValid() ? until.toUTC().toString(Qt::ISODateWithMs) : QString());
}

PinVault::Outcome PinVault::verify(const QString &pin)
{
    const Challenge challenge = beginVerify();
    if (!challenge.needsDerivation)
        return challenge.early;
    return finishVerify(challenge, matches(challenge, pin));
}

PinVault::Challenge PinVault::beginVerify() const
{
    Challenge challenge;
    const auto stored = m_settings.value(kHashKey);
    const auto hash = stored && stored.value() ? parseHash(*stored.value()) : std::nullopt;
    if (!hash) {
        challenge.early.check = Check::NotSet;
        return challenge;
    }
    if (const QDateTime until = lockedUntil(); until.isValid() && now() < until) {
        challenge.early.check = Check::LockedOut;
        challenge.early.lockedUntil = until;
        return challenge;
    }
    challenge.needsDerivation = true;
    challenge.iterations = hash->iterations;
    challenge.salt = hash->salt;
    challenge.hash = hash->hash;
    return challenge;
}

bool PinVault::matches(const Challenge &challenge, const QString &pin)
{
    if (!challenge.needsDerivation)
        return false;
    const QByteArray attempt = pbkdf2Sha256(pin.toUtf8(), challenge.salt, challenge.iterations);
    return !attempt.isEmpty() && constantTimeEqual(attempt, challenge.hash);
}

PinVault::Outcome PinVault::finishVerify(const Challenge &challenge, bool matched)
{
    if (!challenge.needsDerivation)
        return challenge.early;
    Outcome outcome;
    const QDateTime current = now();
    // Another try may have locked entry while this one was being derived.
    if (const QDateTime until = lockedUntil(); until.isValid() && current < until) {
        outcome.check = Check::LockedOut;
        outcome.lockedUntil = until;
        return outcome;
    }
    if (matched) {
        (void)saveFailures(0, {});
        outcome.check = Check::Accepted;
        return outcome;
    }
    // The count restarts at each lock (saved as 0 with it) and at each accepted PIN.
    const int failures = settingInt(m_settings, kFailuresKey) + 1;
    if (failures >= kMaxTries) {
        const QDateTime until = current.addSecs(kLockSeconds);
        (void)saveFailures(0, until);
        storage::Event event;
        event.severity = storage::Severity::Warning;
        event.category = u"security"_s;
        event.kind = u"admin_pin_locked"_s;
        event.message = u"%1 wrong staff PINs in a row: entry locked until %2."_s.arg(kMaxTries).arg(
            until.toUTC().toString(Qt::ISODate));
        (void)m_events.record(event);
        outcome.check = Check::LockedOut;
        outcome.lockedUntil = until;
        return outcome;
    }
    (void)saveFailures(failures, {});
    outcome.check = Check::Wrong;
    outcome.triesLeft = kMaxTries - failures;
    return outcome;
}

} // namespace zk::admin
