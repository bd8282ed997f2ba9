#include "core/resources.h"

#include <QDir>
#include <QtGlobal>

#include <mutex>

static void registerContent()
{
    Q_INIT_RESOURCE(zk_content);
    Q_INIT_RESOURCE(zk_compiled);
}

namespace zk {

void ensureResources()
{
    static std::once_flag once;
    std::call_once(once, registerContent);
}

QStringList filesWithSuffix(const QString &dir, QStringView suffix)
{
    ensureResources();
    QStringList files = QDir(dir).entryList(QDir::Files, QDir::Name);
    files.removeIf([suffix](const QString &name) {
        return name.size() <= suffix.size() || !name.endsWith(suffix, Qt::CaseInsensitive);
    });
    return files;
}

} // namespace zk
