#pragma once

#include <QHash>
#include <QString>

#include <functional>

namespace zk::fleet {

struct ThrottleSettings
{
    int baseDelayMs = 1000;        // the challenge waits this long after one failure,
    int maxDelayMs = 30000;        // doubling with each further one, up to this
    int lockoutAfter = 10;         // this many failures in a row: connections refused
    int forgetAfterMs = 15 * 60 * 1000;   // ... until this long after the last failure
};

// Failed remote logins by peer address: a growing delay before the next
// challenge, then refusal. A success clears the address. Pure; the clock is
// injected (milliseconds).
class AuthThrottle
{
public:
    AuthThrottle(ThrottleSettings settings, std::function<qint64()> nowMs);

    int delayMs(const QString &address) const;
    bool isLockedOut(const QString &address) const;
    // Returns the failures in a row from this address, this one included.
    int recordFailure(const QString &address);
    void recordSuccess(const QString &address);
    int failures(const QString &address) const;

    const ThrottleSettings &settings() const { return m_settings; }

private:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
    };
    void forgetOld();

    ThrottleSettings m_settings;
    std::function<qint64()> m_now;
    QHash<QString, Entry> m_entries;
};

} // namespace zk::fleet
