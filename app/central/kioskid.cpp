#include "central/kioskid.h"

#include "storage/settingsrepository.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace zk::central {

namespace {
const QString kKioskIdKey = u"central_kiosk_id"_s;
}

Result<QString> resolveKioskId(storage::SettingsRepository &settings, const QString &configured)
{
    if (!configured.isEmpty())
        return configured;
    const auto stored = settings.value(kKioskIdKey);
    if (!stored)
        return stored.error();
    if (stored.value() && !stored.value()->isEmpty())
        return *stored.value();
    const QString generated = u"kiosk-"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
    if (const Status s = settings.setValue(kKioskIdKey, generated); !s)
        return s.error();
    return generated;
}

} // namespace zk::central
