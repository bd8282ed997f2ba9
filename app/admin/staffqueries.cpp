#include "admin/staffqueries.h"

#include "core/kioskcore.h"
#include "cost/budgetguard.h"
#include "cost/pricetable.h"
#include "cost/usagereport.h"
#include "storage/usagerepository.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace zk::admin {

Result<QJsonObject> usageReport(KioskCore &core, int days)
{
    const QDateTime to = QDateTime::currentDateTimeUtc();
    const QDateTime from = QDateTime(QDate::currentDate().addDays(1 - days), QTime(0, 0)).toUTC();
    const auto byModel = core.usage().byDayAndModel(from, to);
    if (!byModel)
        return byModel.error();
    const auto bySource = core.usage().turnsByDayAndSource(from, to);
    if (!bySource)
        return bySource.error();
    return cost::usageReportJson(byModel.value(), bySource.value(), core.budget().status(),
                                 cost::PriceTable::defaultsAsOf());
}

Result<QList<StaffSettingRow>> staffSettingRows(KioskCore &core, const QString &key)
{
    const auto staff = core.staffSettings();
    if (!staff)
        return staff.error();
    QStringList keys = key.isEmpty() ? ConfigLoader::staffKeys() : QStringList{key};
    for (const QString &k : staff.value().keys())
        if (!keys.contains(k) && (key.isEmpty() || k == key))
            keys << k; // prices/<model>, moderation/block/<category>
    QList<StaffSettingRow> rows;
    for (const QString &k : std::as_const(keys)) {
        const QString source = core.config().explicitKeys.contains(k) ? u"command line or environment"_s
            : staff.value().contains(k)                                 ? u"staff"_s
                                                                        : u"config file or default"_s;
        // The running value: the stored one (this process applied it at start).
        const auto stored = staff.value().constFind(k);
        rows.append({k, ConfigLoader::currentValue(core.config(), k),
                     stored == staff.value().cend() ? std::nullopt : std::optional<QString>(*stored), source});
    }
    return rows;
}

Result<QJsonObject> staffSettingsJson(KioskCore &core, const QString &key)
{
    const auto rows = staffSettingRows(core, key);
    if (!rows)
        return rows.error();
    QJsonObject json;
    for (const StaffSettingRow &row : rows.value()) {
        QJsonObject o{{u"value"_s, row.value}, {u"source"_s, row.source}};
        if (row.stored)
            o.insert(u"stored"_s, *row.stored);
        json.insert(row.key, o);
    }
    return json;
}

} // namespace zk::admin
