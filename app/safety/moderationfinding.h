#pragma once

#include <QString>
#include <QStringList>

namespace zk::safety {

// What one moderation layer concluded about one text (a visitor's message or
// one sentence of the model's reply). Never shown to visitors: the UI picks
// its own kind words from `categories`.
struct ModerationFinding
{
    bool flagged = false;
    // Stored category names, sorted, no duplicates: "profanity", "violence",
    // "self-harm", "sexual", "drugs-weapons", "hate", "harassment", "illicit".
    QStringList categories;
    // 0..1, the highest severity among the matches (self-harm is always 1).
    double score = 0.0;
    // Which layer decided: "local" for the offline word lists and rules.
    QString layer;
    // Short, developer-facing: rule or list id and the matched words of the
    // folded text ("violence/harm-person: kill my neighbour"). For logs and
    // the admin panel; never for visitors.
    QString evidence;

    bool hasCategory(const QString &name) const { return categories.contains(name); }
};

} // namespace zk::safety
