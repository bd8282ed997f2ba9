#include "cost/pricetable.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace zk::cost {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcCost, "zk.cost")

// OpenAI public list prices, standard tier, text tokens, USD per 1M tokens
// (input, output). Cached-input discounts, Batch/Flex/Priority tiers and
// regional-processing uplifts are not modelled: the kiosk sends short,
// uncached prompts on the standard tier, so the full input price is the
// safe figure.
//
// Checked 2026-11-22 against:
//  - OpenAI's model pages, developers.openai.com/api/docs/models/<id>
//    (gpt-4.1-nano, gpt-5-mini, gpt-5-nano, gpt-4, omni-moderation-latest
//    "free", and the quick-comparison figures for gpt-4.1, o3, o4-mini,
//    gpt-5, gpt-5.4-mini, gpt-5.4-nano);
//  - OpenAI's pricing page (developers.openai.com/api/docs/pricing) as
//    transcribed on 2026-11-05 (api-evangelist, "OpenAI API Pricing: What
//    Every Model Costs Per Million Tokens", 2026-11-06), and GitHub's Copilot
//    model price table (github/docs data/tables/copilot/models-and-pricing.yml)
//    for gpt-4.1, gpt-5.2 and gpt-5.4;
//  - gpt-4o-2024-05-13 at 5/15 (its launch price, kept for that snapshot).
// Re-check before a release and bump kDefaultsAsOf.
struct DefaultPrice
{
    const char16_t *model;
    double input;
    double output;
};

constexpr DefaultPrice kDefaults[] = {
    // GPT-4o family
    {u"gpt-4o", 2.50, 10.00},
    {u"gpt-4o-2024-05-13", 5.00, 15.00},
    {u"gpt-4o-mini", 0.15, 0.60},
    // GPT-4.1 family
    {u"gpt-4.1", 2.00, 8.00},
    {u"gpt-4.1-mini", 0.40, 1.60},
    {u"gpt-4.1-nano", 0.10, 0.40},
    // o-series reasoning models
    {u"o3", 2.00, 8.00},
    {u"o4-mini", 1.10, 4.40},
    // GPT-5 family
    {u"gpt-5", 1.25, 10.00},
    {u"gpt-5-mini", 0.25, 2.00},
    {u"gpt-5-nano", 0.05, 0.40},
    {u"gpt-5.1", 1.25, 10.00},
    {u"gpt-5.2", 1.75, 14.00},
    {u"gpt-5.4", 2.50, 15.00},
    {u"gpt-5.4-mini", 0.75, 4.50},
    {u"gpt-5.4-nano", 0.20, 1.25},
    // Moderation is free.
    {u"omni-moderation-latest", 0.0, 0.0},
    {u"omni-moderation-2024-09-26", 0.0, 0.0},
};

constexpr auto kDefaultsAsOf =
    u"2026-11-22 (OpenAI list prices, standard tier; developers.openai.com/api/docs/models and /pricing)";

QString normalized(const QString &model)
{
    return model.trimmed().toLower();
}

// "-2024-08-06" (current snapshots) or "-0613" (older GPT-4 / 3.5 snapshots).
bool isSnapshotSuffix(QStringView suffix)
{
    static const QRegularExpression re(u"^-(\\d{4}-\\d{2}-\\d{2}|\\d{4})$"_s);
    return re.match(suffix.toString()).hasMatch();
}

bool validPrice(double value)
{
    return std::isfinite(value) && value >= 0.0;
}

} // namespace

PriceTable PriceTable::defaults()
{
    PriceTable table;
    for (const DefaultPrice &p : kDefaults)
        table.m_prices.insert(QString::fromUtf16(p.model), ModelPrice{p.input, p.output});
    return table;
}

QString PriceTable::defaultsAsOf()
{
    return QString::fromUtf16(kDefaultsAsOf);
}

void PriceTable::setOverrides(const QMap<QString, QPair<double, double>> &overrides)
{
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        const QString model = normalized(it.key());
        const double input = it.value().first;
        const double output = it.value().second;
        if (model.isEmpty() || !validPrice(input) || !validPrice(output)) {
            qCWarning(lcCost).noquote() << "Ignoring the price override for" << it.key()
                                        << "(a model name and two prices >= 0 are needed)";
            continue;
        }
        m_prices.insert(model, ModelPrice{input, output});
    }
}

std::optional<ModelPrice> PriceTable::price(const QString &model) const
{
    const QString name = normalized(model);
    if (name.isEmpty())
        return std::nullopt;
    if (const auto exact = m_prices.constFind(name); exact != m_prices.cend())
        return *exact;

    // The known name the model extends by a snapshot date only. There is at
    // most one: a date cannot be split into a shorter name's tail and another
    // date, so "gpt-4o-mini-2024-07-18" can only be gpt-4o-mini, never gpt-4o.
    for (auto it = m_prices.cbegin(); it != m_prices.cend(); ++it) {
        const QString &known = it.key();
        if (name.size() > known.size() && name.startsWith(known)
            && isSnapshotSuffix(QStringView(name).mid(known.size())))
            return it.value();
    }
    return std::nullopt;
}

ModelPrice PriceTable::unknownModelPrice() const
{
    ModelPrice worst;
    for (const ModelPrice &p : m_prices) {
        worst.inputPerMTok = std::max(worst.inputPerMTok, p.inputPerMTok);
        worst.outputPerMTok = std::max(worst.outputPerMTok, p.outputPerMTok);
    }
    return worst;
}

double PriceTable::costUsd(const QString &model, int promptTokens, int completionTokens) const
{
    const ModelPrice p = price(model).value_or(unknownModelPrice());
    const double prompt = std::max(promptTokens, 0);
    const double completion = std::max(completionTokens, 0);
    return (prompt * p.inputPerMTok + completion * p.outputPerMTok) / 1'000'000.0;
}

} // namespace zk::cost
