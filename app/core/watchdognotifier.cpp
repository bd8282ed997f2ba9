#include "core/watchdognotifier.h"

#include <QLoggingCategory>

#include <cerrno>
#include <cstddef>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace zk {

namespace {
Q_LOGGING_CATEGORY(lcWatchdog, "zk.watchdog")
} // namespace

WatchdogNotifier::WatchdogNotifier(const QProcessEnvironment &env, QObject *parent)
    : QObject(parent)
{
    const QByteArray socket = env.value(u"NOTIFY_SOCKET"_s).toLocal8Bit();
    if (socket.size() >= 2 && (socket.startsWith('/') || socket.startsWith('@'))
        && socket.size() < qsizetype(sizeof(sockaddr_un::sun_path))) {
        m_address = socket;
        if (m_address.startsWith('@'))
            m_address[0] = '\0';
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0) {
            qCWarning(lcWatchdog) << "cannot create the notification socket:" << std::strerror(errno);
            m_address.clear();
        }
    } else if (!socket.isEmpty()) {
        qCWarning(lcWatchdog) << "NOTIFY_SOCKET is not a socket path or @name; systemd is not notified";
    }

    bool ok = false;
    const qulonglong usec = env.value(u"WATCHDOG_USEC"_s).toULongLong(&ok);
    if (isActive() && ok && usec > 0) {
        m_interval = std::chrono::milliseconds(qMax<qulonglong>(1, usec / 2000));
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(m_interval);
        connect(&m_timer, &QTimer::timeout, this, &WatchdogNotifier::heartbeat);
    }
}

WatchdogNotifier::~WatchdogNotifier()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool WatchdogNotifier::send(const QByteArray &message)
{
    if (!isActive())
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, m_address.constData(), size_t(m_address.size()));
    // Abstract names are exactly their bytes; paths may carry the NUL.
    const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(m_address.size())
                                  + (m_address.startsWith('\0') ? 0 : 1));
    ssize_t sent;
    do {
        sent = ::sendto(m_fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL,
                        reinterpret_cast<const sockaddr *>(&address), length);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        if (!m_warned) // once: a gone socket would otherwise log twice a second
            qCWarning(lcWatchdog) << "cannot notify systemd:" << std::strerror(errno);
        m_warned = true;
        return false;
    }
    m_warned = false;
    return true;
}

bool WatchdogNotifier::notifyReady(const QString &status)
{
    QByteArray message = "READY=1";
    if (!status.isEmpty())
        message += "\nSTATUS=" + status.toUtf8();
    const bool sent = send(message);
    if (m_interval.count() > 0 && !m_timer.isActive()) {
        heartbeat();
        m_timer.start();
    }
    return sent;
}

bool WatchdogNotifier::notifyStatus(const QString &status)
{
    return send("STATUS=" + status.toUtf8());
}

bool WatchdogNotifier::notifyStopping()
{
    m_timer.stop();
    return send("STOPPING=1");
}

void WatchdogNotifier::heartbeat()
{
    if (send("WATCHDOG=1"))
        ++m_heartbeats;
}

} // namespace zk
