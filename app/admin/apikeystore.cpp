#include "admin/apikeystore.h"

using namespace Qt::StringLiterals;

namespace zk::admin {

namespace {
const QString kSettingKey = u"openai_api_key_sealed"_s;
const QByteArray kLabel = "zookiosk/openai-api-key";
} // namespace

ApiKeyStore::ApiKeyStore(storage::SettingsRepository &settings, SecretBox &box)
    : m_sealed(settings, box, kSettingKey, kLabel)
{
}

Status ApiKeyStore::set(const QString &key)
{
    if (key.isEmpty())
        return makeError(u"the API key is empty"_s);
    for (const QChar c : key) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c.unicode() > 0x7E)
            return makeError(u"an API key is one word of plain characters (no spaces or line breaks)"_s);
    }
    return m_sealed.set(key.toUtf8());
}

Status ApiKeyStore::clear()
{
    return m_sealed.clear();
}

Result<QString> ApiKeyStore::load() const
{
    const auto plain = m_sealed.load();
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
