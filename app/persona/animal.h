#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace zk::persona {

// The visitor-facing text of one animal in one language.
struct AnimalText
{
    QString language;            // "en", "es"
    QString name;                // "Zara"
    QString title;               // "Zara the Red Panda" / "Zara, la panda roja"
    QString species;             // "Red Panda"
    QString personality;
    QStringList facts;           // at least eight true facts
    QString conservationStatus;  // e.g. "Endangered (IUCN Red List)"
    QStringList suggestedQuestions;
    QString emergencyMessage;    // "Our animal ambassadors are taking a short break..."
};

struct Animal
{
    QString id;                  // red_panda, cougar, tiger, lemur, reindeer, macaw
    QString art;                 // resource path of the SVG art, e.g. ":/art/red_panda.svg"
    bool active = true;
    int sortOrder = 0;
    bool staffEdited = false;    // staff changed it: seeding never overwrites it
    QString contentHash;         // hash of the default content it was seeded from
    QList<AnimalText> texts;     // one per language

    // The text in `language`, else English, else the first one; nullptr if none.
    const AnimalText *text(const QString &language) const;
    // The title in `language` ("Zara the Red Panda"), or the id if there is no text.
    QString displayName(const QString &language) const;
};

enum class RuleType { Always, Never, Encourage, Discourage };

QString ruleTypeName(RuleType type);             // "ALWAYS", ...
bool parseRuleType(const QString &name, RuleType *out);

struct GuardrailRule
{
    qint64 id = 0;               // 0 = not stored yet
    QString animalId;            // empty = global
    RuleType type = RuleType::Always;
    QString text;
    bool active = true;
    QString seedKey;             // stable key of a default rule; empty for staff rules
};

} // namespace zk::persona
