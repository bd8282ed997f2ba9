#pragma once

#include <QString>
#include <QStringList>

namespace zk::storage {

// A list of strings as the compact JSON array stored in text columns
// (facts, suggested questions, knowledge keywords): exactly what
// QJsonDocument(...).toJson(Compact) gives, written directly (seeding
// writes some thousands of these at a kiosk's first start).
QString toJsonArray(const QStringList &list);

} // namespace zk::storage
