#include "attractscreen.h"

#include "artpixmap.h"

#include <QEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace zk::ui {

AttractScreen::AttractScreen(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"attractScreen"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 24, 48, 64);
    layout->addStretch(1);
    m_title = new QLabel(this);
    m_title->setObjectName(u"attractTitle"_s);
    m_title->setProperty("zkRole", u"attractTitle"_s);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    m_frame.setInterval(33); // gentle motion needs no more than 30 frames a second
    connect(&m_frame, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    m_clock.start();
    retranslate();
}

void AttractScreen::setAnimals(const QList<persona::Animal> &animals)
{
    m_artPaths.clear();
    for (const persona::Animal &a : animals)
        m_artPaths << a.art;
    m_artSize = 0;
    renderArt();
}

QString AttractScreen::titleText() const
{
    return m_title->text();
}

void AttractScreen::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AttractScreen::retranslate()
{
    m_title->setText(tr("Tap to talk to an animal!"));
}

void AttractScreen::mousePressEvent(QMouseEvent *event)
{
    event->accept();
    Q_EMIT tapped();
}

void AttractScreen::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    renderArt();
}

void AttractScreen::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_frame.start();
}

void AttractScreen::hideEvent(QHideEvent *event)
{
    m_frame.stop();
    QWidget::hideEvent(event);
}

// The art is rendered once per size; frames only move pixmaps.
void AttractScreen::renderArt()
{
    const int count = std::max(1, int(m_artPaths.size()));
    const int columns = width() >= height() ? count : (count + 1) / 2;
    const int size = std::clamp(std::min(width() / (columns + 1), height() / 3), 64, 320);
    if (size == m_artSize && m_art.size() == m_artPaths.size())
        return;
    m_artSize = size;
    m_art.clear();
    for (const QString &path : std::as_const(m_artPaths))
        m_art << artPixmap(path, size);
}

void AttractScreen::paintEvent(QPaintEvent *)
{
    if (m_art.isEmpty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const double t = m_clock.elapsed() / 1000.0;
    const int count = int(m_art.size());
    // Landscape: one row; portrait: two rows.
    const int columns = width() >= height() ? count : (count + 1) / 2;
    const int rows = (count + columns - 1) / columns;
    const double cellW = double(width()) / columns;
    const double areaH = height() - m_title->height() - 96;
    const double cellH = areaH / rows;
    for (int i = 0; i < count; ++i) {
        // Each animal bobs and sways on its own slow phase.
        const double phase = i * 1.7;
        const double dx = std::sin(t * 0.6 + phase) * m_artSize * 0.06;
        const double dy = std::sin(t * 0.9 + phase * 1.3) * m_artSize * 0.08;
        const double x = cellW * (i % columns) + (cellW - m_artSize) / 2 + dx;
        const double y = 48 + cellH * (i / columns) + (cellH - m_artSize) / 2 + dy;
        painter.drawPixmap(QPointF(x, y), m_art.at(i));
    }
}

} // namespace zk::ui
