#pragma once

#include "admin/sealedsetting.h"
#include "core/result.h"

#include <QString>

namespace zk::storage {
class SettingsRepository;
}

namespace zk::admin {

class SecretBox;

// The OpenAI API key that staff entered (admin panel or `zookioskctl
// set-api-key`), sealed by the SecretBox in the settings table. Never
// logged; shown only as its last four characters. OPENAI_API_KEY in the
// environment still wins (KioskCore decides).
class ApiKeyStore
{
public:
    ApiKeyStore(storage::SettingsRepository &settings, SecretBox &box);

    // Refuses an empty key or one with white space or control characters.
    Status set(const QString &key);
    Status clear();
    // Empty when none is stored.
    Result<QString> load() const;

    // "…wxyz" for staff screens; empty for an empty key.
    static QString masked(const QString &key);

private:
    SealedSetting m_sealed;
};

} // namespace zk::admin
