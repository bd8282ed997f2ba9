#pragma once

#include <QString>

class QAbstractScrollArea;
class QBoxLayout;
class QGridLayout;
class QLabel;
class QPushButton;
class QWidget;

namespace zk::ui::admintouch {

// The staff screens' touch rules in one place: targets of at least 64 px,
// lists and forms that scroll by dragging with momentum, one style sheet.
constexpr int kTouchPx = 64;

// Drag to scroll, with momentum (as the kiosk's own screens).
void makeKinetic(QAbstractScrollArea *area);
// A push button of at least kTouchPx in both directions.
QPushButton *touchButton(const QString &text, QWidget *parent, const QString &objectName = {});
// A checkable secondary button of at least kTouchPx (page choosers, language switches).
QPushButton *toggleButton(const QString &text, QWidget *parent, const QString &objectName);
// A form that scrolls by dragging, filling `outer` (stretch 1): the grid of
// its content, with columns 1 and 2 (field and verdict) sharing the width.
QGridLayout *scrollingForm(QBoxLayout *outer);
// A status line: its text and role ("error", "ok", "warning" or none),
// restyled at once.
void showStatus(QLabel *label, const QString &text, const QString &role);
// The staff console's style sheet (applied once, at its root).
QString styleSheet();

} // namespace zk::ui::admintouch
