#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

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
    QString source;   // "staff", "config file or default", "command line or environment"
};
// Every staff setting (or only `key`), in the settings table's order.
Result<QList<StaffSettingRow>> staffSettingRows(KioskCore &core, const QString &key = {});

// The `config get --json` object: every staff setting (or only `key`) as
// {"value": "...", "source": "staff" | "config file or default" | "command line or environment"}.
Result<QJsonObject> staffSettingsJson(KioskCore &core, const QString &key = {});

} // namespace zk::admin
