#include "keyboardlayout.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::ui {

namespace {

using Action = KeyboardLayout::Action;
using Key = KeyboardLayout::Key;
using Row = KeyboardLayout::Row;

// One key per code point of `keys` (all of them are single code points).
Row characters(const QString &keys)
{
    Row row;
    for (const QChar c : keys)
        row.append(Key{Action::Character, QString(c), 1.0});
    return row;
}

Key special(Action action, double width)
{
    return Key{action, QString(), width};
}

Key character(const QString &text)
{
    return Key{Action::Character, text, 1.0};
}

} // namespace

KeyboardLayout KeyboardLayout::forLanguage(const QString &language)
{
    KeyboardLayout layout;
    const bool spanish = language == u"es"_s;
    layout.m_language = spanish ? u"es"_s : u"en"_s;

    // Letters: QWERTY as on the phones and tablets children know. Spanish adds
    // ñ beside l (where a Spanish keyboard has it) and a row of its accented
    // vowels and opening marks: visible keys, since a child will not find a
    // long-press menu.
    Row third = characters(u"zxcvbnm"_s);
    third.prepend(special(Action::Shift, 1.5));
    third.append(special(Action::Backspace, 1.5));
    if (spanish) {
        layout.m_letters = {characters(u"qwertyuiop"_s), characters(u"asdfghjklñ"_s), third,
                            characters(u"áéíóúü¿?¡!"_s),
                            {special(Action::Page, 1.5), character(u","_s), special(Action::Space, 4.5),
                             character(u"."_s), special(Action::Send, 2.0)}};
    } else {
        layout.m_letters = {characters(u"qwertyuiop"_s), characters(u"asdfghjkl'"_s), third,
                            {special(Action::Page, 1.5), character(u","_s), special(Action::Space, 3.5),
                             character(u"."_s), character(u"?"_s), special(Action::Send, 2.0)}};
    }

    Row symbols = characters(spanish ? u".,¿?¡!%="_s : u".,?!%=+#"_s);
    symbols.append(special(Action::Backspace, 2.0));
    layout.m_symbols = {characters(u"1234567890"_s), characters(u"-/:;()\"'@&"_s), symbols,
                        {special(Action::Page, 1.5), special(Action::Space, 6.5), special(Action::Send, 2.0)}};
    return layout;
}

int KeyboardLayout::rowCount() const
{
    return int(std::max(m_letters.size(), m_symbols.size()));
}

double KeyboardLayout::widestRow() const
{
    double widest = 0;
    for (const auto *page : {&m_letters, &m_symbols}) {
        for (const Row &row : *page) {
            double width = 0;
            for (const Key &key : row)
                width += key.width;
            widest = std::max(widest, width);
        }
    }
    return widest;
}

QString KeyboardLayout::shifted(const QString &text)
{
    return text.toUpper();
}

} // namespace zk::ui
