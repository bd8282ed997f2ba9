#pragma once

#include "keyboard/keyboardlayout.h"

#include <QPointer>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace zk::ui {

// A touch keyboard for the kiosk's text field: an ordinary widget, so it works
// the same under cage (Wayland), X11 and offscreen, where Qt Virtual Keyboard
// cannot serve. Big keys (at least 64 px, growing with the width), English and
// Spanish layouts, one-shot shift, a numbers/symbols page, space, backspace
// (repeats while held) and send. Keys never take focus: they type into the
// target line edit at its cursor through QLineEdit's own API, so its
// maxLength, selection and undo behave as with a physical keyboard.
//
// Keys are QPushButtons named "key_<text>" for characters (unshifted) and
// "key_shift", "key_backspace", "key_space", "key_page", "key_send".
class OnScreenKeyboard : public QWidget
{
    Q_OBJECT

public:
    explicit OnScreenKeyboard(QWidget *parent = nullptr);

    void setTarget(QLineEdit *edit);
    QLineEdit *target() const;
    // A multi-line target instead (the staff panel's longer texts); setting
    // one target clears the other.
    void setTextTarget(QPlainTextEdit *edit);
    QPlainTextEdit *textTarget() const;
    // "en" or "es"; any other value gives English.
    void setLanguage(const QString &lang);
    QString language() const { return m_layout.language(); }

    // Key height for a keyboard of this width: 64 px at 1280 px and below,
    // growing with the width, at most 96 px.
    static int keyHeightForWidth(int width);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // The send key was tapped; the text stays in the target for the owner to take.
    void sendRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    using Page = KeyboardLayout::Page;
    struct PlacedKey
    {
        QPushButton *button = nullptr;
        KeyboardLayout::Key key;
        int row = 0;
        double column = 0; // left edge, in key units
    };

    void rebuild();
    QWidget *buildPage(Page page, QList<PlacedKey> &keys);
    void placeKeys();
    void applyStyle(int keyHeight);
    void relabel();
    void onKey(const KeyboardLayout::Key &key);
    void type(const QString &text);
    void setShifted(bool shifted);
    void showPage(Page page);
    int spacingForWidth(int width) const;

    KeyboardLayout m_layout;
    QPointer<QLineEdit> m_target;
    QPointer<QPlainTextEdit> m_textTarget;
    Page m_page = Page::Letters;
    bool m_shifted = false;
    int m_styledKeyHeight = 0;
    QWidget *m_letters = nullptr;
    QWidget *m_symbols = nullptr;
    QList<PlacedKey> m_letterKeys;
    QList<PlacedKey> m_symbolKeys;
};

} // namespace zk::ui
