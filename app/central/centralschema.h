#pragma once

#include "core/result.h"

#include <QSqlDatabase>

namespace zk::central {

// The central database's schema: versioned scripts in qrc
// (:/central/NNN-name.sql, PostgreSQL), applied in order by migrate(), all of
// them in one transaction under an advisory lock, so two kiosks (or two
// `zookioskctl fleet migrate`) running at once apply each step once. The
// applied versions are kept in central_schema_version.
class CentralSchema
{
public:
    static int latestVersion();
    // 0 when the database has no Zoo Kiosk schema yet.
    static Result<int> currentVersion(const QSqlDatabase &db);
    // Applies the missing steps; returns the version reached.
    static Result<int> migrate(QSqlDatabase db);
};

} // namespace zk::central
