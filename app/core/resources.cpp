#include "core/resources.h"

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

} // namespace zk
