#include "storage/settingsrepository.h"

#include "core/ids.h"
#include "storage/sqlstatement.h"

using namespace Qt::StringLiterals;

namespace zk::storage {

Result<std::optional<QString>> SettingsRepository::value(const QString &key) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"SELECT value FROM settings WHERE key = ?"_s);
    q.bind(key);
    if (!q.exec())
        return q.error(u"Cannot read setting %1"_s.arg(key));
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.text(0));
}

Result<QMap<QString, QString>> SettingsRepository::withPrefix(const QString &prefix) const
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    // substr instead of LIKE: the prefix may hold % or _.
    Statement q(*db, u"SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?"_s);
    q.bind(prefix.size()).bind(prefix);
    if (!q.exec())
        return q.error(u"Cannot read the settings under %1"_s.arg(prefix));
    QMap<QString, QString> values;
    while (q.next())
        values.insert(q.text(0).mid(prefix.size()), q.text(1));
    return values;
}

Status SettingsRepository::setValue(const QString &key, const QString &value)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"_s);
    q.bind(key).bind(sqlText(value)).bind(isoNow());
    if (!q.exec())
        return q.error(u"Cannot write setting %1"_s.arg(key));
    return {};
}

Status SettingsRepository::remove(const QString &key)
{
    auto db = openConnection(m_db);
    if (!db)
        return db.error();
    Statement q(*db, u"DELETE FROM settings WHERE key = ?"_s);
    q.bind(key);
    if (!q.exec())
        return q.error(u"Cannot remove setting %1"_s.arg(key));
    return {};
}

} // namespace zk::storage
