// PriceTable: built-in figures, exact and snapshot resolution, overrides,
// unknown models priced at the most expensive known price, cost arithmetic.

#include "cost/pricetable.h"

#include <QRegularExpression>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using zk::cost::ModelPrice;
using zk::cost::PriceTable;

namespace zk::cost {
// Readable QCOMPARE failures.
char *toString(const ModelPrice &p)
{
    return QTest::toString(u"(%1, %2)"_s.arg(p.inputPerMTok).arg(p.outputPerMTok));
}
} // namespace zk::cost

namespace {

ModelPrice priceOf(const PriceTable &table, const QString &model)
{
    const auto p = table.price(model);
    return p.value_or(ModelPrice{-1.0, -1.0});
}

} // namespace

class TestPriceTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults_data();
    void defaults();
    void defaultsAsOfIsDated();
    void resolution_data();
    void resolution();
    void unknownModelsArePricedAtTheMostExpensive();
    void overrides();
    void invalidOverridesAreIgnored();
    void costArithmetic();
};

void TestPriceTable::defaults_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("input");
    QTest::addColumn<double>("output");
    QTest::newRow("gpt-4o") << u"gpt-4o"_s << 2.50 << 10.00;
    QTest::newRow("gpt-4o-mini") << u"gpt-4o-mini"_s << 0.15 << 0.60;
    QTest::newRow("gpt-4.1") << u"gpt-4.1"_s << 2.00 << 8.00;
    QTest::newRow("gpt-4.1-mini") << u"gpt-4.1-mini"_s << 0.40 << 1.60;
    QTest::newRow("gpt-4.1-nano") << u"gpt-4.1-nano"_s << 0.10 << 0.40;
    QTest::newRow("o4-mini") << u"o4-mini"_s << 1.10 << 4.40;
    QTest::newRow("gpt-5") << u"gpt-5"_s << 1.25 << 10.00;
    QTest::newRow("gpt-5-mini") << u"gpt-5-mini"_s << 0.25 << 2.00;
    QTest::newRow("gpt-5-nano") << u"gpt-5-nano"_s << 0.05 << 0.40;
    QTest::newRow("moderation is free") << u"omni-moderation-latest"_s << 0.0 << 0.0;
}

void TestPriceTable::defaults()
{
    QFETCH(QString, model);
    QFETCH(double, input);
    QFETCH(double, output);
    const PriceTable table = PriceTable::defaults();
    QVERIFY2(table.isKnown(model), qPrintable(model));
    QCOMPARE(priceOf(table, model), (ModelPrice{input, output}));
}

void TestPriceTable::defaultsAsOfIsDated()
{
    QVERIFY(PriceTable::defaultsAsOf().contains(QRegularExpression(u"^\\d{4}-\\d{2}-\\d{2}"_s)));
}

void TestPriceTable::resolution_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("pricedAs");   // empty: unknown
    QTest::newRow("exact") << u"gpt-4o"_s << u"gpt-4o"_s;
    QTest::newRow("mini is not 4o") << u"gpt-4o-mini"_s << u"gpt-4o-mini"_s;
    QTest::newRow("dated 4o") << u"gpt-4o-2024-08-06"_s << u"gpt-4o"_s;
    QTest::newRow("dated 4o-mini") << u"gpt-4o-mini-2024-07-18"_s << u"gpt-4o-mini"_s;
    QTest::newRow("dated 4.1-nano") << u"gpt-4.1-nano-2025-04-14"_s << u"gpt-4.1-nano"_s;
    QTest::newRow("dated 5-mini") << u"gpt-5-mini-2025-08-07"_s << u"gpt-5-mini"_s;
    QTest::newRow("dated o4-mini") << u"o4-mini-2025-04-16"_s << u"o4-mini"_s;
    QTest::newRow("case and spaces") << u"  GPT-4o-Mini-2024-07-18 "_s << u"gpt-4o-mini"_s;
    QTest::newRow("old style snapshot") << u"gpt-4.1-0613"_s << u"gpt-4.1"_s;
    QTest::newRow("snapshot with own price wins") << u"gpt-4o-2024-05-13"_s << u"gpt-4o-2024-05-13"_s;
    // A suffix other than a date is another model, often a dearer one.
    QTest::newRow("pro variant") << u"gpt-5.4-pro"_s << QString();
    QTest::newRow("realtime variant") << u"gpt-4o-realtime-preview"_s << QString();
    QTest::newRow("deep research") << u"o4-mini-deep-research"_s << QString();
    QTest::newRow("not a prefix at a dash") << u"gpt-4oo"_s << QString();
    QTest::newRow("unknown") << u"llama-3"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestPriceTable::resolution()
{
    QFETCH(QString, model);
    QFETCH(QString, pricedAs);
    const PriceTable table = PriceTable::defaults();
    const auto price = table.price(model);
    if (pricedAs.isEmpty()) {
        QVERIFY2(!price.has_value(), qPrintable(model));
        QVERIFY(!table.isKnown(model));
    } else {
        QVERIFY2(price.has_value(), qPrintable(model));
        QCOMPARE(*price, *table.price(pricedAs));
    }
}

void TestPriceTable::unknownModelsArePricedAtTheMostExpensive()
{
    PriceTable table = PriceTable::defaults();
    // The dearest defaults: gpt-4o-2024-05-13 input (5.00), gpt-5.4 output (15.00).
    QCOMPARE(table.unknownModelPrice(), (ModelPrice{5.00, 15.00}));
    QCOMPARE(table.costUsd(u"some-new-model"_s, 1'000'000, 1'000'000), 20.0);
    // Never cheaper than any known model.
    for (const QString &model : table.models()) {
        QVERIFY(table.costUsd(u"some-new-model"_s, 1000, 1000) >= table.costUsd(model, 1000, 1000));
    }

    // Overrides count too.
    table.setOverrides({{u"house-model"_s, {40.0, 80.0}}});
    QCOMPARE(table.unknownModelPrice(), (ModelPrice{40.0, 80.0}));

    // An empty table prices everything at zero rather than inventing a price.
    QCOMPARE(PriceTable().costUsd(u"gpt-4o"_s, 1000, 1000), 0.0);
}

void TestPriceTable::overrides()
{
    PriceTable table = PriceTable::defaults();
    table.setOverrides({{u"GPT-4o"_s, {3.0, 12.0}}, {u"zoo-local"_s, {0.0, 0.0}}});
    QCOMPARE(priceOf(table, u"gpt-4o"_s), (ModelPrice{3.0, 12.0}));
    // The snapshot of an overridden model follows the override.
    QCOMPARE(priceOf(table, u"gpt-4o-2024-11-20"_s), (ModelPrice{3.0, 12.0}));
    // Others keep their defaults.
    QCOMPARE(priceOf(table, u"gpt-4o-mini"_s), (ModelPrice{0.15, 0.60}));
    // A new, free model.
    QVERIFY(table.isKnown(u"zoo-local"_s));
    QCOMPARE(table.costUsd(u"zoo-local"_s, 5000, 5000), 0.0);
}

void TestPriceTable::invalidOverridesAreIgnored()
{
    PriceTable table = PriceTable::defaults();
    table.setOverrides({{u"gpt-4o"_s, {-1.0, 5.0}},
                        {u"gpt-4o-mini"_s, {std::numeric_limits<double>::quiet_NaN(), 1.0}},
                        {u"  "_s, {1.0, 1.0}}});
    QCOMPARE(priceOf(table, u"gpt-4o"_s), (ModelPrice{2.50, 10.00}));
    QCOMPARE(priceOf(table, u"gpt-4o-mini"_s), (ModelPrice{0.15, 0.60}));
    QVERIFY(!table.isKnown(u""_s));
}

void TestPriceTable::costArithmetic()
{
    const PriceTable table = PriceTable::defaults();
    // 1200 x 2.50 / 1e6 + 300 x 10.00 / 1e6 = 0.003 + 0.003
    QCOMPARE(table.costUsd(u"gpt-4o"_s, 1200, 300), 0.006);
    // 1e6 x 0.15 / 1e6 + 1e6 x 0.60 / 1e6
    QCOMPARE(table.costUsd(u"gpt-4o-mini-2024-07-18"_s, 1'000'000, 1'000'000), 0.75);
    QCOMPARE(table.costUsd(u"gpt-5-nano"_s, 2'000'000, 0), 0.10);
    QCOMPARE(table.costUsd(u"gpt-4o"_s, 0, 0), 0.0);
    QCOMPARE(table.costUsd(u"gpt-4o"_s, -50, -1), 0.0);
    QCOMPARE(table.costUsd(u"omni-moderation-latest"_s, 10'000, 0), 0.0);
}

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
