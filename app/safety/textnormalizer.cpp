#include "safety/textnormalizer.h"

#include <QHash>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

// Invisible characters that only hide words from matching: zero-width
// spaces and joiners, word joiner, BOM, soft hyphen, bidi controls,
// invisible operators, the Mongolian vowel separator, tag characters' BMP
// cousins. (Tags and other astral format characters are removed by the
// category check below.)
bool isInvisible(char32_t c)
{
    switch (c) {
    case 0x00AD: case 0x034F: case 0x061C: case 0x115F: case 0x1160: case 0x17B4: case 0x17B5:
    case 0x180E: case 0x3164: case 0xFEFF: case 0xFFA0:
        return true;
    default:
        break;
    }
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F);
}

// Removed from the visitor's text: invisible and control characters, format
// characters, private-use and unassigned code points.
bool isRemoved(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return isInvisible(c) || category == QChar::Other_Control || category == QChar::Other_Format
        || category == QChar::Other_PrivateUse || category == QChar::Other_NotAssigned;
}

bool isEmojiContext(char32_t c)
{
    return c >= 0x1F000 || (c >= 0x2600 && c <= 0x27BF);
}

// Look-alike letters (lower case) folded to the Latin letter they imitate.
const QHash<char32_t, char16_t> &confusables()
{
    static const QHash<char32_t, char16_t> map = [] {
        QHash<char32_t, char16_t> m;
        // Cyrillic
        const char32_t cyr[] = {U'а', U'в', U'е', U'ё', U'з', U'и', U'й', U'і', U'ї', U'ј', U'к', U'м', U'н', U'о',
                                U'п', U'р', U'с', U'т', U'у', U'ў', U'х', U'ѕ', U'ԁ', U'ԛ', U'ԝ', U'ь', U'ъ', U'г',
                                U'д', U'л', U'ч', U'ш', U'щ', U'я', U'ж', U'ц', U'ф', U'б', U'ы', U'э', U'ю'};
        const char16_t cyrTo[] = {u'a', u'b', u'e', u'e', u'3', u'u', u'u', u'i', u'i', u'j', u'k', u'm', u'h', u'o',
                                  u'n', u'p', u'c', u't', u'y', u'y', u'x', u's', u'd', u'q', u'w', u'b', u'b', u'r',
                                  u'd', u'l', u'4', u'w', u'w', u'r', u'x', u'u', u'f', u'6', u'b', u'e', u'o'};
        static_assert(std::size(cyr) == std::size(cyrTo));
        for (size_t i = 0; i < std::size(cyr); ++i)
            m.insert(cyr[i], cyrTo[i]);
        // Greek
        const char32_t gr[] = {U'α', U'β', U'γ', U'δ', U'ε', U'ζ', U'η', U'θ', U'ι', U'κ', U'λ', U'μ', U'ν', U'ξ',
                               U'ο', U'π', U'ρ', U'σ', U'ς', U'τ', U'υ', U'φ', U'χ', U'ψ', U'ω'};
        const char16_t grTo[] = {u'a', u'b', u'y', u'd', u'e', u'z', u'n', u'o', u'i', u'k', u'l', u'u', u'v', u'e',
                                 u'o', u'n', u'p', u'o', u's', u't', u'u', u'f', u'x', u'w', u'w'};
        static_assert(std::size(gr) == std::size(grTo));
        for (size_t i = 0; i < std::size(gr); ++i)
            m.insert(gr[i], grTo[i]);
        // Latin letters that NFKC and the diacritic fold leave alone.
        m.insert(U'ı', u'i');
        m.insert(U'ł', u'l');
        m.insert(U'ø', u'o');
        m.insert(U'đ', u'd');
        m.insert(U'ħ', u'h');
        m.insert(U'ɡ', u'g');
        m.insert(U'ɑ', u'a');
        return m;
    }();
    return map;
}

char16_t leetLetter(char16_t c)
{
    switch (c) {
    case u'0': return u'o';
    case u'1': return u'i';
    case u'3': return u'e';
    case u'4': return u'a';
    case u'5': return u's';
    case u'7': return u't';
    case u'8': return u'b';
    case u'9': return u'g';
    case u'@': return u'a';
    case u'$': return u's';
    case u'!': return u'i';
    case u'|': return u'l';
    case u'+': return u't';
    default: return 0;
    }
}

bool isLeetSymbol(char16_t c)
{
    return c == u'@' || c == u'$' || c == u'!' || c == u'|' || c == u'+';
}

constexpr char16_t kProtectedEnye = 0xE000; // private use: keeps ñ through the diacritic fold

} // namespace

// Lower case, diacritics removed (ñ kept), look-alikes folded. Works on code points.
QString detail::foldLettersGeneral(const QString &cleaned)
{
    QString lowered = cleaned.toLower();
    lowered.replace(u'ñ', QChar(kProtectedEnye));
    const QString decomposed = lowered.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    const auto &look = confusables();
    for (qsizetype i = 0; i < decomposed.size(); ++i) {
        char32_t c = decomposed.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < decomposed.size() && decomposed.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(decomposed.at(i), decomposed.at(i + 1));
            ++i;
            out += u' '; // emoji and other astral symbols are not letters
            continue;
        }
        const QChar ch(static_cast<char16_t>(c));
        if (ch.category() == QChar::Mark_NonSpacing || ch.category() == QChar::Mark_Enclosing)
            continue;
        if (c == kProtectedEnye) {
            out += u'ñ';
            continue;
        }
        if (const auto it = look.constFind(c); it != look.constEnd()) {
            out += QChar(it.value());
            continue;
        }
        out += ch;
    }
    return out;
}

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber();
}

// Latin-1 text (every code unit below U+0100, so all ASCII) is cleaned and
// folded one character at a time from tables the general code fills once:
// no Latin-1 character composes with, decomposes into or reorders against a
// neighbour, so per character equals whole string (tst_textnormalizer checks
// every character and every pair against the general path; the fuzz target
// checks arbitrary text). Nearly every visitor message and word-list entry
// takes this path; NFKC/NFD over QString would dominate otherwise.
struct Latin1Map
{
    char16_t units[3] = {};
    quint8 size = 0;
};

using Latin1Table = std::array<Latin1Map, 256>;

Latin1Table makeTable(QString (*map)(const QString &))
{
    Latin1Table table;
    for (int c = 0; c < 256; ++c) {
        const QString mapped = map(QString(QChar(char16_t(c))));
        Q_ASSERT(mapped.size() <= 3);
        Latin1Map &m = table[std::size_t(c)];
        m.size = quint8(std::min<qsizetype>(mapped.size(), 3));
        for (int k = 0; k < m.size; ++k)
            m.units[k] = mapped.at(k).unicode();
    }
    return table;
}

bool isLatin1(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() > 0xFF)
            return false;
    return true;
}

QString mapLatin1(const QString &text, const Latin1Table &table)
{
    QString out(text.size() * 3, Qt::Uninitialized);
    QChar *dst = out.data();
    qsizetype n = 0;
    for (const QChar c : text) {
        const Latin1Map &m = table[c.unicode()];
        for (int k = 0; k < m.size; ++k)
            dst[n++] = QChar(m.units[k]);
    }
    out.truncate(n);
    return out;
}

// One character as the general clean() treats it, before white space is
// collapsed.
QString cleanOne(const QString &one)
{
    const char32_t c = one.at(0).unicode();
    if (c == u'\t' || c == u'\n' || c == u'\r')
        return u" "_s;
    if (isRemoved(c))
        return {};
    return one.normalized(QString::NormalizationForm_KC);
}

} // namespace

QString TextNormalizer::clean(const QString &text)
{
    if (isLatin1(text)) {
        static const Latin1Table table = makeTable(&cleanOne);
        return mapLatin1(text, table).simplified();
    }
    return detail::cleanGeneral(text);
}

QString detail::foldLetters(const QString &cleaned)
{
    if (isLatin1(cleaned)) {
        static const Latin1Table table = makeTable(&foldLettersGeneral);
        return mapLatin1(cleaned, table);
    }
    return foldLettersGeneral(cleaned);
}

QString detail::cleanGeneral(const QString &text)
{
    QString kept;
    kept.reserve(text.size());
    const qsizetype n = text.size();
    char32_t previous = 0;
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = text.at(i).unicode();
        qsizetype width = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            width = 2;
        } else if (QChar::isSurrogate(c)) {
            continue; // a lone surrogate is not text
        }
        char32_t next = 0;
        if (const qsizetype j = i + width; j < n) {
            next = text.at(j).unicode();
            if (QChar::isHighSurrogate(next) && j + 1 < n && text.at(j + 1).isLowSurrogate())
                next = QChar::surrogateToUcs4(text.at(j), text.at(j + 1));
        }
        if (c == u'\t' || c == u'\n' || c == u'\r' || c == 0x2028 || c == 0x2029) {
            kept += u' ';
        } else if (c == 0x200D && isEmojiContext(previous) && isEmojiContext(next) && !isRemoved(next)) {
            kept += QChar(static_cast<char16_t>(c)); // joins an emoji sequence (family, flags)
        } else if (isRemoved(c)) {
            // removed
        } else {
            kept += QStringView(text).mid(i, width);
        }
        previous = c;
        i += width - 1;
    }
    return kept.normalized(QString::NormalizationForm_KC).simplified();
}

NormalizedText TextNormalizer::normalize(const QString &text) const
{
    return normalizeCleaned(clean(text));
}

NormalizedText TextNormalizer::normalizeCleaned(const QString &cleaned) const
{
    NormalizedText result;
    result.cleaned = cleaned;
    const QString letters = detail::foldLetters(result.cleaned);

    // Leetspeak inside words: a token is a run of letters, digits and leet
    // symbols; digits fold only in tokens that also hold a letter ("h3ll0",
    // not "1998"), symbols only when a letter or digit follows ("sh!t", not "hi!").
    // Everything else is one space; spaces are collapsed and trimmed as they
    // are written (only ' ' can be white space here). This runs on every
    // message and every reply sentence: one buffer, no per-character appends.
    const qsizetype n = letters.size();
    QString folded(n, Qt::Uninitialized);
    QChar *out = folded.data();
    qsizetype length = 0;
    const auto space = [&] {
        if (length > 0 && out[length - 1] != u' ')
            out[length++] = u' ';
    };
    qsizetype i = 0;
    while (i < n) {
        const QChar c = letters.at(i);
        if (!isWordChar(c) && !isLeetSymbol(c.unicode())) {
            space();
            ++i;
            continue;
        }
        qsizetype end = i;
        bool hasLetter = false;
        while (end < n && (isWordChar(letters.at(end)) || isLeetSymbol(letters.at(end).unicode()))) {
            hasLetter = hasLetter || letters.at(end).isLetter();
            ++end;
        }
        for (qsizetype k = i; k < end; ++k) {
            const QChar t = letters.at(k);
            if (t.isLetter()) {
                out[length++] = t;
            } else if (t.isDigit()) {
                const char16_t leet = hasLetter ? leetLetter(t.unicode()) : 0;
                out[length++] = leet ? QChar(leet) : t;
            } else if (t.isNumber()) {
                out[length++] = t; // other numerals (superscripts are gone after NFKC)
            } else if (k + 1 < end && isWordChar(letters.at(k + 1)) && hasLetter) {
                out[length++] = QChar(leetLetter(t.unicode()));
            } else {
                space();
            }
        }
        i = end;
    }
    if (length > 0 && out[length - 1] == u' ')
        --length;
    folded.truncate(length);
    result.folded = folded;

    // Words, with spaced-out letters joined back ("f u c k").
    QList<QStringView> raw;
    raw.reserve(length / 4 + 1);
    for (qsizetype from = 0; from < length;) {
        qsizetype to = result.folded.indexOf(u' ', from);
        if (to < 0)
            to = length;
        raw.append(QStringView(result.folded).mid(from, to - from));
        from = to + 1;
    }
    result.words.reserve(raw.size());
    bool joinedLetters = false;
    for (qsizetype k = 0; k < raw.size();) {
        qsizetype run = k;
        while (run < raw.size() && raw.at(run).size() == 1 && raw.at(run).at(0).isLetter())
            ++run;
        if (run - k >= 3) {
            QString joinedWord;
            joinedWord.reserve(run - k);
            for (qsizetype j = k; j < run; ++j)
                joinedWord += raw.at(j);
            result.words << joinedWord;
            joinedLetters = true;
            k = run;
        } else {
            result.words << raw.at(k).toString();
            ++k;
        }
    }
    // Without joined letters the words are `folded` itself.
    result.joined = joinedLetters ? result.words.join(u' ') : result.folded;
    return result;
}

QStringList TextNormalizer::repeatVariants(const QString &word)
{
    bool hasRun = false;
    for (qsizetype i = 2; i < word.size() && !hasRun; ++i)
        hasRun = word.at(i) == word.at(i - 1) && word.at(i) == word.at(i - 2);
    if (!hasRun)
        return {};
    QString two;
    QString one;
    two.reserve(word.size());
    one.reserve(word.size());
    for (qsizetype i = 0; i < word.size(); ++i) {
        const QChar c = word.at(i);
        if (i < 1 || word.at(i - 1) != c)
            one += c;
        if (i < 2 || word.at(i - 1) != c || word.at(i - 2) != c)
            two += c;
    }
    return {two, one};
}

} // namespace zk::safety
