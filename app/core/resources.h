#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace zk {

// Registers the compiled-in resources (schema, personas, art). The resource
// object sits in a static library, where the linker would drop it unless
// something refers to it; calling this refers to it. Cheap and idempotent.
void ensureResources();

// The names of the files in `dir` (qrc or disk) that end in `suffix`
// (".json"), sorted by name. Unlike QDir's wildcard name filters it compiles
// no regular expression, which costs more than the listing at every start.
QStringList filesWithSuffix(const QString &dir, QStringView suffix);

} // namespace zk
