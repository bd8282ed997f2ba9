#pragma once

#include "core/result.h"
#include "persona/animal.h"

#include <QList>
#include <QString>

namespace zk::persona {

// The default personas and guardrail rules shipped in the binary (qrc), as
// read from resources/personas/animals.json and guardrails.json. Seeding
// copies them into the database; staff edits there are never overwritten.
struct DefaultContent
{
    int contentVersion = 0;
    QList<Animal> animals;       // in file order (also sortOrder order)
    QList<GuardrailRule> rules;  // id 0 (not stored), seedKey set
};

// The languages every default animal must have text for.
QStringList requiredContentLanguages();

// Reads and strictly validates both files. Errors are developer-facing and
// name the file, the animal or rule and the field, e.g.
//   animals.json: animal "tiger" (es): "facts" has 6 entries, at least 8 are required
// Each Animal::contentHash is the hex SHA-256 of that animal's JSON object in
// compact form (keys sorted by QJsonObject), so any content change changes it.
zk::Result<DefaultContent> loadDefaultContent(const QString &animalsPath = QStringLiteral(":/personas/animals.json"),
                                              const QString &rulesPath = QStringLiteral(":/personas/guardrails.json"));

} // namespace zk::persona
