#pragma once

#include <QString>

namespace zk::ui {

// `zookiosk --console [--kiosks FILE]`: the staff console on a desktop,
// with no kiosk of its own. The kiosk list is FILE or the default in the
// user's config directory; the language follows the desktop's (English or
// Spanish). Returns the exit code.
int runStaffConsole(const QString &kiosksFile);

} // namespace zk::ui
