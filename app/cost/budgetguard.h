#pragma once

#include <QDateTime>
#include <QString>

#include <functional>

namespace zk::storage {
class EventRepository;
class UsageRepository;
} // namespace zk::storage

namespace zk::cost {

// Budgets in USD (Config::budgetDailyUsd, budgetMonthlyUsd, budgetAlertRatio).
// A budget of 0 (or less) means "no API calls at all".
struct BudgetSettings
{
    double dailyUsd = 5.0;
    double monthlyUsd = 100.0;
    double alertRatio = 0.8;   // warn at this share of a budget; >= 1: no early warning; <= 0: 0.8
};

struct BudgetStatus
{
    double spentTodayUsd = 0.0;
    double spentMonthUsd = 0.0;
    double dailyUsd = 0.0;
    double monthlyUsd = 0.0;
    bool dailyAlert = false;       // spent today >= alertRatio x daily budget (budget > 0)
    bool monthlyAlert = false;
    bool dailyExhausted = false;   // spent today >= daily budget, or the budget is 0
    bool monthlyExhausted = false;
    bool exhausted = false;        // no API calls now: either exhausted, or spendUnknown
    bool spendUnknown = false;     // the spend could not be read: treated as exhausted
    // When API calls may start again: the start (local time) of the next day,
    // or of the next month when the month's budget is spent. Invalid when not
    // exhausted, when a budget is 0 (calls resume only when it is raised) or
    // when the spend is unknown.
    QDateTime resumesAt;
    QString day;                   // the current periods, yyyy-MM-dd and yyyy-MM (local)
    QString month;
};

// Keeps the kiosk within its daily and monthly budgets. Periods are the
// kiosk's local calendar day and month; spend is the usage table's cost_usd,
// read afresh on every call (the kiosk and zookioskctl share the database).
//
// allowsApiCall() is false from the moment a budget is spent until its period
// ends; the pipeline then answers from the cache and offline. When the spend
// cannot be read, it is false too: a budget errs on the safe side.
//
// checkThresholds(), called after each spend, records one event per threshold
// per period: "budget_80" (warning, at alertRatio) and "budget_100" (error),
// category "alert", with the figures in the message and in details JSON. Each
// is remembered in the settings table ("budget_alert:day:2026-11-22:80",
// "budget_alert:month:2026-11:100"), so a restart does not repeat it. Crossing
// both at once records both. A budget of 0 records no alerts (it is a setting,
// not a spend).
class BudgetGuard
{
public:
    using Clock = std::function<QDateTime()>;

    // `now` defaults to the system clock.
    BudgetGuard(storage::UsageRepository &usage, storage::EventRepository &events, BudgetSettings settings,
                Clock now = {});

    BudgetStatus status() const;
    bool allowsApiCall() const;
    void checkThresholds();

    const BudgetSettings &settings() const { return m_settings; }

private:
    QDateTime now() const;

    storage::UsageRepository &m_usage;
    storage::EventRepository &m_events;
    BudgetSettings m_settings;
    Clock m_now;
};

} // namespace zk::cost
