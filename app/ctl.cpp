// zookioskctl: the headless command-line tool. Everything lives in the core
// library (cli/ctlapp); this file only starts it.
#include "cli/ctlapp.h"
#include "core/appsetup.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    zk::setApplicationIdentity();
    // stdout is the reply; keep stderr for warnings unless QT_LOGGING_RULES asks for more.
    QLoggingCategory::setFilterRules(QStringLiteral("zk.*.info=false\nzk.*.debug=false"));
    return zk::cli::runCtl(QCoreApplication::arguments());
}
