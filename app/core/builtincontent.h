#pragma once

#include "core/result.h"

#include <QString>

namespace zk::storage {
class AnimalRepository;
class GuardrailRepository;
class SettingsRepository;
} // namespace zk::storage

namespace zk {

// A fingerprint of the shipped files in `dir` (":/personas"), so that seeding
// is skipped when the same content was seeded into a database before. Empty
// if a file cannot be read.
QString builtInFingerprint(const QString &dir);

// Seeds the shipped animals and guardrail rules (resources/personas), unless
// this same content was seeded before; never overwrites staff edits (see
// AnimalRepository::seedDefaults and GuardrailRepository::seedDefaults).
Status seedBuiltInContent(storage::AnimalRepository &animals, storage::GuardrailRepository &rules,
                          storage::SettingsRepository &settings);

// Writes what a first start creates, a database with the latest schema and the
// built-in content, to `path` (which must not exist yet), and checks it. Run
// at build time (zk_db_template); a new kiosk copies it instead of migrating
// and seeding (Database::setTemplate).
Status writeDatabaseTemplate(const QString &path);

} // namespace zk
