#pragma once

#include "admin/sealedsetting.h"
#include "core/result.h"

#include <QByteArray>

namespace zk::fleet {

// The shared secret a staff console proves it knows to log in to this kiosk's
// remote endpoint (HMAC over a nonce; the token never crosses the wire). Set
// per kiosk with `zookioskctl fleet set-token` (stdin) and sealed at rest like
// the API key (AES-256-GCM, its own label).
class RemoteTokenStore
{
public:
    explicit RemoteTokenStore(admin::SealedSetting sealed) : m_sealed(std::move(sealed)) {}
    // The sealed setting this store uses inside the kiosk's settings table.
    static admin::SealedSetting sealedSetting(storage::SettingsRepository &settings, admin::SecretBox &box);

    // At least 16 characters, plain printable ASCII without spaces.
    static QString check(const QByteArray &token);
    Status set(const QByteArray &token);
    Status clear() { return m_sealed.clear(); }
    // Empty when none is set.
    Result<QByteArray> load() const { return m_sealed.load(); }

private:
    admin::SealedSetting m_sealed;
};

} // namespace zk::fleet
