#pragma once

// A fake systemd notification socket for the watchdog tests: an AF_UNIX
// datagram socket bound to a path (or an abstract name), read without blocking.
#include <QByteArray>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace zk::test {

class NotifySocket
{
public:
    // `name`: a filesystem path, or "@name" for the abstract namespace.
    explicit NotifySocket(const QString &name) : m_name(name)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        QByteArray path = name.toLocal8Bit();
        const bool abstract = path.startsWith('@');
        if (abstract)
            path[0] = '\0';
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
        const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(path.size()) + (abstract ? 0 : 1));
        m_bound = m_fd >= 0 && ::bind(m_fd, reinterpret_cast<const sockaddr *>(&address), length) == 0;
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_name.startsWith(u'@'))
            ::unlink(m_name.toLocal8Bit().constData());
    }
    NotifySocket(const NotifySocket &) = delete;
    NotifySocket &operator=(const NotifySocket &) = delete;

    bool isBound() const { return m_bound; }
    QString name() const { return m_name; }

    // Every datagram waiting now.
    QList<QByteArray> drain()
    {
        QList<QByteArray> messages;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n < 0)
                break;
            messages << QByteArray(buffer, n);
        }
        return messages;
    }

private:
    QString m_name;
    int m_fd = -1;
    bool m_bound = false;
};

inline int countMessages(const QList<QByteArray> &messages, const QByteArray &line)
{
    int n = 0;
    for (const QByteArray &m : messages)
        if (m.split('\n').contains(line))
            ++n;
    return n;
}

} // namespace zk::test
