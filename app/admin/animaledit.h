#pragma once

#include "core/result.h"
#include "persona/animal.h"

#include <QString>
#include <QStringList>

namespace zk::admin {

// One staff edit of an animal's visitor-facing text, validated the same way
// for the admin panel and `zookioskctl animals set`. Fields: name, title,
// species, personality, conservation, emergency (text) and facts, questions
// (a JSON array of strings). A clear message names what is wrong.
Status applyAnimalEdit(persona::Animal &animal, const QString &language, const QString &field,
                       const QString &value);
QStringList animalEditFields();

} // namespace zk::admin
