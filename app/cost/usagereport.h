#pragma once

#include "cost/budgetguard.h"
#include "storage/usagerepository.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace zk::cost {

// The `zookioskctl usage --json` document:
//
// {"days": [{"day": "2026-11-22",
//            "models": [{"model", "promptTokens", "completionTokens", "costUsd", "calls", "estimated"}],
//            "sources": {"model": 3, "fallback_model": 1, "cache": 0, "offline": 2, "emergency": 0, "blocked": 0},
//            "turns": 6, "calls": 4, "costUsd": 0.0123, "promptTokens": ..., "completionTokens": ...}],
//  "totals": {"turns", "calls", "costUsd", "promptTokens", "completionTokens", "sources": {...}},
//  "byModel": [{"model", "promptTokens", "completionTokens", "costUsd", "calls", "estimated"}],
//  "budget": {"dailyUsd", "monthlyUsd", "spentTodayUsd", "spentMonthUsd", "dailyAlert", "monthlyAlert",
//             "exhausted", "resumesAt": "2026-11-23T00:00:00+01:00" | null},
//  "pricesAsOf": "..."}
//
// Days ascending (every day that has usage or turns), models by name. Every
// source name is present (0 when none). "estimated" is true when any call's
// usage was estimated (a cancelled stream without a usage chunk). USD figures
// are rounded to millionths of a dollar.
QJsonObject usageReportJson(const QList<storage::UsageRepository::DayModelRow> &usage,
                            const QList<storage::UsageRepository::DaySourceRow> &turns,
                            const BudgetStatus &budget, const QString &pricesAsOf);

} // namespace zk::cost
