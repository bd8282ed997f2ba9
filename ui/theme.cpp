#include "theme.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

QString css(const QColor &c)
{
    return c.alpha() == 255 ? c.name() : u"rgba(%1,%2,%3,%4)"_s.arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha());
}

} // namespace

Theme::Theme(QObject *parent) : QObject(parent)
{
    m_normalPalette = {QColor::fromRgb(0xf4f9f1u), QColor::fromRgb(0xffffffu), QColor::fromRgb(0x2f7d4au), QColor::fromRgb(0x1f5a34u), QColor::fromRgb(0xffffffu),
                       QColor::fromRgb(0x1f3d2au), QColor::fromRgb(0x4f5b53u), QColor::fromRgb(0xdff0e3u), QColor::fromRgb(0xfff6dcu), QColor::fromRgb(0xd7c9a0u),
                       QColor(0, 0, 0, 150)};
    // Yellow on black, white text: WCAG AAA contrast throughout.
    m_contrastPalette = {QColor::fromRgb(0x000000u), QColor::fromRgb(0x000000u), QColor::fromRgb(0xffff00u), QColor::fromRgb(0xffffffu), QColor::fromRgb(0x000000u),
                         QColor::fromRgb(0xffffffu), QColor::fromRgb(0xffffffu), QColor::fromRgb(0x002b80u), QColor::fromRgb(0x000000u), QColor::fromRgb(0xffff00u),
                         QColor(0, 0, 0, 220)};
}

void Theme::setTextStep(int step)
{
    step = std::clamp(step, 0, kTextSteps - 1);
    if (step == m_textStep)
        return;
    m_textStep = step;
    Q_EMIT changed();
}

void Theme::enlargeText()
{
    setTextStep(m_textStep + 1);
}

void Theme::shrinkText()
{
    setTextStep(m_textStep - 1);
}

void Theme::setHighContrast(bool on)
{
    if (on == m_highContrast)
        return;
    m_highContrast = on;
    Q_EMIT changed();
}

void Theme::reset()
{
    if (m_textStep == 0 && !m_highContrast)
        return;
    m_textStep = 0;
    m_highContrast = false;
    Q_EMIT changed();
}

int Theme::px(int basePx) const
{
    static constexpr double kScale[kTextSteps] = {1.0, 1.25, 1.5};
    return int(basePx * kScale[m_textStep] + 0.5);
}

QString Theme::styleSheet() const
{
    const Palette &p = palette();
    const QString touch = QString::number(kMinTouchPx);
    QString s;
    s += u"QWidget#kioskWindow { background: %1; }"_s.arg(css(p.background));
    s += u"QWidget { color: %1; font-size: %2px; }"_s.arg(css(p.text)).arg(px(22));
    s += u"QPushButton { min-height: %1px; min-width: %1px; font-size: %2px; font-weight: bold; border-radius: 20px;"
         " padding: 6px 22px; background: %3; color: %4; border: 3px solid %3; }"_s
             .arg(touch).arg(px(22)).arg(css(p.primary), css(p.onPrimary));
    s += u"QPushButton:pressed { background: %1; border-color: %1; }"_s.arg(css(p.primaryPressed));
    s += u"QPushButton:disabled { background: %1; border-color: %1; color: %2; }"_s.arg(css(p.muted), css(p.surface));
    s += u"QPushButton[zkRole=\"chip\"], QPushButton[zkRole=\"card\"], QPushButton[zkRole=\"secondary\"]"
         " { background: %1; color: %2; border: 3px solid %3; }"_s
             .arg(css(p.surface), css(p.text), css(p.primary));
    s += u"QPushButton[zkRole=\"chip\"]:pressed, QPushButton[zkRole=\"card\"]:pressed,"
         " QPushButton[zkRole=\"secondary\"]:pressed { background: %1; }"_s.arg(css(p.visitorBubble));
    s += u"QPushButton[zkRole=\"card\"] { border-radius: 28px; padding: 12px; }"_s;
    s += u"QPushButton[zkRole=\"chip\"]:disabled { border-color: %1; }"_s.arg(css(p.muted));
    s += u"QPushButton[zkRole=\"chip\"]:disabled QLabel { color: %1; }"_s.arg(css(p.muted));
    s += u"QPushButton[zkRole=\"access\"] { background: %1; color: %2; border: 3px solid %2; padding: 4px 14px; }"_s
             .arg(css(p.surface), css(p.primary));
    s += u"QPushButton[zkRole=\"access\"]:checked { background: %1; color: %2; }"_s.arg(css(p.primary), css(p.onPrimary));
    s += u"QLabel { background: transparent; }"_s;
    s += u"QLabel[zkRole=\"wrapText\"] { font-size: %1px; font-weight: bold; color: %2; }"_s
             .arg(px(22)).arg(css(p.text));
    s += u"QLabel[zkRole=\"title\"] { font-size: %1px; font-weight: bold; color: %2; }"_s
             .arg(px(38)).arg(css(p.text));
    s += u"QLabel[zkRole=\"attractTitle\"] { font-size: %1px; font-weight: bold; color: %2; }"_s
             .arg(px(60)).arg(css(p.text));
    s += u"QLabel[zkRole=\"cardName\"] { font-size: %1px; font-weight: bold; }"_s.arg(px(28));
    s += u"QLabel[zkRole=\"cardSpecies\"], QLabel[zkRole=\"status\"], QLabel[zkRole=\"typing\"]"
         " { font-size: %1px; color: %2; }"_s.arg(px(20)).arg(css(p.muted));
    s += u"QLabel[zkRole=\"status\"] { background: %1; border: 2px solid %2; border-radius: 16px; padding: 8px 16px; }"_s
             .arg(css(p.replyBubble), css(p.bubbleBorder));
    s += u"QLineEdit { min-height: %1px; font-size: %2px; border-radius: 20px; padding: 0 18px;"
         " border: 3px solid %3; background: %4; color: %5; }"_s
             .arg(touch).arg(px(24)).arg(css(p.primary), css(p.surface), css(p.text));
    s += u"QTextBrowser { font-size: %1px; border: none; background: %2; border-radius: 20px; padding: 8px; }"_s
             .arg(px(24)).arg(css(p.surface));
    s += u"QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; border: none; }"_s;
    // A position indicator, not a control (scrolling is by dragging): a thin
    // rounded bar on a faint track, no arrows.
    s += u"QScrollBar:vertical { background: %1; width: 14px; margin: 6px 2px 6px 0; border: none; }"_s
             .arg(css(p.surface));
    s += u"QScrollBar::handle:vertical { background: transparent; border-radius: 6px; min-height: 32px; }"_s;
    s += u"QScrollBar[zkScrollable=\"true\"]::handle:vertical { background: %1; }"_s.arg(css(p.bubbleBorder));
    s += u"QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; border: none; }"_s;
    s += u"QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"_s;
    s += u"QWidget#idleOverlay { background: %1; }"_s.arg(css(p.scrim));
    s += u"QFrame#idlePanel { background: %1; border: 4px solid %2; border-radius: 32px; }"_s
             .arg(css(p.surface), css(p.primary));
    s += u"QLabel[zkRole=\"countdown\"] { font-size: %1px; font-weight: bold; color: %2; }"_s
             .arg(px(96)).arg(css(p.primary));
    return s;
}

} // namespace zk::ui
