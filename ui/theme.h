#pragma once

#include <QColor>
#include <QObject>

namespace zk::ui {

// The kiosk's look in one place: the colours (normal or high contrast) and the
// text size step, and the one style sheet generated from them. Screens tag
// widgets with a "zkRole" property and never style themselves.
class Theme : public QObject
{
    Q_OBJECT

public:
    struct Palette
    {
        QColor background;
        QColor surface;
        QColor primary;          // buttons, borders
        QColor primaryPressed;
        QColor onPrimary;        // text on buttons
        QColor text;
        QColor muted;            // status line, species
        QColor visitorBubble;
        QColor replyBubble;
        QColor bubbleBorder;
        QColor scrim;            // behind the "Are you still there?" panel
    };

    static constexpr int kTextSteps = 3;
    static constexpr int kMinTouchPx = 64;

    explicit Theme(QObject *parent = nullptr);

    int textStep() const { return m_textStep; }      // 0 (normal) .. kTextSteps - 1
    bool canEnlargeText() const { return m_textStep < kTextSteps - 1; }
    bool canShrinkText() const { return m_textStep > 0; }
    void enlargeText();
    void shrinkText();
    bool highContrast() const { return m_highContrast; }
    void setHighContrast(bool on);
    // Back to normal size and colours (a new visitor).
    void reset();

    const Palette &palette() const { return m_highContrast ? m_contrastPalette : m_normalPalette; }
    // A font size in pixels for a size designed at the normal step.
    int px(int basePx) const;
    QString styleSheet() const;

Q_SIGNALS:
    void changed();

private:
    void setTextStep(int step);

    int m_textStep = 0;
    bool m_highContrast = false;
    Palette m_normalPalette;
    Palette m_contrastPalette;
};

} // namespace zk::ui
