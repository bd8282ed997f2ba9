#include "cost/budgetguard.h"

#include "storage/repositories.h"
#include "storage/storedtypes.h"
#include "storage/usagerepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cmath>
#include <utility>

namespace zk::cost {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcCost, "zk.cost")

// Sums of many small float costs: 4.999999999 of a 5.00 budget is spent.
constexpr double kEpsilonUsd = 1e-9;
constexpr double kDefaultAlertRatio = 0.8;

bool reached(double spent, double limit)
{
    return spent + kEpsilonUsd >= limit;
}

// Local time with its UTC offset, e.g. 2026-11-23T00:00:00+01:00.
QString isoLocal(const QDateTime &instant)
{
    if (!instant.isValid())
        return {};
    const QDateTime local = instant.toLocalTime();
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
}

QString usd(double amount)
{
    return u"$"_s + QString::number(amount, 'f', 2);
}

struct Period
{
    QString name;      // "day" / "month"
    QString label;     // for messages
    QString key;       // "2026-11-22" / "2026-11"
    double spent = 0.0;
    double budget = 0.0;
    QDateTime endsAt;  // start of the next period
};

} // namespace

BudgetGuard::BudgetGuard(storage::UsageRepository &usage, storage::EventRepository &events,
                         BudgetSettings settings, Clock now)
    : m_usage(usage)
    , m_events(events)
    , m_settings(settings)
    , m_now(std::move(now))
{
    if (!(m_settings.alertRatio > 0.0)) // also NaN
        m_settings.alertRatio = kDefaultAlertRatio;
}

QDateTime BudgetGuard::now() const
{
    return m_now ? m_now() : QDateTime::currentDateTime();
}

BudgetStatus BudgetGuard::status() const
{
    const QDate today = now().toLocalTime().date();
    const QDate firstOfMonth(today.year(), today.month(), 1);
    // startOfDay(): local midnight, or the first valid instant where a
    // daylight-saving change skips midnight.
    const QDateTime dayStart = today.startOfDay();
    const QDateTime dayEnd = today.addDays(1).startOfDay();
    const QDateTime monthStart = firstOfMonth.startOfDay();
    const QDateTime monthEnd = firstOfMonth.addMonths(1).startOfDay();

    BudgetStatus s;
    s.day = today.toString(Qt::ISODate);
    s.month = today.toString(u"yyyy-MM"_s);
    s.dailyUsd = std::max(m_settings.dailyUsd, 0.0);
    s.monthlyUsd = std::max(m_settings.monthlyUsd, 0.0);

    const auto spentToday = m_usage.spentUsd(dayStart.toUTC(), dayEnd.toUTC());
    const auto spentMonth = m_usage.spentUsd(monthStart.toUTC(), monthEnd.toUTC());
    if (!spentToday || !spentMonth) {
        qCWarning(lcCost) << "Cannot read the spend; no API calls until it can be read";
        s.spendUnknown = true;
        s.exhausted = true;
        return s;
    }
    s.spentTodayUsd = *spentToday;
    s.spentMonthUsd = *spentMonth;

    const double ratio = m_settings.alertRatio;
    s.dailyAlert = s.dailyUsd > 0.0 && ratio < 1.0 && reached(s.spentTodayUsd, ratio * s.dailyUsd);
    s.monthlyAlert = s.monthlyUsd > 0.0 && ratio < 1.0 && reached(s.spentMonthUsd, ratio * s.monthlyUsd);
    s.dailyExhausted = s.dailyUsd <= 0.0 || reached(s.spentTodayUsd, s.dailyUsd);
    s.monthlyExhausted = s.monthlyUsd <= 0.0 || reached(s.spentMonthUsd, s.monthlyUsd);
    s.exhausted = s.dailyExhausted || s.monthlyExhausted;

    if (s.exhausted && s.dailyUsd > 0.0 && s.monthlyUsd > 0.0)
        s.resumesAt = s.monthlyExhausted ? monthEnd : dayEnd;
    return s;
}

bool BudgetGuard::allowsApiCall() const
{
    return !status().exhausted;
}

void BudgetGuard::checkThresholds()
{
    const BudgetStatus s = status();
    if (s.spendUnknown)
        return;

    const QDate today = QDate::fromString(s.day, Qt::ISODate);
    const QDate firstOfMonth(today.year(), today.month(), 1);
    const Period periods[] = {
        {u"day"_s, u"Daily"_s, s.day, s.spentTodayUsd, s.dailyUsd, today.addDays(1).startOfDay()},
        {u"month"_s, u"Monthly"_s, s.month, s.spentMonthUsd, s.monthlyUsd, firstOfMonth.addMonths(1).startOfDay()},
    };
    const QDateTime at = now();

    for (const Period &p : periods) {
        if (p.budget <= 0.0)
            continue;
        struct Threshold
        {
            double ratio;
            QString kind;
            storage::Severity severity;
        };
        QList<Threshold> crossed;
        if (m_settings.alertRatio < 1.0 && reached(p.spent, m_settings.alertRatio * p.budget))
            crossed.append({m_settings.alertRatio, u"budget_80"_s, storage::Severity::Warning});
        if (reached(p.spent, p.budget))
            crossed.append({1.0, u"budget_100"_s, storage::Severity::Error});

        for (const Threshold &t : std::as_const(crossed)) {
            const int percent = int(std::lround(t.ratio * 100.0));
            const QString key = u"budget_alert:%1:%2:%3"_s.arg(p.name, p.key).arg(percent);
            const auto claimed = m_usage.claimAlert(key);
            if (!claimed) {
                qCWarning(lcCost).noquote() << "Cannot record budget alert" << key << ":" << claimed.error().message;
                continue;
            }
            if (!*claimed)
                continue; // already raised in this period, by this or another process

            storage::Event event;
            event.createdAt = storage::UsageRepository::storedTime(at);
            event.severity = t.severity;
            event.category = u"alert"_s;
            event.kind = t.kind;
            if (t.ratio < 1.0) {
                event.message = u"%1 API budget reached %2%: %3 of %4 spent (%5)."_s.arg(
                    p.label, QString::number(percent), usd(p.spent), usd(p.budget), p.key);
            } else {
                event.message = u"%1 API budget used up: %2 of %3 spent (%4). No API calls until %5; "
                                "answers come from the cache and offline."_s.arg(
                                    p.label, usd(p.spent), usd(p.budget), p.key, isoLocal(p.endsAt));
            }
            const QJsonObject details{
                {u"period"_s, p.name},
                {u"periodKey"_s, p.key},
                {u"threshold"_s, t.ratio},
                {u"spentUsd"_s, p.spent},
                {u"budgetUsd"_s, p.budget},
                {u"periodEndsAt"_s, isoLocal(p.endsAt)},
            };
            event.detailsJson = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));

            if (const auto recorded = m_events.record(event); !recorded) {
                qCWarning(lcCost).noquote() << "Cannot record budget alert" << key << ":"
                                            << recorded.error().message;
                (void)m_usage.releaseAlert(key); // try again at the next check
                continue;
            }
            qCInfo(lcCost).noquote() << event.message;
        }
    }
}

} // namespace zk::cost
