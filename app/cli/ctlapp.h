#pragma once

#include <QStringList>

namespace zk::cli {

// Exit codes of zookioskctl (a contract for automation).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// Runs zookioskctl with `arguments` (argv, program name first) inside an
// existing QCoreApplication; returns the exit code.
int runCtl(const QStringList &arguments);

} // namespace zk::cli
