#include "conversation/questionkey.h"

#include <QChar>
#include <QList>
#include <QSet>

using namespace Qt::StringLiterals;

namespace zk::conversation {

namespace {

bool isApostrophe(char32_t c)
{
    // ' (also what NFKC makes of the full-width one), ‘ ’ ʼ and the backtick.
    return c == U'\'' || c == U'\u2018' || c == U'\u2019' || c == U'\u02BC' || c == U'`';
}

bool isVariationSelector(char32_t c)
{
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

enum class Kind { Keep, Separate, Drop };

Kind classify(char32_t c)
{
    if (isApostrophe(c) || isVariationSelector(c))
        return Kind::Drop;
    if (QChar::isSpace(c))
        return Kind::Separate;
    switch (QChar::category(c)) {
    case QChar::Punctuation_Connector:
    case QChar::Punctuation_Dash:
    case QChar::Punctuation_Open:
    case QChar::Punctuation_Close:
    case QChar::Punctuation_InitialQuote:
    case QChar::Punctuation_FinalQuote:
    case QChar::Punctuation_Other:
    case QChar::Symbol_Math:
    case QChar::Symbol_Currency:
    case QChar::Symbol_Modifier:   // also emoji skin tones
    case QChar::Symbol_Other:      // emoji, regional indicators (flags)
    case QChar::Other_Control:     // controls that are not white space
        return Kind::Separate;
    case QChar::Other_Format:      // zero-width joiner, soft hyphen, bidi marks, emoji tags
    case QChar::Other_Surrogate:   // a lone surrogate
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Mark_Enclosing:    // keycap and other enclosing marks
        return Kind::Drop;
    default:
        return Kind::Keep;
    }
}

bool isMark(char32_t c)
{
    const auto category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
        || category == QChar::Mark_Enclosing;
}

QString removeDiacritics(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        // Combining marks are all in the BMP for the scripts that matter here;
        // a surrogate half is never a mark and is kept as it is.
        if (!c.isMark())
            out.append(c);
    }
    return out.normalized(QString::NormalizationForm_C);
}

// Stored without diacritics, as searchTerms() compares them.
const QSet<QString> &englishStopWords()
{
    static const QSet<QString> words = {
        u"a"_s, u"about"_s, u"all"_s, u"also"_s, u"am"_s, u"an"_s, u"and"_s, u"any"_s, u"are"_s, u"arent"_s,
        u"as"_s, u"at"_s, u"be"_s, u"been"_s, u"but"_s, u"by"_s, u"came"_s, u"can"_s, u"cant"_s, u"come"_s,
        u"comes"_s, u"could"_s, u"did"_s, u"didnt"_s, u"do"_s, u"does"_s, u"doesnt"_s, u"dont"_s, u"ever"_s,
        u"for"_s, u"from"_s, u"get"_s, u"gets"_s, u"go"_s, u"goes"_s, u"got"_s, u"had"_s, u"has"_s, u"have"_s,
        u"he"_s, u"her"_s, u"him"_s, u"his"_s, u"how"_s, u"hows"_s, u"if"_s, u"im"_s, u"in"_s, u"into"_s,
        u"is"_s, u"isnt"_s, u"it"_s, u"its"_s, u"ive"_s, u"just"_s, u"me"_s, u"more"_s, u"my"_s, u"not"_s,
        u"of"_s, u"on"_s, u"or"_s, u"our"_s, u"please"_s, u"really"_s, u"she"_s, u"should"_s, u"so"_s,
        u"some"_s, u"than"_s, u"that"_s, u"thats"_s, u"the"_s, u"their"_s, u"them"_s, u"then"_s, u"there"_s,
        u"theres"_s, u"these"_s, u"they"_s, u"this"_s, u"those"_s, u"to"_s, u"too"_s, u"ur"_s, u"us"_s,
        u"very"_s, u"was"_s, u"we"_s, u"were"_s, u"what"_s, u"whats"_s, u"which"_s, u"will"_s, u"with"_s,
        u"would"_s, u"ya"_s, u"you"_s, u"your"_s, u"youre"_s, u"yours"_s, u"yourself"_s,
    };
    return words;
}

const QSet<QString> &spanishStopWords()
{
    static const QSet<QString> words = {
        u"a"_s, u"al"_s, u"algun"_s, u"alguna"_s, u"algunos"_s, u"como"_s, u"con"_s, u"cual"_s, u"cuales"_s,
        u"de"_s, u"del"_s, u"e"_s, u"el"_s, u"ella"_s, u"ellos"_s, u"en"_s, u"eres"_s, u"es"_s, u"esa"_s,
        u"ese"_s, u"eso"_s, u"esta"_s, u"estas"_s, u"este"_s, u"esto"_s, u"estoy"_s, u"hace"_s, u"hacen"_s,
        u"hacer"_s, u"la"_s, u"las"_s, u"le"_s, u"les"_s, u"lo"_s, u"los"_s, u"mas"_s, u"me"_s, u"menos"_s,
        u"mi"_s, u"mis"_s, u"muy"_s, u"nos"_s, u"o"_s, u"para"_s, u"pero"_s, u"por"_s, u"porque"_s,
        u"puede"_s, u"pueden"_s, u"puedes"_s, u"puedo"_s, u"que"_s, u"se"_s, u"si"_s, u"sobre"_s, u"son"_s,
        u"soy"_s, u"su"_s, u"sus"_s, u"tan"_s, u"te"_s, u"ti"_s, u"tu"_s, u"tus"_s, u"u"_s, u"un"_s, u"una"_s,
        u"unas"_s, u"uno"_s, u"unos"_s, u"usted"_s, u"venir"_s, u"viene"_s, u"vienen"_s, u"vienes"_s, u"y"_s,
        u"yo"_s,
    };
    return words;
}

const QSet<QString> &stopWords(const QString &language)
{
    static const QSet<QString> none;
    if (language == u"en"_s)
        return englishStopWords();
    if (language == u"es"_s)
        return spanishStopWords();
    return none;
}

} // namespace

QString questionKey(const QString &text)
{
    const QList<uint> codePoints = text.normalized(QString::NormalizationForm_KC).toCaseFolded().toUcs4();
    QList<char32_t> out;
    out.reserve(codePoints.size());
    bool droppedBase = false; // the last base character was removed: drop its marks too
    for (const uint cp : codePoints) {
        const auto c = static_cast<char32_t>(cp);
        if (isMark(c) && droppedBase)
            continue;
        switch (classify(c)) {
        case Kind::Keep:
            out.append(c);
            droppedBase = false;
            break;
        case Kind::Separate:
            out.append(U' ');
            droppedBase = true;
            break;
        case Kind::Drop:
            droppedBase = droppedBase || !isMark(c);
            break;
        }
    }
    return QString::fromUcs4(out.constData(), out.size()).simplified();
}

QStringList searchTerms(const QString &text, const QString &language)
{
    const QString plain = removeDiacritics(questionKey(text));
    const QSet<QString> &stop = stopWords(language);
    QStringList terms;
    QSet<QString> seen;
    for (const QString &word : plain.split(u' ', Qt::SkipEmptyParts)) {
        if (word.size() < 2 || stop.contains(word) || seen.contains(word))
            continue;
        seen.insert(word);
        terms.append(word);
    }
    return terms;
}

} // namespace zk::conversation
