#include "admin/sealedsetting.h"

#include "admin/secretbox.h"
#include "storage/settingsrepository.h"

namespace zk::admin {

SealedSetting::SealedSetting(storage::SettingsRepository &settings, SecretBox &box, QString key, QByteArray label)
    : m_settings(settings), m_box(box), m_key(std::move(key)), m_label(std::move(label))
{
}

Status SealedSetting::set(const QByteArray &plain)
{
    const auto sealed = m_box.seal(plain, m_label);
    if (!sealed)
        return sealed.error();
    return m_settings.setValue(m_key, sealed.value());
}

Status SealedSetting::clear()
{
    return m_settings.remove(m_key);
}

Result<QByteArray> SealedSetting::load() const
{
    const auto stored = m_settings.value(m_key);
    if (!stored)
        return stored.error();
    if (!stored.value() || stored.value()->isEmpty())
        return QByteArray();
    return m_box.open(*stored.value(), m_label);
}

} // namespace zk::admin
