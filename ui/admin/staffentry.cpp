#include "admin/staffentry.h"

#include "admin/staffconsole.h"
#include "kioskwindow.h"

namespace zk::ui {

void connectStaffEntry(KioskWindow &window, StaffConsole &console)
{
    QObject::connect(&window, &KioskWindow::staffGestureDetected, &console, [&window, &console] {
        if (console.isOpen())
            return;
        window.endVisit(); // no visitor's conversation stays open under the panel
        console.open();
    });
}

} // namespace zk::ui
