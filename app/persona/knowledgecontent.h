#pragma once

#include "core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace zk::persona {

// One curated question-and-answer fact of one animal in one language, as
// shipped in resources/knowledge/<animalId>.json. The answer is written in the
// animal's own voice (first person), ready to show to a visitor.
struct KnowledgeEntry
{
    QString animalId;            // red_panda
    QString key;                 // the entry's "id", stable across versions: "diet-main"
    QString language;            // "en", "es"
    QString topic;               // "food"
    QStringList questions;       // how visitors ask it, at least two
    QStringList keywords;        // at least one
    QString answer;
    int contentVersion = 0;      // the file's contentVersion
};

// Reads every *.json in `dir` (one file per animal, named after its id) and
// validates it strictly: top-level fields animalId (matching the file name),
// contentVersion >= 1, sources, entries (non-empty); each entry an id
// (lower-case letters, digits, '-' and '_', unique in its file), a topic and
// both "en" and "es", each with at least two questions, at least one keyword
// and a non-empty answer; unknown fields are errors. Errors are
// developer-facing and name the file, the entry and the field, e.g.
//   tiger.json: entry "diet-main" (es): field "questions" has 1 entries, at least 2 are required
// Returns one KnowledgeEntry per entry and language (en first, then es), files
// in name order, entries in file order.
zk::Result<QList<KnowledgeEntry>> loadKnowledge(const QString &dir = QStringLiteral(":/knowledge"));

// The languages every knowledge entry must have.
QStringList requiredKnowledgeLanguages();

} // namespace zk::persona
