#include "admin/apikeystore.h"

#include "admin/secretbox.h"
#include "storage/settingsrepository.h"

using namespace Qt::StringLiterals;

namespace zk::admin {

namespace {
const QString kSettingKey = u"openai_api_key_sealed"_s;
const QByteArray kLabel = "zookiosk/openai-api-key";
} // namespace

ApiKeyStore::ApiKeyStore(storage::SettingsRepository &settings, SecretBox &box) : m_settings(settings), m_box(box) {}

Status ApiKeyStore::set(const QString &key)
{
    if (key.isEmpty())
        return makeError(u"the API key is empty"_s);
    for (const QChar c : key) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c.unicode() > 0x7E)
            return makeError(u"an API key is one word of plain characters (no spaces or line breaks)"_s);
    }
    const auto sealed = m_box.seal(key.toUtf8(), kLabel);
    if (!sealed)
        return sealed.error();
    return m_settings.setValue(kSettingKey, sealed.value());
}

Status ApiKeyStore::clear()
{
    return m_settings.remove(kSettingKey);
}

Result<QString> ApiKeyStore::load() const
{
    const auto stored = m_settings.value(kSettingKey);
    if (!stored)
        return stored.error();
    if (!stored.value() || stored.value()->isEmpty())
        return QString();
    const auto plain = m_box.open(*stored.value(), kLabel);
    if (!plain)
        return plain.error();
    return QString::fromUtf8(plain.value());
}

QString ApiKeyStore::masked(const QString &key)
{
    if (key.isEmpty())
        return {};
    return u"\u2026"_s + key.right(4);
}

} // namespace zk::admin
