#pragma once

#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace zk::cost {

// List price of one model, USD per million tokens.
struct ModelPrice
{
    double inputPerMTok = 0.0;
    double outputPerMTok = 0.0;

    friend bool operator==(const ModelPrice &, const ModelPrice &) = default;
};

// What each model call costs. Built-in defaults are OpenAI's public standard
// (non-batch, uncached) text-token prices as of defaultsAsOf(); staff override
// or add models in the config ([prices] model=input,output).
//
// Lookup of a model name (case-insensitive, trimmed):
//   1. the exact name, so "gpt-4o-mini" is never taken for "gpt-4o" and a
//      snapshot priced differently from its alias ("gpt-4o-2024-05-13") keeps
//      its own price;
//   2. otherwise the known name (the longest prefix; there is only ever one)
//      that the model extends by a snapshot date only ("-2024-08-06", or the
//      older "-0613"): "gpt-4o-2024-08-06" -> gpt-4o, "gpt-4o-mini-2024-07-18"
//      -> gpt-4o-mini, never gpt-4o. Any other suffix is
//      a different model with its own price ("gpt-5.4-pro", "o4-mini-deep-
//      research", "gpt-4o-realtime-preview" all cost more than their stems), so
//      it is not resolved by prefix;
//   3. otherwise the model is unknown.
// costUsd() prices an unknown model at the most expensive known input and
// output prices (each the maximum over the table, overrides included), so an
// unpriced model makes budgets run out early rather than late. Add a price
// override for any model the kiosk is configured to use (see isKnown()).
class PriceTable
{
public:
    PriceTable() = default;

    // The built-in table (see pricetable.cpp for the figures and sources).
    static PriceTable defaults();
    // When and where the built-in figures were checked, for reports.
    static QString defaultsAsOf();

    // Adds or replaces prices (model -> (input, output) USD per million
    // tokens). Entries with a negative or non-finite price are ignored with a
    // warning.
    void setOverrides(const QMap<QString, QPair<double, double>> &overrides);

    std::optional<ModelPrice> price(const QString &model) const;
    bool isKnown(const QString &model) const { return price(model).has_value(); }
    // The price costUsd() charges for an unknown model.
    ModelPrice unknownModelPrice() const;
    QStringList models() const { return m_prices.keys(); }

    // USD for one call; negative token counts count as zero.
    double costUsd(const QString &model, int promptTokens, int completionTokens) const;

private:
    QMap<QString, ModelPrice> m_prices; // keys lower-case
};

} // namespace zk::cost
