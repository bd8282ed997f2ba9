#include "safety/moderationpolicy.h"

#include <QList>
#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

bool validThreshold(double value)
{
    return std::isfinite(value) && value > 0.0 && value <= 1.0;
}

double sanitizedScore(double score)
{
    if (std::isnan(score))
        return 1.0;
    return std::clamp(score, 0.0, 1.0);
}

// Sorts category names by score, highest first, then by name.
void sortByScore(QStringList &categories, const QMap<QString, double> &scores)
{
    std::stable_sort(categories.begin(), categories.end(), [&](const QString &a, const QString &b) {
        const double sa = scores.value(a), sb = scores.value(b);
        return sa != sb ? sa > sb : a < b;
    });
}

} // namespace

QString moderationVerdictName(ModerationVerdict verdict)
{
    switch (verdict) {
    case ModerationVerdict::Allow: return u"allow"_s;
    case ModerationVerdict::Escalate: return u"escalate"_s;
    case ModerationVerdict::Block: return u"block"_s;
    }
    return u"block"_s; // not a valid verdict: the safe reading
}

// --- ModerationThresholds -----------------------------------------------------------

double ModerationThresholds::blockThreshold(const QString &category) const
{
    const double value = block.value(category, fallbackBlock);
    if (validThreshold(value))
        return value;
    return validThreshold(fallbackBlock) ? fallbackBlock : 0.30;
}

double ModerationThresholds::escalateThreshold(const QString &category) const
{
    const double fraction = (std::isfinite(escalateFraction) && escalateFraction > 0.0 && escalateFraction <= 1.0)
        ? escalateFraction : 1.0;
    return blockThreshold(category) * fraction;
}

Status ModerationThresholds::setBlockThreshold(const QString &category, double value)
{
    if (!ModerationPolicy::apiCategories().contains(category))
        return makeError(u"unknown moderation category \"%1\" (one of: %2)"_s.arg(
            category, ModerationPolicy::apiCategories().join(u", "_s)));
    if (!validThreshold(value))
        return makeError(u"moderation threshold for %1 must be in (0, 1], got %2"_s.arg(category).arg(value));
    block.insert(category, value);
    return {};
}

Status ModerationThresholds::setEscalateFraction(double value)
{
    if (!validThreshold(value))
        return makeError(u"moderation escalate fraction must be in (0, 1], got %1"_s.arg(value));
    escalateFraction = value;
    return {};
}

Status ModerationThresholds::applySetting(const QString &key, const QString &value)
{
    if (!key.startsWith(blockKeyPrefix()))
        return makeError(u"not a moderation threshold key: %1"_s.arg(key));
    bool ok = false;
    const double number = QLocale::c().toDouble(value.trimmed(), &ok);
    if (!ok)
        return makeError(u"%1: not a number: \"%2\""_s.arg(key, value));
    return setBlockThreshold(key.mid(blockKeyPrefix().size()), number);
}

// --- ModerationDecision -------------------------------------------------------------

QStringList ModerationDecision::storedCategories() const
{
    switch (verdict) {
    case ModerationVerdict::Block: return ModerationPolicy::storedCategories(blockedCategories);
    case ModerationVerdict::Escalate: return ModerationPolicy::storedCategories(escalatedCategories);
    case ModerationVerdict::Allow: return {};
    }
    return {};
}

// --- ModerationPolicy ---------------------------------------------------------------

ModerationPolicy::ModerationPolicy(ModerationThresholds thresholds)
    : m_thresholds(std::move(thresholds))
{
}

const QStringList &ModerationPolicy::apiCategories()
{
    static const QStringList categories = {
        u"sexual"_s,    u"sexual/minors"_s,    u"harassment"_s,       u"harassment/threatening"_s,
        u"hate"_s,      u"hate/threatening"_s, u"illicit"_s,          u"illicit/violent"_s,
        u"self-harm"_s, u"self-harm/intent"_s, u"self-harm/instructions"_s, u"violence"_s,
        u"violence/graphic"_s,
    };
    return categories;
}

ModerationThresholds ModerationPolicy::defaults()
{
    ModerationThresholds t;
    const QStringList strict = {
        u"sexual"_s, u"sexual/minors"_s, u"self-harm"_s, u"self-harm/intent"_s, u"self-harm/instructions"_s,
        u"violence/graphic"_s, u"hate"_s, u"hate/threatening"_s, u"harassment/threatening"_s, u"illicit/violent"_s,
    };
    for (const QString &category : apiCategories())
        t.block.insert(category, strict.contains(category) ? 0.30 : 0.50);
    t.fallbackBlock = 0.30;
    t.escalateFraction = 0.5;
    t.blockOnApiFlag = true;
    return t;
}

QString ModerationPolicy::storedCategory(const QString &apiCategory)
{
    const qsizetype slash = apiCategory.indexOf(u'/');
    const QStringView family = slash < 0 ? QStringView(apiCategory) : QStringView(apiCategory).first(slash);
    if (family == u"self-harm")
        return u"self-harm"_s;
    if (family == u"sexual")
        return u"sexual"_s;
    if (family == u"violence")
        return u"violence"_s;
    if (family == u"hate")
        return u"hate"_s;
    if (family == u"harassment")
        return u"harassment"_s;
    if (family == u"illicit")
        return u"drugs-weapons"_s;
    return u"other"_s;
}

QStringList ModerationPolicy::storedCategories(const QStringList &apiCategories)
{
    QStringList stored;
    for (const QString &category : apiCategories) {
        const QString name = storedCategory(category);
        if (!stored.contains(name))
            stored.append(name);
    }
    return stored;
}

ModerationDecision ModerationPolicy::evaluate(const QMap<QString, double> &scores, const QStringList &apiFlagged) const
{
    QMap<QString, double> clean;
    for (auto it = scores.cbegin(); it != scores.cend(); ++it)
        clean.insert(it.key(), sanitizedScore(it.value()));

    ModerationDecision d;
    for (auto it = clean.cbegin(); it != clean.cend(); ++it) {
        const QString &category = it.key();
        const double score = it.value();
        if (d.topCategory.isEmpty() || score > d.riskScore) {
            d.riskScore = score;
            d.topCategory = category;
        }
        const bool flaggedByApi = m_thresholds.blockOnApiFlag && apiFlagged.contains(category);
        if (flaggedByApi || score >= m_thresholds.blockThreshold(category))
            d.blockedCategories.append(category);
        else if (score >= m_thresholds.escalateThreshold(category))
            d.escalatedCategories.append(category);
    }
    // A flag for a category the scores do not list still blocks.
    if (m_thresholds.blockOnApiFlag) {
        for (const QString &category : apiFlagged)
            if (!clean.contains(category) && !d.blockedCategories.contains(category))
                d.blockedCategories.append(category);
    }
    sortByScore(d.blockedCategories, clean);
    sortByScore(d.escalatedCategories, clean);

    if (!d.blockedCategories.isEmpty())
        d.verdict = ModerationVerdict::Block;
    else if (!d.escalatedCategories.isEmpty())
        d.verdict = ModerationVerdict::Escalate;
    return d;
}

} // namespace zk::safety
