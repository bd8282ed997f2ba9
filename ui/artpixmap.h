#pragma once

#include <QPixmap>
#include <QString>

namespace zk::ui {

// An animal's SVG art as a square pixmap at `size` pixels (transparent if the
// art cannot be read).
QPixmap artPixmap(const QString &path, int size);

} // namespace zk::ui
