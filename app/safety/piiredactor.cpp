#include "safety/piiredactor.h"

#include "core/logging.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace zk::safety {

namespace {

// ---------------------------------------------------------------------------
// The scan form: what the patterns read. Fullwidth ASCII (U+FF01..FF5E) and
// every Unicode decimal digit become ASCII, Unicode dashes become '-', the
// various spaces become ' ', invisible characters (zero-width spaces and
// joiners, soft hyphen, BOM, bidi controls) are dropped. Each scan character
// remembers the span of the original text it came from, so findings are
// reported (and replaced) in the visitor's own text.
struct ScanText
{
    QString text;
    // Per scan character, the span of the original text it came from; both
    // empty when the scan text is the original itself (plain ASCII, the
    // common case), so character i came from [i, i + 1).
    QList<qsizetype> origStart;
    QList<qsizetype> origEnd; // exclusive

    qsizetype startOf(qsizetype i) const { return origStart.isEmpty() ? i : origStart.at(i); }
    qsizetype endOf(qsizetype i) const { return origEnd.isEmpty() ? i + 1 : origEnd.at(i); }
};

bool isInvisible(char32_t c)
{
    return c == 0x00AD || c == 0xFEFF || c == 0x034F || c == 0x180E || (c >= 0x200B && c <= 0x200F)
        || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069);
}

bool isDashLike(char32_t c)
{
    return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0x2043;
}

bool isSpaceLike(char32_t c)
{
    return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F
        || c == 0x3000 || c == u'\t' || c == u'\n' || c == u'\r';
}

ScanText scanForm(const QString &text)
{
    ScanText scan;
    // Printable ASCII and spaces are read as they are: the scan text is the
    // text itself (shared, not copied).
    if (std::all_of(text.cbegin(), text.cend(), [](QChar c) {
            return c.unicode() < 0x80 && c != u'\t' && c != u'\n' && c != u'\r';
        })) {
        scan.text = text;
        return scan;
    }
    // At most one scan character per UTF-16 unit: written in place, then
    // cut to length.
    scan.text.resize(text.size());
    scan.origStart.resize(text.size());
    scan.origEnd.resize(text.size());
    QChar *out = scan.text.data();
    qsizetype *outStart = scan.origStart.data();
    qsizetype *outEnd = scan.origEnd.data();
    qsizetype n = 0;
    const auto append = [&](QChar c, qsizetype start, qsizetype end) {
        out[n] = c;
        outStart[n] = start;
        outEnd[n] = end;
        ++n;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        char32_t ucs = c.unicode();
        qsizetype units = 1;
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ucs = QChar::surrogateToUcs4(c, text.at(i + 1));
            units = 2;
        }
        const qsizetype end = i + units;
        if (isInvisible(ucs)) {
            // dropped
        } else if (ucs >= 0xFF01 && ucs <= 0xFF5E) {
            append(QChar(char16_t(ucs - 0xFEE0)), i, end);
        } else if (ucs > 0x7F && QChar::category(ucs) == QChar::Number_DecimalDigit) {
            append(QChar(char16_t(u'0' + QChar::digitValue(ucs))), i, end);
        } else if (isDashLike(ucs)) {
            append(u'-', i, end);
        } else if (isSpaceLike(ucs)) {
            append(u' ', i, end);
        } else if (ucs == 0xFE6B) { // small commercial at
            append(u'@', i, end);
        } else if (units == 2) {
            append(c, i, end);
            append(text.at(i + 1), i, end);
        } else {
            append(c, i, end);
        }
        i = end - 1;
    }
    scan.text.truncate(n);
    scan.origStart.resize(n);
    scan.origEnd.resize(n);
    return scan;
}

// ---------------------------------------------------------------------------
// Helpers shared by the finders.

struct Candidate
{
    qsizetype start; // in scan text
    qsizetype end;   // exclusive
    PiiKind kind;
};

using Candidates = QList<Candidate>;

QRegularExpression makeRe(const QString &pattern, bool caseInsensitive = false)
{
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (caseInsensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    QRegularExpression re(pattern, options);
    // Compiled (and JIT-compiled) on first use, so patterns whose cheap
    // preconditions never hold cost nothing. Debug builds (the tests) compile
    // every pattern as it is made, to report a broken one at once.
#ifndef QT_NO_DEBUG
    if (!re.isValid())
        qCCritical(lcSafety) << "PII pattern does not compile:" << re.errorString() << "at" << re.patternErrorOffset();
#endif
    return re;
}

QString digitsOf(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        if (c >= u'0' && c <= u'9')
            out.append(c);
    }
    return out;
}

// Letters and digits only, upper-cased (separators skipped).
QString alnumUpper(QStringView s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        if ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'))
            out.append(c.toUpper());
    }
    return out;
}

// Numbers that are quantities, not phone numbers: round ("700 000 000"),
// made of one or two digits ("999999999"), or counting ("9876543210").
bool looksLikeQuantity(const QString &digits)
{
    if (digits.endsWith(u"000"_s))
        return true;
    QSet<QChar> distinct(digits.cbegin(), digits.cend());
    if (distinct.size() <= 2)
        return true;
    bool up = true;
    bool down = true;
    for (qsizetype i = 1; i < digits.size(); ++i) {
        const int d = digits.at(i).unicode() - digits.at(i - 1).unicode();
        up = up && (d == 1 || d == -9);
        down = down && (d == -1 || d == 9);
    }
    return up || down;
}

// "612.345.678", "1,234,567": grouped in thousands with dots or commas, the
// way numbers (not phone numbers) are written.
bool thousandsGrouped(QStringView raw)
{
    static const QRegularExpression re = makeRe(uR"(^\d{1,3}(?:[.,]\d{3})+$)"_s);
    return re.match(raw.toString()).hasMatch();
}

// A unit or a counted thing right after a number makes it a quantity:
// "612 345 678 km", "5551234567 years", "20%".
bool followedByQuantityWord(const QString &scan, qsizetype end)
{
    static const QSet<QString> words = [] {
        const QStringList list = QStringList{
            // English
            u"km"_s, u"kms"_s, u"kg"_s, u"kgs"_s, u"g"_s, u"mg"_s, u"m"_s, u"cm"_s, u"mm"_s, u"ft"_s,
            u"feet"_s, u"foot"_s, u"inch"_s, u"inches"_s, u"metres"_s, u"meters"_s, u"metre"_s, u"meter"_s,
            u"kilometres"_s, u"kilometers"_s, u"miles"_s, u"mile"_s, u"pounds"_s, u"pound"_s, u"lb"_s, u"lbs"_s,
            u"tons"_s, u"tonnes"_s, u"kilos"_s, u"kilo"_s, u"grams"_s, u"years"_s, u"year"_s, u"days"_s, u"weeks"_s,
            u"months"_s, u"hours"_s, u"minutes"_s, u"seconds"_s, u"people"_s, u"animals"_s, u"species"_s,
            u"times"_s, u"dollars"_s, u"euros"_s, u"pesos"_s, u"eggs"_s, u"babies"_s, u"cubs"_s, u"teeth"_s,
            u"bones"_s, u"stars"_s, u"percent"_s, u"million"_s, u"millions"_s, u"billion"_s, u"trillion"_s,
            u"thousand"_s, u"hundred"_s, u"degrees"_s, u"litres"_s, u"liters"_s, u"mph"_s, u"kmh"_s, u"km/h"_s,
            u"leaves"_s, u"steps"_s, u"visitors"_s, u"calories"_s, u"trees"_s, u"insects"_s, u"bugs"_s,
            u"grains"_s, u"cells"_s, u"hairs"_s, u"spots"_s, u"stripes"_s, u"points"_s,
            // Spanish
            u"kilómetros"_s, u"kilometros"_s, u"kilómetro"_s, u"metros"_s, u"metro"_s, u"millas"_s, u"libras"_s,
            u"toneladas"_s, u"gramos"_s, u"años"_s, u"año"_s, u"días"_s, u"dias"_s, u"semanas"_s, u"meses"_s,
            u"horas"_s, u"minutos"_s, u"segundos"_s, u"personas"_s, u"animales"_s, u"especies"_s, u"veces"_s,
            u"dólares"_s, u"dolares"_s, u"huevos"_s, u"bebés"_s, u"bebes"_s, u"crías"_s, u"crias"_s,
            u"dientes"_s, u"huesos"_s, u"estrellas"_s, u"millones"_s, u"millón"_s, u"millon"_s,
            u"billones"_s, u"mil"_s, u"cien"_s, u"grados"_s, u"litros"_s, u"hojas"_s, u"pasos"_s,
            u"visitantes"_s, u"calorías"_s, u"árboles"_s, u"arboles"_s, u"insectos"_s, u"bichos"_s,
            u"células"_s, u"pelos"_s, u"manchas"_s, u"rayas"_s, u"puntos"_s};
        return QSet<QString>(list.cbegin(), list.cend());
    }();
    qsizetype i = end;
    while (i < scan.size() && scan.at(i) == u' ' && i - end < 2)
        ++i;
    if (i < scan.size() && (scan.at(i) == u'%' || scan.at(i) == u'°'))
        return true;
    qsizetype j = i;
    while (j < scan.size() && (scan.at(j).isLetter() || scan.at(j) == u'/'))
        ++j;
    if (j == i)
        return false;
    return words.contains(scan.mid(i, j - i).toLower());
}

// Context finders: a keyword, then (within a few characters holding no digit
// and none of the words that make a number not the visitor's own) a number.
bool gapAllowsContext(QStringView gap)
{
    static const QRegularExpression blocker =
        makeRe(uR"(\d|favou?rit|lucky|suerte|how many|cu[aá]nt|many|muchos)"_s, true);
    return gap.size() <= 24 && !blocker.match(gap.toString()).hasMatch();
}

// Lookarounds: a number stands alone (not inside a word, a date, a larger
// number, a sum of money or a calculation).
const QString kNumBefore = uR"((?<![\w+\-/$€£¥#@])(?<!\d[.,]))"_s;
const QString kNumAfter = uR"((?![\w\-/@]|[.,]\d))"_s;

// ---------------------------------------------------------------------------
// E-mail

// Words that come before "at" in ordinary sentences: "look at lemurs dot
// com" is a website, "eat at night" is not an address. A spelled-out e-mail
// with a plain " at " never starts with one of these.
// Words that, followed by " at ", start a sentence rather than a mailbox
// ("look at the dot"): checked at a candidate's start, see notMailboxAt().
const QString kNotMailboxWords = uR"((?:look|looks|looked|looking|go|goes|went|going|eat|eats|ate|eating|see|sees|saw|seen|play|plays|played|playing|live|lives|lived|living|stay|stays|stayed|sleep|sleeps|slept|work|works|worked|meet|met|sit|sat|stand|stood|stop|arrive|arrived|laugh|laughed|smile|smiled|stare|point|pointed|shout|wave|waved|bark|roar|growl|jump|jumped|hunt|hunts|hunted|hide|hides|hid|come|came|coming|get|got|be|been|is|am|are|was|were|me|you|him|her|us|them|it|that|this|there|here|out|home|school|zoo|night|day|good|bad|best|great|and|or|but|the|a|an|what|where|who|not|just|only|all|even|right|left|up|down|back|i|we|they|he|she|born|both|at|dot)\s+at\s)"_s;
const QString kMailAt = uR"((?:\s*@\s*|\s*[(\[{<]\s*(?:at|arroba)\s*[)\]}>]\s*|\s+(?:at|arroba)\s+))"_s;
const QString kMailDot = uR"((?:\.|\s*[(\[{<]\s*(?:dot|punto)\s*[)\]}>]\s*|\s+(?:dot|punto)\s+))"_s;
const QString kMailProviders = uR"((?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|msn|aol|proton|protonmail|yandex|gmx))"_s;

void findEmails(const QString &s, Candidates &out)
{
    static const QRegularExpression plain =
        makeRe(uR"((?<![\w.+\-])\w[\w.+\-]*@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,24}\b)"_s);
    // Spelled out or bracketed: "ana at gmail dot com", "ana (at) gmail (dot)
    // com", "ana arroba gmail punto com", "ana.perez arroba hotmail.es",
    // "john dot smith at yahoo dot com". The top-level domain must be a
    // common one, so "look at the dot it made" stays a sentence.
    static const QRegularExpression spelled = makeRe(
        uR"((?<![\w.+\-]))"_s + uR"(\w[\w+\-]*(?:)"_s + kMailDot
            + uR"([\w+\-]+)*)"_s + kMailAt + uR"([\w\-]+(?:)"_s + kMailDot + uR"([\w\-]+)*)"_s + kMailDot
            + uR"((?:com|net|org|edu|gov|gob|es|mx|info|io|uk)\b)"_s,
        true);
    // A well-known provider without its top-level domain: "ana@gmail",
    // "billy at hotmail", "ana arroba gmail".
    static const QRegularExpression provider = makeRe(
        uR"((?<![\w.+\-]))"_s + uR"(\w[\w.+\-]*)"_s + kMailAt + kMailProviders + uR"(\b)"_s, true);
    // Cheap necessary conditions first: most messages hold no e-mail at all,
    // and the big patterns are then never even compiled. kMailAt matches
    // somewhere exactly when "@", a bracketed "(at)" or a spaced " at " is
    // there: this form of it begins with a character, not "\s*", so PCRE
    // starts only where such a character is. The conditions are written
    // without Unicode properties (several times faster): `space` holds every
    // character \s matches with them (ASCII white space, the Z separators,
    // NEL), and \b without them is a boundary wherever it is one with them
    // after an ASCII letter, so each condition holds whenever the pattern it
    // guards could match (letter case is folded alike either way).
    static const QString space = uR"([\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}])"_s;
    static const QRegularExpression mailAt(uR"([(\[{<])"_s + space + uR"(*(?:at|arroba))"_s + space
                                               + uR"(*[)\]}>]|)"_s + space + uR"((?:at|arroba))"_s + space,
                                           QRegularExpression::CaseInsensitiveOption);
    const bool hasAt = s.contains(u'@');
    const bool spelledAt = hasAt || mailAt.match(s).hasMatch();
    // Each kMailDot form ends in ".", a closing bracket and spaces, or spaces:
    // a spelled address needs one of those right before its top-level domain.
    static const QRegularExpression spelledDomain(
        uR"((?:[.)\]}>]|)"_s + space + uR"()(?:com|net|org|edu|gov|gob|es|mx|info|io|uk)\b)"_s,
        QRegularExpression::CaseInsensitiveOption);
    // A provider address needs the provider's name as a word.
    static const QRegularExpression providerName(kMailProviders + uR"(\b)"_s, QRegularExpression::CaseInsensitiveOption);
    const bool maySpell = spelledAt && spelledDomain.match(s).hasMatch();
    const bool mayProvider = spelledAt && providerName.match(s).hasMatch();
    // A spelled or provider match may not start with one of the sentence
    // words before " at " (as if the pattern began with a negative lookahead
    // of them, which PCRE would try at every position of every message):
    // such a start is skipped and the search goes on one character later.
    static const QRegularExpression notMailbox = makeRe(kNotMailboxWords, true);
    const auto notMailboxAt = [&s](qsizetype start) {
        return notMailbox.match(s, start, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption)
            .hasMatch();
    };
    for (const QRegularExpression *re : {&plain, &spelled, &provider}) {
        if (re == &plain ? !hasAt : re == &spelled ? !maySpell : !mayProvider)
            continue;
        qsizetype from = 0;
        while (from <= s.size()) {
            const auto m = re->match(s, from);
            if (!m.hasMatch())
                break;
            if (re != &plain && notMailboxAt(m.capturedStart())) {
                from = m.capturedStart() + 1;
                continue;
            }
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Email});
            from = std::max(m.capturedEnd(), m.capturedStart() + 1);
        }
    }
}

// ---------------------------------------------------------------------------
// Phone numbers

void addPhone(const QRegularExpressionMatch &m, const QString &s, Candidates &out, bool international)
{
    const QString raw = m.captured();
    const QString digits = digitsOf(raw);
    if (international) {
        if (digits.endsWith(u"00000"_s))
            return;
    } else {
        if (looksLikeQuantity(digits) || thousandsGrouped(raw))
            return;
    }
    if (followedByQuantityWord(s, m.capturedEnd()))
        return;
    out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Phone});
}

void findPhones(const QString &s, Candidates &out)
{
    // "+34 612 345 678", "+1 (555) 123-4567", "+52 1 55 1234 5678",
    // "+44 (0)20 7946 0958": 8 to 15 digits in all. Not a sum: "36 +
    // 77715529" (the plus is followed by the digit, not preceded by one).
    static const QRegularExpression plus = makeRe(
        uR"((?<![\w+])(?<!\d\s)\+[1-9]\d{0,2}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5})){1,7}(?!\w|[.,]\d))"_s);
    // "0034 612 345 678", "001 555 123 4567": 10 to 15 digits after the 00.
    static const QRegularExpression zeroZero = makeRe(
        uR"((?<![\w+\-/.,])00\s?[1-9]\d{0,2}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5})){1,7}(?!\w|[.,]\d))"_s);
    for (const auto *re : {&plus, &zeroZero}) {
        auto it = re->globalMatch(s);
        while (it.hasNext()) {
            const auto m = it.next();
            QString digits = digitsOf(m.captured());
            if (re == &zeroZero)
                digits = digits.mid(2);
            const qsizetype minDigits = re == &plus ? 8 : 10;
            if (digits.size() < minDigits || digits.size() > 15)
                continue;
            // At most one one-digit group after the country code ("+52 1 55 ..."):
            // "+3 4 5 6 7 8 9 10" is counting, not a number.
            static const QRegularExpression group = makeRe(uR"(\d+)"_s);
            int singles = 0;
            auto groups = group.globalMatch(m.captured());
            if (groups.hasNext())
                groups.next();
            while (groups.hasNext())
                singles += groups.next().capturedLength() == 1 ? 1 : 0;
            if (singles > 1)
                continue;
            addPhone(m, s, out, true);
        }
    }

    // National formats (US/Canada, Spain, Mexico) without a country code.
    static const QList<QRegularExpression> national = {
        // US/Canada with separators: "555-123-4567", "(555) 123-4567",
        // "555.123.4567", "1-800-555-1234".
        makeRe(kNumBefore + uR"((?:1[ .\-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[ .\-])\d{3}[ .\-]\d{4})"_s + kNumAfter),
        // US/Canada, Mexico: ten digits in a row, valid area and exchange.
        makeRe(kNumBefore + uR"(1?[2-9]\d{2}[2-9]\d{6})"_s + kNumAfter),
        // Mexico: "55 1234 5678" (Mexico City, Guadalajara, Monterrey),
        // "(55) 1234-5678", "(999) 123 4567".
        makeRe(kNumBefore + uR"((?:55|56|33|81)([ .\-])\d{4}\1\d{4})"_s + kNumAfter),
        makeRe(kNumBefore + uR"(\([1-9]\d{1,2}\)\s?\d{3,4}[ .\-]?\d{4})"_s + kNumAfter),
        // Spain: mobiles (6, 7) and landlines (8, 9), nine digits, grouped
        // 3-3-3, 3-2-2-2, 2-3-2-2 or not at all.
        makeRe(kNumBefore
               + uR"((?:[6-9]\d{8}|[6-9]\d{2}([ .\-])\d{3}\1\d{3}|[6-9]\d{2}([ .\-])\d{2}\2\d{2}\2\d{2}|[6-9]\d([ .\-])\d{3}\3\d{2}\3\d{2}))"_s
               + kNumAfter),
    };
    for (const auto &re : national) {
        auto it = re.globalMatch(s);
        while (it.hasNext())
            addPhone(it.next(), s, out, false);
    }
    // With a trunk 0 (UK, Mexico's old 01, much of the world): "020 7946
    // 0958", "07700 900123", "01 55 1234 5678". A quantity never starts
    // with 0.
    static const QRegularExpression trunk =
        makeRe(kNumBefore + uR"((?:0[1-9]\d{1,3}(?:[ \-]?\d{2,4}){1,3}|01[ \-]?\d{2,3}[ \-]?\d{3,4}[ \-]?\d{4}))"_s + kNumAfter);
    auto trunkIt = trunk.globalMatch(s);
    while (trunkIt.hasNext()) {
        const auto m = trunkIt.next();
        const qsizetype count = digitsOf(m.captured()).size();
        if (count >= 10 && count <= 12)
            addPhone(m, s, out, false);
    }

    // After "my phone", "call me", "mi teléfono", "llámame", "WhatsApp":
    // any run of 7 to 15 digits.
    static const QRegularExpression keyword = makeRe(
        uR"(\b(?:phone|telephone|cell ?phone|cell|mobile|call me|text me|my number|whatsapp|tel|tel[eé]fono|tel[eé]f|tfno|m[oó]vil|celular|cel|mi n[uú]mero|ll[aá]mame|ll[aá]menme|escr[ií]beme|m[aá]ndame)\b)"_s,
        true);
    static const QRegularExpression number =
        makeRe(kNumBefore + uR"(\+?\(?\d(?:[ .\-()]{0,2}\d){6,14})"_s + kNumAfter);
    auto it = keyword.globalMatch(s);
    while (it.hasNext()) {
        const auto k = it.next();
        const auto m = number.match(s, k.capturedEnd());
        if (!m.hasMatch() || !gapAllowsContext(QStringView(s).mid(k.capturedEnd(), m.capturedStart() - k.capturedEnd())))
            continue;
        const QString digits = digitsOf(m.captured());
        if (digits.endsWith(u"0000"_s) || thousandsGrouped(m.captured()) || followedByQuantityWord(s, m.capturedEnd()))
            continue;
        out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Phone});
    }
}

// ---------------------------------------------------------------------------
// Payment cards, bank accounts

void findCards(const QString &s, Candidates &out)
{
    // Issuer digit 2-6 (Mastercard 2221-2720 and 51-55, Amex/Diners/JCB 3,
    // Visa 4, Discover/Maestro/UnionPay 6), 13-19 digits, in a row or in
    // groups of four (Amex 4-6-5, Diners 4-6-4), Luhn-valid.
    static const QList<QRegularExpression> patterns = {
        makeRe(kNumBefore + uR"([2-6]\d{12,18})"_s + kNumAfter),
        makeRe(kNumBefore + uR"([2-6]\d{3}([ \-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?)"_s + kNumAfter),
        makeRe(kNumBefore + uR"(3\d{3}([ \-])\d{6}\1\d{4,5})"_s + kNumAfter),
    };
    for (const auto &re : patterns) {
        auto it = re.globalMatch(s);
        while (it.hasNext()) {
            const auto m = it.next();
            const QString digits = digitsOf(m.captured());
            if (digits.size() < 13 || digits.size() > 19 || !PiiRedactor::luhnValid(digits))
                continue;
            // Cards starting with 2 are Mastercard's 2221-2720 only ("2005 2010
            // 2015 2020" is a list of years).
            if (digits.at(0) == u'2') {
                const int prefix = digits.left(4).toInt();
                if (prefix < 2221 || prefix > 2720)
                    continue;
            }
            if (followedByQuantityWord(s, m.capturedEnd()))
                continue;
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Card});
        }
    }
}

void findClabe(const QString &s, Candidates &out)
{
    static const QRegularExpression re =
        makeRe(kNumBefore + uR"((?:\d{18}|\d{3} \d{3} \d{11} \d))"_s + kNumAfter);
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        if (PiiRedactor::clabeValid(digitsOf(m.captured())))
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::BankAccount});
    }
}

const QHash<QString, int> &ibanLengths()
{
    static const QHash<QString, int> lengths = {
        {u"ES"_s, 24}, {u"AD"_s, 24}, {u"PT"_s, 25}, {u"FR"_s, 27}, {u"DE"_s, 22}, {u"IT"_s, 27},
        {u"GB"_s, 22}, {u"IE"_s, 22}, {u"NL"_s, 18}, {u"BE"_s, 16}, {u"CH"_s, 21}, {u"AT"_s, 20},
        {u"LU"_s, 20}, {u"PL"_s, 28}, {u"SE"_s, 24}, {u"DK"_s, 18}, {u"NO"_s, 15}, {u"FI"_s, 18},
        {u"GR"_s, 27}, {u"MC"_s, 27}, {u"SM"_s, 27}, {u"GI"_s, 23}, {u"MT"_s, 31}, {u"CZ"_s, 24},
        {u"SK"_s, 24}, {u"HU"_s, 28}, {u"RO"_s, 24}, {u"BG"_s, 22}, {u"HR"_s, 21}, {u"SI"_s, 19},
        {u"LT"_s, 20}, {u"LV"_s, 21}, {u"EE"_s, 20}, {u"IS"_s, 26}, {u"LI"_s, 21}, {u"CY"_s, 28},
        {u"TR"_s, 26}, {u"BR"_s, 29}, {u"DO"_s, 28}, {u"CR"_s, 22}, {u"GT"_s, 28}, {u"SV"_s, 28},
    };
    return lengths;
}

void findIbans(const QString &s, Candidates &out)
{
    // The country decides the length; the characters may be grouped with
    // single spaces or dashes ("ES91 2100 0418 4502 0005 1332").
    static const QRegularExpression start = makeRe(uR"((?<![\w])[A-Za-z]{2}\d{2})"_s);
    auto it = start.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        const int length = ibanLengths().value(m.captured().left(2).toUpper(), 0);
        if (length == 0)
            continue;
        qsizetype j = m.capturedEnd();
        int collected = 4;
        while (collected < length && j < s.size()) {
            const QChar c = s.at(j);
            if (c.isLetterOrNumber() && c.unicode() < 0x80) {
                ++collected;
                ++j;
            } else if ((c == u' ' || c == u'-') && j + 1 < s.size() && s.at(j + 1).isLetterOrNumber()
                       && s.at(j - 1).isLetterOrNumber()) {
                ++j;
            } else {
                break;
            }
        }
        if (collected != length || (j < s.size() && s.at(j).isLetterOrNumber()))
            continue;
        if (PiiRedactor::ibanValid(QStringView(s).mid(m.capturedStart(), j - m.capturedStart())))
            out.append({m.capturedStart(), j, PiiKind::Iban});
    }
}

// ---------------------------------------------------------------------------
// Identity numbers

void findSsns(const QString &s, Candidates &out)
{
    // ###-##-####; area 000, 666 and 900-999, group 00 and serial 0000 are
    // never issued.
    static const QRegularExpression re =
        makeRe(kNumBefore + uR"((?!000|666|9)\d{3}([ \-])(?!00)\d{2}\1(?!0000)\d{4})"_s + kNumAfter);
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        if (!followedByQuantityWord(s, m.capturedEnd()))
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Ssn});
    }
}

void findSpanishIds(const QString &s, Candidates &out)
{
    // DNI: "12345678Z", "12345678-Z", "12.345.678-Z", "12345678 Z" (a letter
    // after a space only when it is a capital: "12345678 a" is a sentence).
    static const QRegularExpression dni = makeRe(
        kNumBefore + uR"((?:\d{8}|\d{2}\.\d{3}\.\d{3})(?:-?[A-Za-z]|\s[A-Z]))"_s + uR"((?!\w))"_s);
    // NIE: "X1234567L", "Y-7654321-G", "Z 2345678 M".
    static const QRegularExpression nie = makeRe(uR"((?<![\w\-/])[XYZxyz](?:-?\d{7}-?[A-Za-z]|\s\d{7}\s[A-Z]|\d{7}\s[A-Z]))"_s
                                                 + uR"((?!\w))"_s);
    for (const auto *re : {&dni, &nie}) {
        auto it = re->globalMatch(s);
        while (it.hasNext()) {
            const auto m = it.next();
            const QString id = alnumUpper(m.capturedView());
            if (re == &dni ? PiiRedactor::dniValid(id) : PiiRedactor::nieValid(id))
                out.append({m.capturedStart(), m.capturedEnd(), PiiKind::IdNumber});
        }
    }
}

void findMexicanIds(const QString &s, Candidates &out)
{
    // CURP: 4 letters, birth date, sex, state, 3 consonants, 2 check characters.
    static const QRegularExpression curp = makeRe(
        uR"(\b[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX])"
        uR"((?:AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE))"
        uR"([B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b)"_s,
        true);
    // RFC of a person (capitals only, it is always written so): 4 letters,
    // birth date, 3 characters of homoclave.
    static const QRegularExpression rfc =
        makeRe(uR"(\b[A-ZÑ&]{4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{2}[A\d]\b)"_s);
    for (const auto *re : {&curp, &rfc}) {
        auto it = re->globalMatch(s);
        while (it.hasNext()) {
            const auto m = it.next();
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::IdNumber});
        }
    }
}

void findContextIds(const QString &s, Candidates &out)
{
    // "my social security number is 123456789", "mi pasaporte es PA1234567",
    // "DNI: 12345678", "CURP ...": after such words any code with 5 or more
    // digits is the visitor's.
    static const QRegularExpression keyword = makeRe(
        uR"(\b(?:(?<ssn>ssn|social security(?: number| no\.?)?|seguro social|seguridad social|nss))"
        uR"(|passport(?: number| no\.?)?|pasaporte|dni|nie|curp|rfc|nif|id number|id card|identity card|identity number)"
        uR"(|driver'?s licen[cs]e(?: number)?|licen[cs]e number|licencia(?: de conducir| de manejo)?|c[eé]dula)"
        uR"(|documento de identidad|n[uú]mero de identificaci[oó]n|tarjeta de identidad|carn[eé] de identidad|ine)\b)"_s,
        true);
    static const QRegularExpression code =
        makeRe(uR"((?<![\w\-/])(?-i:[A-Za-z]{0,3})\d(?:[ .\-]?\d){4,17}(?:-?[A-Za-z]|\s[A-Z])?(?!\w))"_s);
    auto it = keyword.globalMatch(s);
    while (it.hasNext()) {
        const auto k = it.next();
        const auto m = code.match(s, k.capturedEnd());
        if (!m.hasMatch() || !gapAllowsContext(QStringView(s).mid(k.capturedEnd(), m.capturedStart() - k.capturedEnd())))
            continue;
        if (followedByQuantityWord(s, m.capturedEnd()))
            continue;
        const PiiKind kind = k.capturedLength(u"ssn"_s) > 0 ? PiiKind::Ssn : PiiKind::IdNumber;
        out.append({m.capturedStart(), m.capturedEnd(), kind});
    }
}

// ---------------------------------------------------------------------------
// IP addresses

void findIps(const QString &s, Candidates &out)
{
    static const QRegularExpression re = makeRe(
        uR"((?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d))"_s);
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        // "1.2.3.4" is a list or a version, unless it follows "IP".
        static const QRegularExpression ipWord = makeRe(uR"(\bip\b)"_s, true);
        const qsizetype from = std::max<qsizetype>(0, m.capturedStart() - 16);
        if (digitsOf(m.captured()).size() > 4 || ipWord.match(s.mid(from, m.capturedStart() - from)).hasMatch())
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Ip});
    }
}

// ---------------------------------------------------------------------------
// Street addresses

// English street types. Capitalised forms for addresses found without
// context; any case after "I live at", "my address is".
const QString kEnStreet = uR"((?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Terrace|Way|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Close|Crescent|Square|Sq|Trail|Grove|Gardens|Mews|Row)\b\.?)"_s;
const QString kEnUnit = uR"((?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Flat|Floor|Fl|No|Number)\b\.?\s*#?\s*\d{1,5}[A-Za-z]?\b|,?\s*#\s*\d{1,5}[A-Za-z]?\b|,?\s*(?:Apt|Apartment|Unit|Suite|Flat)\b\.?\s*[A-Za-z]\b))"_s;

// Spanish street types (Spain and Latin America).
const QString kEsStreet = uR"((?:Calle|C/|Cl\.|Avenida|Avda\.?|Av\.|Avd\.|Paseo|P\.?º|Po\.|Plaza|Pza\.|Plza\.|Ronda|Rda\.|Camino|Carretera|Ctra\.|Travesía|Travesia|Glorieta|Callejón|Callejon|Bulevar|Calzada|Calz\.|Privada|Cerrada|Andador|Pasaje|Carrera|Cra\.|Diagonal|Transversal|Urbanización|Urbanizacion|Urb\.))"_s;
// "5", "nº 12", "n.º 12", "núm. 7", "#23", then a floor and door:
// ", 3º B", " 2ª", ", piso 4", ", bajo", " izq.", ", depto 5".
const QString kEsNumber = uR"((?:,?\s*(?:[Ss]/[Nn]\b|(?:(?:[Nn]\.?\s?[º°o]\.?|[Nn][uú]m\.?|[Nn][uú]mero|#)\s*)?\d{1,4}(?:[A-Za-z]\b|\s?bis\b)?)))"_s;
const QString kEsFloor = uR"((?:\s*,?\s*(?:\d{1,2}[º°ªoa](?:\s?[A-Z]\b|\s?\d{1,2}[º°ªoa](?!\w))?|piso\s+\d{1,2}\b|planta\s+\d{1,2}\b|puerta\s+\w{1,3}\b|bajo\b|izq(?:da)?\.|izquierda\b|dcha\.|derecha\b|esc(?:alera)?\.?\s*\w{1,2}\b|int(?:erior)?\.?\s*\d{1,4}\b|depto\.?\s*\d{1,4}\b|departamento\s+\d{1,4}\b|-\s?[A-Z\d]{1,3}\b))*)"_s;

// The words that open "I live at ..." / "vivo en ..." (any case).
const QString kEnAddressOpening = uR"(\b(?:i live|i'm living|we live|i stay|we stay|my (?:home |house )?address is|our address is|address:|my (?:home|house) is))"_s;
const QString kEsAddressOpening = uR"(\b(?:vivo|vivimos|viven|mi casa est[aá]|mi casa queda|mi direcci[oó]n es|nuestra direcci[oó]n es|direcci[oó]n:|domicilio:|mi domicilio es))"_s;

// Words that are not a street's name ("Do 3 Tigers Drive?" is a question).
const QString kEnNotName = uR"((?!(?:The|A|An|Of|And|To|In|On|At|Is|Are|Do|Does|Can|My|Your|You|I|We|They|It|For|With|Not|Big|Little|Small|Many|More|Very|Than)\b))"_s;

void findAddresses(const QString &s, Candidates &out)
{
    // English, without context: "123 Main Street", "42 Oak Ave Apt 5",
    // "221B Baker St." — capitalised names and street type, ending the
    // clause, not right after a question word ("Do 3 Tigers Drive?").
    static const QRegularExpression enCapital = makeRe(
        uR"((?<![\w\-/.,#])\d{1,5}[A-Za-z]?\s+(?:(?:N|S|E|W|North|South|East|West)\.?\s+)?)"_s
        + uR"((?:(?:\d{1,3}(?:st|nd|rd|th)|)"_s + kEnNotName + uR"(\p{Lu}[\p{L}'\-]*\.?)\s+){1,3})"_s + kEnStreet
        + kEnUnit + uR"re(?(?=\s*(?:$|[,.;:!?)\]"'])))re"_s);
    static const QRegularExpression enBefore = makeRe(
        uR"(\b(?:do|does|did|can|could|would|will|are|is|were|was|have|has|had|should|how|why|what|when|where|which|who|if|than|and|or|of|the|to|with|many|much)\s+$)"_s,
        true);
    // Each pattern below runs (and is compiled) only when the text has what
    // it cannot match without: a digit, its opening words, a street type.
    const bool hasDigit = std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.isDigit(); });
    QRegularExpressionMatchIterator it;
    if (hasDigit)
        it = enCapital.globalMatch(s);
    while (hasDigit && it.hasNext()) {
        const auto m = it.next();
        const QString before = s.mid(std::max<qsizetype>(0, m.capturedStart() - 12), std::min<qsizetype>(12, m.capturedStart()));
        if (enBefore.match(before).hasMatch())
            continue;
        out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Address});
    }

    // English after "I live at/on/in", "my address is": any case; the number
    // may be missing ("I live on Elm Street").
    // The openings and street types below only decide whether a pattern
    // runs: written without Unicode properties (much faster), where \b is a
    // boundary wherever it is one with them before an ASCII letter, so they
    // hold whenever the patterns could match.
    static const QRegularExpression enContextOpening(kEnAddressOpening, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression enContext = makeRe(
        kEnAddressOpening + uR"(\s+(?:at|on|in)?\s*(?:the\s+)?)"
        uR"((?<addr>(?:(?:number|no\.?|#)\s*)?\d{1,5}[a-z]?\s+(?:(?:n|s|e|w|north|south|east|west)\.?\s+)?(?:[\p{L}\d'\-.]+\s+){0,3}?)"_s
        + kEnStreet + kEnUnit + uR"(?)"_s
        + uR"(|(?:(?!(?:the|a|an|near|by|next|to|of|my|our|big|small|long|busy|same|other|this|that)\b)[\p{L}'\-]+\s+){1,3}?)"_s + kEnStreet
        + uR"())"_s,
        true);
    const bool enOpening = enContextOpening.match(s).hasMatch();
    if (enOpening)
        it = enContext.globalMatch(s);
    while (enOpening && it.hasNext()) {
        const auto m = it.next();
        out.append({m.capturedStart(u"addr"_s), m.capturedEnd(u"addr"_s), PiiKind::Address});
    }

    // Spanish, without context: "Calle Mayor 5", "C/ Alcalá 23, 3º B",
    // "Avenida de la Constitución nº 12", "Calle 5 de Mayo 23", "Carrera 7
    // # 45-10". The street's name starts with a capital.
    static const QRegularExpression esCapital = makeRe(
        uR"(\b)"_s + kEsStreet
        + uR"((?:(?:\s+|(?<=[/.])\s*)(?:(?:(?:de|del|la|las|los|el|y)\s+)*\p{Lu}[\p{L}'\-.]*|\d{1,2}\s+de\s+\p{Lu}\p{L}+)(?:\s+(?:(?:de|del|la|las|los|el|y)\s+)*\p{Lu}[\p{L}'\-.]*){0,4})"_s
        + kEsNumber + kEsFloor
        + uR"(|\s+\d{1,3}[A-Za-z]?\s*(?:#|n\.?\s?[º°o]\.?|No\.?)\s*\d{1,3}[A-Za-z]?\s*-\s*\d{1,3}))"_s
        + uR"((?!\w))"_s);
    static const QRegularExpression esStreet(uR"(\b)"_s + kEsStreet);
    const bool hasEsStreet = esStreet.match(s).hasMatch();
    if (hasEsStreet)
        it = esCapital.globalMatch(s);
    while (hasEsStreet && it.hasNext()) {
        const auto m = it.next();
        if (m.captured().at(0).isUpper() && !followedByQuantityWord(s, m.capturedEnd()))
            out.append({m.capturedStart(), m.capturedEnd(), PiiKind::Address});
    }

    // Spanish after "vivo en", "mi dirección es", "mi casa está en": any
    // case, the number may be missing ("vivo en la calle mayor").
    static const QRegularExpression esContextOpening(kEsAddressOpening, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression esContext = makeRe(
        kEsAddressOpening + uR"(\s+(?:en\s+)?(?:(?:la|el)\s+)?)"_s
        + uR"((?<addr>)"_s + kEsStreet
        + uR"((?:(?:\s+|(?<=[/.])\s*)(?!(?:y|e|o|con|pero|que|porque|cerca|junto|al|a|en|por|para|donde|cuando|hay|es|est[aá]|tiene|muy|and|but|near|with|desde|hasta)\b)[\p{L}'\-.]+){1,5})"_s
        + uR"((?:)"_s + kEsNumber + kEsFloor + uR"()?))"_s
        + uR"((?!\w))"_s,
        true);
    const bool esOpening = esContextOpening.match(s).hasMatch();
    if (esOpening)
        it = esContext.globalMatch(s);
    while (esOpening && it.hasNext()) {
        const auto m = it.next();
        out.append({m.capturedStart(u"addr"_s), m.capturedEnd(u"addr"_s), PiiKind::Address});
    }
}

int priority(PiiKind kind)
{
    switch (kind) {
    case PiiKind::Email: return 0;
    case PiiKind::Iban: return 1;
    case PiiKind::Card: return 2;
    case PiiKind::BankAccount: return 3;
    case PiiKind::Ssn: return 4;
    case PiiKind::IdNumber: return 5;
    case PiiKind::Phone: return 6;
    case PiiKind::Ip: return 7;
    case PiiKind::Address: return 8;
    }
    return 9;
}

} // namespace

// ---------------------------------------------------------------------------

QStringList Redaction::kindNames() const
{
    QStringList names;
    names.reserve(kinds.size());
    for (PiiKind kind : kinds)
        names.append(PiiRedactor::kindName(kind));
    return names;
}

QList<PiiMatch> PiiRedactor::find(const QString &text) const
{
    if (text.isEmpty())
        return {};
    const ScanText scan = scanForm(text);
    const QString &s = scan.text;

    Candidates candidates;
    findEmails(s, candidates);
    // Every pattern of these finders needs decimal digits (\\d, any script's
    // digits under Unicode properties), each finder at least as many as its
    // shortest finding holds: most children's questions have none and most
    // other messages a few ("GPT-4", "in 2023"), so the finders neither run
    // nor get compiled.
    const auto digitCount = std::count_if(s.cbegin(), s.cend(), [](QChar c) { return c.isDigit(); });
    if (digitCount >= 2) // country letters, 2 check digits
        findIbans(s, candidates);
    if (digitCount >= 13) // 13-19 digits
        findCards(s, candidates);
    if (digitCount >= 18) // 18 digits
        findClabe(s, candidates);
    if (digitCount >= 9) // ###-##-####
        findSsns(s, candidates);
    if (digitCount >= 7) // DNI 8 digits, NIE 7
        findSpanishIds(s, candidates);
    if (digitCount >= 6) // CURP 7 digits, RFC a date (6) and a check character
        findMexicanIds(s, candidates);
    if (digitCount >= 5) // a code with 5 or more digits
        findContextIds(s, candidates);
    if (digitCount >= 7) // 7 digits after a keyword, 8 or more otherwise
        findPhones(s, candidates);
    if (digitCount >= 4) // four numbers
        findIps(s, candidates);
    findAddresses(s, candidates);
    candidates.removeIf([](const Candidate &c) { return c.end <= c.start; });
    if (candidates.isEmpty())
        return {};

    // Overlapping findings become one span covering them all (nothing of
    // either leaks), named after the longest (then the most specific) one.
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate &a, const Candidate &b) { return a.start < b.start; });
    QList<PiiMatch> matches;
    qsizetype clusterStart = candidates.first().start;
    qsizetype clusterEnd = candidates.first().end;
    Candidate best = candidates.first();
    auto better = [](const Candidate &a, const Candidate &b) {
        const qsizetype la = a.end - a.start;
        const qsizetype lb = b.end - b.start;
        return la != lb ? la > lb : priority(a.kind) < priority(b.kind);
    };
    auto flush = [&] {
        const qsizetype start = scan.startOf(clusterStart);
        const qsizetype end = scan.endOf(clusterEnd - 1);
        matches.append({best.kind, start, end - start});
    };
    for (qsizetype i = 1; i < candidates.size(); ++i) {
        const Candidate &c = candidates.at(i);
        if (c.start < clusterEnd) {
            clusterEnd = std::max(clusterEnd, c.end);
            if (better(c, best))
                best = c;
        } else {
            flush();
            clusterStart = c.start;
            clusterEnd = c.end;
            best = c;
        }
    }
    flush();
    return matches;
}

Redaction PiiRedactor::redact(const QString &text) const
{
    Redaction result;
    const QList<PiiMatch> matches = find(text);
    if (matches.isEmpty()) {
        result.text = text;
        return result;
    }
    QString out;
    out.reserve(text.size());
    qsizetype pos = 0;
    for (const PiiMatch &m : matches) {
        out.append(QStringView(text).mid(pos, m.start - pos));
        out.append(placeholder(m.kind));
        pos = m.start + m.length;
        if (!result.kinds.contains(m.kind))
            result.kinds.append(m.kind);
    }
    out.append(QStringView(text).mid(pos));
    result.text = out;
    result.count = int(matches.size());
    result.changed = true;
    return result;
}

QString PiiRedactor::kindName(PiiKind kind)
{
    switch (kind) {
    case PiiKind::Email: return u"email"_s;
    case PiiKind::Phone: return u"phone"_s;
    case PiiKind::Card: return u"card"_s;
    case PiiKind::Ssn: return u"ssn"_s;
    case PiiKind::IdNumber: return u"id_number"_s;
    case PiiKind::Iban: return u"iban"_s;
    case PiiKind::BankAccount: return u"bank_account"_s;
    case PiiKind::Ip: return u"ip"_s;
    case PiiKind::Address: return u"address"_s;
    }
    return {};
}

QString PiiRedactor::placeholder(PiiKind kind)
{
    switch (kind) {
    case PiiKind::Email: return u"[email]"_s;
    case PiiKind::Phone: return u"[phone]"_s;
    case PiiKind::Card: return u"[card number]"_s;
    case PiiKind::Ssn:
    case PiiKind::IdNumber: return u"[id number]"_s;
    case PiiKind::Iban:
    case PiiKind::BankAccount: return u"[bank account]"_s;
    case PiiKind::Ip: return u"[ip address]"_s;
    case PiiKind::Address: return u"[address]"_s;
    }
    return u"[private]"_s;
}

bool PiiRedactor::luhnValid(QStringView digits)
{
    int sum = 0;
    int count = 0;
    bool doubleIt = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const QChar c = digits.at(i);
        if (c == u' ' || c == u'-' || c == u'.')
            continue;
        if (c < u'0' || c > u'9')
            return false;
        int d = c.unicode() - u'0';
        if (doubleIt) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
        ++count;
    }
    return count >= 2 && sum % 10 == 0;
}

namespace {
constexpr char16_t kDniLetters[] = u"TRWAGMYFPDXBNJZSQVHLCKE";

bool checkLetter(QStringView digits, QChar letter)
{
    int remainder = 0;
    for (QChar c : digits) {
        if (c < u'0' || c > u'9')
            return false;
        remainder = (remainder * 10 + (c.unicode() - u'0')) % 23;
    }
    return letter.toUpper() == QChar(kDniLetters[remainder]);
}
} // namespace

bool PiiRedactor::dniValid(QStringView dni)
{
    const QString id = alnumUpper(dni);
    return id.size() == 9 && checkLetter(QStringView(id).left(8), id.at(8));
}

bool PiiRedactor::nieValid(QStringView nie)
{
    QString id = alnumUpper(nie);
    if (id.size() != 9)
        return false;
    const int prefix = QStringView(u"XYZ").indexOf(id.at(0));
    if (prefix < 0)
        return false;
    id[0] = QChar(char16_t(u'0' + prefix));
    return checkLetter(QStringView(id).left(8), id.at(8));
}

bool PiiRedactor::ibanValid(QStringView iban)
{
    const QString id = alnumUpper(iban);
    if (id.size() < 5 || !id.at(0).isLetter() || !id.at(1).isLetter() || !id.at(2).isDigit() || !id.at(3).isDigit())
        return false;
    if (ibanLengths().value(id.left(2), 0) != id.size())
        return false;
    // Move the first four characters to the end, letters become 10..35, the
    // number modulo 97 must be 1 (computed digit by digit).
    const QString rearranged = id.mid(4) + id.left(4);
    int remainder = 0;
    for (QChar c : rearranged) {
        if (c.isDigit()) {
            remainder = (remainder * 10 + (c.unicode() - u'0')) % 97;
        } else {
            const int value = c.unicode() - u'A' + 10;
            remainder = (remainder * 100 + value) % 97;
        }
    }
    return remainder == 1;
}

bool PiiRedactor::clabeValid(QStringView clabe)
{
    const QString digits = digitsOf(clabe);
    if (digits.size() != 18 || digits.size() != alnumUpper(clabe).size())
        return false;
    static constexpr int weights[] = {3, 7, 1};
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += ((digits.at(i).unicode() - u'0') * weights[i % 3]) % 10;
    return (10 - sum % 10) % 10 == digits.at(17).unicode() - u'0';
}

} // namespace zk::safety
