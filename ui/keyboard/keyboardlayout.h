#pragma once

#include <QList>
#include <QString>

namespace zk::ui {

// The keys of the on-screen keyboard for one language: data only, so the
// widget draws whatever a layout lists and a new language is one function.
// Two pages: letters (with shift) and numbers/symbols. Every row of a page
// adds up to the same width in key units, so the widget can use one grid.
class KeyboardLayout
{
public:
    enum class Action { Character, Shift, Backspace, Space, Page, Send };
    enum class Page { Letters, Symbols };

    struct Key
    {
        Action action = Action::Character;
        QString text;        // Character keys: what is typed (unshifted); others: empty
        double width = 1.0;  // in key units
    };
    using Row = QList<Key>;

    // "en" or "es"; any other value gives English.
    static KeyboardLayout forLanguage(const QString &language);

    QString language() const { return m_language; }
    const QList<Row> &rows(Page page) const { return page == Page::Letters ? m_letters : m_symbols; }
    // The most rows any page has: the keyboard keeps one height across pages.
    int rowCount() const;
    // The widest row of any page, in key units.
    double widestRow() const;

    // A Character key's text with shift held ("ñ" -> "Ñ"); unchanged for symbols.
    static QString shifted(const QString &text);

private:
    QString m_language;
    QList<Row> m_letters;
    QList<Row> m_symbols;
};

} // namespace zk::ui
