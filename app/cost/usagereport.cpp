#include "cost/usagereport.h"

#include "storage/storedtypes.h"

#include <QJsonArray>
#include <QMap>

#include <cmath>

namespace zk::cost {

using namespace Qt::StringLiterals;
using storage::UsageRepository;

namespace {

double roundUsd(double usd)
{
    return std::round(usd * 1e6) / 1e6;
}

// Local time with its UTC offset, or null.
QJsonValue isoLocal(const QDateTime &instant)
{
    if (!instant.isValid())
        return QJsonValue::Null;
    const QDateTime local = instant.toLocalTime();
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
}

QJsonObject allSources()
{
    QJsonObject sources;
    using storage::ReplySource;
    for (ReplySource s : {ReplySource::Model, ReplySource::FallbackModel, ReplySource::Cache, ReplySource::Offline,
                          ReplySource::Emergency, ReplySource::Blocked})
        sources.insert(storage::replySourceName(s), 0);
    return sources;
}

struct Sums
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double costUsd = 0.0;
    int calls = 0;
    bool estimated = false;
    int turns = 0;
    QJsonObject sources = allSources();

    void add(const UsageRepository::DayModelRow &row)
    {
        promptTokens += row.promptTokens;
        completionTokens += row.completionTokens;
        costUsd += row.costUsd;
        calls += row.calls;
        estimated = estimated || row.anyEstimated;
    }

    void add(const UsageRepository::DaySourceRow &row)
    {
        turns += row.turns;
        sources.insert(row.source, sources.value(row.source).toInt() + row.turns);
    }

    void writeTotals(QJsonObject &o) const
    {
        o.insert(u"promptTokens"_s, promptTokens);
        o.insert(u"completionTokens"_s, completionTokens);
        o.insert(u"costUsd"_s, roundUsd(costUsd));
        o.insert(u"calls"_s, calls);
        o.insert(u"turns"_s, turns);
        o.insert(u"sources"_s, sources);
    }
};

QJsonObject modelObject(const QString &model, const Sums &sums)
{
    return QJsonObject{
        {u"model"_s, model},
        {u"promptTokens"_s, sums.promptTokens},
        {u"completionTokens"_s, sums.completionTokens},
        {u"costUsd"_s, roundUsd(sums.costUsd)},
        {u"calls"_s, sums.calls},
        {u"estimated"_s, sums.estimated},
    };
}

} // namespace

QJsonObject usageReportJson(const QList<UsageRepository::DayModelRow> &usage,
                            const QList<UsageRepository::DaySourceRow> &turns, const BudgetStatus &budget,
                            const QString &pricesAsOf)
{
    QMap<QString, Sums> days;                       // by day
    QMap<QString, QMap<QString, Sums>> dayModels;   // day -> model
    QMap<QString, Sums> models;                     // by model, all days
    Sums total;

    for (const auto &row : usage) {
        days[row.day].add(row);
        dayModels[row.day][row.model].add(row);
        models[row.model].add(row);
        total.add(row);
    }
    for (const auto &row : turns) {
        days[row.day].add(row);
        total.add(row);
    }

    QJsonArray dayArray;
    for (auto day = days.cbegin(); day != days.cend(); ++day) {
        QJsonArray modelArray;
        const QMap<QString, Sums> perModel = dayModels.value(day.key());
        for (auto m = perModel.cbegin(); m != perModel.cend(); ++m)
            modelArray.append(modelObject(m.key(), m.value()));
        QJsonObject o{{u"day"_s, day.key()}, {u"models"_s, modelArray}};
        day.value().writeTotals(o);
        dayArray.append(o);
    }

    QJsonArray byModel;
    for (auto m = models.cbegin(); m != models.cend(); ++m)
        byModel.append(modelObject(m.key(), m.value()));

    QJsonObject totals;
    total.writeTotals(totals);

    const QJsonObject budgetObject{
        {u"dailyUsd"_s, budget.dailyUsd},
        {u"monthlyUsd"_s, budget.monthlyUsd},
        {u"spentTodayUsd"_s, roundUsd(budget.spentTodayUsd)},
        {u"spentMonthUsd"_s, roundUsd(budget.spentMonthUsd)},
        {u"dailyAlert"_s, budget.dailyAlert},
        {u"monthlyAlert"_s, budget.monthlyAlert},
        {u"exhausted"_s, budget.exhausted},
        {u"spendUnknown"_s, budget.spendUnknown},
        {u"resumesAt"_s, isoLocal(budget.resumesAt)},
    };

    return QJsonObject{
        {u"days"_s, dayArray},
        {u"totals"_s, totals},
        {u"byModel"_s, byModel},
        {u"budget"_s, budgetObject},
        {u"pricesAsOf"_s, pricesAsOf},
    };
}

} // namespace zk::cost
