#include "onscreenkeyboard.h"

#include <QEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

constexpr int kMinKeyHeight = 64; // the kiosk's smallest touch target
constexpr int kMaxKeyHeight = 96; // beyond this the keyboard eats the chat on 1080-high screens

QString keyName(const KeyboardLayout::Key &key)
{
    using Action = KeyboardLayout::Action;
    switch (key.action) {
    case Action::Character:
        return u"key_"_s + key.text;
    case Action::Shift:
        return u"key_shift"_s;
    case Action::Backspace:
        return u"key_backspace"_s;
    case Action::Space:
        return u"key_space"_s;
    case Action::Page:
        return u"key_page"_s;
    case Action::Send:
        return u"key_send"_s;
    }
    return QString();
}

} // namespace

OnScreenKeyboard::OnScreenKeyboard(QWidget *parent)
    : QWidget(parent), m_layout(KeyboardLayout::forLanguage(u"en"_s))
{
    setObjectName(u"onScreenKeyboard"_s);
    // Tapping the keyboard, even between keys, must leave the focus (and the
    // cursor) in the text field.
    setFocusPolicy(Qt::NoFocus);
    setAttribute(Qt::WA_StyledBackground);
    // Preferred, not Fixed: a fixed policy caps the height at sizeHint(),
    // taken before the width is known, and the keys could not grow.
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    rebuild();
}

void OnScreenKeyboard::setTarget(QLineEdit *edit)
{
    m_target = edit;
    m_textTarget = nullptr;
}

void OnScreenKeyboard::setTextTarget(QPlainTextEdit *edit)
{
    m_textTarget = edit;
    m_target = nullptr;
}

QPlainTextEdit *OnScreenKeyboard::textTarget() const
{
    return m_textTarget;
}

QLineEdit *OnScreenKeyboard::target() const
{
    return m_target;
}

void OnScreenKeyboard::setLanguage(const QString &lang)
{
    KeyboardLayout layout = KeyboardLayout::forLanguage(lang);
    if (layout.language() == m_layout.language())
        return;
    m_layout = std::move(layout);
    rebuild();
    updateGeometry(); // Spanish has one row more
}

int OnScreenKeyboard::keyHeightForWidth(int width)
{
    return std::clamp(width / 20, kMinKeyHeight, kMaxKeyHeight);
}

int OnScreenKeyboard::spacingForWidth(int width) const
{
    return std::max(6, width / 160);
}

int OnScreenKeyboard::heightForWidth(int width) const
{
    const int rows = m_layout.rowCount();
    return rows * keyHeightForWidth(width) + (rows + 1) * spacingForWidth(width);
}

QSize OnScreenKeyboard::sizeHint() const
{
    const int w = width() > 0 ? width() : 1280;
    return QSize(w, heightForWidth(w));
}

QSize OnScreenKeyboard::minimumSizeHint() const
{
    // The narrowest keyboard whose one-unit keys are still 64 px wide.
    const int spacing = spacingForWidth(0);
    const int width = int(std::ceil(m_layout.widestRow() * (kMinKeyHeight + spacing))) + spacing;
    return QSize(width, heightForWidth(width));
}

void OnScreenKeyboard::rebuild()
{
    // Deleted later: setLanguage() may be called from a handler of one of these keys.
    for (QWidget *old : {m_letters, m_symbols}) {
        if (old) {
            old->hide();
            old->setParent(nullptr);
            old->deleteLater();
        }
    }
    m_letterKeys.clear();
    m_symbolKeys.clear();
    m_letters = buildPage(Page::Letters, m_letterKeys);
    m_symbols = buildPage(Page::Symbols, m_symbolKeys);
    m_shifted = false;
    m_page = Page::Letters;
    m_symbols->hide();
    m_letters->show();
    relabel();
    placeKeys();
}

QWidget *OnScreenKeyboard::buildPage(Page page, QList<PlacedKey> &keys)
{
    using Action = KeyboardLayout::Action;
    auto *container = new QWidget(this);
    container->setFocusPolicy(Qt::NoFocus);
    const QList<KeyboardLayout::Row> &rows = m_layout.rows(page);
    const double widest = m_layout.widestRow();
    for (int r = 0; r < rows.size(); ++r) {
        double rowWidth = 0;
        for (const auto &key : rows[r])
            rowWidth += key.width;
        double column = (widest - rowWidth) / 2; // a shorter row is centred
        for (const KeyboardLayout::Key &key : rows[r]) {
            auto *button = new QPushButton(container);
            button->setObjectName(keyName(key));
            button->setFocusPolicy(Qt::NoFocus);
            button->setAutoDefault(false);
            const bool special = key.action != Action::Character;
            button->setProperty("keyRole", key.action == Action::Send ? u"send"_s
                                           : special                  ? u"special"_s
                                                                      : u"char"_s);
            if (key.action == Action::Backspace) {
                // Held down, it keeps deleting, as on a phone.
                button->setAutoRepeat(true);
                button->setAutoRepeatDelay(450);
                button->setAutoRepeatInterval(90);
            }
            if (key.action == Action::Shift)
                button->setCheckable(true);
            connect(button, &QPushButton::clicked, this, [this, key] { onKey(key); });
            keys.append(PlacedKey{button, key, r, column});
            column += key.width;
        }
    }
    return container;
}

void OnScreenKeyboard::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeKeys();
}

void OnScreenKeyboard::placeKeys()
{
    const int spacing = spacingForWidth(width());
    const double widest = m_layout.widestRow();
    const double cellWidth = double(width() - spacing) / widest;
    const int rowCount = m_layout.rowCount();
    applyStyle((height() - spacing) / rowCount - spacing);
    for (auto [page, keys] : {std::pair{m_letters, &m_letterKeys}, std::pair{m_symbols, &m_symbolKeys}}) {
        page->setGeometry(rect());
        // A page with fewer rows gets taller keys rather than a gap.
        int pageRows = 0;
        for (const PlacedKey &placed : *keys)
            pageRows = std::max(pageRows, placed.row + 1);
        const double cellHeight = double(height() - spacing) / std::max(pageRows, 1);
        for (const PlacedKey &placed : *keys) {
            const int left = spacing + int(std::lround(placed.column * cellWidth));
            const int right = int(std::lround((placed.column + placed.key.width) * cellWidth));
            const int top = spacing + int(std::lround(placed.row * cellHeight));
            const int bottom = int(std::lround((placed.row + 1) * cellHeight));
            placed.button->setGeometry(left, top, right - left, bottom - top);
        }
    }
}

void OnScreenKeyboard::applyStyle(int keyHeight)
{
    // Before the first real layout the widget may be tiny; never style keys below the minimum.
    keyHeight = std::max(keyHeight, kMinKeyHeight);
    if (keyHeight == m_styledKeyHeight)
        return;
    m_styledKeyHeight = keyHeight;
    // Our own rules beat the window's QPushButton rules (min-height, padding),
    // which would otherwise resize the keys.
    setStyleSheet(u"#onScreenKeyboard { background: #dbe7de; border-radius: 16px; } "
                  "#onScreenKeyboard QPushButton { min-height: 0; min-width: 0; padding: 0; margin: 0; "
                  "border: none; border-radius: 12px; font-size: %1px; background: #ffffff; color: #17351f; } "
                  "#onScreenKeyboard QPushButton:pressed { background: #a9cdb3; } "
                  "#onScreenKeyboard QPushButton[keyRole=\"special\"] { background: #bcd3c2; font-size: %2px; } "
                  "#onScreenKeyboard QPushButton[keyRole=\"special\"]:checked { background: #2f7d4a; color: white; } "
                  "#onScreenKeyboard QPushButton[keyRole=\"special\"]:pressed { background: #8fb79a; } "
                  "#onScreenKeyboard QPushButton[keyRole=\"send\"] { background: #2f7d4a; color: white; "
                  "font-size: %2px; font-weight: bold; } "
                  "#onScreenKeyboard QPushButton[keyRole=\"send\"]:pressed { background: #1f5a34; }"_s
                      .arg(keyHeight * 2 / 5)
                      .arg(keyHeight * 3 / 10));
}

void OnScreenKeyboard::relabel()
{
    using Action = KeyboardLayout::Action;
    for (auto [page, keys] : {std::pair{Page::Letters, &m_letterKeys}, std::pair{Page::Symbols, &m_symbolKeys}}) {
        for (const PlacedKey &placed : std::as_const(*keys)) {
            QPushButton *button = placed.button;
            switch (placed.key.action) {
            case Action::Character:
                button->setText(m_shifted ? KeyboardLayout::shifted(placed.key.text) : placed.key.text);
                break;
            case Action::Shift:
                button->setText(u"⇧"_s);
                button->setAccessibleName(tr("Shift"));
                button->setChecked(m_shifted);
                break;
            case Action::Backspace:
                button->setText(u"⌫"_s);
                button->setAccessibleName(tr("Backspace"));
                break;
            case Action::Space:
                button->setText(tr("space"));
                break;
            case Action::Page:
                // The page key names the page it leads to.
                button->setText(page == Page::Letters ? tr("123") : tr("ABC"));
                break;
            case Action::Send:
                button->setText(tr("send"));
                break;
            }
        }
    }
}

void OnScreenKeyboard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        relabel();
    QWidget::changeEvent(event);
}

void OnScreenKeyboard::onKey(const KeyboardLayout::Key &key)
{
    using Action = KeyboardLayout::Action;
    switch (key.action) {
    case Action::Character:
        type(m_shifted ? KeyboardLayout::shifted(key.text) : key.text);
        // One-shot shift: a capital, then lower case again.
        if (m_shifted)
            setShifted(false);
        break;
    case Action::Shift:
        setShifted(!m_shifted);
        break;
    case Action::Backspace:
        if (m_target && m_target->isEnabled() && !m_target->isReadOnly())
            m_target->backspace();
        else if (m_textTarget && m_textTarget->isEnabled() && !m_textTarget->isReadOnly())
            m_textTarget->textCursor().deletePreviousChar();
        break;
    case Action::Space:
        type(u" "_s);
        break;
    case Action::Page:
        showPage(m_page == Page::Letters ? Page::Symbols : Page::Letters);
        break;
    case Action::Send:
        Q_EMIT sendRequested();
        break;
    }
}

void OnScreenKeyboard::type(const QString &text)
{
    if (m_textTarget && m_textTarget->isEnabled() && !m_textTarget->isReadOnly()) {
        m_textTarget->insertPlainText(text);
        return;
    }
    if (!m_target || !m_target->isEnabled() || m_target->isReadOnly())
        return;
    // insert() replaces a selection, types at the cursor, stops at maxLength
    // and goes through the edit's validator and undo stack.
    m_target->insert(text);
}

void OnScreenKeyboard::setShifted(bool shifted)
{
    if (m_shifted == shifted)
        return;
    m_shifted = shifted;
    relabel();
}

void OnScreenKeyboard::showPage(Page page)
{
    m_page = page;
    m_shifted = false;
    relabel();
    m_letters->setVisible(page == Page::Letters);
    m_symbols->setVisible(page == Page::Symbols);
}

} // namespace zk::ui
