#include "artpixmap.h"

#include <QPainter>
#include <QSvgRenderer>

namespace zk::ui {

QPixmap artPixmap(const QString &path, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QSvgRenderer renderer(path);
    if (renderer.isValid()) {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.setAspectRatioMode(Qt::KeepAspectRatio);
        renderer.render(&painter);
    }
    return pixmap;
}

} // namespace zk::ui
