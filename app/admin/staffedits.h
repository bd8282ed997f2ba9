#pragma once

#include "core/result.h"
#include "persona/animal.h"

#include <QString>
#include <QStringList>

namespace zk {
class KioskCore;
}

namespace zk::admin {

// The admin panel's saves of content, each one staff action: validated,
// stored, and recorded as a staff event.

// Stores the staff-edited animal and the composed system prompt of each of
// its languages as a prompt version (the turns that use it carry the hash).
// Returns the versions, one per language, in the animal's language order.
Result<QStringList> saveAnimal(KioskCore &core, const persona::Animal &animal, const QString &who);

// A guardrail's text: not empty, at most 500 characters (as zookioskctl).
Status validateGuardrail(const persona::GuardrailRule &rule);
// Inserts (id 0) or updates; returns the rule's id.
Result<qint64> saveGuardrail(KioskCore &core, const persona::GuardrailRule &rule, const QString &who);
Status deleteGuardrail(KioskCore &core, qint64 id, const QString &who);

} // namespace zk::admin
