#include "fleet/remoteendpoint.h"

#include "core/jsonviews.h"
#include "core/kioskcore.h"
#include "fleet/fleetlogging.h"
#include "fleet/listenspec.h"
#include "storage/repositories.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace zk::fleet {

RemoteEndpoint::RemoteEndpoint(KioskCore &core, const Options &options)
    : m_core(core),
      m_tokens(RemoteTokenStore::sealedSetting(core.settings(), core.secretBox())),
      m_methods(core),
      m_throttle(options.throttle, [] { return QDateTime::currentMSecsSinceEpoch(); })
{
    // The token is read at each login, so `fleet set-token` takes effect without a restart.
    auto token = [this]() -> QByteArray {
        const auto stored = m_tokens.load();
        if (!stored) {
            qCWarning(lcFleet).noquote() << "the fleet token cannot be read:" << stored.error().message;
            return {};
        }
        return stored.value();
    };
    m_server = new RemoteServer(m_methods, m_throttle, core.events(), token, options.server, this);
    connect(&core, &KioskCore::eventRecorded, this, [this](const storage::Event &event) {
        if (isAlert(event))
            m_server->pushAlert(eventJson(event));
    });
}

RemoteEndpoint::~RemoteEndpoint()
{
    delete m_server; // before the methods and the throttle it refers to
    m_server = nullptr;
}

bool RemoteEndpoint::isAlert(const storage::Event &event)
{
    return event.category == u"alert" || event.category == u"security";
}

Result<std::unique_ptr<RemoteEndpoint>> RemoteEndpoint::start(KioskCore &core, const Options &options)
{
    const auto spec = ListenSpec::fromConfig(core.config());
    if (!spec)
        return spec.error();
    if (!spec.value())
        return std::unique_ptr<RemoteEndpoint>();
    std::unique_ptr<RemoteEndpoint> endpoint(new RemoteEndpoint(core, options));
    const auto token = endpoint->m_tokens.load();
    if (!token)
        return makeError(u"the fleet token cannot be read (%1); set it again with zookioskctl fleet set-token"_s.arg(
            token.error().message));
    if (token.value().isEmpty())
        return makeError(u"no fleet token is set: set one with zookioskctl fleet set-token (reads it from stdin)"_s);
    if (const Status s = endpoint->m_server->listen(*spec.value()); !s)
        return s.error();
    return endpoint;
}

} // namespace zk::fleet
