#pragma once

#include "core/result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace zk::safety {

enum class ModerationVerdict {
    Allow,     // every category under its escalate threshold
    Escalate,  // allowed, but recorded as escalated for staff review
    Block,     // some category at or over its block threshold
};

// "allow", "escalate", "block": stable names for logs and the database.
QString moderationVerdictName(ModerationVerdict verdict);

// Per-category thresholds for the remote moderation scores (the API's
// category names, e.g. "self-harm/intent"). A category blocks at
// score >= its block threshold and escalates at
// block * escalateFraction <= score < block.
//
// Defaults (strict, the visitors are children; omni-moderation scores of
// ordinary text are ~1e-5, so these leave everyday questions alone):
//   block >= 0.30: sexual, sexual/minors, self-harm, self-harm/intent,
//                  self-harm/instructions, violence/graphic, hate,
//                  hate/threatening, harassment/threatening, illicit/violent
//   block >= 0.50: harassment, illicit, violence (animals hunt and fight:
//                  "how does a tiger catch its prey?" must stay answerable)
//   escalate from half the block threshold (0.15 / 0.25).
//   A category the API adds later and the table does not name blocks at
//   fallbackBlock (0.30). A category the API itself flags blocks whatever
//   its score (blockOnApiFlag): the API's own thresholds are meant for
//   adults, so a flag is always over ours.
struct ModerationThresholds
{
    QMap<QString, double> block;       // API category -> block threshold in (0, 1]
    double fallbackBlock = 0.30;       // categories missing from `block`
    double escalateFraction = 0.5;     // escalate band starts at block * this; 1 = no band
    bool blockOnApiFlag = true;

    // The settings key prefix: "moderation/block/<api category>" = "0.4".
    static QString blockKeyPrefix() { return QStringLiteral("moderation/block/"); }

    double blockThreshold(const QString &category) const;
    double escalateThreshold(const QString &category) const;

    // `category` is an API category name (one of ModerationPolicy::apiCategories());
    // `value` in (0, 1]. Anything else is refused and changes nothing.
    Status setBlockThreshold(const QString &category, double value);
    // `value` in (0, 1].
    Status setEscalateFraction(double value);
    // A settings pair, "moderation/block/sexual" = "0.25" (C locale number).
    Status applySetting(const QString &key, const QString &value);
};

// What the policy made of one set of scores.
struct ModerationDecision
{
    ModerationVerdict verdict = ModerationVerdict::Allow;
    double riskScore = 0.0;            // highest category score, in [0, 1]
    QString topCategory;               // the category with that score (API name)
    // API names at or over their block threshold (or flagged by the API when
    // blockOnApiFlag), highest score first.
    QStringList blockedCategories;
    // API names in their escalate band, highest score first.
    QStringList escalatedCategories;

    // The project's stored names (see ModerationPolicy::storedCategory) of the
    // categories behind the verdict: blocked ones for Block, escalated ones for
    // Escalate, none for Allow. Deduplicated, highest score first.
    QStringList storedCategories() const;
};

// Turns the moderation endpoint's category scores into a verdict. Pure and
// stateless beyond its thresholds.
class ModerationPolicy
{
public:
    explicit ModerationPolicy(ModerationThresholds thresholds = defaults());

    static ModerationThresholds defaults();
    // The 13 omni-moderation categories, in the API's order.
    static const QStringList &apiCategories();
    // API category -> stored category: self-harm* -> "self-harm",
    // sexual* -> "sexual", violence* -> "violence", hate* -> "hate",
    // harassment* -> "harassment", illicit* -> "drugs-weapons"; anything else
    // -> "other".
    static QString storedCategory(const QString &apiCategory);
    // Each mapped, duplicates dropped, first occurrence's order kept.
    static QStringList storedCategories(const QStringList &apiCategories);

    const ModerationThresholds &thresholds() const { return m_thresholds; }

    // `scores` as the API returned them (category_scores), `apiFlagged` the
    // categories it set true. Scores outside [0, 1] are clamped; a score that
    // is not a number counts as 1 (an unreadable score is not a safe one).
    ModerationDecision evaluate(const QMap<QString, double> &scores, const QStringList &apiFlagged = {}) const;

private:
    ModerationThresholds m_thresholds;
};

} // namespace zk::safety
