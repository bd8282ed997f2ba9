// zk_db_template OUT: writes the database a first start would create (the
// latest schema, the built-in animals and guardrail rules) to OUT, for the
// programs to copy instead of creating it statement by statement (see
// zk::writeDatabaseTemplate and storage::Database::setTemplate). Run by the
// build; OUT is replaced.
#include "core/builtincontent.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("zk.*.info=false\nzk.*.debug=false"));
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: zk_db_template OUT\n");
        return 2;
    }
    const QString out = args.at(1);
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(out + QLatin1StringView(suffix));
    if (const zk::Status st = zk::writeDatabaseTemplate(out); !st) {
        std::fprintf(stderr, "zk_db_template: %s\n", qPrintable(st.error().message));
        QFile::remove(out);
        return 1;
    }
    return 0;
}
