#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace zk::storage {
class SettingsRepository;
}

namespace zk::admin {

class SecretBox;

// One secret kept in the settings table, sealed by the SecretBox under its
// own label (a sealed API key does not open as a fleet token). The API key
// store and the fleet token store are both one of these plus their own rules.
class SealedSetting
{
public:
    SealedSetting(storage::SettingsRepository &settings, SecretBox &box, QString key, QByteArray label);

    Status set(const QByteArray &plain);
    Status clear();
    // Empty when none is stored.
    Result<QByteArray> load() const;

private:
    storage::SettingsRepository &m_settings;
    SecretBox &m_box;
    QString m_key;
    QByteArray m_label;
};

} // namespace zk::admin
