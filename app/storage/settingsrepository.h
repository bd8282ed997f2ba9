#pragma once

#include "core/result.h"

#include <QMap>
#include <QString>

#include <optional>

namespace zk::storage {

class Database;

// Key-value settings that staff change at run time (emergency mode, ...),
// kept in the database so the kiosk and zookioskctl see the same value.
class SettingsRepository
{
public:
    explicit SettingsRepository(Database &db) : m_db(db) {}

    Result<std::optional<QString>> value(const QString &key) const;
    Status setValue(const QString &key, const QString &value);
    Status remove(const QString &key);
    // Every setting whose key starts with `prefix`, by key without the prefix.
    Result<QMap<QString, QString>> withPrefix(const QString &prefix) const;

private:
    Database &m_db;
};

} // namespace zk::storage
