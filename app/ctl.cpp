// zookioskctl: the headless command-line tool. Everything lives in the core
// library (cli/ctlapp); this file only starts it.
#include "cli/ctlapp.h"
#include "core/appsetup.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>

#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char *argv[])
{
    // A headless tool: Qt's own event dispatcher rather than GLib's, which
    // writes an eventfd for every queued event (a streamed reply queues two
    // per HTTP chunk); see tests/bench/README.md for the measured difference.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    // One visitor turn, one history query: each of the safety checks' regular
    // expressions runs a handful of times, so JIT-compiling them (Qt 6 does it
    // at every compile, for three match modes) costs more than it saves. The
    // long-running `serve` keeps the JIT. Measured in tests/bench/README.md.
    const bool longRunning =
        std::any_of(argv + 1, argv + argc, [](const char *arg) { return qstrcmp(arg, "serve") == 0; });
    if (!longRunning && !qEnvironmentVariableIsSet("QT_ENABLE_REGEXP_JIT"))
        qputenv("QT_ENABLE_REGEXP_JIT", "0");
#ifdef __GLIBC__
    // A command that ends within a second gains nothing from handing memory
    // back to the system as buffers shrink, and pays a page fault for every
    // page when they grow again (~6% of an `ask` streaming a long reply).
    if (!longRunning) {
        mallopt(M_TOP_PAD, 8 << 20);
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    }
#endif
    QCoreApplication app(argc, argv);
    zk::setApplicationIdentity();
    // stdout is the reply; keep stderr for warnings unless QT_LOGGING_RULES asks for more.
    QLoggingCategory::setFilterRules(QStringLiteral("zk.*.info=false\nzk.*.debug=false"));
    return zk::cli::runCtl(QCoreApplication::arguments());
}
