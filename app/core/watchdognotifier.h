#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QTimer>

#include <chrono>

namespace zk {

// The systemd notification protocol (sd_notify), spoken directly: one
// datagram per message to the AF_UNIX socket named by NOTIFY_SOCKET (a path,
// or "@name" for the abstract namespace). READY=1 once the kiosk shows its
// screen, STATUS= lines, and WATCHDOG=1 every half of WATCHDOG_USEC.
//
// The heartbeat is a QTimer on the thread that owns this object (the GUI
// thread in zookiosk): when that event loop freezes the heartbeats stop and
// systemd restarts the service (WatchdogSec=), not only when it crashes.
//
// WATCHDOG_PID is deliberately not checked: in the kiosk session the
// service's main process is the compositor (cage) and zookiosk its child, so
// the unit sets NotifyAccess=all and any process of the service may notify.
// Without NOTIFY_SOCKET (a developer's desktop, the tests) every call is a
// harmless no-op.
class WatchdogNotifier : public QObject
{
    Q_OBJECT

public:
    explicit WatchdogNotifier(const QProcessEnvironment &env, QObject *parent = nullptr);
    ~WatchdogNotifier() override;

    // NOTIFY_SOCKET names a usable socket.
    bool isActive() const { return !m_address.isEmpty(); }
    // Half of WATCHDOG_USEC; zero when systemd asked for no watchdog.
    std::chrono::milliseconds heartbeatInterval() const { return m_interval; }

    // READY=1 (with STATUS= when given), then heartbeats if a watchdog is set.
    bool notifyReady(const QString &status = {});
    bool notifyStatus(const QString &status);
    bool notifyStopping();
    // One raw message ("KEY=VALUE" lines); false when inactive or not sent.
    bool send(const QByteArray &message);

    int heartbeatsSent() const { return m_heartbeats; }

private:
    void heartbeat();

    QByteArray m_address;   // sun_path bytes; a leading NUL for abstract names
    int m_fd = -1;
    std::chrono::milliseconds m_interval{0};
    QTimer m_timer;
    int m_heartbeats = 0;
    bool m_warned = false;
};

} // namespace zk
