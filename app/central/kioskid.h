#pragma once

#include "core/result.h"

#include <QString>

namespace zk::storage {
class SettingsRepository;
}

namespace zk::central {

// This kiosk's name in the central store: the configured one
// (central/kiosk_id, ZOOKIOSK_KIOSK_ID) when set; else an id generated on the
// first start and kept in the database (settings "central_kiosk_id"), so it
// stays the same across restarts and upgrades of this install.
Result<QString> resolveKioskId(storage::SettingsRepository &settings, const QString &configured);

} // namespace zk::central
