#include "fleet/remotetokenstore.h"

using namespace Qt::StringLiterals;

namespace zk::fleet {

admin::SealedSetting RemoteTokenStore::sealedSetting(storage::SettingsRepository &settings, admin::SecretBox &box)
{
    return admin::SealedSetting(settings, box, u"fleet_token_sealed"_s, QByteArrayLiteral("zookiosk/fleet-token"));
}

QString RemoteTokenStore::check(const QByteArray &token)
{
    if (token.size() < 16)
        return u"the token must be at least 16 characters long"_s;
    if (token.size() > 1024)
        return u"the token is at most 1024 characters long"_s;
    for (const char c : token)
        if (c <= 0x20 || c > 0x7E)
            return u"a token is one word of plain characters (no spaces or line breaks)"_s;
    return {};
}

Status RemoteTokenStore::set(const QByteArray &token)
{
    if (const QString problem = check(token); !problem.isEmpty())
        return makeError(problem);
    return m_sealed.set(token);
}

} // namespace zk::fleet
