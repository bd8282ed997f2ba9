#pragma once

namespace zk::ui {

class KioskWindow;
class StaffConsole;

// The way in for staff: the kiosk's hidden gesture ends the visit on screen
// (the database keeps it) and opens the console's PIN pad; a gesture while
// the console is open changes nothing.
void connectStaffEntry(KioskWindow &window, StaffConsole &console);

} // namespace zk::ui
