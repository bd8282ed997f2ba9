// zookioskctl: the headless command-line tool. Everything lives in the core
// library (cli/ctlapp); this file only starts it.
#include "cli/ctlapp.h"
#include "core/appsetup.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    // A headless tool: Qt's own event dispatcher rather than GLib's, which
    // writes an eventfd for every queued event (a streamed reply queues two
    // per HTTP chunk); see tests/bench/README.md for the measured difference.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    zk::setApplicationIdentity();
    // stdout is the reply; keep stderr for warnings unless QT_LOGGING_RULES asks for more.
    QLoggingCategory::setFilterRules(QStringLiteral("zk.*.info=false\nzk.*.debug=false"));
    return zk::cli::runCtl(QCoreApplication::arguments());
}
