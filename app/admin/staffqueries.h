#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace zk {
class KioskCore;
}

namespace zk::admin {

// Read-only staff figures shared by zookioskctl and the remote endpoint.

// The `usage --json` document (cost/usagereport.h) for the last `days` days, today included.
Result<QJsonObject> usageReport(KioskCore &core, int days);

struct StaffSettingRow
{
    QString key;
    QString value;    // the running value
    std::optional<QString> stored;   // the staff value stored for the next start, when there is one
    QString source;   // "staff", "config file or default", "command line or environment"
};
// Every staff setting (or only `key`), in the settings table's order.
Result<QList<StaffSettingRow>> staffSettingRows(KioskCore &core, const QString &key = {});

// The `config get --json` object: every staff setting (or only `key`) as
// {"value": "...", "source": "staff" | "config file or default" | "command line or environment"},
// with "stored": "..." when staff stored a value (used from the next start, so
// it can differ from the running value in a kiosk that is running).
Result<QJsonObject> staffSettingsJson(KioskCore &core, const QString &key = {});

} // namespace zk::admin
