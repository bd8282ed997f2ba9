// ModerationPolicy: the strict default thresholds for children, the allow /
// escalate / block bands and their edges, the risk score (highest category
// score), the API's own flags, categories the table does not know, odd scores,
// the mapping to the project's stored category names, and changing thresholds
// from settings keys (moderation/block/<category>).

#include "safety/moderationpolicy.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using zk::safety::ModerationDecision;
using zk::safety::ModerationPolicy;
using zk::safety::ModerationThresholds;
using zk::safety::ModerationVerdict;

Q_DECLARE_METATYPE(zk::safety::ModerationVerdict)

namespace QTest {
template <>
char *toString(const ModerationVerdict &v)
{
    return qstrdup(zk::safety::moderationVerdictName(v).toUtf8().constData());
}
} // namespace QTest

namespace {

// What the API answers for ordinary text (the fake server's clean scores, which
// are in the range of real omni-moderation output for harmless questions).
QMap<QString, double> cleanScores()
{
    return {
        {u"sexual"_s, 1.2443325e-05},           {u"sexual/minors"_s, 3.0240411e-07},
        {u"harassment"_s, 2.4214349e-05},       {u"harassment/threatening"_s, 6.3333371e-07},
        {u"hate"_s, 4.1335397e-06},             {u"hate/threatening"_s, 1.4738567e-07},
        {u"illicit"_s, 1.2322295e-05},          {u"illicit/violent"_s, 4.4609647e-06},
        {u"self-harm"_s, 7.3442514e-06},        {u"self-harm/intent"_s, 2.1444130e-06},
        {u"self-harm/instructions"_s, 1.4738567e-07}, {u"violence"_s, 3.2628796e-05},
        {u"violence/graphic"_s, 5.2543519e-06},
    };
}

QMap<QString, double> cleanWith(const QString &category, double score)
{
    QMap<QString, double> s = cleanScores();
    s.insert(category, score);
    return s;
}

const QStringList kStrict = {
    u"sexual"_s, u"sexual/minors"_s, u"self-harm"_s, u"self-harm/intent"_s, u"self-harm/instructions"_s,
    u"violence/graphic"_s, u"hate"_s, u"hate/threatening"_s, u"harassment/threatening"_s, u"illicit/violent"_s,
};
const QStringList kLenient = {u"harassment"_s, u"illicit"_s, u"violence"_s};

} // namespace

class TestModerationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdictNames()
    {
        QCOMPARE(zk::safety::moderationVerdictName(ModerationVerdict::Allow), u"allow"_s);
        QCOMPARE(zk::safety::moderationVerdictName(ModerationVerdict::Escalate), u"escalate"_s);
        QCOMPARE(zk::safety::moderationVerdictName(ModerationVerdict::Block), u"block"_s);
    }

    void apiCategoriesAreTheThirteen()
    {
        const QStringList &all = ModerationPolicy::apiCategories();
        QCOMPARE(all.size(), 13);
        QCOMPARE(all.first(), u"sexual"_s);
        QCOMPARE(all.last(), u"violence/graphic"_s);
        QStringList sorted = all;
        sorted.removeDuplicates();
        QCOMPARE(sorted.size(), 13);
        for (const QString &c : kStrict + kLenient)
            QVERIFY2(all.contains(c), qPrintable(c));
    }

    void defaults_data()
    {
        QTest::addColumn<QString>("category");
        QTest::addColumn<double>("block");
        QTest::addColumn<double>("escalate");
        for (const QString &c : kStrict)
            QTest::newRow(qPrintable(c)) << c << 0.30 << 0.15;
        for (const QString &c : kLenient)
            QTest::newRow(qPrintable(c)) << c << 0.50 << 0.25;
        QTest::newRow("unknown category: strict fallback") << u"weapons/new"_s << 0.30 << 0.15;
    }

    void defaults()
    {
        QFETCH(QString, category);
        QFETCH(double, block);
        QFETCH(double, escalate);
        const ModerationThresholds t = ModerationPolicy::defaults();
        QCOMPARE(t.blockThreshold(category), block);
        QCOMPARE(t.escalateThreshold(category), escalate);
    }

    void defaultsShape()
    {
        const ModerationThresholds t = ModerationPolicy::defaults();
        QCOMPARE(t.block.size(), 13);
        QCOMPARE(t.fallbackBlock, 0.30);
        QCOMPARE(t.escalateFraction, 0.5);
        QVERIFY(t.blockOnApiFlag);
        // The default-constructed policy uses the defaults.
        QCOMPARE(ModerationPolicy().thresholds().block, t.block);
    }

    void cleanTextIsAllowed()
    {
        const ModerationDecision d = ModerationPolicy().evaluate(cleanScores());
        QCOMPARE(d.verdict, ModerationVerdict::Allow);
        QCOMPARE(d.riskScore, 3.2628796e-05);
        QCOMPARE(d.topCategory, u"violence"_s);
        QVERIFY(d.blockedCategories.isEmpty());
        QVERIFY(d.escalatedCategories.isEmpty());
        QVERIFY(d.storedCategories().isEmpty());
    }

    void bands_data()
    {
        QTest::addColumn<QString>("category");
        QTest::addColumn<double>("score");
        QTest::addColumn<ModerationVerdict>("verdict");

        const auto A = ModerationVerdict::Allow, E = ModerationVerdict::Escalate, B = ModerationVerdict::Block;
        // Strict categories: escalate from 0.15, block from 0.30.
        for (const QString &c : kStrict) {
            QTest::addRow("%s 0", qPrintable(c)) << c << 0.0 << A;
            QTest::addRow("%s 0.1499", qPrintable(c)) << c << 0.1499 << A;
            QTest::addRow("%s 0.15", qPrintable(c)) << c << 0.15 << E;
            QTest::addRow("%s 0.2999", qPrintable(c)) << c << 0.2999 << E;
            QTest::addRow("%s 0.30", qPrintable(c)) << c << 0.30 << B;
            QTest::addRow("%s 1", qPrintable(c)) << c << 1.0 << B;
        }
        // The others: escalate from 0.25, block from 0.50.
        for (const QString &c : kLenient) {
            QTest::addRow("%s 0.2499", qPrintable(c)) << c << 0.2499 << A;
            QTest::addRow("%s 0.25", qPrintable(c)) << c << 0.25 << E;
            QTest::addRow("%s 0.30", qPrintable(c)) << c << 0.30 << E;
            QTest::addRow("%s 0.4999", qPrintable(c)) << c << 0.4999 << E;
            QTest::addRow("%s 0.50", qPrintable(c)) << c << 0.50 << B;
            QTest::addRow("%s 0.9321", qPrintable(c)) << c << 0.9321 << B;
        }
        // Just below/above the edges by one ulp.
        QTest::newRow("sexual just under 0.30") << u"sexual"_s << std::nextafter(0.30, 0.0) << E;
        QTest::newRow("sexual just under 0.15") << u"sexual"_s << std::nextafter(0.15, 0.0) << A;
        QTest::newRow("violence just under 0.50") << u"violence"_s << std::nextafter(0.50, 0.0) << E;
        // A category the table does not name (a new one from the API).
        QTest::newRow("unknown 0.14") << u"weapons/new"_s << 0.14 << A;
        QTest::newRow("unknown 0.2") << u"weapons/new"_s << 0.2 << E;
        QTest::newRow("unknown 0.31") << u"weapons/new"_s << 0.31 << B;
    }

    void bands()
    {
        QFETCH(QString, category);
        QFETCH(double, score);
        QFETCH(ModerationVerdict, verdict);
        const ModerationDecision d = ModerationPolicy().evaluate(cleanWith(category, score));
        QCOMPARE(d.verdict, verdict);
        QCOMPARE(d.riskScore, std::max(score, 3.2628796e-05));
        QCOMPARE(d.blockedCategories, verdict == ModerationVerdict::Block ? QStringList{category} : QStringList{});
        QCOMPARE(d.escalatedCategories,
                 verdict == ModerationVerdict::Escalate ? QStringList{category} : QStringList{});
    }

    void riskScoreIsTheHighestEvenWhenAnotherCategoryBlocks()
    {
        // violence 0.45 only escalates; sexual 0.31 blocks: the risk is still 0.45.
        QMap<QString, double> s = cleanWith(u"violence"_s, 0.45);
        s.insert(u"sexual"_s, 0.31);
        const ModerationDecision d = ModerationPolicy().evaluate(s);
        QCOMPARE(d.verdict, ModerationVerdict::Block);
        QCOMPARE(d.riskScore, 0.45);
        QCOMPARE(d.topCategory, u"violence"_s);
        QCOMPARE(d.blockedCategories, QStringList{u"sexual"_s});
        QCOMPARE(d.escalatedCategories, QStringList{u"violence"_s});
        QCOMPARE(d.storedCategories(), QStringList{u"sexual"_s});
    }

    void categoriesOrderedByScoreAndStoredNamesDeduplicated()
    {
        QMap<QString, double> s = cleanScores();
        s.insert(u"self-harm"_s, 0.40);
        s.insert(u"violence/graphic"_s, 0.95);
        s.insert(u"self-harm/intent"_s, 0.80);
        s.insert(u"hate"_s, 0.20);       // escalates
        s.insert(u"harassment"_s, 0.30); // escalates
        const ModerationDecision d = ModerationPolicy().evaluate(s);
        QCOMPARE(d.verdict, ModerationVerdict::Block);
        QCOMPARE(d.riskScore, 0.95);
        QCOMPARE(d.topCategory, u"violence/graphic"_s);
        QCOMPARE(d.blockedCategories, (QStringList{u"violence/graphic"_s, u"self-harm/intent"_s, u"self-harm"_s}));
        QCOMPARE(d.escalatedCategories, (QStringList{u"harassment"_s, u"hate"_s}));
        QCOMPARE(d.storedCategories(), (QStringList{u"violence"_s, u"self-harm"_s}));
    }

    void escalateStoredCategories()
    {
        QMap<QString, double> s = cleanWith(u"illicit"_s, 0.26);
        s.insert(u"illicit/violent"_s, 0.16);
        const ModerationDecision d = ModerationPolicy().evaluate(s);
        QCOMPARE(d.verdict, ModerationVerdict::Escalate);
        QCOMPARE(d.escalatedCategories, (QStringList{u"illicit"_s, u"illicit/violent"_s}));
        QCOMPARE(d.storedCategories(), QStringList{u"drugs-weapons"_s});
    }

    void apiFlagBlocksWhateverTheScore()
    {
        // The API flagged harassment at a score under our thresholds.
        const QMap<QString, double> s = cleanWith(u"harassment"_s, 0.10);
        const ModerationDecision d = ModerationPolicy().evaluate(s, {u"harassment"_s});
        QCOMPARE(d.verdict, ModerationVerdict::Block);
        QCOMPARE(d.blockedCategories, QStringList{u"harassment"_s});
        QCOMPARE(d.riskScore, 0.10);

        // A flag for a category the scores leave out still blocks.
        const ModerationDecision missing = ModerationPolicy().evaluate(cleanScores(), {u"weapons/new"_s});
        QCOMPARE(missing.verdict, ModerationVerdict::Block);
        QCOMPARE(missing.blockedCategories, QStringList{u"weapons/new"_s});
        QCOMPARE(missing.storedCategories(), QStringList{u"other"_s});

        // Turned off, only the scores count.
        ModerationThresholds t = ModerationPolicy::defaults();
        t.blockOnApiFlag = false;
        QCOMPARE(ModerationPolicy(t).evaluate(s, {u"harassment"_s}).verdict, ModerationVerdict::Allow);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanScores(), {u"weapons/new"_s}).verdict, ModerationVerdict::Allow);
    }

    void oddScores()
    {
        const ModerationPolicy policy;
        // Nothing at all: allowed with no risk (the caller decides what an
        // empty answer means; the client never reports one as ok).
        const ModerationDecision empty = policy.evaluate({});
        QCOMPARE(empty.verdict, ModerationVerdict::Allow);
        QCOMPARE(empty.riskScore, 0.0);
        QVERIFY(empty.topCategory.isEmpty());

        const ModerationDecision over = policy.evaluate(cleanWith(u"violence"_s, 1.7));
        QCOMPARE(over.verdict, ModerationVerdict::Block);
        QCOMPARE(over.riskScore, 1.0);

        const ModerationDecision negative = policy.evaluate({{u"sexual"_s, -0.4}});
        QCOMPARE(negative.verdict, ModerationVerdict::Allow);
        QCOMPARE(negative.riskScore, 0.0);

        const ModerationDecision nan = policy.evaluate(cleanWith(u"hate"_s, std::numeric_limits<double>::quiet_NaN()));
        QCOMPARE(nan.verdict, ModerationVerdict::Block);
        QCOMPARE(nan.riskScore, 1.0);
        QCOMPARE(nan.topCategory, u"hate"_s);

        const ModerationDecision inf = policy.evaluate(cleanWith(u"sexual"_s, std::numeric_limits<double>::infinity()));
        QCOMPARE(inf.verdict, ModerationVerdict::Block);
        QCOMPARE(inf.riskScore, 1.0);
    }

    void mapping_data()
    {
        QTest::addColumn<QString>("api");
        QTest::addColumn<QString>("stored");
        QTest::newRow("sexual") << u"sexual"_s << u"sexual"_s;
        QTest::newRow("sexual/minors") << u"sexual/minors"_s << u"sexual"_s;
        QTest::newRow("harassment") << u"harassment"_s << u"harassment"_s;
        QTest::newRow("harassment/threatening") << u"harassment/threatening"_s << u"harassment"_s;
        QTest::newRow("hate") << u"hate"_s << u"hate"_s;
        QTest::newRow("hate/threatening") << u"hate/threatening"_s << u"hate"_s;
        QTest::newRow("illicit") << u"illicit"_s << u"drugs-weapons"_s;
        QTest::newRow("illicit/violent") << u"illicit/violent"_s << u"drugs-weapons"_s;
        QTest::newRow("self-harm") << u"self-harm"_s << u"self-harm"_s;
        QTest::newRow("self-harm/intent") << u"self-harm/intent"_s << u"self-harm"_s;
        QTest::newRow("self-harm/instructions") << u"self-harm/instructions"_s << u"self-harm"_s;
        QTest::newRow("violence") << u"violence"_s << u"violence"_s;
        QTest::newRow("violence/graphic") << u"violence/graphic"_s << u"violence"_s;
        QTest::newRow("unknown") << u"weapons"_s << u"other"_s;
        QTest::newRow("unknown sub") << u"weapons/new"_s << u"other"_s;
        QTest::newRow("prefix only by family") << u"sexually"_s << u"other"_s;
        QTest::newRow("case matters") << u"Violence"_s << u"other"_s;
        QTest::newRow("empty") << QString() << u"other"_s;
        QTest::newRow("slash only") << u"/"_s << u"other"_s;
    }

    void mapping()
    {
        QFETCH(QString, api);
        QFETCH(QString, stored);
        QCOMPARE(ModerationPolicy::storedCategory(api), stored);
    }

    void mappingOfEveryApiCategoryIsKnown()
    {
        for (const QString &c : ModerationPolicy::apiCategories())
            QVERIFY2(ModerationPolicy::storedCategory(c) != u"other"_s, qPrintable(c));
        QCOMPARE(ModerationPolicy::storedCategories(ModerationPolicy::apiCategories()),
                 (QStringList{u"sexual"_s, u"harassment"_s, u"hate"_s, u"drugs-weapons"_s, u"self-harm"_s,
                              u"violence"_s}));
    }

    void setBlockThreshold()
    {
        ModerationThresholds t = ModerationPolicy::defaults();
        QVERIFY(t.setBlockThreshold(u"violence"_s, 0.8).ok());
        QCOMPARE(t.blockThreshold(u"violence"_s), 0.8);
        QCOMPARE(t.escalateThreshold(u"violence"_s), 0.4);
        // Only that category changed.
        QCOMPARE(t.blockThreshold(u"violence/graphic"_s), 0.30);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"violence"_s, 0.6)).verdict, ModerationVerdict::Escalate);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"violence"_s, 0.8)).verdict, ModerationVerdict::Block);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"violence"_s, 0.39)).verdict, ModerationVerdict::Allow);

        QVERIFY(t.setBlockThreshold(u"sexual/minors"_s, 1.0).ok()); // 1 is allowed: block only a certain score
        QCOMPARE(t.blockThreshold(u"sexual/minors"_s), 1.0);
        QVERIFY(t.setBlockThreshold(u"sexual/minors"_s, 0.05).ok());
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"sexual/minors"_s, 0.05)).verdict, ModerationVerdict::Block);
    }

    void setBlockThresholdRefuses_data()
    {
        QTest::addColumn<QString>("category");
        QTest::addColumn<double>("value");
        QTest::newRow("zero") << u"hate"_s << 0.0;
        QTest::newRow("negative") << u"hate"_s << -0.1;
        QTest::newRow("over one") << u"hate"_s << 1.01;
        QTest::newRow("nan") << u"hate"_s << std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("inf") << u"hate"_s << std::numeric_limits<double>::infinity();
        QTest::newRow("unknown category") << u"hatred"_s << 0.4;
        QTest::newRow("stored name, not an API one") << u"drugs-weapons"_s << 0.4;
        QTest::newRow("empty category") << QString() << 0.4;
    }

    void setBlockThresholdRefuses()
    {
        QFETCH(QString, category);
        QFETCH(double, value);
        ModerationThresholds t = ModerationPolicy::defaults();
        const auto before = t.block;
        const zk::Status s = t.setBlockThreshold(category, value);
        QVERIFY(!s.ok());
        QVERIFY(!s.error().message.isEmpty());
        QCOMPARE(t.block, before);
    }

    void applySetting_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("category");
        QTest::addColumn<double>("threshold");
        QTest::newRow("plain") << u"moderation/block/violence"_s << u"0.7"_s << true << u"violence"_s << 0.7;
        QTest::newRow("slash in category") << u"moderation/block/self-harm/intent"_s << u"0.2"_s << true
                                           << u"self-harm/intent"_s << 0.2;
        QTest::newRow("spaces around value") << u"moderation/block/illicit"_s << u" 0.45 "_s << true << u"illicit"_s
                                             << 0.45;
        QTest::newRow("one") << u"moderation/block/hate"_s << u"1"_s << true << u"hate"_s << 1.0;
        QTest::newRow("comma decimal") << u"moderation/block/hate"_s << u"0,4"_s << false << u"hate"_s << 0.30;
        QTest::newRow("not a number") << u"moderation/block/hate"_s << u"strict"_s << false << u"hate"_s << 0.30;
        QTest::newRow("empty value") << u"moderation/block/hate"_s << QString() << false << u"hate"_s << 0.30;
        QTest::newRow("out of range") << u"moderation/block/hate"_s << u"1.5"_s << false << u"hate"_s << 0.30;
        QTest::newRow("unknown category") << u"moderation/block/weapons"_s << u"0.4"_s << false << u"hate"_s << 0.30;
        QTest::newRow("other key") << u"moderation/escalate/hate"_s << u"0.4"_s << false << u"hate"_s << 0.30;
        QTest::newRow("prefix only") << u"moderation/block/"_s << u"0.4"_s << false << u"hate"_s << 0.30;
    }

    void applySetting()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QFETCH(QString, category);
        QFETCH(double, threshold);
        ModerationThresholds t = ModerationPolicy::defaults();
        const auto before = t.block;
        const zk::Status s = t.applySetting(key, value);
        QCOMPARE(s.ok(), ok);
        QCOMPARE(t.blockThreshold(category), threshold);
        if (!ok)
            QCOMPARE(t.block, before);
    }

    void escalateFraction()
    {
        ModerationThresholds t = ModerationPolicy::defaults();
        QVERIFY(t.setEscalateFraction(1.0).ok()); // no band: just under the block threshold is allowed
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"sexual"_s, 0.29)).verdict, ModerationVerdict::Allow);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"sexual"_s, 0.30)).verdict, ModerationVerdict::Block);

        QVERIFY(t.setEscalateFraction(0.1).ok());
        QCOMPARE(t.escalateThreshold(u"violence"_s), 0.05);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"violence"_s, 0.06)).verdict, ModerationVerdict::Escalate);

        QVERIFY(!t.setEscalateFraction(0.0).ok());
        QVERIFY(!t.setEscalateFraction(1.2).ok());
        QVERIFY(!t.setEscalateFraction(std::numeric_limits<double>::quiet_NaN()).ok());
        QCOMPARE(t.escalateFraction, 0.1);
    }

    void brokenThresholdFieldsStaySafe()
    {
        // Fields written directly (not through the setters) with nonsense.
        ModerationThresholds t = ModerationPolicy::defaults();
        t.block.insert(u"sexual"_s, 0.0);                                        // would block everything
        t.block.insert(u"hate"_s, std::numeric_limits<double>::quiet_NaN());     // would block nothing
        t.escalateFraction = -1.0;
        QCOMPARE(t.blockThreshold(u"sexual"_s), 0.30);   // the fallback
        QCOMPARE(t.blockThreshold(u"hate"_s), 0.30);
        QCOMPARE(t.escalateThreshold(u"sexual"_s), 0.30); // no band rather than a band from 0
        QCOMPARE(ModerationPolicy(t).evaluate(cleanScores()).verdict, ModerationVerdict::Allow);
        QCOMPARE(ModerationPolicy(t).evaluate(cleanWith(u"hate"_s, 0.3)).verdict, ModerationVerdict::Block);

        t.fallbackBlock = 7.0;
        QCOMPARE(t.blockThreshold(u"sexual"_s), 0.30);
        QCOMPARE(t.blockThreshold(u"weapons/new"_s), 0.30);
    }
};

QTEST_GUILESS_MAIN(TestModerationPolicy)
#include "tst_moderationpolicy.moc"
