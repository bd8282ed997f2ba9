// zookioskctl: the headless command-line tool. Everything lives in the core
// library (cli/ctlapp); this file only starts it.
#include "cli/ctlapp.h"
#include "core/appsetup.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace {

// Grows the heap once, by more than a one-shot command uses, and asks for
// transparent huge pages on it: such a command touches ~10 MB of heap, page
// by page, and on a virtual machine each 4 KiB page fault costs some 20 us
// (half of an `ask`'s page faults; tests/bench/README.md section 1). With
// the kernel's THP setting "madvise" (Debian's default) the advice is taken;
// with "never" it is ignored and nothing else changes.
void adviseHugePagesForHeap()
{
    constexpr std::size_t kHeapBytes = 24u << 20; // under M_MMAP_THRESHOLD: from the heap, not mmap
    constexpr std::uintptr_t kHugePage = 2u << 20;
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    void *block = std::malloc(kHeapBytes);
    const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t from = (before + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t to = after & ~(kHugePage - 1);
    if (block && to > from)
        madvise(reinterpret_cast<void *>(from), to - from, MADV_HUGEPAGE);
    std::free(block); // stays in the heap: M_TRIM_THRESHOLD is above it
}

} // namespace
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
        adviseHugePagesForHeap();
    }
#endif
    QCoreApplication app(argc, argv);
    zk::setApplicationIdentity();
    // stdout is the reply; keep stderr for warnings unless QT_LOGGING_RULES asks for more.
    QLoggingCategory::setFilterRules(QStringLiteral("zk.*.info=false\nzk.*.debug=false"));
    return zk::cli::runCtl(QCoreApplication::arguments());
}
